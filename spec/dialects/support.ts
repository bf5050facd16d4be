import { expect } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { ByteReader } from '../../src/bytes/reader.js';
import { BUILT_IN_ENCODINGS } from '../../src/codec/encoding/sets.js';
import { compileField } from '../../src/codec/field.js';
import type { DialectSpec, FieldSpec } from '../../src/codec/spec.js';
import { dialects } from '../../src/index.js';
import type { Dialect } from '../../src/message/dialect.js';
import type { MessageObject } from '../../src/message/engine.js';
import type { Message } from '../../src/message/message.js';

/** One dialect's fields, each compiled alone, for checking hand-worked wire bytes field by field. */
export interface FieldVectors {
  /** Wire bytes of one field encoded alone, as upper-case hex. */
  encodeField(id: string, value: string | Uint8Array): string;
  /** The value of one field read from its wire bytes, which it must use up exactly, and the bytes written back. */
  decodeField(id: string, hex: string): { value: string; again: string };
  /** The field's spec as the dialect defines it. */
  field(id: string): FieldSpec | undefined;
}

/** Field-by-field encode and decode helpers for `spec`. */
export function fieldVectors(spec: DialectSpec): FieldVectors {
  return {
    encodeField(id, value) {
      const codec = compileField(spec.fields[id]!, id, { encodings: BUILT_IN_ENCODINGS.encodings });
      const out = new Uint8Array(codec.size(value));
      codec.write(out, 0, value);
      return toHex(out);
    },
    decodeField(id, hex) {
      const codec = compileField(spec.fields[id]!, id, { encodings: BUILT_IN_ENCODINGS.encodings });
      const buf = fromHex(hex);
      const r = new ByteReader(buf);
      codec.read(r);
      expect(r.pos).toBe(buf.length);
      const v = codec.value(buf, 0, buf.length);
      const out = new Uint8Array(codec.size(v));
      codec.write(out, 0, v, codec.padOf(buf, 0, buf.length));
      return { value: typeof v === 'string' ? v : toHex(v), again: toHex(out) };
    },
    field: (id) => spec.fields[id],
  };
}

/** The purchase each built-in dialect's hand-worked message carries (PAN, amount, track 2, PIN data, chip data). */
export const PURCHASE_FIELDS = {
  '2': '476173900101019',
  '3': '000000',
  '4': '000000001000',
  '11': '000123',
  '35': '476173900101019=2512101',
  '41': 'TERM0001',
  '52': '0123456789ABCDEF',
  '55': [
    { tag: '9F26', value: '1122334455667788' },
    { tag: '9F27', value: '80' },
  ],
};

/** Every built-in dialect with its name, for tests that hold for all of them. */
export const BUILT_IN_DIALECTS = [
  ['iso87ascii', dialects.iso87ascii],
  ['iso87binary', dialects.iso87binary],
  ['iso93ascii', dialects.iso93ascii],
  ['cup', dialects.cup],
] as const;

/**
 * Encodes `obj` with `d` and decodes it back: the same object must come out, and both the decoded
 * message and its object must re-encode to the same bytes. Gives the decoded message.
 */
export function expectRoundTrip(d: Dialect, obj: MessageObject): Message {
  const bytes = d.encode(obj);
  const m = d.decode(bytes);
  expect(m.toObject()).toStrictEqual(obj);
  expect(toHex(d.encode(m))).toBe(toHex(bytes));
  expect(toHex(d.encode(m.toObject()))).toBe(toHex(bytes));
  return m;
}
