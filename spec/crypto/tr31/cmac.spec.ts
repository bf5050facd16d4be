import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/bytes/hex.js';
import { encryptCbc } from '../../../src/crypto/cipher.js';
import { cmacWithCipher as cmac } from '../../../src/crypto/cmac-core.js';
import { cbcLastBlock as cbcMac } from '../../../src/crypto/mac/cbc-mac.js';
import { providers, vectors } from './support.js';

describe.each(providers.map((p) => [p.name, p] as const))('TR-31 CMAC and CBC-MAC with the %s provider', (_name, provider) => {
  it('matches the NIST SP 800-38B CMAC examples for AES-128/192/256 and 2-key/3-key TDES', () => {
    expect(vectors.cmac.vectors).toHaveLength(21);
    for (const v of vectors.cmac.vectors) {
      const cipher = provider.createCipher(v.request.alg === 'aes-cmac' ? 'aes' : 'tdes', fromHex(v.request.key));
      expect(toHex(cmac(cipher, fromHex(v.request.data))), v.id).toBe(v.expect.mac);
    }
  });

  it('takes the CBC-MAC as the last block of a zero-IV CBC encryption', () => {
    const key = fromHex('0123456789ABCDEF23456789ABCDEF01');
    const data = fromHex('6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51');
    const cbc = encryptCbc('tdes', key, data, { provider });
    expect(toHex(cbcMac(provider.createCipher('tdes', key), data))).toBe(toHex(cbc.subarray(24)));
  });
});
