import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { generateCbcMac } from '../../../src/crypto/mac/cbc-mac.js';
import { generateAnsiX919Mac, generateRetailMac, verifyRetailMac } from '../../../src/crypto/mac/retail-mac.js';
import { expectSingleBitChangesRejected, hex, macGroup, providers } from './mac-vectors.js';
import { caught } from '../../support/errors.js';

describe('ISO/IEC 9797-1 MAC algorithm 3 (ANSI X9.19 retail MAC)', () => {
  for (const [name, provider] of providers) {
    describe(`with the ${name} provider`, () => {
      for (const v of [...macGroup('mac-iso9797-1-alg3-x9.19'), ...macGroup('mac-x9.19-dukpt')]) {
        it(`gives the published MAC for ${v.id}`, () => {
          const { key, data, padding, length } = v.request;
          expect(toHex(generateRetailMac(hex(key), hex(data), { padding, length, provider }))).toBe(v.expect.mac);
          expect(verifyRetailMac(hex(key), hex(data), hex(v.expect.mac!), { padding, length, provider })).toBe(true);
        });
      }
    });
  }

  it('names ANSI X9.19 as the retail MAC with zero padding', () => {
    const v = macGroup('mac-iso9797-1-alg3-x9.19').find((x) => x.id === 'iso-b4-pad1-msg2')!;
    expect(toHex(generateAnsiX919Mac(hex(v.request.key), hex(v.request.data)))).toBe(v.expect.mac);
  });

  it('equals single-DES CBC-MAC when K and K\' are the same key', () => {
    const k = '0123456789ABCDEF';
    const data = hex('4E6F77206973207468652074696D6520666F7220616C6C20');
    const same = SecretKey.fromHex('tdes', k + k, { allowWeakKeys: true });
    expect(toHex(generateRetailMac(same, data))).toBe(toHex(generateCbcMac(hex(k), data)));
    // Which is why such a key is refused unless asked for.
    expect(caught(() => generateRetailMac(hex(k + k), data)).code).toBe('WEAK_KEY');
  });

  it('accepts a 2-key TDES SecretKey', () => {
    const v = macGroup('mac-iso9797-1-alg3-x9.19').find((x) => x.id === 'psec-pad3')!;
    const key = SecretKey.fromHex('tdes', v.request.key);
    expect(toHex(generateRetailMac(key, hex(v.request.data), { padding: 3 }))).toBe(v.expect.mac);
  });

  it('refuses a 3-key TDES key and a DES key with exact messages', () => {
    expect(caught(() => generateRetailMac(hex('0123456789ABCDEFFEDCBA987654321089ABCDEF01234567'), new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_LENGTH',
      message: "retail MAC key must be 16 bytes (K then K')",
      expected: '16 bytes',
      found: '24 bytes',
    });
    expect(caught(() => generateRetailMac(hex('0123456789ABCDEF'), new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_LENGTH',
      message: 'tdes key must be 16 or 24 bytes, found 8 bytes',
    });
    const aes = SecretKey.fromHex('aes', '000102030405060708090A0B0C0D0E0F');
    expect(caught(() => generateRetailMac(aes, new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'retail MAC needs a tdes key',
      found: 'aes',
    });
  });

  it('fails verification on any single-bit change of the data or of the MAC', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    expectSingleBitChangesRejected(
      { generate: (data) => generateRetailMac(key, data, { length: 4 }), verify: (data, mac) => verifyRetailMac(key, data, mac, { length: 4 }) },
      40,
    );
  });
});
