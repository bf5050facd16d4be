import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import BN from 'bn.js';
import { BatchJournal, MAX_UPLOAD_RECORDS, settlementDirection, uploadRoute, type BatchRecordInput } from '../../src/txn/batch-journal.js';
import type { BatchJournalState, TransactionKind } from '../../src/txn/types.js';
import { caught } from '../support/errors.js';

function sale(stan: string, amount: string, over: Partial<BatchRecordInput> = {}): BatchRecordInput {
  return { stan, kind: 'sale', amount, direction: 'debit', cardClass: 'domestic', pan: '6210810840003424940', ...over };
}

function refund(stan: string, amount: string, over: Partial<BatchRecordInput> = {}): BatchRecordInput {
  return { ...sale(stan, amount), kind: 'refund', direction: 'credit', ...over };
}

function fresh(onChange?: (s: BatchJournalState) => void): BatchJournal {
  return new BatchJournal({ batch: '000012', records: [] }, onChange);
}

describe('BatchJournal.record', () => {
  it('keeps a record with its amount as 12 zero-filled digits, not voided', () => {
    const j = fresh();
    j.record(sale('000001', '12345', { rrn: '183015002310', authCode: '123456', date: '0611' }));
    expect(j.records()).toEqual([
      {
        stan: '000001',
        kind: 'sale',
        amount: '000000012345',
        direction: 'debit',
        cardClass: 'domestic',
        pan: '6210810840003424940',
        rrn: '183015002310',
        authCode: '123456',
        date: '0611',
        voided: false,
      },
    ]);
  });

  it('accepts a BN amount', () => {
    const j = fresh();
    j.record(sale('000001', '0', { amount: new BN('999999999999', 10) }));
    expect(j.find('000001')!.amount).toBe('999999999999');
  });

  it('accepts a scanned-code sale that has no PAN', () => {
    const j = fresh();
    j.record(sale('000001', '100', { pan: '' }));
    expect(j.find('000001')!.pan).toBe('');
  });

  it('reports every invalid property in one INVALID_INPUT error, without values', () => {
    const e = caught(() =>
      fresh().record({
        stan: '000000',
        kind: 'purchase' as TransactionKind,
        amount: '1234567890123',
        direction: 'up' as 'debit',
        cardClass: 'local' as 'domestic',
        pan: '6210-8108',
        rrn: '12',
        authCode: '1234567',
        date: '611',
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('batch record has 9 invalid properties');
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      ['stan', 'STAN must be 6 digits from 000001 to 999999 (field stan)'],
      ['kind', 'kind must be a transaction kind (field kind)'],
      ['amount', 'amount must be 1 to 12 digits (field amount)'],
      ['direction', 'direction must be debit or credit (field direction)'],
      ['cardClass', 'card class must be domestic or foreign (field cardClass)'],
      ['pan', 'PAN must be up to 19 digits (field pan)'],
      ['rrn', 'RRN must be 12 characters (field rrn)'],
      ['authCode', 'authorisation code must be 6 characters (field authCode)'],
      ['date', 'date must be MMDD (field date)'],
    ]);
    expect(e.problems.every((p) => p.code === 'INVALID_INPUT')).toBe(true);
    expect(JSON.stringify(e.problems.map((p) => p.message))).not.toContain('6210');
  });

  it('refuses zero and over-long amounts, as strings and as BN', () => {
    const problem = (amount: string | BN): string => caught(() => fresh().record(sale('000001', '1', { amount }))).problems[0]!.message;
    expect(problem('000')).toBe('amount must be greater than zero (field amount)');
    expect(problem(new BN(0))).toBe('amount must be greater than zero (field amount)');
    expect(problem(new BN(-5))).toBe('amount must be greater than zero (field amount)');
    expect(problem(new BN('1000000000000', 10))).toBe('amount must have at most 12 digits (field amount)');
    expect(problem('12.50')).toBe('amount must be 1 to 12 digits (field amount)');
  });

  it('refuses a direction that contradicts the kind', () => {
    const e = caught(() => fresh().record(refund('000001', '100', { direction: 'debit' })));
    expect(e.message).toBe('batch record has 1 invalid property');
    expect(e.problems[0]!.message).toBe('direction must be credit for this kind (field direction)');
  });

  it('refuses a second record with the same STAN in a batch', () => {
    const j = fresh();
    j.record(sale('000007', '100'));
    const e = caught(() => j.record(refund('000007', '50')));
    expect(e.code).toBe('DUPLICATE_STAN');
    expect(e.message).toBe('the batch already holds a record with this STAN (field stan)');
    expect(j.records()).toHaveLength(1);
  });
});

describe('BatchJournal.totals', () => {
  it('sums debits and credits per card class (hand-computed)', () => {
    const j = fresh();
    j.record(sale('000001', '123450'));
    j.record(sale('000002', '000000000050'));
    j.record(sale('000003', '1', { kind: 'preauth-completion' }));
    j.record(sale('000004', '2000', { kind: 'offline-settlement', cardClass: 'foreign', pan: '4761739001010010' }));
    j.record(refund('000005', '2000'));
    j.record(refund('000006', '999', { cardClass: 'foreign', pan: '4761739001010010' }));
    // domestic debit 1234.50 + 0.50 + 0.01 = 1235.01 in 3; credit 20.00 in 1; foreign debit 20.00, credit 9.99.
    expect(j.totals()).toEqual({
      domestic: { debitAmount: '000000123501', debitCount: 3, creditAmount: '000000002000', creditCount: 1 },
      foreign: { debitAmount: '000000002000', debitCount: 1, creditAmount: '000000000999', creditCount: 1 },
    });
  });

  it('is all zeros for an empty batch', () => {
    const zero = { debitAmount: '000000000000', debitCount: 0, creditAmount: '000000000000', creditCount: 0 };
    expect(fresh().totals()).toEqual({ domestic: zero, foreign: zero });
  });

  it('leaves voided records out', () => {
    const j = fresh();
    j.record(sale('000001', '5000'));
    j.record(sale('000002', '700'));
    expect(j.voidRecord('000001')).toBe(true);
    expect(j.totals().domestic).toEqual({ debitAmount: '000000000700', debitCount: 1, creditAmount: '000000000000', creditCount: 0 });
  });

  it('stays exact beyond the range of a double, growing past 12 digits rather than rounding', () => {
    const j = fresh();
    for (let i = 1; i <= 3; i++) j.record(sale(`00000${i}`, '999999999999'));
    j.record(sale('000004', '1'));
    // 3 × 999 999 999 999 + 1 = 2 999 999 999 998
    expect(j.totals().domestic.debitAmount).toBe('2999999999998');
  });

  it('matches a plain integer sum of the un-voided records for random batches', () => {
    const rec = fc.record({
      amount: fc.integer({ min: 1, max: 1_000_000_000 }),
      credit: fc.boolean(),
      foreign: fc.boolean(),
      voided: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 40 }), (recs) => {
        const j = fresh();
        recs.forEach((r, i) => {
          const stan = String(i + 1).padStart(6, '0');
          const base = r.credit ? refund(stan, String(r.amount)) : sale(stan, String(r.amount));
          j.record({ ...base, cardClass: r.foreign ? 'foreign' : 'domestic' });
          if (r.voided) j.voidRecord(stan);
        });
        const t = j.totals();
        for (const cls of ['domestic', 'foreign'] as const) {
          for (const credit of [false, true]) {
            const live = recs.filter((r) => !r.voided && r.foreign === (cls === 'foreign') && r.credit === credit);
            // Sums stay below 2^53 here, so a plain number is an exact oracle.
            const sum = live.reduce((a, r) => a + r.amount, 0);
            const amount = credit ? t[cls].creditAmount : t[cls].debitAmount;
            const count = credit ? t[cls].creditCount : t[cls].debitCount;
            expect(amount).toBe(String(sum).padStart(12, '0'));
            expect(count).toBe(live.length);
          }
        }
      }),
      { seed: 8583, numRuns: 150 },
    );
  });
});

