import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { iso87binarySpec } from '../../src/dialects/iso87binary.js';
import { Iso8583Error } from '../../src/errors.js';
import { defineDialect } from '../../src/message/dialect.js';
import { ascii } from '../codec/support.js';
import { PURCHASE_FIELDS, fieldVectors } from './support.js';

const { encodeField, decodeField, field } = fieldVectors(iso87binarySpec);

describe('the ISO 8583:1987 binary dialect', () => {
  it('packs the MTI as BCD and writes bitmaps as raw bytes', () => {
    expect(iso87binarySpec.mtiEncoding).toBe('bcd');
    expect(iso87binarySpec.bitmapEncoding).toBe('binary');
  });

  it('packs the PAN from the first nibble behind a 1-byte BCD length, reading an F pad as well as 0', () => {
    expect(field('2')).toStrictEqual({
      name: 'Primary account number (PAN)',
      attr: 'n',
      length: 19,
      lengthDigits: 2,
      prefixEncoding: 'bcd',
      encoding: 'bcd',
      align: 'left',
      pad: '0',
      acceptPad: 'F',
      sensitivity: 'pan',
    });
  });

  it('packs track 2 as BCD digits with a D separator nibble', () => {
    expect(field('35')).toMatchObject({ attr: 'z', encoding: 'bcd', lengthDigits: 2, prefixEncoding: 'bcd', align: 'left', pad: '0' });
  });

  it('keeps track 3 as ASCII characters behind a 2-byte BCD length', () => {
    expect(field('36')).toStrictEqual({
      name: 'Track 3 data',
      attr: 'z',
      length: 104,
      lengthDigits: 3,
      prefixEncoding: 'bcd',
      encoding: 'ascii',
      sensitivity: 'track',
    });
  });

  it('right-aligns an odd-length fixed number behind a 0 nibble', () => {
    expect(field('22')).toStrictEqual({
      name: 'Point of service entry mode',
      attr: 'n',
      length: 3,
      encoding: 'bcd',
      align: 'right',
      pad: '0',
    });
  });

  it('writes a fee as a sign byte followed by packed digits', () => {
    expect(field('28')).toMatchObject({ attr: 'x+n', length: 8, encoding: 'bcd', align: 'right', pad: '0' });
    expect(field('97')).toMatchObject({ attr: 'x+n', length: 16, encoding: 'bcd', align: 'right', pad: '0' });
  });

  it('keeps fixed text in ASCII, space-filled on the right', () => {
    expect(field('37')).toStrictEqual({
      name: 'Retrieval reference number',
      attr: 'an',
      length: 12,
      encoding: 'ascii',
      align: 'left',
      pad: ' ',
    });
  });

  it('writes binary fields as raw bytes', () => {
    expect(field('52')).toStrictEqual({
      name: 'Personal identification number (PIN) data',
      attr: 'b',
      length: 8,
      encoding: 'binary',
      sensitivity: 'pin',
    });
    expect(field('65')).toMatchObject({ attr: 'b', length: 1, encoding: 'binary' });
    expect(field('128')).toMatchObject({ attr: 'b', length: 8, encoding: 'binary' });
  });

  it('writes field 55 as raw bytes behind a 2-byte BCD count of bytes, read as BER-TLV', () => {
    expect(field('55')).toStrictEqual({
      name: 'ICC system related data',
      attr: 'b',
      length: 255,
      lengthDigits: 3,
      prefixEncoding: 'bcd',
      encoding: 'binary',
      composite: { kind: 'ber-tlv', tags: EMV_TAGS },
    });
  });

  it('writes variable text in ASCII behind a BCD length', () => {
    expect(field('44')).toMatchObject({ attr: 'ans', lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'ascii' });
    expect(field('48')).toMatchObject({ attr: 'ans', lengthDigits: 3, prefixEncoding: 'bcd', encoding: 'ascii' });
  });
});

