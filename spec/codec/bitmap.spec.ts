import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { ByteReader } from '../../src/bytes/reader.js';
import { bitmapForm, bitmapSize, readBitmap, writeBitmap } from '../../src/codec/bitmap.js';
import type { BitmapEncoding } from '../../src/codec/spec.js';
import { defineDialect } from '../../src/message/dialect.js';
import { ascii } from './support.js';
import { caught, shape } from '../support/errors.js';

function write(ids: number[], encoding: BitmapEncoding, max: 1 | 2 | 3): string {
  const out = new Uint8Array(bitmapSize(ids, bitmapForm(encoding), max));
  expect(writeBitmap(out, 0, ids, bitmapForm(encoding))).toBe(out.length);
  return toHex(out);
}

function read(hex: string, encoding: BitmapEncoding, max: 1 | 2 | 3): { ids: number[]; next: number } {
  const r = new ByteReader(fromHex(hex));
  const ids: number[] = [];
  readBitmap(r, bitmapForm(encoding), max, ids);
  return { ids, next: r.pos };
}

describe('bitmaps', () => {
  it('set one bit per field, most significant bit first', () => {
    expect(write([2, 3, 4], 'binary', 1)).toBe('7000000000000000');
    expect(write([3, 11, 41, 64], 'binary', 1)).toBe('2020000000800001');
    expect(read('2020000000800001', 'binary', 1)).toStrictEqual({ ids: [3, 11, 41, 64], next: 8 });
  });

  it('write an empty primary bitmap for a message without fields', () => {
    expect(write([], 'binary', 2)).toBe('0000000000000000');
  });

  it('add a secondary bitmap and set bit 1 when a field above 64 is present', () => {
    expect(write([3, 70], 'binary', 2)).toBe('A0000000000000000400000000000000');
    expect(write([128], 'binary', 2)).toBe('80000000000000000000000000000001');
    expect(read('A0000000000000000400000000000000', 'binary', 2)).toStrictEqual({ ids: [3, 70], next: 16 });
  });

  it('add a tertiary bitmap and set bits 1 and 65 when a field above 128 is present', () => {
    expect(write([3, 130, 192], 'binary', 3)).toBe('A000000000000000' + '8000000000000000' + '4000000000000001');
    expect(read('A000000000000000' + '8000000000000000' + '4000000000000001', 'binary', 3)).toStrictEqual({ ids: [3, 130, 192], next: 24 });
  });

  it('take bit 65 as a plain field in a two-bitmap dialect', () => {
    expect(read('8000000000000000' + '8000000000000000', 'binary', 2).ids).toStrictEqual([65]);
  });

  it('write hex bitmaps as 16 upper-case ASCII characters per block', () => {
    expect(write([3, 11, 41, 64], 'hex', 1)).toBe(ascii('2020000000800001'));
    expect(bitmapForm('hex').width).toBe(16);
    expect(bitmapForm('binary').width).toBe(8);
  });

  it('read hex bitmaps in either case', () => {
    expect(read(ascii('a000000000000000') + ascii('000000000000000F'), 'hex', 2).ids).toStrictEqual([3, 125, 126, 127, 128]);
    expect(read(ascii('A000000000000000') + ascii('000000000000000f'), 'hex', 2).ids).toStrictEqual([3, 125, 126, 127, 128]);
  });

  it('write EBCDIC hex bitmaps with EBCDIC digits and letters, and read lower-case EBCDIC letters too', () => {
    expect(write([3, 11, 41, 64], 'hex-ebcdic', 1)).toBe('F2F0F2F0F0F0F0F0F0F0F8F0F0F0F0F1');
    expect(write([3], 'hex-ebcdic', 1)).toBe('F2F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0');
    expect(read('C6C1F0F0F0F0F0F0F0F0F0F0F0F0F0F0' + 'F0'.repeat(16), 'hex-ebcdic', 2).ids).toStrictEqual([2, 3, 4, 5, 7]);
    expect(read('8681F0F0F0F0F0F0F0F0F0F0F0F0F0F0' + 'F0'.repeat(16), 'hex-ebcdic', 2).ids).toStrictEqual([2, 3, 4, 5, 7]);
  });

  it('refuse a hex bitmap character that is not a hex digit, at its byte', () => {
    const e = caught(() => read(ascii('20200000G0800001'), 'hex', 1));
    expect(shape(e)).toStrictEqual({ code: 'BAD_BITMAP', message: 'bitmap has a character that is not a hex digit (byte 8)', path: undefined, offset: 8 });
    expect(caught(() => read('F2F0F2F0F0F0F0F0F0F0F8F0F0F0F0C7', 'hex-ebcdic', 1)).offset).toBe(14);
  });

  it('refuse a secondary bitmap in a one-bitmap dialect', () => {
    const e = caught(() => read('A000000000000000', 'binary', 1));
    expect(shape(e)).toStrictEqual({
      code: 'BAD_BITMAP',
      message: 'bitmap announces a secondary bitmap but the dialect allows 1 (field 1, byte 0)',
      path: '1',
      offset: 0,
    });
  });

  it('refuse a bitmap cut short, the primary or the one bit 1 announces', () => {
    const p = caught(() => read('A0000000', 'binary', 2));
    expect(shape(p)).toStrictEqual({ code: 'TRUNCATED', message: 'bitmap runs past the end of the data (byte 0)', path: undefined, offset: 0 });
    expect([p.expected, p.found]).toStrictEqual(['8 bytes', '4 bytes']);
    const s = caught(() => read('A00000000000000000', 'binary', 2));
    expect([s.code, s.offset, s.found]).toStrictEqual(['TRUNCATED', 8, '1 bytes']);
  });

  it('refuse to mark a field beyond what the dialect can', () => {
    const e = caught(() => write([3, 70], 'binary', 1));
    expect(shape(e)).toStrictEqual({
      code: 'UNKNOWN_FIELD',
      message: "field is beyond the 64 fields the dialect's bitmap can mark (field 70)",
      path: '70',
      offset: undefined,
    });
  });

  it('reads back the fields it writes, in every encoding', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 192 }).filter((n) => n !== 65 && n !== 129), { maxLength: 40 }),
        fc.constantFrom<BitmapEncoding>('binary', 'hex', 'hex-ebcdic'),
        (ids, encoding) => {
          const sorted = [...ids].sort((a, b) => a - b);
          const hex = write(sorted, encoding, 3);
          expect(read(hex, encoding, 3).ids).toStrictEqual(sorted);
        },
      ),
      { seed: 8583, numRuns: 300 },
    );
  });
});

describe('a dialect reading a bitmap', () => {
  const d = defineDialect({
    name: 'bits',
    mtiEncoding: 'bcd',
    bitmapEncoding: 'binary',
    maxBitmaps: 1,
    fields: { '3': { name: 'Processing code', attr: 'n', length: 6, encoding: 'bcd' } },
  });

  it('names the field a bit marks when the dialect does not define it', () => {
    const e = caught(() => d.decode(fromHex('0200' + '3000000000000000' + '000000')));
    expect(shape(e)).toStrictEqual({ code: 'UNKNOWN_FIELD', message: 'bitmap marks a field that dialect bits does not define (field 4, byte 13)', path: '4', offset: 13 });
  });

  it('refuses a secondary bitmap it cannot have', () => {
    const e = caught(() => d.decode(fromHex('0200' + 'A000000000000000' + '0000000000000000' + '000000')));
    expect([e.code, e.path, e.offset]).toStrictEqual(['BAD_BITMAP', '1', 2]);
  });
});
