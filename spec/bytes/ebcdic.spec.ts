import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeEbcdic,
  ebcdicCodec,
  ebcdicToLatin1Table,
  encodeEbcdic,
  latin1ToEbcdicTable,
  type EbcdicCodePage,
} from '../../src/bytes/ebcdic.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';

// The code page 037 chart (IBM CPGID 00037; Unicode Consortium MICSFT/EBCDIC/CP037.TXT) written as it is
// printed: control rows as code points, the graphic rows as the characters themselves.
const CP037_CONTROL_ROWS: readonly (readonly number[])[] = [
  /* 0x */ [0x00, 0x01, 0x02, 0x03, 0x9c, 0x09, 0x86, 0x7f, 0x97, 0x8d, 0x8e, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f],
  /* 1x */ [0x10, 0x11, 0x12, 0x13, 0x9d, 0x85, 0x08, 0x87, 0x18, 0x19, 0x92, 0x8f, 0x1c, 0x1d, 0x1e, 0x1f],
  /* 2x */ [0x80, 0x81, 0x82, 0x83, 0x84, 0x0a, 0x17, 0x1b, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x05, 0x06, 0x07],
  /* 3x */ [0x90, 0x91, 0x16, 0x93, 0x94, 0x95, 0x96, 0x04, 0x98, 0x99, 0x9a, 0x9b, 0x14, 0x15, 0x9e, 0x1a],
];
const CP037_GRAPHIC_ROWS: readonly string[] = [
  /* 4x */ '\u0020\u00A0âäàáãåçñ¢.<(+|',
  /* 5x */ '&éêëèíîïìß!$*);¬',
  /* 6x */ '-/ÂÄÀÁÃÅÇÑ¦,%_>?',
  /* 7x */ 'øÉÊËÈÍÎÏÌ`:#@\'="',
  /* 8x */ 'Øabcdefghi«»ðýþ±',
  /* 9x */ '°jklmnopqrªºæ¸Æ¤',
  /* Ax */ 'µ~stuvwxyz¡¿ÐÝÞ®',
  /* Bx */ '^£¥·©§¶¼½¾[]¯¨´×',
  /* Cx */ '{ABCDEFGHI\u00ADôöòóõ',
  /* Dx */ '}JKLMNOPQR¹ûüùúÿ',
  /* Ex */ '\\÷STUVWXYZ²ÔÖÒÓÕ',
  /* Fx */ '0123456789³ÛÜÙÚ\u009F',
];

// Code page 1047 (IBM CPGID 01047) moves six characters relative to 037: byte → [037 char, 1047 char].
const CP1047_MOVES: ReadonlyArray<readonly [number, string, string]> = [
  [0x5f, '¬', '^'],
  [0xad, 'Ý', '['],
  [0xb0, '^', '¬'],
  [0xba, '[', 'Ý'],
  [0xbb, ']', '¨'],
  [0xbd, '¨', ']'],
];

function cp037Chart(): number[] {
  const codes: number[] = [];
  for (const row of CP037_CONTROL_ROWS) codes.push(...row);
  for (const row of CP037_GRAPHIC_ROWS) {
    expect(row.length).toBe(16);
    for (let i = 0; i < 16; i++) codes.push(row.charCodeAt(i));
  }
  return codes;
}

function cp1047Chart(): number[] {
  const codes = cp037Chart();
  for (const [byte, , now] of CP1047_MOVES) codes[byte] = now.charCodeAt(0);
  return codes;
}

