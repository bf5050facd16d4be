import { createCipheriv } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { decryptPinBlock, encodePinBlockIso0, encryptPinBlock, type PinBlockFormat } from '../../../src/crypto/pin/index.js';
import { fillSource, hex, pinGroup, providers, seededRandom } from './pin-vectors.js';
import { caught } from '../../support/errors.js';

describe('encryptPinBlock and decryptPinBlock', () => {
  for (const [name, provider] of providers) {
    for (const v of pinGroup('pinblock-encrypted-tdes')) {
      it(`encrypts ${v.id} (format 0 under a published TDES PIN key) with the ${name} provider`, () => {
        const { pin, pan, key } = v.request;
        const block = encryptPinBlock(0, hex(key!), pin!, pan, { provider });
        expect(toHex(block)).toBe(v.expect.encrypted_pinblock);
        expect(decryptPinBlock(0, hex(key!), block, pan, { provider })).toBe(pin);
      });
    }
  }

  it('encrypts under single DES when the PIN key has 8 bytes, as CUP 53.2 = 0 asks', () => {
    const key = hex('0123456789ABCDEF');
    const clear = encodePinBlockIso0('1234', '6210810840003424940');
    const des = createCipheriv('des-ede3', Buffer.concat([key, key, key]), null).setAutoPadding(false);
    const expected = Buffer.concat([des.update(clear), des.final()]);
    expect(toHex(encryptPinBlock(0, key, '1234', '6210810840003424940'))).toBe(toHex(expected));
  });

  it('takes the algorithm from a SecretKey and refuses an AES key for the 8-byte formats', () => {
    const v = pinGroup('pinblock-encrypted-tdes')[0]!;
    const key = SecretKey.fromHex('tdes', v.request.key!);
    expect(toHex(encryptPinBlock(0, key, '1234', v.request.pan))).toBe(v.expect.encrypted_pinblock);
    const aes = SecretKey.fromHex('aes', '00112233445566778899AABBCCDDEEFF');
    expect(caught(() => encryptPinBlock(1, aes, '1234'))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'PIN block format 1 needs a des or tdes key',
      expected: 'des or tdes',
      found: 'aes',
    });
  });

  it('delegates format 4 to the AES encipherment', () => {
    const v = pinGroup('pinblock-iso9564').find((x) => x.id === 'f4-x924-3-ksn1')!;
    const { key, pin, pan, fill } = v.request;
    const block = encryptPinBlock(4, hex(key!), pin!, pan, { random: fillSource(fill!) });
    expect(toHex(block)).toBe(v.expect.pinblock);
    expect(decryptPinBlock(4, hex(key!), block, pan)).toBe(pin);
  });

  it('asks for the PAN when the format needs one, with an exact message', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    for (const format of [0, 3, 4] as const) {
      const k = format === 4 ? hex('00112233445566778899AABBCCDDEEFF') : key;
      expect(caught(() => encryptPinBlock(format, k, '1234'))).toMatchObject({
        code: 'BAD_PAN',
        message: `PIN block format ${format} needs the PAN`,
      });
    }
  });

  it('refuses an unknown format and a block of the wrong size with exact messages', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    expect(caught(() => encryptPinBlock(5 as PinBlockFormat, key, '1234'))).toMatchObject({
      code: 'BAD_PIN_BLOCK_FORMAT',
      message: 'PIN block format must be 0, 1, 2, 3, 4 or cup-no-pan',
    });
    expect(caught(() => decryptPinBlock(1, key, new Uint8Array(16)))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block must be 8 bytes',
      found: '16 bytes',
    });
  });

  it('round-trips every format through both providers, and the providers agree', () => {
    const tdes = hex('0123456789ABCDEFFEDCBA9876543210');
    const aes = hex('00112233445566778899AABBCCDDEEFF');
    const formats: PinBlockFormat[] = [0, 1, 2, 3, 4, 'cup-no-pan'];
    fc.assert(
      fc.property(
        fc.constantFrom(...formats),
        fc.stringMatching(/^[0-9]{4,12}$/),
        fc.stringMatching(/^[0-9]{13,19}$/),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (format, pin, pan, seed) => {
          const key = format === 4 ? aes : tdes;
          const [a, b] = providers.map(([, provider]) =>
            encryptPinBlock(format, key, pin, pan, { random: seededRandom(seed), provider }),
          );
          expect(toHex(a!)).toBe(toHex(b!));
          for (const [, provider] of providers) expect(decryptPinBlock(format, key, a!, pan, { provider })).toBe(pin);
        },
      ),
      { seed: 8583, numRuns: 150 },
    );
  });
});

describe('a PIN key made in another realm', () => {
  it('is read as raw key bytes, like a local Uint8Array', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const foreign = runInNewContext('new Uint8Array(16)') as Uint8Array;
    foreign.set(key);
    const block = encryptPinBlock(0, foreign, '1234', '6210810840003424940');
    expect(toHex(block)).toBe(toHex(encryptPinBlock(0, key, '1234', '6210810840003424940')));
    expect(decryptPinBlock(0, foreign, block, '6210810840003424940')).toBe('1234');
  });
});
