import { Iso8583Error } from '../../errors.js';
import { nextValidCounter } from './counter.js';
import { requireBytes } from './inputs.js';
import { copyBytes } from '../input.js';

/** Bits of the transaction counter at the right end of a TDES KSN (ANSI X9.24-1:2009). */
export const TDES_COUNTER_BITS = 21;
/** An originating device uses no counter with more one-bits than this. */
export const TDES_MAX_COUNTER_ONE_BITS = 10;

/** Checks that `ksn` is a 10-byte TDES DUKPT key serial number; throws `DUKPT_BAD_KSN` otherwise. */
export function requireKsnTdes(ksn: Uint8Array): Uint8Array {
  return requireBytes(ksn, [10], 'DUKPT_BAD_KSN', 'TDES DUKPT KSN');
}

/** The 21-bit transaction counter of a 10-byte TDES KSN. */
export function ksnCounterTdes(ksn: Uint8Array): number {
  requireKsnTdes(ksn);
  return ((ksn[7]! & 0x1f) << 16) | (ksn[8]! << 8) | ksn[9]!;
}

/** A copy of a 10-byte TDES KSN with its 21-bit counter replaced by `counter`. */
export function withCounterTdes(ksn: Uint8Array, counter: number): Uint8Array {
  requireKsnTdes(ksn);
  if (!Number.isInteger(counter) || counter < 0 || counter >= 2 ** TDES_COUNTER_BITS) {
    throw new Iso8583Error('DUKPT_BAD_COUNTER', 'TDES DUKPT counter must be an integer from 0 to 2097151', {
      expected: '21-bit unsigned integer',
    });
  }
  const out = copyBytes(ksn);
  out[7] = (out[7]! & 0xe0) | (counter >>> 16);
  out[8] = (counter >>> 8) & 0xff;
  out[9] = counter & 0xff;
  return out;
}

/**
 * The KSN an originating device uses after `ksn`: the next counter with at most 10 one-bits
 * (ANSI X9.24-1:2009). Throws `DUKPT_EXHAUSTED` when the 21-bit counter has no such value left.
 */
export function nextKsnTdes(ksn: Uint8Array): Uint8Array {
  const next = nextValidCounter(ksnCounterTdes(ksn), TDES_MAX_COUNTER_ONE_BITS, TDES_COUNTER_BITS);
  if (next === undefined) {
    throw new Iso8583Error('DUKPT_EXHAUSTED', 'TDES DUKPT transaction counter is exhausted');
  }
  return withCounterTdes(ksn, next);
}
