/**
 * Money for property tests: amounts in minor units as 12-digit strings (field 4's `n12`) or as bn.js
 * numbers. Drawn and compared with bn.js throughout, so no amount ever passes through a JS float.
 */
import BN from 'bn.js';
import fc from 'fast-check';
import { Iso8583Error } from '../errors.js';

/** The largest amount 12 digits hold. */
const MAX_DIGITS = '999999999999';
/** Bits of the low part of a drawn offset: small enough for bn.js's fast single-word arithmetic. */
const LOW_BITS = 26;
const LOW_MAX = 2 ** LOW_BITS - 1;

/** Options of `amount` and `bnAmount`: inclusive bounds in minor units, as 1 to 12 digits. */
export interface AmountOptions {
  /** Smallest amount (default `'1'`: builders refuse a zero amount). */
  min?: string;
  /** Largest amount (default `'999999999999'`). */
  max?: string;
}

function bound(value: string | undefined, fallback: string, path: string): BN {
  const text = value ?? fallback;
  if (typeof text !== 'string' || !/^[0-9]{1,12}$/.test(text)) {
    throw new Iso8583Error('BAD_OPTION', 'amount bound must be 1 to 12 digits', { path, expected: 'n 1..12' });
  }
  return new BN(text, 10);
}

/** Offsets 0..span drawn as a high and a low part, so spans beyond 32 bits shrink towards 0 like small ones. */
function offsetUpTo(span: BN): fc.Arbitrary<BN> {
  if (span.bitLength() <= 31) return fc.integer({ min: 0, max: span.toNumber() }).map((n) => new BN(n));
  // High is then at least 2^5, so the filter rejects under one draw in 32.
  const high = span.shrn(LOW_BITS).toNumber();
  return fc
    .tuple(fc.integer({ min: 0, max: high }), fc.integer({ min: 0, max: LOW_MAX }))
    .map(([h, l]) => new BN(h).shln(LOW_BITS).addn(l))
    .filter((offset) => offset.lte(span));
}

/** Amounts between `min` and `max` as bn.js numbers, shrinking towards `min`. */
export function bnAmount(options: AmountOptions = {}): fc.Arbitrary<BN> {
  const min = bound(options.min, '1', 'min');
  const max = bound(options.max, MAX_DIGITS, 'max');
  if (min.gt(max)) {
    throw new Iso8583Error('BAD_OPTION', 'smallest amount must not exceed the largest', { path: 'min', expected: 'min <= max' });
  }
  return offsetUpTo(max.sub(min)).map((offset) => offset.add(min));
}

/** Amounts between `min` and `max` as 12 zero-filled digits (field 4's `n12`), shrinking towards `min`. */
export function amount(options: AmountOptions = {}): fc.Arbitrary<string> {
  return bnAmount(options).map((value) => value.toString(10).padStart(12, '0'));
}
