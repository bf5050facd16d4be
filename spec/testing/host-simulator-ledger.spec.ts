import { describe, expect, it } from 'vitest';
import { HostLedger, type LedgerEntry } from '../../src/testing/host-simulator-ledger.js';
import type { SettlementTotals } from '../../src/txn/types.js';

const TID = 'TERM0001';
const DOMESTIC = '6225880123456783';
const FOREIGN = '4761340000000019';

function entry(stan: string, kind: LedgerEntry['kind'], amount: string, pan = DOMESTIC, more: Partial<LedgerEntry> = {}): LedgerEntry {
  return { terminalId: TID, batch: '000100', stan, kind, amount: amount.padStart(12, '0'), pan, rrn: `RRN${stan}000`, date: '0611', status: 'approved', ...more };
}

function totals(dd: [string, number, string, number], ff: [string, number, string, number]): SettlementTotals {
  const t = ([debitAmount, debitCount, creditAmount, creditCount]: [string, number, string, number]) => ({ debitAmount, debitCount, creditAmount, creditCount });
  return { domestic: t(dd), foreign: t(ff) };
}

function ledgerWithBatch(): HostLedger {
  const l = new HostLedger();
  l.record(entry('000001', 'sale', '1000'));
  l.record(entry('000002', 'sale', '2000'));
  l.record(entry('000003', 'sale', '700', FOREIGN));
  l.record(entry('000004', 'refund', '300', DOMESTIC, { refundOf: 'RRN000001000' }));
  l.record(entry('000005', 'balance', '1'));
  return l;
}

describe('HostLedger totals', () => {
  it('sums debits and credits per card class and leaves inquiries out', () => {
    expect(ledgerWithBatch().totals(TID, '000100')).toEqual(
      totals(['000000003000', 2, '000000000300', 1], ['000000000700', 1, '000000000000', 0]),
    );
  });

  it('leaves voided and reversed transactions out of the totals', () => {
    const l = ledgerWithBatch();
    l.setStatus(l.findByStan(TID, '000100', '000002')!, 'voided');
    l.setStatus(l.findByStan(TID, '000100', '000003')!, 'reversed');
    expect(l.totals(TID, '000100')).toEqual(totals(['000000001000', 1, '000000000300', 1], ['000000000000', 0, '000000000000', 0]));
  });

  it('keeps batches and terminals apart', () => {
    const l = ledgerWithBatch();
    l.record({ ...entry('000001', 'sale', '5'), batch: '000101' });
    l.record({ ...entry('000001', 'sale', '9'), terminalId: 'TERM/002' });
    expect(l.totals(TID, '000101').domestic.debitAmount).toBe('000000000005');
    expect(l.totals('TERM/002', '000100').domestic.debitAmount).toBe('000000000009');
    expect(l.entries(TID).length).toBe(6);
    expect(l.entries(TID, '000101').map((e) => e.stan)).toEqual(['000001']);
  });

  it('counts a scanned-code sale without a PAN as domestic', () => {
    const l = new HostLedger();
    l.record(entry('000001', 'sale', '88', ''));
    expect(l.totals(TID, '000100').domestic.debitCount).toBe(1);
  });

  it('splits card classes by the acquirer prefixes it is given', () => {
    const l = new HostLedger({ domesticPrefixes: ['4761'] });
    l.record(entry('000001', 'sale', '10', FOREIGN));
    expect(l.totals(TID, '000100').domestic.debitCount).toBe(1);
  });
});

describe('HostLedger lookups', () => {
  it('finds a transaction by RRN across terminals and sums the refunds against it', () => {
    const l = ledgerWithBatch();
    l.record({ ...entry('000009', 'refund', '200', DOMESTIC, { refundOf: 'RRN000001000' }), terminalId: 'OTHER001' });
    l.record(entry('000010', 'refund', '50', DOMESTIC, { refundOf: 'RRN000001000', status: 'reversed' }));
    expect(l.findByRrn('RRN000002000')?.stan).toBe('000002');
    expect(l.findByRrn('NOPE')).toBeUndefined();
    expect(l.refundedAmount('RRN000001000').toString(10)).toBe('500');
  });

  it('hands out copies from entries() so callers cannot change the books', () => {
    const l = ledgerWithBatch();
    l.entries(TID)[0]!.status = 'voided';
    expect(l.findByStan(TID, '000100', '000001')!.status).toBe('approved');
  });
});

