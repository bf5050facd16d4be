import type { Attribute } from './spec.js';

/**
 * Character classes of ISO 8583 attributes over the 7-bit range, as lookup tables so that validating a
 * value costs one array read per character. Characters above 0x7F are judged by the text encoding instead.
 */
const DIGIT = 1;
const ALPHA = 2;
const SPECIAL = 4; // printable non-alphanumerics, space included
const TRACK = 8; // the track separators '=' and 'D'
const SIGN = 16; // 'C' and 'D' of an x+n amount

const CLASS_OF = new Uint8Array(128);
for (let c = 0x20; c < 0x7f; c++) {
  if (c >= 48 && c <= 57) CLASS_OF[c] = DIGIT;
  else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS_OF[c] = ALPHA;
  else CLASS_OF[c] = SPECIAL;
}
CLASS_OF[61] = CLASS_OF[61]! | TRACK;
CLASS_OF[68] = CLASS_OF[68]! | TRACK | SIGN;
CLASS_OF[67] = CLASS_OF[67]! | SIGN;

const MASK: Record<Attribute, number> = {
  n: DIGIT,
  a: ALPHA,
  an: ALPHA | DIGIT,
  anp: ALPHA | DIGIT,
  ans: ALPHA | DIGIT | SPECIAL,
  ns: DIGIT | SPECIAL,
  as: ALPHA | SPECIAL,
  s: SPECIAL,
  z: DIGIT | TRACK,
  'x+n': DIGIT,
  b: 0,
};

/** Allowed-character table (128 entries, 1 = allowed) for an attribute. */
export function charsetTable(attr: Attribute): Uint8Array {
  const table = new Uint8Array(128);
  const mask = MASK[attr];
  for (let c = 0; c < 128; c++) if (CLASS_OF[c]! & mask) table[c] = 1;
  if (attr === 'anp') table[32] = 1;
  return table;
}

/** Words for an attribute's characters, used in error text. */
export function describeCharset(attr: Attribute): string {
  return CHARSET_TEXT[attr];
}

const CHARSET_TEXT: Record<Attribute, string> = {
  n: 'digits',
  a: 'letters',
  an: 'letters and digits',
  anp: 'letters, digits and spaces',
  ans: 'printable characters',
  ns: 'digits and special characters',
  as: 'letters and special characters',
  s: 'special characters',
  z: 'digits and a track separator',
  'x+n': 'C or D followed by digits',
  b: 'bytes',
};

/** Position of the first character of `text` (from `from`) not allowed by `table` (chars above 0x7F allowed when `wide`), or -1. */
export function firstBadChar(text: string, table: Uint8Array, wide: boolean, from = 0): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 ? table[c] === 0 : !wide) return i;
  }
  return -1;
}

/** Position of the first character breaking the `x+n` form (C or D, then digits), or -1. */
export function firstBadSignedAmount(text: string): number {
  if (text.length === 0) return 0;
  const s = text.charCodeAt(0);
  if (s !== 67 && s !== 68) return 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return i;
  }
  return -1;
}
