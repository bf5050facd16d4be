import { Iso8583Error, type Iso8583ErrorCode } from '../../errors.js';
import type { CipherAlgorithm } from '../block-cipher.js';
import { checkKeyStrength } from '../key-checks.js';
import { CipherKey, type KeyInput, keyBytesFor } from '../key.js';
import { isBytes } from '../input.js';

/** Throws `code` unless `value` is a byte array of one of the `allowed` lengths; `what` names it in the text. */
export function requireBytes(value: unknown, allowed: readonly number[], code: Iso8583ErrorCode, what: string): Uint8Array {
  if (isBytes(value) && allowed.includes(value.length)) return value;
  const expected = `${listLengths(allowed)} bytes`;
  throw new Iso8583Error(code, `${what} must be ${expected}`, {
    expected,
    found: isBytes(value) ? `${value.length} bytes` : 'not a byte array',
  });
}

/**
 * The bytes of a key input (borrowed from a `SecretKey` for `alg`), checked like `requireBytes`; raw bytes
 * are also checked for strength (`WEAK_KEY`), as a key object was when it was made.
 */
export function requireKey(
  key: KeyInput,
  alg: CipherAlgorithm,
  allowed: readonly number[],
  code: Iso8583ErrorCode,
  what: string,
): Uint8Array {
  if (key instanceof CipherKey) return requireBytes(keyBytesFor(alg, key), allowed, code, what);
  const bytes = requireBytes(key, allowed, code, what);
  checkKeyStrength(alg, bytes, what, undefined, 'make it a SecretKey with allowWeakKeys for test vectors');
  return bytes;
}

/** Byte-wise XOR of two equal-length arrays into a new array. */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

function listLengths(allowed: readonly number[]): string {
  if (allowed.length === 1) return String(allowed[0]);
  return `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
}
