import { describe, expect, it } from 'vitest';
import { SecretKey } from '../../../src/crypto/key.js';
import { generateAnsiX99Mac, generateCbcMac, verifyAnsiX99Mac, verifyCbcMac } from '../../../src/crypto/mac/cbc-mac.js';
import { generateCmac, verifyCmac } from '../../../src/crypto/mac/cmac.js';
import { generateCupEcbMac, verifyCupEcbMac } from '../../../src/crypto/mac/cup-ecb-mac.js';
import {
  generateAnsiX919Mac,
  generateRetailMac,
  verifyAnsiX919Mac,
  verifyRetailMac,
} from '../../../src/crypto/mac/retail-mac.js';
import { caught } from '../../support/errors.js';
import { hex } from './mac-vectors.js';

const data = hex('0200302004C020C098110000000000000000510018340210000632');
const des = SecretKey.fromHex('des', '0123456789ABCDEF');
const tdes = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
const aes = SecretKey.fromHex('aes', '2B7E151628AED2A6ABF7158809CF4F3C');

interface Row {
  name: string;
  full: number;
  generate: (length?: number) => Uint8Array;
  verify: (mac: Uint8Array, length?: number) => boolean;
}

const opts = (length?: number) => (length === undefined ? {} : { length });
const rows: Row[] = [
  { name: 'CUP ECB MAC', full: 8, generate: (n) => generateCupEcbMac(des, data, opts(n)), verify: (m, n) => verifyCupEcbMac(des, data, m, opts(n)) },
  { name: 'CBC-MAC (TDES)', full: 8, generate: (n) => generateCbcMac(tdes, data, opts(n)), verify: (m, n) => verifyCbcMac(tdes, data, m, opts(n)) },
  { name: 'CBC-MAC (AES)', full: 16, generate: (n) => generateCbcMac(aes, data, opts(n)), verify: (m, n) => verifyCbcMac(aes, data, m, opts(n)) },
  { name: 'ANSI X9.9 MAC', full: 8, generate: (n) => generateAnsiX99Mac(des, data, opts(n)), verify: (m, n) => verifyAnsiX99Mac(des, data, m, opts(n)) },
  { name: 'retail MAC', full: 8, generate: (n) => generateRetailMac(tdes, data, opts(n)), verify: (m, n) => verifyRetailMac(tdes, data, m, opts(n)) },
  { name: 'ANSI X9.19 MAC', full: 8, generate: (n) => generateAnsiX919Mac(tdes, data, opts(n)), verify: (m, n) => verifyAnsiX919Mac(tdes, data, m, opts(n)) },
  { name: 'CMAC (AES)', full: 16, generate: (n) => generateCmac(aes, data, { ...opts(n), algorithm: 'aes' }), verify: (m, n) => verifyCmac(aes, data, m, { ...opts(n), algorithm: 'aes' }) },
  { name: 'CMAC (TDES)', full: 8, generate: (n) => generateCmac(tdes, data, { ...opts(n), algorithm: 'tdes' }), verify: (m, n) => verifyCmac(tdes, data, m, { ...opts(n), algorithm: 'tdes' }) },
];

describe('MAC verification expects a length', () => {
  it.each(rows)('$name: expects the full MAC by default', ({ full, generate, verify }) => {
    const mac = generate();
    expect(mac).toHaveLength(full);
    expect(verify(mac)).toBe(true);
  });

  it.each(rows)('$name: refuses a MAC cut to 4 bytes unless told to expect 4', ({ generate, verify }) => {
    const mac = generate();
    const cut = mac.slice(0, 4);
    expect(verify(cut)).toBe(false);
    expect(verify(cut, 4)).toBe(true);
    expect(verify(mac, 4)).toBe(false);
  });

  it.each(rows)('$name: refuses an expected length below 4 with BAD_MAC_LENGTH', ({ verify }) => {
    expect(caught(() => verify(new Uint8Array(3), 3)).code).toBe('BAD_MAC_LENGTH');
  });

  it.each(rows)('$name: refuses a MAC that is text, not bytes', ({ generate, verify }) => {
    const text = String.fromCharCode(...generate()) as unknown as Uint8Array;
    const e = caught(() => verify(text));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe('mac must be a Uint8Array (field mac)');
    expect(e.found).toBe('string');
  });

  it('needs 2^32 guesses, not a lucky four characters, to pass a CUP verifier with its default', () => {
    // Every 4-character MAC that a forger could try is a prefix of some 8-character MAC; none passes.
    for (const guess of ['0000', 'FFFF', String.fromCharCode(...generateCupEcbMac(des, data)).slice(0, 4)]) {
      expect(verifyCupEcbMac(des, data, Uint8Array.from(guess, (c) => c.charCodeAt(0)))).toBe(false);
    }
  });
});
