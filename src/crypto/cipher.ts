// The block-cipher facade: keyed ciphers and unpadded ECB and CBC over the provider seam (portable TypeScript or
// node:crypto), with value-free errors. The vocabulary it speaks lives in block-cipher.ts.
import { Iso8583Error } from '../errors.js';
import { assertCipherAlgorithm, type BlockCipher, blockSizeOf, type CipherAlgorithm, type CipherProvider } from './block-cipher.js';
import { bytesArg, copyBytes, optionsArg } from './input.js';
import { CipherKey, cipherFor, explicitProviderOf, fenced, type KeyInput, providerOf, type ProviderResolver } from './key.js';

export {
  type BlockCipher,
  type CipherAlgorithm,
  type CipherProvider,
  assertCipherAlgorithm,
  blockSizeOf,
  checkKeyLength,
  isCipherAlgorithm,
  keyLengthsOf,
} from './block-cipher.js';
export { getDefaultProvider, setDefaultProvider } from './provider.js';
export { isBytes } from './input.js';

/** Options of the cipher functions. */
export interface CipherOptions {
  /** Where the block cipher comes from (default: `getDefaultProvider()`). */
  provider?: CipherProvider;
}

/** Options of CBC: the options of every cipher function and the IV. */
export interface CbcOptions extends CipherOptions {
  /** One block; default a block of zeros. */
  iv?: Uint8Array;
}

/**
 * A block cipher for `alg` keyed with `key`. For a key object it is a handle on the key's kept schedule: it
 * stops with `KEY_WIPED` once the key is wiped, and its own `wipe()` ends only the handle.
 */
export function createCipher(alg: CipherAlgorithm, key: KeyInput, options?: CipherOptions): BlockCipher {
  assertCipherAlgorithm(alg);
  const cipher = cipherFor(alg, key, providerOf(optionsArg(options), key));
  return key instanceof CipherKey ? fenced(cipher) : cipher;
}

/** ECB encryption of whole blocks (no padding: `data` must be a multiple of the block size). */
export function encryptEcb(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options?: CipherOptions): Uint8Array {
  return ecb(alg, key, data, options, true, providerOf);
}

/** ECB decryption of whole blocks (no padding: `data` must be a multiple of the block size). */
export function decryptEcb(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options?: CipherOptions): Uint8Array {
  return ecb(alg, key, data, options, false, providerOf);
}

/**
 * `encryptEcb` on the provider of `options.provider` or of the key object, never the default provider: raw key
 * bytes without `options.provider` throw `NO_PROVIDER`. A build that calls only such forms links no cipher its
 * provider does not name.
 */
export function encryptEcbExplicit(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options?: CipherOptions): Uint8Array {
  return ecb(alg, key, data, options, true, explicitProviderOf);
}

/** `decryptEcb` on the provider of `options.provider` or of the key object, never the default provider (see `encryptEcbExplicit`). */
export function decryptEcbExplicit(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options?: CipherOptions): Uint8Array {
  return ecb(alg, key, data, options, false, explicitProviderOf);
}

/** CBC encryption of whole blocks, no padding; `options.iv` defaults to a block of zeros. */
export function encryptCbc(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options?: CbcOptions): Uint8Array {
  return cbc(alg, key, data, options, true);
}

/** CBC decryption of whole blocks, no padding; `options.iv` defaults to a block of zeros. */
export function decryptCbc(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options?: CbcOptions): Uint8Array {
  return cbc(alg, key, data, options, false);
}

function ecb(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options: CipherOptions | undefined, encrypt: boolean, resolve: ProviderResolver): Uint8Array {
  checkData(alg, data);
  return ecbWith(cipherFor(alg, key, resolve(optionsArg(options), key)), data, encrypt);
}

function cbc(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options: CbcOptions | undefined, encrypt: boolean): Uint8Array {
  const bs = checkData(alg, data);
  const o = optionsArg(options);
  const chain = checkIv(alg, bs, o.iv);
  return cbcWith(cipherFor(alg, key, providerOf(o, key)), data, chain, encrypt);
}

/** ECB over whole blocks of checked `data` with a cipher already keyed (a derived key's, for one). */
export function ecbWith(cipher: BlockCipher, data: Uint8Array, encrypt: boolean): Uint8Array {
  if (cipher.processEcb !== undefined) return cipher.processEcb(encrypt, data);
  const bs = cipher.blockSize;
  const out = new Uint8Array(data.length);
  for (let o = 0; o < data.length; o += bs) {
    if (encrypt) cipher.encryptBlock(data, o, out, o);
    else cipher.decryptBlock(data, o, out, o);
  }
  return out;
}

/** CBC over whole blocks of checked `data` with a cipher already keyed; `chain` (a private copy of the IV) is overwritten. */
export function cbcWith(cipher: BlockCipher, data: Uint8Array, chain: Uint8Array, encrypt: boolean): Uint8Array {
  if (cipher.processCbc !== undefined) return cipher.processCbc(encrypt, data, chain);
  const bs = cipher.blockSize;
  const out = new Uint8Array(data.length);
  for (let o = 0; o < data.length; o += bs) {
    if (encrypt) {
      for (let i = 0; i < bs; i++) chain[i] = chain[i]! ^ data[o + i]!;
      cipher.encryptBlock(chain, 0, out, o);
      chain.set(out.subarray(o, o + bs));
    } else {
      cipher.decryptBlock(data, o, out, o);
      for (let i = 0; i < bs; i++) {
        out[o + i] = out[o + i]! ^ chain[i]!;
        chain[i] = data[o + i]!;
      }
    }
  }
  return out;
}

function checkData(alg: CipherAlgorithm, data: Uint8Array): 8 | 16 {
  const bs = blockSizeOf(alg);
  bytesArg(data, 'data');
  if (data.length % bs !== 0) {
    throw new Iso8583Error(
      'BAD_DATA_LENGTH',
      `${alg} data must be a multiple of ${bs} bytes, found ${data.length} bytes`,
      { expected: `multiple of ${bs} bytes`, found: `${data.length} bytes` },
    );
  }
  return bs;
}

// A private copy of the IV, used as the running chain value.
function checkIv(alg: CipherAlgorithm, bs: number, iv: Uint8Array | undefined): Uint8Array {
  if (iv === undefined) return new Uint8Array(bs);
  bytesArg(iv, 'options.iv');
  if (iv.length !== bs) {
    throw new Iso8583Error('BAD_IV_LENGTH', `${alg} iv must be ${bs} bytes, found ${iv.length} bytes`, {
      expected: `${bs} bytes`,
      found: `${iv.length} bytes`,
    });
  }
  return copyBytes(iv);
}
