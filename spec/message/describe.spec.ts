import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex.js';
import { dialects } from '../../src/index.js';
import { PAN, SALE_HEX } from './support.js';

const cup = dialects.cup;

describe('describe()', () => {
  const d = cup.describe(fromHex(SALE_HEX));
  const row = (path: string) => d.rows.find((r) => r.path === path)!;

  it('lists every field and subfield in wire order with offsets, lengths and prefixes', () => {
    expect(d.dialect).toBe('cup');
    expect(d.rows.map((r) => [r.path, r.offset, r.length, r.depth])).toStrictEqual([
      ['MTI', 0, 2, 0],
      ['bitmap', 2, 8, 0],
      ['2', 10, 11, 0],
      ['3', 21, 3, 0],
      ['11', 24, 3, 0],
      ['22', 27, 2, 0],
      ['22.1', 27, 1, 1],
      ['22.2', 28, 1, 1],
      ['35', 29, 20, 0],
      ['52', 49, 8, 0],
      ['55', 57, 13, 0],
      ['55.9F26', 59, 11, 1],
      ['60', 70, 8, 0],
      ['60.1', 72, 1, 1],
      ['60.2', 73, 3, 1],
      ['60.3', 76, 2, 1],
    ]);
    expect(row('2').prefixHex).toBe('19');
    expect(row('55').prefixHex).toBe('0011');
    expect(row('55.9F26').prefixHex).toBe('9F2608');
    expect(row('60').hex).toBe('220007570000');
    expect(row('bitmap').value).toBe('2 3 11 22 35 52 55 60');
  });

  it('shows BCD subfields as their digits', () => {
    expect([row('22.1').hex, row('22.2').hex, row('60.3').hex]).toStrictEqual(['02', '1', '000']);
  });

  it('names fields in English and in the dialect language', () => {
    expect([row('2').name, row('2').localName]).toStrictEqual(['Primary account number', '主账号']);
    expect(row('55.9F26').name).toBe('Application Cryptogram');
    expect(d.toString()).toContain('Primary account number 主账号');
  });

  it('masks sensitive hex and values, and shows them only when asked', () => {
    expect([row('2').hex, row('2').value]).toStrictEqual(['*'.repeat(20), '621081*********4940']);
    expect(row('52').hex).toBe('*'.repeat(16));
    expect(row('35').value).toBe('621081*********4940D*****************');
    expect(d.toString()).not.toContain(PAN);
    const clear = cup.describe(fromHex(SALE_HEX), { unmasked: true });
    expect(clear.rows.find((r) => r.path === '2')!.value).toBe(PAN);
  });

  it('describes a built message the same as its bytes', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    expect(m.describe().rows).toStrictEqual(d.rows);
    expect(cup.describe(m.clone().set('3', '000000')).rows).toStrictEqual(d.rows);
  });
});
