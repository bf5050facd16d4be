/**
 * Valid random values and messages of any dialect, built from its own spec: every field gets values of
 * its attribute, length and encoding, composites get structured values, so a new or changed field is
 * covered without writing a generator for it.
 */
import { expectOptions } from '../arguments.js';
import fc from 'fast-check';
import { toHex } from '../bytes/hex.js';
import { charsetTable } from '../codec/charset.js';
import type { AsciiTlvComposite, BitmappedComposite, CompositeSpec, DialectSpec, FieldSpec } from '../codec/spec.js';
import { Iso8583Error } from '../errors.js';
import { expectDialect, type Dialect } from '../message/dialect.js';
import type { CanonicalTlv, CanonicalValue, MessageObject } from '../message/engine.js';
import { emvTlvSet } from './arbitraries-emv.js';

// Variable fields may hold up to 999 characters; longer values add time, not coverage.
const MAX_VARIABLE = 40;
/** Most fields a random message carries when the caller does not choose them. */
const DEFAULT_MAX_FIELDS = 24;
/** MTIs tried for random messages, kept when no context layout of the dialect depends on them. */
const CANDIDATE_MTIS = ['0100', '0200', '0400', '0420', '0600', '1200'] as const;

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

function textOf(chars: readonly string[], min: number, max: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(''));
}

function hexOf(min: number, max: number): fc.Arbitrary<string> {
  return fc.uint8Array({ minLength: min, maxLength: max }).map(toHex);
}