describe('BatchJournal.voidRecord', () => {
  it('voids a record once and reports when there is nothing to void', () => {
    const saved: BatchJournalState[] = [];
    const j = fresh((s) => saved.push(s));
    j.record(sale('000001', '100'));
    expect(j.voidRecord('000001')).toBe(true);
    expect(j.find('000001')!.voided).toBe(true);
    expect(j.voidRecord('000001')).toBe(false);
    expect(j.voidRecord('000002')).toBe(false);
    expect(saved).toHaveLength(2);
  });
});

describe('BatchJournal.uploadBatches', () => {
  it('carries only magnetic stripe and keyed online sales: not refunds, advices, chip, contactless or scanned-code sales (D3)', () => {
    const j = fresh();
    j.record(sale('000001', '100', { entryMode: '02' }));
    j.record(sale('000002', '100', { entryMode: '05' }));
    j.record(sale('000003', '100', { entryMode: '07' }));
    j.record(sale('000004', '100', { entryMode: '03', pan: '' }));
    j.record(refund('000005', '100', { entryMode: '02' }));
    j.record(sale('000006', '100', { kind: 'offline-settlement', entryMode: '01' }));
    j.record(sale('000007', '100', { entryMode: '01' }));
    j.record(sale('000008', '100', { kind: 'preauth-completion', entryMode: '02' }));
    expect(j.uploadBatches().flat().map((r) => r.stan)).toEqual(['000001', '000007', '000008']);
    expect(j.records().map(uploadRoute)).toEqual(['magstripe', 'chip', 'chip', null, 'advice', 'advice', 'magstripe', 'magstripe']);
  });

  it('cuts the un-voided records into messages of at most 8, in approval order', () => {
    const j = fresh();
    for (let i = 1; i <= 17; i++) j.record(sale(String(i).padStart(6, '0'), String(i * 100)));
    j.voidRecord('000003');
    j.voidRecord('000010');
    const chunks = j.uploadBatches();
    expect(MAX_UPLOAD_RECORDS).toBe(8);
    expect(chunks.map((c) => c.length)).toEqual([8, 7]);
    expect(chunks[0]!.map((r) => r.stan)).toEqual(['000001', '000002', '000004', '000005', '000006', '000007', '000008', '000009']);
    expect(chunks[1]![0]!.stan).toBe('000011');
  });

  it('honours a smaller limit and gives no messages for an empty batch', () => {
    const j = fresh();
    for (let i = 1; i <= 7; i++) j.record(sale(`00000${i}`, '1'));
    expect(j.uploadBatches(3).map((c) => c.length)).toEqual([3, 3, 1]);
    expect(fresh().uploadBatches()).toEqual([]);
  });

  it('refuses a limit outside 1 to 8', () => {
    for (const n of [0, 9, 2.5]) {
      const e = caught(() => fresh().uploadBatches(n));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toBe('records per upload message must be a whole number from 1 to 8 (field maxPerMessage)');
    }
  });

  it('hands out copies', () => {
    const j = fresh();
    j.record(sale('000001', '1'));
    j.uploadBatches()[0]![0]!.amount = '000000000002';
    j.records()[0]!.voided = true;
    expect(j.find('000001')).toMatchObject({ amount: '000000000001', voided: false });
  });
});

