import { describe, expect, it } from 'vitest';
import { receiptAmount, runPropertyExamples } from '../../examples/property-test.example.js';

describe('the property-testing example', () => {
  it('runs every property it documents without a failure', () => {
    expect(() => runPropertyExamples()).not.toThrow();
  });

  it('formats receipt amounts from fen, so its third property tests something real', () => {
    expect(receiptAmount('000000012345')).toBe('CNY 123.45');
    expect(receiptAmount('000000000007')).toBe('CNY 0.07');
    expect(receiptAmount('999999999999')).toBe('CNY 9999999999.99');
  });
});
