import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import {
  createCipher,
  decryptCbc,
  decryptEcb,
  encryptCbc,
  encryptEcb,
  type CipherAlgorithm,
  type CipherProvider,
} from '../../src/crypto/cipher.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';

interface CipherVector {
  id: string;
  sources: string[];
  request: {
    op: 'ecb' | 'cbc';
    alg: CipherAlgorithm;
    key: string;
    data: string;
    iv?: string;
    direction?: 'decrypt';
    iterations?: number;
  };
  expect: { result: string };
}
interface VectorFile {
  sources: Record<string, unknown>;
  groups: Record<string, { vectors: CipherVector[] }>;
}

const file = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/ciphers.json', import.meta.url), 'utf8'),
) as VectorFile;
const vectors = Object.values(file.groups).flatMap((g) => g.vectors);
const providers: CipherProvider[] = [portableProvider, nodeProvider];

function run(v: CipherVector, provider: CipherProvider): string {
  const { op, alg, direction } = v.request;
  const key = fromHex(v.request.key);
  const data = fromHex(v.request.data);
  const iv = v.request.iv === undefined ? undefined : fromHex(v.request.iv);
  if (op === 'cbc') {
    return toHex(direction === 'decrypt' ? decryptCbc(alg, key, data, iv, provider) : encryptCbc(alg, key, data, iv, provider));
  }
  return toHex(direction === 'decrypt' ? decryptEcb(alg, key, data, provider) : encryptEcb(alg, key, data, provider));
}

describe('published block-cipher vectors', () => {
  it('names a known source for every vector and covers every algorithm', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(30);
    for (const v of vectors) for (const s of v.sources) expect(file.sources).toHaveProperty(s);
    expect(new Set(vectors.map((v) => v.request.alg))).toEqual(new Set(['des', 'tdes', 'aes', 'sm4']));
  });

  for (const provider of providers) {
    describe(`with the ${provider.name} provider`, () => {
      for (const v of vectors.filter((x) => x.request.iterations === undefined)) {
        it(`gives the published result for ${v.request.alg} ${v.id}`, () => {
          expect(run(v, provider)).toBe(v.expect.result.toUpperCase());
        });
        it(`inverts ${v.request.alg} ${v.id} back to its input`, () => {
          const back: CipherVector = {
            ...v,
            request: {
              ...v.request,
              data: v.expect.result,
              direction: v.request.direction === 'decrypt' ? undefined : 'decrypt',
            },
          } as CipherVector;
          expect(run(back, provider)).toBe(v.request.data.toUpperCase());
        });
      }
    });
  }

  for (const v of vectors.filter((x) => x.request.iterations !== undefined)) {
    it(`reaches the published result of ${v.id} after ${v.request.iterations} encryptions with one key schedule`, () => {
      const cipher = createCipher(v.request.alg, fromHex(v.request.key), portableProvider);
      const block = fromHex(v.request.data);
      for (let i = 0; i < v.request.iterations!; i++) cipher.encryptBlock(block, 0, block, 0);
      expect(toHex(block)).toBe(v.expect.result);
    });
  }
});
