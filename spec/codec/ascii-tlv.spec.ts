import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { ascii, asciiTlvDialect } from './support.js';
import { caught, shape } from '../support/errors.js';

const d = asciiTlvDialect();

const body59 = (text: string): Uint8Array => fromHex(`0200${'0000000000000020'}${String(text.length).padStart(4, '0')}${ascii(text)}`);

describe('ASCII TLV composites', () => {
  it('read a tag, a decimal length and the value, in order', () => {
    const m = d.decode(body59('A1003XYZA4000'));
    expect(m.get('59')).toStrictEqual([
      { tag: 'A1', value: 'XYZ' },
      { tag: 'A4', value: '' },
    ]);
  });

  it('write entries with the configured tag and length widths', () => {
    const out = d.encode({ mti: '0200', fields: { '63': [{ tag: 'ABC', value: 'hello' }, { tag: 'XY1', value: '' }] } });
    expect(toHex(out)).toBe(`0200${'0000000000000002'}0013${ascii('ABC5helloXY10')}`);
  });

  it('nest a tag that declares its own TLV, and write it back the same', () => {
    const b = body59('A2013' + '0103POS' + '0202SN');
    const m = d.decode(b);
    expect(m.get('59')).toStrictEqual([{ tag: 'A2', children: [{ tag: '01', value: 'POS' }, { tag: '02', value: 'SN' }] }]);
    expect(m.get('59.A2.02')).toBe('SN');
    expect(toHex(d.encode(m.toObject()))).toBe(toHex(b));
  });

  it('refuse a tag and length cut off by the end of the value', () => {
    const e = caught(() => d.decode(body59('A1003XYZA4')));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TLV', message: 'TLV tag and length run past the end of the value (field 59, byte 20)', path: '59', offset: 20 });
    expect([e.expected, e.found]).toStrictEqual(['5 bytes', '2 bytes']);
  });

  it('refuse a length that is not a decimal number', () => {
    const e = caught(() => d.decode(body59('A10X3XYZ')));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TLV', message: 'TLV length is not a decimal number (field 59.A1, byte 14)', path: '59.A1', offset: 14 });
  });

  it('refuse a value that runs past the end of the field', () => {
    const e = caught(() => d.decode(body59('A1009XYZ')));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TLV', message: 'TLV value runs past the end of the field (field 59.A1, byte 12)', path: '59.A1', offset: 12 });
    expect([e.expected, e.found]).toStrictEqual(['9 bytes', '3 bytes']);
  });

  it('refuse a tag of the wrong width, a value too long for its length digits, and children where none are declared', () => {
    const tag = caught(() => d.encode({ mti: '0200', fields: { '63': [{ tag: 'AB', value: 'x' }] } }));
    expect(shape(tag)).toStrictEqual({ code: 'BAD_TAG', message: 'TLV tag must be 3 printable ASCII characters (field 63.AB)', path: '63.AB', offset: undefined });
    const long = caught(() => d.encode({ mti: '0200', fields: { '63': [{ tag: 'ABC', value: '0123456789' }] } }));
    expect([long.code, long.message, long.expected, long.found]).toStrictEqual([
      'VALUE_TOO_LONG',
      'TLV value is longer than its length can state (field 63.ABC)',
      'at most 9 bytes',
      '10 bytes',
    ]);
    const kids = caught(() => d.encode({ mti: '0200', fields: { '59': [{ tag: 'A1', children: [] }] } }));
    expect([kids.code, kids.message]).toStrictEqual(['BAD_TLV', 'this TLV tag cannot hold children (field 59.A1)']);
    const wide = caught(() => d.encode({ mti: '0200', fields: { '59': [{ tag: 'A1', value: 'Ā' }] } }));
    expect([wide.code, wide.message, wide.found]).toStrictEqual(['UNMAPPABLE_CHARACTER', 'TLV value has a character above U+00FF (field 59.A1)', 'character at position 0']);
  });
});
