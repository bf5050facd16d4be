import { describe, expect, it, vi } from 'vitest';
import { unsafe } from '@noble/ciphers/aes';
import fc from 'fast-check';
import { fromHex } from '../../../src/bytes/hex.js';
import {
  deriveChildKeyAes,
  deriveHostKeysAes,
  deriveInitialKeyAes,
  deriveTransactionKeyAes,
  derivationDataAes,
  deriveWorkingKeyAes,
  type DukptAesKeyType,
  type DukptAesKeyUsage,
} from '../../../src/crypto/dukpt/aes.js';
import { withCounterAes } from '../../../src/crypto/dukpt/aes-ksn.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { portableProvider } from '../../../src/crypto/portable-provider.js';
import { encipherIso4, hexOf, providers, vectors, type DukptVector, checkExpectations } from './support.js';
import { caught } from '../../support/errors.js';

const BDK128 = fromHex('FEDCBA9876543210F1F1F1F1F1F1F1F1');
const BDK192 = fromHex('FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210');
const KSN = fromHex('123456789012345600000001');

const KEY_TYPES: Readonly<Record<string, DukptAesKeyType>> = { AES128: 'aes128', AES256: 'aes256' };

// Every expected value of a vector, recomputed; an expectation this table does not know fails the test.
function checkAesVector(v: DukptVector, provider: (typeof providers)[number]): number {
  const r = v.request;
  const ksn = fromHex(String(r['ksn']));
  const ik = deriveInitialKeyAes(fromHex(String(r['bdk'])), ksn, { provider });
  const txn = () => deriveTransactionKeyAes(ik, ksn, { provider });
  const type = () => {
    const t = KEY_TYPES[String(r['working_key_type'])];
    expect(t, `${v.id} working key type`).toBeDefined();
    return t!;
  };
  const key = (usage: DukptAesKeyUsage) => deriveWorkingKeyAes(txn(), ksn, usage, { keyType: type(), provider });
  return checkExpectations(v, {
    ik: () => ik,
    txn_key: txn,
    pin_key: () => key('pin-encryption'),
    mac_gen_key: () => key('mac-generation'),
    data_enc_key: () => key('data-encryption'),
    encrypted_pinblock: () =>
      encipherIso4(key('pin-encryption'), fromHex(String(r['pin_field'])), String(r['pan']), provider),
  });
}

describe.each(providers.map((p) => [p.name, p] as const))('AES DUKPT with the %s provider', (_name, provider) => {
  it('matches every published X9.24-3-2017 supplement vector for AES-128 and AES-256 BDKs', () => {
    let checked = 0;
    for (const v of vectors.aes.vectors) checked += checkAesVector(v, provider);
    expect(vectors.aes.vectors).toHaveLength(40);
    expect(checked).toBe(112);
  });

  it('derives from raw initial-key bytes, and through the host call from the BDK, the keys it derives from key objects', () => {
    let checked = 0;
    for (const v of vectors.aes.vectors) {
      const r = v.request;
      const ksn = fromHex(String(r['ksn']));
      if (!('txn_key' in v.expect) || !('pin_key' in v.expect)) continue;
      const bdk = fromHex(String(r['bdk']));
      const keyType = KEY_TYPES[String(r['working_key_type'])]!;
      const ik = deriveInitialKeyAes(bdk, ksn, { provider });
      const txn = deriveTransactionKeyAes(ik, ksn, { provider });
      expect(hexOf(deriveTransactionKeyAes(ik.exportBytes(), ksn, { provider })), v.id).toBe(hexOf(txn));
      const host = deriveHostKeysAes(bdk, ksn, { provider, keyType, usages: ['pin-encryption', 'mac-generation'] });
      expect(hexOf(host['pin-encryption']), v.id).toBe(v.expect['pin_key']);
      expect(hexOf(host['mac-generation']), v.id).toBe(v.expect['mac_gen_key']);
      checked++;
    }
    expect(checked).toBe(16);
  });

  it('derives an intermediate key from its parent counter exactly as from the initial key, for any counter', () => {
    const ik = deriveInitialKeyAes(BDK128, KSN, { provider });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), (counter) => {
        const ksn = withCounterAes(KSN, counter);
        const direct = deriveTransactionKeyAes(ik, ksn, { provider });
        // Re-walk the counter bits from the top, one child step per one-bit.
        let key = ik;
        let walked = 0;
        for (let bit = 0x80000000; bit >= 1; bit /= 2) {
          if (Math.floor(counter / bit) % 2 === 0) continue;
          walked += bit;
          key = deriveChildKeyAes(key, withCounterAes(KSN, walked), { provider });
        }
        expect(hexOf(key)).toBe(hexOf(direct));
      }),
      { seed: 8583, numRuns: 30 },
    );
  });
});

describe('AES DUKPT derivation data', () => {
  it('lays out version, block counter, usage, algorithm, length and the initial key ID for the initial key', () => {
    expect(hexOf(derivationDataAes('initial-key', 'aes256', KSN))).toBe('01018001000401001234567890123456');
  });

  it('lays out the derivation ID and counter for intermediate and working keys', () => {
    const ksn = fromHex('1234567890123456FFFE2000');
    expect(hexOf(derivationDataAes('intermediate-key', 'aes128', ksn))).toBe('0101800000020080' + '90123456FFFE2000');
    const usages: [DukptAesKeyUsage, string][] = [
      ['key-encryption', '0002'],
      ['pin-encryption', '1000'],
      ['mac-generation', '2000'],
      ['mac-verification', '2001'],
      ['mac-both-ways', '2002'],
      ['data-encryption', '3000'],
      ['data-decryption', '3001'],
      ['data-both-ways', '3002'],
    ];
    for (const [usage, code] of usages) {
      expect(hexOf(derivationDataAes(usage, 'tdes3', ksn)).slice(0, 16)).toBe(`0101${code}000100C0`);
    }
    expect(hexOf(derivationDataAes('pin-encryption', 'tdes2', ksn)).slice(0, 16)).toBe('0101100000000080');
    expect(hexOf(derivationDataAes('pin-encryption', 'aes192', ksn)).slice(0, 16)).toBe('01011000000300C0');
  });
});

