import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileField } from '../../src/codec/field.js';
import { typeName } from '../../src/codec/field-error.js';
import type { FieldSpec } from '../../src/codec/spec.js';
import { BUILT_IN_ENCODINGS, EVERY_ENCODING } from '../../src/codec/encoding/sets.js';
import { ascii, decodeError, EBCDIC_ENV, decodeField, encodeField, expectIdenticalReencode, field } from './support.js';
import { caught, shape } from '../support/errors.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { isUndecodableText, undecodableBytes } from '../../src/bytes/escaped-text.js';
import { ByteReader } from '../../src/bytes/reader.js';
import type { Iso8583Error } from '../../src/errors.js';

const bcdFixed = (length: number, more: Partial<FieldSpec> = {}): FieldSpec => field({ attr: 'n', length, encoding: 'bcd', ...more });

describe('ASCII fields', () => {
  it('write fixed text as it is', () => {
    expect(encodeField(field({ attr: 'an', length: 3, encoding: 'ascii' }), 'A1B')).toBe('413142');
  });

  it('fill a short number with zeros on the left', () => {
    const spec = field({ attr: 'n', length: 6, encoding: 'ascii', pad: '0' });
    expect(encodeField(spec, '123')).toBe('303030313233');
    // Leading zeros are part of a number: they come back.
    expect(decodeField(spec, '303030313233').value).toBe('000123');
  });

  it('fill short text with spaces on the side its alignment leaves free, and drop them on decode', () => {
    const left = field({ attr: 'an', length: 6, encoding: 'ascii', pad: ' ', align: 'left' });
    const right = { ...left, align: 'right' as const };
    expect(encodeField(left, 'AB')).toBe('414220202020');
    expect(encodeField(right, 'AB')).toBe('202020204142');
    expect(decodeField(left, '414220202020').value).toBe('AB');
    expect(decodeField(right, '202020204142').value).toBe('AB');
    // Only the pad side is trimmed.
    expect(decodeField(left, '204142202020').value).toBe(' AB');
  });

  it('fill with any pad character the spec names', () => {
    expect(encodeField(field({ attr: 'ans', length: 4, encoding: 'ascii', pad: '*', align: 'right' }), 'ab')).toBe('2A2A6162');
  });

  it('insist on the full length of a fixed field without a pad', () => {
    const e = caught(() => encodeField(field({ attr: 'ans', length: 6, encoding: 'ascii' }), 'AB'));
    expect(shape(e)).toStrictEqual({ code: 'BAD_LENGTH', message: 'value length does not match the fixed field length (field F)', path: 'F', offset: undefined });
    expect([e.expected, e.found]).toStrictEqual(['6 characters', '2 characters']);
  });

  it('refuse characters outside the attribute, naming the position but not the character', () => {
    const e = caught(() => encodeField(field({ attr: 'n', length: 9, lengthDigits: 2, encoding: 'ascii' }), '12a'));
    expect(shape(e)).toStrictEqual({ code: 'BAD_CHARACTER', message: 'value has a character not allowed in n (digits) (field F)', path: 'F', offset: undefined });
    expect([e.expected, e.found]).toStrictEqual(['digits', 'another character at position 2']);
    expect(caught(() => encodeField(field({ attr: 'an', length: 3, encoding: 'ascii' }), 'A-1')).message).toBe(
      'value has a character not allowed in an (letters and digits) (field F)',
    );
    expect(caught(() => encodeField(field({ attr: 'ans', length: 2, encoding: 'ascii' }), 'é!')).code).toBe('BAD_CHARACTER');
    expect(encodeField(field({ attr: 'anp', length: 3, encoding: 'ascii' }), 'A 1')).toBe('412031');
  });

  it('refuse a value that is not a string', () => {
    const e = caught(() => encodeField(field({ attr: 'n', length: 2, encoding: 'ascii' }), 12));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'value must be a string (field F)', path: 'F', offset: undefined });
    expect([e.expected, e.found]).toStrictEqual(['string', 'number']);
    expect(typeName(null)).toBe('null');
    expect(typeName([])).toBe('array');
    expect(typeName(new Uint8Array(1))).toBe('Uint8Array');
  });

  it('refuse fixed data cut short by the end of the input', () => {
    const e = decodeError(field({ attr: 'n', length: 6, encoding: 'ascii' }), '313233');
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'field runs past the end of the data (field F, byte 0)', path: 'F', offset: 0 });
    expect([e.expected, e.found]).toStrictEqual(['6 bytes', '3 bytes']);
  });
});

