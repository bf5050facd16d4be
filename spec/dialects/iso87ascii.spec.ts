import { describe, expect, it } from 'vitest';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { iso87asciiSpec } from '../../src/dialects/iso87ascii.js';

const field = (id: string) => iso87asciiSpec.fields[id];

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
