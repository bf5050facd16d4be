import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cupDialect } from '../../src/index.js';
import { toHex } from '../../src/bytes/hex.js';
import type { Message } from '../../src/message/message.js';
import {
  buildAdviceUpload,
  buildBatchUpload,
  buildBatchUploadEnd,
  buildEcho,
  buildIcTcUpload,
  buildSettlement,
  buildSignIn,
  buildSignOut,
  cardClassCode,
  type ManagementContext,
} from '../../src/txn/management.js';
import { TRANSACTIONS } from '../../src/txn/transaction-table.js';
import { validateRequest } from '../../src/txn/validate-request.js';
import type { BatchRecord, SettlementTotals, TransactionKind } from '../../src/txn/types.js';
import { loadCupFixtures, splitFixture } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = cupDialect();
const FIXTURES = loadCupFixtures();

function fixtureBody(file: string): string {
  return toHex(splitFixture(FIXTURES.find((f) => f.file === file)!).body);
}

/** The terminal of the synthetic batch-upload, echo and settlement fixtures. */
function ctx(stan: string, over: Partial<ManagementContext> = {}): ManagementContext {
  return { dialect: cup, terminalId: '80010001', merchantId: '102310058120001', stan, batch: '000012', operator: '001', ...over };
}

function record(stan: string, pan: string, amount: string, cardClass: 'domestic' | 'foreign' = 'domestic'): BatchRecord {
  return { stan, kind: 'sale', amount, direction: 'debit', cardClass, pan, voided: false };
}

const ZERO = { debitAmount: '000000000000', debitCount: 0, creditAmount: '000000000000', creditCount: 0 };

/** Fields present, as numbers. */
function present(m: Message): number[] {
  return m.fieldNumbers();
}

/** Every mandatory field of the table row is present and nothing outside mandatory and conditional is. */
function expectTableFields(m: Message, kind: TransactionKind): void {
  const def = TRANSACTIONS[kind];
  const f = present(m);
  for (const n of def.mandatory) expect(f, `field ${n}`).toContain(n);
  for (const n of f) expect([...def.mandatory, ...def.conditional], `field ${n}`).toContain(n);
  expect(m.mti).toBe(def.mti);
  expect(m.get('60.1')).toBe(def.transactionType);
  expect(def.networkCodes).toContain(m.get('60.3'));
  expect(validateRequest(m)).toBe(kind);
}

