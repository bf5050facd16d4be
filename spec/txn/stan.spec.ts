import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { followingStan, formatStan, isStanNumber, parseStan, STAN_MAX, STAN_MIN } from '../../src/txn/stan.js';
import { caught } from '../support/errors.js';

describe('STAN sequence', () => {
  it('starts at 000001 when none was issued and counts up by one', () => {
    expect(followingStan(0)).toBe(1);
    expect(followingStan(1)).toBe(2);
    expect(followingStan(41)).toBe(42);
  });

  it('wraps from 999999 to 000001 and never yields 000000', () => {
    expect(STAN_MIN).toBe(1);
    expect(STAN_MAX).toBe(999999);
    expect(followingStan(999998)).toBe(999999);
    expect(followingStan(999999)).toBe(1);
    expect(formatStan(followingStan(999999))).toBe('000001');
  });

  it('keeps every following STAN inside 1..999999 for any last STAN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999999 }), (last) => {
        const next = followingStan(last);
        expect(isStanNumber(next)).toBe(true);
        expect(next === last + 1 || (last === 999999 && next === 1)).toBe(true);
        expect(formatStan(next)).toMatch(/^(?!000000)[0-9]{6}$/);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('refuses a last STAN that is not a whole number from 0 to 999999', () => {
    for (const bad of [-1, 1000000, 1.5, Number.NaN]) {
      const e = caught(() => followingStan(bad));
      expect(e.code).toBe('INVALID_STAN');
      expect(e.message).toBe('last STAN must be an integer from 0 to 999999 (field stan)');
    }
    expect(caught(() => followingStan('7' as unknown as number)).found).toBe('string');
  });
});

describe('STAN digits', () => {
  it('writes a STAN as six zero-filled digits', () => {
    expect(formatStan(1)).toBe('000001');
    expect(formatStan(500211)).toBe('500211');
    expect(formatStan(999999)).toBe('999999');
  });

  it('refuses to write 0 or a number outside the range, naming field 11', () => {
    for (const bad of [0, 1000000, 2.5]) {
      const e = caught(() => formatStan(bad));
      expect(e.code).toBe('INVALID_STAN');
      expect(e.message).toBe('STAN must be an integer from 1 to 999999 (field 11)');
      expect(e.found).toBe('out of range');
    }
  });

  it('reads six digits back to the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999999 }), (n) => {
        expect(parseStan(formatStan(n))).toBe(n);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('refuses text that is not six digits, and 000000, without echoing it', () => {
    const short = caught(() => parseStan('12345'));
    expect(short.message).toBe('STAN must be six digits (field 11)');
    expect(short.found).toBe('5 characters');
    expect(caught(() => parseStan('12a456')).message).toBe('STAN must be six digits (field 11)');
    const zero = caught(() => parseStan('000000'));
    expect(zero.code).toBe('INVALID_STAN');
    expect(zero.message).toBe('STAN 000000 is never used (field 11)');
  });
});
