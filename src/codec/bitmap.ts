// Bitmaps: which fields a message (or a bitmapped composite) carries, in binary, hex or EBCDIC hex blocks.
import { Iso8583Error } from '../errors.js';
import { HEX_CODE, HEX_VALUES } from '../bytes/hex.js';
import type { ByteReader } from '../bytes/reader.js';
import type { BitmapEncoding } from './spec.js';

/** A bitmap's wire form, made once per dialect: binary, or a hex digit a nibble. */
export interface BitmapForm {
  /** Bytes one 64-bit bitmap block takes. */
  readonly width: 8 | 16;
  /** Per byte on the wire: the value of the hex digit it is, 255 for none; null for a binary bitmap. */
  readonly values: Uint8Array | null;
  /** The bytes of the hex digits 0–F (upper case); null for a binary bitmap. */
  readonly digits: ArrayLike<number> | null;
}

const BINARY: BitmapForm = { width: 8, values: null, digits: null };

/** The form of a bitmap in `encoding`. */
export function bitmapForm(encoding: BitmapEncoding): BitmapForm {
  if (encoding === 'binary') return BINARY;
  if (encoding === 'hex') return { width: 16, values: HEX_VALUES, digits: HEX_CODE };
  // EBCDIC hex digits are the same in every code page: F0–F9, then C1–C6 (81–86 in lower case). Made here, only
  // for a dialect that names them.
  const digits = HEX_CODE.map((_, i) => (i < 10 ? 0xf0 : 0xb7) + i);
  const values = new Uint8Array(256).fill(255);
  digits.forEach((code, i) => {
    values[code] = i;
    if (i >= 10) values[code - 0x40] = i;
  });
  return { width: 16, values, digits };
}

/**
 * Reads the bitmap at `r.pos`, moves past it, and pushes the numbers of the fields it marks, ascending, into `ids`.
 * Continuation bits (1, and 65 in three-bitmap dialects) are consumed, not reported.
 */
export function readBitmap(r: ByteReader, form: BitmapForm, maxBitmaps: 1 | 2 | 3, ids: number[]): void {
  const width = form.width;
  const values = form.values;
  const buf = r.buf;
  const limit = r.limit;
  let pos = r.pos;
  for (let block = 0; block < 3; block++) {
    if (pos + width > limit) {
      throw new Iso8583Error('TRUNCATED', 'bitmap runs past the end of the data', {
        offset: pos,
        expected: `${width} bytes`,
        found: `${Math.max(0, limit - pos)} bytes`,
      });
    }
    let more = false;
    for (let k = 0; k < 8; k++) {
      let b: number;
      if (values === null) {
        b = buf[pos + k]!;
      } else {
        const hi = values[buf[pos + 2 * k]!]!;
        const lo = values[buf[pos + 2 * k + 1]!]!;
        if ((hi | lo) > 15) {
          throw new Iso8583Error('BAD_BITMAP', 'bitmap has a character that is not a hex digit', { offset: pos + 2 * k });
        }
        b = (hi << 4) | lo;
      }
      if (k === 0 && b & 0x80 && (block === 0 || maxBitmaps === 3)) {
        // The first bit of a block announces the next block (bit 65 is a plain field in two-bitmap dialects).
        more = true;
        b &= 0x7f;
      }
      const base = block * 64 + k * 8 + 1;
      while (b !== 0) {
        const bit = Math.clz32(b) - 24; // 0 = most significant bit of the byte
        ids.push(base + bit);
        b &= ~(0x80 >> bit);
      }
    }
    pos += width;
    if (!more) break;
    if (block + 1 >= maxBitmaps) {
      throw new Iso8583Error('BAD_BITMAP', `bitmap announces ${ordinal(block + 2)} bitmap but the dialect allows ${maxBitmaps}`, {
        path: String(block * 64 + 1),
        offset: pos - width,
      });
    }
  }
  r.pos = pos;
}

function ordinal(n: number): string {
  return n === 2 ? 'a secondary' : 'a tertiary';
}

/** Bytes the bitmap of ascending field numbers `ids` takes; throws `UNKNOWN_FIELD` when one is beyond what the bitmap can mark. */
export function bitmapSize(ids: ArrayLike<number>, form: BitmapForm, maxBitmaps: 1 | 2 | 3): number {
  const highest = ids.length === 0 ? 0 : ids[ids.length - 1]!;
  const blocks = highest > 128 ? 3 : highest > 64 ? 2 : 1;
  if (blocks > maxBitmaps) {
    throw new Iso8583Error('UNKNOWN_FIELD', `field is beyond the ${maxBitmaps * 64} fields the dialect's bitmap can mark`, {
      path: String(highest),
    });
  }
  return blocks * form.width;
}

/** Writes the bitmap of ascending field numbers `ids` at `p` (sized by `bitmapSize`), continuation bits set; returns the end. */
export function writeBitmap(buf: Uint8Array, p: number, ids: ArrayLike<number>, form: BitmapForm): number {
  const highest = ids.length === 0 ? 0 : ids[ids.length - 1]!;
  const blocks = highest > 128 ? 3 : highest > 64 ? 2 : 1;
  // The bits are gathered in six 32-bit words, two a block, then written out.
  let w0 = blocks > 1 ? 0x80000000 | 0 : 0;
  let w1 = 0;
  let w2 = blocks > 2 ? 0x80000000 | 0 : 0;
  let w3 = 0;
  let w4 = 0;
  let w5 = 0;
  for (let i = 0; i < ids.length; i++) {
    const n = ids[i]! - 1;
    const bit = 0x80000000 >>> (n & 31);
    switch (n >> 5) {
      case 0:
        w0 |= bit;
        break;
      case 1:
        w1 |= bit;
        break;
      case 2:
        w2 |= bit;
        break;
      case 3:
        w3 |= bit;
        break;
      case 4:
        w4 |= bit;
        break;
      default:
        w5 |= bit;
    }
  }
  const digits = form.digits;
  p = writeWord(buf, p, w0, digits);
  p = writeWord(buf, p, w1, digits);
  if (blocks > 1) {
    p = writeWord(buf, p, w2, digits);
    p = writeWord(buf, p, w3, digits);
  }
  if (blocks > 2) {
    p = writeWord(buf, p, w4, digits);
    p = writeWord(buf, p, w5, digits);
  }
  return p;
}

// A word as four bytes, or as eight hex digits from `digits`.
function writeWord(buf: Uint8Array, p: number, word: number, digits: ArrayLike<number> | null): number {
  if (digits === null) {
    buf[p] = word >>> 24;
    buf[p + 1] = (word >>> 16) & 0xff;
    buf[p + 2] = (word >>> 8) & 0xff;
    buf[p + 3] = word & 0xff;
    return p + 4;
  }
  for (let shift = 28; shift >= 0; shift -= 4) buf[p++] = digits[(word >>> shift) & 15]!;
  return p;
}
