import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { defineDialect } from '../../src/message/dialect.js';
import { compositeCompiler } from '../../src/codec/composite/compile.js';
import { EVERY_ENCODING } from '../../src/codec/encoding/sets.js';
import { CUP_FIELD60, CUP_FIELD61 } from '../../src/dialects/cup-field60-61.js';
import { CUP_FIELD22 } from '../../src/dialects/cup-subfields.js';
import { ascii, EBCDIC_ENV, LLLVAR_ASCII } from './support.js';
import { caught, shape } from '../support/errors.js';

// MTI 0200 in BCD, then a binary bitmap: 48 is the last bit of byte 6, 60 and 61 bits 4 and 5 of byte 8.
const compileComposite = compositeCompiler(EVERY_ENCODING.composites);

const d = defineDialect({
  name: 'positional',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 1,
  fields: {
    '48': {
      name: 'Additional data',
      ...LLLVAR_ASCII,
      composite: {
        kind: 'positional',
        subfields: {
          '1': { name: 'Kind', attr: 'n', length: 2, encoding: 'ascii' },
          '2': { name: 'Reference', attr: 'an', length: 10, lengthDigits: 2, encoding: 'ascii' },
          '3': { name: 'Note', attr: 'ans', length: 4, encoding: 'ascii', align: 'left', pad: ' ' },
        },
        rest: 'rest',
      },
    },
    '60': {
      name: 'Reserved private',
      attr: 'n',
      length: 17,
      lengthDigits: 3,
      prefixEncoding: 'bcd',
      encoding: 'bcd',
      align: 'left',
      pad: '0',
      composite: {
        kind: 'positional',
        subfields: {
          '1': { name: 'Type', attr: 'n', length: 2, encoding: 'ascii' },
          '2': { name: 'Batch', attr: 'n', length: 6, encoding: 'ascii' },
          '3': { name: 'Code', attr: 'n', length: 3, encoding: 'ascii' },
        },
      },
    },
    '61': {
      name: 'Pairs',
      attr: 'ans',
      length: 99,
      lengthDigits: 2,
      prefixEncoding: 'bcd',
      encoding: 'ascii',
      composite: {
        kind: 'positional',
        subfields: {
          '1': { name: 'First', attr: 'n', length: 2, encoding: 'ascii' },
          '2': { name: 'Second', attr: 'n', length: 2, encoding: 'ascii' },
        },
      },
    },
  },
});

const BITMAP_48 = '0000000000010000';
const BITMAP_60 = '0000000000000010';
const BITMAP_61 = '0000000000000008';

