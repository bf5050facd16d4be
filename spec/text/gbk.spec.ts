import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gbkCodec } from '../../src/text/gbk.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { caught } from '../support/errors.js';

// GB 2312 / GBK code positions as listed in the GB 2312-80 and GBK (CP936) charts.
const KNOWN: ReadonlyArray<readonly [string, string]> = [
  ['中国银联', 'D6D0B9FAD2F8C1AA'],
  ['消费', 'CFFBB7D1'],
  ['测试商户', 'B2E2CAD4C9CCBBA7'],
  ['POS机 No.1', '504F53BBFA204E6F2E31'],
  ['丂', '8140'], // first code of the GBK extension beyond GB 2312
];

// A2E3 and A3A0 carry the same characters as 80 and A1A1; they are the only GBK codes that re-encode differently.
const DUPLICATE_CODES = new Set(['A2E3', 'A3A0']);

/** The hex of each character's bytes in valid GBK: one byte below 0x81, two from a lead byte on. */
function units(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; ) {
    const width = bytes[i]! >= 0x81 ? 2 : 1;
    out.push(toHex(bytes, i, i + width));
    i += width;
  }
  return out;
}

describe('gbkCodec', () => {
  it.each(KNOWN)('writes %s as the bytes the GBK chart gives', (text, hex) => {
    expect(toHex(gbkCodec.encode(text))).toBe(hex);
    expect(gbkCodec.decode(fromHex(hex), 0, hex.length / 2)).toBe(text);
  });

  it('takes two bytes per hanzi and one per ASCII character', () => {
    expect(gbkCodec.name).toBe('gbk');
    expect(gbkCodec.encode('中国银联').length).toBe(8);
    expect(gbkCodec.encode('银联POS 01').length).toBe(4 + 6);
    expect(gbkCodec.encode('').length).toBe(0);
  });

  it('hands back a plain Uint8Array, not a Node Buffer', () => {
    const bytes = gbkCodec.encode('中国');
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(gbkCodec.encode('ABC'))).toBe(Uint8Array.prototype);
  });

  it('keeps a real question mark apart from a character it could not map', () => {
    expect(toHex(gbkCodec.encode('A?中'))).toBe('413FD6D0');
    expect(gbkCodec.decode(fromHex('413FD6D0'), 0, 4)).toBe('A?中');
  });

  it('reads a GBK text in place from the middle of a message', () => {
    const message = fromHex('0012CFFBB7D1303130FFFF');
    expect(gbkCodec.decode(message, 2, 9)).toBe('消费010');
    expect(gbkCodec.decode(message, 6, 9)).toBe('010');
  });

  it('rejects an emoji instead of writing a question mark', () => {
    const err = caught(() => gbkCodec.encode('商户😀店', '43'));
    expect(err.code).toBe('UNMAPPABLE_CHARACTER');
    expect(err.message).toBe('text has a character that GBK cannot represent (field 43)');
    expect(err.expected).toBe('characters of the GBK set');
    expect(err.found).toBe('another character at position 2');
  });

  it('rejects characters outside GBK that are not emoji, and a lone surrogate', () => {
    expect(caught(() => gbkCodec.encode('ab\u30FB')).found).toBe('another character at position 2');
    expect(caught(() => gbkCodec.encode('한국')).found).toBe('another character at position 0');
    expect(caught(() => gbkCodec.encode('x\uD800y')).code).toBe('UNMAPPABLE_CHARACTER');
  });

  it('rejects a byte that never starts a GBK character, with its offset in the whole buffer', () => {
    const err = caught(() => gbkCodec.decode(fromHex('00D6D0FF41'), 1, 5, '63'));
    expect(err.code).toBe('BAD_TEXT');
    expect(err.message).toBe('text has bytes that are not GBK (field 63, byte 3)');
    expect(err.offset).toBe(3);
    expect(err.expected).toBe('GBK text');
    expect(err.found).toBe('an invalid byte sequence');
  });

  it('rejects a lead byte cut off at the end of the field', () => {
    const err = caught(() => gbkCodec.decode(fromHex('D6D0B9FAD6B9'), 0, 5));
    expect(err.code).toBe('BAD_TEXT');
    expect(err.offset).toBe(4);
  });

  it('rejects a lead byte followed by a byte that cannot be a second byte', () => {
    expect(caught(() => gbkCodec.decode(fromHex('41D630'), 0, 3)).offset).toBe(1);
    expect(caught(() => gbkCodec.decode(fromHex('D67F'), 0, 2)).offset).toBe(0);
  });

  it('rejects GB 18030 four-byte sequences, which are not GBK', () => {
    expect(caught(() => gbkCodec.decode(fromHex('4181308130'), 0, 5)).offset).toBe(1);
  });

  it('rejects a range outside the input', () => {
    expect(caught(() => gbkCodec.decode(fromHex('D6D0'), 0, 3)).code).toBe('BAD_RANGE');
  });

  it('round-trips text mixing ASCII and hanzi, with byte length 1 per ASCII and 2 per hanzi', () => {
    const hanzi = fc.constantFrom(...'中国银联消费撤销退货余额查询商户终端签到结算');
    const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(fc.oneof(ascii, hanzi), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const bytes = gbkCodec.encode(text);
        const wide = chars.filter((c) => c.charCodeAt(0) > 0x7f).length;
        expect(bytes.length).toBe(text.length + wide);
        expect(gbkCodec.decode(bytes, 0, bytes.length)).toBe(text);
      }),
      { seed: 8583, numRuns: 200 },
    );
  });

  it('decoding arbitrary bytes either gives text that re-encodes to the same bytes or throws BAD_TEXT', () => {
    let decoded = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        let text: string;
        try {
          text = gbkCodec.decode(bytes, 0, bytes.length);
        } catch (e) {
          expect(e).toBeInstanceOf(Iso8583Error);
          expect((e as Iso8583Error).code).toBe('BAD_TEXT');
          return;
        }
        decoded++;
        if (!units(bytes).some((u) => DUPLICATE_CODES.has(u))) expect(toHex(gbkCodec.encode(text))).toBe(toHex(bytes));
      }),
      { seed: 8583, numRuns: 500 },
    );
    expect(decoded).toBeGreaterThan(20);
  });

  it('re-encodes the two GBK codes that duplicate another code to that other code', () => {
    expect(toHex(gbkCodec.encode(gbkCodec.decode(fromHex('A2E3'), 0, 2)))).toBe('80');
    expect(toHex(gbkCodec.encode(gbkCodec.decode(fromHex('A3A0'), 0, 2)))).toBe('A1A1');
  });
});
