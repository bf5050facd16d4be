import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import BN from 'bn.js';
import {
  dialects,
  identifyReversedTransaction,
  identifyTransaction,
  Iso8583Error,
  TRANSACTION_KINDS,
  TRANSACTIONS,
  validateRequest,
  verifyMessageMac,
  type CanonicalTlv,
  type MessageObject,
  type TransactionKind,
} from '../../src/index.js';
import { anyCupTransaction, cupTransaction, isLuhnValid } from '../../src/testing/index.js';
import { expectRoundTrip } from '../dialects/support.js';
import { SecretKey } from '../../src/crypto/key.js';

const RUNS = { seed: 8583, numRuns: 40 };
const cup = dialects.cup;
/** A double-length test MAK (the 0123… key of the ANSI X9 examples). */
const MAK = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');

const text = (obj: MessageObject, path: string): string | undefined => {
  const [f, sub] = path.split('.');
  const v = obj.fields[f!];
  if (sub === undefined) return typeof v === 'string' ? v : undefined;
  const s = v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v[sub] : undefined;
  return typeof s === 'string' ? s : undefined;
};

/** What every generated request of `kind` must be: realistic card data and the table's codes. */
function checkRealism(kind: TransactionKind, obj: MessageObject): void {
  const def = TRANSACTIONS[kind];
  const pan = text(obj, '2');
  if (pan !== undefined) expect(isLuhnValid(pan)).toBe(true);
  const track = text(obj, '35');
  if (track !== undefined) {
    expect(track.length).toBeLessThanOrEqual(37);
    expect(isLuhnValid(track.slice(0, track.indexOf('D')))).toBe(true);
  }
  const amount = text(obj, '4');
  if (amount !== undefined) {
    expect(amount).toMatch(/^[0-9]{12}$/);
    expect(amount).not.toBe('000000000000');
  }
  const icc = obj.fields['55'] as CanonicalTlv[] | undefined;
  const tag = (t: string) => icc?.find((n) => n.tag === t)?.value;
  // A script notification carries the script advice tags, which hold no amount.
  if (icc !== undefined && kind !== 'reversal' && kind !== 'advice-upload' && kind !== 'script-notification') {
    // The chip authorises the request's amount: nothing for a balance inquiry, the original sale's for a tip.
    if (kind === 'balance') expect(tag('9F02')).toBe('000000000000');
    else if (kind === 'tip') expect(new BN(tag('9F02')!, 10).add(new BN(text(obj, '48.1')!, 10)).toString(10).padStart(12, '0')).toBe(amount);
    else expect(tag('9F02')).toBe(amount);
    expect(tag('9C')).toBe(kind === 'balance' ? '31' : kind === 'refund' ? '20' : '00');
  }
  if (kind === 'advice-upload') {
    // An advice's upload repeats the advice's own 60.1 and processing code.
    const advice = TRANSACTION_KINDS.find((k) => TRANSACTIONS[k].upload === 'advice' && TRANSACTIONS[k].transactionType === text(obj, '60.1'));
    expect(advice).toBeDefined();
    expect(text(obj, '3')).toBe(TRANSACTIONS[advice!].processingCode);
    expect([obj.mti, text(obj, '60.3')]).toEqual(['0320', '201']);
  } else if (kind !== 'reversal') {
    expect(obj.mti).toBe(def.mti);
    expect(text(obj, '60.1')).toBe(def.transactionType);
    // A request that stops after 60.2 (the payment result query) counts as 000.
    expect(def.networkCodes).toContain(text(obj, '60.3') ?? '000');
    if (def.processingCode !== undefined) expect(text(obj, '3')).toBe(def.processingCode);
    if (def.conditionCode !== undefined) expect(text(obj, '25')).toBe(def.conditionCode);
  }
}

