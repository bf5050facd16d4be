import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { defineDialect } from '../../src/message/dialect.js';
import { ascii } from './support.js';
import { caught, shape } from '../support/errors.js';

// Field 62 takes its layout from the MTI and from 60.1: keys in a 0810 whose 60.1 is 01, TLV in any 0800.
const d = defineDialect({
  name: 'context',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 1,
  fields: {
    '60': {
      name: 'Management',
      attr: 'n',
      length: 5,
      encoding: 'ascii',
      composite: { kind: 'positional', subfields: { '1': { name: 'Code', attr: 'n', length: 2, encoding: 'ascii' }, '2': { name: 'Batch', attr: 'n', length: 3, encoding: 'ascii' } } },
    },
    '62': {
      name: 'Keys or terminal data',
      attr: 'b',
      length: 99,
      lengthDigits: 2,
      prefixEncoding: 'bcd',
      encoding: 'binary',
      composite: {
        kind: 'context',
        cases: [
          {
            when: { mti: ['0810'], '60.1': ['01'] },
            label: 'working keys',
            layout: { kind: 'positional', subfields: { '1': { name: 'Key', attr: 'b', length: 2, encoding: 'binary', sensitivity: 'key' }, '2': { name: 'Check', attr: 'b', length: 2, encoding: 'binary' } } },
          },
          { when: { mti: ['0800'] }, label: 'terminal data', layout: { kind: 'ascii-tlv', tagLength: 2, lengthDigits: 2 } },
          { when: { mti: ['0830'] }, layout: null },
        ],
      },
    },
  },
});

// 60 is bit 4 of byte 8 (0x10), 62 bit 6 (0x04).
const body = (mti: string, f60: string, f62: string): Uint8Array =>
  fromHex(`${mti}0000000000000014${ascii(f60)}${(f62.length / 2).toString().padStart(2, '0')}${f62}`);

describe('context composites', () => {
  it('choose a layout by the MTI and another field', () => {
    const keys = d.decode(body('0810', '01001', 'AABB1122'));
    expect(keys.toObject().fields['62']).toStrictEqual({ '1': 'AABB', '2': '1122' });
    const tlv = d.decode(body('0800', '01001', ascii('0102OK')));
    expect(tlv.get('62')).toStrictEqual([{ tag: '01', value: 'OK' }]);
  });

  it('keep the value raw when no case matches, or the matching case has no layout', () => {
    expect(d.decode(body('0810', '02001', 'AABB1122')).toObject().fields['62']).toBe('AABB1122');
    expect(d.decode(body('0830', '01001', 'AABB1122')).toObject().fields['62']).toBe('AABB1122');
  });

  it('encode structured values with the layout the message selects, and raw ones as they are', () => {
    const keys = d.encode({ mti: '0810', fields: { '60': { '1': '01', '2': '001' }, '62': { '1': 'AABB', '2': '1122' } } });
    expect(toHex(keys)).toBe(toHex(body('0810', '01001', 'AABB1122')));
    const raw = d.encode({ mti: '0810', fields: { '60': '02001', '62': 'AABB1122' } });
    expect(toHex(raw)).toBe(toHex(body('0810', '02001', 'AABB1122')));
  });

  it('refuse a structured value when no layout applies', () => {
    const e = caught(() => d.encode({ mti: '0810', fields: { '60': '02001', '62': { '1': 'AABB' } } }));
    expect(shape(e)).toStrictEqual({
      code: 'NO_LAYOUT',
      message: 'structured value given but no layout applies to this message; give the raw value (field 62)',
      path: '62',
      offset: undefined,
    });
  });

  it('show the chosen layout in describe()', () => {
    const rows = d.describe(body('0810', '01001', 'AABB1122')).rows;
    expect(rows.find((r) => r.path === '62')?.layout).toBe('working keys');
    expect(rows.find((r) => r.path === '62.1')?.hex).toBe('****');
    expect(rows.find((r) => r.path === '62.2')?.hex).toBe('1122');
  });
});
