import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialects, EMV_TAGS } from '../../src/index.js';
import { emvTlvSet } from '../../src/testing/index.js';
import { caught } from '../support/errors.js';

const RUNS = { seed: 8583, numRuns: 200 };

/**
 * Value lengths in bytes of the request tags, from EMV 4.3 Book 3 annex A (data element dictionary):
 * [min, max]. 9F10 is b..32; 84 b5..16; 9F41 n4..8 (2 to 4 bytes); 9F1E an8.
 */
const LENGTHS: Record<string, [number, number]> = {
  '9F26': [8, 8], '9F27': [1, 1], '9F10': [0, 32], '9F37': [4, 4], '9F36': [2, 2], '95': [5, 5], '9A': [3, 3],
  '9C': [1, 1], '9F02': [6, 6], '5F2A': [2, 2], '82': [2, 2], '9F1A': [2, 2], '9F03': [6, 6], '9F33': [3, 3],
  '9F34': [3, 3], '9F35': [1, 1], '9F1E': [8, 8], '84': [5, 16], '9F09': [2, 2], '9F41': [2, 4],
};
const ALWAYS = ['9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A', '9F03', '9F33'];
const ORDER = [...ALWAYS, '9F34', '9F35', '9F1E', '84', '9F09', '9F41'];

describe('emvTlvSet', () => {
  it('gives every request tag its EMV length, the mandatory ones always, all in the CUP order', () => {
    fc.assert(
      fc.property(emvTlvSet(), (set) => {
        const tags = set.map((n) => n.tag);
        for (const t of ALWAYS) expect(tags).toContain(t);
        expect(tags).toEqual(ORDER.filter((t) => tags.includes(t)));
        for (const n of set) {
          const [min, max] = LENGTHS[n.tag]!;
          expect(n.value).toMatch(/^(?:[0-9A-F]{2})*$/);
          expect(n.value!.length / 2).toBeGreaterThanOrEqual(min);
          expect(n.value!.length / 2).toBeLessThanOrEqual(max);
        }
      }),
      RUNS,
    );
  });

  it('writes numeric tags as BCD: a real 9A date, 9F02 and 9F03 amounts, China as currency and country', () => {
    fc.assert(
      fc.property(emvTlvSet(), (set) => {
        const v = (t: string) => set.find((n) => n.tag === t)?.value;
        expect(v('9A')).toMatch(/^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])$/);
        expect(v('9F02')).toMatch(/^[0-9]{12}$/);
        expect(v('9F03')).toMatch(/^[0-9]{12}$/);
        expect([v('5F2A'), v('9F1A')]).toEqual(['0156', '0156']);
      }),
      RUNS,
    );
  });

  it('puts the amount, currency and transaction type it is given in 9F02, 5F2A, 9F1A and 9C', () => {
    fc.assert(
      fc.property(emvTlvSet({ amount: fc.constant('000000012345'), currency: '0840', transactionType: '31' }), (set) => {
        const v = (t: string) => set.find((n) => n.tag === t)?.value;
        expect([v('9F02'), v('5F2A'), v('9F1A'), v('9C')]).toEqual(['000000012345', '0840', '0840', '31']);
      }),
      { seed: 8583, numRuns: 20 },
    );
  });

  it('mixes in private tags unknown to the dialect when asked, and CUP field 55 keeps them in place', () => {
    let sawUnknown = false;
    fc.assert(
      fc.property(emvTlvSet({ unknownTags: 4 }), (set) => {
        const unknown = set.filter((n) => LENGTHS[n.tag] === undefined);
        expect(unknown.length).toBeLessThanOrEqual(4);
        for (const n of unknown) {
          expect(n.tag).toMatch(/^DF(81)?[0-7][0-9A-F]$/);
          expect(EMV_TAGS[n.tag]).toBeUndefined();
        }
        sawUnknown ||= unknown.length > 0;
        const body = dialects.cup.encode({ mti: '0200', fields: { '55': set } });
        expect(dialects.cup.decode(body).toObject().fields['55']).toStrictEqual(set);
      }),
      RUNS,
    );
    expect(sawUnknown).toBe(true);
  });

  it('keeps every set, unknown tags included, within the 255 bytes of CUP field 55', () => {
    fc.assert(
      fc.property(emvTlvSet({ unknownTags: 4 }), (set) => {
        const size = set.reduce((sum, n) => sum + n.tag.length / 2 + 1 + n.value!.length / 2, 0);
        expect(size).toBeLessThanOrEqual(255);
      }),
      RUNS,
    );
  });

  it('throws BAD_OPTION for a currency that is not n4, a transaction type that is not n2 or an unknown tag count outside 0 to 4', () => {
    const a = caught(() => emvTlvSet({ currency: '156' }));
    expect([a.code, a.message]).toEqual(['BAD_OPTION', 'currency must be 4 digits (n4) (field currency)']);
    const t = caught(() => emvTlvSet({ transactionType: '3' }));
    expect([t.code, t.message]).toEqual(['BAD_OPTION', 'transaction type must be 2 digits (n2) (field transactionType)']);
    for (const unknownTags of [-1, 5, 1.5]) {
      const b = caught(() => emvTlvSet({ unknownTags }));
      expect([b.code, b.message]).toEqual(['BAD_OPTION', 'unknown tag count must be a whole number from 0 to 4 (field unknownTags)']);
    }
  });
});
