import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { DialectSpec, FieldSpec } from '../../src/codec/spec.js';
import { iso87asciiSpec } from '../../src/dialects/iso87ascii.js';
import { iso87binarySpec } from '../../src/dialects/iso87binary.js';
import { iso93asciiSpec } from '../../src/dialects/iso93ascii.js';
import { Iso8583Error } from '../../src/errors.js';
import { defineDialect } from '../../src/message/dialect.js';

const DIGITS = '0123456789';
const ALNUM = DIGITS + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const CHARS: Record<string, string> = {
  n: DIGITS,
  an: ALNUM,
  anp: ALNUM + ' ',
  ans: PRINTABLE,
  ns: PRINTABLE.replace(/[A-Za-z]/g, ''),
};
// Primitive EMV tags a terminal sends, for random field 55 content.
const TLV_TAGS = ['9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A', 'DF31'];
// Variable text values are kept short: the properties are about structure, not volume.
const MAX_TEXT = 40;

const stringOf = (chars: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((a) => a.join(''));

/** Canonical values a field accepts and gives back unchanged. */
function valueArb(f: FieldSpec): fc.Arbitrary<unknown> {
  const fixed = !f.lengthDigits;
  if (f.composite?.kind === 'ber-tlv') {
    const node = fc.record({
      tag: fc.constantFrom(...TLV_TAGS),
      value: fc.uint8Array({ minLength: 0, maxLength: 16 }).map(toHex),
    });
    return fc.array(node, { minLength: 1, maxLength: 8 });
  }
  if (f.attr === 'b') {
    const max = f.encoding === 'hex' && f.lengthUnit === 'chars' ? f.length / 2 : f.length;
    return fixed
      ? fc.uint8Array({ minLength: max, maxLength: max }).map(toHex)
      : fc.uint8Array({ minLength: 0, maxLength: Math.min(max, MAX_TEXT) }).map(toHex);
  }
  if (f.attr === 'x+n') return fc.tuple(fc.constantFrom('C', 'D'), stringOf(DIGITS, f.length, f.length)).map(([s, d]) => s + d);
  if (f.attr === 'z') {
    // Packed track data reads its separator back as D; text keeps the = it was given.
    const sep = f.encoding === 'bcd' ? 'D' : '=';
    return fc
      .tuple(stringOf(DIGITS, 1, 19), stringOf(DIGITS, 0, Math.min(f.length, MAX_TEXT) - 20))
      .map(([pan, rest]) => pan + sep + rest);
  }
  const chars = CHARS[f.attr]!;
  if (!fixed) return stringOf(chars, 0, Math.min(f.length, MAX_TEXT));
  if (f.attr === 'n') return stringOf(chars, f.length, f.length);
  // Fixed text is space-filled and the fill is stripped on reading: a value never ends in a space.
  return fc
    .tuple(stringOf(chars, 0, f.length - 1), fc.constantFrom(...chars.replace(' ', '')))
    .map(([body, last]) => body + last);
}

function messageArb(spec: DialectSpec, mtis: readonly string[]) {
  const ids = Object.keys(spec.fields);
  return fc
    .tuple(fc.constantFrom(...mtis), fc.subarray(ids, { minLength: 1, maxLength: 12 }))
    .chain(([mti, chosen]) =>
      fc
        .tuple(...chosen.map((id) => valueArb(spec.fields[id]!)))
        .map((values) => ({ mti, fields: Object.fromEntries(chosen.map((id, i) => [id, values[i]])) })),
    );
}

const DIALECTS: ReadonlyArray<readonly [string, DialectSpec, readonly string[]]> = [
  ['iso87ascii', iso87asciiSpec, ['0100', '0200', '0210', '0400', '0800']],
  ['iso87binary', iso87binarySpec, ['0100', '0200', '0210', '0400', '0800']],
  ['iso93ascii', iso93asciiSpec, ['1100', '1200', '1210', '1420', '1804']],
];

describe.each(DIALECTS)('the %s dialect under random messages', (_name, spec, mtis) => {
  const dialect = defineDialect(spec);

  it('gives back every message it encodes, and the same bytes when encoding it again', () => {
    fc.assert(
      fc.property(messageArb(spec, mtis), (input) => {
        const bytes = dialect.encode(input as Parameters<typeof dialect.encode>[0]);
        const m = dialect.decode(bytes);
        expect(m.toObject()).toEqual(input);
        expect(toHex(dialect.encode(m))).toBe(toHex(bytes));
      }),
      { seed: 8583, numRuns: 150 },
    );
  });

  it('throws nothing but Iso8583Error on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        try {
          dialect.decode(bytes).toObject();
        } catch (e) {
          expect(e).toBeInstanceOf(Iso8583Error);
        }
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('throws nothing but Iso8583Error on a valid message with one byte changed or cut short', () => {
    const arb = messageArb(spec, mtis).chain((input) => {
      const bytes = dialect.encode(input as Parameters<typeof dialect.encode>[0]);
      return fc.tuple(fc.constant(bytes), fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 }), fc.boolean());
    });
    fc.assert(
      fc.property(arb, ([bytes, at, b, cut]) => {
        const mutated = cut ? bytes.slice(0, at) : Uint8Array.from(bytes, (x, i) => (i === at ? b : x));
        try {
          dialect.decode(mutated).toObject();
        } catch (e) {
          expect(e).toBeInstanceOf(Iso8583Error);
        }
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});

describe('the random message generator', () => {
  it('makes values that fit the fields they are made for', () => {
    fc.assert(
      fc.property(messageArb(iso87binarySpec, ['0200']), (input) => {
        for (const [id, v] of Object.entries(input.fields)) {
          const f = iso87binarySpec.fields[id]!;
          if (f.lengthDigits || f.composite) continue;
          const text = v as string;
          if (f.attr === 'b') expect(fromHex(text).length, `field ${id}`).toBe(f.length);
          else if (f.attr === 'n') expect(text.length, `field ${id}`).toBe(f.length);
          else if (f.attr === 'x+n') expect(text.length, `field ${id}`).toBe(f.length + 1);
          else expect(text.length <= f.length && !text.endsWith(' '), `field ${id}`).toBe(true);
        }
      }),
      { seed: 8583, numRuns: 50 },
    );
  });
});
