import { Iso8583Error } from '../errors.js';
import { HEX_CODE } from './hex.js';

/**
 * Packed BCD with the knobs real dialects disagree on: odd digit counts with a pad nibble on the left
 * (right-aligned) or on the right (left-aligned), pad `0` or `F`, and track nibbles (`D` for `=`).
 */

/**
 * Nibble value of a digit or track character, or -1: `0`–`9`; `D`/`d`/`=` as 0xD when `track`; and, when
 * `any` (enciphered track data), every hex digit.
 */
export function nibbleOf(code: number, track: boolean, any = false): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (track && (code === 68 || code === 100 || code === 61)) return 13;
  if (any) {
    if (code >= 65 && code <= 70) return code - 55;
    if (code >= 97 && code <= 102) return code - 87;
  }
  return -1;
}

/** Number of bytes that hold `digits` packed digits. */
export function bcdByteLength(digits: number): number {
  return (digits + 1) >> 1;
}

/**
 * Writes `text` (digits, or track characters when `track`) packed into `out` at `off`; `right` puts the pad
 * nibble first. Returns the offset after the last byte. Throws `BAD_CHARACTER` for a character that has no nibble.
 */
export function packBcd(
  text: string,
  out: Uint8Array,
  off: number,
  right: boolean,
  padNibble: number,
  track: boolean,
  path?: string,
  any = false,
): number {
  const o = packNibbles(NIBBLES[(track ? 1 : 0) | (any ? 2 : 0)]!, text, out, off, right, padNibble);
  // Where the character without a nibble was is looked for only when there is one.
  if (o < 0) for (let k = 0; k < text.length; k++) need(text, k, track, path, any);
  return o;
}

/**
 * Writes `text` packed as `packBcd` does, each character's nibble read from `nibbles` (16: none); returns the
 * offset after the last byte, or -1 when a character has no nibble (the bytes written are then of no use).
 */
export function packNibbles(nibbles: Uint8Array, text: string, out: Uint8Array, off: number, right: boolean, padNibble: number): number {
  const n = text.length;
  let i = 0;
  let o = off;
  let bad = 0;
  if (n & 1 && right) {
    const v = nibbleAt(nibbles, text, 0);
    bad |= v;
    out[o++] = (padNibble << 4) | (v & 15);
    i = 1;
  }
  for (; i + 1 < n; i += 2) {
    const hi = nibbleAt(nibbles, text, i);
    const lo = nibbleAt(nibbles, text, i + 1);
    bad |= hi | lo;
    out[o++] = (hi << 4) | (lo & 15);
  }
  if (i < n) {
    const v = nibbleAt(nibbles, text, i);
    bad |= v;
    out[o++] = (v << 4) | padNibble;
  }
  // A character without a nibble reads as 16 or more.
  return bad > 15 ? -1 : o;
}

/** Nibble of each ASCII character (16: none) for digits, track separators when `track`, hex when `any`, limited to `allowed` characters. */
export function nibbleTable(track: boolean, any: boolean, allowed?: Uint8Array): Uint8Array {
  const table = new Uint8Array(128).fill(16);
  for (let c = 0; c < 128; c++) {
    const v = nibbleOf(c, track, any);
    if (v >= 0 && (allowed === undefined || allowed[c] === 1)) table[c] = v;
  }
  return table;
}

// Nibble tables for digits; digits and track separators; digits and hex; all three: indexed by (track ? 1 : 0) | (any ? 2 : 0).
const NIBBLES: Uint8Array[] = /* @__PURE__ */ [0, 1, 2, 3].map((kind) => nibbleTable((kind & 1) !== 0, (kind & 2) !== 0));

/** The nibble of character `i` of `text`, 16 or more when it has none. */
function nibbleAt(nibbles: Uint8Array, text: string, i: number): number {
  const c = text.charCodeAt(i);
  return nibbles[c & 127]! | ((c >> 7) << 4);
}

