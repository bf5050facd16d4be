/**
 * A field's codec, composed once from its parts (value encoding × length prefix × padding) and specialised:
 * `compileField` picks the parts when the dialect is compiled and returns the codec made for that combination,
 * so the message loops only call `read`, `size` and `write`. The specialisations are classes rather than
 * closures: a loop over many fields then calls one of three methods, which the engine can inline, instead of a
 * different function for every field (about a fifth of encodeInto's time, measured).
 */
import { readUnsigned } from '../bytes/unsigned.js';
import { checkBcd, cutBcd } from '../bytes/bcd.js';
import { fromHex, hexNibble, toHex } from '../bytes/hex.js';
import type { ByteReader } from '../bytes/reader.js';
import { charsetTable, firstBadChar } from './charset.js';
import { badCharacter, type EncodingFactories, type EncodingSetup, type PrimitiveValue, type ValueEncoding } from './encoding/encoding.js';
import type { CodecEnvironment } from './environment.js';
import { fieldError, typeName, unitWord } from './field-error.js';
import { stripPad, textPadding, type TextPadding } from './padding.js';
import { compilePrefix, type LengthPrefix } from './prefix.js';
import type { FieldSpec, LengthUnit } from './spec.js';

export type { PrimitiveValue } from './encoding/encoding.js';

/** A field's wire form compiled once. Positions are offsets into the buffer being read or written. */
export interface FieldCodec {
  readonly spec: FieldSpec;
  readonly path: string;
  /** Values are bytes (`b` attribute) rather than text. */
  readonly binary: boolean;
  /** Bytes of the length prefix; 0 for a fixed field. */
  readonly prefixWidth: number;
  /** The value is the field's wire bytes read as Latin-1 text (its pad stripped): ASCII text that is not `b`. */
  readonly latin1Value: boolean;
  /** Reads the field at `r.pos` (length prefix, bounds, the content checks of its encoding) and moves past it. */
  read(r: ByteReader): void;
  /** The value of the field that occupies `buf[start, end)`, read earlier. */
  value(buf: Uint8Array, start: number, end: number): PrimitiveValue;
  /** Whether `textValue` gives the field's canonical text: its value for a `latin1Value` field, hex text in upper case for a hex one. */
  readonly textCanonical: boolean;
  /** The value of a `latin1Value` field at `[start, end)` (the canonical text of a `textCanonical` one), taken from `text`, the Latin-1 text of its buffer. */
  textValue(text: string, start: number, end: number): string;
  /** The canonical text of that field: its value, or upper-case hex for bytes (cut from `hex`, the hex of all of `buf`, where it can be). */
  canonical(buf: Uint8Array, start: number, end: number, hex?: string): string;
  /** The content of that field as a composite's parts read it. */
  content(buf: Uint8Array, start: number, end: number): Uint8Array;
  /** The length of that content, without making it. */
  contentUnits(buf: Uint8Array, start: number, end: number): number;
  /** The pad nibble that field was closed with when it is not the spec's own, else -1. */
  padOf(buf: Uint8Array, start: number, end: number): number;
  /** The most wire bytes any value of this field takes. */
  readonly maxSize: number;
  /** Wire bytes `value` takes; throws for a value of the wrong type or length. */
  size(value: unknown): number;
  /**
   * Writes `value` at `p` (the caller has made room for `size(value)`, or for `maxSize`), checking it as `size`
   * does and every character; `pad` restores a pad nibble found on decode. Returns the end.
   */
  write(buf: Uint8Array, p: number, value: unknown, pad?: number): number;
  /** Wire bytes of composite content `content[0, count)` (the inverse of `content`); throws when the field cannot hold it. */
  contentSize(content: Uint8Array, count: number): number;
  /** Writes composite content `content[0, count)` at `p`, checked as `contentSize` does; returns the end. */
  writeContent(buf: Uint8Array, p: number, content: Uint8Array, count: number): number;
}

function defaultUnit(spec: FieldSpec): LengthUnit {
  switch (spec.encoding) {
    case 'bcd':
      return 'digits';
    case 'binary':
    case 'hex':
    case 'gbk':
      return 'bytes';
    default:
      return 'chars';
  }
}

