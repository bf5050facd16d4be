// ISO/IEC 9797-1 MAC algorithm 3, the ANSI X9.19 retail MAC: single-DES CBC with K, then K' and K on the last block.
import { Iso8583Error } from '../../errors.js';
import type { BlockCipher, CipherProvider } from '../block-cipher.js';
import { optionOr, optionsArg } from '../input.js';
import { CipherKey, type KeyInput, keyBytesFor, providerOf, type ProviderResolver, resolveKeyAlgorithm, scheduleOf } from '../key.js';
import { cbcLastBlock } from './cbc-mac.js';
import { checkMacData, checkMacLength, macMatches } from './mac-length.js';
import { type MacPadding, padIso9797 } from './mac-padding.js';

/** Options of ISO/IEC 9797-1 MAC algorithm 3 (ANSI X9.19 retail MAC). */
export interface RetailMacOptions {
  /** ISO/IEC 9797-1 padding method (default 1, zeros, as ANSI X9.19 uses). */
  padding?: MacPadding;
  /** MAC length in bytes (default 8, the full MAC). */
  length?: number;
  provider?: CipherProvider;
}

// The DES ciphers of K and K': a key object keeps both halves' schedules; raw bytes are keyed afresh.
function halves(key: KeyInput, provider: CipherProvider): [BlockCipher, BlockCipher] {
  resolveKeyAlgorithm(key, ['tdes'], 'retail MAC');
  const bytes = keyBytesFor('tdes', key);
  if (bytes.length !== 16) {
    throw new Iso8583Error('BAD_KEY_LENGTH', "retail MAC key must be 16 bytes (K then K')", {
      expected: '16 bytes',
      found: `${bytes.length} bytes`,
    });
  }
  if (key instanceof CipherKey) return [scheduleOf(key, provider, 'left'), scheduleOf(key, provider, 'right')];
  return [provider.createCipher('des', bytes.subarray(0, 8)), provider.createCipher('des', bytes.subarray(8, 16))];
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 = ANSI X9.19 retail MAC: single-DES CBC with K over every block,
 * then the last result decrypted with K' and encrypted again with K. `key` is K ‖ K' (16 bytes, TDES).
 */
export function generateRetailMac(key: KeyInput, data: Uint8Array, options?: RetailMacOptions): Uint8Array {
  return retailMac(key, data, options, providerOf);
}

/** `generateRetailMac` with the provider found by `resolve`. */
export function retailMac(key: KeyInput, data: Uint8Array, options: RetailMacOptions | undefined, resolve: ProviderResolver): Uint8Array {
  checkMacData(data);
  const o = optionsArg(options);
  const [k1, k2] = halves(key, resolve(o, key));
  const length = optionOr(o.length, 8);
  checkMacLength(length, 8);
  const last = cbcLastBlock(k1, padIso9797(data, optionOr<MacPadding>(o.padding, 1), 8));
  const out = new Uint8Array(8);
  k2.decryptBlock(last, 0, out, 0);
  k1.encryptBlock(out, 0, last, 0);
  return last.slice(0, length);
}

/** True when `mac` is the retail MAC of `data` at `options.length` (default 8 bytes); constant time. */
export function verifyRetailMac(key: KeyInput, data: Uint8Array, mac: Uint8Array, options?: RetailMacOptions): boolean {
  return macMatches(generateRetailMac(key, data, options), mac);
}

/** ANSI X9.19 MAC: the retail MAC with zero padding (method 1). */
export function generateAnsiX919Mac(key: KeyInput, data: Uint8Array, options?: Omit<RetailMacOptions, 'padding'>): Uint8Array {
  return generateRetailMac(key, data, { ...optionsArg(options), padding: 1 });
}

/** True when `mac` is the ANSI X9.19 MAC of `data` at `options.length` (default 8 bytes); constant time. */
export function verifyAnsiX919Mac(
  key: KeyInput,
  data: Uint8Array,
  mac: Uint8Array,
  options?: Omit<RetailMacOptions, 'padding'>,
): boolean {
  return macMatches(generateAnsiX919Mac(key, data, options), mac);
}
