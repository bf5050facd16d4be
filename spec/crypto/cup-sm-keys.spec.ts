import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { decryptSmWorkingKeys, encryptSmWorkingKeys, SM_KEY_LAYOUT } from '../../src/crypto/cup-sm-keys.js';
import { SecretKey } from '../../src/crypto/key.js';
import { generateCupEcbMac } from '../../src/crypto/mac/cup-ecb-mac.js';
import { dialects, signMessage, verifyMessageMac } from '../../src/index.js';
import { Sm4Cipher } from '../../src/crypto/sm4.js';
import { caught } from '../support/errors.js';

const TMK = fromHex('0123456789ABCDEFFEDCBA9876543210');
const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

describe('SM (国密) working keys', () => {
  it('decrypt what a host encrypts in the default layout (PIK, MAK, TDK under the SM4 TMK, each with a 4-byte check value)', () => {
    fc.assert(
      fc.property(bytes16, bytes16, bytes16, (pik, mak, tdk) => {
        const block = encryptSmWorkingKeys({ pik, mak, tdk }, TMK);
        expect(block).toHaveLength(60);
        const keys = decryptSmWorkingKeys(block, TMK);
        expect([keys.pik.algorithm, toHex(keys.pik.exportBytes()), toHex(keys.mak.exportBytes()), toHex(keys.tdk!.exportBytes())]).toEqual(['sm4', toHex(pik), toHex(mak), toHex(tdk)]);
      }),
      { seed: 8583, numRuns: 30 },
    );
  });

  it('put each key under the TMK with SM4 and its check value from SM4 over a zero block', () => {
    const pik = fromHex('11111111111111112222222222222222');
    const block = encryptSmWorkingKeys({ pik, mak: pik, tdk: pik }, TMK);
    const c = new Sm4Cipher(TMK);
    const enc = new Uint8Array(16);
    c.encryptBlock(pik, 0, enc, 0);
    const zero = new Uint8Array(16);
    new Sm4Cipher(pik).encryptBlock(zero, 0, zero, 0);
    expect(toHex(block.subarray(0, 20))).toBe(toHex(enc) + toHex(zero.subarray(0, 4)));
  });

  it('read a caller-given layout, e.g. two keys with 16-byte check values', () => {
    const layout = [
      { key: 'pik', keyLength: 16, checkLength: 16 },
      { key: 'mak', keyLength: 16, checkLength: 16 },
    ] as const;
    const block = encryptSmWorkingKeys({ pik: TMK, mak: TMK }, TMK, { layout: layout });
    expect(block).toHaveLength(64);
    expect(decryptSmWorkingKeys(block, TMK, { layout: layout }).tdk).toBeUndefined();
  });

  it('refuse a block whose check value does not match, a block of another length and a non-SM4 master key', () => {
    const block = encryptSmWorkingKeys({ pik: TMK, mak: TMK, tdk: TMK }, TMK);
    block[17] = block[17]! ^ 1;
    expect([caught(() => decryptSmWorkingKeys(block, TMK)).code, caught(() => decryptSmWorkingKeys(block, TMK)).message]).toEqual(['KCV_MISMATCH', 'PIK check value does not match (field 62)']);
    expect(caught(() => decryptSmWorkingKeys(new Uint8Array(104), TMK)).code).toBe('BAD_KEY_BLOCK_LENGTH');
    expect(caught(() => decryptSmWorkingKeys(new Uint8Array(60), SecretKey.fromHex('tdes', toHex(TMK)))).code).toBe('BAD_KEY_TYPE');
    expect(SM_KEY_LAYOUT.map((s) => s.key)).toEqual(['pik', 'mak', 'tdk']);
  });

  it('MAC a CUP message with an SM4 MAK: the ECB MAC with 16-byte blocks, still 8 hex characters in field 64', () => {
    const mak = SecretKey.fromBytes('sm4', fromHex('00112233445566778899AABBCCDDEEFF'));
    const m = dialects.cup.message('0200', { '3': '000000', '4': '000000000100', '11': '000001', '41': '10000001', '42': '898310048990001', '49': '156', '60': { '1': '22', '2': '000001', '3': '000' } });
    const body = signMessage(dialects.cup, m, mak);
    expect(verifyMessageMac(dialects.cup, body, mak)).toBe(true);
    const mab = body.subarray(0, body.length - 8);
    expect(String.fromCharCode(...body.subarray(body.length - 8))).toBe(String.fromCharCode(...generateCupEcbMac(mak, mab)));
  });
});
