// A measuring instrument, not library code: a general table-driven decoder for ASCII dialects, the least that
// decode() + toObject() must do for their text fields. Compiled once from a dialect into per-field-number tables;
// per call it checks the MTI digits, reads the hex bitmap (one or two blocks), reads each field's fixed width or
// ASCII length prefix and checks it against the field maximum and the data left, then makes one Latin-1 text of
// the body and a substring per field (fixed text fields without their pad), into an object keyed by field number
// (made with room for every key before the first is stored, as the library's toObject() makes it).
import type { Dialect } from '../src/index.js';

/** Text of `bytes[start, end)`, one character per byte. */
export type Latin1 = (bytes: Uint8Array, start: number, end: number) => string;

/** The decoded form the floor produces: the shape of `toObject()` for text fields. */
export interface FloorObject {
  mti: string;
  fields: Record<number, string>;
}

/** Decodes a body; throws a plain `Error` on anything malformed (the floor reports no detail). */
export type FloorDecoder = (body: Uint8Array) => FloorObject;

const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
}

// How a field is stripped of its pad when the value is made: not at all, trailing pad, or leading pad.
const KEEP = 0;
const STRIP_END = 1;
const STRIP_START = 2;

/** The table decoder for the plain ASCII text fields of `d` (ASCII MTI, hex bitmap); other fields are refused when met. */
export function floorDecoder(d: Dialect, latin1: Latin1): FloorDecoder {
  const spec = d.spec;
  if (spec.mtiEncoding !== 'ascii' || spec.bitmapEncoding !== 'hex' || spec.maxBitmaps > 2) {
    throw new Error('the floor decoder takes ASCII MTIs and hex bitmaps of at most two blocks');
  }
  // Per field number: -1 not readable here; otherwise the fixed width, or the prefix digits with the maximum.
  const fixedWidth = new Int32Array(129).fill(-1);
  const prefixDigits = new Int32Array(129);
  const maxLength = new Int32Array(129);
  const strip = new Uint8Array(129);
  const padCode = new Int32Array(129);
  for (const [key, f] of Object.entries(spec.fields)) {
    const id = Number(key);
    const plainText = f.encoding === 'ascii' && f.attr !== 'b' && f.attr !== 'x+n' && !f.composite;
    if (id > 128 || !plainText || (f.prefixEncoding ?? 'ascii') !== 'ascii' || f.prefixInclusive) continue;
    const digits = f.lengthDigits ?? 0;
    fixedWidth[id] = digits === 0 ? f.length : 0;
    prefixDigits[id] = digits;
    maxLength[id] = f.length;
    if (digits === 0 && f.pad !== undefined && f.attr !== 'n') {
      strip[id] = f.align === 'right' ? STRIP_START : STRIP_END;
      padCode[id] = f.pad.charCodeAt(0);
    }
  }
  const ids = new Int32Array(128);
  const starts = new Int32Array(129);
  const ends = new Int32Array(129);

  return (body) => {
    const len = body.length;
    if (len < 4) throw new Error('short');
    for (let i = 0; i < 4; i++) if (body[i]! < 48 || body[i]! > 57) throw new Error('MTI');
    let pos = 4;
    let count = 0;
    for (let block = 0; block < 2; block++) {
      if (pos + 16 > len) throw new Error('bitmap');
      let more = false;
      for (let k = 0; k < 8; k++) {
        const hi = HEX_VALUE[body[pos + 2 * k]!]!;
        const lo = HEX_VALUE[body[pos + 2 * k + 1]!]!;
        if ((hi | lo) < 0) throw new Error('bitmap');
        let b = (hi << 4) | lo;
        if (block === 0 && k === 0 && b & 0x80) {
          more = true;
          b &= 0x7f;
        }
        const base = block * 64 + k * 8 + 1;
        for (let bit = 0; bit < 8; bit++) if (b & (0x80 >> bit)) ids[count++] = base + bit;
      }
      pos += 16;
      if (!more) break;
    }
    for (let k = 0; k < count; k++) {
      const id = ids[k]!;
      const fixed = fixedWidth[id]!;
      if (fixed < 0) throw new Error(`field ${id} is not plain ASCII text`);
      let n = fixed;
      if (fixed === 0) {
        const width = prefixDigits[id]!;
        if (pos + width > len) throw new Error('prefix');
        n = 0;
        for (let i = pos; i < pos + width; i++) {
          const digit = body[i]! - 48;
          if (digit < 0 || digit > 9) throw new Error('prefix');
          n = n * 10 + digit;
        }
        if (n > maxLength[id]!) throw new Error('length');
        pos += width;
      }
      if (pos + n > len) throw new Error('truncated');
      starts[k] = pos;
      ends[k] = pos += n;
    }
    if (pos !== len) throw new Error('trailing');
    const text = latin1(body, 0, len);
    // A copy of an object holding the highest key alone has room for every key from its one allocation (ascending
    // keys grow an empty object several times, each a call into the runtime), as the library's toObject() does.
    const fields: Record<number, string> = count > 0 ? { ...roomFor(ids[count - 1]!) } : {};
    for (let k = 0; k < count; k++) {
      const id = ids[k]!;
      let s = starts[k]!;
      let e = ends[k]!;
      const how = strip[id]!;
      if (how !== KEEP) {
        const pad = padCode[id]!;
        if (how === STRIP_END) while (e > s && text.charCodeAt(e - 1) === pad) e--;
        else while (s < e && text.charCodeAt(s) === pad) s++;
      }
      fields[id] = text.substring(s, e);
    }
    return { mti: text.substring(0, 4), fields };
  };
}

const ROOMY: Record<number, string>[] = [];

/** An object holding key `top` alone, made once per number and only ever copied. */
function roomFor(top: number): Record<number, string> {
  let roomy = ROOMY[top];
  if (roomy === undefined) {
    roomy = {};
    roomy[top] = '';
    ROOMY[top] = roomy;
  }
  return roomy;
}
