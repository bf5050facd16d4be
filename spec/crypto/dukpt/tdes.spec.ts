import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../../src/bytes/hex.js';
import { encryptCbc, encryptEcb } from '../../../src/crypto/cipher.js';
import {
  deriveChildKeyTdes,
  deriveInitialKeyTdes,
  deriveTransactionKeyTdes,
  deriveWorkingKeyTdes,
  type DukptTdesKeyUsage,
} from '../../../src/crypto/dukpt/tdes.js';
import { withCounterTdes } from '../../../src/crypto/dukpt/tdes-ksn.js';
import { type KeyInput, SecretKey } from '../../../src/crypto/key.js';
import { hexOf, latin1, providers, retailMac, vectors, type DukptVector, checkExpectations } from './support.js';
import { caught } from '../../support/errors.js';

const BDK = fromHex('0123456789ABCDEFFEDCBA9876543210');
const IPEK = fromHex('6AC292FAA1315B4D858AB3A3D7D5933A');
const KSN = fromHex('FFFF9876543210E00001');

// Every expected value of a vector, recomputed; an expectation this table does not know fails the test.
function checkTdesVector(v: DukptVector, provider: (typeof providers)[number]): number {
  const r = v.request;
  const ksn = fromHex(String(r['ksn']));
  const ipek = r['ipek'] !== undefined ? fromHex(String(r['ipek'])) : deriveInitialKeyTdes(fromHex(String(r['bdk'])), ksn, { provider });
  if (r['op'] === 'dukpt-ipek') {
    expect(hexOf(ipek)).toBe(v.expect['ipek']);
    return 1;
  }
  const txn = deriveTransactionKeyTdes(ipek, ksn, { provider });
  const key = (usage: DukptTdesKeyUsage) => deriveWorkingKeyTdes(txn, usage, { provider });
  const macLength = Number(r['mac_length'] ?? 8);
  const macData = latin1(String(r['mac_data_ascii'] ?? ''));
  return checkExpectations(v, {
    txn_key: () => txn,
    pin_key: () => key('pin'),
    mac_req_key: () => key('mac-request'),
    encrypted_pinblock: () => encryptEcb('tdes', key('pin'), fromHex(String(r['pinblock'])), { provider }),
    mac_request: () => retailMac(key('mac-request'), macData, provider).subarray(0, macLength),
    mac_response: () => retailMac(key('mac-response'), macData, provider).subarray(0, macLength),
    encrypted_request: () => encryptCbc('tdes', key('data-request'), fromHex(String(r['data'])), { provider }),
    encrypted_response: () => encryptCbc('tdes', key('data-response'), fromHex(String(r['data'])), { provider }),
  });
}

describe.each(providers.map((p) => [p.name, p] as const))('TDES DUKPT with the %s provider', (_name, provider) => {
  it('matches every published ANSI X9.24-1 vector: IPEK, transaction keys, PIN, MAC and data keys and their use', () => {
    let checked = 0;
    for (const v of vectors.tdes.vectors) checked += checkTdesVector(v, provider);
    expect(vectors.tdes.vectors).toHaveLength(41);
    expect(checked).toBe(255);
  });

  it('derives a transaction key from its parent counter exactly as from the IPEK, for any counter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x1fffff }), (counter) => {
        const ksn = withCounterTdes(KSN, counter);
        const direct = deriveTransactionKeyTdes(IPEK, ksn, { provider });
        // Re-walk the counter bits from the top, one child step per one-bit.
        let key: KeyInput = IPEK;
        let walked = 0;
        for (let bit = 1 << 20; bit > 0; bit >>>= 1) {
          if ((counter & bit) === 0) continue;
          walked |= bit;
          key = deriveChildKeyTdes(key, withCounterTdes(KSN, walked), { provider });
        }
        expect(hexOf(key)).toBe(hexOf(direct));
        const parent = counter & (counter - 1);
        if (parent !== 0) {
          const parentKey = deriveTransactionKeyTdes(IPEK, withCounterTdes(KSN, parent), { provider });
          const fromParent = deriveChildKeyTdes(parentKey, ksn, { provider });
          expect(hexOf(fromParent)).toBe(hexOf(direct));
        }
      }),
      { seed: 8583, numRuns: 40 },
    );
  });
});

