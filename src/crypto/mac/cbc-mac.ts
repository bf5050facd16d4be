// ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC) and ANSI X9.9, its single-DES form.
import type { CipherAlgorithm, CipherProvider } from '../block-cipher.js';
import { optionOr, optionsArg } from '../input.js';
import { cipherFor, type KeyInput, providerOf, type ProviderResolver, resolveKeyAlgorithm } from '../key.js';
import { checkMacData, checkMacLength, macMatches } from './mac-length.js';
import { type MacPadding, padIso9797 } from './mac-padding.js';

/** Options of ISO/IEC 9797-1 MAC algorithm 1. */
export interface CbcMacOptions {
  /**
   * The cipher of a raw-byte key. Needed when the key's length fits several (16 bytes: TDES, AES or SM4; 24:
   * TDES or AES); an 8-byte key is DES and a 32-byte one AES. A `SecretKey` says so itself.
   */
  algorithm?: CipherAlgorithm;
  /** ISO/IEC 9797-1 padding method (default 1, zeros). */
  padding?: MacPadding;
  /** MAC length in bytes, the leftmost bytes of the last block (default: the block size, the full MAC). */
  length?: number;
  provider?: CipherProvider;
}

const CBC_MAC_ALGORITHMS: readonly CipherAlgorithm[] = ['des', 'tdes', 'aes', 'sm4'];

/** The last CBC block of already padded `data` under `cipher`, with a zero IV. */
export function cbcLastBlock(
  cipher: { readonly blockSize: number; encryptBlock(i: Uint8Array, io: number, o: Uint8Array, oo: number): void },
  padded: Uint8Array,
  blocks = padded.length / cipher.blockSize,
): Uint8Array {
  const bs = cipher.blockSize;
  let chain = new Uint8Array(bs);
  let next = new Uint8Array(bs);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < bs; i++) chain[i] = chain[i]! ^ padded[b * bs + i]!;
    cipher.encryptBlock(chain, 0, next, 0);
    const t = chain;
    chain = next;
    next = t;
  }
  return chain;
}

/** ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC, zero IV) over `data`; with a DES key and padding 1 this is ANSI X9.9. */
export function generateCbcMac(key: KeyInput, data: Uint8Array, options?: CbcMacOptions): Uint8Array {
  return cbcMac(key, data, options, providerOf);
}

function cbcMac(key: KeyInput, data: Uint8Array, options: CbcMacOptions | undefined, resolve: ProviderResolver): Uint8Array {
  checkMacData(data);
  const o = optionsArg(options);
  const alg = resolveKeyAlgorithm(key, CBC_MAC_ALGORITHMS, 'CBC-MAC', o.algorithm);
  const cipher = cipherFor(alg, key, resolve(o, key));
  const length = optionOr<number>(o.length, cipher.blockSize);
  checkMacLength(length, cipher.blockSize);
  return cbcLastBlock(cipher, padIso9797(data, optionOr<MacPadding>(o.padding, 1), cipher.blockSize)).slice(0, length);
}

/** True when `mac` is the CBC-MAC of `data` at `options.length` (default: the block size); constant time. */
export function verifyCbcMac(key: KeyInput, data: Uint8Array, mac: Uint8Array, options?: CbcMacOptions): boolean {
  return macMatches(generateCbcMac(key, data, options), mac);
}

/** Options of the ANSI X9.9 MAC. */
export interface AnsiX99MacOptions {
  /** MAC length in bytes (default 8, the full MAC; X9.9 messages often carry 4). */
  length?: number;
  provider?: CipherProvider;
}

/** ANSI X9.9 / FIPS 113 MAC: single-DES CBC-MAC with zero padding (an 8-byte DES key). */
export function generateAnsiX99Mac(key: KeyInput, data: Uint8Array, options?: AnsiX99MacOptions): Uint8Array {
  return ansiX99Mac(key, data, options, providerOf);
}

/** `generateAnsiX99Mac` with the provider found by `resolve`. */
export function ansiX99Mac(key: KeyInput, data: Uint8Array, options: AnsiX99MacOptions | undefined, resolve: ProviderResolver): Uint8Array {
  const o = optionsArg(options);
  resolveKeyAlgorithm(key, ['des'], 'ANSI X9.9 MAC');
  return cbcMac(key, data, { length: o.length, provider: o.provider, padding: 1, algorithm: 'des' }, resolve);
}

/** True when `mac` is the ANSI X9.9 MAC of `data` at `options.length` (default 8 bytes); constant time. */
export function verifyAnsiX99Mac(key: KeyInput, data: Uint8Array, mac: Uint8Array, options?: AnsiX99MacOptions): boolean {
  return macMatches(generateAnsiX99Mac(key, data, options), mac);
}
