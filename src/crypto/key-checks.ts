// Checks on key bytes: weak, semi-weak and degenerate keys refused where a key is made or received, and DES
// parity reported and adjusted (never enforced: FIPS 46-3 and SP 800-67 leave the parity bits unused).
import { Iso8583Error } from '../errors.js';
import { assertCipherAlgorithm, type CipherAlgorithm } from './block-cipher.js';
import { bytesArg, isAllZero, optionsArg } from './input.js';

/** Options of every function that makes or receives a key. */
export interface WeakKeyOptions {
  /**
   * Accept weak, semi-weak, all-zero and degenerate keys (default false). Published test vectors use
   * some of them; no production key should be one.
   */
  allowWeakKeys?: boolean;
}

// NIST SP 800-67 Rev. 2 §3.3.2: the 4 weak and 12 semi-weak DES keys, as printed (odd parity). They are
// compared with the parity bits cleared, so a key that differs only in parity is caught as well.
const WEAK_DES_KEYS = [
  '0101010101010101', 'FEFEFEFEFEFEFEFE', 'E0E0E0E0F1F1F1F1', '1F1F1F1F0E0E0E0E',
  '011F011F010E010E', '1F011F010E010E01', '01E001E001F101F1', 'E001E001F101F101',
  '01FE01FE01FE01FE', 'FE01FE01FE01FE01', '1FE01FE00EF10EF1', 'E01FE01FF10EF10E',
  '1FFE1FFE0EFE0EFE', 'FE1FFE1FFE0EFE0E', 'E0FEE0FEF1FEF1FE', 'FEE0FEE0FEF1FEF1',
];

// Each weak key as two 32-bit words with the parity bits cleared, for a comparison without allocation.
const WEAK_WORDS: readonly number[] = WEAK_DES_KEYS.flatMap((hex) => [
  parseInt(hex.slice(0, 8), 16) & 0xfefefefe,
  parseInt(hex.slice(8, 16), 16) & 0xfefefefe,
]);

function wordAt(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) & 0xfefefefe;
}

// True when the DES key at `offset` is weak or semi-weak.
function isWeakDesPart(bytes: Uint8Array, offset: number): boolean {
  const hi = wordAt(bytes, offset);
  const lo = wordAt(bytes, offset + 4);
  for (let i = 0; i < WEAK_WORDS.length; i += 2) if (WEAK_WORDS[i] === hi && WEAK_WORDS[i + 1] === lo) return true;
  return false;
}

// True when the DES parts at `a` and `b` are one key (parity bits aside).
function samePart(bytes: Uint8Array, a: number, b: number): boolean {
  return wordAt(bytes, a) === wordAt(bytes, b) && wordAt(bytes, a + 4) === wordAt(bytes, b + 4);
}

/** True when a 16-byte key's halves are one DES key (parity bits aside): triple DES with it is single DES. */
export function hasEqualHalves(bytes: Uint8Array): boolean {
  return bytes.length === 16 && samePart(bytes, 0, 8);
}

/**
 * Why `bytes` makes a weak `alg` key, in words for error text, or `undefined` when it does not: all zeros;
 * a weak or semi-weak DES key or TDES part; a TDES key that reduces to single DES (a 16-byte key with equal
 * halves, a 24-byte key with K1 = K2 or K2 = K3, K1 = K2 = K3 among them). A 24-byte key with only
 * K1 = K3 is two-key TDES and allowed.
 */
export function weakKeyReason(alg: CipherAlgorithm, bytes: Uint8Array): string | undefined {
  if (isAllZero(bytes)) return 'is all zeros';
  if (alg === 'des') return isWeakDesPart(bytes, 0) ? 'is a weak or semi-weak DES key' : undefined;
  if (alg !== 'tdes') return undefined;
  for (let o = 0; o + 8 <= bytes.length; o += 8) {
    if (isWeakDesPart(bytes, o)) return 'has a weak or semi-weak DES part';
  }
  if (bytes.length === 16 && samePart(bytes, 0, 8)) return 'has equal halves, so it is single DES';
  if (bytes.length === 24 && (samePart(bytes, 0, 8) || samePart(bytes, 8, 16))) {
    return 'has equal neighbouring parts, so it is single DES';
  }
  return undefined;
}

/** True when `key` is weak for `alg` (see `weakKeyReason`): all zeros, weak or semi-weak DES, or TDES that is single DES. */
export function isWeakKey(alg: CipherAlgorithm, key: Uint8Array): boolean {
  assertCipherAlgorithm(alg);
  return weakKeyReason(alg, bytesArg(key, 'key')) !== undefined;
}

/**
 * Throws `WEAK_KEY` naming `what` (and `path` when given) when `bytes` is a weak `alg` key, unless
 * `options.allowWeakKeys`; `hint` says how a test vector gets past.
 */
export function checkKeyStrength(
  alg: CipherAlgorithm,
  bytes: Uint8Array,
  what: string,
  options?: WeakKeyOptions,
  hint = 'allowWeakKeys accepts it for test vectors',
  path?: string,
): void {
  if (optionsArg(options).allowWeakKeys === true) return;
  const reason = weakKeyReason(alg, bytes);
  if (reason === undefined) return;
  throw new Iso8583Error('WEAK_KEY', `${what} ${reason} (${hint})`, { path, expected: 'a key that is not weak' });
}

/** True when every byte of `key` has odd parity (an odd number of 1 bits), as DES keys conventionally do. */
export function hasOddParity(key: Uint8Array): boolean {
  bytesArg(key, 'key');
  for (let i = 0; i < key.length; i++) if (!oddParity(key[i]!)) return false;
  return true;
}

/** A copy of `key` with each byte's low bit set so that the byte has odd parity. */
export function adjustOddParity(key: Uint8Array): Uint8Array {
  bytesArg(key, 'key');
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i]! & 0xfe;
    out[i] = oddParity(b) ? b : b | 1;
  }
  return out;
}

function oddParity(b: number): boolean {
  let x = b ^ (b >> 4);
  x ^= x >> 2;
  x ^= x >> 1;
  return (x & 1) === 1;
}
