import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { DesCipher, TdesCipher } from '../../src/crypto/des.js';
import { Iso8583Error } from '../../src/errors.js';

const runs = { seed: 8583, numRuns: 200 };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const not = (b: Uint8Array): Uint8Array => b.map((x) => ~x & 255);

function des(key: Uint8Array, block: Uint8Array, decrypt = false): Uint8Array {
  const out = new Uint8Array(8);
  const c = new DesCipher(key);
  if (decrypt) c.decryptBlock(block, 0, out, 0);
  else c.encryptBlock(block, 0, out, 0);
  return out;
}

function tdes(key: Uint8Array, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  new TdesCipher(key).encryptBlock(block, 0, out, 0);
  return out;
}

describe('DES', () => {
  it('has the complementation property: E(~k, ~p) = ~E(k, p)', () => {
    fc.assert(
      fc.property(bytes(8), bytes(8), (k, p) => {
        expect(des(not(k), not(p))).toEqual(not(des(k, p)));
      }),
      runs,
    );
  });

  it('ignores the parity bit of every key byte', () => {
    fc.assert(
      fc.property(bytes(8), bytes(8), fc.integer({ min: 0, max: 255 }), (k, p, flips) => {
        const k2 = k.map((b, i) => b ^ ((flips >> i) & 1));
        expect(des(k2, p)).toEqual(des(k, p));
      }),
      runs,
    );
  });

  it('decrypts what it encrypts', () => {
    fc.assert(
      fc.property(bytes(8), bytes(8), (k, p) => {
        expect(des(k, des(k, p), true)).toEqual(p);
      }),
      runs,
    );
  });

  it('depends on every one of the 56 key bits and on none of the 8 parity bits', () => {
    // Key and block of the worked example in J. Orlin Grabbe, "The DES Algorithm Illustrated".
    const key = fromHex('133457799BBCDFF1');
    const block = fromHex('0123456789ABCDEF');
    const base = toHex(des(key, block));
    expect(base).toBe('85E813540F0AB405');
    const seen = new Set<string>([base]);
    for (let bit = 0; bit < 64; bit++) {
      const flipped = key.slice();
      flipped[bit >> 3] = flipped[bit >> 3]! ^ (0x80 >> (bit & 7));
      const out = toHex(des(flipped, block));
      if ((bit & 7) === 7) expect(out).toBe(base);
      else seen.add(out);
    }
    expect(seen.size).toBe(57);
  });

  it.each(['0101010101010101', 'FEFEFEFEFEFEFEFE', 'E0E0E0E0F1F1F1F1', '1F1F1F1F0E0E0E0E'])(
    'treats the weak key %s as its own inverse (FIPS 74 weak keys)',
    (hex) => {
      const k = fromHex(hex);
      fc.assert(
        fc.property(bytes(8), (p) => {
          expect(des(k, des(k, p))).toEqual(p);
        }),
        { seed: 8583, numRuns: 20 },
      );
    },
  );

  it('encrypts in place and at offsets inside larger arrays', () => {
    const key = fromHex('0123456789ABCDEF');
    const buf = new Uint8Array(20);
    buf.set(fromHex('4E6F772069732074'), 5);
    const c = new DesCipher(key);
    c.encryptBlock(buf, 5, buf, 5);
    expect(toHex(buf, 5, 13)).toBe('3FA40E8A984D4815');
    expect(toHex(buf, 0, 5) + toHex(buf, 13)).toBe('00'.repeat(12));
    const out = new Uint8Array(11);
    c.decryptBlock(buf, 5, out, 3);
    expect(toHex(out)).toBe('0000004E6F772069732074');
  });

  it('refuses a block that does not fit with BAD_BLOCK_OFFSET', () => {
    const c = new DesCipher(new Uint8Array(8));
    for (const [input, inOff, output, outOff] of [
      [new Uint8Array(8), 1, new Uint8Array(8), 0],
      [new Uint8Array(8), 0, new Uint8Array(7), 0],
      [new Uint8Array(16), -1, new Uint8Array(8), 0],
      [new Uint8Array(8), 0, new Uint8Array(16), 9],
    ] as const) {
      let caught: unknown;
      try {
        c.encryptBlock(input, inOff, output, outOff);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Iso8583Error);
      expect((caught as Iso8583Error).code).toBe('BAD_BLOCK_OFFSET');
      expect((caught as Iso8583Error).message).toBe('a block of 8 bytes does not fit at the given offset');
    }
  });
});

