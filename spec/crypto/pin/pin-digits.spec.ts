import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePinBlockIso0,
  encodePinBlockIso0,
  encodePinBlockIso2,
  encodePinBlockIso3,
} from '../../../src/crypto/pin/index.js';
import { caught } from '../../support/errors.js';

const PAN = '6210810840003424940';

describe('PIN and PAN validation', () => {
  it('refuses a PIN shorter than 4 or longer than 12 digits with an exact message', () => {
    expect(caught(() => encodePinBlockIso2('123'))).toMatchObject({
      code: 'BAD_PIN',
      message: 'PIN must have 4 to 12 digits',
      expected: '4-12 digits',
      found: '3 characters',
    });
    expect(caught(() => encodePinBlockIso0('1234567890123', PAN)).found).toBe('13 characters');
  });

  it('refuses a PIN with a non-digit and says only where it is', () => {
    expect(caught(() => encodePinBlockIso2('12a4'))).toMatchObject({
      code: 'BAD_PIN',
      message: 'PIN must contain only decimal digits',
      expected: 'digits 0-9',
      found: 'non-digit at position 2',
    });
    expect(caught(() => encodePinBlockIso2(1234 as unknown as string))).toMatchObject({
      code: 'BAD_PIN',
      message: 'PIN must be a string of digits',
      found: 'integer',
    });
  });

  it('refuses a PAN outside 13 to 19 digits for formats 0 and 3 with an exact message', () => {
    expect(caught(() => encodePinBlockIso0('1234', '123456789012'))).toMatchObject({
      code: 'BAD_PAN',
      message: 'PAN must have 13 to 19 digits',
      expected: '13-19 digits',
      found: '12 characters',
    });
    expect(caught(() => encodePinBlockIso3('1234', '12345678901234567890')).found).toBe('20 characters');
    expect(caught(() => decodePinBlockIso0(new Uint8Array(8), '621081084000342494=')).message).toBe(
      'PAN must contain only decimal digits',
    );
  });

  it('never puts the PIN or the PAN in an error message', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{4,12}$/),
        fc.stringMatching(/^[0-9]{13,19}$/),
        fc.stringMatching(/^[0-9]{13,19}$/),
        (pin, pan, otherPan) => {
          const block = encodePinBlockIso0(pin, pan);
          const bad = [
            () => decodePinBlockIso0(block, otherPan),
            () => encodePinBlockIso0(pin + 'x', pan),
            () => encodePinBlockIso0(pin, pan + 'x'),
            () => encodePinBlockIso0(pin, pan + '1234567'),
          ];
          for (const run of bad) {
            let message = '';
            try {
              run();
            } catch (e) {
              message = (e as Error).message + JSON.stringify(e);
            }
            expect(message).not.toContain(pin);
            expect(message).not.toContain(pan.slice(-13, -1));
            expect(message).not.toContain(otherPan.slice(-13, -1));
          }
        },
      ),
      { seed: 8583, numRuns: 200 },
    );
  });
});