// The encodings come from the environment (the set the dialect was compiled with), so a bundle carries only those.
function encodingOf(setup: EncodingSetup, encodings: EncodingFactories): ValueEncoding {
  const encoding = setup.spec.encoding;
  const make = encodings[encoding];
  if (make !== undefined) return make(setup);
  if (encoding === 'ebcdic') throw fieldError(setup.path, 'NO_EBCDIC_TABLES', 'EBCDIC field needs code page tables, which this dialect was compiled without (defineDialect has them)');
  throw fieldError(setup.path, 'BAD_SPEC', `${encoding} encoding is not one this dialect was compiled with (defineDialect has every encoding)`);
}

/** Compiles a field spec into its codec; `path` names the field in errors. */
export function compileField(spec: FieldSpec, path: string, env: CodecEnvironment): FieldCodec {
  const unit = spec.lengthUnit ?? defaultUnit(spec);
  const table = charsetTable(spec.attr);
  if (spec.anyNibble === true && spec.encoding === 'bcd') {
    // Enciphered nibbles show as hex digits, so such a field's values may hold A–F beside its attribute's characters.
    for (let c = 65; c <= 70; c++) table[c] = table[c + 32] = 1;
  }
  const padding = textPadding(spec);
  const enc = encodingOf({ spec, path, unit, table, padding, env }, env.encodings);
  const prefix = spec.lengthDigits ? compilePrefix(spec, path, env.ebcdic) : null;
  const plainPrefix = prefix === null || (prefix.encoding === 'ascii' && !spec.prefixInclusive);
  // A prefix of plain digits, ASCII or packed, read inline by the specialisations (anything else goes the composed way).
  const digitPrefix = prefix === null || ((prefix.encoding === 'ascii' || prefix.encoding === 'bcd') && !spec.prefixInclusive);
  const unsigned = spec.attr !== 'x+n';
  if (spec.encoding === 'ascii' && spec.attr !== 'b' && unsigned && plainPrefix) return new AsciiTextField(spec, path, unit, enc, prefix, padding, table);
  if ((spec.encoding === 'ascii' || spec.encoding === 'binary') && unsigned && digitPrefix) return new PlainField(spec, path, unit, enc, prefix, padding, table);
  if (spec.encoding === 'bcd' && unit === 'digits' && unsigned && digitPrefix) return new DigitsField(spec, path, unit, enc, prefix, padding, table);
  return new ComposedField(spec, path, unit, enc, prefix, padding, table);
}

/** Whether reading a field checks its room alone (a fixed run of plain bytes), so no content fails the read. */
export function readsRoomOnly(codec: FieldCodec): boolean {
  return codec instanceof PlainField && codec.prefixWidth === 0;
}

/** A codec of any combination of parts, going through each part's interface. */
class ComposedField implements FieldCodec {
  readonly spec: FieldSpec;
  readonly path: string;
  readonly binary: boolean;
  readonly prefixWidth: number;
  readonly latin1Value: boolean;
  readonly textCanonical: boolean;
  readonly maxSize: number;
  protected readonly unit: LengthUnit;
  protected readonly enc: ValueEncoding;
  protected readonly prefix: LengthPrefix | null;
  protected readonly padding: TextPadding;
  protected readonly table: Uint8Array;
  /** Fixed length, or the most a variable field holds, in length units. */
  protected readonly max: number;

  constructor(spec: FieldSpec, path: string, unit: LengthUnit, enc: ValueEncoding, prefix: LengthPrefix | null, padding: TextPadding, table: Uint8Array) {
    this.spec = spec;
    this.path = path;
    this.binary = spec.attr === 'b';
    this.prefixWidth = prefix === null ? 0 : prefix.width;
    this.latin1Value = spec.encoding === 'ascii' && !this.binary;
    this.textCanonical = this.latin1Value || enc.canonicalText !== undefined;
    this.maxSize = this.prefixWidth + enc.wireBytes(spec.length);
    this.unit = unit;
    this.enc = enc;
    this.prefix = prefix;
    this.padding = padding;
    this.table = table;
    this.max = spec.length;
  }

  read(r: ByteReader): void {
    const buf = r.buf;
    const off = r.pos;
    const limit = r.limit;
    let n = this.max;
    if (this.prefix !== null) {
      n = this.prefix.read(buf, off, limit);
      if (n > this.max) throw this.exceedsMax(off, n);
    }
    const start = off + this.prefixWidth;
    const bytes = this.enc.wireBytes(n);
    const end = start + bytes;
    if (end > limit) throw this.truncated(start, bytes, limit);
    this.enc.check(buf, start, end, n);
    r.pos = end;
  }

  value(buf: Uint8Array, start: number, end: number): PrimitiveValue {
    const v = this.enc.value(buf, start + this.prefixWidth, end, this.lengthAt(buf, start));
    return typeof v === 'string' ? this.padding.strip(v) : v;
  }

