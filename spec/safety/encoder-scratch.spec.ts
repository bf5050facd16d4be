// An encode leaves no copy of a composite's content behind in the arrays it drops: field 55's TLV list carries the
// PAN and track 2 (tags 5A, 57), and a dropped array keeps them in memory until it happens to be reused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/bytes/writer.js';
import { cupDialect, fromHex, toHex } from '../../src/index.js';
import { asciiTlvDialect } from '../codec/support.js';
import { PAN, SALE_HEX, TRACK2 } from '../message/support.js';
import { caught } from '../support/errors.js';

const CHIP_DATA = [
  { tag: '9F26', value: 'ED1D6BA78357FB25' },
  { tag: '5A', value: '6210810840003424940F' },
  { tag: '57', value: '6210810840003424940D27062207001000100F' },
];

// Every writer that writes, and every copy one hands out, during a test.
const writers = new Set<ByteWriter>();
const copies: Uint8Array[] = [];
const original = { ensure: ByteWriter.prototype.ensure, result: ByteWriter.prototype.result };

beforeEach(() => {
  writers.clear();
  copies.length = 0;
  ByteWriter.prototype.ensure = function (this: ByteWriter, n: number) {
    writers.add(this);
    original.ensure.call(this, n);
  };
  ByteWriter.prototype.result = function (this: ByteWriter) {
    const out = original.result.call(this);
    copies.push(out);
    return out;
  };
});

afterEach(() => Object.assign(ByteWriter.prototype, original));

/** What the writers and the copies they handed out still hold: nothing, once the encode returns. */
function leftBehind(): string[] {
  return [...[...writers].map((w) => w.buf), ...copies].filter((b) => b.some((x) => x !== 0)).map((b) => toHex(b));
}

describe('an encode through a size plan', () => {
  const cup = cupDialect();

  it('zeroes each composite content it made, and the writer it was made in, once the message is written', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    m.set('55', CHIP_DATA);
    const encoded = toHex(cup.encode(m));
    expect(encoded).toContain('5A0A6210810840003424940F');
    expect(writers.size + copies.length).toBeGreaterThan(0);
    expect(leftBehind()).toEqual([]);
  });

  it('zeroes them when the target is too small and nothing is written', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    m.set('55', CHIP_DATA);
    expect(caught(() => cup.encodeInto(m, new Uint8Array(16))).code).toBe('BUFFER_TOO_SMALL');
    expect(leftBehind()).toEqual([]);
  });

  it('zeroes them when a later field fails to size', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    m.set('55', CHIP_DATA);
    m.set('60', { '1': '22', '2': '0007', '3': 'nonsense' });
    expect(caught(() => cup.encode(m)).code).toMatch(/^[A-Z_]+$/);
    expect(leftBehind()).toEqual([]);
  });

  it('leaves the card data of a decoded sale only in the bytes it returns', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    m.set('60', { '1': '22', '2': '000757', '3': '000' });
    const out = toHex(cup.encode(m));
    expect([out.includes(PAN), out.includes(TRACK2)]).toEqual([true, true]);
    expect(leftBehind()).toEqual([]);
  });
});

describe('an encode in one pass', () => {
  const d = asciiTlvDialect();

  it('zeroes the writer a nested TLV list is written in and the copy it hands to its parent', () => {
    const out = d.encode({ mti: '0200', fields: { '59': [{ tag: 'A2', children: [{ tag: '01', value: 'POS' }, { tag: '01', value: 'SN12345' }] }] } });
    expect(toHex(out)).toContain(toHex(new TextEncoder().encode('0107SN12345')));
    expect(copies.length).toBeGreaterThan(0);
    expect(leftBehind()).toEqual([]);
  });
});
