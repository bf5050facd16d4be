import { Iso8583Error, type Iso8583ErrorCode } from '../errors.js';
import { checkBcd, nibbleOf, packBcd, unpackBcd } from '../bytes/bcd.js';
import { fromHex, hexNibble, toHex } from '../bytes/hex.js';
import { escapeBytes, escapedByte } from '../bytes/escaped-text.js';
import { latin1Text } from '../bytes/latin1.js';
import type { ByteWriter } from '../bytes/writer.js';
import { charsetTable, describeCharset, firstBadChar, firstBadSignedAmount } from './charset.js';
import { compilePrefix, type PrefixCodec } from './length-prefix.js';
import type { FieldSpec, LengthUnit } from './spec.js';

/** A text codec for multi-byte text (GBK); iconv-lite's lives outside the portable core. */
export interface TextCodecLike {
  encode(text: string, path?: string): Uint8Array;
  decode(bytes: Uint8Array, start: number, end: number, path?: string): string;
}

/** EBCDIC translation tables (256 entries each) for one code page. */
export interface EbcdicTables {
  toLatin1: Uint8Array;
  fromLatin1: Uint8Array;
}

/** What compiling a field may need beyond its spec. */
export interface CodecEnvironment {
  gbk?: TextCodecLike;
  ebcdic?: EbcdicTables;
}

export type PrimitiveValue = string | Uint8Array;

/**
 * Results of the last `read()`: content start, content end, units (digits for BCD, characters or bytes
 * otherwise) and the pad nibble found (-1 when none or the expected one). A shared scratch, so reading a
 * field allocates nothing; callers copy what they need before reading the next field.
 */
export const READ = new Int32Array(4);

/** A field's wire form compiled once: length prefix × value encoding × padding. */
export interface PrimitiveCodec {
  readonly spec: FieldSpec;
  readonly path: string;
  /** Values are bytes (`b` attribute) rather than text. */
  readonly binary: boolean;
  /** Reads the field at `off` (no further than `limit`), validates its wire form, fills `READ`, returns the next offset. */
  read(buf: Uint8Array, off: number, limit: number): number;
  /** The value of content read earlier (`start`, `end`, `units`, `pad` as `READ` gave them). */
  value(buf: Uint8Array, start: number, end: number, units: number, pad: number): PrimitiveValue;
  /** Content as the bytes a composite reads: BCD digits as ASCII, EBCDIC as Latin-1, otherwise as is. */
  contentBytes(buf: Uint8Array, start: number, end: number, units: number): Uint8Array;
  /** Validates a value and writes prefix and content; `pad` restores a pad nibble found on decode. */
  write(w: ByteWriter, value: unknown, pad?: number): void;
  /** Writes prefix and content given as composite content bytes (the inverse of `contentBytes`). */
  writeContent(w: ByteWriter, content: Uint8Array): void;
  /**
   * Wire length of a fixed field whose reading is only a bounds check (plain text or bytes), else 0:
   * the decoder's inline fast path. `read()` remains the reference and reports every error.
   */
  readonly plainFixedWire: number;
  /** Width of the ASCII length prefix of a plain variable text or bytes field (content length = prefix), else 0. */
  readonly plainAsciiPrefix: number;
  /** Layout for `writeAsciiText` when the field is plain ASCII text, else null. */
  readonly asciiText: AsciiTextLayout | null;
}

type Kind = 'text' | 'bcd' | 'binary' | 'hex' | 'gbk' | 'ebcdic';

/** What the ASCII fast path needs of a plain text field (no sign, ASCII or no length prefix). */
export interface AsciiTextLayout {
  readonly max: number;
  readonly fixed: boolean;
  /** Digits of the ASCII length prefix; 0 for a fixed field. */
  readonly prefixWidth: number;
  /** Allowed characters below 0x80 (1 = allowed). */
  readonly table: Uint8Array;
}

/**
 * Writes a plain ASCII text value that needs no padding, when every character is allowed; returns false
 * (having written nothing) otherwise, so the caller's general path pads or reports the exact error.
 * One plain function shared by every field keeps the encoder's hot loop free of per-field closures.
 */
export function writeAsciiText(w: ByteWriter, layout: AsciiTextLayout, text: string): boolean {
  const n = text.length;
  if (layout.fixed ? n !== layout.max : n > layout.max) return false;
  if (w.pos + layout.prefixWidth + n > w.buf.length) w.ensure(layout.prefixWidth + n);
  const end = putAsciiText(w.buf, w.pos, layout, text);
  if (end < 0) return false;
  w.pos = end;
  return true;
}