const PAGES: ReadonlyArray<readonly [EbcdicCodePage, () => number[]]> = [
  ['cp037', cp037Chart],
  ['cp1047', cp1047Chart],
];

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe.each(PAGES)('EBCDIC code page %s', (page, chart) => {
  it('decodes every one of the 256 byte values to the character the chart shows', () => {
    const expected = chart();
    expect(Array.from(ebcdicToLatin1Table(page))).toEqual(expected);
    expect(Array.from(decodeEbcdic(ALL_BYTES, 0, 256, page), (c) => c.charCodeAt(0))).toEqual(expected);
  });

  it('encodes every character U+0000 to U+00FF to the byte the chart puts it at', () => {
    const expected = chart();
    const toEbcdic = latin1ToEbcdicTable(page);
    for (let b = 0; b < 256; b++) expect(toEbcdic[expected[b]!]).toBe(b);
    const everyChar = String.fromCharCode(...expected);
    expect(Array.from(encodeEbcdic(everyChar, page))).toEqual(Array.from(ALL_BYTES));
  });

  it('is a bijection: the two tables are inverse permutations of 0 to 255', () => {
    const there = ebcdicToLatin1Table(page);
    const back = latin1ToEbcdicTable(page);
    expect(new Set(there).size).toBe(256);
    expect(new Set(back).size).toBe(256);
    for (let b = 0; b < 256; b++) {
      expect(back[there[b]!]).toBe(b);
      expect(there[back[b]!]).toBe(b);
    }
  });

  it('round-trips any Latin-1 text through bytes and back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }), (text) => {
        const bytes = encodeEbcdic(text, page);
        expect(bytes.length).toBe(text.length);
        expect(decodeEbcdic(bytes, 0, bytes.length, page)).toBe(text);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('round-trips any bytes through text and back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(toHex(encodeEbcdic(decodeEbcdic(bytes, 0, bytes.length, page), page))).toBe(toHex(bytes));
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('hands out copies of its tables, so a caller cannot corrupt the code page', () => {
    const table = ebcdicToLatin1Table(page);
    table[0xc1] = 0;
    latin1ToEbcdicTable(page).fill(0);
    expect(decodeEbcdic(fromHex('C1'), 0, 1, page)).toBe('A');
    expect(toHex(encodeEbcdic('A', page))).toBe('C1');
  });
});

describe('EBCDIC text', () => {
  it('writes letters, digits and space at their documented places on both pages', () => {
    for (const page of ['cp037', 'cp1047'] as const) {
      expect(toHex(encodeEbcdic('PAY 0200 az', page))).toBe('D7C1E840F0F2F0F04081A9');
      expect(decodeEbcdic(fromHex('C8C5D3D3D66BE6D6D9D3C4'), 0, 11, page)).toBe('HELLO,WORLD');
    }
  });

  it('places the six characters that differ between 037 and 1047 where each chart says', () => {
    for (const [byte, in037, in1047] of CP1047_MOVES) {
      const one = new Uint8Array([byte]);
      expect(decodeEbcdic(one, 0, 1, 'cp037')).toBe(in037);
      expect(decodeEbcdic(one, 0, 1, 'cp1047')).toBe(in1047);
    }
    expect(toHex(encodeEbcdic('[]^¬Ý¨', 'cp037'))).toBe('BABBB05FADBD');
    expect(toHex(encodeEbcdic('[]^¬Ý¨', 'cp1047'))).toBe('ADBD5FB0BABB');
  });

  it('agrees between the two pages everywhere except those six bytes', () => {
    const a = ebcdicToLatin1Table('cp037');
    const b = ebcdicToLatin1Table('cp1047');
    const differ: number[] = [];
    for (let i = 0; i < 256; i++) if (a[i] !== b[i]) differ.push(i);
    expect(differ).toEqual(CP1047_MOVES.map(([byte]) => byte));
  });

  it('maps newline to LF 0x25 and next-line to NL 0x15 on both pages', () => {
    for (const page of ['cp037', 'cp1047'] as const) {
      expect(toHex(encodeEbcdic('\n\u0085\r\t', page))).toBe('25150D05');
    }
  });

  it('decodes only the requested range of a larger buffer', () => {
    const message = fromHex('0000C1C2C3FFFF');
    expect(decodeEbcdic(message, 2, 5, 'cp037')).toBe('ABC');
    expect(decodeEbcdic(message, 3, 3, 'cp037')).toBe('');
  });

  it('rejects a character above U+00FF with a value-free error naming its position', () => {
    try {
      encodeEbcdic('MERCHANT 中', 'cp037', '43');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583Error);
      const err = e as Iso8583Error;
      expect(err.code).toBe('UNMAPPABLE_CHARACTER');
      expect(err.message).toBe('text has a character that EBCDIC cannot represent (field 43)');
      expect(err.path).toBe('43');
      expect(err.expected).toBe('characters U+0000 to U+00FF');
      expect(err.found).toBe('another character at position 9');
    }
  });

  it('rejects a byte range outside the input instead of inventing text', () => {
    const bytes = fromHex('C1C2');
    expect(() => decodeEbcdic(bytes, 1, 3, 'cp037')).toThrow('byte range lies outside the input');
    expect(() => decodeEbcdic(bytes, 2, 1, 'cp037')).toThrow(Iso8583Error);
    expect(() => decodeEbcdic(bytes, -1, 1, 'cp037')).toThrow(Iso8583Error);
  });

  it('rejects a code page it does not know with a stable code', () => {
    try {
      encodeEbcdic('A', 'cp500' as EbcdicCodePage);
      expect.unreachable();
    } catch (e) {
      expect((e as Iso8583Error).code).toBe('UNSUPPORTED_CODE_PAGE');
      expect((e as Error).message).toBe('EBCDIC code page is not supported');
    }
  });
});

describe('ebcdicCodec', () => {
  it('is a TextCodec named after its page that reads in place and reports the field on errors', () => {
    const codec = ebcdicCodec('cp1047');
    expect(codec.name).toBe('cp1047');
    expect(ebcdicCodec('cp1047')).toBe(codec);
    expect(toHex(codec.encode('[OK]'))).toBe('ADD6D2BD');
    expect(codec.decode(fromHex('00ADD6D2BD00'), 1, 5)).toBe('[OK]');
    expect(() => codec.encode('€', '63')).toThrow('text has a character that EBCDIC cannot represent (field 63)');
    expect(() => codec.decode(fromHex('C1'), 0, 2, '63')).toThrow('byte range lies outside the input (field 63)');
  });
});
