import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { SecretKey } from '../../../src/crypto/key.js';
import {
  generateAnsiX99Mac,
  generateCbcMac,
  verifyAnsiX99Mac,
  verifyCbcMac,
} from '../../../src/crypto/mac/cbc-mac.js';
import { expectSingleBitChangesRejected, hex, macFile, macGroup, providers } from './mac-vectors.js';
import { caught } from '../../support/errors.js';

describe('ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC)', () => {
  it('every vector names sources that the fixture file describes', () => {
    for (const g of ['mac-iso9797-1-alg1', 'mac-ansi-x9.9']) {
      for (const v of macGroup(g)) for (const s of v.sources) expect(macFile.sources[s], `${v.id} ${s}`).toBeDefined();
    }
  });

  for (const [name, provider] of providers) {
    describe(`with the ${name} provider`, () => {
      for (const v of macGroup('mac-iso9797-1-alg1')) {
        it(`gives the published MAC for ${v.id}`, () => {
          const { key, data, padding, length } = v.request;
          const mac = generateCbcMac(hex(key), hex(data), { padding, length, provider });
          expect(toHex(mac)).toBe(v.expect.mac);
          expect(verifyCbcMac(hex(key), hex(data), hex(v.expect.mac!), { padding, length, provider })).toBe(true);
        });
      }
      for (const v of macGroup('mac-ansi-x9.9')) {
        it(`gives the published ANSI X9.9 MAC for ${v.id}, full and truncated to 4 bytes`, () => {
          const { key, data } = v.request;
          expect(toHex(generateAnsiX99Mac(hex(key), hex(data), { provider }))).toBe(v.expect.mac);
          const short = generateAnsiX99Mac(hex(key), hex(data), { provider, length: 4 });
          expect(toHex(short)).toBe(v.expect.mac!.slice(0, 8));
          expect(verifyAnsiX99Mac(hex(key), hex(data), short, { provider, length: 4 })).toBe(true);
          // A verifier that expects the full MAC refuses the truncated one.
          expect(verifyAnsiX99Mac(hex(key), hex(data), short, { provider })).toBe(false);
        });
      }
    });
  }

  it('accepts the key as a SecretKey and gives the same MAC as raw bytes', () => {
    const v = macGroup('mac-iso9797-1-alg1').find((x) => x.id === 'psec-tdes-pad2')!;
    const key = SecretKey.fromHex('tdes', v.request.key);
    expect(toHex(generateCbcMac(key, hex(v.request.data), { padding: 2 }))).toBe(v.expect.mac);
  });

  it('runs over AES with a 16-byte block when the key says so', () => {
    const key = SecretKey.fromHex('aes', '000102030405060708090A0B0C0D0E0F');
    expect(generateCbcMac(key, new Uint8Array(20)).length).toBe(16);
  });

  it('refuses MAC lengths below 4 or above the block size with an exact message', () => {
    const key = hex('0123456789ABCDEF');
    expect(caught(() => generateCbcMac(key, new Uint8Array(8), { length: 3 }))).toMatchObject({
      code: 'BAD_MAC_LENGTH',
      message: 'MAC length must be 4 to 8 bytes',
      expected: '4-8 bytes',
      found: '3 bytes',
    });
    expect(caught(() => generateCbcMac(key, new Uint8Array(8), { length: 9 })).found).toBe('9 bytes');
    expect(caught(() => generateCbcMac(key, new Uint8Array(8), { length: 4.5 })).found).toBe('not an integer');
    expect(caught(() => verifyCbcMac(key, new Uint8Array(8), new Uint8Array(3), { length: 3 }))).toMatchObject({
      code: 'BAD_MAC_LENGTH',
      message: 'MAC length must be 4 to 8 bytes',
    });
  });

  it('refuses an unknown padding method with an exact message', () => {
    const run = () => generateCbcMac(hex('0123456789ABCDEF'), new Uint8Array(3), { padding: 4 as 1 });
    expect(caught(run)).toMatchObject({
      code: 'BAD_MAC_PADDING',
      message: 'MAC padding method must be 1, 2 or 3',
      found: '4',
    });
  });

  it('refuses MAC input that is not bytes', () => {
    const run = () => generateCbcMac(hex('0123456789ABCDEF'), 'text' as unknown as Uint8Array);
    expect(caught(run)).toMatchObject({ code: 'BAD_DATA', message: 'MAC input must be a Uint8Array' });
  });

  it('refuses a TDES key for ANSI X9.9, which is single DES only', () => {
    const run = () => generateAnsiX99Mac(hex('0123456789ABCDEFFEDCBA9876543210'), new Uint8Array(8));
    expect(caught(run)).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'ANSI X9.9 MAC needs a des key',
      expected: 'des',
      found: 'tdes',
    });
  });

  it('refuses a wrong-length raw key through the cipher layer', () => {
    expect(caught(() => generateCbcMac(new Uint8Array(12), new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_LENGTH',
      message: 'tdes key must be 16 or 24 bytes, found 12 bytes',
    });
  });

  it('fails verification on any single-bit change of the data or of the MAC', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    expectSingleBitChangesRejected(
      { generate: (data) => generateCbcMac(key, data, { padding: 2 }), verify: (data, mac) => verifyCbcMac(key, data, mac, { padding: 2 }) },
      40,
    );
  });
});
