// Block ciphers from node:crypto (OpenSSL), for hosts where native speed matters. Same results as the
// portable provider; the tests hold the two against each other.
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import { Iso8583Error } from '../errors.js';
import { blockSizeOf, checkKeyLength, type BlockCipher, type CipherAlgorithm, type CipherProvider } from '../crypto/cipher.js';

// OpenSSL 3 (Node 17+) keeps single DES in its legacy provider, so DES runs as des-ede3 with K‖K‖K, which
// equals single DES because the middle decryption undoes the first encryption.
function opensslKey(alg: CipherAlgorithm, key: Uint8Array): { name: string; key: Uint8Array } {
  switch (alg) {
    case 'des': {
      const k = new Uint8Array(24);
      k.set(key, 0);
      k.set(key, 8);
      k.set(key, 16);
      return { name: 'des-ede3', key: k };
    }
    case 'tdes': {
      if (key.length === 24) return { name: 'des-ede3', key: key.slice() };
      const k = new Uint8Array(24);
      k.set(key, 0);
      k.set(key.subarray(0, 8), 16);
      return { name: 'des-ede3', key: k };
    }
    case 'aes':
      return { name: `aes-${key.length * 8}-ecb`, key: key.slice() };
    case 'sm4':
      return { name: 'sm4-ecb', key: key.slice() };
  }
}

/**
 * One OpenSSL context per direction, created on first use and fed one block per `update`: with padding
 * off, ECB returns each block at once, so no context is created per block.
 */
class NodeBlockCipher implements BlockCipher {
  readonly algorithm: CipherAlgorithm;
  readonly blockSize: 8 | 16;
  private readonly name: string;
  private readonly key: Uint8Array;
  private encryptor: Cipher | undefined;
  private decryptor: Decipher | undefined;

  constructor(alg: CipherAlgorithm, key: Uint8Array) {
    this.algorithm = alg;
    this.blockSize = blockSizeOf(alg);
    checkKeyLength(alg, key.length);
    const k = opensslKey(alg, key);
    this.name = k.name;
    this.key = k.key;
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    this.check(input, inOff, output, outOff);
    if (this.encryptor === undefined) {
      this.encryptor = createCipheriv(this.name, this.key, null).setAutoPadding(false);
    }
    output.set(this.encryptor.update(input.subarray(inOff, inOff + this.blockSize)), outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    this.check(input, inOff, output, outOff);
    if (this.decryptor === undefined) {
      this.decryptor = createDecipheriv(this.name, this.key, null).setAutoPadding(false);
    }
    output.set(this.decryptor.update(input.subarray(inOff, inOff + this.blockSize)), outOff);
  }

  private check(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    const bs = this.blockSize;
    if (!(inOff >= 0 && inOff + bs <= input.length && outOff >= 0 && outOff + bs <= output.length)) {
      throw new Iso8583Error('BAD_BLOCK_OFFSET', `a block of ${bs} bytes does not fit at the given offset`, {
        expected: `${bs} bytes inside the arrays`,
      });
    }
  }
}

/** Block ciphers backed by node:crypto: DES via des-ede3 (K‖K‖K), 2-key TDES as K1‖K2‖K1, AES, SM4. */
export const nodeProvider: CipherProvider = {
  name: 'node',
  createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher {
    return new NodeBlockCipher(alg, key);
  },
};