/** Valid canonical values of a field without sub-structure. */
function primitiveArb(fs: FieldSpec): fc.Arbitrary<string> {
  const fixed = !fs.lengthDigits;
  const max = fixed ? fs.length : Math.min(fs.length, MAX_VARIABLE);
  if (fs.attr === 'b') {
    const perByte = fs.encoding === 'hex' && fs.lengthUnit === 'chars' ? 2 : 1;
    const n = Math.floor(max / perByte);
    return hexOf(fixed ? n : 0, n);
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

/** Subfields taken in order while they stay plain and fit the parent (a composite subfield ends the run). */
function plainSubfields(fs: FieldSpec, subfields: Record<string, FieldSpec>): [string, FieldSpec][] {
  const subs: [string, FieldSpec][] = [];
  let room = fs.length;
  for (const [key, sub] of Object.entries(subfields)) {
    const size = sub.length + (sub.lengthDigits ?? 0);
    if (sub.composite || size > room) break;
    subs.push([key, sub]);
    room -= size;
  }
  return subs;
}

function subfieldObject(keys: readonly string[], values: readonly CanonicalValue[]): Record<string, CanonicalValue> {
  const out: Record<string, CanonicalValue> = {};
  values.forEach((v, i) => (out[keys[i]!] = v));
  return out;
}

/** Small TLV lists of EMV and private tags, some sensitive, some of three bytes, values possibly empty. */
function looseBerTlv(): fc.Arbitrary<CanonicalTlv[]> {
  const node = fc.tuple(fc.constantFrom('9F26', '9F27', '5A', '82', '9F10', 'DF8101', '5F34'), hexOf(0, 16));
  return fc.array(node, { maxLength: 4 }).map((ns) => ns.map(([tag, value]) => ({ tag, value })));
}

function asciiTlvArb(c: AsciiTlvComposite): fc.Arbitrary<CanonicalTlv[]> {
  const plain = ['A1', 'A3', 'A4', 'ZZ', '01', 'XYZ', 'Q'].filter((t) => t.length === c.tagLength && !c.tags?.[t]?.nested);
  const candidates = plain.length > 0 ? plain : ['A'.repeat(c.tagLength)];
  const maxValue = Math.min(20, 10 ** c.lengthDigits - 1);
  const printable = allowedChars({ name: '', attr: 'ans', length: 0, encoding: 'ascii' });
  const node = fc.tuple(fc.constantFrom(...candidates), textOf(printable, 0, maxValue));
  return fc.array(node, { maxLength: 4 }).map((ns) => ns.map(([tag, value]) => ({ tag, value })));
}

function bitmappedArb(c: BitmappedComposite): fc.Arbitrary<CanonicalValue> {
  const plain = Object.entries(c.subfields).filter(([, sub]) => !sub.composite);
  return fc.subarray(plain).chain((chosen) =>
    fc.tuple(...chosen.map(([, sub]) => primitiveArb(sub))).map((values) => subfieldObject(chosen.map(([k]) => k), values)),
  );
}

function compositeArb(fs: FieldSpec, c: CompositeSpec): fc.Arbitrary<CanonicalValue> {
  switch (c.kind) {
    case 'positional': {
      const subs = plainSubfields(fs, c.subfields);
      // A fixed parent needs every subfield; a variable one may stop after any of them.
      const min = fs.lengthDigits ? 0 : subs.length;
      return fc.integer({ min, max: subs.length }).chain((k) =>
        fc.tuple(...subs.slice(0, k).map(([, sub]) => primitiveArb(sub))).map((values) => subfieldObject(subs.map(([key]) => key), values)),
      );
    }
    case 'ber-tlv':
      // A full request set needs about 250 bytes; smaller fields get short lists only.
      return fs.length >= 255 ? fc.oneof(emvTlvSet({ unknownTags: 2 }), looseBerTlv()) : looseBerTlv();
    case 'ascii-tlv':
      return asciiTlvArb(c);
    case 'context':
      // Messages from `messageFor` avoid the MTIs the cases name, so the value stays raw.
      return primitiveArb(fs);
    case 'bitmapped':
      return bitmappedArb(c);
  }
}

/** Valid structured (or, for context layouts, raw) values of a field spec. */
function fieldArb(fs: FieldSpec): fc.Arbitrary<CanonicalValue> {
  return fs.composite ? compositeArb(fs, fs.composite) : primitiveArb(fs);
}

/**
 * Valid canonical values of the field or positional subfield at `path` (`'4'`, `'60.3'`) of `dialect`.
 * A context-dependent field gets raw values, valid only in messages whose MTI none of its cases names.
 */
export function fieldValue(dialect: Dialect, path: string): fc.Arbitrary<CanonicalValue> {
  expectDialect(dialect);
  const fs = dialect.fieldSpec(path);
  if (fs === undefined) throw new Iso8583Error('UNKNOWN_FIELD', 'dialect does not define this field', { path });
  return fieldArb(fs);
}

/** MTIs named by the context cases of field `fs`. */
function contextMtis(fs: FieldSpec): Set<string> {
  const used = new Set<string>();
  if (fs.composite?.kind === 'context') for (const k of fs.composite.cases) for (const m of k.when['mti'] ?? []) used.add(m);
  return used;
}

/** MTIs no context layout of the dialect depends on. */
function plainMtis(spec: DialectSpec): string[] {
  const used = new Set<string>();
  for (const fs of Object.values(spec.fields)) for (const m of contextMtis(fs)) used.add(m);
  return CANDIDATE_MTIS.filter((m) => !used.has(m));
}

/** Options of `messageFor`. */
export interface MessageForOptions {
  /** The MTI of every message (default: one of 0100 0200 0400 0420 0600 1200 that no context layout depends on). */
  mti?: string;
  /** Exactly these fields (default: a random subset of the dialect's fields). */
  fields?: readonly number[];
  /** Most fields of a random subset (default 24). */
  maxFields?: number;
}

/**
 * Valid random messages of `dialect` in canonical form: each encodes, and decodes back to the same object.
 * Context-dependent fields whose layout the MTI would select are left out of random subsets.
 */
export function messageFor(dialect: Dialect, options?: MessageForOptions): fc.Arbitrary<MessageObject> {
  expectDialect(dialect);
  options = expectOptions(options);
  const spec = dialect.spec;
  if (options.mti !== undefined && !/^[0-9]{4}$/.test(options.mti)) {
    throw new Iso8583Error('BAD_OPTION', 'MTI must be 4 digits', { path: 'mti', expected: 'n 4' });
  }
  const mtis = options.mti === undefined ? plainMtis(spec) : [options.mti];
  if (mtis.length === 0) {
    throw new Iso8583Error('BAD_OPTION', 'every candidate MTI selects a context layout: give one', { path: 'mti' });
  }
  const generable = (key: string) => !mtis.some((m) => contextMtis(spec.fields[key]!).has(m));
  let keys: string[];
  if (options.fields !== undefined) {
    keys = [...new Set(options.fields)].sort((a, b) => a - b).map(String);
    for (const key of keys) {
      if (spec.fields[key] === undefined) throw new Iso8583Error('UNKNOWN_FIELD', 'dialect does not define this field', { path: key });
      if (!generable(key)) {
        throw new Iso8583Error('UNSUPPORTED_FIELD', 'field layout depends on the rest of the message for this MTI', { path: key });
      }
    }
  } else {
    keys = Object.keys(spec.fields).filter(generable);
  }
  const maxFields = options.maxFields ?? DEFAULT_MAX_FIELDS;
  if (!Number.isInteger(maxFields) || maxFields < 0) {
    throw new Iso8583Error('BAD_OPTION', 'most fields must be a whole number from 0', { path: 'maxFields', expected: '0..' });
  }
  const arbs = new Map(keys.map((k) => [k, fieldArb(spec.fields[k]!)]));
  const chosenKeys = options.fields !== undefined ? fc.constant(keys) : fc.subarray(keys, { maxLength: Math.min(maxFields, keys.length) });
  return fc.tuple(fc.constantFrom(...mtis), chosenKeys).chain(([mti, chosen]) =>
    fc.tuple(...chosen.map((k) => arbs.get(k)!)).map((values) => ({ mti, fields: subfieldObject(chosen, values) })),
  );
}
