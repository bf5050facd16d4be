import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cupDialect, type Dialect } from '../../src/index.js';
import type { Message } from '../../src/message/message.js';
import {
  identifyReversedTransaction,
  identifyTransaction,
  identifyUploadedAdvice,
  responseMtiOf,
  TRANSACTION_KINDS,
  TRANSACTIONS,
} from '../../src/txn/transaction-table.js';
import type { TransactionKind } from '../../src/txn/types.js';
import { loadCupFixtures, splitFixture, type CupFixture } from '../fixtures/cup-fixtures.js';

const cup = cupDialect();

function decodeFixture(fx: CupFixture): Message {
  const dialect: Dialect = cupDialect((fx as { dialect?: Parameters<typeof cupDialect>[0] }).dialect ?? {});
  return dialect.decode(splitFixture(fx).body);
}

const FIXTURES = loadCupFixtures();

// The kind each captured or synthetic message belongs to; the SM (60.3 = 005) sign-in reply is outside the table.
const EXPECTED_KIND: Record<string, TransactionKind | undefined> = {
  'cup-0100-preauth.json': 'preauth',
  'cup-0110-preauth.json': 'preauth',
  'cup-0200-balance-1.json': 'balance',
  'cup-0200-completion.json': 'preauth-completion',
  'cup-0200-sale-1.json': 'sale',
  'cup-0200-sale-3.json': 'sale',
  'cup-0200-sale-4.json': 'sale',
  'cup-0210-qrsale-1.json': 'sale',
  'cup-0210-sale-1.json': 'sale',
  'cup-0210-sale-2.json': 'sale',
  'cup-0210-sale-4.json': 'sale',
  'cup-0220-refund.json': 'refund',
  'cup-0230-refund.json': 'refund',
  'cup-0320-batchupload-8.json': 'batch-upload',
  'cup-0320-batchupload-end.json': 'batch-upload-end',
  'cup-0330-batchupload.json': 'batch-upload',
  'cup-0400-reversal-1.json': 'reversal',
  'cup-0410-reversal-1.json': 'reversal',
  'cup-0500-settle-1.json': 'settlement',
  'cup-0510-settle-balanced.json': 'settlement',
  'cup-0510-settle-unbalanced.json': 'settlement',
  'cup-0800-signin-1.json': 'sign-in',
  'cup-0800-signin-2.json': 'sign-in',
  'cup-0800-signin-4.json': 'sign-in',
  'cup-0800-signin-5.json': 'sign-in',
  'cup-0810-signin-1.json': 'sign-in',
  'cup-0810-signin-2.json': 'sign-in',
  'cup-0810-signin-3.json': 'sign-in',
  'cup-0810-signin-5.json': 'sign-in',
  'cup-0810-signin-7.json': 'sign-in',
  'cup-0810-signin-8.json': 'sm-sign-in',
  'cup-0830-aid-query.json': 'aid-query',
  'cup-0810-aid-download.json': 'aid-download',
  'cup-0810-aid-download-end.json': 'aid-download-end',
  'cup-0830-capk-query.json': 'capk-query',
  'cup-0810-capk-download.json': 'capk-download',
  'cup-0810-capk-download-end.json': 'capk-download-end',
  'cup-0820-echo.json': 'echo',
  'cup-0830-echo.json': 'echo',
};

