// Block ciphers from node:crypto (OpenSSL), for hosts where native speed matters. Same results as the
// portable provider; the tests hold the two against each other.
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import {
  blockSizeOf,
  checkBlockOffsets,
  checkKeyLength,
  keyWipedError,
  maskCipherRenderings,
  type BlockCipher,
  type CipherAlgorithm,
  type CipherProvider,
} from '../crypto/block-cipher.js';
import { bytesArg, copyBytes } from '../crypto/input.js';

// OpenSSL 3 (Node 17+) keeps single DES in its legacy provider, so DES runs as des-ede3 with K‖K‖K, which
// equals single DES because the middle decryption undoes the first encryption. The key is always copied:
// the caller's array may be a Buffer view into shared memory, and the cipher keeps it.
function opensslKey(alg: CipherAlgorithm, key: Uint8Array): { ecb: string; cbc: string; key: Uint8Array } {
  switch (alg) {
    case 'des': {
      const k = new Uint8Array(24);
      k.set(key, 0);
      k.set(key, 8);
      k.set(key, 16);
      return { ecb: 'des-ede3', cbc: 'des-ede3-cbc', key: k };
    }
    case 'tdes': {
      if (key.length === 24) return { ecb: 'des-ede3', cbc: 'des-ede3-cbc', key: copyBytes(key) };
      const k = new Uint8Array(24);
      k.set(key, 0);
      k.set(key.subarray(0, 8), 16);
      return { ecb: 'des-ede3', cbc: 'des-ede3-cbc', key: k };
    }
    case 'aes':
      return { ecb: `aes-${key.length * 8}-ecb`, cbc: `aes-${key.length * 8}-cbc`, key: copyBytes(key) };
    case 'sm4':
      return { ecb: 'sm4-ecb', cbc: 'sm4-cbc', key: copyBytes(key) };
  }
}

// A Uint8Array view of what OpenSSL returned, so callers never receive a Buffer.
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * One OpenSSL context per direction, created on first use and fed one block per `update`: with padding
 * off, ECB returns each block at once, so no context is created per block.
 */
class NodeBlockCipher implements BlockCipher {
  readonly algorithm: CipherAlgorithm;
  readonly blockSize: 8 | 16;
  private readonly ecbName: string;
  private readonly cbcName: string;
  private readonly key: Uint8Array;
  private encryptor: Cipher | undefined;
  private decryptor: Decipher | undefined;
  private wiped = false;

  constructor(alg: CipherAlgorithm, key: Uint8Array) {
    this.algorithm = alg;
    this.blockSize = blockSizeOf(alg);
    checkKeyLength(alg, key.length);
    const k = opensslKey(alg, key);
    this.ecbName = k.ecb;
    this.cbcName = k.cbc;
    this.key = k.key;
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    this.check(input, inOff, output, outOff);
    output.set(this.encryptContext().update(input.subarray(inOff, inOff + this.blockSize)), outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    this.check(input, inOff, output, outOff);
    output.set(this.decryptContext().update(input.subarray(inOff, inOff + this.blockSize)), outOff);
  }

  // Whole blocks only (the caller checked), so the long-lived ECB contexts never hold a partial block.
  processEcb(encrypt: boolean, data: Uint8Array): Uint8Array {
    if (this.wiped) throw keyWipedError();
    return plain((encrypt ? this.encryptContext() : this.decryptContext()).update(data));
  }

  // CBC carries its chain value inside the context, so each call gets a fresh one.
  processCbc(encrypt: boolean, data: Uint8Array, iv: Uint8Array): Uint8Array {
    if (this.wiped) throw keyWipedError();
    const ctx = encrypt
      ? createCipheriv(this.cbcName, this.key, iv).setAutoPadding(false)
      : createDecipheriv(this.cbcName, this.key, iv).setAutoPadding(false);
    return plain(ctx.update(data));
  }

  /** Zeroes the cipher's copy of the key and drops its OpenSSL contexts; any later use throws `KEY_WIPED`. */
  wipe(): void {
    this.key.fill(0);
    this.encryptor = undefined;
    this.decryptor = undefined;
    this.wiped = true;
  }

  private encryptContext(): Cipher {
    if (this.encryptor === undefined) this.encryptor = createCipheriv(this.ecbName, this.key, null).setAutoPadding(false);
    return this.encryptor;
  }

  private decryptContext(): Decipher {
    if (this.decryptor === undefined) {
      this.decryptor = createDecipheriv(this.ecbName, this.key, null).setAutoPadding(false);
    }
    return this.decryptor;
  }

  private check(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    if (this.wiped) throw keyWipedError();
    checkBlockOffsets(this.blockSize, input, inOff, output, outOff);
  }
}

maskCipherRenderings(NodeBlockCipher.prototype, 'NodeBlockCipher');

/** Block ciphers backed by node:crypto: DES via des-ede3 (K‖K‖K), 2-key TDES as K1‖K2‖K1, AES, SM4. */
export const nodeProvider: CipherProvider = {
  name: 'node',
  createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher {
    return new NodeBlockCipher(alg, bytesArg(key, 'key'));
  },
};
