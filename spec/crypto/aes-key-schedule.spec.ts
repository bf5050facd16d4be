import fc from 'fast-check';
import { unsafe } from '@noble/ciphers/aes';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { AesCipher, readLE } from '../../src/crypto/aes.js';
import { expandAes128Into } from '../../src/crypto/aes-key-schedule.js';

// A schedule word as FIPS 197 prints it (the word's first byte first); the schedule keeps it little-endian.
const printed = (w: number) => (((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0;

/** One block of `input` encrypted once under `key` into `output`, as a DUKPT step does with its words. */
const encryptOnce = (key: Uint8Array, input: Uint8Array, output: Uint8Array) =>
  AesCipher.encryptBlockOnce(key, readLE(input, 0), readLE(input, 4), readLE(input, 8), readLE(input, 12), output, 0);

describe('AES-128 key expansion into a caller array', () => {
  it('gives the schedule words of FIPS 197 Appendix A.1', () => {
    const s = new Uint32Array(44);
    expandAes128Into(fromHex('2B7E151628AED2A6ABF7158809CF4F3C'), s);
    expect([4, 5, 6, 7, 43].map((i) => printed(s[i]!).toString(16).padStart(8, '0'))).toEqual(['a0fafe17', '88542cb1', '23a33939', '2a6c7605', 'b6630ca6']);
  });

  it('writes exactly the schedule noble expands, for any 16-byte key, over whatever the array held', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer(), (key, junk) => {
        const schedule = new Uint32Array(44).fill(junk);
        expandAes128Into(key, schedule);
        expect(Array.from(schedule)).toEqual(Array.from(unsafe.expandKeyLE(key)));
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('keys one block under each key length as FIPS 197 Appendix C does, into the same array it reads', () => {
    const cases: [string, string][] = [
      ['000102030405060708090A0B0C0D0E0F', '69C4E0D86A7B0430D8CDB78070B4C55A'],
      ['000102030405060708090A0B0C0D0E0F1011121314151617', 'DDA97CA4864CDFE06EAF70A0EC0D7191'],
      ['000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', '8EA2B7CA516745BFEAFC49904B496089'],
    ];
    for (const [keyHex, cipherHex] of cases) {
      const block = fromHex('00112233445566778899AABBCCDDEEFF');
      encryptOnce(fromHex(keyHex), block, block);
      expect(toHex(block)).toBe(cipherHex);
    }
    // A DUKPT step writes the derived key over the key it was keyed with.
    const key = fromHex('000102030405060708090A0B0C0D0E0F');
    const expected = new Uint8Array(16);
    new AesCipher(fromHex('000102030405060708090A0B0C0D0E0F')).encryptBlock(fromHex('00112233445566778899AABBCCDDEEFF'), 0, expected, 0);
    encryptOnce(key, fromHex('00112233445566778899AABBCCDDEEFF'), key);
    expect(toHex(key)).toBe(toHex(expected));
  });
});
