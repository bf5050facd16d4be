// describe({ partial: true }): the rows read before a decode error, and the error itself, for inspecting broken messages.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex.js';
import { dialects } from '../../src/index.js';
import { caught, shape } from '../support/errors.js';
import { SALE_HEX } from './support.js';

const cup = dialects.cup;
const sale = fromHex(SALE_HEX);

/** The sale with field 55's content replaced by `tlvHex` (its BCD length prefix adjusted). */
function saleWith55(tlvHex: string): Uint8Array {
  const old = '0011' + '9F2608ED1D6BA78357FB25';
  expect(SALE_HEX).toContain(old);
  return fromHex(SALE_HEX.replace(old, String(tlvHex.length / 2).padStart(4, '0') + tlvHex));
}

describe('describe() with partial', () => {
  it('describes a whole message exactly as without the option, and has no error', () => {
    const d = cup.describe(sale, { partial: true });
    expect(d.error).toBeUndefined();
    expect(d.rows).toStrictEqual(cup.describe(sale).rows);
    expect(d.toString()).toBe(cup.describe(sale).toString());
  });

  it('returns the rows before a truncation and the same error decode throws', () => {
    const cut = sale.subarray(0, 40); // ends inside field 35
    const d = cup.describe(cut, { partial: true });
    expect(shape(d.error!)).toStrictEqual(shape(caught(() => cup.decode(cut))));
    expect(shape(d.error!)).toStrictEqual({
      code: 'TRUNCATED',
      message: 'field runs past the end of the data (field 35, byte 30)',
      path: '35',
      offset: 30,
    });
    expect(d.rows.map((r) => r.path)).toStrictEqual(['MTI', 'bitmap', '2', '3', '11', '22', '22.1', '22.2']);
    expect(d.toString().split('\n').at(-1)).toBe('error TRUNCATED: field runs past the end of the data (field 35, byte 30)');
  });

  it('still throws without the option', () => {
    expect(shape(caught(() => cup.describe(sale.subarray(0, 40))))).toStrictEqual(shape(caught(() => cup.decode(sale.subarray(0, 40)))));
  });

  it('shows the MTI when the bitmap is cut short', () => {
    const d = cup.describe(sale.subarray(0, 5), { partial: true });
    expect(d.error!.code).toBe('TRUNCATED');
    expect(d.rows.map((r) => [r.path, r.hex])).toStrictEqual([['MTI', '0200']]);
  });

  it('masks a container cut short by an error, whose unread bytes may hold a card number', () => {
    // 9F27 then a tag with a five-byte length form (bad), then a PAN in tag 5A the decoder never reaches.
    const d = cup.describe(saleWith55('9F270180' + '9F1085' + '5A08' + '6210810840003424' + '9F'), { partial: true });
    expect([d.error!.code, d.error!.path]).toStrictEqual(['BAD_TLV', '55.9F10']);
    const rows = d.rows.filter((r) => r.path.startsWith('55'));
    expect(rows.map((r) => [r.path, r.hex])).toStrictEqual([
      ['55', '*'.repeat(36)],
      ['55.9F27', '80'],
    ]);
    expect(d.toString()).not.toContain('6210810840003424');
  });

  it('still throws for an input that is not bytes', () => {
    expect(caught(() => cup.describe('not bytes' as unknown as Uint8Array, { partial: true })).code).toBe('BAD_TYPE');
  });
});