/**
 * `writeAsciiText` on a bare buffer, for encoders that keep their position in a local: writes at `p` (the
 * caller has made room for the prefix and every character) and returns the end, or -1 when the general path
 * must take the value (bytes from `p` on may then have been overwritten; they count as unwritten).
 */
export function putAsciiText(buf: Uint8Array, p: number, layout: AsciiTextLayout, text: string): number {
  const n = text.length;
  if (layout.fixed ? n !== layout.max : n > layout.max) return -1;
  const width = layout.prefixWidth;
  const table = layout.table;
  if (width > 0) {
    let v = n;
    for (let i = p + width - 1; i >= p; i--) {
      buf[i] = 48 + (v % 10);
      v = (v - (v % 10)) / 10;
    }
    p += width;
  }
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    bad |= (c >> 7) | (table[c & 127]! ^ 1);
    buf[p + i] = c;
  }
  return bad === 0 ? p + n : -1;
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

function unitWord(unit: LengthUnit): string {
  return unit === 'digits' ? 'digits' : unit === 'chars' ? 'characters' : 'bytes';
}

/** Compiles a field spec into its codec; `path` names the field in errors. */
export function compilePrimitive(spec: FieldSpec, path: string, env: CodecEnvironment = {}): PrimitiveCodec {
  const kind: Kind = spec.encoding === 'ascii' ? 'text' : spec.encoding;
  const unit = spec.lengthUnit ?? defaultUnit(spec);
  const max = spec.length;
  const fixed = !spec.lengthDigits;
  const prefix: PrefixCodec | null = fixed ? null : compilePrefix(spec, path, env.ebcdic);
  const prefixWidth = prefix === null ? 0 : prefix.width;
  // Plain ASCII decimal prefixes are written inline by the text encoder; the others go through `prefix.write`.
  const asciiPrefix = prefix !== null && (spec.prefixEncoding ?? 'ascii') === 'ascii' && !spec.prefixInclusive;
  const binary = spec.attr === 'b';
  const signed = spec.attr === 'x+n';
  const track = spec.attr === 'z';
  const numeric = spec.attr === 'n';
  const right = spec.align === undefined ? fixed && (numeric || signed) : spec.align === 'right';
  const padChar = spec.pad;
  const padNibble = padChar === undefined ? 0 : hexNibble(padChar.charCodeAt(0));
  const acceptNibbles = new Set<number>([padNibble]);
  for (const c of spec.acceptPad ?? '') acceptNibbles.add(hexNibble(c.charCodeAt(0)));
  const padCode = padChar === undefined ? -1 : padChar.charCodeAt(0);
  const stripPad = padChar !== undefined && fixed && !numeric && !signed && !binary && kind !== 'bcd';
  const anyNibble = spec.anyNibble === true && kind === 'bcd';
  // Enciphered nibbles show as hex digits, so such a field's values may hold A–F beside its attribute's characters.
  const table = anyNibble ? withHexLetters(charsetTable(spec.attr)) : charsetTable(spec.attr);
  const wide = kind === 'gbk' || kind === 'ebcdic';
  const ebcdic = env.ebcdic;
  if (kind === 'ebcdic' && !ebcdic) {
    throw new Iso8583Error('NO_EBCDIC_TABLES', 'EBCDIC field needs code page tables', { path });
  }
  const gbk = env.gbk;
  const rawWhenNotHex = spec.rawWhenNotHex === true && kind === 'hex' && fixed;
  const signBytes = signed ? 1 : 0;
  const asciiText: AsciiTextLayout | null =
    kind === 'text' && !signed && !binary && (fixed || asciiPrefix)
      ? { max, fixed, prefixWidth, table: table }
      : null;


  const err = (code: Iso8583ErrorCode, detail: string, offset?: number, expected?: string, found?: string): Iso8583Error =>
    new Iso8583Error(code, detail, { path, offset, expected, found });

  /** Wire bytes of content holding `n` units. */
  const wireBytes = (n: number): number => {
    switch (kind) {
      case 'bcd':
        return signBytes + (unit === 'digits' ? (n + 1) >> 1 : n);
      case 'hex':
        return unit === 'bytes' ? 2 * n : n;
      default:
        return signBytes + n;
    }
  };

  const read = (buf: Uint8Array, off: number, limit: number): number => {
    let n = max;
    let start = off;
    if (prefix !== null) {
      n = prefix.read(buf, off, limit);
      start = off + prefix.width;
      if (n > max) {
        throw err('LENGTH_EXCEEDS_MAX', 'length prefix exceeds the field maximum', off, `at most ${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
      }
    }
    const bytes = wireBytes(n);
    const end = start + bytes;
    if (end > limit) {
      throw err('TRUNCATED', 'field runs past the end of the data', start, `${bytes} bytes`, `${limit - start} bytes`);
    }
    let units = n;
    let pad = -1;
    if (kind === 'bcd') {
      const digitStart = start + signBytes;
      let digits = unit === 'digits' ? n : 2 * (bytes - signBytes);
      if (unit !== 'digits' && padChar !== undefined && digits > 0) {
        // Length in bytes: an F at the aligned end is a pad nibble, not a digit.
        const edge = right ? buf[digitStart]! >> 4 : buf[end - 1]! & 15;
        if (edge === 15 && padNibble === 15) digits--;
      }
      const found = checkBcd(buf, digitStart, digits, right, track, anyNibble);
      if (found < 0) throw err('BAD_BCD', 'packed BCD has a nibble that is not allowed', start, track ? 'digits or D' : 'digits');
      if (digits & 1) {
        if (!acceptNibbles.has(found)) {
          throw err('BAD_PAD', 'packed BCD has an unexpected pad nibble', start, `pad ${[...acceptNibbles].map((v) => v.toString(16).toUpperCase()).join(' or ')}`, 'another nibble');
        }
        if (found !== padNibble) pad = found;
      }
      units = digits;
      if (signed && !isSign(buf[start]!)) throw err('BAD_SIGN', 'amount sign must be C or D', start);
    } else if (kind === 'hex') {
      if (bytes & 1) throw err('BAD_LENGTH', 'hex field must have an even number of characters', start);
      const bad = firstNonHex(buf, start, end);
      if (bad >= 0 && !rawWhenNotHex) throw err('BAD_HEX', 'hex field has a character that is not a hex digit', bad);
    } else if (kind === 'gbk') {
      // Decoded eagerly by the engine; validity is checked there.
    } else if (signed && !isSign(kind === 'ebcdic' ? ebcdic!.toLatin1[buf[start]!]! : buf[start]!)) {
      throw err('BAD_SIGN', 'amount sign must be C or D', start);
    }
    READ[0] = start;
    READ[1] = end;
    READ[2] = units;
    READ[3] = pad;
    return end;
  };

  const strip = (s: string): string => {
    if (!stripPad) return s;
    if (right) {
      let i = 0;
      while (i < s.length && s.charCodeAt(i) === padCode) i++;
      return i === 0 ? s : s.slice(i);
    }
    let j = s.length;
    while (j > 0 && s.charCodeAt(j - 1) === padCode) j--;
    return j === s.length ? s : s.slice(0, j);
  };

  const value = (buf: Uint8Array, start: number, end: number, units: number, _pad: number): PrimitiveValue => {
    switch (kind) {
      case 'binary':
        return buf.slice(start, end);
      case 'hex':
        return rawWhenNotHex && firstNonHex(buf, start, end) >= 0 ? buf.slice(start, end) : fromHex(latin1Text(buf, start, end), path);
      case 'bcd': {
        const digits = unpackBcd(buf, start + signBytes, units, right);
        return signed ? String.fromCharCode(buf[start]!) + digits : digits;
      }
      case 'gbk':
        return strip(decodeGbk(buf, start, end));
      case 'ebcdic': {
        let s = '';
        const t = ebcdic!.toLatin1;
        for (let i = start; i < end; i++) s += String.fromCharCode(t[buf[i]!]!);
        return strip(s);
      }
      default:
        return strip(latin1Text(buf, start, end));
    }
  };

  // Without a codec the bytes are kept: bytes above 0x7F become escapes that encode back to themselves.
  const decodeGbk = (buf: Uint8Array, start: number, end: number): string =>
    gbk ? gbk.decode(buf, start, end, path) : escapeBytes(buf, start, end, path);

  const contentBytes = (buf: Uint8Array, start: number, end: number, units: number): Uint8Array => {
    switch (kind) {
      case 'bcd': {
        const s = unpackBcd(buf, start + signBytes, units, right);
        const out = new Uint8Array(s.length);
        for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
        return out;
      }
      case 'ebcdic': {
        const out = new Uint8Array(end - start);
        const t = ebcdic!.toLatin1;
        for (let i = start; i < end; i++) out[i - start] = t[buf[i]!]!;
        return out;
      }
      case 'hex':
        return fromHex(latin1Text(buf, start, end), path);
      default:
        return buf.subarray(start, end);
    }
  };

  /** Checks the count of units against the spec and writes the prefix. */
  const writeLength = (w: ByteWriter, n: number): void => {
    if (fixed) {
      if (n !== max) {
        throw err('BAD_LENGTH', 'value length does not match the fixed field length', undefined, `${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
      }
      return;
    }
    if (n > max) {
      throw err('VALUE_TOO_LONG', 'value is longer than the field allows', undefined, `at most ${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
    }
    prefix!.write(w, n);
  };

  const padText = (s: string, units: number): string => {
    if (!fixed || padChar === undefined || units >= max) return s;
    const fill = padChar.repeat(max - units);
    return right ? fill + s : s + fill;
  };

  const checkChars = (s: string): void => {
    const bad = signed ? firstBadSignedAmount(s) : firstBadChar(s, table, wide);
    if (bad >= 0) throw badChar(bad);
  };

  const writeBcd = (w: ByteWriter, text: string, padHint: number | undefined): void => {
    let s = text;
    checkChars(s);
    let digits = s.length - signBytes;
    // Only a digit pad can fill a short value: an F nibble would not read back as a digit.
    if (fixed && unit === 'digits' && padChar !== undefined && padNibble <= 9 && digits < max) {
      s = signed ? s[0] + padText(s.slice(1), digits) : padText(s, digits);
      digits = max;
    }
    const bytesNeeded = (digits + 1) >> 1;
    if (unit === 'digits') writeLength(w, digits);
    else writeLength(w, bytesNeeded + signBytes);
    w.ensure(bytesNeeded + signBytes);
    if (signed) w.buf[w.pos++] = s.charCodeAt(0);
    const nib = padHint !== undefined && padHint >= 0 ? padHint : padNibble;
    w.pos = packBcd(signed ? s.slice(1) : s, w.buf, w.pos, right, nib, track, path, anyNibble);
  };

  const writeText = (w: ByteWriter, text: string): void => {
    if (kind === 'gbk') {
      checkChars(text);
      const bytes = encodeGbk(text);
      const n = bytes.length;
      if (fixed && padChar !== undefined && n < max) {
        writeLength(w, max);
        const fill = max - n;
        w.ensure(max);
        if (right) for (let i = 0; i < fill; i++) w.buf[w.pos++] = padCode;
        w.bytes(bytes);
        if (!right) for (let i = 0; i < fill; i++) w.buf[w.pos++] = padCode;
        return;
      }
      writeLength(w, n);
      w.bytes(bytes);
      return;
    }
    // One pass checks each character's class and writes it; an amount's sign stays in front of the fill.
    const n = text.length;
    const units = n - signBytes;
    const fill = fixed && padChar !== undefined && units < max ? max - units : 0;
    w.ensure(prefixWidth + n + fill);
    if (asciiPrefix && units <= max) {
      // The common ASCII length prefix, written inline.
      let v = units;
      for (let i = w.pos + prefixWidth - 1; i >= w.pos; i--) {
        w.buf[i] = 48 + (v % 10);
        v = (v - (v % 10)) / 10;
      }
      w.pos += prefixWidth;
    } else {
      writeLength(w, units + fill);
    }
    const buf = w.buf;
    let p = w.pos;
    const t = kind === 'ebcdic' ? ebcdic!.fromLatin1 : null;
    let i = 0;
    if (signed) {
      const c = text.charCodeAt(0);
      if (!isSign(c)) throw badChar(0);
      buf[p++] = t ? t[c]! : c;
      i = 1;
    }
    if (right) for (let k = 0; k < fill; k++) buf[p++] = t ? t[padCode]! : padCode;
    if (t === null) {
      // Branch-free: flag a bad character while copying, and look for where it was only if one was seen.
      let bad = 0;
      const from = i;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        bad |= (c >> 7) | (table[c & 127]! ^ 1);
        buf[p++] = c;
      }
      if (bad !== 0) throw badChar(firstBadChar(text, table, false, from));
    } else {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c < 128 ? table[c] === 0 : !wide) throw badChar(i);
        if (c > 0xff) throw unmappable(i);
        buf[p++] = t[c]!;
      }
    }
    if (!right) for (let k = 0; k < fill; k++) buf[p++] = t ? t[padCode]! : padCode;
    w.pos = p;
  };

  const badChar = (i: number): Iso8583Error =>
    err('BAD_CHARACTER', `value has a character not allowed in ${spec.attr} (${describeCharset(spec.attr)})`, undefined, describeCharset(spec.attr), `another character at position ${i}`);

  const unmappable = (i: number): Iso8583Error =>
    err('UNMAPPABLE_CHARACTER', `value has a character that ${kind === 'ebcdic' ? 'EBCDIC' : 'ASCII'} cannot encode`, undefined, undefined, `character at position ${i}`);

  const encodeGbk = (text: string): Uint8Array => {
    if (gbk) return gbk.encode(text, path);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const b = c < 0x80 ? c : escapedByte(c);
      if (b < 0) throw err('NO_GBK_CODEC', 'GBK text needs a GBK codec', undefined, undefined, `character at position ${i}`);
      out[i] = b;
    }
    return out;
  };

  const writeBinary = (w: ByteWriter, bytes: Uint8Array): void => {
    if (kind === 'hex' && rawWhenNotHex && bytes.length === wireBytes(max)) {
      // The wire bytes of a value that decoded as they were (not hex): written back as they came.
      w.bytes(bytes);
      return;
    }
    if (kind === 'hex') {
      const n = unit === 'bytes' ? bytes.length : 2 * bytes.length;
      writeLength(w, n);
      const hex = toHex(bytes);
      w.ensure(hex.length);
      for (let i = 0; i < hex.length; i++) w.buf[w.pos++] = hex.charCodeAt(i);
      return;
    }
    if (kind === 'bcd') {
      // Binary data in a BCD-declared field: written nibble for nibble.
      writeLength(w, unit === 'digits' ? 2 * bytes.length : bytes.length);
      w.bytes(bytes);
      return;
    }
    writeLength(w, bytes.length);
    w.bytes(bytes);
  };

  const write = (w: ByteWriter, v: unknown, padHint?: number): void => {
    if (binary) {
      let bytes: Uint8Array;
      if (v instanceof Uint8Array) bytes = v;
      else if (typeof v === 'string') bytes = fromHex(v, path);
      else throw err('BAD_TYPE', 'binary value must be bytes or hex text', undefined, 'Uint8Array or hex string', typeName(v));
      writeBinary(w, bytes);
      return;
    }
    if (typeof v !== 'string') throw err('BAD_TYPE', 'value must be a string', undefined, 'string', typeName(v));
    if (kind === 'bcd') writeBcd(w, v, padHint);
    else if (asciiText === null || !writeAsciiText(w, asciiText, v)) writeText(w, v);
  };

  const writeContent = (w: ByteWriter, content: Uint8Array): void => {
    switch (kind) {
      case 'bcd': {
        const s = latin1Text(content, 0, content.length);
        writeBcdRaw(w, s);
        return;
      }
      case 'ebcdic': {
        writeLength(w, content.length);
        w.ensure(content.length);
        const t = ebcdic!.fromLatin1;
        for (let i = 0; i < content.length; i++) w.buf[w.pos++] = t[content[i]!]!;
        return;
      }
      case 'hex':
      case 'binary':
        writeBinary(w, content);
        return;
      default:
        writeLength(w, content.length);
        w.bytes(content);
    }
  };

  /** Composite content of a BCD field: digits that may not pad short fixed fields (subfields fix the size). */
  const writeBcdRaw = (w: ByteWriter, s: string): void => {
    for (let i = 0; i < s.length; i++) {
      if (nibbleOf(s.charCodeAt(i), track, anyNibble) < 0) {
        throw err('BAD_CHARACTER', `value has a character not allowed in ${spec.attr} (${describeCharset(spec.attr)})`, undefined, describeCharset(spec.attr), `another character at position ${i}`);
      }
    }
    const digits = s.length;
    const bytesNeeded = (digits + 1) >> 1;
    writeLength(w, unit === 'digits' ? digits : bytesNeeded);
    w.ensure(bytesNeeded);
    w.pos = packBcd(s, w.buf, w.pos, right, padNibble, track, path, anyNibble);
  };

  const plain = (kind === 'text' || kind === 'binary') && !signed;
  const plainFixedWire = plain && fixed ? wireBytes(max) : 0;
  const plainAsciiPrefix = plain && asciiPrefix ? prefixWidth : 0;
  return { spec, path, binary, read, value, contentBytes, write, writeContent, plainFixedWire, plainAsciiPrefix, asciiText };
}

/** Index of the first byte of `buf[start, end)` that is no hex digit character, or -1. */
function firstNonHex(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (hexNibble(buf[i]!) < 0) return i;
  return -1;
}

function withHexLetters(table: Uint8Array): Uint8Array {
  for (let c = 65; c <= 70; c++) table[c] = 1;
  for (let c = 97; c <= 102; c++) table[c] = 1;
  return table;
}

function isSign(c: number): boolean {
  return c === 67 || c === 68;
}

/** A value's type in words, for error text (never the value itself). */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return 'Uint8Array';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
