import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Sm4Cipher } from '../../src/crypto/sm4.js';

const runs = { seed: 8583, numRuns: 200 };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe('SM4', () => {
  // GB/T 32907-2016 Appendix A, example 1.
  const key = fromHex('0123456789ABCDEFFEDCBA9876543210');

  it('encrypts the standard example block in place and at an offset', () => {
    const c = new Sm4Cipher(key);
    const buf = new Uint8Array(21);
    buf.set(key, 5);
    c.encryptBlock(buf, 5, buf, 5);
    expect(toHex(buf, 5)).toBe('681EDF34D206965E86B3E94F536E4246');
    const out = new Uint8Array(16);
    c.decryptBlock(buf, 5, out, 0);
    expect(out).toEqual(key);
  });

  it('decrypts what it encrypts for any key and block', () => {
    fc.assert(
      fc.property(bytes(16), bytes(16), (k, p) => {
        const c = new Sm4Cipher(k);
        const e = new Uint8Array(16);
        const d = new Uint8Array(16);
        c.encryptBlock(p, 0, e, 0);
        c.decryptBlock(e, 0, d, 0);
        expect(d).toEqual(p);
      }),
      runs,
    );
  });

  it('changes about half of the output bits when one key bit changes', () => {
    // A smoke test of the key schedule's diffusion: a table error tends to show as a lopsided count.
    let flipped = 0;
    const p = new Uint8Array(16);
    const base = new Uint8Array(16);
    new Sm4Cipher(key).encryptBlock(p, 0, base, 0);
    for (let bit = 0; bit < 128; bit++) {
      const k = key.slice();
      k[bit >> 3] = k[bit >> 3]! ^ (0x80 >> (bit & 7));
      const out = new Uint8Array(16);
      new Sm4Cipher(k).encryptBlock(p, 0, out, 0);
      for (let i = 0; i < 16; i++) {
        let x = out[i]! ^ base[i]!;
        for (; x; x &= x - 1) flipped++;
      }
    }
    const mean = flipped / 128;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(68);
  });

  it('states the key size when given another', () => {
    expect(() => new Sm4Cipher(new Uint8Array(32))).toThrow('sm4 key must be 16 bytes, found 32 bytes');
  });

  it('refuses a block that does not fit', () => {
    const c = new Sm4Cipher(key);
    expect(() => c.encryptBlock(new Uint8Array(16), 0, new Uint8Array(20), 5)).toThrow(
      'a block of 16 bytes does not fit at the given offset',
    );
  });
});
