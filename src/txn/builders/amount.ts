/**
 * Money on the wire: field 4 (and 48 tips) carry an amount in minor units (fen) as 12 digits.
 * Inputs are digit strings or bn.js numbers, never JS floats, so no amount is ever rounded.
 */
import type BN from 'bn.js';
import { isDigits, type InputProblems } from './validate-input.js';

/** An amount in minor units: a string of 1 to 12 digits, or a bn.js `BN`. */
export type Amount = string | BN;

/**
 * Whether `value` is a bn.js number, told the way `BN.isBN` tells it (bn.js's word size and its word array), so that
 * checking an amount does not pull bn.js into a bundle that never makes one.
 */
function isBn(value: unknown): value is BN {
  if (typeof value !== 'object' || value === null) return false;
  const { constructor } = value as { constructor?: { wordSize?: unknown } };
  return constructor?.wordSize === 26 && Array.isArray((value as { words?: unknown }).words);
}

/** The amount as 12 digits (zero-filled), or a problem when it is not 1 to 12 digits or is zero. */
export function checkAmount(p: InputProblems, value: unknown, path: string): string | undefined {
  let digits: string;
  if (typeof value === 'string') {
    if (value.length < 1 || value.length > 12 || !isDigits(value)) {
      p.add('BAD_AMOUNT', 'amount must be 1 to 12 digits', path, 'n 1..12');
      return undefined;
    }
    digits = value;
  } else if (isBn(value)) {
    // bn.js writes a negative number with a minus sign and never pads, so the digit string says it all.
    digits = value.toString(10);
    if (digits.length > 12 || !isDigits(digits)) {
      p.add('BAD_AMOUNT', 'amount must be 1 to 12 digits', path, 'n 1..12');
      return undefined;
    }
  } else {
    p.add('BAD_AMOUNT', 'amount must be a digit string or a BN', path, 'string or BN');
    return undefined;
  }
  const n12 = digits.padStart(12, '0');
  if (n12 === '000000000000') {
    p.add('BAD_AMOUNT', 'amount must be greater than zero', path, 'n 1..12');
    return undefined;
  }
  return n12;
}

/** The sum of two 12-digit amounts as 12 digits, or undefined when it needs more than 12 (added digit by digit). */
export function addAmounts(a: string, b: string): string | undefined {
  let sum = '';
  let carry = 0;
  for (let i = 11; i >= 0; i--) {
    const d = (a.charCodeAt(i) - 48) + (b.charCodeAt(i) - 48) + carry;
    carry = d >= 10 ? 1 : 0;
    sum = String.fromCharCode(48 + (d % 10)) + sum;
  }
  return carry === 0 ? sum : undefined;
}
