// A measuring instrument, not library code: the least general encoder that still does what encode() must for
// one message shape (ASCII MTI, hex bitmap, ASCII text fields with ASCII length prefixes, every character checked
// against its attribute), with all of its layout resolved before the timed calls. Its time is a floor for any
// encoder of the same values on the same engine.
import type { Dialect } from '../src/index.js';
import { charsetTable } from '../src/codec/charset.js';

/** Writes `mti` and `values` (parallel to the ids it was made for) into `out`; returns the length, or -1 on a bad value. */
export type FloorEncoder = (mti: string, values: readonly string[], out: Uint8Array) => number;

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70];

/** The hand-resolved encoder for messages of `d` carrying exactly fields `ids` (ascending, all at most 64). */
export function floorEncoder(d: Dialect, ids: readonly number[]): FloorEncoder {
  const count = ids.length;
  const max = new Int32Array(count);
  const prefixWidth = new Int32Array(count);
  const tables: Uint8Array[] = [];
  let word0 = 0;
  let word1 = 0;
  for (let k = 0; k < count; k++) {
    const id = ids[k]!;
    const spec = d.fieldSpec(String(id));
    if (!spec || spec.encoding !== 'ascii' || id > 64 || (spec.prefixEncoding ?? 'ascii') !== 'ascii' || spec.prefixInclusive) {
      throw new Error(`the floor encoder takes plain ASCII fields 2-64 only, not field ${id}`);
    }
    max[k] = spec.length;
    prefixWidth[k] = spec.lengthDigits ?? 0;
    tables.push(charsetTable(spec.attr));
    if (id <= 32) word0 |= 1 << (32 - id);
    else word1 |= 1 << (64 - id);
  }
  return (mti, values, out) => {
    if (mti.length !== 4) return -1;
    let bad = 0;
    let p = 0;
    for (let i = 0; i < 4; i++) {
      const c = mti.charCodeAt(i);
      bad |= ((c - 48) | (57 - c)) >>> 31;
      out[p++] = c;
    }
    for (let s = 28; s >= 0; s -= 4) out[p++] = HEX[(word0 >>> s) & 15]!;
    for (let s = 28; s >= 0; s -= 4) out[p++] = HEX[(word1 >>> s) & 15]!;
    for (let k = 0; k < count; k++) {
      const text = values[k]!;
      const n = text.length;
      const width = prefixWidth[k]!;
      if (width === 0) {
        if (n !== max[k]) return -1;
      } else {
        if (n > max[k]!) return -1;
        let v = n;
        for (let i = p + width - 1; i >= p; i--) {
          out[i] = 48 + (v % 10);
          v = (v / 10) | 0;
        }
        p += width;
      }
      const table = tables[k]!;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        bad |= (c >> 7) | (table[c & 127]! ^ 1);
        out[p + i] = c;
      }
      p += n;
    }
    return bad === 0 ? p : -1;
  };
}
