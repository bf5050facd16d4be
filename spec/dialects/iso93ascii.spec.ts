import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { ISO93_FIELDS } from '../../src/dialects/iso93-fields.js';
import { iso93asciiSpec } from '../../src/dialects/iso93ascii.js';
import { defineDialect } from '../../src/message/dialect.js';
import { ascii } from '../codec/support.js';
import { PURCHASE_FIELDS, fieldVectors } from './support.js';

const { encodeField, decodeField, field } = fieldVectors(iso93asciiSpec);

describe('the ISO 8583:1993 field table', () => {
  it('keeps the 1993 lengths and forms where they differ from 1987', () => {
    const pick = (id: string) => {
      const r = ISO93_FIELDS[id]!;
      return [r.attr, r.length, r.form];
    };
    expect(pick('12')).toEqual(['n', 12, 'fixed']);
    expect(pick('15')).toEqual(['n', 6, 'fixed']);
    expect(pick('22')).toEqual(['an', 12, 'fixed']);
    expect(pick('24')).toEqual(['n', 3, 'fixed']);
    expect(pick('25')).toEqual(['n', 4, 'fixed']);
    expect(pick('30')).toEqual(['n', 24, 'fixed']);
    expect(pick('37')).toEqual(['anp', 12, 'fixed']);
    expect(pick('39')).toEqual(['n', 3, 'fixed']);
    expect(pick('43')).toEqual(['ans', 99, 'LL']);
    expect(pick('56')).toEqual(['n', 35, 'LL']);
    expect(pick('65')).toEqual(['b', 8, 'fixed']);
    expect(pick('71')).toEqual(['n', 8, 'fixed']);
    expect(pick('96')).toEqual(['b', 999, 'LLL']);
    expect(pick('99')).toEqual(['an', 11, 'LL']);
    expect(pick('109')).toEqual(['ans', 84, 'LL']);
  });
});

describe('the ISO 8583:1993 ASCII dialect', () => {
  it('writes the MTI as ASCII digits and each bitmap as 16 hex characters', () => {
    expect(iso93asciiSpec.mtiEncoding).toBe('ascii');
    expect(iso93asciiSpec.bitmapEncoding).toBe('hex');
  });

  it('zero-fills the 3-digit action code', () => {
    expect(field('39')).toStrictEqual({ name: 'Action code', attr: 'n', length: 3, encoding: 'ascii', align: 'right', pad: '0' });
  });

  it('space-fills the 12-character point of service data code', () => {
    expect(field('22')).toStrictEqual({
      name: 'Point of service data code',
      attr: 'an',
      length: 12,
      encoding: 'ascii',
      align: 'left',
      pad: ' ',
    });
  });

  it('carries track 2 as ASCII text behind a 2-digit length', () => {
    expect(field('35')).toMatchObject({ attr: 'z', length: 37, lengthDigits: 2, prefixEncoding: 'ascii', encoding: 'ascii', sensitivity: 'track' });
  });

  it('writes PIN data and MACs as hex text', () => {
    expect(field('52')).toMatchObject({ attr: 'b', length: 8, encoding: 'hex', sensitivity: 'pin' });
    expect(field('64')).toMatchObject({ attr: 'b', length: 8, encoding: 'hex' });
    expect(field('128')).toMatchObject({ attr: 'b', length: 8, encoding: 'hex' });
  });

  it('writes its variable binary fields as raw bytes behind an ASCII count of bytes', () => {
    expect(field('53')).toStrictEqual({
      name: 'Security related control information',
      attr: 'b',
      length: 48,
      lengthDigits: 2,
      prefixEncoding: 'ascii',
      encoding: 'binary',
    });
    expect(field('55')).toStrictEqual({
      name: 'Integrated circuit card (ICC) system related data',
      attr: 'b',
      length: 255,
      lengthDigits: 3,
      prefixEncoding: 'ascii',
      encoding: 'binary',
      composite: { kind: 'ber-tlv', tags: EMV_TAGS },
    });
    expect(field('96')).toMatchObject({ attr: 'b', length: 999, lengthDigits: 3, encoding: 'binary', sensitivity: 'key' });
  });
});

describe('ISO 8583:1993 ASCII field bytes, worked by hand', () => {
  it('zero-fills the action code and space-fills the point of service data code', () => {
    expect(encodeField('39', '1')).toBe(ascii('001'));
    expect(encodeField('22', 'A1')).toBe(ascii('A1          '));
  });

  it('writes the date and time, local transaction as 12 digits', () => {
    expect(encodeField('12', '250612103015')).toBe(ascii('250612103015'));
  });

  it('writes the name/location behind a 2-digit length', () => {
    expect(encodeField('43', 'SHOP 1')).toBe(ascii('06SHOP 1'));
  });

  it('writes variable binary fields as raw bytes behind an ASCII count of bytes', () => {
    expect(encodeField('53', fromHex('0102'))).toBe(ascii('02') + '0102');
    expect(encodeField('55', fromHex('9F270180'))).toBe(ascii('004') + '9F270180');
    expect(decodeField('96', ascii('003') + 'A1B2C3')).toEqual({ value: 'A1B2C3', again: ascii('003') + 'A1B2C3' });
  });

  it('writes field 65 as 16 hex characters', () => {
    expect(encodeField('65', fromHex('0000000000000001'))).toBe(ascii('0000000000000001'));
  });
});

describe('an ISO 8583:1993 ASCII purchase, worked byte by byte', () => {
  const dialect = defineDialect(iso93asciiSpec);
  const fields = PURCHASE_FIELDS;
  const text = [
    '1200',
    '7020000020801200',
    '15' + '476173900101019',
    '000000',
    '000000001000',
    '000123',
    '23' + '476173900101019=2512101',
    'TERM0001',
    '0123456789ABCDEF',
    '015', // 55: an ASCII count of the raw bytes that follow
  ].join('');
  const wire = ascii(text) + '9F26081122334455667788' + '9F270180';

  it('encodes to the bytes worked out by hand, field 55 raw after its ASCII length', () => {
    expect(toHex(dialect.encode({ mti: '1200', fields }))).toBe(wire);
  });

  it('decodes those bytes to the canonical fields and back to the same bytes', () => {
    const m = dialect.decode(fromHex(wire));
    expect(m.toObject()).toEqual({ mti: '1200', fields });
    expect(toHex(dialect.encode(m))).toBe(wire);
  });
});
