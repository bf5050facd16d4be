import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyLengthsOf, type CipherAlgorithm } from '../../src/crypto/cipher.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';

const algorithms: CipherAlgorithm[] = ['des', 'tdes', 'aes', 'sm4'];

describe('the portable provider', () => {
  it('is named portable and makes a cipher of the right algorithm and block size for every key size', () => {
    expect(portableProvider.name).toBe('portable');
    for (const alg of algorithms) {
      for (const n of keyLengthsOf(alg)) {
        const c = portableProvider.createCipher(alg, new Uint8Array(n));
        expect(c.algorithm).toBe(alg);
        expect(c.blockSize).toBe(alg === 'des' || alg === 'tdes' ? 8 : 16);
      }
    }
  });

  it('reuses one key schedule for many blocks without carrying state between them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...algorithms),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (alg, raw, data) => {
          const key = raw.subarray(0, keyLengthsOf(alg)[0]);
          const shared = portableProvider.createCipher(alg, key);
          const bs = shared.blockSize;
          for (let o = 0; o < data.length; o += bs) {
            const a = new Uint8Array(bs);
            const b = new Uint8Array(bs);
            shared.encryptBlock(data, o, a, 0);
            portableProvider.createCipher(alg, key).encryptBlock(data, o, b, 0);
            expect(a).toEqual(b);
            shared.decryptBlock(a, 0, a, 0);
            expect(a).toEqual(data.subarray(o, o + bs));
          }
        },
      ),
      { seed: 8583, numRuns: 60 },
    );
  });
});
