import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { isUndecodableText, undecodableBytes } from '../../src/bytes/escaped-text.js';
import { gbkCodec } from '../../src/text/gbk.js';
import { createDialects } from '../../src/portable.js';
import { dialects, signMessage, verifyMessageMac } from '../../src/index.js';
import { cupDialect } from './cup-dialect.js';
import { caught } from '../support/errors.js';

const portableCup = createDialects().cup;
const MAK = fromHex('313215FDA2C4AB4C');

/** A sale approval of the shape hosts send, with `field63` as given and a MAC in 64. */
function approval(field63: string | Record<string, string>) {
  return dialects.cup.message('0210', {
    '3': '000000',
    '4': '000000001000',
    '11': '000001',
    '37': '123456789012',
    '39': '00',
    '41': '10000001',
    '42': '898310048990001',
    '60': { '1': '22', '2': '000001', '3': '000' },
    '63': field63,
  });
}

describe('field 64 with 8 raw bytes instead of 8 hex characters', () => {
  const body = (() => {
    const m = approval({ '1': 'CUP' });
    // An acquirer that MACs with X9.9 puts 8 binary bytes in 64.
    return signMessage(cupDialect({ macFormat: 'binary' }), m, MAK, { scheme: 'x9.9' });
  })();

  it('decodes with the default CUP dialect, 64 holding its wire bytes, instead of failing the whole message', () => {
    const m = dialects.cup.decode(body);
    expect(m.get('39')).toBe('00');
    expect(toHex(m.get('64') as Uint8Array)).toBe(toHex(body.subarray(body.length - 8)));
  });

  it('gives 64 in toObject() as the upper-case hex of those bytes, and hex sent in lower case in upper case, through either entry', () => {
    const lower = body.slice();
    lower.set(new TextEncoder().encode('b7133b57'), body.length - 8);
    for (const cup of [dialects.cup, portableCup]) {
      expect(cup.decode(body).toObject().fields['64']).toBe(toHex(body.subarray(body.length - 8)));
      expect(cup.decode(lower).toObject().fields['64']).toBe('B7133B57');
    }
  });

  it('re-encodes exactly, from the message and from its canonical object', () => {
    const m = dialects.cup.decode(body);
    expect(toHex(dialects.cup.encode(m))).toBe(toHex(body));
    expect(toHex(dialects.cup.encode(JSON.parse(JSON.stringify(m.toObject()))))).toBe(toHex(body));
  });

  it('stays verifiable: the binary MAC verifies with its scheme through the default dialect, and a hex MAC as before', () => {
    expect(verifyMessageMac(dialects.cup, body, MAK, { scheme: 'x9.9' })).toBe(true);
    const tampered = body.slice();
    tampered[20] = tampered[20]! ^ 1;
    expect(verifyMessageMac(dialects.cup, tampered, MAK, { scheme: 'x9.9' })).toBe(false);
    const hexMac = signMessage(dialects.cup, approval({ '1': 'CUP' }), MAK);
    expect(verifyMessageMac(dialects.cup, hexMac, MAK)).toBe(true);
    expect(verifyMessageMac(dialects.cup, body, MAK)).toBe(false);
  });

  it('round-trips any 8 bytes there', () => {
    const prefix = body.subarray(0, body.length - 8);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (mac) => {
        const b = new Uint8Array([...prefix, ...mac]);
        expect(toHex(dialects.cup.encode(dialects.cup.decode(b)))).toBe(toHex(b));
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});

describe('Chinese text without a GBK codec (pos8583/portable)', () => {
  const withChinese = dialects.cup.encode(approval({ '1': 'CUP', '2': '中国银联', '3': '', '4': '', '5': '终端保留' }));

  it('decodes an approval whose 63 holds Chinese, keeping the bytes as escaped, undecodable text', () => {
    const m = portableCup.decode(withChinese);
    expect(m.get('39')).toBe('00');
    const text = m.get('63.2') as string;
    expect(isUndecodableText(text)).toBe(true);
    expect(gbkCodec.decode(undecodableBytes(text), 0, undecodableBytes(text).length)).toBe('中国银联');
  });

  it('re-encodes such a message to the same bytes, portable or with the GBK codec', () => {
    const m = portableCup.decode(withChinese);
    expect(toHex(portableCup.encode(m))).toBe(toHex(withChinese));
    expect(toHex(portableCup.encode(JSON.parse(JSON.stringify(m.toObject()))))).toBe(toHex(withChinese));
    expect(toHex(dialects.cup.encode(m.toObject()))).toBe(toHex(withChinese));
  });

  it('still refuses to write Chinese it was given as text', () => {
    expect(caught(() => portableCup.encode(approval({ '1': 'CUP', '2': '中国' }))).code).toBe('NO_GBK_CODEC');
  });

  it('round-trips any bytes in a GBK field', () => {
    const textByte = fc.oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }));
    fc.assert(
      fc.property(fc.array(textByte, { minLength: 1, maxLength: 20 }).map((a) => Uint8Array.from(a)), (bytes) => {
        const body = dialects.cup.encode(approval({ '1': 'CUP' }));
        const m = portableCup.decode(body);
        m.set('63.2', Array.from(bytes, (b) => String.fromCharCode(b < 0x80 ? b : 0xdc00 + b)).join(''));
        const again = portableCup.encode(m);
        expect(toHex(portableCup.encode(portableCup.decode(again)))).toBe(toHex(again));
        expect(toHex(undecodableBytes(portableCup.decode(again).get('63.2') as string))).toBe(toHex(bytes));
      }),
      { seed: 8583, numRuns: 100 },
    );
  });
});

