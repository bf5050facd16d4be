import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import BN from 'bn.js';
import { dialects } from '../../src/index.js';
import { amount, bnAmount } from '../../src/testing/index.js';
import { caught } from '../support/errors.js';

const RUNS = { seed: 8583, numRuns: 300 };

describe('amount', () => {
  it('makes 12-digit strings from 1 to 999999999999 by default', () => {
    fc.assert(
      fc.property(amount(), (a) => {
        expect(a).toMatch(/^[0-9]{12}$/);
        expect(a).not.toBe('000000000000');
      }),
      RUNS,
    );
  });

  it('stays within the bounds it is given, compared exactly with bn.js', () => {
    const bounds = fc
      .tuple(fc.stringMatching(/^[0-9]{1,12}$/), fc.stringMatching(/^[0-9]{1,12}$/))
      .map(([a, b]) => (new BN(a, 10).lte(new BN(b, 10)) ? [a, b] : [b, a]) as [string, string]);
    fc.assert(
      fc.property(bounds.chain(([min, max]) => fc.tuple(fc.constant(min), fc.constant(max), amount({ min, max }))), ([min, max, a]) => {
        const v = new BN(a, 10);
        expect(v.gte(new BN(min, 10)) && v.lte(new BN(max, 10))).toBe(true);
        expect(a).toHaveLength(12);
      }),
      { seed: 8583, numRuns: 200 },
    );
  });

  it('gives the one amount a range of one holds, at the top of the 12 digits too', () => {
    fc.assert(
      fc.property(amount({ min: '999999999999', max: '999999999999' }), amount({ min: '1500', max: '1500' }), (top, one) => {
        expect(top).toBe('999999999999');
        expect(one).toBe('000000001500');
      }),
      { seed: 8583, numRuns: 20 },
    );
  });

  it('reaches both halves of a range wider than 32 bits', () => {
    const seen = fc.sample(amount({ min: '0', max: '999999999999' }), { seed: 8583, numRuns: 400 });
    expect(seen.some((a) => a < '500000000000')).toBe(true);
    expect(seen.some((a) => a >= '500000000000')).toBe(true);
  });

  it('travels through field 4 of every built-in dialect unchanged', () => {
    fc.assert(
      fc.property(amount({ min: '0' }), (a) => {
        for (const d of [dialects.cup, dialects.iso87ascii, dialects.iso87binary, dialects.iso93ascii]) {
          const mti = d === dialects.iso93ascii ? '1200' : '0200';
          expect(d.decode(d.encode({ mti, fields: { '4': a } })).get('4')).toBe(a);
        }
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('throws BAD_OPTION for bounds that are not 1 to 12 digits or that cross', () => {
    for (const [options, path] of [[{ min: '' }, 'min'], [{ max: '1000000000000' }, 'max'], [{ min: '1.5' }, 'min'], [{ max: -1 as unknown as string }, 'max']] as const) {
      const e = caught(() => amount(options));
      expect([e.code, e.message, e.path]).toEqual(['BAD_OPTION', `amount bound must be 1 to 12 digits (field ${path})`, path]);
    }
    const e = caught(() => amount({ min: '200', max: '100' }));
    expect([e.code, e.message]).toEqual(['BAD_OPTION', 'smallest amount must not exceed the largest (field min)']);
  });
});

describe('bnAmount', () => {
  it('makes bn.js numbers within the bounds', () => {
    fc.assert(
      fc.property(bnAmount({ min: '100', max: '5000000000' }), (v) => {
        expect(BN.isBN(v)).toBe(true);
        expect(v.gten(100) && v.lte(new BN('5000000000', 10))).toBe(true);
      }),
      RUNS,
    );
  });
});