  textValue(text: string, start: number, end: number): string {
    // The pad is found in the body text, so that the value is one substring.
    const padding = this.padding;
    const s = start + this.prefixWidth;
    const canonicalText = this.enc.canonicalText;
    return padding.strips ? stripPad(text, padding.code, padding.right, s, end) : canonicalText ? canonicalText(text.substring(s, end)) : text.substring(s, end);
  }

  canonical(buf: Uint8Array, start: number, end: number, hex?: string): string {
    const canonical = this.enc.canonical;
    if (canonical !== undefined) return canonical(buf, start + this.prefixWidth, end, this.lengthAt(buf, start), hex);
    const v = this.value(buf, start, end);
    return typeof v === 'string' ? v : toHex(v);
  }

  content(buf: Uint8Array, start: number, end: number): Uint8Array {
    return this.enc.content(buf, start + this.prefixWidth, end, this.lengthAt(buf, start));
  }

  contentUnits(buf: Uint8Array, start: number, end: number): number {
    return this.enc.contentUnits?.(buf, start + this.prefixWidth, end, this.lengthAt(buf, start)) ?? this.content(buf, start, end).length;
  }

  padOf(buf: Uint8Array, start: number, end: number): number {
    return this.enc.check(buf, start + this.prefixWidth, end, this.lengthAt(buf, start));
  }

  size(v: unknown): number {
    const n = this.enc.length(this.primitive(v));
    this.checkLength(n);
    return this.prefixWidth + this.enc.wireBytes(n);
  }

  write(buf: Uint8Array, p: number, v: unknown, pad = -1): number {
    // Text a packed encoding takes as it is (every digit given, none to fill) is packed in one pass, each character
    // checked; one it cannot pack goes the general way, which tells why.
    const pack = this.enc.pack;
    const prefix = this.prefix;
    if (pack !== undefined && typeof v === 'string' && pad < 0 && (prefix === null ? v.length === this.max : v.length <= this.max)) {
      if (prefix !== null) prefix.check(v.length);
      const end = pack(buf, prefix === null ? p : prefix.write(buf, p, v.length), v);
      if (end >= 0) return end;
    }
    const value = this.primitive(v);
    const n = this.enc.length(value);
    this.checkLength(n);
    if (this.prefix !== null) p = this.prefix.write(buf, p, n);
    return this.enc.write(buf, p, value, n, pad);
  }

  contentSize(content: Uint8Array, count: number): number {
    const n = this.enc.contentLength(content, count);
    this.checkLength(n);
    return this.prefixWidth + this.enc.wireBytes(n);
  }

  writeContent(buf: Uint8Array, p: number, content: Uint8Array, count: number): number {
    const n = this.enc.contentLength(content, count);
    this.checkLength(n);
    if (this.prefix !== null) p = this.prefix.write(buf, p, n);
    return this.enc.writeContent(buf, p, content, count);
  }

  /**
   * The length a prefix of plain digits (ASCII or packed) at `off` states when it is whole and within the maximum,
   * else -1 (the composed read then tells what is wrong). Only for the specialisations, whose prefix is such.
   */
  protected digitLength(buf: Uint8Array, off: number, limit: number): number {
    const n = off + this.prefixWidth > limit ? -1 : readUnsigned(buf, off, this.prefixWidth, this.prefix!.encoding);
    return n > this.max ? -1 : n;
  }

  /** Length units of the field at `start` (its prefix re-read; it was checked when the field was read). */
  protected lengthAt(buf: Uint8Array, start: number): number {
    return this.prefix === null ? this.max : this.prefix.read(buf, start, buf.length);
  }

