import { expect } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { ByteWriter } from '../../src/bytes/writer.js';
import { READ, compilePrimitive } from '../../src/codec/primitive.js';
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
      const w = new ByteWriter();
      compilePrimitive(spec.fields[id]!, id).write(w, value);
      return toHex(w.result());
    },
    decodeField(id, hex) {
      const codec = compilePrimitive(spec.fields[id]!, id);
      const buf = fromHex(hex);
      expect(codec.read(buf, 0, buf.length)).toBe(buf.length);
      const [start, end, units, pad] = [READ[0]!, READ[1]!, READ[2]!, READ[3]!];
      const v = codec.value(buf, start, end, units, pad);
      const w = new ByteWriter();
      codec.write(w, v, pad);
      return { value: typeof v === 'string' ? v : toHex(v), again: toHex(w.result()) };
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
