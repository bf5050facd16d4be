// The provider that runs anywhere: DES, TDES and SM4 in TypeScript, AES through @noble/ciphers.
import { AesCipher } from './aes.js';
import { bytesArg } from './input.js';
import { type BlockCipher, type CipherAlgorithm, type CipherProvider, unknownAlgorithmError } from './block-cipher.js';
import { DesCipher, TdesCipher } from './des.js';
import { Sm4Cipher } from './sm4.js';

/** Block ciphers in plain TypeScript (no Node APIs, no BigInt); each checks its own key length. */
export const portableProvider: CipherProvider = {
  name: 'portable',
  createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher {
    bytesArg(key, 'key');
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
        throw unknownAlgorithmError();
    }
  },
};
