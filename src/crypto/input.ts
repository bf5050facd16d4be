// The byte-array checks and copies every crypto function shares: caller arrays are read, never kept or changed.
import { Iso8583Error, type Iso8583ErrorCode } from '../errors.js';

/** True for a `Uint8Array` (Node's subclass included), also one made in another realm. */
export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array || (ArrayBuffer.isView(x) && x.constructor.name === 'Uint8Array');
}

/** What a non-byte argument is, for error text: its type, never its value. */
export function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  return typeof x;
}

/** Throws `code` (default `BAD_DATA_TYPE`) saying that `name` must be a Uint8Array, unless it is one. */
export function requireBytes(value: unknown, name: string, code: Iso8583ErrorCode = 'BAD_DATA_TYPE'): Uint8Array {
  if (isBytes(value)) return value;
  throw new Iso8583Error(code, `${name} must be a Uint8Array`, { expected: 'Uint8Array', found: kindOf(value) });
}

/**
 * A plain `Uint8Array` copy of `bytes[start, end)` in memory of its own. `subarray`, and `slice` on Node's
 * subclass, give views that share the caller's memory (for small arrays, Node's shared pool), so every array
 * the library keeps, changes or zeroes is made here.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
  return out;
}

/** True when every byte of `bytes` is zero; visits every byte whatever it finds. */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!;
  return acc === 0;
}
