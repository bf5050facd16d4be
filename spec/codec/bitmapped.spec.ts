import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { defineDialect } from '../../src/message/dialect.js';
import { ascii, LLLVAR_ASCII } from './support.js';
import { caught, shape } from '../support/errors.js';

// Field 62 (bit 6 of byte 8, 0x04) holds its own bitmap and subfields; content starts at byte 12.
const d = defineDialect({
  name: 'sub-bitmap',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 1,
  fields: {
    '62': {
      name: 'Private data',
      ...LLLVAR_ASCII,
      composite: {
        kind: 'bitmapped',
        bitmapEncoding: 'binary',
        subfields: {
          '2': { name: 'Reference', attr: 'an', length: 10, lengthDigits: 2, encoding: 'ascii' },
          '3': { name: 'Code', attr: 'n', length: 4, encoding: 'ascii' },
          '70': { name: 'Key', attr: 'b', length: 2, encoding: 'binary', sensitivity: 'key' },
        },
      },
    },
  },
});

const HEAD = '0200' + '0000000000000004';

describe('bitmapped composites', () => {
  it('write a bitmap of the subfields present, then the subfields in order', () => {
    const out = d.encode({ mti: '0200', fields: { '62': { '3': '1234', '2': 'AB' } } });
    expect(toHex(out)).toBe(`${HEAD}0016` + '6000000000000000' + ascii('02AB1234'));
    expect(d.decode(out).get('62')).toStrictEqual({ '2': 'AB', '3': '1234' });
  });

  it('add a secondary bitmap for a subfield above 64', () => {
    const out = d.encode({ mti: '0200', fields: { '62': { '3': '1234', '70': 'ABCD' } } });
    expect(toHex(out)).toBe(`${HEAD}0022` + 'A000000000000000' + '0400000000000000' + ascii('1234') + 'ABCD');
    expect(d.decode(out).toObject().fields['62']).toStrictEqual({ '3': '1234', '70': 'ABCD' });
  });

  it('name a subfield its bitmap marks but the field does not define', () => {
    const e = caught(() => d.decode(fromHex(`${HEAD}0008` + '0800000000000000')));
    expect(shape(e)).toStrictEqual({ code: 'UNKNOWN_FIELD', message: 'bitmap marks a subfield this field does not define (field 62.5, byte 12)', path: '62.5', offset: 12 });
  });

  it('refuse data after the subfields its bitmap marks', () => {
    const e = caught(() => d.decode(fromHex(`${HEAD}0013` + '2000000000000000' + ascii('12345'))));
    expect(shape(e)).toStrictEqual({ code: 'TRAILING_BYTES', message: 'value has data after its last subfield (field 62, byte 24)', path: '62', offset: 24 });
  });

  it('refuse a bitmap cut short, placed under the field', () => {
    const e = caught(() => d.decode(fromHex(`${HEAD}0004` + '20000000')));
    expect(shape(e)).toStrictEqual({ code: 'TRUNCATED', message: 'bitmap runs past the end of the data (field 62, byte 12)', path: '62', offset: 12 });
  });

  it('refuse a subfield number it does not define on encode', () => {
    const e = caught(() => d.encode({ mti: '0200', fields: { '62': { '4': 'x' } } }));
    expect(shape(e)).toStrictEqual({ code: 'UNKNOWN_FIELD', message: 'subfield is not defined for this field (field 62.4)', path: '62.4', offset: undefined });
    expect(caught(() => d.encode({ mti: '0200', fields: { '62': { '03': '1234' } } })).path).toBe('62.03');
  });
});