describe('TDES DUKPT inputs', () => {
  it('ignores the counter bits of the KSN when deriving the IPEK', () => {
    const cleared = deriveInitialKeyTdes(BDK, fromHex('FFFF9876543210E00000'));
    expect(hexOf(deriveInitialKeyTdes(BDK, fromHex('FFFF9876543210FFFFFF')))).toBe(hexOf(cleared));
  });

  it('accepts the BDK and the IPEK as SecretKey objects', () => {
    const ipek = deriveInitialKeyTdes(SecretKey.fromBytes('tdes', BDK), KSN);
    expect(hexOf(ipek)).toBe('6AC292FAA1315B4D858AB3A3D7D5933A');
    expect(hexOf(deriveTransactionKeyTdes(ipek, KSN))).toBe('042666B49184CFA368DE9628D0397BC9');
  });

  it('rejects a BDK that is not 16 bytes with a precise error', () => {
    const e = caught(() => deriveInitialKeyTdes(BDK.subarray(0, 15), KSN));
    expect(e.code).toBe('DUKPT_BAD_BDK');
    expect(e.message).toBe('TDES DUKPT BDK must be 16 bytes');
    expect(e.expected).toBe('16 bytes');
    expect(e.found).toBe('15 bytes');
  });

  it('rejects a KSN that is not 10 bytes', () => {
    const e = caught(() => deriveInitialKeyTdes(BDK, KSN.subarray(0, 8)));
    expect(e.code).toBe('DUKPT_BAD_KSN');
    expect(e.message).toBe('TDES DUKPT KSN must be 10 bytes');
    expect(e.found).toBe('8 bytes');
    expect(caught(() => deriveTransactionKeyTdes(IPEK, new Uint8Array(12))).message).toBe('TDES DUKPT KSN must be 10 bytes');
  });

  it('rejects an initial, parent or transaction key that is not 16 bytes', () => {
    const short = new Uint8Array(24);
    expect(caught(() => deriveTransactionKeyTdes(short, KSN)).message).toBe('TDES DUKPT initial key must be 16 bytes');
    expect(caught(() => deriveChildKeyTdes(short, KSN)).message).toBe('TDES DUKPT parent key must be 16 bytes');
    const e = caught(() => deriveWorkingKeyTdes(short, 'pin'));
    expect(e.code).toBe('DUKPT_BAD_KEY');
    expect(e.message).toBe('TDES DUKPT transaction key must be 16 bytes');
  });

  it('refuses counter 0, which names the IPEK rather than a transaction key', () => {
    const e = caught(() => deriveTransactionKeyTdes(IPEK, fromHex('FFFF9876543210E00000')));
    expect(e.code).toBe('DUKPT_BAD_KSN');
    expect(e.message).toBe('TDES DUKPT KSN counter 0 names no transaction key');
  });

  it('rejects an unknown working-key usage', () => {
    const e = caught(() => deriveWorkingKeyTdes(IPEK, 'pin-response' as DukptTdesKeyUsage));
    expect(e.code).toBe('DUKPT_BAD_USAGE');
    expect(e.message).toBe('unknown TDES DUKPT key usage');
    expect(e.expected).toBe('pin | mac-request | mac-response | data-request | data-response');
  });

  it('gives each usage a different working key and leaves the transaction key untouched', () => {
    const txn = deriveTransactionKeyTdes(IPEK, KSN);
    const before = hexOf(txn);
    const usages: DukptTdesKeyUsage[] = ['pin', 'mac-request', 'mac-response', 'data-request', 'data-response'];
    const keys = new Set(usages.map((u) => hexOf(deriveWorkingKeyTdes(txn, u))));
    expect(keys.size).toBe(5);
    expect(hexOf(txn)).toBe(before);
  });
});
