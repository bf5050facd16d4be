// Key check values: a short fingerprint that proves two parties hold the same key without revealing it.
import { Iso8583Error } from '../errors.js';
import { blockSizeOf, type CipherAlgorithm, type CipherProvider } from './block-cipher.js';
import { checkValueWithCipher, defaultKcvLength, defaultKcvMethod, type KcvMethod } from './cmac-core.js';
import { constantTimeEqual } from './constant-time.js';
import { cipherFor, type KeyInput } from './key.js';

/** How the check value is computed and how many of its leading bytes are kept. */
export interface KcvOptions {
  /** Leading bytes kept, 1 to the block size; default 3 for `zero-block`, 5 for `cmac`. */
  length?: number;
  /**
   * `zero-block`: encrypt one block of zeros (the legacy DES/TDES method, also seen for AES).
   * `cmac`: CMAC of one block of zeros (ANSI X9.24-1:2017 A.3, the AES method). Default: `zero-block`
   * for DES and TDES, `cmac` for AES and SM4.
   */
  method?: KcvMethod;
}

/** The check value of `key` for `alg`: the leading bytes of a zero block encrypted, or of its CMAC. */
export function kcv(
  alg: CipherAlgorithm,
  key: KeyInput,
  options: KcvOptions = {},
  provider?: CipherProvider,
): Uint8Array {
  const bs = blockSizeOf(alg);
  const method = options.method ?? defaultKcvMethod(alg);
  if (method !== 'zero-block' && method !== 'cmac') {
    throw new Iso8583Error('BAD_KCV_METHOD', 'KCV method must be zero-block or cmac', {
      expected: 'zero-block or cmac',
    });
  }
  const length = options.length ?? defaultKcvLength(method);
  if (!Number.isInteger(length) || length < 1 || length > bs) {
    throw new Iso8583Error('BAD_KCV_LENGTH', `${alg} KCV length must be 1 to ${bs} bytes, found ${String(length)}`, {
      expected: `1 to ${bs} bytes`,
      found: String(length),
    });
  }
  return checkValueWithCipher(cipherFor(alg, key, provider), method, length);
}

/** True when `expected` (1 to block-size bytes) is the check value of `key`, compared in constant time. */
export function kcvMatches(
  alg: CipherAlgorithm,
  key: KeyInput,
  expected: Uint8Array,
  options: Omit<KcvOptions, 'length'> = {},
  provider?: CipherProvider,
): boolean {
  return constantTimeEqual(kcv(alg, key, { ...options, length: expected.length }, provider), expected);
}