describe('HostLedger settlement', () => {
  const terminalTotals = totals(['000000003000', 2, '000000000300', 1], ['000000000700', 1, '000000000000', 0]);

  it('balances both card classes when the terminal totals equal the host totals', () => {
    const l = ledgerWithBatch();
    const check = l.settle(TID, '000100', terminalTotals, false);
    expect([check.domestic, check.foreign]).toEqual(['balanced', 'balanced']);
    expect(l.isSettled(TID, '000100')).toBe(true);
    expect(l.isSettled(TID, '000101')).toBe(false);
  });

  it('compares amounts by value, so zero fill does not matter', () => {
    const loose = totals(['3000', 2, '300', 1], ['700', 1, '0', 0]);
    expect(ledgerWithBatch().settle(TID, '000100', loose, false).domestic).toBe('balanced');
  });

  it('marks only the card class whose totals differ as not balanced', () => {
    const off = totals(['000000003000', 2, '000000000300', 1], ['000000000701', 1, '000000000000', 0]);
    const check = ledgerWithBatch().settle(TID, '000100', off, false);
    expect([check.domestic, check.foreign]).toEqual(['balanced', 'unbalanced']);
  });

  it('marks both classes not balanced when a dispute is forced and both hold transactions', () => {
    const check = ledgerWithBatch().settle(TID, '000100', terminalTotals, true);
    expect([check.domestic, check.foreign]).toEqual(['unbalanced', 'unbalanced']);
  });

  it('leaves a class that holds nothing on either side balanced under a forced dispute, as a real host would', () => {
    const l = new HostLedger();
    l.record(entry('000001', 'sale', '1000'));
    const check = l.settle(TID, '000100', totals(['1000', 1, '0', 0], ['0', 0, '0', 0]), true);
    expect([check.domestic, check.foreign]).toEqual(['unbalanced', 'balanced']);
    expect(l.lastSettlement(TID, '000100')).toMatchObject({ domestic: 'unbalanced', foreign: 'balanced' });
    expect(l.lastSettlement(TID, '000101')).toBeUndefined();
  });
});

describe('HostLedger card classes and amendments', () => {
  it('counts an entry by the card organisation it answered with (CUP = domestic), whatever its BIN (D4)', () => {
    const l = new HostLedger();
    l.record(entry('000001', 'sale', '5000', '4367420012345673', { organisation: 'CUP' }));
    l.record(entry('000002', 'sale', '700', DOMESTIC, { organisation: 'VIS' }));
    expect(l.totals(TID, '000100')).toEqual(totals(['5000'.padStart(12, '0'), 1, '0'.padStart(12, '0'), 0], ['700'.padStart(12, '0'), 1, '0'.padStart(12, '0'), 0]));
  });

  it('gives a sale the amount a tip made it (D5)', () => {
    const l = new HostLedger();
    l.record(entry('000001', 'sale', '1000'));
    l.amend(l.findByStan(TID, '000100', '000001')!, '1200');
    expect(l.totals(TID, '000100').domestic.debitAmount).toBe('000000001200');
  });
});

describe('HostLedger uploads', () => {
  it('keeps one copy of a record uploaded twice (a message sent again)', () => {
    const l = ledgerWithBatch();
    const rec = { cardClass: 'domestic' as const, stan: '000001', pan: DOMESTIC, amount: '000000001000' };
    l.upload(TID, '000100', [rec]);
    l.upload(TID, '000100', [{ ...rec, route: 'magstripe' }]);
    expect(l.uploadReport(TID, '000100')).toMatchObject({ uploaded: 1, matched: 1 });
  });

  it('reports matched, unknown and missing records of a batch upload', () => {
    const l = ledgerWithBatch();
    l.upload(TID, '000100', [
      { cardClass: 'domestic', stan: '000001', pan: DOMESTIC, amount: '000000001000' },
      { cardClass: 'domestic', stan: '000002', pan: DOMESTIC, amount: '000000002001' },
      { cardClass: 'domestic', stan: '000077', pan: DOMESTIC, amount: '000000000001' },
    ]);
    l.upload(TID, '000100', [{ cardClass: 'domestic', stan: '000004', pan: DOMESTIC, amount: '300' }]);
    l.endUpload(TID, '000100', 4);
    expect(l.uploadReport(TID, '000100')).toEqual({
      uploaded: 4,
      matched: 2,
      unknownToHost: ['000002', '000077'],
      missingFromUpload: ['000003'],
      announced: 4,
    });
  });

  it('reports an empty upload for a batch it never saw', () => {
    expect(new HostLedger().uploadReport(TID, '000100')).toEqual({ uploaded: 0, matched: 0, unknownToHost: [], missingFromUpload: [] });
  });
});
