import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { iso87asciiSpec } from '../../src/dialects/iso87ascii.js';
import { defineDialect } from '../../src/message/dialect.js';
import { ascii } from '../codec/support.js';
import { PURCHASE_FIELDS, fieldVectors } from './support.js';

const { encodeField, decodeField, field } = fieldVectors(iso87asciiSpec);

describe('the ISO 8583:1987 ASCII dialect', () => {
  it('writes the MTI as ASCII digits and each bitmap as 16 hex characters', () => {
    expect(iso87asciiSpec.mtiEncoding).toBe('ascii');
    expect(iso87asciiSpec.bitmapEncoding).toBe('hex');
  });

  it('writes the PAN as ASCII digits behind a 2-digit ASCII length', () => {
    expect(field('2')).toStrictEqual({
      name: 'Primary account number (PAN)',
      attr: 'n',
      length: 19,
      lengthDigits: 2,
      prefixEncoding: 'ascii',
      encoding: 'ascii',
      sensitivity: 'pan',
    });
  });

  it('zero-fills a fixed amount on the left', () => {
    expect(field('4')).toStrictEqual({
      name: 'Amount, transaction',
      attr: 'n',
      length: 12,
      encoding: 'ascii',
      align: 'right',
      pad: '0',
    });
  });

  it('writes a fee as a sign character followed by eight zero-filled digits', () => {
    expect(field('28')).toStrictEqual({
      name: 'Amount, transaction fee',
      attr: 'x+n',
      length: 8,
      encoding: 'ascii',
      align: 'right',
      pad: '0',
    });
  });

  it('carries track 2 as ASCII text with its separator', () => {
    expect(field('35')).toStrictEqual({
      name: 'Track 2 data',
      attr: 'z',
      length: 37,
      lengthDigits: 2,
      prefixEncoding: 'ascii',
      encoding: 'ascii',
      sensitivity: 'track',
    });
  });

  it('space-fills fixed text on the right', () => {
    expect(field('41')).toStrictEqual({
      name: 'Card acceptor terminal identification',
      attr: 'ans',
      length: 8,
      encoding: 'ascii',
      align: 'left',
      pad: ' ',
    });
  });

  it('writes fixed binary fields as hex text counted in bytes', () => {
    expect(field('52')).toStrictEqual({
      name: 'Personal identification number (PIN) data',
      attr: 'b',
      length: 8,
      encoding: 'hex',
      sensitivity: 'pin',
    });
    expect(field('64')).toMatchObject({ attr: 'b', length: 8, encoding: 'hex' });
    expect(field('65')).toMatchObject({ attr: 'b', length: 1, encoding: 'hex' });
    expect(field('96')).toMatchObject({ attr: 'b', length: 16, encoding: 'hex', sensitivity: 'secret' });
  });

  it('writes field 55 as hex text behind a count of hex characters, read as BER-TLV', () => {
    expect(field('55')).toStrictEqual({
      name: 'ICC system related data',
      attr: 'b',
      length: 510,
      lengthDigits: 3,
      prefixEncoding: 'ascii',
      encoding: 'hex',
      lengthUnit: 'chars',
      composite: { kind: 'ber-tlv', tags: EMV_TAGS },
    });
  });

  it('writes reserved fields as text behind a 3-digit ASCII length', () => {
    expect(field('127')).toStrictEqual({
      name: 'Reserved for private use',
      attr: 'ans',
      length: 999,
      lengthDigits: 3,
      prefixEncoding: 'ascii',
      encoding: 'ascii',
    });
  });
});

describe('ISO 8583:1987 ASCII field bytes, worked by hand', () => {
  it('writes an odd-length PAN as its digits behind a 2-digit length', () => {
    expect(encodeField('2', '476173900101019')).toBe(ascii('15476173900101019'));
    expect(decodeField('2', ascii('15476173900101019')).value).toBe('476173900101019');
  });

  it('zero-fills an amount to 12 digits', () => {
    expect(encodeField('4', '12345')).toBe(ascii('000000012345'));
    expect(decodeField('4', ascii('000000012345')).value).toBe('000000012345');
  });

  it('writes a fee as its sign and eight digits', () => {
    expect(encodeField('28', 'C00000100')).toBe(ascii('C00000100'));
    expect(decodeField('28', ascii('D00000250')).value).toBe('D00000250');
  });

  it('carries track 2 with its = separator', () => {
    expect(encodeField('35', '476173900101019=2512101')).toBe(ascii('23476173900101019=2512101'));
  });

  it('space-fills a short name/location to 40 characters and strips the fill when reading', () => {
    const wire = ascii('SHOP 1, SPRINGFIELD' + ' '.repeat(21));
    expect(encodeField('43', 'SHOP 1, SPRINGFIELD')).toBe(wire);
    expect(decodeField('43', wire)).toEqual({ value: 'SHOP 1, SPRINGFIELD', again: wire });
  });

  it('writes PIN data as 16 hex characters', () => {
    expect(encodeField('52', fromHex('0123456789ABCDEF'))).toBe(ascii('0123456789ABCDEF'));
    expect(decodeField('52', ascii('0123456789abcdef')).value).toBe('0123456789ABCDEF');
  });

  it('writes field 65 as two hex characters', () => {
    expect(encodeField('65', fromHex('01'))).toBe(ascii('01'));
  });

  it('writes field 55 as hex text behind a count of its characters', () => {
    expect(encodeField('55', fromHex('9F270180'))).toBe(ascii('0089F270180'));
  });

  it('rejects a field 55 with an odd number of hex characters', () => {
    expect(() => decodeField('55', ascii('0039F2'))).toThrow('hex field must have an even number of characters (field 55, byte 3)');
  });
});

describe('an ISO 8583:1987 ASCII purchase, worked character by character', () => {
  const dialect = defineDialect(iso87asciiSpec);
  const fields = PURCHASE_FIELDS;
  const text = [
    '0200',
    '7020000020801200', // bitmap as hex text: 2 3 4 | 11 | 35 | 41 | 52 55
    '15' + '476173900101019',
    '000000',
    '000000001000',
    '000123',
    '23' + '476173900101019=2512101',
    'TERM0001',
    '0123456789ABCDEF', // 52 as hex text
    '030' + '9F26081122334455667788' + '9F270180', // 55: 30 hex characters
  ].join('');

  it('encodes to the text worked out by hand', () => {
    expect(toHex(dialect.encode({ mti: '0200', fields }))).toBe(ascii(text));
  });

  it('decodes that text to the canonical fields and back to the same bytes', () => {
    const m = dialect.decode(fromHex(ascii(text)));
    expect(m.toObject()).toEqual({ mti: '0200', fields });
    expect(m.get('55.9F27')).toEqual(fromHex('80'));
    expect(toHex(dialect.encode(m))).toBe(ascii(text));
  });
});
