import { Iso8583Error } from '../../errors.js';
import { nextValidCounter } from './counter.js';
import { requireBytes } from './inputs.js';
import { copyBytes } from '../input.js';

/** Bits of the transaction counter at the right end of an AES DUKPT KSN (ANSI X9.24-3-2017). */
export const AES_COUNTER_BITS = 32;
/** An originating device uses no counter with more one-bits than this. */
export const AES_MAX_COUNTER_ONE_BITS = 16;

/** Checks that `ksn` is a 12-byte AES DUKPT KSN (8-byte initial key ID + 4-byte counter); throws `DUKPT_BAD_KSN`. */
export function requireKsnAes(ksn: Uint8Array): Uint8Array {
  return requireBytes(ksn, [12], 'DUKPT_BAD_KSN', 'AES DUKPT KSN');
}

/** The 32-bit transaction counter of a 12-byte AES KSN, as an unsigned number. */
export function ksnCounterAes(ksn: Uint8Array): number {
  requireKsnAes(ksn);
  return ((ksn[8]! << 24) | (ksn[9]! << 16) | (ksn[10]! << 8) | ksn[11]!) >>> 0;
}

/** A copy of a 12-byte AES KSN with its counter replaced by `counter`. */
export function withCounterAes(ksn: Uint8Array, counter: number): Uint8Array {
  requireKsnAes(ksn);
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
    throw new Iso8583Error('DUKPT_BAD_COUNTER', 'AES DUKPT counter must be an integer from 0 to 4294967295', {
      expected: '32-bit unsigned integer',
    });
  }
  const out = copyBytes(ksn);
  out[8] = counter >>> 24;
  out[9] = (counter >>> 16) & 0xff;
  out[10] = (counter >>> 8) & 0xff;
  out[11] = counter & 0xff;
  return out;
}

/**
 * The KSN an originating device uses after `ksn`: the next counter with at most 16 one-bits
 * (ANSI X9.24-3-2017). Throws `DUKPT_EXHAUSTED` when the 32-bit counter has no such value left.
 */
export function nextKsnAes(ksn: Uint8Array): Uint8Array {
  const next = nextValidCounter(ksnCounterAes(ksn), AES_MAX_COUNTER_ONE_BITS, AES_COUNTER_BITS);
  if (next === undefined) {
    throw new Iso8583Error('DUKPT_EXHAUSTED', 'AES DUKPT transaction counter is exhausted');
  }
  return withCounterAes(ksn, next);
}
