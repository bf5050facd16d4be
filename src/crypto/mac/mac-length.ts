// MAC lengths and the one comparison every MAC verification goes through.
import { Iso8583Error } from '../../errors.js';
import { constantTimeEqual } from '../constant-time.js';
import { bytesArg } from '../input.js';

/** Shortest MAC accepted: below 4 bytes a forgery succeeds by chance too often. */
export const MIN_MAC_LENGTH = 4;

/** Throws `BAD_MAC_LENGTH` unless `length` is a whole number from 4 to `max`. */
export function checkMacLength(length: number, max: number, unit = 'bytes'): void {
  if (!Number.isInteger(length) || length < MIN_MAC_LENGTH || length > max) {
    throw new Iso8583Error('BAD_MAC_LENGTH', `MAC length must be ${MIN_MAC_LENGTH} to ${max} ${unit}`, {
      expected: `${MIN_MAC_LENGTH}-${max} ${unit}`,
      found: Number.isInteger(length) ? `${length} ${unit}` : 'not an integer',
    });
  }
}

/** Throws `BAD_ARGUMENT` naming `name` unless `data` is a Uint8Array (MAC input must be bytes, never text). */
export function checkMacData(data: Uint8Array, name = 'data'): void {
  bytesArg(data, name);
}

/**
 * True when `mac` equals `expected`, the MAC computed at the length the caller expects (by default the full
 * MAC). A shorter MAC is a different length and fails: it is not compared as a prefix, since a 4-character
 * MAC can be forged by trying its 2^32 values.
 */
export function macMatches(expected: Uint8Array, mac: Uint8Array): boolean {
  checkMacData(mac, 'mac');
  return constantTimeEqual(expected, mac);
}
