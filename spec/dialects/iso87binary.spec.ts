import { describe, expect, it } from 'vitest';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { iso87binarySpec } from '../../src/dialects/iso87binary.js';

const field = (id: string) => iso87binarySpec.fields[id];

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
