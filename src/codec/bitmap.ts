import { Iso8583Error } from '../errors.js';
import { hexNibble } from '../bytes/hex.js';
import type { ByteWriter } from '../bytes/writer.js';
import type { BitmapEncoding } from './spec.js';

/** Bytes one 64-bit bitmap block takes on the wire. */
export function bitmapBlockWidth(encoding: BitmapEncoding): number {
  return encoding === 'binary' ? 8 : 16;
}

const HEX_UPPER = '0123456789ABCDEF';
// EBCDIC code points of 0–9 and A–F (the same in every EBCDIC code page).
const EBCDIC_HEX = [0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6];
const EBCDIC_HEX_VALUE = new Int8Array(256).fill(-1);
EBCDIC_HEX.forEach((code, i) => {
  EBCDIC_HEX_VALUE[code] = i;
  if (i >= 10) EBCDIC_HEX_VALUE[code - 0x40] = i; // lower-case a–f
});

/** Reads byte `k` of a bitmap block at `off`, or -1 when a hex character is invalid. */
function blockByte(buf: Uint8Array, off: number, k: number, encoding: BitmapEncoding): number {
  if (encoding === 'binary') return buf[off + k]!;
  const a = buf[off + 2 * k]!;
  const b = buf[off + 2 * k + 1]!;
  const hi = encoding === 'hex' ? hexNibble(a) : EBCDIC_HEX_VALUE[a]!;
  const lo = encoding === 'hex' ? hexNibble(b) : EBCDIC_HEX_VALUE[b]!;
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/**
 * Reads the bitmap at `off` and pushes the numbers of the fields it marks, ascending, into `ids`.
 * Continuation bits (1, and 65 in three-bitmap dialects) are consumed, not reported. Returns the next offset.
 */
export function readBitmap(
  buf: Uint8Array,
  off: number,
  limit: number,
  encoding: BitmapEncoding,
  maxBitmaps: 1 | 2 | 3,
  ids: number[],
): number {
  const width = bitmapBlockWidth(encoding);
  let pos = off;
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
      let b = blockByte(buf, pos, k, encoding);
      if (b < 0) {
        throw new Iso8583Error('BAD_BITMAP', 'bitmap has a character that is not a hex digit', { offset: pos + 2 * k });
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
    if (!more) return pos;
    if (block + 1 >= maxBitmaps) {
      throw new Iso8583Error('BAD_BITMAP', `bitmap announces ${ordinal(block + 2)} bitmap but the dialect allows ${maxBitmaps}`, {
        path: String(block * 64 + 1),
        offset: pos - width,
      });
    }
  }
  return pos;
}

function ordinal(n: number): string {
  return n === 2 ? 'a secondary' : 'a tertiary';
}

/** Writes the bitmap for the ascending field numbers in `ids`, setting continuation bits as needed. */
export function writeBitmap(w: ByteWriter, ids: ArrayLike<number>, encoding: BitmapEncoding, maxBitmaps: 1 | 2 | 3): void {
  const highest = ids.length === 0 ? 0 : ids[ids.length - 1]!;
  const blocks = highest > 128 ? 3 : highest > 64 ? 2 : 1;
  if (blocks > maxBitmaps) {
    throw new Iso8583Error('UNKNOWN_FIELD', `field is beyond the ${maxBitmaps * 64} fields the dialect's bitmap can mark`, {
      path: String(highest),
    });
  }
  const bits = new Uint8Array(blocks * 8);
  for (let i = 0; i < ids.length; i++) {
    const n = ids[i]! - 1;
    bits[n >> 3] = bits[n >> 3]! | (0x80 >> (n & 7));
  }
  if (blocks > 1) bits[0] = bits[0]! | 0x80;
  if (blocks > 2) bits[8] = bits[8]! | 0x80;
  if (encoding === 'binary') {
    w.bytes(bits);
    return;
  }
  w.ensure(bits.length * 2);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (encoding === 'hex') {
      w.buf[w.pos++] = HEX_UPPER.charCodeAt(b >> 4);
      w.buf[w.pos++] = HEX_UPPER.charCodeAt(b & 15);
    } else {
      w.buf[w.pos++] = EBCDIC_HEX[b >> 4]!;
      w.buf[w.pos++] = EBCDIC_HEX[b & 15]!;
    }
  }
}
