import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bcdByteLength, checkBcd, nibbleOf, packBcd, unpackBcd } from '../../src/bytes/bcd.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { caught } from '../support/errors.js';

/** Packs text into a fresh array and returns its hex. */
function pack(text: string, right: boolean, pad: number, track = false): string {
  const out = new Uint8Array(bcdByteLength(text.length));
  const end = packBcd(text, out, 0, right, pad, track);
  expect(end).toBe(out.length);
  return toHex(out);
}

describe('packed BCD', () => {
  it('gives each digit a nibble and each pair a byte', () => {
    expect(pack('1234', false, 0)).toBe('1234');
    expect(pack('1234', true, 0)).toBe('1234');
    expect(pack('', false, 0)).toBe('');
  });

  it('puts the pad nibble of an odd count after the digits when left-aligned', () => {
    expect(pack('123', false, 0)).toBe('1230');
    expect(pack('123', false, 15)).toBe('123F');
    expect(pack('7', false, 15)).toBe('7F');
  });

  it('puts the pad nibble of an odd count before the digits when right-aligned', () => {
    expect(pack('123', true, 0)).toBe('0123');
    expect(pack('123', true, 15)).toBe('F123');
    expect(pack('7', true, 0)).toBe('07');
  });

  it('packs the track separator D, d and = all as the nibble D', () => {
    expect(pack('12D3', false, 0, true)).toBe('12D3');
    expect(pack('12=3', false, 0, true)).toBe('12D3');
    expect(pack('12d34', false, 15, true)).toBe('12D34F');
  });

  it('writes at the offset it is given and returns the offset after the last byte', () => {
    const out = new Uint8Array(5).fill(0xaa);
    expect(packBcd('987', out, 2, false, 15, false)).toBe(4);
    expect(toHex(out)).toBe('AAAA987FAA');
  });

  it('refuses a letter in a numeric value and a separator outside track data', () => {
    const e = caught(() => pack('12A4', false, 0));
    expect([e.code, e.message, e.expected, e.found]).toStrictEqual([
      'BAD_CHARACTER',
      'numeric field allows only digits',
      'digits',
      'another character at position 2',
    ]);
    expect(caught(() => pack('12=4', false, 0)).code).toBe('BAD_CHARACTER');
    const t = caught(() => packBcd('1X', new Uint8Array(1), 0, false, 0, true, '35'));
    expect([t.code, t.message]).toStrictEqual(['BAD_CHARACTER', 'track data allows only digits and a D or = separator (field 35)']);
  });

  it('counts the bytes an odd or even number of digits needs', () => {
    expect([0, 1, 2, 3, 19, 37].map(bcdByteLength)).toStrictEqual([0, 1, 1, 2, 10, 19]);
  });

  it('gives the nibble of a digit or track separator, and -1 for anything else', () => {
    expect(nibbleOf(48, false)).toBe(0);
    expect(nibbleOf(57, false)).toBe(9);
    expect(nibbleOf(68, false)).toBe(-1);
    expect(nibbleOf(68, true)).toBe(13);
    expect(nibbleOf(61, true)).toBe(13);
    expect(nibbleOf(65, true)).toBe(-1);
  });

  it('reports the pad nibble found beside an odd count, on the side the alignment puts it', () => {
    expect(checkBcd(fromHex('123F'), 0, 3, false, false)).toBe(15);
    expect(checkBcd(fromHex('1230'), 0, 3, false, false)).toBe(0);
    expect(checkBcd(fromHex('F123'), 0, 3, true, false)).toBe(15);
    expect(checkBcd(fromHex('1234'), 0, 4, false, false)).toBe(0);
  });

  it('refuses a nibble above 9 among the digits, and D outside track data', () => {
    expect(checkBcd(fromHex('1A34'), 0, 4, false, false)).toBe(-1);
    expect(checkBcd(fromHex('12D4'), 0, 4, false, false)).toBe(-1);
    expect(checkBcd(fromHex('12D4'), 0, 4, false, true)).toBe(0);
    expect(checkBcd(fromHex('12E4'), 0, 4, false, true)).toBe(-1);
    // The digit beside a pad is checked too.
    expect(checkBcd(fromHex('12AF'), 0, 3, false, false)).toBe(-1);
    expect(checkBcd(fromHex('FA12'), 0, 3, true, false)).toBe(-1);
  });

  it('unpacks the digits without the pad nibble, and separators as D', () => {
    expect(unpackBcd(fromHex('123F'), 0, 3, false)).toBe('123');
    expect(unpackBcd(fromHex('F123'), 0, 3, true)).toBe('123');
    expect(unpackBcd(fromHex('0123'), 0, 4, true)).toBe('0123');
    expect(unpackBcd(fromHex('AA12D3'), 1, 4, false)).toBe('12D3');
  });

  it('unpacks what it packs, for any digits (past the 64 it keeps argument arrays for too), alignment and pad', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9D]{0,200}$/),
        fc.boolean(),
        fc.constantFrom(0, 15),
        (text, right, pad) => {
          const out = new Uint8Array(bcdByteLength(text.length));
          packBcd(text, out, 0, right, pad, true);
          const found = checkBcd(out, 0, text.length, right, true);
          expect(found).toBe(text.length % 2 === 1 ? pad : 0);
          expect(unpackBcd(out, 0, text.length, right)).toBe(text);
        },
      ),
      { seed: 8583, numRuns: 300 },
    );
  });
});
