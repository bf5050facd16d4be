/**
 * Money for property tests: amounts in minor units as 12-digit strings (field 4's `n12`) or as bn.js
 * numbers. Bounds and results are bn.js numbers; the draw between them is an exact integer offset,
 * so no amount ever passes through a fraction.
 */
import { expectOptions } from '../arguments.js';
import BN from 'bn.js';
import fc from 'fast-check';
import { Iso8583Error } from '../errors.js';

/** The largest amount 12 digits hold. */
const MAX_DIGITS = '999999999999';

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

/** Offsets 0..span, shrinking towards 0. A span of 12 digits is below 2^53, so each offset is an exact integer. */
function offsetUpTo(span: BN): fc.Arbitrary<BN> {
  return fc.integer({ min: 0, max: span.toNumber() }).map((n) => new BN(n));
}

/** Amounts between `min` and `max` as bn.js numbers, shrinking towards `min`. */
export function bnAmount(options?: AmountOptions): fc.Arbitrary<BN> {
  options = expectOptions(options);
  const min = bound(options.min, '1', 'min');
  const max = bound(options.max, MAX_DIGITS, 'max');
  if (min.gt(max)) {
    throw new Iso8583Error('BAD_OPTION', 'smallest amount must not exceed the largest', { path: 'min', expected: 'min <= max' });
  }
  return offsetUpTo(max.sub(min)).map((offset) => offset.add(min));
}

/** Amounts between `min` and `max` as 12 zero-filled digits (field 4's `n12`), shrinking towards `min`. */
export function amount(options?: AmountOptions): fc.Arbitrary<string> {
  options = expectOptions(options);
  return bnAmount(options).map((value) => value.toString(10).padStart(12, '0'));
}
