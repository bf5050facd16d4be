import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { SecretKey } from '../../../src/crypto/key.js';
import {
  decipherPinBlockIso4,
  decodePinFieldIso4,
  encipherPinBlockIso4,
  encodePanFieldIso4,
  encodePinFieldIso4,
} from '../../../src/crypto/pin/index.js';
import { fillSource, hex, pinGroup, providers } from './pin-vectors.js';
import { caught } from '../../support/errors.js';

const vectors = pinGroup('pinblock-iso9564').filter((v) => v.request.format === 4);

describe('ISO 9564-1 format 4 (AES) PIN blocks', () => {
  for (const v of vectors) {
    const { pin, pan, fill, key, pinblock } = v.request;
    if (v.expect.pin_field !== undefined) {
      it(`builds the published plain-text PIN field of ${v.id}`, () => {
        const field = encodePinFieldIso4(pin!, { random: fillSource(fill!) });
        expect(toHex(field)).toBe(v.expect.pin_field);
        expect(decodePinFieldIso4(field)).toBe(pin);
      });
    }
    if (v.expect.pan_field !== undefined) {
      it(`builds the published PAN field of ${v.id}`, () => {
        expect(toHex(encodePanFieldIso4(pan!))).toBe(v.expect.pan_field);
      });
    }
    for (const [name, provider] of providers) {
      if (v.request.op === 'pinblock' && v.expect.pinblock !== undefined) {
        it(`enciphers ${v.id} to the published block with the ${name} provider`, () => {
          const block = encipherPinBlockIso4(hex(key!), pin!, pan!, { random: fillSource(fill!), provider });
          expect(toHex(block)).toBe(v.expect.pinblock);
          expect(decipherPinBlockIso4(hex(key!), block, pan!, { provider })).toBe(pin);
        });
      }
      if (v.request.op === 'pinblock-decode') {
        it(`deciphers ${v.id} to the published PIN with the ${name} provider`, () => {
          expect(decipherPinBlockIso4(hex(key!), hex(pinblock!), pan!, { provider })).toBe(v.expect.pin);
        });
      }
    }
  }

  it('accepts the PIN key as an AES SecretKey', () => {
    const v = vectors.find((x) => x.id === 'f4-ep2-decode')!;
    const key = SecretKey.fromHex('aes', v.request.key!);
    expect(decipherPinBlockIso4(key, hex(v.request.pinblock!), v.request.pan!)).toBe('1234');
  });

  it('refuses a PAN of more than 19 digits or none, with exact messages', () => {
    expect(caught(() => encodePanFieldIso4('12345678901234567890'))).toMatchObject({
      code: 'BAD_PAN',
      message: 'PAN must have 1 to 19 digits',
      expected: '1-19 digits',
      found: '20 characters',
    });
    expect(caught(() => encodePanFieldIso4('')).found).toBe('0 characters');
  });

  it('refuses a PIN field whose fill is not A, without saying where', () => {
    const field = hex('441234ABAAAAAAAA0000000000000000');
    expect(caught(() => decodePinFieldIso4(field))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block fill is not valid for format 4',
      expected: 'fill nibbles A',
    });
  });

  it('refuses a block of the wrong size with an exact message', () => {
    expect(caught(() => decipherPinBlockIso4(hex('00112233445566778899AABBCCDDEEFF'), new Uint8Array(8), '4111111111111111'))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block must be 16 bytes',
      expected: '16 bytes',
      found: '8 bytes',
    });
  });

  it('does not decipher with the wrong PAN', () => {
    const key = hex('00112233445566778899AABBCCDDEEFF');
    const block = encipherPinBlockIso4(key, '1234', '4111111111111111', { random: fillSource('0011223344556677') });
    expect(caught(() => decipherPinBlockIso4(key, block, '4111111111111112')).code).toBe('BAD_PIN_BLOCK');
  });

  it('round-trips any PIN and PAN, and random fill makes two blocks of the same PIN differ', () => {
    const key = hex('00112233445566778899AABBCCDDEEFF');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{4,12}$/), fc.stringMatching(/^[0-9]{1,19}$/), (pin, pan) => {
        const a = encipherPinBlockIso4(key, pin, pan);
        const b = encipherPinBlockIso4(key, pin, pan);
        expect(toHex(a)).not.toBe(toHex(b));
        expect(decipherPinBlockIso4(key, a, pan)).toBe(pin);
      }),
      { seed: 8583, numRuns: 100 },
    );
  });
});