  /** Throws unless `n` length units fit the field: exactly for a fixed one, at most its maximum (and its prefix's) otherwise. */
  protected checkLength(n: number): void {
    const { unit, max, prefix } = this;
    if (prefix === null) {
      if (n !== max) throw fieldError(this.path, 'BAD_LENGTH', 'value length does not match the fixed field length', undefined, `${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
      return;
    }
    if (n > max) throw fieldError(this.path, 'VALUE_TOO_LONG', 'value is longer than the field allows', undefined, `at most ${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
    prefix.check(n);
  }

  /** The value as its encoding writes it: bytes for binary fields (hex text accepted), text otherwise. */
  protected primitive(v: unknown): PrimitiveValue {
    if (this.binary) {
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return fromHex(v, this.path);
      throw fieldError(this.path, 'BAD_TYPE', 'binary value must be bytes or hex text', undefined, 'Uint8Array or hex string', typeName(v));
    }
    if (typeof v !== 'string') throw fieldError(this.path, 'BAD_TYPE', 'value must be a string', undefined, 'string', typeName(v));
    return v;
  }

  protected exceedsMax(off: number, n: number): Error {
    const unit = unitWord(this.unit);
    return fieldError(this.path, 'LENGTH_EXCEEDS_MAX', 'length prefix exceeds the field maximum', off, `at most ${this.max} ${unit}`, `${n} ${unit}`);
  }

  protected truncated(start: number, bytes: number, limit: number): Error {
    return fieldError(this.path, 'TRUNCATED', 'field runs past the end of the data', start, `${bytes} bytes`, `${limit - start} bytes`);
  }
}

/**
 * Plain ASCII or binary content: reading it is a bounds check (and, for a variable field, its ASCII digits). A
 * prefix that is not plainly digits goes the composed way, which reports it exactly.
 */
class PlainField extends ComposedField {
  override read(r: ByteReader): void {
    const width = this.prefixWidth;
    const off = r.pos;
    if (width === 0) {
      const end = off + this.max;
      if (end > r.limit) throw this.truncated(off, this.max, r.limit);
      r.pos = end;
      return;
    }
    const n = this.digitLength(r.buf, off, r.limit);
    const start = off + width;
    if (n < 0) return super.read(r);
    if (start + n > r.limit) throw this.truncated(start, n, r.limit);
    r.pos = start + n;
  }
}

/** Packed digits counted in digits, unsigned: the prefix read inline, the digits checked by the encoding. */
class DigitsField extends ComposedField {
  /** Bit v set when nibble v may close an odd digit count: the spec's pad or one it accepts. */
  private readonly closes = [...(this.spec.pad ?? '0') + (this.spec.acceptPad ?? '')].reduce((m, c) => m | (1 << hexNibble(c.charCodeAt(0))), 0);
  // Kept on the codec: specs of different fields have different shapes, so reading them per field read is a lookup.
  private readonly track = this.spec.attr === 'z';
  private readonly anyNibble = this.spec.anyNibble === true;

  override read(r: ByteReader): void {
    const buf = r.buf;
    const start = r.pos + this.prefixWidth;
    const n = this.prefix === null ? this.max : this.digitLength(buf, r.pos, r.limit);
    const end = start + ((n + 1) >> 1);
    const pad = n < 0 || end > r.limit ? -1 : checkBcd(buf, start, n, this.padding.right, this.track, this.anyNibble);
    // Whatever is wrong (prefix, length, a nibble, the pad) is told by the composed read.
    if (pad < 0 || (n & 1 && ((this.closes >> pad) & 1) === 0)) return super.read(r);
    r.pos = end;
  }

  override canonical(buf: Uint8Array, start: number, end: number, hex?: string): string {
    if (hex === undefined) return super.canonical(buf, start, end);
    // One cut of the body's hex, the length read inline, where the encoding's path goes through three calls.
    return cutBcd(hex, start + this.prefixWidth, this.prefix === null ? this.max : this.digitLength(buf, start, buf.length), this.padding.right);
  }
}

/**
 * ASCII text written in one pass: length, prefix digits and every character checked while copied. A value that
 * needs padding, or that breaks a rule, goes the composed way, which pads it or reports the exact error.
 */
class AsciiTextField extends PlainField {
  override size(v: unknown): number {
    if (typeof v === 'string' && (this.prefixWidth === 0 ? v.length === this.max : v.length <= this.max)) return this.prefixWidth + v.length;
    return super.size(v);
  }

  override write(buf: Uint8Array, p: number, v: unknown, pad?: number): number {
    const width = this.prefixWidth;
    if (typeof v !== 'string' || (width === 0 ? v.length !== this.max : v.length > this.max)) return super.write(buf, p, v, pad);
    const n = v.length;
    if (width > 0) {
      let rest = n;
      for (let i = p + width - 1; i >= p; i--) {
        buf[i] = 48 + (rest % 10);
        rest = (rest - (rest % 10)) / 10;
      }
      p += width;
    }
    // Branch-free: flag a bad character while copying; where it was is looked for only if one was seen.
    const table = this.table;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      bad |= (c >> 7) | (table[c & 127]! ^ 1);
      buf[p + i] = c;
    }
    if (bad !== 0) throw badCharacter(this.path, this.spec.attr, firstBadChar(v, table, false));
    return p + n;
  }
}
