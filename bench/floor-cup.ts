// A measuring instrument, not library code: the least that decode() + toObject() must do for the captured CUP
// sale, with every layout decision made before the call (hand-resolved for this message's fields, as
// floor-encoder.ts is for the purchase). Per call it checks the BCD MTI and the binary bitmap, reads each field's
// BCD length prefix against its maximum and the data left, checks every BCD nibble and pad (35 may be
// enciphered: any nibble, as the dialect allows), walks
// field 55's BER-TLV checking each length, then builds the object toObject() gives: the body's upper-case hex made
// at once (`hex`, as the library's Node entry makes it) and the packed digits and each TLV value cut from it, text
// fields as substrings of one Latin-1 text, 22 and 60 split into their positional subfields, one { tag, value } per
// TLV element, 64 as its text.
import type { Latin1 } from './floor-decoder.js';

// 0 when both nibbles are digits.
const BAD_DIGITS = new Uint8Array(256).map((_, b) => (b >> 4 > 9 || (b & 15) > 9 ? 1 : 0));
/** `digits` packed digits at byte `off` (a pad nibble first when `right`), cut from the body's hex. */
function digitsAt(hex: string, off: number, digits: number, right: boolean): string {
  const from = 2 * off + (digits & 1 && right ? 1 : 0);
  return hex.substring(from, from + digits);
}

/** Checks `digits` packed digits at `off`, an odd count closed by a 0 or F pad nibble (first when `right`). */
function checkDigits(buf: Uint8Array, off: number, digits: number, right: boolean): void {
  let bad = 0;
  let start = off;
  let end = off + (digits >> 1);
  if (digits & 1) {
    const edge = right ? buf[start++]! : buf[end]!;
    const digit = right ? edge & 15 : edge >> 4;
    const pad = right ? edge >> 4 : edge & 15;
    if (digit > 9 || (pad !== 0 && pad !== 15)) bad = 1;
  }
  for (let i = start; i < end; i++) bad |= BAD_DIGITS[buf[i]!]!;
  if (bad !== 0) throw new Error('BCD');
}

// Fields 3, 4, 11, 14, 22, 23, 25: digits, right-aligned, field number.
const FIXED: readonly (readonly [number, boolean, number])[] = [[6, true, 3], [12, true, 4], [6, true, 11], [4, true, 14], [3, false, 22], [3, true, 23], [2, true, 25]];

/**
 * The hand-resolved decoder of bodies laid out as the CUP sale (fields 2,3,4,11,14,22,23,25,35,41,42,49,55,60,64).
 * With `checkOnly` it stops after the checks and the Latin-1 copy of the body (what decode() must do and keep).
 */
export function floorCupDecoder(latin1: Latin1, hexOf: (body: Uint8Array) => string, checkOnly = false): (body: Uint8Array) => unknown {
  const bitmap = [0x70, 0x24, 0x06, 0x80, 0x20, 0xc0, 0x82, 0x11];
  const tagTexts = new Map<number, string>();
  return (b) => {
    if (b.length < 10 || (BAD_DIGITS[b[0]!]! | BAD_DIGITS[b[1]!]!) !== 0) throw new Error('MTI');
    for (let i = 0; i < 8; i++) if (b[2 + i] !== bitmap[i]) throw new Error('bitmap');
    const len = b.length;
    let p = 10;
    /** A BCD length prefix of `bytes` bytes at p, at most `max`; moves p past it. */
    const prefix = (bytes: number, max: number): number => {
      checkDigits(b, p, 2 * bytes, true);
      let n = 0;
      for (let i = 0; i < bytes; i++) n = n * 100 + (b[p + i]! >> 4) * 10 + (b[p + i]! & 15);
      if (n > max) throw new Error('length');
      p += bytes;
      return n;
    };
    const take = (n: number): number => {
      if (p + n > len) throw new Error('truncated');
      const at = p;
      p += n;
      return at;
    };
    let n = prefix(1, 19);
    const panAt = take((n + 1) >> 1);
    const panDigits = n;
    checkDigits(b, panAt, n, false);
    // 3, 4, 11, 14 (right-aligned digits), 22 (3 digits, left-aligned), 23, 25: one after another.
    const fixedAt = p;
    for (const [digits, right] of FIXED) checkDigits(b, take((digits + 1) >> 1), digits, right);
    n = prefix(1, 37);
    const trackAt = take((n + 1) >> 1);
    const trackDigits = n;
    // Track 2 may be enciphered here (any nibble), as the dialect allows.
    const textAt = take(8 + 15 + 3);
    n = prefix(2, 255);
    let at = take(n);
    const tlv: { tag: string; value: string }[] = [];
    const tlvAt = at;
    const tlvEnd = p;
    for (let q = at; q < p; ) {
      let tag = b[q++]!;
      if ((tag & 0x1f) === 0x1f) tag = tag * 256 + b[q++]!;
      let l = b[q++]!;
      if (l === 0x81) l = b[q++]!;
      else if (l > 0x7f) throw new Error('TLV length');
      if (q + l > p) throw new Error('TLV value');
      q += l;
    }
    n = prefix(2, 19);
    at = take((n + 1) >> 1);
    checkDigits(b, at, n, false);
    const sixtyAt = at;
    const sixtyDigits = n;
    const macAt = take(8);
    if (p !== len) throw new Error('trailing');
    const text = latin1(b, 0, len);
    if (checkOnly) return text;
    // A copy of an object holding the highest key alone has room for every key at once, as the library's toObject()
    // makes its object.
    const f: Record<number, unknown> = { ...ROOM_TO_64 };
    const hex = hexOf(b);
    f[2] = digitsAt(hex, panAt, panDigits, false);
    let q = fixedAt;
    for (let k = 0; k < FIXED.length; k++) {
      const [digits, right, id] = FIXED[k]!;
      const v = digitsAt(hex, q, digits, right);
      f[id] = id === 22 ? { 1: v.substring(0, 2), 2: v.substring(2, 3) } : v;
      q += (digits + 1) >> 1;
    }
    f[35] = digitsAt(hex, trackAt, trackDigits, false);
    for (q = tlvAt; q < tlvEnd; ) {
      let tag = b[q++]!;
      if ((tag & 0x1f) === 0x1f) tag = tag * 256 + b[q++]!;
      let l = b[q++]!;
      if (l === 0x81) l = b[q++]!;
      let tagText = tagTexts.get(tag);
      if (tagText === undefined) tagTexts.set(tag, (tagText = tag.toString(16).toUpperCase()));
      tlv.push({ tag: tagText, value: hex.substring(2 * q, 2 * (q + l)) });
      q += l;
    }
    const sixty = digitsAt(hex, sixtyAt, sixtyDigits, false);
    f[41] = text.substring(textAt, textAt + 8);
    f[42] = text.substring(textAt + 8, textAt + 23);
    f[49] = text.substring(textAt + 23, textAt + 26);
    f[55] = tlv;
    f[60] = { 1: sixty.substring(0, 2), 2: sixty.substring(2, 8), 3: sixty.substring(8, 11), 4: sixty.substring(11, 12), 5: sixty.substring(12, 13) };
    f[64] = text.substring(macAt, p);
    return { mti: hex.substring(0, 4), fields: f };
  };
}

// Made by a store, as the library's are (an object literal may keep a lone high key in a slower form).
const ROOM_TO_64: Record<number, unknown> = {};
ROOM_TO_64[64] = '';