// cup-pos research notes §4 (2002 CUP transaction table, host-simulator bitmaps):
// kind, request MTI, response MTI, field 3, field 25, 60.1, 60.3 codes, reversible, MAC.
const SECTION_4: [TransactionKind, string, string, string | undefined, string | undefined, string, string[], boolean, boolean][] = [
  ['sign-in', '0800', '0810', undefined, undefined, '00', ['001', '003', '004'], false, false],
  ['sign-out', '0820', '0830', undefined, undefined, '00', ['002'], false, false],
  ['echo', '0820', '0830', undefined, undefined, '00', ['301'], false, false],
  ['balance', '0200', '0210', '310000', '00', '01', ['000'], false, true],
  ['sale', '0200', '0210', '000000', '00', '22', ['000'], true, true],
  ['void', '0200', '0210', '200000', '00', '23', ['000'], true, true],
  ['refund', '0220', '0230', '200000', '00', '25', ['000'], false, true],
  ['preauth', '0100', '0110', '030000', '06', '10', ['000'], true, true],
  ['preauth-void', '0100', '0110', '200000', '06', '11', ['000'], true, true],
  ['preauth-completion', '0200', '0210', '000000', '06', '20', ['000'], true, true],
  ['preauth-completion-void', '0200', '0210', '200000', '06', '21', ['000'], true, true],
  ['preauth-completion-advice', '0220', '0230', '000000', '06', '24', ['000'], false, true],
  ['offline-settlement', '0220', '0230', '000000', '00', '30', ['000'], false, true],
  ['adjustment', '0220', '0230', '000000', '00', '32', ['000'], false, true],
  ['tip', '0220', '0230', '000000', '00', '34', ['000'], false, true],
  ['reversal', '0400', '0410', undefined, undefined, '', ['000'], false, true],
  ['settlement', '0500', '0510', undefined, undefined, '00', ['201'], false, false],
  ['batch-upload', '0320', '0330', undefined, undefined, '00', ['201'], false, false],
  ['batch-upload-end', '0320', '0330', undefined, undefined, '00', ['202', '207'], false, false],
  ['ic-tc-upload', '0320', '0330', undefined, undefined, '00', ['203', '205'], false, false],
  ['advice-upload', '0320', '0330', undefined, undefined, '', ['201'], false, false],
];

/** A message carrying just the codes that identify `kind`. */
function skeleton(kind: TransactionKind, stan: string, batch: string, network?: string): Message {
  const def = TRANSACTIONS[kind];
  const m = cup.message(def.mti);
  m.set('11', stan);
  if (def.processingCode !== undefined) m.set('3', def.processingCode);
  if (def.conditionCode !== undefined) m.set('25', def.conditionCode);
  m.set('60', { '1': def.transactionType, '2': batch, '3': network ?? def.networkCodes[0]! });
  if (def.marker !== undefined) m.set(def.marker, 'X');
  return m;
}

