import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { isUndecodableText } from '../../src/bytes/escaped-text.js';
import type { DialectSpec, FieldSpec } from '../../src/codec/spec.js';
import { defineDialect } from '../../src/message/dialect.js';
import { createDialects } from '../../src/portable.js';
import { ascii } from '../codec/support.js';
import { SALE_HEX } from './support.js';
import { caught, shape } from '../support/errors.js';

const portableCup = createDialects().cup;
const spec = (fields: Record<string, FieldSpec>, more: Partial<DialectSpec> = {}): DialectSpec => ({
  name: 'errs',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 1,
  fields,
  ...more,
});

describe('errors while decoding a body', () => {
  it('refuse a body shorter than its MTI', () => {
    const e = caught(() => portableCup.decode(fromHex('02')));
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'message is shorter than its MTI (field MTI, byte 0)', path: 'MTI', offset: 0 });
  });

  it('refuse an MTI that is not four digits, at its byte', () => {
    expect(shape(caught(() => portableCup.decode(fromHex('020A' + '0000000000000000'))))).toStrictEqual({
      code: 'BAD_MTI',
      message: 'MTI must be 4 digits (field MTI, byte 1)',
      path: 'MTI',
      offset: 1,
    });
  });

  it('refuse bytes after the last field', () => {
    const e = caught(() => portableCup.decode(fromHex(SALE_HEX + '00')));
    expect(shape(e)).toStrictEqual({ code: 'TRAILING_BYTES', message: 'data remains after the last field (byte 78)', path: undefined, offset: 78 });
    expect([e.expected, e.found]).toStrictEqual(['78 bytes', '79 bytes']);
  });

  it('refuse a field cut short, naming it', () => {
    const e = caught(() => portableCup.decode(fromHex(SALE_HEX.slice(0, 40))));
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'field runs past the end of the data (field 2, byte 11)', path: '2', offset: 11 });
  });

  it('report the first fault in wire order: a malformed TLV in 55 before a later field cut short or bytes left over', () => {
    // Field 55 holds 9F27 and then a tag whose length form (five bytes) is not supported.
    const bad = '9F270180' + '9F1085' + '5A08' + '6210810840003424' + '9F';
    const body = fromHex(SALE_HEX.replace('0011' + '9F2608ED1D6BA78357FB25', String(bad.length / 2).padStart(4, '0') + bad));
    const tlvFault = { code: 'BAD_TLV', message: 'TLV length form is not supported (field 55.9F10, byte 65)', path: '55.9F10', offset: 65 };
    for (const input of [body, body.subarray(0, body.length - 3), Uint8Array.from([...body, 0])]) {
      expect(shape(caught(() => portableCup.decode(input)))).toStrictEqual(tlvFault);
      expect(shape(portableCup.describe(input, { partial: true }).error!)).toStrictEqual(tlvFault);
    }
  });

  it('refuse a body that is not bytes', () => {
    const e = caught(() => portableCup.decode('0200' as unknown as Uint8Array));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'message body must be a Uint8Array', path: undefined, offset: undefined });
  });

  it('keep GBK text it cannot read in the portable build as escaped bytes, and write them back exactly', () => {
    // Field 63 (0x02 in byte 8): LLL 0023, 'CUP', then a 20-byte text 63.2 opening with a byte above 0x7F.
    const body = fromHex('0210' + '0000000000000002' + '0023' + ascii('CUP') + 'D6' + '20'.repeat(19));
    const m = portableCup.decode(body);
    expect(m.get('63.1')).toBe('CUP');
    expect(isUndecodableText(m.get('63.2') as string)).toBe(true);
    expect(toHex(portableCup.encode(m.toObject()))).toBe(toHex(body));
  });
});

