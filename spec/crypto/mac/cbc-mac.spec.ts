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
          // A 16-byte key of these vectors is two-key TDES, which a raw key must say.
          const algorithm = key.length === 16 ? 'des' : 'tdes';
          const mac = generateCbcMac(hex(key), hex(data), { algorithm, padding, length, provider });
          expect(toHex(mac)).toBe(v.expect.mac);
          expect(verifyCbcMac(hex(key), hex(data), hex(v.expect.mac!), { algorithm, padding, length, provider })).toBe(true);
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
    expect(caught(run)).toMatchObject({ code: 'BAD_ARGUMENT', message: 'data must be a Uint8Array (field data)', found: 'string' });
  });

  it('refuses a TDES key for ANSI X9.9, which is single DES only', () => {
    const run = () => generateAnsiX99Mac(hex('0123456789ABCDEFFEDCBA9876543210'), new Uint8Array(8));
    expect(caught(run)).toMatchObject({
      code: 'BAD_KEY_LENGTH',
      message: 'des key must be 8 bytes, found 16 bytes',
    });
    const tdes = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
    expect(caught(() => generateAnsiX99Mac(tdes, new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'ANSI X9.9 MAC needs a des key',
      expected: 'des',
      found: 'tdes',
    });
  });

  it('refuses a raw key whose length no algorithm takes, listing the lengths', () => {
    expect(caught(() => generateCbcMac(new Uint8Array(12), new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_LENGTH',
      message: 'CBC-MAC key must be 8, 16, 24 or 32 bytes, found 12 bytes',
    });
  });

  it('never takes a raw 16-byte key for TDES silently: an AES key of 16 bytes needs its algorithm named', () => {
    const aes = hex('2B7E151628AED2A6ABF7158809CF4F3C');
    const data = hex('6BC1BEE22E409F96E93D7E117393172A');
    expect(caught(() => generateCbcMac(aes, data))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'a raw 16-byte key could be tdes, aes or sm4 for CBC-MAC: name it in options.algorithm or pass a SecretKey',
    });
    const named = generateCbcMac(aes, data, { algorithm: 'aes' });
    expect(named).toHaveLength(16);
    expect(toHex(named)).toBe(toHex(generateCbcMac(SecretKey.fromBytes('aes', aes), data)));
    expect(toHex(named)).not.toBe(toHex(generateCbcMac(aes, data, { algorithm: 'tdes' })));
  });

  it('fails verification on any single-bit change of the data or of the MAC', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    expectSingleBitChangesRejected(
      {
        generate: (data) => generateCbcMac(key, data, { algorithm: 'tdes', padding: 2 }),
        verify: (data, mac) => verifyCbcMac(key, data, mac, { algorithm: 'tdes', padding: 2 }),
      },
      40,
    );
  });
});
