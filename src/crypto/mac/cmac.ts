import { type CipherAlgorithm, type CipherProvider, createCipher } from '../cipher.js';
import { cmacWithCipher } from '../cmac-core.js';
import type { KeyInput } from '../key.js';
import { macAlgorithm } from './mac-key.js';
import { checkMacData, checkMacLength, macMatches } from './mac-length.js';

/** Options of CMAC. */
export interface CmacOptions {
  /** MAC length in bytes (default: the block size, 16 for AES/SM4, 8 for TDES). */
  length?: number;
  provider?: CipherProvider;
}

const CMAC_ALGORITHMS: readonly CipherAlgorithm[] = ['aes', 'tdes', 'des', 'sm4'];

/** CMAC (NIST SP 800-38B, RFC 4493; ISO/IEC 9797-1 MAC algorithm 5) of `data` with `alg` (AES, TDES, DES or SM4). */
export function generateCmac(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, options: CmacOptions = {}): Uint8Array {
  checkMacData(data);
  macAlgorithm(key, CMAC_ALGORITHMS, 'CMAC', alg);
  const cipher = createCipher(alg, key, options.provider);
  const length = options.length ?? cipher.blockSize;
  checkMacLength(length, cipher.blockSize);
  return cmacWithCipher(cipher, data).slice(0, length);
}

/** True when `mac` is the CMAC of `data` at `options.length` (default: the block size); constant time. */
export function verifyCmac(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, mac: Uint8Array, options: CmacOptions = {}): boolean {
  return macMatches(generateCmac(alg, key, data, options), mac);
}