describe('BatchJournal.nextUpload', () => {
  function mixed(): BatchJournal {
    const j = fresh();
    for (let i = 1; i <= 9; i++) j.record(sale(String(i).padStart(6, '0'), '100', { entryMode: '02' }));
    j.record(refund('000010', '50'));
    j.record(sale('000011', '100', { entryMode: '05' }));
    j.record(sale('000012', '100', { kind: 'offline-settlement', entryMode: '01' }));
    return j;
  }

  it('after an unbalanced settlement goes through the swiped records eight at a time, then each advice, then each chip record', () => {
    const j = mixed();
    const uploaded: string[] = [];
    const steps: string[] = [];
    for (let step = j.nextUpload(uploaded, false); step !== null; step = j.nextUpload(uploaded, false)) {
      steps.push(`${step.route} ${step.records.map((r) => r.stan).join(',')}`);
      uploaded.push(...step.records.map((r) => r.stan));
    }
    expect(steps).toEqual([
      'magstripe 000001,000002,000003,000004,000005,000006,000007,000008',
      'magstripe 000009',
      'advice 000010',
      'advice 000012',
      'chip 000011',
    ]);
  });

  it('after a balanced settlement uploads only the chip records', () => {
    const j = mixed();
    expect(j.nextUpload([], true)).toMatchObject({ route: 'chip', records: [{ stan: '000011' }] });
    expect(j.nextUpload(['000011'], true)).toBeNull();
  });

  it('leaves voided records out', () => {
    const j = fresh();
    j.record(sale('000001', '100', { entryMode: '05' }));
    j.voidRecord('000001');
    expect(j.nextUpload([], false)).toBeNull();
  });
});

