import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../src/bytes/hex.js';
import { charsetTable } from '../../src/codec/charset.js';
import type { CompositeSpec, DialectSpec, FieldSpec } from '../../src/codec/spec.js';
import type { CanonicalValue, MessageObject } from '../../src/message/engine.js';
import type { Dialect } from '../../src/message/dialect.js';
import { Iso8583Error, dialects } from '../../src/index.js';

/**
 * Arbitraries built from a dialect's own spec: every field gets values of its attribute, length and
 * encoding, composites get structured values, so a new or changed field is covered without editing here.
 */

// Variable fields may hold up to 999 characters; longer values add time, not coverage.
const MAX_VARIABLE = 40;
const HEX_BYTE = fc.integer({ min: 0, max: 255 }).map((b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** Characters a field's value may hold, taken from the attribute's table (BCD can only carry digits and D). */
function allowedChars(fs: FieldSpec): string[] {
  if (fs.encoding === 'bcd') return fs.attr === 'z' ? [...'0123456789D'] : [...'0123456789'];
  const table = charsetTable(fs.attr);
  const chars: string[] = [];
  for (let c = 0x20; c < 0x7f; c++) if (table[c] === 1) chars.push(String.fromCharCode(c));
  return chars;
}

/** Whether decoding trims the pad of this field (so a value must not end in it on that side). */
function trimsPad(fs: FieldSpec): boolean {
  return fs.pad !== undefined && !fs.lengthDigits && !['n', 'x+n', 'b'].includes(fs.attr) && fs.encoding !== 'bcd';
}

function textOf(chars: string[], min: number, max: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(''));
}

/** Valid canonical values of a field without sub-structure. */
function primitiveArb(fs: FieldSpec): fc.Arbitrary<string> {
  const fixed = !fs.lengthDigits;
  const max = fixed ? fs.length : Math.min(fs.length, MAX_VARIABLE);
  if (fs.attr === 'b') {
    const perByte = fs.encoding === 'hex' && fs.lengthUnit === 'chars' ? 2 : 1;
    const n = Math.floor(max / perByte);
    return fc.array(HEX_BYTE, { minLength: fixed ? n : 0, maxLength: n }).map((a) => a.join(''));
  }
  if (fs.attr === 'x+n') {
    return fc.tuple(fc.constantFrom('C', 'D'), textOf([...'0123456789'], fixed ? max : 0, max)).map(([s, d]) => s + d);
  }
  const chars = allowedChars(fs);
  if (!fixed || !trimsPad(fs)) return textOf(chars, fixed ? max : 0, max);
  const edge = chars.filter((c) => c !== fs.pad);
  const right = fs.align === 'right';
  return fc.tuple(textOf(chars, 0, max - 1), fc.constantFrom(...edge)).map(([body, e]) => (right ? e + body : body + e));
}

/** Valid structured (or, for context layouts, raw) values of a field. */
function fieldArb(fs: FieldSpec): fc.Arbitrary<CanonicalValue> {
  const c = fs.composite;
  if (!c) return primitiveArb(fs);
  return compositeArb(fs, c);
}

function compositeArb(fs: FieldSpec, c: CompositeSpec): fc.Arbitrary<CanonicalValue> {
  switch (c.kind) {
    case 'positional': {
      // Subfields in order while they stay plain and fit the parent; a fixed parent needs them all.
      const subs: [string, FieldSpec][] = [];
      let room = fs.length;
      for (const [key, sub] of Object.entries(c.subfields)) {
        const size = sub.length + (sub.lengthDigits ?? 0);
        if (sub.composite || size > room) break;
        subs.push([key, sub]);
        room -= size;
      }
      const min = fs.lengthDigits ? 0 : subs.length;
      return fc.integer({ min, max: subs.length }).chain((k) =>
        fc.tuple(...subs.slice(0, k).map(([, sub]) => primitiveArb(sub))).map((values) => {
          const out: Record<string, CanonicalValue> = {};
          values.forEach((v, i) => (out[subs[i]![0]] = v));
          return out;
        }),
      );
    }
    case 'ber-tlv': {
      const node = fc.tuple(fc.constantFrom('9F26', '9F27', '5A', '82', '9F10', 'DF8101', '5F34'), fc.array(HEX_BYTE, { maxLength: 16 }));
      return fc.array(node, { maxLength: 4 }).map((ns) => ns.map(([tag, v]) => ({ tag, value: v.join('') })));
    }
    case 'ascii-tlv': {
      const plain = ['A1', 'A3', 'A4', 'ZZ', '01', 'XYZ', 'Q'].filter((t) => t.length === c.tagLength && !c.tags?.[t]?.nested);
      const node = fc.tuple(fc.constantFrom(...plain), textOf(allowedChars({ name: '', attr: 'ans', length: 0, encoding: 'ascii' }), 0, 20));
      return fc.array(node, { maxLength: 4 }).map((ns) => ns.map(([tag, value]) => ({ tag, value })));
    }
    case 'context':
      // Messages here use MTIs no case names, so the value stays raw.
      return primitiveArb(fs);
    case 'bitmapped':
      throw new Error('no built-in dialect has bitmapped subfields: add an arbitrary for them here');
  }
}

/** MTIs no context layout of the dialect depends on. */
function plainMtis(spec: DialectSpec): string[] {
  const used = new Set<string>();
  for (const fs of Object.values(spec.fields)) {
    if (fs.composite?.kind === 'context') for (const k of fs.composite.cases) for (const m of k.when['mti'] ?? []) used.add(m);
  }
  return ['0100', '0200', '0400', '0420', '0600', '1200'].filter((m) => !used.has(m));
}

function messageArb(d: Dialect): fc.Arbitrary<MessageObject> {
  const keys = Object.keys(d.spec.fields);
  const arbs = new Map(keys.map((k) => [k, fieldArb(d.spec.fields[k]!)]));
  return fc.tuple(fc.constantFrom(...plainMtis(d.spec)), fc.subarray(keys, { maxLength: 24 })).chain(([mti, chosen]) =>
    fc.tuple(...chosen.map((k) => arbs.get(k)!)).map((values) => {
      const fields: Record<string, CanonicalValue> = {};
      values.forEach((v, i) => (fields[chosen[i]!] = v));
      return { mti, fields };
    }),
  );
}

type Mutation = { kind: 'set' | 'cut' | 'insert' | 'delete'; at: number; byte: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'cut', 'insert', 'delete'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
}) as fc.Arbitrary<Mutation>;