describe('errors while encoding a message', () => {
  it('refuse a field the dialect does not define', () => {
    const e = caught(() => portableCup.encode({ mti: '0200', fields: { '65': '1' } }));
    expect(shape(e)).toStrictEqual({ code: 'UNKNOWN_FIELD', message: 'field is not defined by dialect cup (field 65)', path: '65', offset: undefined });
    expect(caught(() => portableCup.encode({ mti: '0200', fields: { x: '1' } })).path).toBe('x');
  });

  it('refuse an input that is not a message', () => {
    const e = caught(() => portableCup.encode(null as unknown as { mti: string; fields: {} }));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'message must be a Message or an object with mti and fields', path: undefined, offset: undefined });
  });

  it('name the field of a bad value', () => {
    expect(shape(caught(() => portableCup.encode({ mti: '0200', fields: { '41': 'T1' } })))).toStrictEqual({
      code: 'BAD_LENGTH',
      message: 'value length does not match the fixed field length (field 41)',
      path: '41',
      offset: undefined,
    });
    expect(caught(() => portableCup.encode({ mti: '0200', fields: { '2': '6'.repeat(20) } })).code).toBe('VALUE_TOO_LONG');
    expect(caught(() => portableCup.encode({ mti: '0200', fields: { '41': 12345678 as unknown as string } })).code).toBe('BAD_TYPE');
  });
});

describe('dialect specs', () => {
  it('are checked when compiled, naming the field at fault', () => {
    const cases: [DialectSpec, string, string][] = [
      [{ ...spec({}), name: '' }, 'dialect', 'dialect needs a name'],
      [spec({}, { mtiEncoding: 'utf8' as 'ascii' }), 'MTI', 'MTI encoding must be ascii, ebcdic or bcd'],
      [spec({}, { bitmapEncoding: 'base64' as 'hex' }), 'bitmap', 'bitmap encoding must be binary, hex or hex-ebcdic'],
      [spec({}, { maxBitmaps: 4 as 1 }), 'bitmap', 'maxBitmaps must be 1, 2 or 3'],
      [spec({ '65': { name: 'x', attr: 'n', length: 1, encoding: 'ascii' } }), '65', 'field number must be from 2 to 64'],
      [spec({ '65': { name: 'x', attr: 'n', length: 1, encoding: 'ascii' } }, { maxBitmaps: 3 }), '65', 'field 65 is the tertiary bitmap bit in a three-bitmap dialect'],
      [spec({ '3': { name: 'x', attr: 'q' as 'n', length: 1, encoding: 'ascii' } }), '3', 'field attribute is not one of n, a, an, ans, ns, as, s, anp, b, z, x+n'],
      [spec({ '3': { name: 'x', attr: 'n', length: 1, encoding: 'utf8' as 'ascii' } }), '3', 'field encoding is not one of ascii, ebcdic, gbk, bcd, binary, hex'],
      [spec({ '3': { name: 'x', attr: 'n', length: 1.5, encoding: 'ascii' } }), '3', 'field length must be a whole number'],
      [spec({ '3': { name: 'x', attr: 'n', length: 1, lengthDigits: 7 as 6, encoding: 'ascii' } }), '3', 'lengthDigits must be 0 to 6'],
      [spec({ '3': { name: 'x', attr: 'n', length: 100, lengthDigits: 2, encoding: 'ascii' } }), '3', 'field maximum is larger than its length prefix can state'],
      [spec({ '3': { name: 'x', attr: 'n', length: 3, encoding: 'bcd', pad: 'A' } }), '3', 'BCD pad must be the nibble 0 or F'],
      [spec({ '3': { name: 'x', attr: 'an', length: 3, encoding: 'ascii', pad: '  ' } }), '3', 'pad must be one character'],
      [
        spec({ '48': { name: 'x', attr: 'ans', length: 9, lengthDigits: 1, encoding: 'ascii', composite: { kind: 'positional', subfields: { '1': { name: 'y', attr: 'n', length: 1, encoding: 'morse' as 'ascii' } } } } }),
        '48.1',
        'field encoding is not one of ascii, ebcdic, gbk, bcd, binary, hex',
      ],
      [spec({ '48': { name: 'x', attr: 'ans', length: 9, lengthDigits: 1, encoding: 'ascii', composite: { kind: 'ascii-tlv', tagLength: 0, lengthDigits: 2 } } }), '48', 'ASCII TLV needs tag and length widths'],
    ];
    for (const [s, path, detail] of cases) {
      expect(shape(caught(() => defineDialect(s)))).toStrictEqual({ code: 'BAD_SPEC', message: `${detail} (field ${path})`, path, offset: undefined });
    }
  });
});
