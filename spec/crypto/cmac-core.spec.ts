import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { createCipher, type CipherAlgorithm, type CipherProvider } from '../../src/crypto/cipher.js';
import { cmacWithCipher } from '../../src/crypto/cmac-core.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';

interface CmacVector {
  id: string;
  request: { alg: 'aes-cmac' | 'tdes-cmac'; key: string; data: string };
  expect: { mac: string };
}
const file = JSON.parse(readFileSync(new URL('../../fixtures/vectors/kcv.json', import.meta.url), 'utf8')) as {
  groups: { 'cmac-core': { vectors: CmacVector[] } };
};
const vectors = file.groups['cmac-core'].vectors;
const providers: CipherProvider[] = [portableProvider, nodeProvider];

describe('the CMAC core (NIST SP 800-38B)', () => {
  it('covers 64- and 128-bit blocks, empty, partial and whole-block messages', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20);
    expect(new Set(vectors.map((v) => v.request.alg))).toEqual(new Set(['aes-cmac', 'tdes-cmac']));
    expect(vectors.some((v) => v.request.data === '')).toBe(true);
  });

  for (const provider of providers) {
    for (const v of vectors) {
      it(`gives the published tag for ${v.id} with the ${provider.name} provider`, () => {
        const alg: CipherAlgorithm = v.request.alg === 'aes-cmac' ? 'aes' : 'tdes';
        const cipher = createCipher(alg, fromHex(v.request.key), { provider });
        expect(toHex(cmacWithCipher(cipher, fromHex(v.request.data)))).toBe(v.expect.mac);
      });
    }
  }

  it('leaves the message untouched', () => {
    const data = fromHex('6BC1BEE22E409F96E93D7E117393172AAE2D8A57');
    const copy = data.slice();
    cmacWithCipher(createCipher('aes', fromHex('2B7E151628AED2A6ABF7158809CF4F3C')), data);
    expect(data).toEqual(copy);
  });
});
