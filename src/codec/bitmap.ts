// Bitmaps: which fields a message (or a bitmapped composite) carries, in binary, hex or EBCDIC hex blocks.
import { Iso8583Error } from '../errors.js';
import { HEX_CODE } from '../bytes/hex.js';
import type { ByteReader } from '../bytes/reader.js';
import type { BitmapEncoding } from './spec.js';

/** Bytes one 64-bit bitmap block takes on the wire. */
export function bitmapBlockWidth(encoding: BitmapEncoding): number {
  return encoding === 'binary' ? 8 : 16;
}

// EBCDIC code points of 0–9 and A–F (the same in every EBCDIC code page).
const EBCDIC_HEX = [0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6];
const EBCDIC_HEX_VALUE = new Int8Array(256).fill(-1);
EBCDIC_HEX.forEach((code, i) => {
  EBCDIC_HEX_VALUE[code] = i;
  if (i >= 10) EBCDIC_HEX_VALUE[code - 0x40] = i; // lower-case a–f
});

const ASCII_HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  ASCII_HEX_VALUE[HEX_CODE[i]!] = i;
  if (i >= 10) ASCII_HEX_VALUE[HEX_CODE[i]! + 0x20] = i; // lower-case a–f
}

/**
 * Reads the bitmap at `r.pos`, moves past it, and pushes the numbers of the fields it marks, ascending, into `ids`.
 * Continuation bits (1, and 65 in three-bitmap dialects) are consumed, not reported.
 */
export function readBitmap(r: ByteReader, encoding: BitmapEncoding, maxBitmaps: 1 | 2 | 3, ids: number[]): void {
  const width = bitmapBlockWidth(encoding);
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
    const hexValue = encoding === 'hex' ? ASCII_HEX_VALUE : EBCDIC_HEX_VALUE;
    for (let k = 0; k < 8; k++) {
      let b: number;
      if (encoding === 'binary') {
        b = buf[pos + k]!;
      } else {
        const hi = hexValue[buf[pos + 2 * k]!]!;
        const lo = hexValue[buf[pos + 2 * k + 1]!]!;
        if ((hi | lo) < 0) {
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
export function bitmapSize(ids: ArrayLike<number>, encoding: BitmapEncoding, maxBitmaps: 1 | 2 | 3): number {
  const highest = ids.length === 0 ? 0 : ids[ids.length - 1]!;
  const blocks = highest > 128 ? 3 : highest > 64 ? 2 : 1;
  if (blocks > maxBitmaps) {
    throw new Iso8583Error('UNKNOWN_FIELD', `field is beyond the ${maxBitmaps * 64} fields the dialect's bitmap can mark`, {
      path: String(highest),
    });
  }
  return blocks * bitmapBlockWidth(encoding);
}

/** Writes the bitmap of ascending field numbers `ids` at `p` (sized by `bitmapSize`), continuation bits set; returns the end. */
export function writeBitmap(buf: Uint8Array, p: number, ids: ArrayLike<number>, encoding: BitmapEncoding): number {
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
  p = writeWord(buf, p, w0, encoding);
  p = writeWord(buf, p, w1, encoding);
  if (blocks > 1) {
    p = writeWord(buf, p, w2, encoding);
    p = writeWord(buf, p, w3, encoding);
  }
  if (blocks > 2) {
    p = writeWord(buf, p, w4, encoding);
    p = writeWord(buf, p, w5, encoding);
  }
  return p;
}

function writeWord(buf: Uint8Array, p: number, word: number, encoding: BitmapEncoding): number {
  if (encoding === 'binary') {
    buf[p] = word >>> 24;
    buf[p + 1] = (word >>> 16) & 0xff;
    buf[p + 2] = (word >>> 8) & 0xff;
    buf[p + 3] = word & 0xff;
    return p + 4;
  }
  const digits = encoding === 'hex' ? HEX_CODE : EBCDIC_HEX;
  for (let shift = 28; shift >= 0; shift -= 4) buf[p++] = digits[(word >>> shift) & 15]!;
  return p;
}
