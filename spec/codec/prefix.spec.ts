import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../src/bytes/hex.js';
import { compilePrefix } from '../../src/codec/prefix.js';
import type { FieldSpec, PrefixEncoding } from '../../src/codec/spec.js';
import { EBCDIC_ENV, ascii, decodeError, decodeField, encodeField, field } from './support.js';
import { caught, shape } from '../support/errors.js';

/** An `ans` field of at most `length` characters behind a prefix of `digits` digits. */
const text = (digits: FieldSpec['lengthDigits'], prefixEncoding: PrefixEncoding, more: Partial<FieldSpec> = {}): FieldSpec =>
  field({ attr: 'ans', length: 999, lengthDigits: digits, prefixEncoding, encoding: 'ascii', ...more });

describe('length prefixes', () => {
  it('write L, LL, LLL, LLLL and LLLLLL as that many ASCII digits', () => {
    expect(encodeField(text(1, 'ascii', { length: 9 }), 'AB')).toBe('324142');
    expect(encodeField(text(2, 'ascii', { length: 99 }), 'ABC')).toBe('3033414243');
    expect(encodeField(text(3, 'ascii'), 'ABC')).toBe('303033414243');
    expect(encodeField(text(4, 'ascii'), 'ABC')).toBe('30303033414243');
    expect(encodeField(text(6, 'ascii'), 'ABC')).toBe('303030303033414243');
  });

  it('write BCD prefixes in as few bytes as their digits need', () => {
    expect(encodeField(text(1, 'bcd', { length: 9 }), 'AB')).toBe('024142');
    expect(encodeField(text(2, 'bcd', { length: 99 }), 'ABC')).toBe('03414243');
    expect(encodeField(text(3, 'bcd'), 'ABC')).toBe('0003414243');
    expect(encodeField(text(4, 'bcd'), 'ABC')).toBe('0003414243');
    expect(encodeField(text(6, 'bcd'), 'ABC')).toBe('000003414243');
  });

  it('write binary prefixes in 1 byte for L and LL, 2 for LLL and LLLL, 4 above, unless told the width', () => {
    expect(encodeField(text(2, 'binary', { length: 99 }), 'ABC')).toBe('03414243');
    expect(encodeField(text(3, 'binary'), 'ABC')).toBe('0003414243');
    expect(encodeField(text(6, 'binary'), 'ABC')).toBe('00000003414243');
    expect(encodeField(text(2, 'binary', { length: 99, prefixBytes: 2 }), 'ABC')).toBe('0003414243');
    expect(encodeField(text(3, 'binary', { prefixBytes: 4 }), 'ABC')).toBe('00000003414243');
  });

  it('write EBCDIC prefixes as EBCDIC digits', () => {
    expect(encodeField(text(2, 'ebcdic', { length: 99 }), 'ABC')).toBe('F0F3414243');
    expect(encodeField(text(3, 'ebcdic'), 'ABC')).toBe('F0F0F3414243');
  });

  it('write a three-digit length of 300 in each prefix encoding', () => {
    const v = 'x'.repeat(300);
    expect(encodeField(text(3, 'ascii'), v).slice(0, 6)).toBe('333030');
    expect(encodeField(text(3, 'bcd'), v).slice(0, 4)).toBe('0300');
    expect(encodeField(text(3, 'binary'), v).slice(0, 4)).toBe('012C');
    expect(encodeField(text(3, 'ebcdic'), v).slice(0, 6)).toBe('F3F0F0');
  });

  it('count their own bytes too when self-inclusive', () => {
    expect(encodeField(text(2, 'ascii', { length: 97, prefixInclusive: true }), 'ABC')).toBe('3035414243');
    expect(encodeField(text(3, 'binary', { prefixInclusive: true }), 'ABC')).toBe('0005414243');
    expect(encodeField(text(3, 'bcd', { prefixInclusive: true }), 'ABC')).toBe('0005414243');
    expect(decodeField(text(3, 'binary', { prefixInclusive: true }), '0005414243')).toStrictEqual({ value: 'ABC', pad: -1, used: 5 });
    expect(decodeField(text(2, 'ascii', { length: 97, prefixInclusive: true }), '3035414243').value).toBe('ABC');
  });

  it('count digits or bytes as the field says', () => {
    const digits = field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: 'F' });
    expect(encodeField(digits, '12345')).toBe('0512345F');
    expect(encodeField({ ...digits, lengthUnit: 'bytes' }, '12345')).toBe('0312345F');
    expect(decodeField({ ...digits, lengthUnit: 'bytes' }, '0312345F').value).toBe('12345');
    const hexBytes = field({ attr: 'b', length: 99, lengthDigits: 2, encoding: 'hex' });
    expect(encodeField(hexBytes, 'ABCD')).toBe(`3032${ascii('ABCD')}`);
    expect(encodeField({ ...hexBytes, lengthUnit: 'chars' }, 'ABCD')).toBe(`3034${ascii('ABCD')}`);
  });

  it('read back every length they write, for every encoding, width and inclusiveness', () => {
    const prefix = fc.record({
      digits: fc.constantFrom(1, 2, 3, 4, 6),
      encoding: fc.constantFrom<PrefixEncoding>('ascii', 'bcd', 'binary', 'ebcdic'),
      inclusive: fc.boolean(),
    });
    fc.assert(
      fc.property(prefix, fc.nat(), ({ digits, encoding, inclusive }, seed) => {
        const spec = text(digits as FieldSpec['lengthDigits'], encoding, { prefixInclusive: inclusive });
        const codec = compilePrefix(spec, 'F', EBCDIC_ENV.ebcdic);
        const room = Math.min(10 ** digits - 1, encoding === 'binary' ? 2 ** (8 * codec.width) - 1 : Infinity) - (inclusive ? codec.width : 0);
        const n = seed % (room + 1);
        const out = new Uint8Array(codec.width);
        expect(codec.write(out, 0, n)).toBe(codec.width);
        expect(codec.read(out, 0, codec.width)).toBe(n);
      }),
      { seed: 8583, numRuns: 400 },
    );
  });

  it('refuse a prefix cut short by the end of the data', () => {
    const e = decodeError(text(3, 'ascii'), '3939');
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'length prefix runs past the end of the data (field F, byte 0)', path: 'F', offset: 0 });
    expect([e.expected, e.found]).toStrictEqual(['3 bytes', '2 bytes']);
  });

  it('refuse a prefix that is not a number in its encoding', () => {
    const a = decodeError(text(2, 'ascii', { length: 99 }), '3A35');
    expect(shape(a)).toStrictEqual({ code: 'BAD_LENGTH_PREFIX', message: 'length prefix is not a valid length (field F, byte 0)', path: 'F', offset: 0 });
    expect([a.expected, a.found]).toStrictEqual(['2-digit ascii length', 'a non-digit character']);
    expect(decodeError(text(2, 'bcd', { length: 99 }), '1A41').found).toBe('a nibble that is not a digit');
    expect(decodeError(text(2, 'ebcdic', { length: 99 }), 'F0C1').found).toBe('a non-digit character');
  });

  it('refuse a BCD prefix holding more digits than it declares', () => {
    expect(decodeError(text(1, 'bcd', { length: 9 }), '13414243').found).toBe('more digits than declared');
    const e = decodeError(text(3, 'bcd'), '1000');
    expect([e.code, e.found]).toStrictEqual(['BAD_LENGTH_PREFIX', 'more digits than declared']);
  });

  it('refuse a self-inclusive length smaller than the prefix', () => {
    const e = decodeError(text(2, 'ascii', { length: 97, prefixInclusive: true }), '3031');
    expect([e.code, e.found]).toStrictEqual(['BAD_LENGTH_PREFIX', 'a length smaller than the prefix itself']);
  });

  it('refuse a declared length above the field maximum before looking for the data', () => {
    const e = decodeError(text(3, 'ascii', { length: 20 }), `393939${'31'.repeat(7)}`);
    expect(shape(e)).toStrictEqual({ code: 'LENGTH_EXCEEDS_MAX', message: 'length prefix exceeds the field maximum (field F, byte 0)', path: 'F', offset: 0 });
    expect([e.expected, e.found]).toStrictEqual(['at most 20 characters', '999 characters']);
  });

  it('refuse a declared length beyond the input without allocating for it', () => {
    const e = decodeError(text(3, 'ascii'), `393939${'31'.repeat(7)}`);
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'field runs past the end of the data (field F, byte 3)', path: 'F', offset: 3 });
    expect([e.expected, e.found]).toStrictEqual(['999 bytes', '7 bytes']);
    // A 4-byte binary prefix claiming 4 GB of data is refused the same way.
    const huge = decodeError(text(6, 'binary', { length: 999999 }), 'FFFFFFFF41');
    expect(huge.code).toBe('LENGTH_EXCEEDS_MAX');
  });

  it('refuse a value longer than the field allows, and one longer than the prefix can state', () => {
    const e = caught(() => encodeField(text(2, 'ascii', { length: 5 }), 'ABCDEF'));
    expect(shape(e)).toStrictEqual({ code: 'VALUE_TOO_LONG', message: 'value is longer than the field allows (field F)', path: 'F', offset: undefined });
    expect([e.expected, e.found]).toStrictEqual(['at most 5 characters', '6 characters']);
    const p = caught(() => encodeField(text(2, 'binary', { length: 999 }), 'x'.repeat(256)));
    expect([p.code, p.message, p.expected, p.found]).toStrictEqual([
      'VALUE_TOO_LONG',
      'value is longer than its length prefix can state (field F)',
      'at most 255',
      '256',
    ]);
    const i = caught(() => encodeField(text(2, 'ascii', { length: 99, prefixInclusive: true }), 'x'.repeat(98)));
    expect([i.code, i.expected]).toStrictEqual(['VALUE_TOO_LONG', 'at most 97']);
  });

  it('need code page tables for an EBCDIC prefix', () => {
    const e = caught(() => compilePrefix(text(2, 'ebcdic'), '7'));
    expect(shape(e)).toStrictEqual({ code: 'NO_EBCDIC_TABLES', message: 'EBCDIC length prefix needs code page tables (field 7)', path: '7', offset: undefined });
  });

  it('read a prefix at the offset it is given', () => {
    const codec = compilePrefix(text(2, 'bcd'), 'F');
    expect(codec.read(fromHex('FFFF42'), 2, 3)).toBe(42);
  });
});
