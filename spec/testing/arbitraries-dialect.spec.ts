import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldSpec } from '../../src/codec/spec.js';
import { defineDialect, dialects, iso87asciiSpec } from '../../src/index.js';
import { fieldValue, messageFor } from '../../src/testing/index.js';
import { caught } from '../support/errors.js';
import { BUILT_IN_DIALECTS, expectRoundTrip } from '../dialects/support.js';

/** A dialect with a jPOS-style bitmapped field 127, which no built-in dialect has (so compiled by defineDialect, which has every composite kind). */
const text = (name: string, length: number, lengthDigits?: 2): FieldSpec => ({ name, attr: 'ans', length, encoding: 'ascii', ...(lengthDigits ? { lengthDigits } : {}) });
const withBitmapped = defineDialect(iso87asciiSpec).derive({
  name: 'iso87ascii-127',
  fields: {
    '127': {
      name: 'Private bitmapped data',
      attr: 'ans',
      length: 999,
      lengthDigits: 3,
      encoding: 'ascii',
      composite: {
        kind: 'bitmapped',
        bitmapEncoding: 'hex',
        subfields: { '2': text('Switch key', 12, 2), '3': { name: 'Routing', attr: 'n', length: 6, encoding: 'ascii' }, '12': text('Note', 20, 2) },
      },
    },
  },
});

describe.each(BUILT_IN_DIALECTS)('messageFor(%s)', (_name, d) => {
  it('makes messages that encode and decode back to the same object and the same bytes', () => {
    fc.assert(
      fc.property(messageFor(d), (obj) => {
        expectRoundTrip(d, obj);
      }),
      { seed: 8583, numRuns: 60 },
    );
  });

  it('gives every field of the dialect a value that travels alone in a message', () => {
    const mti = d === dialects.iso93ascii ? '1200' : '0200';
    for (const key of Object.keys(d.spec.fields)) {
      fc.assert(
        fc.property(fieldValue(d, key), (value) => {
          const obj = { mti, fields: { [key]: value } };
          expect(d.decode(d.encode(obj)).toObject()).toStrictEqual(obj);
        }),
        { seed: 8583, numRuns: 5 },
      );
    }
  });
});

describe('messageFor options', () => {
  it('carries exactly the fields asked for, with the MTI asked for', () => {
    fc.assert(
      fc.property(messageFor(dialects.cup, { mti: '0200', fields: [60, 4, 2, 55, 4] }), (obj) => {
        expect(obj.mti).toBe('0200');
        expect(Object.keys(obj.fields)).toEqual(['2', '4', '55', '60']);
        expect(dialects.cup.decode(dialects.cup.encode(obj)).toObject()).toStrictEqual(obj);
      }),
      { seed: 8583, numRuns: 50 },
    );
  });

  it('keeps random subsets within maxFields and leaves out fields whose layout the MTI selects', () => {
    fc.assert(
      fc.property(messageFor(dialects.cup, { mti: '0800', maxFields: 5 }), (obj) => {
        expect(Object.keys(obj.fields).length).toBeLessThanOrEqual(5);
        expect(obj.fields['62']).toBeUndefined();
        expect(dialects.cup.decode(dialects.cup.encode(obj)).toObject()).toStrictEqual(obj);
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('makes bitmapped subfields of any subset of their plain subfields', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(messageFor(withBitmapped, { fields: [127] }), (obj) => {
        const v = obj.fields['127'] as Record<string, string>;
        seen.add(Object.keys(v).join(','));
        expect(withBitmapped.decode(withBitmapped.encode(obj)).toObject()).toStrictEqual(obj);
      }),
      { seed: 8583, numRuns: 100 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });

  it('throws exact errors for a bad MTI, an unknown or context-bound field and a bad maxFields', () => {
    const cases: [() => unknown, string, string][] = [
      [() => messageFor(dialects.cup, { mti: '20' }), 'BAD_OPTION', 'MTI must be 4 digits (field mti)'],
      [() => messageFor(dialects.cup, { fields: [65] }), 'UNKNOWN_FIELD', 'dialect does not define this field (field 65)'],
      [() => messageFor(dialects.cup, { mti: '0500', fields: [48] }), 'UNSUPPORTED_FIELD', 'field layout depends on the rest of the message for this MTI (field 48)'],
      [() => messageFor(dialects.cup, { maxFields: -1 }), 'BAD_OPTION', 'most fields must be a whole number from 0 (field maxFields)'],
    ];
    for (const [fn, code, message] of cases) {
      const e = caught(fn);
      expect([e.code, e.message]).toEqual([code, message]);
    }
  });
});

describe('fieldValue', () => {
  it('reaches positional subfields by path', () => {
    fc.assert(
      fc.property(fieldValue(dialects.cup, '60.3'), fieldValue(dialects.cup, '22'), (network, entry) => {
        expect(network).toMatch(/^[0-9]{3}$/);
        expect(Object.keys(entry as object).length).toBeGreaterThan(0);
      }),
      { seed: 8583, numRuns: 50 },
    );
  });

  it('makes ASCII TLV lists for CUP field 59 that round-trip', () => {
    fc.assert(
      fc.property(fieldValue(dialects.cup, '59'), (list) => {
        expect(Array.isArray(list)).toBe(true);
        const obj = { mti: '0200', fields: { '59': list } };
        expect(dialects.cup.decode(dialects.cup.encode(obj)).toObject()).toStrictEqual(obj);
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('throws UNKNOWN_FIELD for a path the dialect does not define', () => {
    const e = caught(() => fieldValue(dialects.cup, '60.9'));
    expect([e.code, e.message, e.path]).toEqual(['UNKNOWN_FIELD', 'dialect does not define this field (field 60.9)', '60.9']);
  });
});
