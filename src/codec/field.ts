/**
 * A field's codec, composed once from its parts (value encoding × length prefix × padding) and specialised:
 * `compileField` picks the parts when the dialect is compiled and returns closures made for exactly that
 * combination, so the message loops only call `read`, `size` and `write`.
 */
import { fromHex, toHex } from '../bytes/hex.js';
import type { ByteReader } from '../bytes/reader.js';
import { charsetTable, firstBadChar } from './charset.js';
import { asciiEncoding } from './encoding/ascii.js';
import { bcdEncoding } from './encoding/bcd.js';
import { binaryEncoding } from './encoding/binary.js';
import { ebcdicEncoding } from './encoding/ebcdic.js';
import { badCharacter, type EncodingSetup, type PrimitiveValue, type ValueEncoding } from './encoding/encoding.js';
import { gbkEncoding } from './encoding/gbk.js';
import { hexEncoding } from './encoding/hex.js';
import type { CodecEnvironment } from './environment.js';
import { fieldError, typeName, unitWord } from './field-error.js';
import { textPadding } from './padding.js';
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
  /** The value of a `latin1Value` field at `[start, end)`, taken from `text`, the Latin-1 text of its buffer. */
  textValue(text: string, start: number, end: number): string;
  /** The canonical text of that field: its value, or upper-case hex for bytes. */
  canonical(buf: Uint8Array, start: number, end: number): string;
  /** The content of that field as a composite's parts read it. */
  content(buf: Uint8Array, start: number, end: number): Uint8Array;
  /** The pad nibble that field was closed with when it is not the spec's own, else -1. */
  padOf(buf: Uint8Array, start: number, end: number): number;
  /** Wire bytes `value` takes; throws for a value of the wrong type or length. */
  size(value: unknown): number;
  /** Writes `value` (sized already) at `p`, checking every character; `pad` restores a pad nibble found on decode. Returns the end. */
  write(buf: Uint8Array, p: number, value: unknown, pad?: number): number;
  /** Wire bytes of composite content (the inverse of `content`); throws when the field cannot hold it. */
  contentSize(content: Uint8Array): number;
  /** Writes composite content (sized already) at `p`; returns the end. */
  writeContent(buf: Uint8Array, p: number, content: Uint8Array): number;
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

function encodingOf(setup: EncodingSetup): ValueEncoding {
  switch (setup.spec.encoding) {
    case 'ascii':
      return asciiEncoding(setup);
    case 'ebcdic':
      return ebcdicEncoding(setup);
    case 'gbk':
      return gbkEncoding(setup);
    case 'bcd':
      return bcdEncoding(setup);
    case 'binary':
      return binaryEncoding(setup);
    case 'hex':
      return hexEncoding(setup);
  }
}

/** Compiles a field spec into its codec; `path` names the field in errors. */
export function compileField(spec: FieldSpec, path: string, env: CodecEnvironment = {}): FieldCodec {
  const unit = spec.lengthUnit ?? defaultUnit(spec);
  const table = charsetTable(spec.attr);
  if (spec.anyNibble === true && spec.encoding === 'bcd') {
    // Enciphered nibbles show as hex digits, so such a field's values may hold A–F beside its attribute's characters.
    for (let c = 65; c <= 70; c++) table[c] = table[c + 32] = 1;
  }
  const padding = textPadding(spec);
  const enc = encodingOf({ spec, path, unit, table, padding, env });
  const prefix = spec.lengthDigits ? compilePrefix(spec, path, env.ebcdic) : null;
  const parts: Parts = { spec, path, unit, enc, prefix, width: prefix === null ? 0 : prefix.width, max: spec.length, binary: spec.attr === 'b' };
  const codec = generalCodec(parts, padding.strip);
  const plain = (spec.encoding === 'ascii' || spec.encoding === 'binary') && spec.attr !== 'x+n';
  const asciiPrefix = prefix !== null && prefix.encoding === 'ascii' && !spec.prefixInclusive;
  if (plain && (prefix === null || asciiPrefix)) codec.read = plainRead(parts, codec.read);
  if (spec.encoding === 'ascii' && !parts.binary && spec.attr !== 'x+n' && (prefix === null || asciiPrefix)) asciiTextWriter(parts, table, codec);
  return codec;
}

interface Parts {
  readonly spec: FieldSpec;
  readonly path: string;
  readonly unit: LengthUnit;
  readonly enc: ValueEncoding;
  readonly prefix: LengthPrefix | null;
  readonly width: number;
  readonly max: number;
  readonly binary: boolean;
}

