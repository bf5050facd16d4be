// Key check values: a short fingerprint that proves two parties hold the same key without revealing it.
import { assertCipherAlgorithm, type CipherAlgorithm, type CipherProvider } from './block-cipher.js';
import { checkKcvLength, checkKcvMethod, checkValueWithCipher, defaultKcvLength, defaultKcvMethod, type KcvMethod } from './cmac-core.js';
import { constantTimeEqual } from './constant-time.js';
import { bytesArg, optionOr, optionsArg } from './input.js';
import { cipherFor, type KeyInput, providerOf } from './key.js';

/** How the check value is computed, how many of its leading bytes are kept, and by which provider. */
export interface KcvOptions {
  /**
   * Leading bytes kept, 1 to the block size. Default: 3 for `zero-block`, 5 for `cmac` — the one convention of
   * the library, which `String(key)` and `key.kcv()` follow too.
   */
  length?: number;
  /**
   * `zero-block`: encrypt one block of zeros (the legacy DES/TDES method, also seen for AES).
   * `cmac`: CMAC of one block of zeros (ANSI X9.24-1:2017 A.3, the AES method). Default: `zero-block`
   * for DES and TDES, `cmac` for AES and SM4.
   */
  method?: KcvMethod;
  provider?: CipherProvider;
}

/** The check value of `key` for `alg`: the leading bytes of a zero block encrypted, or of its CMAC. */
export function kcv(alg: CipherAlgorithm, key: KeyInput, options?: KcvOptions): Uint8Array {
  assertCipherAlgorithm(alg);
  const o = optionsArg(options);
  const method = checkKcvMethod(optionOr(o.method, defaultKcvMethod(alg)));
  const length = checkKcvLength(alg, optionOr(o.length, defaultKcvLength(method)));
  return checkValueWithCipher(cipherFor(alg, key, providerOf(o, key)), method, length);
}

/** True when `expected` (1 to block-size bytes) is the check value of `key`, compared in constant time. */
export function kcvMatches(alg: CipherAlgorithm, key: KeyInput, expected: Uint8Array, options?: Omit<KcvOptions, 'length'>): boolean {
  const given = bytesArg(expected, 'expected');
  return constantTimeEqual(kcv(alg, key, { ...optionsArg(options), length: given.length }), given);
}