describe('the transaction table', () => {
  it('has one row for each of the thirty-nine transaction kinds, keyed by its own kind', () => {
    expect(TRANSACTION_KINDS).toHaveLength(39);
    for (const kind of TRANSACTION_KINDS) expect(TRANSACTIONS[kind].kind).toBe(kind);
  });

  it.each(SECTION_4)('gives %s the MTIs, codes, reversal and MAC rules of the CUP table', (kind, mti, resp, f3, f25, t, n, rev, mac) => {
    const def = TRANSACTIONS[kind];
    expect([def.mti, def.responseMti, def.processingCode, def.conditionCode, def.transactionType]).toEqual([mti, resp, f3, f25, t]);
    expect([...def.networkCodes]).toEqual(n);
    expect([def.reversible, def.mac]).toEqual([rev, mac]);
    expect(responseMtiOf(kind)).toBe(resp);
  });

  // cup-pos research notes §3.4, §4 and the acceptance review (D3, D5, D9): what an approval of each kind changes,
  // when a terminal may ask for it, and how its record goes up after an unbalanced settlement.
  const EFFECTS: [TransactionKind, boolean, 'debit' | 'credit' | null, TransactionKind | null, boolean, string, 'online' | 'advice' | null][] = [
    ['sign-in', false, null, null, false, 'always', null],
    ['sign-out', false, null, null, false, 'signed-in', null],
    ['echo', false, null, null, false, 'always', null],
    ['balance', false, null, null, false, 'open-batch', null],
    ['sale', true, 'debit', null, false, 'open-batch', 'online'],
    ['void', true, null, 'sale', false, 'open-batch', null],
    ['refund', false, 'credit', null, false, 'open-batch', 'advice'],
    ['preauth', true, null, null, false, 'open-batch', null],
    ['preauth-void', true, null, 'preauth', false, 'open-batch', null],
    ['preauth-completion', true, 'debit', null, false, 'open-batch', 'online'],
    ['preauth-completion-void', true, null, 'preauth-completion', false, 'open-batch', null],
    ['preauth-completion-advice', false, 'debit', null, false, 'open-batch', 'advice'],
    ['offline-settlement', false, 'debit', null, false, 'open-batch', 'advice'],
    ['adjustment', false, null, null, true, 'open-batch', null],
    ['tip', false, null, null, true, 'open-batch', null],
    ['reversal', false, null, null, false, 'signed-in', null],
    ['settlement', false, null, null, false, 'open-batch', null],
    ['batch-upload', false, null, null, false, 'settling', null],
    ['batch-upload-end', false, null, null, false, 'settling', null],
    ['ic-tc-upload', false, null, null, false, 'settling', null],
    ['advice-upload', false, null, null, false, 'settling', null],
  ];

  it.each(EFFECTS)('says what an approval of %s changes, when it may be asked for and how it is uploaded', (kind, authorised, totals, cancels, amends, when, upload) => {
    const def = TRANSACTIONS[kind];
    expect([def.authorised, def.totals, def.cancels, def.amends, def.when, def.upload]).toEqual([authorised, totals, cancels, amends, when, upload]);
  });

  it('lists an authorisation code among the answer fields exactly of the transactions the issuer authorises online', () => {
    for (const kind of TRANSACTION_KINDS) expect(TRANSACTIONS[kind].response.includes(38)).toBe(TRANSACTIONS[kind].authorised);
  });

  it('reverses every transaction that cancels another, so a lost void never leaves the original cancelled on one side only', () => {
    for (const kind of TRANSACTION_KINDS) if (TRANSACTIONS[kind].cancels !== null) expect(TRANSACTIONS[kind].reversible).toBe(true);
  });

  it('keeps field lists sorted, free of repeats, and never lists a field as both mandatory and conditional', () => {
    for (const kind of TRANSACTION_KINDS) {
      const def = TRANSACTIONS[kind];
      for (const list of [def.mandatory, def.conditional, def.response]) {
        expect([...list]).toEqual([...new Set(list)].sort((a, b) => a - b));
      }
      expect(def.conditional.filter((f) => def.mandatory.includes(f))).toEqual([]);
    }
  });

  it('makes field 64 mandatory exactly for the transactions that carry a MAC', () => {
    for (const kind of TRANSACTION_KINDS) {
      const def = TRANSACTIONS[kind];
      expect(def.mandatory.includes(64)).toBe(def.mac);
    }
  });

  it('lists the extra fields of voids, refunds and pre-authorisation follow-ups that the CUP table adds to a sale', () => {
    expect(TRANSACTIONS.void.mandatory).toEqual(expect.arrayContaining([37, 61]));
    expect(TRANSACTIONS.refund.mandatory).toEqual(expect.arrayContaining([37, 61, 63]));
    expect(TRANSACTIONS['preauth-void'].mandatory).toEqual(expect.arrayContaining([38, 61]));
    expect(TRANSACTIONS['preauth-completion'].mandatory).toEqual(expect.arrayContaining([38, 61]));
    expect(TRANSACTIONS['preauth-completion-void'].mandatory).toEqual(expect.arrayContaining([37, 61]));
    expect(TRANSACTIONS['preauth-completion-advice'].mandatory).toEqual(expect.arrayContaining([38, 61]));
    expect([...TRANSACTIONS.sale.mandatory]).toEqual([3, 4, 11, 22, 25, 41, 42, 49, 60, 64]);
    expect([...TRANSACTIONS.settlement.mandatory]).toEqual([11, 41, 42, 48, 49, 60, 63]);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(TRANSACTIONS)).toBe(true);
    expect(Object.isFrozen(TRANSACTIONS.sale)).toBe(true);
    expect(Object.isFrozen(TRANSACTIONS.sale.mandatory)).toBe(true);
  });
});