/** The codec of any combination of parts, going through each part's interface. */
function generalCodec(parts: Parts, strip: (text: string) => string): FieldCodec {
  const { spec, path, unit, enc, prefix, width, max, binary } = parts;

  /** Length units of the field at `start` (its prefix re-read; it was checked when the field was read). */
  const lengthAt = (buf: Uint8Array, start: number): number => (prefix === null ? max : prefix.read(buf, start, buf.length));

  const checkLength = (n: number): void => {
    if (prefix === null) {
      if (n !== max) throw fieldError(path, 'BAD_LENGTH', 'value length does not match the fixed field length', undefined, `${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
      return;
    }
    if (n > max) throw fieldError(path, 'VALUE_TOO_LONG', 'value is longer than the field allows', undefined, `at most ${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
    prefix.check(n);
  };

  /** The value as its encoding writes it: bytes for binary fields (hex text accepted), text otherwise. */
  const primitive = (v: unknown): PrimitiveValue => {
    if (binary) {
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return fromHex(v, path);
      throw fieldError(path, 'BAD_TYPE', 'binary value must be bytes or hex text', undefined, 'Uint8Array or hex string', typeName(v));
    }
    if (typeof v !== 'string') throw fieldError(path, 'BAD_TYPE', 'value must be a string', undefined, 'string', typeName(v));
    return v;
  };

  const value = (buf: Uint8Array, start: number, end: number): PrimitiveValue => {
    const v = enc.value(buf, start + width, end, lengthAt(buf, start));
    return typeof v === 'string' ? strip(v) : v;
  };

  return {
    spec,
    path,
    binary,
    prefixWidth: width,
    latin1Value: spec.encoding === 'ascii' && !binary,
    read(r) {
      const buf = r.buf;
      const off = r.pos;
      const limit = r.limit;
      let n = max;
      if (prefix !== null) {
        n = prefix.read(buf, off, limit);
        if (n > max) {
          throw fieldError(path, 'LENGTH_EXCEEDS_MAX', 'length prefix exceeds the field maximum', off, `at most ${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
        }
      }
      const start = off + width;
      const bytes = enc.wireBytes(n);
      const end = start + bytes;
      if (end > limit) throw fieldError(path, 'TRUNCATED', 'field runs past the end of the data', start, `${bytes} bytes`, `${limit - start} bytes`);
      enc.check(buf, start, end, n);
      r.pos = end;
    },
    value,
    textValue: (text, start, end) => strip(text.substring(start + width, end)),
    canonical(buf, start, end) {
      if (spec.encoding === 'binary' && binary) return toHex(buf, start + width, end);
      const v = value(buf, start, end);
      return typeof v === 'string' ? v : toHex(v);
    },
    content: (buf, start, end) => enc.content(buf, start + width, end, lengthAt(buf, start)),
    padOf: (buf, start, end) => enc.check(buf, start + width, end, lengthAt(buf, start)),
    size(v) {
      const n = enc.length(primitive(v));
      checkLength(n);
      return width + enc.wireBytes(n);
    },
    write(buf, p, v, pad = -1) {
      const value = primitive(v);
      const n = enc.length(value);
      if (prefix !== null) p = prefix.write(buf, p, n);
      return enc.write(buf, p, value, n, pad);
    },
    contentSize(content) {
      const n = enc.contentLength(content);
      checkLength(n);
      return width + enc.wireBytes(n);
    },
    writeContent(buf, p, content) {
      if (prefix !== null) p = prefix.write(buf, p, enc.contentLength(content));
      return enc.writeContent(buf, p, content);
    },
  };
}

/**
 * Reading a plain ASCII or binary field is a bounds check (and, for a variable one, its ASCII digits); a prefix
 * that is not plainly digits goes to `general`, which reports it exactly.
 */
function plainRead(parts: Parts, general: (r: ByteReader) => void): (r: ByteReader) => void {
  const { path, unit, max, width } = parts;
  const truncated = (start: number, bytes: number, limit: number) =>
    fieldError(path, 'TRUNCATED', 'field runs past the end of the data', start, `${bytes} bytes`, `${limit - start} bytes`);
  if (width === 0) {
    return (r) => {
      const end = r.pos + max;
      if (end > r.limit) throw truncated(r.pos, max, r.limit);
      r.pos = end;
    };
  }
  return (r) => {
    const buf = r.buf;
    const off = r.pos;
    const start = off + width;
    if (start > r.limit) return general(r);
    let n = 0;
    for (let i = off; i < start; i++) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) return general(r);
      n = n * 10 + d;
    }
    if (n > max) throw fieldError(path, 'LENGTH_EXCEEDS_MAX', 'length prefix exceeds the field maximum', off, `at most ${max} ${unitWord(unit)}`, `${n} ${unitWord(unit)}`);
    if (start + n > r.limit) throw truncated(start, n, r.limit);
    r.pos = start + n;
  };
}

/**
 * ASCII text fields written in one pass: length, prefix digits and every character checked while copied. A value
 * that needs padding, or that breaks a rule, takes the general path, which pads it or reports the exact error.
 */
function asciiTextWriter(parts: Parts, table: Uint8Array, codec: FieldCodec): void {
  const { max, width, path } = parts;
  const fixed = width === 0;
  const generalSize = codec.size;
  const generalWrite = codec.write;
  codec.size = (v) => {
    if (typeof v === 'string' && (fixed ? v.length === max : v.length <= max)) return width + v.length;
    return generalSize(v);
  };
  codec.write = (buf, p, v, pad) => {
    if (typeof v !== 'string') return generalWrite(buf, p, v, pad);
    const n = v.length;
    if (fixed ? n !== max : n > max) return generalWrite(buf, p, v, pad);
    if (width > 0) {
      let rest = n;
      for (let i = p + width - 1; i >= p; i--) {
        buf[i] = 48 + (rest % 10);
        rest = (rest - (rest % 10)) / 10;
      }
      p += width;
    }
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      bad |= (c >> 7) | (table[c & 127]! ^ 1);
      buf[p + i] = c;
    }
    if (bad !== 0) throw badCharacter(path, parts.spec.attr, firstBadChar(v, table, false));
    return p + n;
  };
}
