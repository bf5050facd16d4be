import { Iso8583Error } from '../errors.js';
import { expectBytes } from '../arguments.js';
import { checkRange, checkText } from './text-codec.js';

const HEX_DIGITS = '0123456789ABCDEF';

// The value of each hex digit's character code (either case); 255 for any other code below 256.
const HEX_VALUE = new Uint8Array(256).fill(255);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[HEX_DIGITS.charCodeAt(i)] = i;
  HEX_VALUE[HEX_DIGITS.toLowerCase().charCodeAt(i)] = i;
}

/**
 * The same table for bitmaps. The loops here read it through the binding of their own module: reading it through the
 * exported one made a CUP encode (hex of its chip data) ~5% slower, measured.
 */
export const HEX_VALUES: Uint8Array = HEX_VALUE;

// Character codes of the 16 hex digits, and argument arrays for String.fromCharCode.apply by text length up to
// 128: a flat string made at once, where appending makes a chain of partial ones. Filled and used within one call.
export const HEX_CODE: readonly number[] = Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));
const HEX_ARGS: number[][] = [];
for (let n = 0; n <= 128; n += 2) HEX_ARGS[n] = new Array<number>(n).fill(0);

/** Upper-case hex of `bytes[start, end)`. */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  checkRange(bytes, start, end);
  return hexOf(bytes, start, end);
}

/** Upper-case hex of `bytes[start, end)`, a range the caller knows lies within them (no checks: a decoder's own reads). */
export function hexOf(bytes: Uint8Array, start: number, end: number): string {
  const args = HEX_ARGS[2 * (end - start)];
  if (args === undefined) {
    let s = '';
    for (let i = start; i < end; i += 64) s += hexOf(bytes, i, Math.min(end, i + 64));
    return s;
  }
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    args[o++] = HEX_CODE[b >> 4]!;
    args[o++] = HEX_CODE[b & 15]!;
  }
  return String.fromCharCode.apply(null, args);
}

/** Writes the upper-case hex digit codes of `bytes[0, count)` at `out[p]`; returns the end. */
export function writeHexCodes(out: Uint8Array, p: number, bytes: Uint8Array, count: number): number {
  for (let i = 0; i < count; i++) {
    const b = bytes[i]!;
    out[p++] = HEX_CODE[b >> 4]!;
    out[p++] = HEX_CODE[b & 15]!;
  }
  return p;
}

/** The value (0–15) of one hex character code, or -1 when it is not a hex digit. */
export function hexNibble(code: number): number {
  const v = code < 256 ? HEX_VALUE[code]! : 255;
  return v === 255 ? -1 : v;
}

/** Bytes of an even-length hex string (either case); throws `Iso8583Error` `BAD_HEX` otherwise. */
export function fromHex(hex: string, path?: string): Uint8Array {
  checkText(hex, path, 'hex');
  checkHexLength(hex, path);
  const out = new Uint8Array(hex.length / 2);
  const end = writeHex(hex, out, 0);
  if (end < 0) throw badHexCharacter(-1 - end, path);
  return out;
}

/** Throws `BAD_HEX` unless `hex` has an even number of characters. */
export function checkHexLength(hex: string, path?: string): void {
  if (hex.length % 2 !== 0) {
    throw new Iso8583Error('BAD_HEX', 'hex text must have an even number of digits', {
      path,
      expected: 'even number of hex digits',
      found: `${hex.length} digits`,
    });
  }
}

/** Writes the bytes of even-length hex text into `out` at `p`; returns the end, or `-1 - i` when character `i` is not a hex digit. */
export function writeHex(hex: string, out: Uint8Array, p: number): number {
  const n = hex.length >> 1;
  for (let i = 0; i < n; i++) {
    const hc = hex.charCodeAt(2 * i);
    const lc = hex.charCodeAt(2 * i + 1);
    const hi = hc < 256 ? HEX_VALUE[hc]! : 255;
    const lo = lc < 256 ? HEX_VALUE[lc]! : 255;
    if ((hi | lo) > 15) return -1 - (hi > 15 ? 2 * i : 2 * i + 1);
    out[p + i] = (hi << 4) | lo;
  }
  return p + n;
}

/** The error for hex text whose character `at` is not a hex digit. */
export function badHexCharacter(at: number, path?: string): Iso8583Error {
  return new Iso8583Error('BAD_HEX', 'hex text has a character that is not a hex digit', {
    path,
    expected: 'hex digits',
    found: `non-hex character at position ${at}`,
  });
}

/** True when `s` is non-empty-or-empty text made only of hex digits with even length. */
export function isHex(s: string): boolean {
  checkText(s, undefined, 's');
  if (s.length % 2 !== 0) return false;
  for (let i = 0; i < s.length; i++) if (hexNibble(s.charCodeAt(i)) < 0) return false;
  return true;
}

/** Byte-wise equality of two arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  expectBytes(a, 'a');
  expectBytes(b, 'b');
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One new array holding all parts in order. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += expectBytes(parts[i], `parts[${i}]`).length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
