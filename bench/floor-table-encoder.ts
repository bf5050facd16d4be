// A measuring instrument, not library code: a general table-driven encoder of `{ mti, fields }` for the plain ASCII
// text fields of a dialect, into a fresh array of its own. Compiled once into per-field-number tables; per call it
// walks the object's keys, parses each field number, sizes the message, allocates the result, and writes the MTI,
// the hex bitmap (one or two blocks), each length prefix, the pad of a short fixed value and every character,
// checked against the field's attribute. It is the least encode() from a plain object must do for these fields.
import type { Dialect } from '../src/index.js';
import { charsetTable } from '../src/codec/charset.js';

/** Encodes a plain message object; throws a plain `Error` for anything the library would refuse. */
export type FloorTableEncoder = (input: { mti: string; fields: Record<string, string> }) => Uint8Array;

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70];

/** The table encoder for the plain ASCII text fields of `d` (ASCII MTI, hex bitmap); other fields are refused when met. */
export function floorTableEncoder(d: Dialect): FloorTableEncoder {
  const spec = d.spec;
  if (spec.mtiEncoding !== 'ascii' || spec.bitmapEncoding !== 'hex' || spec.maxBitmaps > 2) {
    throw new Error('the floor encoder takes ASCII MTIs and hex bitmaps of at most two blocks');
  }
  // Per field number: -1 not writable here, else the prefix digits (0 = fixed), maximum, pad and character table.
  const prefixDigits = new Int32Array(129).fill(-1);
  const maxLength = new Int32Array(129);
  const padCode = new Int32Array(129).fill(-1);
  const padFirst = new Uint8Array(129);
  const tables: Uint8Array[] = [];
  for (const [key, f] of Object.entries(spec.fields)) {
    const id = Number(key);
    const plainText = f.encoding === 'ascii' && f.attr !== 'b' && f.attr !== 'x+n' && !f.composite;
    if (id > 128 || !plainText || (f.prefixEncoding ?? 'ascii') !== 'ascii' || f.prefixInclusive) continue;
    prefixDigits[id] = f.lengthDigits ?? 0;
    maxLength[id] = f.length;
    if (!f.lengthDigits && f.pad !== undefined) {
      padCode[id] = f.pad.charCodeAt(0);
      padFirst[id] = f.align === 'right' ? 1 : 0;
    }
    tables[id] = charsetTable(f.attr);
  }
  const ids = new Int32Array(128);
  const values: string[] = [];
  const words = new Int32Array(4);

  return (input) => {
    const mti = input.mti;
    const fields = input.fields;
    if (typeof mti !== 'string' || mti.length !== 4) throw new Error('MTI');
    const keys = Object.keys(fields);
    let count = 0;
    let size = 4;
    words[0] = words[1] = words[2] = words[3] = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      let id = 0;
      for (let c = 0; c < key.length; c++) id = id * 10 + key.charCodeAt(c) - 48;
      const width = id >= 2 && id <= 128 && String(id) === key ? prefixDigits[id]! : -1;
      if (width < 0) throw new Error(`field ${key} is not plain ASCII text`);
      const value = fields[key]!;
      if (typeof value !== 'string') throw new Error('type');
      const n = value.length;
      const max = maxLength[id]!;
      if (width === 0 ? n > max || (n < max && padCode[id]! < 0) : n > max) throw new Error('length');
      if (count > 0 && ids[count - 1]! > id) throw new Error('order');
      ids[count] = id;
      values[count++] = value;
      size += width === 0 ? max : width + n;
      words[(id - 1) >> 5] = words[(id - 1) >> 5]! | (0x80000000 >>> ((id - 1) & 31));
    }
    const blocks = count > 0 && ids[count - 1]! > 64 ? 2 : 1;
    if (blocks === 2) words[0] = words[0]! | 0x80000000;
    size += 16 * blocks;
    const out = new Uint8Array(size);
    let bad = 0;
    for (let i = 0; i < 4; i++) {
      const c = mti.charCodeAt(i);
      bad |= ((c - 48) | (57 - c)) >>> 31;
      out[i] = c;
    }
    let p = 4;
    for (let w = 0; w < 2 * blocks; w++) {
      const word = words[w]!;
      for (let s = 28; s >= 0; s -= 4) out[p++] = HEX[(word >>> s) & 15]!;
    }
    for (let k = 0; k < count; k++) {
      const id = ids[k]!;
      const text = values[k]!;
      const n = text.length;
      const width = prefixDigits[id]!;
      let fill = 0;
      if (width > 0) {
        let v = n;
        for (let i = p + width - 1; i >= p; i--) {
          out[i] = 48 + (v % 10);
          v = (v / 10) | 0;
        }
        p += width;
      } else {
        fill = maxLength[id]! - n;
      }
      const pad = padCode[id]!;
      if (fill > 0 && padFirst[id] === 1) for (let i = 0; i < fill; i++) out[p++] = pad;
      const table = tables[id]!;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        bad |= (c >> 7) | (table[c & 127]! ^ 1);
        out[p + i] = c;
      }
      p += n;
      if (fill > 0 && padFirst[id] === 0) for (let i = 0; i < fill; i++) out[p++] = pad;
    }
    if (bad !== 0) throw new Error('character');
    return out;
  };
}