function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'cut') b = b.slice(0, at);
    else if (m.kind === 'insert') b.splice(at, 0, m.byte);
    else b.splice(at, 1);
  }
  return Uint8Array.from(b);
}

/** Decodes and uses a body; anything thrown must be an Iso8583Error. */
function probe(d: Dialect, bytes: Uint8Array): void {
  try {
    const m = d.decode(bytes);
    const obj = m.toObject();
    m.toJSON();
    m.toString();
    d.encode(obj);
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
  }
}

const ALL = [
  ['iso87ascii', dialects.iso87ascii],
  ['iso87binary', dialects.iso87binary],
  ['iso93ascii', dialects.iso93ascii],
  ['cup', dialects.cup],
] as const;

describe.each(ALL)('the %s dialect', (_name, d) => {
  it('decodes every valid message it encodes to the same message, and re-encodes the same bytes', () => {
    fc.assert(
      fc.property(messageArb(d), (obj) => {
        const bytes = d.encode(obj);
        const m = d.decode(bytes);
        expect(m.toObject()).toStrictEqual(obj);
        expect(toHex(d.encode(m))).toBe(toHex(bytes));
        expect(toHex(d.encode(m.toObject()))).toBe(toHex(bytes));
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('throws only Iso8583Error on random bytes and on mutated valid messages', () => {
    const head = d.spec.mtiEncoding === 'bcd' ? fc.constant(Uint8Array.of(0x02, 0x00)) : fc.constant(Uint8Array.of(0x30, 0x32, 0x30, 0x30));
    const randomBytes = fc.uint8Array({ maxLength: 160 });
    const afterMti = fc.tuple(head, fc.uint8Array({ maxLength: 160 })).map(([h, t]) => Uint8Array.from([...h, ...t]));
    const mutated = fc.tuple(messageArb(d), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([obj, ms]) => mutate(d.encode(obj), ms));
    fc.assert(
      fc.property(fc.oneof({ arbitrary: randomBytes, weight: 1 }, { arbitrary: afterMti, weight: 2 }, { arbitrary: mutated, weight: 5 }), (bytes) => {
        probe(d, bytes);
      }),
      { seed: 8583, numRuns: 10_000 },
    );
  });
});
