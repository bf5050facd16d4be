import { describe, expect, it } from 'vitest';
import { defineDialect, dialects, Iso8583Error, toHex } from '../../src/index.js';
import type { FieldSpec } from '../../src/index.js';

const base = { name: 'rules', mtiEncoding: 'ascii', bitmapEncoding: 'hex', maxBitmaps: 1 } as const;

function specError(field: FieldSpec): Iso8583Error {
  try {
    defineDialect({ ...base, fields: { '48': field } });
  } catch (e) {
    return e as Iso8583Error;
  }
  throw new Error('expected BAD_SPEC');
}

describe('dialect spec rules', () => {
  it('refuses a maximum that a one-byte binary prefix cannot state', () => {
    const e = specError({ name: 'x', attr: 'ans', length: 999, lengthDigits: 2, prefixEncoding: 'binary', encoding: 'ascii' });
    expect(e.code).toBe('BAD_SPEC');
    expect(e.message).toBe('field maximum is larger than its length prefix can state (field 48)');
  });

  it('refuses BCD digits counted in bytes unless the pad nibble is F', () => {
    const e = specError({ name: 'x', attr: 'n', length: 10, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', lengthUnit: 'bytes', align: 'left', pad: '0' });
    expect(e.message).toBe('BCD digits counted in bytes need the pad nibble F (field 48)');
  });
});

describe('encodeInto', () => {
  const input = { mti: '0800', fields: { '11': '000001', '41': '12345678', '70': '301' } };

  it('writes the same bytes as encode() at the given offset and returns their count', () => {
    const expected = dialects.iso87ascii.encode(input);
    const target = new Uint8Array(expected.length + 10).fill(0xee);
    const n = dialects.iso87ascii.encodeInto(input, target, 5);
    expect(n).toBe(expected.length);
    expect(toHex(target.subarray(5, 5 + n))).toBe(toHex(expected));
    expect(target[4]).toBe(0xee);
    expect(target[5 + n]).toBe(0xee);
  });

  it('refuses a target that is too small, without writing into it', () => {
    const target = new Uint8Array(10);
    try {
      dialects.iso87ascii.encodeInto(input, target, 2);
      expect.unreachable();
    } catch (e) {
      expect((e as Iso8583Error).code).toBe('BUFFER_TOO_SMALL');
      expect((e as Error).message).toBe('target buffer is too small for the encoded message');
      expect((e as Iso8583Error).found).toBe('8 bytes');
    }
    expect(target.every((b) => b === 0)).toBe(true);
  });
});