describe('triple DES (EDE)', () => {
  it('equals single DES when all its keys are the same (the EDE backward compatibility)', () => {
    fc.assert(
      fc.property(bytes(8), bytes(8), (k, p) => {
        const expected = des(k, p);
        const k16 = new Uint8Array(16);
        k16.set(k, 0);
        k16.set(k, 8);
        const k24 = new Uint8Array(24);
        k24.set(k16, 0);
        k24.set(k, 16);
        expect(tdes(k16, p)).toEqual(expected);
        expect(tdes(k24, p)).toEqual(expected);
      }),
      runs,
    );
  });

  it('treats a 16-byte key K1‖K2 as the 24-byte key K1‖K2‖K1', () => {
    fc.assert(
      fc.property(bytes(16), bytes(8), (k, p) => {
        const k24 = new Uint8Array(24);
        k24.set(k, 0);
        k24.set(k.subarray(0, 8), 16);
        expect(tdes(k, p)).toEqual(tdes(k24, p));
      }),
      runs,
    );
  });

  it('is encrypt under K1, decrypt under K2, encrypt under K3', () => {
    fc.assert(
      fc.property(bytes(24), bytes(8), (k, p) => {
        const step1 = des(k.subarray(0, 8), p);
        const step2 = des(k.subarray(8, 16), step1, true);
        expect(tdes(k, p)).toEqual(des(k.subarray(16, 24), step2));
      }),
      runs,
    );
  });

  it('decrypts what it encrypts, in place', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(16), bytes(24)), bytes(8), (k, p) => {
        const c = new TdesCipher(k);
        const b = p.slice();
        c.encryptBlock(b, 0, b, 0);
        c.decryptBlock(b, 0, b, 0);
        expect(b).toEqual(p);
      }),
      runs,
    );
  });

  it('states the allowed key sizes when given another', () => {
    expect(() => new TdesCipher(new Uint8Array(8))).toThrow('tdes key must be 16 or 24 bytes, found 8 bytes');
    expect(() => new DesCipher(new Uint8Array(9))).toThrow('des key must be 8 bytes, found 9 bytes');
  });
});

describe('wiping a keyed cipher', () => {
  it.each([
    ['DES', () => new DesCipher(fromHex('0123456789ABCDEF'))],
    ['2-key TDES', () => new TdesCipher(fromHex('0123456789ABCDEFFEDCBA9876543210'))],
    ['3-key TDES', () => new TdesCipher(fromHex('0123456789ABCDEFFEDCBA987654321089ABCDEF01234567'))],
  ] as const)('refuses every %s block after wipe with KEY_WIPED and writes nothing', (_name, make) => {
    const c = make();
    const block = fromHex('4E6F772069732074');
    const out = new Uint8Array(8);
    c.encryptBlock(block, 0, out, 0);
    expect(toHex(out)).not.toBe('0000000000000000');
    c.wipe();
    for (const use of [() => c.encryptBlock(block, 0, out, 0), () => c.decryptBlock(block, 0, out, 0)]) {
      out.fill(0);
      let caught: unknown;
      try {
        use();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Iso8583Error);
      expect((caught as Iso8583Error).code).toBe('KEY_WIPED');
      expect((caught as Iso8583Error).message).toBe('key has been wiped and can no longer be used');
      expect(toHex(out)).toBe('0000000000000000');
    }
  });

  it('zeroes the round keys it held', () => {
    // The schedule is private; its arrays are found by walking the object rather than by name.
    const c = new TdesCipher(fromHex('0123456789ABCDEFFEDCBA987654321089ABCDEF01234567'));
    const arrays: Int32Array[] = [];
    const walk = (v: unknown): void => {
      if (v instanceof Int32Array) arrays.push(v);
      else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) walk(x);
    };
    walk(c);
    const schedules = arrays.filter((a) => a.length === 16);
    expect(schedules).toHaveLength(6);
    expect(schedules.every((a) => a.some((x) => x !== 0))).toBe(true);
    c.wipe();
    expect(schedules.every((a) => a.every((x) => x === 0))).toBe(true);
  });
});
