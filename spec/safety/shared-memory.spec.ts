// No buffer shared between messages keeps card data after use, and a decoded message owns the memory it reads.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex.js';
import { ByteWriter } from '../../src/bytes/writer.js';
import { dialects, type Dialect } from '../../src/index.js';
import { dialects as portableDialects } from '../../src/portable.js';
import { PAN, SALE_FIELDS, SALE_HEX, TRACK2 } from '../message/support.js';

const PACKED_PAN = fromHex(`${PAN}0`);

/** Every byte array reachable from `root` through own properties (the dialect's compiled state and writer). */
function reachableBytes(root: unknown): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Uint8Array) {
      out.push(new Uint8Array(v.buffer));
      continue;
    }
    for (const key of Reflect.ownKeys(v)) stack.push((v as Record<PropertyKey, unknown>)[key]);
  }
  return out;
}

function holds(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function dialectHolds(d: Dialect, needle: Uint8Array): boolean {
  return reachableBytes(d).some((b) => holds(b, needle));
}

describe("the dialect's shared encode buffer", () => {
  it('holds no card data after encode, encodeInto, or a re-encode of a decoded message', () => {
    const cup = dialects.cup.derive({ name: 'cup-memory' });
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
    const body = cup.encode({ mti: '0200', fields: SALE_FIELDS });
    expect(holds(body, PACKED_PAN)).toBe(true);
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
    cup.encodeInto(cup.message('0200', SALE_FIELDS), new Uint8Array(256));
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
    const m = cup.decode(body);
    m.set('11', '000002');
    cup.encode(m);
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
  });

  it('holds no card data from the content of a composite field after encode, also when it fails inside one', () => {
    const cup = dialects.cup.derive({ name: 'cup-memory-content' });
    const track = [{ tag: '57', value: `${PAN}D270622` }];
    cup.encode({ mti: '0200', fields: { ...SALE_FIELDS, '55': track } });
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
    expect(() => cup.encode({ mti: '0200', fields: { ...SALE_FIELDS, '55': [...track, { tag: 'XY', value: '00' }] } })).toThrow();
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
  });

  it('holds no card data after an encode that fails part way, or one refused for a small target', () => {
    const cup = dialects.cup.derive({ name: 'cup-memory-failing' });
    expect(() => cup.encode({ mti: '0200', fields: { ...SALE_FIELDS, '60': { '1': 'XX' } } })).toThrow();
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
    expect(() => cup.encodeInto(cup.message('0200', SALE_FIELDS), new Uint8Array(8))).toThrow();
    expect(dialectHolds(cup, PACKED_PAN)).toBe(false);
  });

  it('holds no card data after growing past its first capacity', () => {
    const w = new ByteWriter(4);
    w.bytes(PACKED_PAN);
    const first = w.buf;
    w.bytes(new Uint8Array(64));
    expect(holds(first, PACKED_PAN)).toBe(false);
    expect(holds(w.buf, PACKED_PAN)).toBe(true);
  });
});

// The Node entry keeps a decoded body as Latin-1 text, the portable entry as bytes: both must be copies.
describe.each([
  ['the Node entry', dialects.cup],
  ['the portable entry', portableDialects.cup],
])('a message decoded by %s', (_entry, cup) => {
  it('reads memory of its own, holding its body and nothing else', () => {
    const other = cup.decode(fromHex(SALE_HEX));
    const m = cup.decode(fromHex(SALE_HEX.replace(PAN.slice(0, 6), '622588')));
    for (const raw of [m.body!.bytes, other.body!.bytes]) {
      expect(raw.byteOffset).toBe(0);
      expect(raw.buffer.byteLength).toBe(raw.length);
    }
    expect(holds(new Uint8Array(m.body!.bytes.buffer), PACKED_PAN)).toBe(false);
  });

  it("keeps its values when the caller's buffer is changed or reused after decode", () => {
    const body = fromHex(SALE_HEX);
    const m = cup.decode(body);
    body.fill(0);
    expect(m.get('2')).toBe(PAN);
    expect(cup.encode(m)).toStrictEqual(fromHex(SALE_HEX));
  });

  it('is not a view into a larger buffer it was decoded from (a frame, a pooled Buffer)', () => {
    const frame = fromHex(`0000${SALE_HEX}FFFF`);
    const m = cup.decode(frame.subarray(2, frame.length - 2));
    const raw = m.body!.bytes;
    expect([raw.byteOffset, raw.buffer.byteLength]).toEqual([0, raw.length]);
    expect(raw.buffer).not.toBe(frame.buffer);
    frame.fill(0);
    expect(m.get('35')).toBe(TRACK2);
  });
});
