import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import {
  decodePinBlockIso0,
  decodePinBlockIso1,
  decodePinBlockIso2,
  decodePinBlockIso3,
  encodePinBlockIso0,
  encodePinBlockIso1,
  encodePinBlockIso2,
  encodePinBlockIso3,
} from '../../../src/crypto/pin/index.js';
import { hex, seededRandom } from './pin-vectors.js';
import { caught } from '../../support/errors.js';

describe('clear PIN blocks of formats 0 to 3', () => {
  it('refuses a block that is not 8 bytes with an exact message', () => {
    expect(caught(() => decodePinBlockIso2(new Uint8Array(7)))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block must be 8 bytes',
      expected: '8 bytes',
      found: '7 bytes',
    });
    expect(caught(() => decodePinBlockIso1('041234FFFFFFFFFF' as unknown as Uint8Array)).found).toBe(
      'not a Uint8Array',
    );
  });

  it('refuses a block of another format by its control nibble', () => {
    expect(caught(() => decodePinBlockIso2(hex('141234FFFFFFFFFF')))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block is not ISO 9564 format 2',
      expected: 'control nibble 2',
    });
  });

  it('refuses a PIN length nibble outside 4 to 12', () => {
    expect(caught(() => decodePinBlockIso2(hex('23123FFFFFFFFFFF')))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block gives a PIN length outside 4 to 12',
    });
    expect(caught(() => decodePinBlockIso1(hex('1D1234567890123F'))).code).toBe('BAD_PIN_BLOCK');
  });

  it('refuses a non-decimal PIN digit and bad fill without saying which nibble', () => {
    expect(caught(() => decodePinBlockIso2(hex('2412A4FFFFFFFFFF')))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block has a non-decimal nibble among the PIN digits',
    });
    expect(caught(() => decodePinBlockIso2(hex('241234FFFFFFFFFE')))).toMatchObject({
      code: 'BAD_PIN_BLOCK',
      message: 'PIN block fill is not valid for format 2',
      expected: 'fill nibbles F',
    });
    const pan = '5555555551234567';
    const withDigitFill = encodePinBlockIso3('1234', pan, { random: (n) => new Uint8Array(n).fill(0xaa) });
    withDigitFill[7]! ^= 0x0a; // turns the last fill nibble into a digit
    expect(caught(() => decodePinBlockIso3(withDigitFill, pan))).toMatchObject({
      message: 'PIN block fill is not valid for format 3',
      expected: 'fill nibbles A-F',
    });
  });

  it('puts only A to F in format 3 fill and any nibble in format 1 fill', () => {
    const random = seededRandom(8583);
    for (let i = 0; i < 50; i++) {
      const field = toHex(encodePinBlockIso3('1234', '4000000000000002', { random }));
      // With this PAN the PAN field is 0000 0000 0000 0000 except nibble 15, so the fill shows through.
      expect(field.slice(6, 15)).toMatch(/^[A-F]+$/);
    }
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) for (const c of toHex(encodePinBlockIso1('1234', { random })).slice(6)) seen.add(c);
    expect(seen.size).toBe(16);
  });

  it('round-trips any PIN and PAN through every format', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{4,12}$/),
        fc.stringMatching(/^[0-9]{13,19}$/),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (pin, pan, seed) => {
          const random = seededRandom(seed);
          expect(decodePinBlockIso0(encodePinBlockIso0(pin, pan), pan)).toBe(pin);
          expect(decodePinBlockIso1(encodePinBlockIso1(pin, { random }))).toBe(pin);
          expect(decodePinBlockIso2(encodePinBlockIso2(pin))).toBe(pin);
          expect(decodePinBlockIso3(encodePinBlockIso3(pin, pan, { random }), pan)).toBe(pin);
        },
      ),
      { seed: 8583, numRuns: 200 },
    );
  });
});
