import { describe, it, expect } from 'vitest';
import BN from 'bn.js';
import { addAmounts, checkAmount } from '../../../src/txn/builders/amount.js';
import { InputProblems } from '../../../src/txn/builders/validate-input.js';

function amount(value: unknown): { out: string | undefined; problems: string[] } {
  const p = new InputProblems();
  const out = checkAmount(p, value, 'amount');
  try {
    p.throwIfAny();
    return { out, problems: [] };
  } catch (e) {
    return { out, problems: (e as { problems: Error[] }).problems.map((x) => x.message) };
  }
}

describe('checkAmount', () => {
  it('zero-fills a digit string of minor units to the 12 digits of field 4', () => {
    expect(amount('1').out).toBe('000000000001');
    expect(amount('0000050000').out).toBe('000000050000');
    expect(amount('999999999999').out).toBe('999999999999');
  });

  it('takes a BN exactly, even beyond what a float holds exactly', () => {
    expect(amount(new BN(48000)).out).toBe('000000048000');
    expect(amount(new BN('999999999999', 10)).out).toBe('999999999999');
    expect(amount(new BN('900719925474', 10).muln(1)).out).toBe('900719925474');
  });

  it('tells a BN by its shape as BN.isBN does, and refuses look-alikes that are not one', () => {
    expect(amount({ words: [5], constructor: { wordSize: 26 }, toString: () => '5' }).out).toBe('000000000005');
    expect(amount({ words: [5], toString: () => '5' }).problems).toEqual(['amount must be a digit string or a BN (field amount)']);
    expect(amount(new BN(-5).neg().neg()).problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
  });

  it('refuses zero, more than 12 digits, non-digits, negative BNs and JS numbers', () => {
    expect(amount('0').problems).toEqual(['amount must be greater than zero (field amount)']);
    expect(amount('000000000000').problems).toEqual(['amount must be greater than zero (field amount)']);
    expect(amount(new BN(0)).problems).toEqual(['amount must be greater than zero (field amount)']);
    expect(amount('1000000000000').problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
    expect(amount('').problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
    expect(amount('12.50').problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
    expect(amount('-5').problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
    expect(amount(new BN(-5)).problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
    expect(amount(new BN('1000000000000', 10)).problems).toEqual(['amount must be 1 to 12 digits (field amount)']);
    expect(amount(12.5).problems).toEqual(['amount must be a digit string or a BN (field amount)']);
    expect(amount(undefined).problems).toEqual(['amount must be a digit string or a BN (field amount)']);
  });
});

describe('addAmounts', () => {
  it('adds two 12-digit amounts exactly', () => {
    expect(addAmounts('000000010000', '000000001500')).toBe('000000011500');
    expect(addAmounts('499999999999', '500000000000')).toBe('999999999999');
    expect(addAmounts('000000000999', '000000000001')).toBe('000000001000');
  });

  it('gives undefined when the sum needs a 13th digit', () => {
    expect(addAmounts('999999999999', '000000000001')).toBeUndefined();
  });
});