describe('positional composites', () => {
  it('write fixed and variable subfields one after another', () => {
    const body = d.encode({ mti: '0200', fields: { '48': { '1': '12', '2': 'AB', '3': 'X' } } });
    expect(toHex(body)).toBe(`0200${BITMAP_48}0010${ascii('1202ABX   ')}`);
    expect(d.decode(body).get('48')).toStrictEqual({ '1': '12', '2': 'AB', '3': 'X' });
  });

  it('leave out trailing subfields that are absent, on both sides', () => {
    const body = d.encode({ mti: '0200', fields: { '48': { '1': '12' } } });
    expect(toHex(body)).toBe(`0200${BITMAP_48}0002${ascii('12')}`);
    expect(d.decode(body).get('48')).toStrictEqual({ '1': '12' });
    expect(d.decode(body).get('48.2')).toBeUndefined();
  });

  it('keep data past the last subfield under the rest key and write it back', () => {
    const body = fromHex(`0200${BITMAP_48}0012${ascii('1202ABX   ZZ')}`);
    const m = d.decode(body);
    expect(m.get('48')).toStrictEqual({ '1': '12', '2': 'AB', '3': 'X', rest: 'ZZ' });
    expect(toHex(d.encode(m.toObject()))).toBe(toHex(body));
  });

  it('hand BCD digits to their subfields as characters', () => {
    const body = d.encode({ mti: '0200', fields: { '60': { '1': '22', '2': '000757', '3': '000' } } });
    expect(toHex(body)).toBe(`0200${BITMAP_60}0011220007570000`);
    expect(d.decode(body).get('60.2')).toBe('000757');
  });

  it('refuse a missing subfield before a present one', () => {
    const e = caught(() => d.encode({ mti: '0200', fields: { '48': { '1': '12', '3': 'X' } } }));
    expect(shape(e)).toStrictEqual({
      code: 'MISSING_SUBFIELD',
      message: 'a subfield is missing before a later one that is present (field 48.2)',
      path: '48.2',
      offset: undefined,
    });
    const r = caught(() => d.encode({ mti: '0200', fields: { '48': { '1': '12', rest: 'ZZ' } } }));
    expect([r.code, r.path]).toStrictEqual(['MISSING_SUBFIELD', '48.2']);
  });

  it('refuse a subfield the field does not define', () => {
    const e = caught(() => d.encode({ mti: '0200', fields: { '61': { '1': '12', '9': '34' } } }));
    expect(shape(e)).toStrictEqual({ code: 'UNKNOWN_FIELD', message: 'subfield is not defined for this field (field 61.9)', path: '61.9', offset: undefined });
  });

  it('refuse data after the last subfield when there is no rest key, at its byte', () => {
    const e = caught(() => d.decode(fromHex(`0200${BITMAP_61}05${ascii('12345')}`)));
    expect(shape(e)).toStrictEqual({ code: 'TRAILING_BYTES', message: 'value has data after its last subfield (field 61, byte 15)', path: '61', offset: 15 });
    expect([e.expected, e.found]).toStrictEqual(['4 bytes', '5 bytes']);
  });

  it('place an error inside BCD content at the byte holding the digit', () => {
    // 7 digits: 60.1 takes 2, 60.2 wants 6 from digit 2, which sits in byte 13 of the body.
    const e = caught(() => d.decode(fromHex(`0200${BITMAP_60}000722000750`)));
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'field runs past the end of the data (field 60.2, byte 13)', path: '60.2', offset: 13 });
  });

  it.each([
    ['CUP 22 (no rest)', CUP_FIELD22],
    ['CUP 60 (rest kept as text)', CUP_FIELD60],
    ['CUP 61 (rest kept as text)', CUP_FIELD61],
  ])('decide %s from the content length alone exactly as the full check does, for every length', (_name, spec) => {
    const codec = compileComposite(spec, '60', EBCDIC_ENV);
    const at = { base: 0, scale: 1, depth: 1 };
    for (let units = 0; units <= 40; units++) {
      const content = new Uint8Array(units).fill(0x30);
      let checked = true;
      try {
        codec.check(content, '60', null, at);
      } catch {
        checked = false;
      }
      expect([units, codec.fits!(units)]).toStrictEqual([units, checked]);
    }
  });

  it('leave content to the full check when a subfield has a length prefix or a structure of its own', () => {
    expect(compileComposite(d.spec.fields['48']!.composite!, '48', EBCDIC_ENV).fits).toBeUndefined();
    const tailed = { ...CUP_FIELD60, tail: { name: 'TLV', layout: { kind: 'ber-tlv' } } } as const;
    expect(compileComposite(tailed, '60', EBCDIC_ENV).fits).toBeUndefined();
    expect(compileComposite(d.spec.fields['60']!.composite!, '60', EBCDIC_ENV).fits).toBeTypeOf('function');
  });

  it('check subfield values on encode, naming the subfield', () => {
    const e = caught(() => d.encode({ mti: '0200', fields: { '48': { '1': '1X' } } }));
    expect(shape(e)).toStrictEqual({ code: 'BAD_CHARACTER', message: 'value has a character not allowed in n (digits) (field 48.1)', path: '48.1', offset: undefined });
  });

  it('refuse a structure that is not an object keyed by subfield', () => {
    const e = caught(() => d.encode({ mti: '0200', fields: { '48': [{ tag: '01', value: 'x' }] } }));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'positional subfields must be an object keyed by subfield number (field 48)', path: '48', offset: undefined });
  });

  it('accept the raw text of a composite field as well as its subfields', () => {
    const raw = d.encode({ mti: '0200', fields: { '48': '1202ABX   ' } });
    expect(toHex(raw)).toBe(toHex(d.encode({ mti: '0200', fields: { '48': { '1': '12', '2': 'AB', '3': 'X' } } })));
  });
});

describe('a positional composite with a structured tail', () => {
  const tailed = defineDialect({
    name: 'tailed',
    mtiEncoding: 'bcd',
    bitmapEncoding: 'binary',
    maxBitmaps: 1,
    fields: {
      '62': {
        name: 'Answer',
        attr: 'b',
        length: 999,
        lengthDigits: 3,
        prefixEncoding: 'bcd',
        encoding: 'binary',
        composite: {
          kind: 'positional',
          subfields: { '1': { name: 'Control', attr: 'ans', length: 1, encoding: 'ascii' } },
          rest: '2',
          tail: { name: 'List', layout: { kind: 'ber-tlv' } },
        },
      },
    },
  });

  it('reads the remainder as its layout says and writes it back', () => {
    const body = fromHex('0800' + '0000000000000004' + '0009' + '31' + '9F0605A000000333');
    const m = tailed.decode(body);
    expect(m.toObject().fields['62']).toEqual({ '1': '1', '2': [{ tag: '9F06', value: 'A000000333' }] });
    expect(toHex(tailed.encode(m.toObject()))).toBe(toHex(body));
  });

  it('refuses a tail without the rest key it is kept under', () => {
    const e = caught(() =>
      defineDialect({
        name: 'bad',
        mtiEncoding: 'bcd',
        bitmapEncoding: 'binary',
        maxBitmaps: 1,
        fields: { '62': { name: 'A', attr: 'b', length: 9, lengthDigits: 1, encoding: 'binary', composite: { kind: 'positional', subfields: {}, tail: { name: 'L', layout: { kind: 'ber-tlv' } } } } },
      }),
    );
    expect([e.code, e.path]).toEqual(['BAD_SPEC', '62']);
  });
});
