import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { CipherAlgorithm } from '../../src/crypto/block-cipher.js';
import { DesCipher } from '../../src/crypto/des.js';
import { adjustOddParity, hasOddParity, isWeakKey, weakKeyReason } from '../../src/crypto/key-checks.js';
import { SecretKey } from '../../src/crypto/key.js';
import { caught } from '../support/errors.js';

const runs = { seed: 8583, numRuns: 50 };

// NIST SP 800-67 Rev. 2 §3.3.2.
const WEAK = ['0101010101010101', 'FEFEFEFEFEFEFEFE', 'E0E0E0E0F1F1F1F1', '1F1F1F1F0E0E0E0E'];
const SEMI_WEAK_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['011F011F010E010E', '1F011F010E010E01'],
  ['01E001E001F101F1', 'E001E001F101F101'],
  ['01FE01FE01FE01FE', 'FE01FE01FE01FE01'],
  ['1FE01FE00EF10EF1', 'E01FE01FF10EF10E'],
  ['1FFE1FFE0EFE0EFE', 'FE1FFE1FFE0EFE0E'],
  ['E0FEE0FEF1FEF1FE', 'FEE0FEE0FEF1FEF1'],
];
const SEMI_WEAK = SEMI_WEAK_PAIRS.flat();

function encrypt(key: string, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  new DesCipher(fromHex(key)).encryptBlock(block, 0, out, 0);
  return out;
}

// Each byte's low (parity) bit flipped: the same DES key to the cipher.
function flipParity(hex: string): string {
  return toHex(fromHex(hex).map((b) => b ^ 1));
}

describe('weak and semi-weak DES keys', () => {
  it.each(WEAK)('knows %s as weak: it is its own inverse', (hex) => {
    expect(isWeakKey('des', fromHex(hex))).toBe(true);
    expect(isWeakKey('des', fromHex(flipParity(hex)))).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (p) => {
        expect(encrypt(hex, encrypt(hex, p))).toEqual(p);
      }),
      runs,
    );
  });

  it.each(SEMI_WEAK_PAIRS)('knows %s and %s as semi-weak: each undoes the other', (a, b) => {
    expect(isWeakKey('des', fromHex(a))).toBe(true);
    expect(isWeakKey('des', fromHex(b))).toBe(true);
    expect(isWeakKey('des', fromHex(flipParity(a)))).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (p) => {
        expect(encrypt(b, encrypt(a, p))).toEqual(p);
      }),
      runs,
    );
  });

  it.each([...WEAK, ...SEMI_WEAK])('refuses %s as a DES key object unless allowWeakKeys', (hex) => {
    expect(caught(() => SecretKey.fromHex('des', hex)).message).toBe(
      'des key is a weak or semi-weak DES key (allowWeakKeys accepts it for test vectors)',
    );
    expect(SecretKey.fromHex('des', hex, { allowWeakKeys: true }).length).toBe(8);
  });

  it('passes ordinary keys, including ones that differ from a weak key in a single key bit', () => {
    expect(isWeakKey('des', fromHex('0123456789ABCDEF'))).toBe(false);
    expect(isWeakKey('des', fromHex('0101010101010103'))).toBe(false);
    expect(isWeakKey('des', fromHex('313215FDA2C4AB4C'))).toBe(false);
  });
});

