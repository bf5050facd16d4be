import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { sha1 } from '../../src/crypto/sha1.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('SHA-1', () => {
  // FIPS 180-2 Appendix A (one block, two blocks, a million 'a') and the empty message.
  it.each([
    ['the empty message', '', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'],
    ['"abc"', 'abc', 'A9993E364706816ABA3E25717850C26C9CD0D89D'],
    ['the 448-bit two-block message', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983E441C3BD26EBAAE4AA1F95129E5E54670F1'],
  ])('gives the published digest of %s', (_name, text, digest) => {
    expect(toHex(sha1(ascii(text)))).toBe(digest);
  });

  it('gives the published digest of a million repetitions of "a"', () => {
    expect(toHex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe('34AA973CD4C4DAA4F61EEB2BDBAD27316534016F');
  });

  it('checks the UnionPay test CA key A000000333 index 02 against its published check value', () => {
    // CUP test CAPK as distributed in a public mPOS sample (fixtures/vectors/capk.json).
    const modulus =
      'A3767ABD1B6AA69D7F3FBF28C092DE9ED1E658BA5F0909AF7A1CCD907373B7210FDEB16287BA8E78E1529F443976FD27F991EC67D95E5F4E96B127CAB2396A94D6E45CDA44CA4C4867570D6B07542F8D4BF9FF97975DB9891515E66F525D2B3CBEB6D662BFB6C3F338E93B02142BFC44173A3764C56AADD202075B26DC2F9F7D7AE74BD7D00FD05EE430032663D27A57';
    expect(toHex(sha1(fromHex(`A00000033302${modulus}03`)))).toBe('03BB335A8549A03B87AB089D006F60852E4B8060');
  });

  it('agrees with node:crypto on any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(toHex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex').toUpperCase());
      }),
      { seed: 8583, numRuns: 300 },
    );
  });
});
