import { Iso8583Error, type Iso8583ErrorCode } from '../../errors.js';
import { type CipherAlgorithm, lendKeyBytes } from '../cipher.js';
import type { KeyInput } from '../key.js';

/** Throws `code` unless `value` is a byte array of one of the `allowed` lengths; `what` names it in the text. */
export function requireBytes(value: unknown, allowed: readonly number[], code: Iso8583ErrorCode, what: string): Uint8Array {
  if (value instanceof Uint8Array && allowed.includes(value.length)) return value;
  const expected = `${listLengths(allowed)} bytes`;
  throw new Iso8583Error(code, `${what} must be ${expected}`, {
    expected,
    found: value instanceof Uint8Array ? `${value.length} bytes` : 'not a byte array',
  });
}

/** The bytes of a key input (borrowed from a `SecretKey` for `alg`), checked like `requireBytes`. */
export function requireKey(
  key: KeyInput,
  alg: CipherAlgorithm,
  allowed: readonly number[],
  code: Iso8583ErrorCode,
  what: string,
): Uint8Array {
  const bytes = key instanceof Uint8Array ? key : isLender(key) ? key[lendKeyBytes](alg) : key;
  return requireBytes(bytes, allowed, code, what);
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

function isLender(key: unknown): key is { [lendKeyBytes](alg: CipherAlgorithm): Uint8Array } {
  return typeof key === 'object' && key !== null && lendKeyBytes in key;
}
