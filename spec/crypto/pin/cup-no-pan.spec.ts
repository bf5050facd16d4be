import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import {
  decodePinBlockCupNoPan,
  decryptPinBlock,
  encodePinBlockCupNoPan,
  encodePinBlockIso0,
  encryptPinBlock,
} from '../../../src/crypto/pin/index.js';
import { hex } from './pin-vectors.js';
import { caught } from '../../support/errors.js';

describe('CUP PIN block without PAN (field 53.1 = 1)', () => {
  it('is the format 0 PIN field with no PAN XOR', () => {
    expect(toHex(encodePinBlockCupNoPan('123456'))).toBe('06123456FFFFFFFF');
    expect(toHex(encodePinBlockCupNoPan('1234'))).toBe('041234FFFFFFFFFF');
    // With an all-zero account part the format 0 PAN field is zero, so both blocks coincide.
    expect(encodePinBlockCupNoPan('1234')).toEqual(encodePinBlockIso0('1234', '0000000000000'));
  });

  it('decodes its own blocks and refuses a format 0 block made with a PAN', () => {
    expect(decodePinBlockCupNoPan(hex('0C123456789012FF'))).toBe('123456789012');
    expect(caught(() => decodePinBlockCupNoPan(encodePinBlockIso0('1234', '5555555551234567'))).code).toBe(
      'BAD_PIN_BLOCK',
    );
  });

  it('encrypts and decrypts under the PIN key like the other 8-byte formats', () => {
    const pik = hex('D931648F3DE313A4A22C15DCA4F4299E');
    const block = encryptPinBlock('cup-no-pan', pik, '8583');
    expect(decryptPinBlock('cup-no-pan', pik, block)).toBe('8583');
  });
});
