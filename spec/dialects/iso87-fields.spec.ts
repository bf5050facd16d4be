import { describe, expect, it } from 'vitest';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { ISO87_FIELDS, fieldRow, mapFieldTable, reservedRow } from '../../src/dialects/iso87-fields.js';
import { iso87asciiSpec } from '../../src/dialects/iso87ascii.js';
import { iso87binarySpec } from '../../src/dialects/iso87binary.js';

describe('the ISO 8583:1987 field table', () => {
  it('derives how a value is packed from its attribute unless told otherwise', () => {
    expect(fieldRow('n', 6, 'fixed', 'Processing code').packing).toBe('digits');
    expect(fieldRow('z', 37, 'LL', 'Track 2 data').packing).toBe('digits');
    expect(fieldRow('b', 8, 'fixed', 'PIN data').packing).toBe('bytes');
    expect(fieldRow('x+n', 8, 'fixed', 'Fee').packing).toBe('amount');
    expect(fieldRow('ans', 40, 'fixed', 'Name').packing).toBe('chars');
    expect(fieldRow('z', 104, 'LLL', 'Track 3 data', { packing: 'chars' }).packing).toBe('chars');
  });

  it('leaves out the optional parts of a row that has none, so rows stay plain JSON', () => {
    expect(fieldRow('n', 6, 'fixed', 'Processing code')).toStrictEqual({
      name: 'Processing code',
      attr: 'n',
      length: 6,
      form: 'fixed',
      packing: 'digits',
    });
    expect(reservedRow('Reserved for private use')).toStrictEqual({
      name: 'Reserved for private use',
      attr: 'ans',
      length: 999,
      form: 'LLL',
      packing: 'chars',
    });
  });

  it('keeps the jPOS lengths and forms of the fields real traffic uses', () => {
    const pick = (id: string) => {
      const r = ISO87_FIELDS[id]!;
      return [r.attr, r.length, r.form];
    };
    expect(pick('2')).toEqual(['n', 19, 'LL']);
    expect(pick('4')).toEqual(['n', 12, 'fixed']);
    expect(pick('7')).toEqual(['n', 10, 'fixed']);
    expect(pick('28')).toEqual(['x+n', 8, 'fixed']);
    expect(pick('32')).toEqual(['n', 11, 'LL']);
    expect(pick('35')).toEqual(['z', 37, 'LL']);
    expect(pick('36')).toEqual(['z', 104, 'LLL']);
    expect(pick('43')).toEqual(['ans', 40, 'fixed']);
    expect(pick('45')).toEqual(['ans', 76, 'LL']);
    expect(pick('54')).toEqual(['an', 120, 'LLL']);
    expect(pick('65')).toEqual(['b', 1, 'fixed']);
    expect(pick('90')).toEqual(['n', 42, 'fixed']);
    expect(pick('93')).toEqual(['an', 6, 'fixed']);
    expect(pick('96')).toEqual(['b', 16, 'fixed']);
    expect(pick('97')).toEqual(['x+n', 16, 'fixed']);
    expect(pick('104')).toEqual(['ans', 100, 'LLL']);
    expect(pick('128')).toEqual(['b', 8, 'fixed']);
  });

  it('packs track 3 as characters and track 2 as digits, as jPOS does', () => {
    expect(ISO87_FIELDS['35']!.packing).toBe('digits');
    expect(ISO87_FIELDS['36']!.packing).toBe('chars');
  });

  it('gives field 55 the EMV dictionary', () => {
    expect(ISO87_FIELDS['55']!.composite).toEqual({ kind: 'ber-tlv', tags: EMV_TAGS });
  });

  it('maps every row and keeps the field numbers', () => {
    const mapped = mapFieldTable(ISO87_FIELDS, (r) => ({ name: r.name, attr: r.attr, length: r.length, encoding: 'ascii' }));
    expect(Object.keys(mapped)).toEqual(Object.keys(ISO87_FIELDS));
    expect(mapped['11']).toEqual({ name: 'System trace audit number', attr: 'n', length: 6, encoding: 'ascii' });
  });

  it('gives the ASCII and the binary dialect the same facts for every field', () => {
    for (const id of Object.keys(ISO87_FIELDS)) {
      const a = iso87asciiSpec.fields[id]!;
      const b = iso87binarySpec.fields[id]!;
      expect([a.name, a.attr, a.lengthDigits, a.sensitivity, a.composite], `field ${id}`).toEqual([
        b.name,
        b.attr,
        b.lengthDigits,
        b.sensitivity,
        b.composite,
      ]);
      // Field 55 in ASCII counts hex characters, two per byte.
      expect(a.length, `field ${id}`).toBe(id === '55' ? 2 * b.length : b.length);
    }
  });
});
