// The provider that runs anywhere: DES, TDES and SM4 in TypeScript, AES through @noble/ciphers.
import { Iso8583Error } from '../errors.js';
import { AesCipher } from './aes.js';
import type { BlockCipher, CipherAlgorithm, CipherProvider } from './cipher.js';
import { DesCipher, TdesCipher } from './des.js';
import { Sm4Cipher } from './sm4.js';

/** Block ciphers in plain TypeScript (no Node APIs, no BigInt); each checks its own key length. */
export const portableProvider: CipherProvider = {
  name: 'portable',
  createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher {
    switch (alg) {
      case 'des':
        return new DesCipher(key);
      case 'tdes':
        return new TdesCipher(key);
      case 'aes':
        return new AesCipher(key);
      case 'sm4':
        return new Sm4Cipher(key);
      default:
        throw new Iso8583Error('UNKNOWN_ALGORITHM', 'cipher algorithm must be one of des, tdes, aes, sm4', {
          expected: 'des, tdes, aes or sm4',
        });
    }
  },
};