describe('identifyTransaction', () => {
  it('names the transaction of every captured and synthetic CUP message', () => {
    expect(FIXTURES.map((fx) => fx.file).sort()).toEqual(Object.keys(EXPECTED_KIND).sort());
    for (const fx of FIXTURES) expect([fx.file, identifyTransaction(decodeFixture(fx))]).toEqual([fx.file, EXPECTED_KIND[fx.file]]);
  });

  it('finds only fields the table allows in every captured response, apart from one acquirer-private field 62', () => {
    for (const fx of FIXTURES) {
      const m = decodeFixture(fx);
      const kind = identifyTransaction(m);
      if (kind === undefined || m.mti === TRANSACTIONS[kind].mti) continue;
      const extra = m.fieldNumbers().filter((f) => !TRANSACTIONS[kind].response.includes(f));
      expect([fx.file, extra]).toEqual([fx.file, fx.file === 'cup-0210-sale-4.json' ? [62] : []]);
    }
  });

  it('tells every kind apart by MTI, 60.1 and 60.3 for any STAN and batch', () => {
    // A reversal and an advice's upload repeat their original's 60.1: they have tests of their own.
    const kinds = TRANSACTION_KINDS.filter((k) => k !== 'reversal' && k !== 'advice-upload');
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(fc.constantFrom(...kinds), digits(6), digits(6), fc.nat(), (kind, stan, batch, pick) => {
        const codes = TRANSACTIONS[kind].networkCodes;
        const m = skeleton(kind, stan, batch, codes[pick % codes.length]);
        expect(identifyTransaction(m)).toBe(kind);
        m.mti = TRANSACTIONS[kind].responseMti;
        expect(identifyTransaction(m)).toBe(kind);
      }),
      { seed: 8583, numRuns: 200 },
    );
  });

  it('tells a sign-out from an echo test by 60.3 alone', () => {
    expect(identifyTransaction(skeleton('sign-out', '000001', '000001'))).toBe('sign-out');
    expect(identifyTransaction(skeleton('echo', '000001', '000001'))).toBe('echo');
  });

  it('falls back on fields 3 and 25 when 60.1 is a private code', () => {
    const m = skeleton('preauth-completion-void', '000123', '000001');
    m.set('60.1', '99');
    expect(identifyTransaction(m)).toBe('preauth-completion-void');
    const balance = skeleton('balance', '000123', '000001');
    balance.set('60.1', '99');
    balance.set('25', '65');
    expect(identifyTransaction(balance)).toBe('balance');
  });

  it('reads a financial request whose field 60 stops after the batch number as network code 000', () => {
    const m = cup.message('0200', { '3': '000000', '25': '00', '60': '22000001' });
    expect(identifyTransaction(m)).toBe('sale');
  });

  it('names nothing for an MTI outside the table or a management message with an unknown network code', () => {
    expect(identifyTransaction(cup.message('0600', { '11': '000001' }))).toBeUndefined();
    expect(identifyTransaction(skeleton('echo', '000001', '000001', '999'))).toBeUndefined();
    expect(identifyTransaction(cup.message('0200', { '3': '990000', '60': { '1': '77', '2': '000001', '3': '000' } }))).toBeUndefined();
  });

  it('calls every 0400 and 0410 a reversal whatever the original was', () => {
    expect(identifyTransaction(cup.message('0400', {}))).toBe('reversal');
    expect(identifyTransaction(cup.message('0410', {}))).toBe('reversal');
  });
});

describe('identifyUploadedAdvice', () => {
  it('calls a 0320 or 0330 with 60.3 201 and the 60.1 of a refund or offline advice that advice\'s upload', () => {
    for (const kind of TRANSACTION_KINDS.filter((k) => TRANSACTIONS[k].upload === 'advice')) {
      const m = skeleton(kind, '000777', '000003', '201');
      m.mti = '0320';
      expect([kind, identifyTransaction(m), identifyUploadedAdvice(m)]).toEqual([kind, 'advice-upload', kind]);
      m.mti = '0330';
      expect(identifyTransaction(m)).toBe('advice-upload');
    }
  });

  it('leaves the magnetic stripe upload (60.1 00) and a sale\'s 60.1 alone', () => {
    expect(identifyTransaction(skeleton('batch-upload', '000001', '000001'))).toBe('batch-upload');
    const sale = skeleton('sale', '000001', '000001', '201');
    sale.mti = '0320';
    expect(identifyUploadedAdvice(sale)).toBeUndefined();
    expect(identifyTransaction(sale)).toBeUndefined();
  });
});

describe('identifyReversedTransaction', () => {
  it('names the sale behind the captured reversal and its response', () => {
    for (const file of ['cup-0400-reversal-1.json', 'cup-0410-reversal-1.json']) {
      expect(identifyReversedTransaction(decodeFixture(FIXTURES.find((fx) => fx.file === file)!))).toBe('sale');
    }
  });

  it('names each reversible original from the codes its reversal repeats', () => {
    for (const kind of TRANSACTION_KINDS.filter((k) => TRANSACTIONS[k].reversible)) {
      const m = skeleton(kind, '000777', '000003');
      m.mti = '0400';
      expect(identifyReversedTransaction(m)).toBe(kind);
    }
  });

  it('names nothing for a message that is not a reversal', () => {
    expect(identifyReversedTransaction(skeleton('sale', '000001', '000001'))).toBeUndefined();
  });
});