describe('ISO 8583:1987 binary field bytes, worked by hand', () => {
  it('packs an odd-length PAN from the first nibble with a trailing 0 behind a 1-byte BCD length', () => {
    expect(encodeField('2', '476173900101019')).toBe('154761739001010190');
    expect(decodeField('2', '154761739001010190')).toEqual({ value: '476173900101019', again: '154761739001010190' });
  });

  it('reads a PAN padded with F and writes the F back', () => {
    expect(decodeField('2', '15476173900101019F')).toEqual({ value: '476173900101019', again: '15476173900101019F' });
  });

  it('right-aligns an odd-length fixed number behind a 0 nibble', () => {
    expect(encodeField('22', '021')).toBe('0021');
    expect(encodeField('3', '000000')).toBe('000000');
    expect(encodeField('4', '1000')).toBe('000000001000');
  });

  it('writes a fee as an ASCII sign byte and four bytes of digits', () => {
    expect(encodeField('28', 'D100')).toBe('4400000100');
    expect(decodeField('28', '4300000250').value).toBe('C00000250');
  });

  it('packs track 2 with its separator as a D nibble, from = or D alike', () => {
    const wire = '23476173900101019D25121010';
    expect(encodeField('35', '476173900101019=2512101')).toBe(wire);
    expect(encodeField('35', '476173900101019D2512101')).toBe(wire);
    expect(decodeField('35', wire)).toEqual({ value: '476173900101019D2512101', again: wire });
  });

  it('keeps track 3 in ASCII behind a 2-byte BCD length', () => {
    expect(encodeField('36', '011234=99')).toBe('0009' + ascii('011234=99'));
  });

  it('keeps fixed text in ASCII, space-filled', () => {
    expect(encodeField('41', 'TERM0001')).toBe(ascii('TERM0001'));
    expect(encodeField('37', '1234')).toBe(ascii('1234        '));
  });

  it('writes PIN data and field 55 as raw bytes, 55 behind a 2-byte BCD count of bytes', () => {
    expect(encodeField('52', fromHex('0123456789ABCDEF'))).toBe('0123456789ABCDEF');
    expect(encodeField('55', fromHex('9F26081122334455667788'))).toBe('00119F26081122334455667788');
  });

  it('rejects a length prefix beyond the field maximum without reading on', () => {
    expect(() => decodeField('2', '2047617390010101901234')).toThrow('length prefix exceeds the field maximum (field 2, byte 0)');
  });
});

describe('an ISO 8583:1987 binary purchase, worked byte by byte', () => {
  const dialect = defineDialect(iso87binarySpec);
  const fields = PURCHASE_FIELDS;
  const wire = [
    '0200', // MTI, packed
    '7020000020801200', // bitmap: 2 3 4 | 11 | 35 | 41 | 52 55
    '15' + '4761739001010190', // 2: 15 digits, trailing 0 nibble
    '000000', // 3
    '000000001000', // 4
    '000123', // 11
    '23' + '476173900101019D25121010', // 35: 23 nibbles, = as D, trailing 0 nibble
    '5445524D30303031', // 41: ASCII
    '0123456789ABCDEF', // 52: raw
    '0015' + '9F26081122334455667788' + '9F270180', // 55: 15 bytes of TLV
  ].join('');

  it('encodes to the bytes worked out by hand', () => {
    expect(toHex(dialect.encode({ mti: '0200', fields }))).toBe(wire);
  });

  it('decodes those bytes to the canonical fields, track 2 with its D separator', () => {
    const m = dialect.decode(fromHex(wire));
    expect(m.mti).toBe('0200');
    expect(m.toObject()).toEqual({ mti: '0200', fields: { ...fields, '35': '476173900101019D2512101' } });
    expect(toHex(m.get('55.9F26') as Uint8Array)).toBe('1122334455667788');
    expect(toHex(dialect.encode(m))).toBe(wire);
  });

  it('reads a PAN padded with F and writes the message back with the F', () => {
    const fPadded = wire.replace('154761739001010190', '15476173900101019F');
    const m = dialect.decode(fromHex(fPadded));
    expect(m.get('2')).toBe('476173900101019');
    expect(toHex(dialect.encode(m))).toBe(fPadded);
  });

  it('says which field ran past the end of a message cut short, and at which byte', () => {
    // 10 bytes of MTI and bitmap, then 9 + 3 + 6 + 3 + 13 + 8 + 8: field 55's prefix sits at 60, its content at 62.
    try {
      dialect.decode(fromHex(wire).slice(0, 70));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583Error);
      expect((e as Iso8583Error).code).toBe('TRUNCATED');
      expect((e as Error).message).toBe('field runs past the end of the data (field 55, byte 62)');
    }
  });

  it('masks the PAN and track equivalent inside field 55 but shows the cryptogram', () => {
    const m = dialect.decode(
      dialect.encode({
        mti: '0200',
        fields: {
          '3': '000000',
          '55': [
            { tag: '5A', value: '4761739001010119' },
            { tag: '57', value: '4761739001010119D2512101' },
            { tag: '9F26', value: '1122334455667788' },
          ],
        },
      }),
    );
    const printed = JSON.stringify(m.toJSON());
    expect(printed).not.toContain('4761739001010119');
    expect(printed).toContain('1122334455667788');
    expect(toHex(m.get('55.5A') as Uint8Array)).toBe('4761739001010119');
  });

  it('masks the PAN, track 2 and PIN data when printed', () => {
    const printed = JSON.stringify(dialect.decode(fromHex(wire)).toJSON());
    expect(printed).not.toContain('476173900101019');
    expect(printed).not.toContain('0123456789ABCDEF');
    expect(printed).toContain('TERM0001');
  });
});
