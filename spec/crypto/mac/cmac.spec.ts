import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import type { CipherAlgorithm } from '../../../src/crypto/cipher.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { generateCmac, verifyCmac } from '../../../src/crypto/mac/cmac.js';
import { expectSingleBitChangesRejected, hex, macGroup, providers } from './mac-vectors.js';
import { caught } from '../../support/errors.js';

const algOf = (name: string): CipherAlgorithm => (name === 'aes-cmac' ? 'aes' : 'tdes');

describe('CMAC (NIST SP 800-38B)', () => {
  for (const [name, provider] of providers) {
    describe(`with the ${name} provider`, () => {
      for (const v of macGroup('mac-cmac')) {
        it(`gives the published MAC for ${v.id}`, () => {
          const alg = algOf(v.request.alg);
          const { key, data } = v.request;
          expect(toHex(generateCmac(hex(key), hex(data), { provider, algorithm: alg }))).toBe(v.expect.mac);
          expect(verifyCmac(hex(key), hex(data), hex(v.expect.mac!), { provider, algorithm: alg })).toBe(true);
        });
      }
    });
  }

  it('truncates to the leftmost bytes and verifies the truncated MAC only when told to expect that length', () => {
    const v = macGroup('mac-cmac').find((x) => x.id === 'sp800-38b-aes128-len40')!;
    const mac = generateCmac(hex(v.request.key), hex(v.request.data), { length: 8, algorithm: 'aes' });
    expect(toHex(mac)).toBe(v.expect.mac!.slice(0, 16));
    expect(verifyCmac(hex(v.request.key), hex(v.request.data), mac, { length: 8, algorithm: 'aes' })).toBe(true);
    expect(verifyCmac(hex(v.request.key), hex(v.request.data), mac, { algorithm: 'aes' })).toBe(false);
  });

  it('accepts a SecretKey of the named algorithm and refuses one of another algorithm', () => {
    const v = macGroup('mac-cmac').find((x) => x.id === 'sp800-38b-aes128-len16')!;
    const key = SecretKey.fromHex('aes', v.request.key);
    expect(toHex(generateCmac(key, hex(v.request.data), { algorithm: 'aes' }))).toBe(v.expect.mac);
    expect(caught(() => generateCmac(key, hex(v.request.data), { algorithm: 'tdes' }))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'CMAC key object is aes, not the requested tdes',
      expected: 'tdes',
      found: 'aes',
    });
  });

  it('refuses a MAC length beyond the block size with an exact message', () => {
    expect(caught(() => generateCmac(hex('2B7E151628AED2A6ABF7158809CF4F3C'), new Uint8Array(0), { length: 17, algorithm: 'aes' }))).toMatchObject({
      code: 'BAD_MAC_LENGTH',
      message: 'MAC length must be 4 to 16 bytes',
    });
  });

  it('fails verification on any single-bit change of the data or of the MAC', () => {
    const key = hex('2B7E151628AED2A6ABF7158809CF4F3C');
    expectSingleBitChangesRejected(
      { generate: (data) => generateCmac(key, data, { algorithm: 'aes' }), verify: (data, mac) => verifyCmac(key, data, mac, { algorithm: 'aes' }) },
      48,
    );
  });
});