describe('BatchJournal.restoreRecord and amend', () => {
  it('counts a voided record again when the void that cancelled it is reversed', () => {
    const j = fresh();
    j.record(sale('000001', '100'));
    expect(j.restoreRecord('000001')).toBe(false);
    j.voidRecord('000001');
    expect(j.restoreRecord('000001')).toBe(true);
    expect(j.totals().domestic).toMatchObject({ debitAmount: '000000000100', debitCount: 1 });
    expect(j.restoreRecord('000009')).toBe(false);
  });

  it('gives a record the amount a tip or adjustment made it, and leaves voided records alone (D5)', () => {
    const j = fresh();
    j.record(sale('000001', '1000'));
    j.record(sale('000002', '500'));
    expect(j.amend('000001', '1200')).toBe(true);
    j.voidRecord('000002');
    expect(j.amend('000002', '900')).toBe(false);
    expect(j.amend('000003', '900')).toBe(false);
    expect(j.totals().domestic).toMatchObject({ debitAmount: '000000001200', debitCount: 1 });
    expect(caught(() => j.amend('000001', '0')).message).toBe('amount must be greater than zero (field amount)');
  });

  it('keeps the card organisation, entry mode and detail of a record, and checks them', () => {
    const j = fresh();
    const detail = { mti: '0200', fields: { '3': '000000', '55': [{ tag: '9F26', value: '1122334455667788' }] } };
    j.record(sale('000001', '100', { cardOrganisation: 'CUP', entryMode: '05', detail }));
    expect(j.find('000001')).toMatchObject({ cardOrganisation: 'CUP', entryMode: '05', detail });
    const e = caught(() => j.record(sale('000002', '100', { cardOrganisation: 'VISA', entryMode: '5', detail: null as unknown as undefined })));
    expect(e.problems.map((p) => p.path)).toEqual(['cardOrganisation', 'entryMode', 'detail']);
  });
});

describe('BatchJournal.reset and state', () => {
  it('starts a new, empty batch and persists it', () => {
    const saved: BatchJournalState[] = [];
    const j = fresh((s) => saved.push(s));
    j.record(sale('000001', '100'));
    j.reset('000013');
    expect(j.batch).toBe('000013');
    expect(j.records()).toEqual([]);
    expect(saved.at(-1)).toEqual({ batch: '000013', records: [] });
    j.record(sale('000001', '100'));
    expect(j.records()).toHaveLength(1);
  });

  it('refuses a batch number that is not 6 digits', () => {
    const e = caught(() => fresh().reset('13'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('batch number must be 6 digits (field batch)');
  });

  it('reports each change with a copy of the whole state', () => {
    const saved: BatchJournalState[] = [];
    const j = fresh((s) => saved.push(s));
    j.record(sale('000001', '100'));
    j.record(refund('000002', '40'));
    saved[1]!.records[0]!.voided = true;
    expect(saved.map((s) => s.records.length)).toEqual([1, 2]);
    expect(j.find('000001')!.voided).toBe(false);
  });

  it('restores from its JSON state with the same totals and upload batches', () => {
    const j = fresh();
    j.record(sale('000001', '100'));
    j.record(refund('000002', '40', { cardClass: 'foreign' }));
    j.record(sale('000003', '7'));
    j.voidRecord('000003');
    const restored = new BatchJournal(JSON.parse(JSON.stringify(j.state())) as BatchJournalState);
    expect(restored.state()).toEqual(j.state());
    expect(restored.totals()).toEqual(j.totals());
    expect(restored.uploadBatches()).toEqual(j.uploadBatches());
  });

  it('rejects a malformed restored state, naming the bad part', () => {
    const rec = { ...sale('000001', '000000000100'), voided: false };
    const cases: Array<[unknown, string]> = [
      [undefined, 'batch journal state must be an object (field batchJournal)'],
      [{ batch: '1', records: [] }, 'batch number must be 6 digits (field batchJournal.batch)'],
      [{ batch: '000001', records: {} }, 'batch records must be a list (field batchJournal.records)'],
      [{ batch: '000001', records: [null] }, 'batch record must be an object (field batchJournal.records.0)'],
      [{ batch: '000001', records: [{ ...rec, amount: 'x' }] }, 'batch record is not valid (field batchJournal.records.0.amount)'],
      [{ batch: '000001', records: [{ ...rec, voided: 'no' }] }, 'batch record is not valid (field batchJournal.records.0.voided)'],
      [{ batch: '000001', records: [rec, rec] }, 'batch records must not repeat a STAN (field batchJournal.records.1.stan)'],
    ];
    for (const [state, message] of cases) {
      const e = caught(() => new BatchJournal(state as BatchJournalState));
      expect(e.code).toBe('BAD_STATE');
      expect(e.message).toBe(message);
    }
  });
});

describe('settlementDirection', () => {
  it('counts sales, completions and offline settlements as debits and refunds as credits', () => {
    const kinds: TransactionKind[] = ['sale', 'preauth-completion', 'preauth-completion-advice', 'offline-settlement', 'refund', 'void', 'balance', 'preauth', 'preauth-void', 'preauth-completion-void', 'sign-in'];
    expect(kinds.map(settlementDirection)).toEqual(['debit', 'debit', 'debit', 'debit', 'credit', null, null, null, null, null, null]);
  });
});
