// The page's test-key tools, the link fragment it reads, and the GBK codec it decodes CUP text with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dialects, encryptPinBlock, fromHex, toHex, unframeMessage, cupFrameProfile } from '../../src/index.js';
import { inspectorDialects, platformGbkCodec } from '../../inspector/dialects.js';
import { readFragment } from '../../inspector/fragment.js';
import { kcvTool, pinFormatOf, pinTool, verifyMacTool } from '../../inspector/tools.js';
import { loadCupFixtures } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const sale = loadCupFixtures().find((f) => f.file === 'cup-0200-sale-1.json')!;
const saleBody = unframeMessage(cupFrameProfile, fromHex(sale.hex)).body;
const dialectOf = inspectorDialects({ gbk: platformGbkCodec() });

describe('verifyMacTool', () => {
  it("confirms the captured sale's MAC under its published MAK", () => {
    expect(sale.fields.mak).toBe('313215FDA2C4AB4C');
    expect(verifyMacTool(dialectOf('cup'), saleBody, '3132 15FD A2C4 AB4C', 'cup-ecb')).toStrictEqual({
      ok: true,
      text: 'the MAC matches: this message was signed with this MAK (cup-ecb)',
    });
  });

  it('says when the MAK is not the one that signed', () => {
    expect(verifyMacTool(dialectOf('cup'), saleBody, '0123456789ABCDEF', 'cup-ecb')).toStrictEqual({ ok: true, text: 'the MAC does not match this MAK (cup-ecb)' });
  });

  it("reports the library's error for a key that is not hex, and asks for a missing key", () => {
    expect(verifyMacTool(dialectOf('cup'), saleBody, 'XYZ0', 'cup-ecb')).toStrictEqual({
      ok: false,
      code: 'BAD_HEX',
      message: 'hex text has a character that is not a hex digit (field MAK)',
    });
    expect(verifyMacTool(dialectOf('cup'), saleBody, ' ', 'cup-ecb')).toStrictEqual({ ok: false, code: 'NO_INPUT', message: 'type a test MAK in hex' });
  });
});

describe('kcvTool', () => {
  it('gives the published check value of a TR-31 example key', () => {
    // fixtures/vectors/kcv.json, vector tr31-2018-a721 (TR-31:2018 A.7.2.1).
    const vectors = JSON.parse(readFileSync(new URL('../../fixtures/vectors/kcv.json', import.meta.url), 'utf8')) as {
      groups: { kcv: { vectors: { id: string; request: { key: string }; expect: { kcv: string } }[] } };
    };
    const v = vectors.groups.kcv.vectors.find((x) => x.id === 'tr31-2018-a721')!;
    expect(kcvTool('tdes', v.request.key)).toStrictEqual({ ok: true, text: `KCV ${v.expect.kcv}` });
  });
});

describe('pinTool', () => {
  const tpk = '0123456789ABCDEFFEDCBA9876543210';
  const pan = '6225880123456783';
  const body = dialects.cup.encode({
    mti: '0200',
    fields: { '2': pan, '3': '000000', '11': '000001', '52': toHex(encryptPinBlock(0, fromHex(tpk), '123456', pan)), '53': '2600000000000000' },
  });
  const message = dialects.cup.decode(body);

  it("decodes field 52 of the message with the message's own PAN, in the format 53.1 names", () => {
    expect(pinFormatOf(message)).toBe(0);
    expect(pinTool(0, tpk, message, '', '')).toStrictEqual({ ok: true, text: 'PIN 123456' });
  });

  it('decodes a typed PIN block with a typed PAN', () => {
    const block = toHex(encryptPinBlock(0, fromHex(tpk), '4321', '4111111111111111'));
    expect(pinTool(0, tpk, undefined, block, '4111111111111111')).toStrictEqual({ ok: true, text: 'PIN 4321' });
  });

  it('asks for a PIN block when the message has none', () => {
    expect(pinTool(0, tpk, dialects.cup.decode(saleBody), '', '')).toStrictEqual({
      ok: false,
      code: 'NO_INPUT',
      message: 'the message carries no PIN block (52): type one',
    });
  });
});

describe('readFragment', () => {
  it.each([
    ['#dialect=cup&hex=0200', { dialect: 'cup', hex: '0200', unknown: [] }],
    ['dialect=iso87ascii&framing=length&hex=30%2032', { dialect: 'iso87ascii', framing: 'length', hex: '30 32', unknown: [] }],
    ['#framing=auto', { framing: 'auto', unknown: [] }],
    ['#dialect=jpos&framing=x&hex=00', { hex: '00', unknown: ['dialect "jpos"', 'framing "x"'] }],
    ['', { unknown: [] }],
  ])('reads %j', (hash, expected) => {
    expect(readFragment(hash)).toStrictEqual(expected);
  });
});

describe('platformGbkCodec', () => {
  const gbk = platformGbkCodec();

  it('decodes and encodes Chinese text as GBK', () => {
    const bytes = fromHex('D6D0B9FAD2F8C1AA41');
    expect(gbk.decode(bytes, 0, bytes.length)).toBe('中国银联A');
    expect(toHex(gbk.encode('中国银联A'))).toBe('D6D0B9FAD2F8C1AA41');
  });

  it('throws Iso8583Error for bytes that are not GBK and for characters GBK lacks', () => {
    const e = caught(() => gbk.decode(fromHex('418120'), 1, 3, '63.2'));
    expect([e.code, e.path, e.offset]).toStrictEqual(['BAD_TEXT', '63.2', 1]);
    expect(caught(() => gbk.encode('A😀', '63.2')).code).toBe('UNMAPPABLE_CHARACTER');
  });
});
