import { expect } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { ByteReader } from '../../src/bytes/reader.js';
import { ebcdicToLatin1Table, latin1ToEbcdicTable } from '../../src/bytes/ebcdic.js';
import type { CodecEnvironment } from '../../src/codec/environment.js';
import { EVERY_ENCODING } from '../../src/codec/encoding/sets.js';
import { compileField } from '../../src/codec/field.js';
import type { AsciiTlvComposite, FieldSpec } from '../../src/codec/spec.js';
import { defineDialect, type Dialect } from '../../src/message/dialect.js';
import { Iso8583Error } from '../../src/errors.js';
import { caught } from '../support/errors.js';

/** Hex of ASCII text. */
export const ascii = (text: string): string => toHex(Uint8Array.from(text, (c) => c.charCodeAt(0)));

/** Every encoding, with code page 037 tables for fields that need them. */
export const EBCDIC_ENV: CodecEnvironment = {
  encodings: EVERY_ENCODING.encodings,
  ebcdic: { toLatin1: ebcdicToLatin1Table('cp037'), fromLatin1: latin1ToEbcdicTable('cp037') },
};

/** A field spec with the usual name and whatever the test sets. */
export function field(parts: Omit<FieldSpec, 'name'>): FieldSpec {
  return { name: 'Test field', ...parts };
}

/** Wire bytes of one value written by a field codec, as upper-case hex. */
export function encodeField(spec: FieldSpec, value: unknown, pad?: number): string {
  const codec = compileField(spec, 'F', EBCDIC_ENV);
  const out = new Uint8Array(codec.size(value));
  expect(codec.write(out, 0, value, pad)).toBe(out.length);
  return toHex(out);
}

/** What reading a field from hex gives: the value (bytes as hex), the pad nibble kept, and the bytes it used. */
export function decodeField(spec: FieldSpec, hex: string): { value: string; pad: number; used: number } {
  const codec = compileField(spec, 'F', EBCDIC_ENV);
  const buf = fromHex(hex);
  const r = new ByteReader(buf);
  codec.read(r);
  const v = codec.value(buf, 0, r.pos);
  return { value: typeof v === 'string' ? v : toHex(v), pad: codec.padOf(buf, 0, r.pos), used: r.pos };
}

/** Decodes `hex` and writes the value back with the pad nibble found; the bytes must come back unchanged. */
export function expectIdenticalReencode(spec: FieldSpec, hex: string): void {
  const codec = compileField(spec, 'F', EBCDIC_ENV);
  const buf = fromHex(hex);
  const r = new ByteReader(buf);
  codec.read(r);
  const value = codec.value(buf, 0, r.pos);
  const out = new Uint8Array(codec.size(value));
  codec.write(out, 0, value, codec.padOf(buf, 0, r.pos));
  expect(toHex(out)).toBe(hex);
}

/** The error reading `hex` with a field codec throws. */
export function decodeError(spec: FieldSpec, hex: string): Iso8583Error {
  const codec = compileField(spec, 'F', EBCDIC_ENV);
  const buf = fromHex(hex);
  return caught(() => {
    const r = new ByteReader(buf);
    codec.read(r);
    codec.value(buf, 0, r.pos);
  });
}

/** An LLLVAR text field: up to 999 ASCII characters after a 2-byte BCD length. */
export const LLLVAR_ASCII = { attr: 'ans', length: 999, lengthDigits: 3, prefixEncoding: 'bcd', encoding: 'ascii' } as const;

const HARDWARE: AsciiTlvComposite = { kind: 'ascii-tlv', tagLength: 2, lengthDigits: 2, tags: { '01': { name: 'Device type' } } };

/**
 * A dialect of two ASCII TLV fields: 59, whose tag A2 holds a TLV list of its own (and A3 a secret), and 63, with
 * 3-character tags and 1-digit lengths. 59 is bit 3 of byte 8 (0x20), 63 bit 7 (0x02); both have 2-byte BCD
 * prefixes, so content starts at byte 12.
 */
export function asciiTlvDialect(): Dialect {
  return defineDialect({
    name: 'tlv',
    mtiEncoding: 'bcd',
    bitmapEncoding: 'binary',
    maxBitmaps: 1,
    fields: {
      '59': {
        name: 'Custom data',
        ...LLLVAR_ASCII,
        composite: {
          kind: 'ascii-tlv',
          tagLength: 2,
          lengthDigits: 3,
          tags: { A2: { name: 'Hardware', nested: HARDWARE }, A3: { name: 'Payment code', sensitivity: 'secret' } },
        },
      },
      '63': {
        name: 'Narrow TLV',
        ...LLLVAR_ASCII,
        composite: { kind: 'ascii-tlv', tagLength: 3, lengthDigits: 1 },
      },
    },
  });
}