describe('weak keys of every algorithm', () => {
  const K1 = '0123456789ABCDEF';
  const K2 = 'FEDCBA9876543210';
  const K3 = '89ABCDEF01234567';
  it.each<[string, CipherAlgorithm, string, string | undefined]>([
    ['an all-zero DES key', 'des', '0000000000000000', 'is all zeros'],
    ['a weak DES key', 'des', 'FEFEFEFEFEFEFEFE', 'is a weak or semi-weak DES key'],
    ['a semi-weak DES key', 'des', '01FE01FE01FE01FE', 'is a weak or semi-weak DES key'],
    ['an all-zero double-length key', 'tdes', '00'.repeat(16), 'is all zeros'],
    ['a double-length key with a weak half', 'tdes', K1 + 'E0E0E0E0F1F1F1F1', 'has a weak or semi-weak DES part'],
    ['a double-length key with equal halves', 'tdes', K1 + K1, 'has equal halves, so it is single DES'],
    ['a double-length key whose halves differ only in parity', 'tdes', K1 + flipParity(K1), 'has equal halves, so it is single DES'],
    ['a triple-length key K1 = K2 = K3', 'tdes', K1 + K1 + K1, 'has equal neighbouring parts, so it is single DES'],
    ['a triple-length key K1 = K2', 'tdes', K1 + K1 + K2, 'has equal neighbouring parts, so it is single DES'],
    ['a triple-length key K2 = K3', 'tdes', K1 + K2 + K2, 'has equal neighbouring parts, so it is single DES'],
    ['a triple-length key K1 = K3 (two-key TDES)', 'tdes', K1 + K2 + K1, undefined],
    ['a triple-length key of three parts', 'tdes', K1 + K2 + K3, undefined],
    ['an all-zero AES-128 key', 'aes', '00'.repeat(16), 'is all zeros'],
    ['an all-zero AES-256 key', 'aes', '00'.repeat(32), 'is all zeros'],
    ['an AES key with equal halves (not weak for AES)', 'aes', K1 + K1, undefined],
    ['an all-zero SM4 key', 'sm4', '00'.repeat(16), 'is all zeros'],
    ['an SM4 key', 'sm4', K1 + K2, undefined],
  ])('judges %s', (_name, alg, hex, reason) => {
    expect(weakKeyReason(alg, fromHex(hex))).toBe(reason);
    expect(isWeakKey(alg, fromHex(hex))).toBe(reason !== undefined);
  });

  it('refuses a weak key when a key object is made, naming the algorithm and the reason', () => {
    const e = caught(() => SecretKey.fromHex('tdes', '0123456789ABCDEF0123456789ABCDEF'));
    expect(e.code).toBe('WEAK_KEY');
    expect(e.message).toBe('tdes key has equal halves, so it is single DES (allowWeakKeys accepts it for test vectors)');
    expect(caught(() => SecretKey.fromBytes('aes', new Uint8Array(16))).message).toBe(
      'aes key is all zeros (allowWeakKeys accepts it for test vectors)',
    );
  });

  it('makes a weak key object when allowWeakKeys says so', () => {
    const key = SecretKey.fromHex('des', '0101010101010101', { allowWeakKeys: true });
    expect(key.algorithm).toBe('des');
    expect(String(key)).toBe('SecretKey(des, 8 bytes, KCV 8CA64D)');
  });

  it('refuses a key check of something that is not bytes', () => {
    const e = caught(() => isWeakKey('des', '0101010101010101' as unknown as Uint8Array));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe('key must be a Uint8Array (field key)');
  });
});

describe('DES key parity', () => {
  it('recognises odd-parity keys', () => {
    expect(hasOddParity(fromHex('0123456789ABCDEF'))).toBe(true);
    expect(hasOddParity(fromHex('0123456789ABCDEE'))).toBe(false);
    expect(hasOddParity(fromHex('0000000000000000'))).toBe(false);
    expect(SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210').hasOddParity()).toBe(true);
    expect(SecretKey.fromHex('des', '0123456789ABCDEE').hasOddParity()).toBe(false);
  });

  it('adjusts any key to odd parity by its low bits only, without touching the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 24 }), (k) => {
        const before = k.slice();
        const adjusted = adjustOddParity(k);
        expect(k).toEqual(before);
        expect(hasOddParity(adjusted)).toBe(true);
        expect(adjusted.map((b) => b & 0xfe)).toEqual(k.map((b) => b & 0xfe));
      }),
      { seed: 8583, numRuns: 200 },
    );
    expect(toHex(adjustOddParity(fromHex('0022446688AACCEE')))).toBe('0123456789ABCDEF');
  });

  it('does not insist on parity: a key with even-parity bytes encrypts like its odd-parity twin', () => {
    const odd = SecretKey.fromHex('des', '0123456789ABCDEF');
    const even = SecretKey.fromHex('des', '0022446688AACCEE');
    expect(even.kcv()).toEqual(odd.kcv());
  });

  it('refuses parity helpers on something that is not bytes', () => {
    expect(caught(() => hasOddParity(null as unknown as Uint8Array)).message).toBe('key must be a Uint8Array (field key)');
    expect(caught(() => adjustOddParity('01' as unknown as Uint8Array)).code).toBe('BAD_ARGUMENT');
  });
});
