import { Iso8583Error } from '../../errors.js';

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

/** Throws `BAD_DATA` unless `data` is a Uint8Array (MAC input must be bytes, never text). */
export function checkMacData(data: Uint8Array, what = 'MAC input'): void {
  if (!(data instanceof Uint8Array)) {
    throw new Iso8583Error('BAD_DATA', `${what} must be a Uint8Array`, { expected: 'Uint8Array', found: typeof data });
  }
}
