// CMAC (NIST SP 800-38B, RFC 4493; ISO/IEC 9797-1 MAC algorithm 5) over any block cipher of the layer.
import type { CipherAlgorithm, CipherProvider } from '../block-cipher.js';
import { cmacWithCipher } from '../cmac-core.js';
import { optionOr, optionsArg } from '../input.js';
import { cipherFor, type KeyInput, providerOf, type ProviderResolver, resolveKeyAlgorithm } from '../key.js';
import { checkMacData, checkMacLength, macMatches } from './mac-length.js';

/** Options of CMAC. */
export interface CmacOptions {
  /**
   * The cipher of a raw-byte key. Needed when the key's length fits several (16 bytes: TDES, AES or SM4; 24:
   * TDES or AES); an 8-byte key is DES and a 32-byte one AES. A `SecretKey` says so itself.
   */
  algorithm?: CipherAlgorithm;
  /** MAC length in bytes (default: the block size, the full MAC: 16 for AES/SM4, 8 for DES/TDES). */
  length?: number;
  provider?: CipherProvider;
}

const CMAC_ALGORITHMS: readonly CipherAlgorithm[] = ['des', 'tdes', 'aes', 'sm4'];

/** CMAC of `data` (any length, including empty) under `key`. */
export function generateCmac(key: KeyInput, data: Uint8Array, options?: CmacOptions): Uint8Array {
  return cmac(key, data, options, providerOf);
}

/** `generateCmac` with the provider found by `resolve`. */
export function cmac(key: KeyInput, data: Uint8Array, options: CmacOptions | undefined, resolve: ProviderResolver): Uint8Array {
  checkMacData(data);
  const o = optionsArg(options);
  const alg = resolveKeyAlgorithm(key, CMAC_ALGORITHMS, 'CMAC', o.algorithm);
  const cipher = cipherFor(alg, key, resolve(o, key));
  const length = optionOr<number>(o.length, cipher.blockSize);
  checkMacLength(length, cipher.blockSize);
  return cmacWithCipher(cipher, data).slice(0, length);
}

/** True when `mac` is the CMAC of `data` at `options.length` (default: the block size); constant time. */
export function verifyCmac(key: KeyInput, data: Uint8Array, mac: Uint8Array, options?: CmacOptions): boolean {
  return macMatches(generateCmac(key, data, options), mac);
}
