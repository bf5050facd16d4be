import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { createCipher, encryptEcb, type CipherAlgorithm, type CipherProvider } from '../../src/crypto/cipher.js';
import { cmacWithCipher } from '../../src/crypto/cmac-core.js';
import { kcv, kcvMatches } from '../../src/crypto/kcv.js';
import { SecretKey } from '../../src/crypto/key.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { caught } from '../support/errors.js';

interface KcvVector {
  id: string;
  sources: string[];
  request: { op: 'kcv'; alg: 'tdes' | 'aes-cmac'; key: string; length: number };
  expect: { kcv: string };
}
const file = JSON.parse(readFileSync(new URL('../../fixtures/vectors/kcv.json', import.meta.url), 'utf8')) as {
  sources: Record<string, unknown>;
  groups: { kcv: { vectors: KcvVector[] } };
};
const vectors = file.groups.kcv.vectors;
const providers: CipherProvider[] = [portableProvider, nodeProvider];

describe('published key check values', () => {
  it('names a known source for every vector', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(13);
    for (const v of vectors) for (const s of v.sources) expect(file.sources).toHaveProperty(s);
  });

  for (const provider of providers) {
    for (const v of vectors) {
      it(`gives ${v.expect.kcv} for ${v.id} with the ${provider.name} provider`, () => {
        const alg: CipherAlgorithm = v.request.alg === 'aes-cmac' ? 'aes' : v.request.alg;
        const method = v.request.alg === 'aes-cmac' ? 'cmac' : 'zero-block';
        const key = fromHex(v.request.key);
        expect(toHex(kcv(alg, key, { length: v.request.length, method, provider }))).toBe(v.expect.kcv);
        // The algorithm's default method is the one these vectors use.
        expect(toHex(kcv(alg, key, { length: v.request.length, provider }))).toBe(v.expect.kcv);
        expect(kcvMatches(alg, key, fromHex(v.expect.kcv), { provider })).toBe(true);
      });
    }
  }
});

describe('kcv', () => {
  const tdesKey = fromHex('0123456789ABCDEFFEDCBA9876543210');
  const aesKey = fromHex('3F419E1CB7079442AA37474C2EFBF8B8');

  it('keeps 3 bytes for the zero-block method and 5 for the CMAC method unless told otherwise', () => {
    expect(toHex(kcv('tdes', tdesKey))).toBe('08D7B4');
    expect(toHex(kcv('aes', aesKey))).toBe('08793E25AB');
    expect(kcv('aes', aesKey, { method: 'zero-block' })).toHaveLength(3);
    expect(toHex(kcv('tdes', tdesKey, { length: 4 }))).toBe(toHex(kcv('tdes', tdesKey, { length: 8 })).slice(0, 8));
  });

  it('is the leading bytes of a zero block encrypted, for the zero-block method', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<[CipherAlgorithm, number]>(['des', 8], ['tdes', 16], ['tdes', 24], ['aes', 32], ['sm4', 16]),
        fc.integer({ min: 1, max: 8 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        ([alg, n], length, raw) => {
          const key = raw.subarray(0, n);
          const bs = alg === 'des' || alg === 'tdes' ? 8 : 16;
          const zero = encryptEcb(alg, key, new Uint8Array(bs));
          expect(kcv(alg, key, { method: 'zero-block', length })).toEqual(zero.subarray(0, length));
        },
      ),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('is the leading bytes of the CMAC of one zero block, for the CMAC method, with every cipher', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<[CipherAlgorithm, number]>(['des', 8], ['tdes', 16], ['tdes', 24], ['aes', 16], ['aes', 32], ['sm4', 16]),
        fc.integer({ min: 1, max: 8 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        ([alg, n], length, raw) => {
          const key = raw.subarray(0, n);
          const tag = cmacWithCipher(createCipher(alg, key), new Uint8Array(alg === 'des' || alg === 'tdes' ? 8 : 16));
          expect(kcv(alg, key, { method: 'cmac', length })).toEqual(tag.subarray(0, length));
          expect(SecretKey.fromBytes(alg, key).kcv({ method: 'cmac', length })).toEqual(tag.subarray(0, length));
        },
      ),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('gives the same SM4 CMAC check value with both providers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (key) => {
        expect(kcv('sm4', key, { provider: nodeProvider })).toEqual(kcv('sm4', key, { provider: portableProvider }));
        expect(kcv('sm4', key)).toHaveLength(5);
      }),
      { seed: 8583, numRuns: 50 },
    );
  });

  it('accepts a SecretKey', () => {
    expect(toHex(kcv('tdes', SecretKey.fromBytes('tdes', tdesKey)))).toBe('08D7B4');
  });

  it('rejects a length outside 1 to the block size with BAD_KCV_LENGTH', () => {
    const e = caught(() => kcv('tdes', tdesKey, { length: 9 }));
    expect(e.code).toBe('BAD_KCV_LENGTH');
    expect(e.message).toBe('tdes KCV length must be 1 to 8 bytes, found 9');
    expect(caught(() => kcv('aes', aesKey, { length: 0 })).message).toBe('aes KCV length must be 1 to 16 bytes, found 0');
    expect(caught(() => kcv('aes', aesKey, { length: 2.5 })).code).toBe('BAD_KCV_LENGTH');
  });

  it('rejects an unknown method with BAD_KCV_METHOD', () => {
    const e = caught(() => kcv('aes', aesKey, { method: 'hmac' as 'cmac' }));
    expect(e.code).toBe('BAD_KCV_METHOD');
    expect(e.message).toBe('KCV method must be zero-block or cmac');
  });

  it('checks the key length like the ciphers do', () => {
    expect(caught(() => kcv('tdes', tdesKey.subarray(0, 8))).message).toBe(
      'tdes key must be 16 or 24 bytes, found 8 bytes',
    );
  });
});

describe('kcvMatches', () => {
  const key = fromHex('0123456789ABCDEFFEDCBA9876543210');

  it('compares as many bytes as the expected value holds', () => {
    expect(kcvMatches('tdes', key, fromHex('08D7'))).toBe(true);
    expect(kcvMatches('tdes', key, fromHex('08D7B4'))).toBe(true);
    expect(kcvMatches('tdes', key, fromHex('08D7B5'))).toBe(false);
    expect(kcvMatches('tdes', key, fromHex('18D7B4'))).toBe(false);
  });

  it('rejects an empty expected value rather than matching it', () => {
    expect(caught(() => kcvMatches('tdes', key, new Uint8Array(0))).code).toBe('BAD_KCV_LENGTH');
  });
});