function need(text: string, i: number, track: boolean, path?: string, any = false): number {
  const v = nibbleOf(text.charCodeAt(i), track, any);
  if (v < 0) {
    throw new Iso8583Error('BAD_CHARACTER', track ? 'track data allows only digits and a D or = separator' : 'numeric field allows only digits', {
      path,
      expected: track ? 'digits, D or =' : 'digits',
      found: `another character at position ${i}`,
    });
  }
  return v;
}

/**
 * Reads `digits` packed digits from `buf` at `off`. Returns -1 if a nibble is not allowed (digits only, or
 * digits and `D` when `track`, every nibble when `any`); otherwise the pad nibble found (0–15), or 0 when there was none.
 * The decoded text is not built here, so validating costs no allocation.
 */
export function checkBcd(buf: Uint8Array, off: number, digits: number, right: boolean, track: boolean, any = false): number {
  const odd = digits & 1;
  const bytes = (digits + 1) >> 1;
  let pad = 0;
  let first = off;
  let last = off + bytes;
  if (odd) {
    if (right) {
      const b = buf[off]!;
      pad = b >> 4;
      if (!any && !okNibble(b & 15, track)) return -1;
      first++;
    } else {
      const b = buf[last - 1]!;
      pad = b & 15;
      if (!any && !okNibble(b >> 4, track)) return -1;
      last--;
    }
  }
  if (any) return pad;
  const ok = track ? TRACK_BYTE : DIGITS_BYTE;
  let bad = 0;
  for (let i = first; i < last; i++) bad |= ok[buf[i]!]!;
  return bad === 0 ? pad : -1;
}

// Per byte value, 0 when both nibbles are digits (or, for track data, digits or D), else 1: one lookup a byte.
const DIGITS_BYTE = new Uint8Array(256);
const TRACK_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  DIGITS_BYTE[b] = okNibble(b >> 4, false) && okNibble(b & 15, false) ? 0 : 1;
  TRACK_BYTE[b] = okNibble(b >> 4, true) && okNibble(b & 15, true) ? 0 : 1;
}

function okNibble(v: number, track: boolean): boolean {
  return v <= 9 || (track && v === 13);
}

// Argument arrays for String.fromCharCode.apply, one per digit count up to 64: an exact-length plain array is
// the fastest portable way to make a short string. Filled and used within one call, never handed out.
const CODES: number[][] = [];
for (let n = 0; n <= 64; n++) CODES.push(new Array<number>(n).fill(0));

/** Text of `digits` packed digits at `off` (track separators come out as `D`); assumes `checkBcd` passed. */
export function unpackBcd(buf: Uint8Array, off: number, digits: number, right: boolean): string {
  // Past the argument arrays kept, one made for the call.
  const args = CODES[digits] ?? new Array<number>(digits);
  unpackBcdCodes(buf, off, digits, right, args, 0);
  return String.fromCharCode.apply(null, args);
}

/** The same text as `unpackBcd`, cut from `hex`, the upper-case hex of all of `buf`: a pad nibble is its own hex digit. */
export function cutBcd(hex: string, off: number, digits: number, right: boolean): string {
  const at = 2 * off + (digits & 1 && right ? 1 : 0);
  return hex.substring(at, at + digits);
}

/** Writes the character codes of `digits` packed digits at `off` into `out` from `o` on; assumes `checkBcd` passed. */
export function unpackBcdCodes(buf: Uint8Array, off: number, digits: number, right: boolean, out: { [i: number]: number }, o: number): void {
  let i = off;
  const end = o + digits;
  if (digits & 1 && right) out[o++] = HEX_CODE[buf[i++]! & 15]!;
  while (o + 1 < end) {
    const b = buf[i++]!;
    out[o++] = HEX_CODE[b >> 4]!;
    out[o++] = HEX_CODE[b & 15]!;
  }
  if (o < end) out[o] = HEX_CODE[buf[i]! >> 4]!;
}
