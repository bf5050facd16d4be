/**
 * Money on the wire: field 4 (and 48 tips) carry an amount in minor units (fen) as 12 digits.
 * Inputs are digit strings or bn.js numbers, never JS floats, so no amount is ever rounded.
 */
import BN from 'bn.js';
import { isDigits, type InputProblems } from './validate-input.js';

/** An amount in minor units: a string of 1 to 12 digits, or a bn.js `BN`. */
export type Amount = string | BN;

/** The largest amount 12 digits hold. */
const MAX_AMOUNT = new BN('999999999999', 10);

/** The amount as 12 digits (zero-filled), or a problem when it is not 1 to 12 digits or is zero. */
export function checkAmount(p: InputProblems, value: unknown, path: string): string | undefined {
  let digits: string;
  if (typeof value === 'string') {
    if (value.length < 1 || value.length > 12 || !isDigits(value)) {
      p.add('BAD_AMOUNT', 'amount must be 1 to 12 digits', path, 'n 1..12');
      return undefined;
    }
    digits = value;
  } else if (BN.isBN(value)) {
    const bn = value as BN;
    if (bn.isNeg() || bn.gt(MAX_AMOUNT)) {
      p.add('BAD_AMOUNT', 'amount must be 1 to 12 digits', path, 'n 1..12');
      return undefined;
    }
    digits = bn.toString(10);
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

/** The sum of two 12-digit amounts as 12 digits, or undefined when it needs more than 12. */
export function addAmounts(a: string, b: string): string | undefined {
  const sum = new BN(a, 10).add(new BN(b, 10));
  return sum.gt(MAX_AMOUNT) ? undefined : sum.toString(10).padStart(12, '0');
}