describe('EBCDIC fields', () => {
  it('write and read text through the code page', () => {
    const spec = field({ attr: 'ans', length: 4, encoding: 'ebcdic' });
    expect(encodeField(spec, 'Ab1 ')).toBe('C182F140');
    expect(decodeField(spec, 'C182F140').value).toBe('Ab1 ');
  });

  it('fill numbers with EBCDIC zeros', () => {
    expect(encodeField(field({ attr: 'n', length: 4, encoding: 'ebcdic', pad: '0' }), '7')).toBe('F0F0F0F7');
  });

  it('refuse a character the code page cannot hold', () => {
    const e = caught(() => encodeField(field({ attr: 'ans', length: 1, encoding: 'ebcdic' }), '\u0100'));
    expect(shape(e)).toStrictEqual({ code: 'UNMAPPABLE_CHARACTER', message: 'value has a character that EBCDIC cannot encode (field F)', path: 'F', offset: undefined });
  });

  it('need code page tables', () => {
    const e = caught(() => compileField(field({ attr: 'an', length: 2, encoding: 'ebcdic' }), '43', { encodings: EVERY_ENCODING.encodings }));
    expect(shape(e)).toStrictEqual({ code: 'NO_EBCDIC_TABLES', message: 'EBCDIC field needs code page tables (field 43)', path: '43', offset: undefined });
  });

  it('are refused by a dialect compiled with the built-in encodings alone', () => {
    const e = caught(() => compileField(field({ attr: 'an', length: 2, encoding: 'ebcdic' }), '43', { encodings: BUILT_IN_ENCODINGS.encodings }));
    expect(shape(e)).toStrictEqual({
      code: 'NO_EBCDIC_TABLES',
      message: 'EBCDIC field needs code page tables, which this dialect was compiled without (defineDialect has them) (field 43)',
      path: '43',
      offset: undefined,
    });
  });
});

