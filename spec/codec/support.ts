import { expect } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { ByteWriter } from '../../src/bytes/writer.js';
import { ebcdicToLatin1Table, latin1ToEbcdicTable } from '../../src/bytes/ebcdic.js';
import { READ, compilePrimitive, type CodecEnvironment } from '../../src/codec/primitive.js';
import type { FieldSpec } from '../../src/codec/spec.js';
import { Iso8583Error } from '../../src/errors.js';
import { caught } from '../support/errors.js';

/** Hex of ASCII text. */
export const ascii = (text: string): string => toHex(Uint8Array.from(text, (c) => c.charCodeAt(0)));

/** Code page 037 tables, for fields that need them. */
export const EBCDIC_ENV: CodecEnvironment = { ebcdic: { toLatin1: ebcdicToLatin1Table('cp037'), fromLatin1: latin1ToEbcdicTable('cp037') } };

/** A field spec with the usual name and whatever the test sets. */
export function field(parts: Omit<FieldSpec, 'name'>): FieldSpec {
  return { name: 'Test field', ...parts };
}

/** Wire bytes of one value written by a field codec, as upper-case hex. */
export function encodeField(spec: FieldSpec, value: unknown, pad?: number): string {
  const w = new ByteWriter(4);
  compilePrimitive(spec, 'F', EBCDIC_ENV).write(w, value, pad);
  return toHex(w.result());
}

/** What reading a field from hex gives: the value (bytes as hex), the pad nibble kept, and the bytes it used. */
export function decodeField(spec: FieldSpec, hex: string): { value: string; pad: number; used: number } {
  const codec = compilePrimitive(spec, 'F', EBCDIC_ENV);
  const buf = fromHex(hex);
  const used = codec.read(buf, 0, buf.length);
  const [start, end, units, pad] = [READ[0]!, READ[1]!, READ[2]!, READ[3]!];
  const v = codec.value(buf, start, end, units, pad);
  return { value: typeof v === 'string' ? v : toHex(v), pad, used };
}

/** Decodes `hex` and writes the value back with the pad nibble found; the bytes must come back unchanged. */
export function expectIdenticalReencode(spec: FieldSpec, hex: string): void {
  const codec = compilePrimitive(spec, 'F', EBCDIC_ENV);
  const buf = fromHex(hex);
  codec.read(buf, 0, buf.length);
  const [start, end, units, pad] = [READ[0]!, READ[1]!, READ[2]!, READ[3]!];
  const w = new ByteWriter(4);
  codec.write(w, codec.value(buf, start, end, units, pad), pad);
  expect(toHex(w.result())).toBe(hex);
}

/** The error reading `hex` with a field codec throws. */
export function decodeError(spec: FieldSpec, hex: string): Iso8583Error {
  const codec = compilePrimitive(spec, 'F', EBCDIC_ENV);
  const buf = fromHex(hex);
  return caught(() => {
    codec.read(buf, 0, buf.length);
    codec.value(buf, READ[0]!, READ[1]!, READ[2]!, READ[3]!);
  });
}