describe.each(TRANSACTION_KINDS)('cupTransaction(%s)', (kind) => {
  it('makes requests that round-trip through dialects.cup, validate as unsigned and use the table codes', () => {
    fc.assert(
      fc.property(cupTransaction(kind), (obj) => {
        const m = expectRoundTrip(cup, obj);
        expect(validateRequest(m, { unsigned: true })).toBe(kind);
        expect(obj.fields['64']).toBeUndefined();
        checkRealism(kind, obj);
      }),
      RUNS,
    );
  });

  it('signs the requests that carry a MAC when given a MAK, so they validate as they are', () => {
    fc.assert(
      fc.property(cupTransaction(kind, { mak: MAK }), (obj) => {
        const bytes = cup.encode(obj);
        expect(validateRequest(cup.decode(bytes))).toBe(kind);
        if (TRANSACTIONS[kind].mac) expect(verifyMessageMac(cup, bytes, MAK)).toBe(true);
        else expect(obj.fields['64']).toBeUndefined();
      }),
      { seed: 8583, numRuns: 15 },
    );
  });
});

describe('cupTransaction', () => {
  it('reverses only transactions the table marks reversible, for every reason', () => {
    const originals = new Set<string>();
    const reasons = new Set<string>();
    fc.assert(
      fc.property(cupTransaction('reversal'), (obj) => {
        const m = cup.decode(cup.encode(obj));
        const original = identifyReversedTransaction(m)!;
        expect(TRANSACTIONS[original].reversible).toBe(true);
        for (const dropped of ['26', '35', '36', '52', '53']) expect(obj.fields[dropped]).toBeUndefined();
        originals.add(original);
        reasons.add(text(obj, '39')!);
      }),
      { seed: 8583, numRuns: 150 },
    );
    expect([...originals].sort()).toEqual(TRANSACTION_KINDS.filter((k) => TRANSACTIONS[k].reversible).sort());
    expect([...reasons].sort()).toEqual(['06', '96', '98', 'A0']);
  });

  it('reads cards every way a transaction allows: swiped, chip, contactless, keyed and scanned sales', () => {
    const entries = new Set<string>();
    fc.assert(
      fc.property(cupTransaction('sale'), (obj) => {
        entries.add(text(obj, '22.1')!);
        if (text(obj, '22.1') === '03') expect((obj.fields['59'] as CanonicalTlv[])[0]!.tag).toBe('A3');
      }),
      { seed: 8583, numRuns: 150 },
    );
    expect([...entries].sort()).toEqual(['01', '02', '03', '05', '07']);
  });

  it('builds with the dialect it is given', () => {
    const binaryMac = dialects.cup.derive({ name: 'cup-binary-mac', fields: { '64': { name: 'MAC', attr: 'b', length: 8, encoding: 'binary' } } });
    fc.assert(
      fc.property(cupTransaction('sale', { dialect: binaryMac, mak: MAK }), (obj) => {
        expect(obj.fields['64']).toMatch(/^[0-9A-F]{16}$/);
        expect(verifyMessageMac(binaryMac, binaryMac.encode(obj), MAK)).toBe(true);
      }),
      { seed: 8583, numRuns: 10 },
    );
  });

  it('throws BAD_OPTION for a kind the table does not have', () => {
    let e: unknown;
    try {
      cupTransaction('cashback' as TransactionKind);
    } catch (caught) {
      e = caught;
    }
    expect(e).toBeInstanceOf(Iso8583Error);
    expect([(e as Iso8583Error).code, (e as Iso8583Error).message]).toEqual(['BAD_OPTION', 'transaction kind is not one of the CUP POS table (field kind)']);
  });
});

describe('anyCupTransaction', () => {
  it('covers every transaction of the table, each request identified as the kind it was built as', () => {
    const kinds = new Set<TransactionKind>();
    fc.assert(
      fc.property(anyCupTransaction(), ({ kind, request }) => {
        const m = cup.decode(cup.encode(request));
        expect(identifyTransaction(m)).toBe(kind);
        expect(validateRequest(m, { unsigned: true })).toBe(kind);
        kinds.add(kind);
      }),
      { seed: 8583, numRuns: 300 },
    );
    expect(kinds.size).toBe(TRANSACTION_KINDS.length);
  });
});