describe('BCD fields', () => {
  it('put the pad nibble of an odd fixed number in front by default', () => {
    expect(encodeField(bcdFixed(3), '123')).toBe('0123');
    expect(encodeField(bcdFixed(6), '123456')).toBe('123456');
    expect(decodeField(bcdFixed(3), '0123')).toStrictEqual({ value: '123', pad: -1, used: 2 });
  });

  it('put it behind when left-aligned, as 0 or F', () => {
    expect(encodeField(bcdFixed(3, { align: 'left', pad: '0' }), '021')).toBe('0210');
    expect(encodeField(bcdFixed(3, { align: 'left', pad: 'F' }), '021')).toBe('021F');
    expect(encodeField(bcdFixed(3, { align: 'right', pad: 'F' }), '021')).toBe('F021');
    expect(decodeField(bcdFixed(3, { align: 'left', pad: 'F' }), '021F').value).toBe('021');
  });

  it('fill a short fixed number with zero digits on its aligned side', () => {
    expect(encodeField(bcdFixed(6, { align: 'right', pad: '0' }), '123')).toBe('000123');
    expect(encodeField(bcdFixed(5, { align: 'right', pad: '0' }), '123')).toBe('000123');
  });

  it('refuse a short fixed number when the pad is F, as a length and not a character fault', () => {
    const e = caught(() => encodeField(bcdFixed(5, { align: 'left', pad: 'F' }), '123'));
    expect(shape(e)).toStrictEqual({ code: 'BAD_LENGTH', message: 'value length does not match the fixed field length (field F)', path: 'F', offset: undefined });
    expect([e.expected, e.found]).toStrictEqual(['5 digits', '3 digits']);
  });

  it('write an odd variable number behind a length in digits, closed by the pad nibble', () => {
    const spec = field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: '0' });
    expect(encodeField(spec, '6210810840003424940')).toBe('1962108108400034249400');
    expect(encodeField({ ...spec, pad: 'F' }, '62108108400034249')).toBe('1762108108400034249F');
    expect(decodeField({ ...spec, pad: 'F' }, '1762108108400034249F').value).toBe('62108108400034249');
  });

  it('keep a pad nibble found on decode that differs from the configured one, for an identical re-encode', () => {
    const spec = field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: '0', acceptPad: 'F' });
    expect(decodeField(spec, '03123F')).toStrictEqual({ value: '123', pad: 15, used: 3 });
    expect(decodeField(spec, '031230')).toStrictEqual({ value: '123', pad: -1, used: 3 });
    expectIdenticalReencode(spec, '03123F');
    expectIdenticalReencode(spec, '031230');
    expect(encodeField(spec, '123')).toBe('031230');
  });

  it('refuse a pad nibble the field does not accept', () => {
    const spec = field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: 'F', acceptPad: '0' });
    const e = decodeError(spec, '03123A');
    expect(shape(e)).toStrictEqual({ code: 'BAD_PAD', message: 'packed BCD has an unexpected pad nibble (field F, byte 1)', path: 'F', offset: 1 });
    expect([e.expected, e.found]).toStrictEqual(['pad F or 0', 'another nibble']);
  });

  it('refuse a nibble that is not a digit', () => {
    const e = decodeError(field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd' }), '0412A4');
    expect(shape(e)).toStrictEqual({ code: 'BAD_BCD', message: 'packed BCD has a nibble that is not allowed (field F, byte 1)', path: 'F', offset: 1 });
    expect(e.expected).toBe('digits');
  });

  it('pack track data with D as the separator and accept = on encode', () => {
    const spec = field({ attr: 'z', length: 37, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: 'F', acceptPad: '0', sensitivity: 'track' });
    expect(encodeField(spec, '1234D5678')).toBe('091234D5678F');
    expect(encodeField(spec, '1234=5678')).toBe('091234D5678F');
    expect(decodeField(spec, '091234D5678F').value).toBe('1234D5678');
    expect(decodeField(spec, '091234D56780')).toStrictEqual({ value: '1234D5678', pad: 0, used: 6 });
    expectIdenticalReencode(spec, '091234D56780');
    expect(decodeError(spec, '091234E5678F').expected).toBe('digits or D');
  });

  it('count bytes rather than digits when told, taking an F at the aligned end as a pad', () => {
    const left = field({ attr: 'n', length: 10, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', lengthUnit: 'bytes', align: 'left', pad: 'F' });
    expect(encodeField(left, '123')).toBe('02123F');
    expect(encodeField(left, '1234')).toBe('021234');
    expect(decodeField(left, '02123F').value).toBe('123');
    expect(decodeField(left, '021234').value).toBe('1234');
    const right = { ...left, align: 'right' as const };
    expect(encodeField(right, '123')).toBe('02F123');
    expect(decodeField(right, '02F123').value).toBe('123');
  });

  it('read a 0 pad of a length counted in bytes back as a digit, since nothing tells them apart', () => {
    const spec = field({ attr: 'n', length: 10, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', lengthUnit: 'bytes', align: 'right', pad: '0' });
    expect(encodeField(spec, '123')).toBe('020123');
    expect(decodeField(spec, '020123').value).toBe('0123');
  });

  it('write a signed amount as its sign character then packed digits', () => {
    const spec = field({ attr: 'x+n', length: 8, encoding: 'bcd', pad: '0' });
    expect(encodeField(spec, 'C12345678')).toBe('4312345678');
    expect(encodeField(spec, 'D123')).toBe('4400000123');
    expect(decodeField(spec, '4400000123').value).toBe('D00000123');
    const e = decodeError(spec, '4500000123');
    expect(shape(e)).toStrictEqual({ code: 'BAD_SIGN', message: 'amount sign must be C or D (field F, byte 0)', path: 'F', offset: 0 });
  });
});

describe('signed ASCII amounts', () => {
  it('keep the sign in front and fill the digits after it', () => {
    const spec = field({ attr: 'x+n', length: 8, encoding: 'ascii', align: 'right', pad: '0' });
    expect(encodeField(spec, 'C123')).toBe(ascii('C00000123'));
    expect(encodeField(spec, 'D12345678')).toBe(ascii('D12345678'));
    expect(decodeField(spec, ascii('C00000123')).value).toBe('C00000123');
  });

  it('refuse a missing sign and a sign that is neither C nor D', () => {
    const spec = field({ attr: 'x+n', length: 8, encoding: 'ascii', align: 'right', pad: '0' });
    const e = caught(() => encodeField(spec, '12345678'));
    expect([e.code, e.message, e.found]).toStrictEqual([
      'BAD_CHARACTER',
      'value has a character not allowed in x+n (C or D followed by digits) (field F)',
      'another character at position 0',
    ]);
    expect(caught(() => encodeField(spec, 'C12a')).found).toBe('another character at position 3');
    expect(decodeError(spec, ascii('X00000123')).code).toBe('BAD_SIGN');
  });
});

describe('binary and hex fields', () => {
  it('write raw bytes given as bytes or as hex text', () => {
    const spec = field({ attr: 'b', length: 4, encoding: 'binary' });
    expect(encodeField(spec, Uint8Array.of(0xde, 0xad, 0xbe, 0xef))).toBe('DEADBEEF');
    expect(encodeField(spec, 'deadbeef')).toBe('DEADBEEF');
    expect(decodeField(spec, 'DEADBEEF').value).toBe('DEADBEEF');
  });

  it('write hex fields as two upper-case hex characters per byte, and read either case', () => {
    const spec = field({ attr: 'b', length: 2, encoding: 'hex' });
    expect(encodeField(spec, Uint8Array.of(0x0a, 0xff))).toBe('30414646');
    expect(decodeField(spec, '30616666').value).toBe('0AFF');
    const chars = field({ attr: 'b', length: 8, lengthUnit: 'chars', encoding: 'hex' });
    expect(encodeField(chars, '0AFF12AB')).toBe(ascii('0AFF12AB'));
  });

  it('refuse a hex character that is not a hex digit, and an odd count of them', () => {
    const e = decodeError(field({ attr: 'b', length: 2, encoding: 'hex' }), '30474646');
    expect(shape(e)).toStrictEqual({ code: 'BAD_HEX', message: 'hex field has a character that is not a hex digit (field F, byte 1)', path: 'F', offset: 1 });
    const odd = decodeError(field({ attr: 'b', length: 99, lengthDigits: 2, lengthUnit: 'chars', encoding: 'hex' }), `3033${ascii('ABC')}`);
    expect(shape(odd)).toStrictEqual({ code: 'BAD_LENGTH', message: 'hex field must have an even number of characters (field F, byte 2)', path: 'F', offset: 2 });
  });

  it('refuse a binary value that is neither bytes nor hex text', () => {
    const spec = field({ attr: 'b', length: 2, encoding: 'binary' });
    const e = caught(() => encodeField(spec, 7));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'binary value must be bytes or hex text (field F)', path: 'F', offset: undefined });
    expect([e.expected, e.found]).toStrictEqual(['Uint8Array or hex string', 'number']);
    const h = caught(() => encodeField(spec, '0G12'));
    expect(shape(h)).toStrictEqual({ code: 'BAD_HEX', message: 'hex text has a character that is not a hex digit (field F)', path: 'F', offset: undefined });
    expect(caught(() => encodeField(spec, 'ABC')).message).toBe('hex text must have an even number of digits (field F)');
  });

  it('refuse bytes of the wrong length for a fixed binary field', () => {
    const e = caught(() => encodeField(field({ attr: 'b', length: 8, encoding: 'binary' }), Uint8Array.of(1, 2)));
    expect([e.code, e.expected, e.found]).toStrictEqual(['BAD_LENGTH', '8 bytes', '2 bytes']);
  });
});

describe('GBK fields without a GBK codec', () => {
  const spec = field({ attr: 'ans', length: 99, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'gbk' });

  it('still carry plain ASCII text', () => {
    expect(encodeField(spec, 'AB')).toBe('024142');
    expect(decodeField(spec, '024142').value).toBe('AB');
  });

  it('refuse to write characters beyond ASCII with NO_GBK_CODEC', () => {
    const e = caught(() => encodeField(spec, 'A中'));
    expect(shape(e)).toStrictEqual({ code: 'NO_GBK_CODEC', message: 'GBK text needs a GBK codec (field F)', path: 'F', offset: undefined });
    expect(e.found).toBe('character at position 1');
  });

  it('read bytes beyond ASCII as escapes that write back to the same bytes', () => {
    const value = decodeField(spec, '0341D6D0').value as string;
    expect(value).toBe('A\uDCD6\uDCD0');
    expect(isUndecodableText(value)).toBe(true);
    expect(toHex(undecodableBytes(value))).toBe('41D6D0');
    expect(encodeField(spec, value)).toBe('0341D6D0');
  });
});

describe('a field whose encoding the dialect was compiled without', () => {
  it('is refused with BAD_SPEC naming the encoding', () => {
    const e = caught(() => compileField(field({ attr: 'ans', length: 20, encoding: 'gbk' }), '63.2', { encodings: { ascii: EVERY_ENCODING.encodings.ascii } }));
    expect(shape(e)).toStrictEqual({
      code: 'BAD_SPEC',
      message: 'gbk encoding is not one this dialect was compiled with (defineDialect has every encoding) (field 63.2)',
      path: '63.2',
      offset: undefined,
    });
  });
});

describe('every primitive codec', () => {
  it('reads back what it writes, for variable fields of any encoding', () => {
    const cases: { spec: FieldSpec; value: fc.Arbitrary<string> }[] = [
      { spec: field({ attr: 'n', length: 25, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: 'F' }), value: fc.stringMatching(/^[0-9]{0,25}$/) },
      { spec: field({ attr: 'z', length: 37, lengthDigits: 2, prefixEncoding: 'binary', encoding: 'bcd', lengthUnit: 'bytes', align: 'right', pad: 'F' }), value: fc.stringMatching(/^[0-9D]{0,36}$/) },
      { spec: field({ attr: 'ans', length: 120, lengthDigits: 3, prefixEncoding: 'ebcdic', encoding: 'ebcdic' }), value: fc.stringMatching(/^[ -~]{0,120}$/) },
      { spec: field({ attr: 'ans', length: 999, lengthDigits: 3, prefixEncoding: 'ascii', encoding: 'ascii', prefixInclusive: true }), value: fc.stringMatching(/^[ -~]{0,60}$/) },
      { spec: field({ attr: 'b', length: 40, lengthDigits: 2, encoding: 'hex' }), value: fc.stringMatching(/^([0-9A-F]{2}){0,40}$/) },
      { spec: field({ attr: 'b', length: 300, lengthDigits: 4, prefixEncoding: 'binary', encoding: 'binary' }), value: fc.stringMatching(/^([0-9A-F]{2}){0,64}$/) },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases).chain((c) => fc.tuple(fc.constant(c.spec), c.value)), ([spec, value]) => {
        const hex = encodeField(spec, value);
        const back = decodeField(spec, hex);
        expect(back.value).toBe(value);
        expect(back.used * 2).toBe(hex.length);
      }),
      { seed: 8583, numRuns: 400 },
    );
  });
});