describe("field 63's fourth part and field 43 in GBK", () => {
  it('reads the 60-byte POS terminal reserved part as 63.5, GBK, 30 hanzi at most (D11)', () => {
    const m = dialects.cup.decode(dialects.cup.encode(approval({ '1': 'CUP', '2': '发卡行', '3': '银联', '4': '收单行', '5': '终端保留' })));
    expect(m.toObject().fields['63']).toEqual({ '1': 'CUP', '2': '发卡行', '3': '银联', '4': '收单行', '5': '终端保留' });
    expect(() => dialects.cup.encode(approval({ '1': 'CUP', '2': '', '3': '', '4': '', '5': '字'.repeat(30) }))).not.toThrow();
    expect(caught(() => dialects.cup.encode(approval({ '1': 'CUP', '2': '', '3': '', '4': '', '5': '字'.repeat(31) }))).code).toBe('BAD_LENGTH');
  });

  it('round-trips any texts of GBK hanzi and ASCII in 63.2 to 63.5 within their 20, 20, 20 and 60 bytes, also through pos8583/portable without a codec', () => {
    // CJK Unified Ideographs U+4E00-U+9FA5 are all in GBK, two bytes each; ASCII letters and digits one byte.
    const char = fc.oneof(fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), fc.constantFrom(...'AZaz09-'.split('')));
    const gbkLength = (t: string) => [...t].reduce((n, c) => n + (c.charCodeAt(0) > 0x7f ? 2 : 1), 0);
    const text = (bytes: number) => fc.array(char, { maxLength: bytes }).map((a) => a.join('')).filter((t) => gbkLength(t) <= bytes);
    fc.assert(
      fc.property(fc.constantFrom('CUP', 'VIS', '000'), text(20), text(20), text(20), text(60), fc.integer({ min: 2, max: 5 }), (org, t2, t3, t4, t5, parts) => {
        const f63: Record<string, string> = { '1': org };
        [t2, t3, t4, t5].slice(0, parts - 1).forEach((t, i) => (f63[String(i + 2)] = t));
        const body = dialects.cup.encode(approval(f63));
        const back = dialects.cup.decode(body);
        expect(back.toObject().fields['63']).toEqual(f63);
        expect(toHex(dialects.cup.encode(back))).toBe(toHex(body));
        const portable = portableCup.decode(body);
        expect(toHex(portableCup.encode(portable))).toBe(toHex(body));
        expect(toHex(portableCup.encode(JSON.parse(JSON.stringify(portable.toObject()))))).toBe(toHex(body));
      }),
      { seed: 8583, numRuns: 200 },
    );
  });

  it('carries a Chinese merchant name in 43 with field43Encoding gbk, 40 bytes space padded (D14)', () => {
    const gbk43 = cupDialect({ field43Encoding: 'gbk' });
    const body = gbk43.encode({ mti: '0200', fields: { '43': '上海浦东某某超市' } });
    expect(gbk43.decode(body).get('43')).toBe('上海浦东某某超市');
    expect(body.length).toBe(2 + 8 + 40);
    expect(caught(() => dialects.cup.encode({ mti: '0200', fields: { '43': '上'.repeat(40) } })).code).toBe('BAD_CHARACTER');
  });
});