describe('sign-in (0800)', () => {
  it('encodes the captured Easy8583Ans sign-in byte for byte from its terminal, layout 003, licence and serial', () => {
    const m = buildSignIn(
      { dialect: cup, terminalId: '99999906', merchantId: '001430170119999', stan: '000001', batch: '000000', operator: '001' },
      { keyLayout: '003', terminalInfo: { licence: '3060', serial: '99999906' } },
    );
    expect(toHex(cup.encode(m))).toBe(fixtureBody('cup-0800-signin-2.json'));
    expectTableFields(m, 'sign-in');
  });

  it('asks for each key layout in 60.3 and defaults to double-length keys', () => {
    for (const keyLayout of ['001', '003', '004'] as const) {
      expect(buildSignIn(ctx('000001'), { keyLayout }).get('60.3')).toBe(keyLayout);
    }
    const m = buildSignIn(ctx('000001'));
    expect(m.get('60')).toEqual({ '1': '00', '2': '000012', '3': '003' });
    expect(m.has('62')).toBe(false);
    expect(m.get('63.1')).toBe('001');
    expectTableFields(m, 'sign-in');
  });

  it('reports every bad input at once with value-free texts', () => {
    const e = caught(() =>
      buildSignIn(ctx('000000', { terminalId: '123', operator: '' }), {
        keyLayout: '002' as '001',
        terminalInfo: { licence: '12345', serial: '' },
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe(
      'request input has 6 problems: ctx.terminalId, ctx.stan, ctx.operator, keyLayout, terminalInfo.licence, terminalInfo.serial',
    );
    expect(e.problems.map((p) => [p.code, p.message])).toEqual([
      ['BAD_TEXT', 'terminal ID must be 8 printable ASCII characters (field ctx.terminalId)'],
      ['BAD_STAN', 'STAN must be 6 digits from 000001 to 999999 (field ctx.stan)'],
      ['BAD_OPERATOR', 'operator code must be 1 to 3 printable ASCII characters (field ctx.operator)'],
      ['BAD_KEY_LAYOUT', 'key layout must be 001, 003 or 004 (field keyLayout)'],
      ['BAD_TEXT', 'licence number must be 4 printable ASCII characters (field terminalInfo.licence)'],
      ['BAD_TEXT', 'serial number must be 1 to 95 printable ASCII characters (field terminalInfo.serial)'],
    ]);
  });
});

describe('sign-out and echo (0820)', () => {
  it('encodes the synthetic echo fixture byte for byte (60.3 = 301)', () => {
    const m = buildEcho(ctx('000250'));
    expect(toHex(cup.encode(m))).toBe(fixtureBody('cup-0820-echo.json'));
    expectTableFields(m, 'echo');
  });

  it('builds a sign-out with 11, 41, 42 and 60 = 00 / batch / 002 only', () => {
    const m = buildSignOut(ctx('000007'));
    expect(m.toObject()).toEqual({
      mti: '0820',
      fields: { '11': '000007', '41': '80010001', '42': '102310058120001', '60': { '1': '00', '2': '000012', '3': '002' } },
    });
    expectTableFields(m, 'sign-out');
  });

  it('needs no operator for sign-out and echo but still checks the identifiers', () => {
    expect(buildEcho(ctx('000001', { operator: '' })).has('63')).toBe(false);
    const e = caught(() => buildSignOut(ctx('1', { merchantId: 'x', batch: '12' })));
    expect(e.message).toBe('request input has 3 problems: ctx.merchantId, ctx.stan, ctx.batch');
  });
});

describe('settlement (0500)', () => {
  it('encodes the captured settlement request from its totals, operator and batch', () => {
    const totals: SettlementTotals = {
      domestic: { debitAmount: '7', debitCount: 7, creditAmount: '0', creditCount: 0 },
      foreign: ZERO,
    };
    const m = buildSettlement(
      { dialect: cup, terminalId: '12345677', merchantId: '123456789012345', stan: '000645', batch: '000003', operator: '01 ' },
      { totals },
    );
    expect(toHex(cup.encode(m))).toBe(fixtureBody('cup-0500-settle-1.json'));
    expectTableFields(m, 'settlement');
  });

  it('writes both card classes into the 62 digits of 48 with request codes 0 and the given currency', () => {
    const totals: SettlementTotals = {
      domestic: { debitAmount: '123450', debitCount: 5, creditAmount: '2000', creditCount: 1 },
      foreign: { debitAmount: '999999999999', debitCount: 999, creditAmount: '1', creditCount: 1 },
    };
    const m = buildSettlement(ctx('000231'), { totals, currency: '344' });
    const wire = cup.decode(cup.encode(m));
    expect(wire.get('48.1')).toEqual({ '1': '000000123450', '2': '005', '3': '000000002000', '4': '001', '5': '0' });
    expect(wire.get('48.2')).toEqual({ '1': '999999999999', '2': '999', '3': '000000000001', '4': '001', '5': '0' });
    expect(wire.get('49')).toBe('344');
    expect(wire.get('60')).toEqual({ '1': '00', '2': '000012', '3': '201' });
  });

  it('refuses totals that do not fit field 48 and a bad currency in one error', () => {
    const e = caught(() =>
      buildSettlement(ctx('000231'), { totals: { domestic: { ...ZERO, debitCount: 1000 }, foreign: ZERO }, currency: 'CNY' }),
    );
    expect(e.message).toBe('request input has 2 problems: currency, totals');
    expect(e.problems.map((p) => p.message)).toEqual([
      'currency must be a 3-digit ISO 4217 numeric code (field currency)',
      'settlement totals must fit field 48 (field totals)',
    ]);
  });
});

describe('batch upload (0320 201)', () => {
  // The eight records of the synthetic fixture: class, STAN, PAN (right-aligned in 20 digits), amount.
  const EIGHT: BatchRecord[] = [
    record('000101', '6212260200000000014', '1001'),
    record('000102', '6225880123456783', '2002'),
    record('000103', '6235011002200330040', '3003'),
    record('000104', '621483000000000124', '4004'),
    record('000105', '6222021000000005', '5005'),
    record('000106', '62170000100000003', '6006'),
    record('000107', '6217000010000004', '7007'),
    record('000108', '35685701100007', '8008', 'foreign'),
  ];

  it('encodes the synthetic eight-record fixture byte for byte', () => {
    const m = buildBatchUpload(ctx('000240'), EIGHT);
    expect(toHex(cup.encode(m))).toBe(fixtureBody('cup-0320-batchupload-8.json'));
    expectTableFields(m, 'batch-upload');
  });

  it('writes the count and one record per transaction, foreign cards as class 01', () => {
    const m = cup.decode(cup.encode(buildBatchUpload(ctx('000001'), [record('000009', '4761340000000019', '150', 'foreign')])));
    expect(m.get('48')).toEqual({ '1': '01', '2': { '1': '01', '2': '000009', '3': '00004761340000000019', '4': '000000000150' } });
    expect(cardClassCode('domestic')).toBe('00');
    expect(cardClassCode('foreign')).toBe('01');
  });

  it('gives a record without a PAN (a scanned-code sale) twenty zeros', () => {
    const m = cup.decode(cup.encode(buildBatchUpload(ctx('000001'), [record('000003', '', '100')])));
    expect(m.get('48.2.3')).toBe('00000000000000000000');
  });

  it('carries one to eight records and names each bad record property', () => {
    expect(caught(() => buildBatchUpload(ctx('000001'), [])).message).toBe('request input has 1 problem: records');
    expect(caught(() => buildBatchUpload(ctx('000001'), [...EIGHT, record('000109', '6225880123456783', '1')])).problems[0]!.message).toBe(
      'a batch upload carries 1 to 8 records (field records)',
    );
    const bad = { ...record('000000', '62258801234567830000', '1234567890123'), cardClass: 'local' as 'domestic' };
    const e = caught(() => buildBatchUpload(ctx('000001'), [EIGHT[0]!, bad]));
    expect(e.message).toBe('request input has 4 problems: records.1.cardClass, records.1.stan, records.1.pan, records.1.amount');
    expect(e.message).not.toContain('6225880123456783');
  });

  it('round-trips any one to eight valid records through the wire', () => {
    const rec = fc.record({
      stan: fc.integer({ min: 1, max: 999999 }).map((n) => String(n).padStart(6, '0')),
      pan: fc.stringMatching(/^[0-9]{12,19}$/),
      amount: fc.stringMatching(/^[0-9]{1,12}$/),
      foreign: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 8 }), (rs) => {
        const records = rs.map((r) => record(r.stan, r.pan, r.amount, r.foreign ? 'foreign' : 'domestic'));
        const m = cup.decode(cup.encode(buildBatchUpload(ctx('000001'), records)));
        expect(m.get('48.1')).toBe(String(records.length).padStart(2, '0'));
        records.forEach((r, i) => {
          expect(m.get(`48.${i + 2}`)).toEqual({
            '1': r.cardClass === 'foreign' ? '01' : '00',
            '2': r.stan,
            '3': r.pan.padStart(20, '0'),
            '4': r.amount.padStart(12, '0'),
          });
        });
      }),
      { seed: 8583, numRuns: 60 },
    );
  });
});

describe('batch-upload end (0320 202 / 207)', () => {
  it('encodes the synthetic fixture byte for byte: 202 with the n4 count 0008', () => {
    const m = buildBatchUploadEnd(ctx('000249'), { code: '202', count: 8 });
    expect(toHex(cup.encode(m))).toBe(fixtureBody('cup-0320-batchupload-end.json'));
    expectTableFields(m, 'batch-upload-end');
  });

  it('marks the end after a balanced settlement with 207', () => {
    const m = buildBatchUploadEnd(ctx('000250'), { code: '207', count: 1234 });
    expect(m.get('60.3')).toBe('207');
    expect(cup.decode(cup.encode(m)).get('48.1')).toBe('1234');
  });

  it('refuses another code and a count that does not fit four digits', () => {
    const e = caught(() => buildBatchUploadEnd(ctx('000250'), { code: '201' as '202', count: 10000 }));
    expect(e.problems.map((p) => p.message)).toEqual([
      'batch-upload end code must be 202 or 207 (field code)',
      'uploaded count must be a whole number from 0 to 9999 (field count)',
    ]);
  });
});

describe('advice upload (0320 201, one refund or offline advice)', () => {
  /** A refund as the journal keeps it: its request without PIN data or tracks. */
  function refundRecord(): BatchRecord {
    return {
      stan: '000077',
      kind: 'refund',
      amount: '000000000400',
      direction: 'credit',
      cardClass: 'domestic',
      pan: '6225880123456783',
      voided: false,
      detail: {
        mti: '0220',
        fields: {
          '2': '6225880123456783',
          '3': '200000',
          '4': '000000000400',
          '11': '000077',
          '14': '2706',
          '22': { '1': '02', '2': '2' },
          '25': '00',
          '37': '183015000071',
          '41': '80010001',
          '42': '102310058120001',
          '49': '156',
          '60': { '1': '25', '2': '000012', '3': '000', '4': '0', '5': '0' },
          '61': { '1': '000000', '2': '000000', '3': '0611' },
          '63': { '1': '001' },
        },
      },
    };
  }

  it('repeats the refund\'s own fields, its STAN and 60.1 under 60.3 201, unsigned', () => {
    const record = refundRecord();
    const m = buildAdviceUpload(ctx('000999'), record);
    expectTableFields2(m);
    expect(m.toObject().fields).toEqual({ ...record.detail!.fields, '60': { '1': '25', '2': '000012', '3': '201' } });
    expect(cup.decode(cup.encode(m)).toObject()).toEqual(m.toObject());
  });

  it('sends the record\'s current amount, not the one first requested', () => {
    expect(buildAdviceUpload(ctx('000999'), { ...refundRecord(), amount: '000000000350' }).get('4')).toBe('000000000350');
  });

  it('refuses a record without the request it repeats', () => {
    const { detail: _, ...bare } = refundRecord();
    const e = caught(() => buildAdviceUpload(ctx('000999'), bare));
    expect(e.problems.map((p) => p.message)).toEqual(["an advice upload needs the record's request with its processing code (field record.detail)"]);
  });
});

/** An advice upload's fields are those of its row; its 60.1 is the advice's own. */
function expectTableFields2(m: Message): void {
  const def = TRANSACTIONS['advice-upload'];
  const f = present(m);
  for (const n of def.mandatory) expect(f, `field ${n}`).toContain(n);
  for (const n of f) expect([...def.mandatory, ...def.conditional], `field ${n}`).toContain(n);
  expect(validateRequest(m)).toBe('advice-upload');
}

describe('IC TC upload (0320 203 / 205)', () => {
  const TC = [
    { tag: '9F26', value: '1122334455667788' },
    { tag: '9F27', value: '40' },
    { tag: '9F36', value: '01C0' },
  ];

  it('carries the card, amount, entry mode, sequence, chip data and TC record with every table field', () => {
    const m = buildIcTcUpload(ctx('000300'), {
      code: '203',
      pan: '6225880123456783',
      amount: '100',
      entryMode: '051',
      sequence: '1',
      icc: TC,
      record: '6100',
    });
    expectTableFields(m, 'ic-tc-upload');
    const wire = cup.decode(cup.encode(m));
    expect(wire.get('4')).toBe('000000000100');
    expect(wire.get('22.1')).toBe('05');
    expect(wire.get('23')).toBe('001');
    expect(wire.get('55.9F26')).toEqual(Uint8Array.of(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88));
    expect(toHex(wire.get('62') as Uint8Array)).toBe('6100');
    expect(wire.get('60')).toEqual({ '1': '00', '2': '000012', '3': '203' });
  });

  it('leaves 62 out when no TC record is given', () => {
    const m = buildIcTcUpload(ctx('000300'), { code: '205', pan: '6225880123456783', amount: '100', entryMode: '051', icc: TC });
    expect(m.has('62')).toBe(false);
    expectTableFields(m, 'ic-tc-upload');
  });

  it('names every bad input, the PAN check digit included, without the card number', () => {
    const e = caught(() =>
      buildIcTcUpload(ctx('000300'), {
        code: '204' as '203',
        pan: '6225880123456784',
        amount: '0',
        entryMode: '05',
        sequence: '1234',
        icc: [],
        record: 'XYZ',
      }),
    );
    expect(e.message).toBe('request input has 7 problems: code, pan, amount, entryMode, sequence, icc, record');
    expect(e.problems.map((p) => p.code)).toEqual(['BAD_CODE', 'BAD_LUHN', 'BAD_AMOUNT', 'BAD_DIGITS', 'BAD_DIGITS', 'BAD_ICC', 'BAD_RECORD']);
    expect(JSON.stringify(e.problems.map((p) => p.message))).not.toContain('6225880123456784');
  });
});