describe('the specialised reads of packed digits and plain bytes', () => {
  /** What a read of `buf` does: where it ends, or the error it throws (code, message, offset, expected, found). */
  const outcome = (read: (r: ByteReader) => void, buf: Uint8Array): unknown => {
    const r = new ByteReader(buf);
    try {
      read(r);
      return r.pos;
    } catch (e) {
      const err = e as Iso8583Error;
      return [err.code, err.message, err.offset, err.expected, err.found];
    }
  };
  // The read every codec class inherits, which goes through each part's interface and tells every fault exactly.
  const composedRead = (codec: object): ((this: unknown, r: ByteReader) => void) => {
    let proto = Object.getPrototypeOf(codec) as { read: (r: ByteReader) => void };
    while (Object.getPrototypeOf(proto) !== Object.prototype) proto = Object.getPrototypeOf(proto);
    return proto.read;
  };
  const specs = fc.record({
    attr: fc.constantFrom('n' as const, 'z' as const, 'b' as const),
    variable: fc.constantFrom(0, 2, 3),
    prefixEncoding: fc.constantFrom('bcd' as const, 'ascii' as const),
    align: fc.constantFrom('left' as const, 'right' as const),
    pad: fc.constantFrom(undefined, '0', 'F'),
    acceptPad: fc.constantFrom(undefined, 'F', '0F'),
    anyNibble: fc.boolean(),
    length: fc.integer({ min: 1, max: 25 }),
  });

  it('end where the composed read ends, or throw exactly what it throws, on any bytes', () => {
    fc.assert(
      fc.property(specs, fc.uint8Array({ maxLength: 20 }), fc.boolean(), (s, bytes, wellFormed) => {
        const spec = field({
          attr: s.attr,
          length: s.length,
          encoding: s.attr === 'b' ? 'binary' : 'bcd',
          align: s.align,
          ...(s.pad === undefined ? {} : { pad: s.pad }),
          ...(s.acceptPad === undefined ? {} : { acceptPad: s.acceptPad }),
          ...(s.anyNibble && s.attr === 'z' ? { anyNibble: true } : {}),
          ...(s.variable === 0 ? {} : { lengthDigits: s.variable, prefixEncoding: s.prefixEncoding }),
        });
        const codec = compileField(spec, 'F', EBCDIC_ENV);
        const buf = bytes.slice();
        // Half the cases start with a length the field allows, so that the content checks are reached.
        if (wellFormed && s.variable !== 0) {
          const n = bytes.length === 0 ? 0 : bytes[0]! % (s.length + 1);
          const head = fromHex(s.prefixEncoding === 'bcd' ? String(n).padStart(2 * ((s.variable + 1) >> 1), '0') : ascii(String(n).padStart(s.variable, '0')));
          const whole = new Uint8Array(head.length + buf.length);
          whole.set(head);
          whole.set(buf, head.length);
          expect(outcome((r) => codec.read(r), whole)).toStrictEqual(outcome((r) => composedRead(codec).call(codec, r), whole));
          return;
        }
        expect(outcome((r) => codec.read(r), buf)).toStrictEqual(outcome((r) => composedRead(codec).call(codec, r), buf));
      }),
      { seed: 8583, numRuns: 3000 },
    );
  });

  it('are the ones a packed-digit field and a binary field behind a packed length get', () => {
    const digits = compileField(field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd' }), 'F', EBCDIC_ENV);
    const bytes = compileField(field({ attr: 'b', length: 255, lengthDigits: 3, prefixEncoding: 'bcd', encoding: 'binary' }), 'F', EBCDIC_ENV);
    expect(Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(digits), 'read')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(bytes), 'read')).toBe(true);
    expect(composedRead(digits)).not.toBe(digits.read);
    expect(composedRead(bytes)).not.toBe(bytes.read);
  });
});

