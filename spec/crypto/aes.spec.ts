import fc from 'fast-check';
import { unsafe } from '@noble/ciphers/aes';
import { describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { AesCipher, encryptWordsWith } from '../../src/crypto/aes.js';
import { deriveTransactionKeyAes } from '../../src/crypto/dukpt/index.js';
import { generateCmac } from '../../src/crypto/mac/cmac.js';
import { SecretKey } from '../../src/crypto/key.js';

const runs = { seed: 8583, numRuns: 150 };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe('AES', () => {
  it('works on blocks and keys at unaligned offsets of shared buffers', () => {
    // FIPS 197 Appendix C.1, with every array starting at an odd byte of a larger buffer.
    const backing = new Uint8Array(64);
    const key = backing.subarray(1, 17);
    key.set(fromHex('000102030405060708090A0B0C0D0E0F'));
    const c = new AesCipher(key);
    const buf = new Uint8Array(40).subarray(3);
    buf.set(fromHex('00112233445566778899AABBCCDDEEFF'), 7);
    c.encryptBlock(buf, 7, buf, 7);
    expect(toHex(buf, 7, 23)).toBe('69C4E0D86A7B0430D8CDB78070B4C55A');
    c.decryptBlock(buf, 7, buf, 7);
    expect(toHex(buf, 7, 23)).toBe('00112233445566778899AABBCCDDEEFF');
  });

  it('keeps its own copy of the key schedule: changing the key array later changes nothing', () => {
    const key = fromHex('000102030405060708090A0B0C0D0E0F');
    const c = new AesCipher(key);
    key.fill(0);
    const out = new Uint8Array(16);
    c.encryptBlock(fromHex('00112233445566778899AABBCCDDEEFF'), 0, out, 0);
    expect(toHex(out)).toBe('69C4E0D86A7B0430D8CDB78070B4C55A');
  });

  it('decrypts what it encrypts for 128-, 192- and 256-bit keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(16, 24, 32).chain(bytes), bytes(16), (k, p) => {
        const c = new AesCipher(k);
        const b = p.slice();
        c.encryptBlock(b, 0, b, 0);
        expect(b).not.toEqual(p);
        c.decryptBlock(b, 0, b, 0);
        expect(b).toEqual(p);
      }),
      runs,
    );
  });

  it('expands the decryption schedule on the first decryption only: CMAC, DUKPT and encryption never make it', () => {
    const expandDecryption = vi.spyOn(unsafe, 'expandKeyDecLE');
    try {
      // FIPS 197 Appendix C.1.
      const key = fromHex('000102030405060708090A0B0C0D0E0F');
      const cipher = new AesCipher(key);
      const out = new Uint8Array(16);
      cipher.encryptBlock(fromHex('00112233445566778899AABBCCDDEEFF'), 0, out, 0);
      generateCmac(SecretKey.fromBytes('aes', key), new Uint8Array(40));
      deriveTransactionKeyAes(SecretKey.fromHex('aes', '1273671EA26AC29AFA4D1084127652A1'), fromHex('123456789012345600FFFF00'));
      expect(expandDecryption).not.toHaveBeenCalled();
      const back = new Uint8Array(16);
      cipher.decryptBlock(out, 0, back, 0);
      cipher.decryptBlock(out, 0, back, 0);
      expect([toHex(back), expandDecryption.mock.calls.length]).toEqual(['00112233445566778899AABBCCDDEEFF', 1]);
    } finally {
      expandDecryption.mockRestore();
    }
  });

  it('encrypts a block given as four little-endian words as it encrypts its bytes, and stops once wiped', () => {
    fc.assert(
      fc.property(fc.constantFrom(16, 24, 32).chain((n) => fc.tuple(bytes(n), bytes(16))), ([key, block]) => {
        const c = new AesCipher(key);
        const viaBytes = new Uint8Array(16);
        c.encryptBlock(block, 0, viaBytes, 0);
        const viaWords = new Uint8Array(20);
        const word = (o: number) => block[o]! | (block[o + 1]! << 8) | (block[o + 2]! << 16) | (block[o + 3]! << 24);
        encryptWordsWith(c, word(0), word(4), word(8), word(12), viaWords, 4);
        expect(toHex(viaWords.subarray(4))).toBe(toHex(viaBytes));
      }),
      runs,
    );
    const c = new AesCipher(new Uint8Array(16).fill(1));
    c.wipe();
    expect(() => encryptWordsWith(c, 0, 0, 0, 0, new Uint8Array(16), 0)).toThrow('key has been wiped and can no longer be used');
  });

  it('states the key sizes when given another', () => {
    expect(() => new AesCipher(new Uint8Array(8))).toThrow('aes key must be 16, 24 or 32 bytes, found 8 bytes');
  });
});
