// A measuring instrument, not library code: the least that encode() must do to turn the captured CUP sale's
// object form (what toObject() gives) back into its bytes, with every layout decision made before the call
// (hand-resolved for this message's fields). Per call it reads each field from the object, checks it (digits for
// BCD fields, the subfields of 22 and 60, hex for 55's values and tags, lengths against each maximum), sizes the
// message, and writes MTI, bitmap, BCD length prefixes, packed digits, text and TLV into a fresh array. Asked to,
// it also refuses keys it does not know in the fields object and in the subfields of 22 and 60, as encode() must.

type Fields = Record<string, unknown>;
type Tlv = { tag: string; value: string }[];

const BITMAP = [0x70, 0x24, 0x06, 0x80, 0x20, 0xc0, 0x82, 0x11];
// Nibble of an ASCII digit or hex letter, 16 for anything else.
const NIBBLE = new Uint8Array(128).fill(16);
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i;
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
}
// Fields 3, 4, 11, 14 (right-aligned digits): field number, digits.
const FIXED: readonly (readonly [string, number])[] = [['3', 6], ['4', 12], ['11', 6], ['14', 4]];
// Fields 41, 42, 49 (printable text): field number, length.
const TEXT: readonly (readonly [string, number])[] = [['41', 8], ['42', 15], ['49', 3]];

function text(v: unknown, min: number, max: number): string {
  if (typeof v !== 'string' || v.length < min || v.length > max) throw new Error('value');
  return v;
}

/** Packs digits (`hex` allows hex nibbles too), a 0 (`right`: first) or F pad nibble closing an odd count; returns the end. */
function pack(s: string, out: Uint8Array, p: number, right: boolean, pad: number, hex: boolean): number {
  const limit = hex ? 15 : 9;
  const n = s.length;
  let bad = 0;
  let i = 0;
  if (n & 1 && right) {
    const v = nibble(s, i++);
    bad |= limit - v;
    out[p++] = (pad << 4) | v;
  }
  for (; i + 1 < n; i += 2) {
    const hi = nibble(s, i);
    const lo = nibble(s, i + 1);
    bad |= (limit - hi) | (limit - lo);
    out[p++] = (hi << 4) | lo;
  }
  if (i < n) {
    const v = nibble(s, i);
    bad |= limit - v;
    out[p++] = (v << 4) | pad;
  }
  if (bad < 0) throw new Error('digit');
  return p;
}

/** Nibble of character `i`: 0-15, or 16 and more for a character that is not a hex digit. */
function nibble(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return NIBBLE[c & 127]! | ((c >> 7) << 4);
}

/** Two or four BCD digits of a length prefix; returns the end. */
function prefix(n: number, out: Uint8Array, p: number, bytes: number): number {
  if (bytes === 2) out[p++] = (((n / 1000) | 0) << 4) | ((n / 100) | 0) % 10;
  out[p++] = ((((n / 10) | 0) % 10) << 4) | n % 10;
  return p;
}

// The keys the sale's object form holds, and the subfields CUP defines for 22 and 60.
const FIELD_KEYS = new Set(['2', '3', '4', '11', '14', '22', '23', '25', '35', '41', '42', '49', '55', '60', '64']);
const KEYS_22 = new Set(['1', '2']);
const KEYS_60 = new Set(['1', '2', '3', '4', '5', '6', '7', 'rest']);

/** Throws for a key of `o` that is not in `known`. */
function refuseUnknown(o: object, known: ReadonlySet<string>): void {
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) if (!known.has(keys[i]!)) throw new Error('key');
}

/** The hand-resolved encoder of the CUP sale's object form; `refuseUnknownKeys` adds the check of every key. */
export function floorCupEncoder(refuseUnknownKeys = false): (message: { mti: string; fields: Fields }) => Uint8Array {
  const tagBytes = new Map<string, Uint8Array>();
  const tagOf = (tag: string): Uint8Array => {
    let b = tagBytes.get(tag);
    if (b === undefined) {
      if (tag.length !== 2 && tag.length !== 4) throw new Error('tag');
      b = new Uint8Array(tag.length / 2);
      pack(tag, b, 0, false, 0, true);
      tagBytes.set(tag, b);
    }
    return b;
  };
  return (message) => {
    const f = message.fields;
    const mti = text(message.mti, 4, 4);
    const pan = text(f['2'], 1, 19);
    const track = text(f['35'], 1, 37);
    const pos = f['22'] as Fields;
    const sixty = f['60'] as Fields;
    if (refuseUnknownKeys) {
      refuseUnknown(f, FIELD_KEYS);
      refuseUnknown(pos, KEYS_22);
      refuseUnknown(sixty, KEYS_60);
    }
    const p22 = text(pos['1'], 2, 2) + text(pos['2'], 1, 1);
    const p60 = text(sixty['1'], 2, 2) + text(sixty['2'], 6, 6) + text(sixty['3'], 3, 3) + text(sixty['4'], 1, 1) + text(sixty['5'], 1, 1);
    const tlv = f['55'] as Tlv;
    if (!Array.isArray(tlv)) throw new Error('55');
    let tlvSize = 0;
    for (let k = 0; k < tlv.length; k++) {
      const e = tlv[k]!;
      const n = text(e.value, 0, 254).length >> 1;
      tlvSize += tagOf(text(e.tag, 2, 4)).length + (n > 127 ? 2 : 1) + n;
    }
    if (tlvSize > 255) throw new Error('55 length');
    const size = 2 + 8 + 1 + ((pan.length + 1) >> 1) + 3 + 6 + 3 + 2 + 2 + 2 + 1 + 1 + ((track.length + 1) >> 1) + 26 + 2 + tlvSize + 2 + ((p60.length + 1) >> 1) + 8;
    const out = new Uint8Array(size);
    let p = pack(mti, out, 0, false, 0, false);
    for (let i = 0; i < 8; i++) out[p++] = BITMAP[i]!;
    p = prefix(pan.length, out, p, 1);
    p = pack(pan, out, p, false, 0, false);
    for (let k = 0; k < FIXED.length; k++) p = pack(text(f[FIXED[k]![0]], FIXED[k]![1], FIXED[k]![1]), out, p, true, 0, false);
    p = pack(p22, out, p, false, 0, false);
    p = pack(text(f['23'], 3, 3), out, p, true, 0, false);
    p = pack(text(f['25'], 2, 2), out, p, true, 0, false);
    p = prefix(track.length, out, p, 1);
    p = pack(track, out, p, false, 15, true);
    for (let k = 0; k < TEXT.length; k++) {
      const n = TEXT[k]![1];
      const s = text(f[TEXT[k]![0]], n, n);
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 32 || c > 126) throw new Error('text');
        out[p++] = c;
      }
    }
    p = prefix(tlvSize, out, p, 2);
    for (let k = 0; k < tlv.length; k++) {
      const tag = tagOf(tlv[k]!.tag);
      for (let i = 0; i < tag.length; i++) out[p++] = tag[i]!;
      const value = tlv[k]!.value;
      if (value.length & 1) throw new Error('hex');
      if (value.length > 254) out[p++] = 0x81;
      out[p++] = value.length >> 1;
      p = pack(value, out, p, false, 0, true);
    }
    p = prefix(p60.length, out, p, 2);
    p = pack(p60, out, p, false, 0, false);
    const mac = text(f['64'], 8, 8);
    for (let i = 0; i < 8; i++) out[p++] = mac.charCodeAt(i);
    if (p !== size) throw new Error('size');
    return out;
  };
}