describe('a fixed hex field that keeps raw bytes when they are no hex (rawWhenNotHex)', () => {
  const spec = field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true });

  it('reads hex characters as the bytes they spell, as before', () => {
    expect(decodeField(spec, ascii('B7133B57')).value).toBe('B7133B57');
    expectIdenticalReencode(spec, ascii('B7133B57'));
  });

  it('reads 8 bytes that are no hex as those bytes, and writes them back unchanged', () => {
    expect(decodeField(spec, '0102030405060708').value).toBe('0102030405060708');
    expectIdenticalReencode(spec, '0102030405060708');
  });

  it('without the flag still refuses a character that is no hex digit, at its byte', () => {
    const strict = field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex' });
    const e = decodeError(strict, '0102030405060708');
    expect([e.code, e.offset]).toEqual(['BAD_HEX', 0]);
  });
});

describe('the canonical text of a field read from its bytes', () => {
  /** The canonical text of the field `hex` holds, and its value as canonical text (bytes as upper-case hex). */
  const both = (spec: FieldSpec, hex: string): [string, string] => {
    const codec = compileField(spec, 'F', EVERY_ENCODING);
    const buf = fromHex(hex);
    return [codec.canonical(buf, 0, buf.length), decodeField(spec, hex).value];
  };

  it('is the value, bytes as upper-case hex, for packed digits, binary and hex fields alike', () => {
    const cases: [FieldSpec, string, string][] = [
      [bcdFixed(3, { align: 'right', pad: '0' }), '0123', '123'],
      [field({ attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: '0' }), '19621081084000342494' + '00', '6210810840003424940'],
      [field({ attr: 'z', length: 37, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', align: 'left', pad: 'F' }), '05' + '12D45F', '12D45'],
      [field({ attr: 'x+n', length: 8, encoding: 'bcd', align: 'right', pad: '0' }), '43' + '00001234', 'C00001234'],
      [field({ attr: 'b', length: 4, encoding: 'binary' }), 'deadbeef', 'DEADBEEF'],
      [field({ attr: 'b', length: 255, lengthDigits: 3, prefixEncoding: 'bcd', encoding: 'binary' }), '0003' + '9f2601', '9F2601'],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex' }), ascii('b7133B57'), 'B7133B57'],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true }), ascii('b7133b57'), 'B7133B57'],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true }), '0102030405060708', '0102030405060708'],
    ];
    for (const [spec, hex, expected] of cases) expect(both(spec, hex)).toStrictEqual([expected, expected]);
  });

  it('of a hex field is the same made from the Latin-1 text of its buffer as from its bytes', () => {
    const cases: [FieldSpec, string][] = [
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex' }), ascii('b7133B57')],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true }), ascii('b7133b57')],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true }), '0102030405060708'],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true }), 'ff' + ascii('1234567')],
      [field({ attr: 'b', length: 8, lengthDigits: 2, encoding: 'hex' }), ascii('06') + ascii('abcDEF')],
    ];
    for (const [spec, hex] of cases) {
      const codec = compileField(spec, 'F', EVERY_ENCODING);
      const buf = fromHex(hex);
      const text = String.fromCharCode(...buf);
      expect(codec.textCanonical).toBe(true);
      expect(codec.textValue(text, 0, buf.length)).toBe(codec.canonical(buf, 0, buf.length));
    }
  });

  it('is made from the Latin-1 text only by encodings whose wire characters are that text (ASCII and hex, not packed digits or binary)', () => {
    const made = [
      bcdFixed(3, { align: 'right', pad: '0' }),
      field({ attr: 'b', length: 4, encoding: 'binary' }),
      field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex' }),
      field({ attr: 'ans', length: 4, encoding: 'ascii' }),
    ];
    expect(made.map((spec) => compileField(spec, 'F', EVERY_ENCODING).textCanonical)).toStrictEqual([false, false, true, true]);
  });

  it('is made without building the value for packed digits, binary and hex fields', () => {
    // Each encoding wrapped so that building a value is counted: the canonical text must not need one.
    let values = 0;
    const counted = Object.fromEntries(
      Object.entries(EVERY_ENCODING.encodings).map(([name, make]) => [
        name,
        (setup: Parameters<typeof make>[0]) => {
          const enc = make(setup);
          return { ...enc, value: (...args: Parameters<typeof enc.value>) => (values++, enc.value(...args)) };
        },
      ]),
    );
    const parts = { ...EVERY_ENCODING, encodings: counted as typeof EVERY_ENCODING.encodings };
    const cases: [FieldSpec, string][] = [
      [bcdFixed(3, { align: 'right', pad: '0' }), '0123'],
      [field({ attr: 'b', length: 4, encoding: 'binary' }), 'deadbeef'],
      [field({ attr: 'b', length: 255, lengthDigits: 3, prefixEncoding: 'bcd', encoding: 'binary' }), '0003' + '9f2601'],
      [field({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex' }), ascii('b7133B57')],
    ];
    const made = cases.map(([spec, hex]) => {
      const buf = fromHex(hex);
      return compileField(spec, 'F', parts).canonical(buf, 0, buf.length);
    });
    expect(made).toStrictEqual(['123', 'DEADBEEF', '9F2601', 'B7133B57']);
    expect(values).toBe(0);
  });
});