describe('AES DUKPT keys', () => {
  it('walks an AES-128 initial key that names no provider as one naming the portable provider, without a cipher a step', () => {
    const ksn = fromHex('123456789012345600FFFF00');
    const named = hexOf(deriveTransactionKeyAes(deriveInitialKeyAes(BDK128, ksn, { provider: portableProvider }), ksn, { provider: portableProvider }));
    const ik = deriveInitialKeyAes(BDK128, ksn);
    const expand = vi.spyOn(unsafe, 'expandKeyLE');
    try {
      const byDefault = [deriveTransactionKeyAes(ik, ksn), deriveTransactionKeyAes(ik.exportBytes(), ksn)].map(hexOf);
      // The initial key object's own schedule, kept for later walks; the sixteen steps expand none of noble's.
      expect([byDefault, expand.mock.calls.length]).toEqual([[named, named], 1]);
    } finally {
      expand.mockRestore();
    }
  });

  it('derives AES-192 initial, intermediate and working keys of the right lengths', () => {
    const ik = deriveInitialKeyAes(BDK192, KSN);
    expect(ik).toHaveLength(24);
    const txn = deriveTransactionKeyAes(ik, KSN);
    expect(txn).toHaveLength(24);
    expect(deriveWorkingKeyAes(txn, KSN, 'data-both-ways', { keyType: 'aes192' })).toHaveLength(24);
    expect(deriveWorkingKeyAes(txn, KSN, 'data-both-ways', { keyType: 'aes128' })).toHaveLength(16);
  });

  it('derives 2-key and 3-key TDES working keys as the first 16 or 24 bytes of the derivation output', () => {
    const txn = deriveTransactionKeyAes(deriveInitialKeyAes(BDK128, KSN), KSN);
    const tdes2 = deriveWorkingKeyAes(txn, KSN, 'pin-encryption', { keyType: 'tdes2' });
    const tdes3 = deriveWorkingKeyAes(txn, KSN, 'pin-encryption', { keyType: 'tdes3' });
    expect(tdes2).toHaveLength(16);
    expect(tdes3).toHaveLength(24);
    // The algorithm and length are part of the derivation data, so the two keys are unrelated.
    expect(hexOf(tdes3).startsWith(hexOf(tdes2))).toBe(false);
  });

  it('gives each usage its own key, so a MAC generation key cannot verify', () => {
    const txn = deriveTransactionKeyAes(deriveInitialKeyAes(BDK128, KSN), KSN);
    const usages: DukptAesKeyUsage[] = [
      'key-encryption',
      'pin-encryption',
      'mac-generation',
      'mac-verification',
      'mac-both-ways',
      'data-encryption',
      'data-decryption',
      'data-both-ways',
    ];
    expect(new Set(usages.map((u) => hexOf(deriveWorkingKeyAes(txn, KSN, u, { keyType: 'aes128' })))).size).toBe(usages.length);
  });

  it('accepts the BDK as a SecretKey object', () => {
    expect(hexOf(deriveInitialKeyAes(SecretKey.fromBytes('aes', BDK128), KSN))).toBe('1273671EA26AC29AFA4D1084127652A1');
  });

  it('refuses an AES working key longer than its derivation key', () => {
    const txn = deriveTransactionKeyAes(deriveInitialKeyAes(BDK128, KSN), KSN);
    const e = caught(() => deriveWorkingKeyAes(txn, KSN, 'pin-encryption', { keyType: 'aes256' }));
    expect(e.code).toBe('DUKPT_BAD_KEY_TYPE');
    expect(e.message).toBe('AES DUKPT working key may not be longer than its derivation key');
    expect(e.expected).toBe('at most 128 bits');
    expect(e.found).toBe('256 bits');
  });

  it('rejects a BDK of a length AES does not have', () => {
    const e = caught(() => deriveInitialKeyAes(new Uint8Array(20), KSN));
    expect(e.code).toBe('DUKPT_BAD_BDK');
    expect(e.message).toBe('AES DUKPT BDK must be 16, 24 or 32 bytes');
    expect(e.found).toBe('20 bytes');
  });

  it('rejects a TDES-length KSN and counter 0', () => {
    expect(caught(() => deriveInitialKeyAes(BDK128, new Uint8Array(10))).message).toBe('AES DUKPT KSN must be 12 bytes');
    const e = caught(() => deriveTransactionKeyAes(BDK128, fromHex('123456789012345600000000')));
    expect(e.code).toBe('DUKPT_BAD_KSN');
    expect(e.message).toBe('AES DUKPT KSN counter 0 names no transaction key');
  });

  it('rejects an unknown key type or usage', () => {
    const e = caught(() => deriveWorkingKeyAes(BDK128, KSN, 'pin-encryption', { keyType: 'aes512' as DukptAesKeyType }));
    expect(e.code).toBe('DUKPT_BAD_KEY_TYPE');
    expect(e.message).toBe('unknown AES DUKPT key type');
    const u = caught(() => deriveWorkingKeyAes(BDK128, KSN, 'pin' as DukptAesKeyUsage, { keyType: 'aes128' }));
    expect(u.code).toBe('DUKPT_BAD_USAGE');
    expect(u.message).toBe('unknown AES DUKPT key usage');
  });
});
