import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dialects } from '../../src/index.js';
import { toHex } from '../../src/bytes/hex.js';
import type { CompositeValue } from '../../src/codec/values.js';
import {
  DEFAULT_DOMESTIC_PREFIXES,
  cardClassOf,
  readReconciliation,
  reconciliationResult,
  sameTotals,
  settlementField48,
} from '../../src/txn/settlement.js';
import type { SettlementTotals } from '../../src/txn/types.js';
import { loadCupFixtures, splitFixture } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = dialects.cup;
const fixtures = loadCupFixtures();

function fixtureBody(file: string): Uint8Array {
  const fx = fixtures.find((f) => f.file === file);
  if (!fx) throw new Error(`missing fixture ${file}`);
  return splitFixture(fx).body;
}

const ZERO = { debitAmount: '000000000000', debitCount: 0, creditAmount: '000000000000', creditCount: 0 };

describe('settlementField48', () => {
  it('writes domestic then foreign blocks of amount, count, amount, count and a 0 code (hand-written 62 digits)', () => {
    const totals: SettlementTotals = {
      domestic: { debitAmount: '000000123450', debitCount: 5, creditAmount: '000000002000', creditCount: 1 },
      foreign: { debitAmount: '999', debitCount: 12, creditAmount: '0', creditCount: 0 },
    };
    const expected =
      '000000123450' + '005' + '000000002000' + '001' + '0' +
      '000000000999' + '012' + '000000000000' + '000' + '0';
    expect(settlementField48(totals)).toBe(expected);
    expect(settlementField48(totals)).toHaveLength(62);
  });

  it('reproduces field 48 of the captured settlement request cup-0500-settle-1', () => {
    const totals: SettlementTotals = {
      domestic: { debitAmount: '7', debitCount: 7, creditAmount: '0', creditCount: 0 },
      foreign: ZERO,
    };
    const field48 = settlementField48(totals);
    expect(field48).toBe('00000000000700700000000000000000000000000000000000000000000000');
    // Put into the captured message in place of its own 48, the body stays byte for byte the same.
    const body = fixtureBody('cup-0500-settle-1.json');
    const m = cup.decode(body);
    m.set('48', field48);
    expect(toHex(cup.encode(m))).toBe(toHex(body));
  });

  it('refuses totals that do not fit field 48, naming the subfield', () => {
    const over = caught(() => settlementField48({ domestic: ZERO, foreign: { ...ZERO, creditAmount: '1000000000000' } }));
    expect(over.code).toBe('TOTALS_OUT_OF_RANGE');
    expect(over.message).toBe('total amount does not fit in 12 digits (field 48.2.3)');
    expect(over.expected).toBe('n 12');
    const count = caught(() => settlementField48({ domestic: { ...ZERO, debitCount: 1000 }, foreign: ZERO }));
    expect(count.code).toBe('TOTALS_OUT_OF_RANGE');
    expect(count.message).toBe('total count does not fit in 3 digits (field 48.1.2)');
  });

  it('allows zero-filled amounts longer than 12 characters when the value fits', () => {
    expect(settlementField48({ domestic: { ...ZERO, debitAmount: '00000000000000042' }, foreign: ZERO }).slice(0, 12)).toBe('000000000042');
  });

  it('refuses malformed totals', () => {
    expect(caught(() => settlementField48({ domestic: ZERO } as SettlementTotals)).message).toBe(
      'settlement totals need domestic and foreign totals (field 48.2)',
    );
    expect(caught(() => settlementField48({ domestic: { ...ZERO, creditAmount: '1.5' }, foreign: ZERO })).message).toBe(
      'total amount must be digits (field 48.1.3)',
    );
    expect(caught(() => settlementField48({ domestic: ZERO, foreign: { ...ZERO, creditCount: -1 } })).message).toBe(
      'total count must be a whole number from 0 (field 48.2.4)',
    );
  });
});

describe('readReconciliation', () => {
  it('reads totals and results from a hand-written 62-digit string', () => {
    const field48 =
      '000000123450' + '005' + '000000002000' + '001' + '1' +
      '000000000999' + '012' + '000000000000' + '000' + '2';
    expect(readReconciliation(field48)).toEqual({
      totals: {
        domestic: { debitAmount: '000000123450', debitCount: 5, creditAmount: '000000002000', creditCount: 1 },
        foreign: { debitAmount: '000000000999', debitCount: 12, creditAmount: '000000000000', creditCount: 0 },
      },
      domestic: 'balanced',
      foreign: 'unbalanced',
    });
  });

  it('reads the balanced 0510 fixture from its decoded subfields and from its digits alike', () => {
    const m = cup.decode(fixtureBody('cup-0510-settle-balanced.json'));
    const decoded = m.get('48') as CompositeValue;
    const fromObject = readReconciliation(decoded);
    expect(fromObject.domestic).toBe('balanced');
    expect(fromObject.foreign).toBe('balanced');
    expect(fromObject.totals.domestic).toEqual({ debitAmount: '000000123450', debitCount: 5, creditAmount: '000000002000', creditCount: 1 });
    expect(readReconciliation('00000012345000500000000200000110000000000000000000000000000001')).toEqual(fromObject);
  });

  it('reads the unbalanced 0510 fixture (no field 39) as domestic unbalanced, foreign balanced', () => {
    const m = cup.decode(fixtureBody('cup-0510-settle-unbalanced.json'));
    expect(m.has('39')).toBe(false);
    const r = readReconciliation(m.get('48') as CompositeValue);
    expect([r.domestic, r.foreign]).toEqual(['unbalanced', 'balanced']);
  });

  it('treats code 0 as balanced, 3 and unlisted codes as an error', () => {
    expect(['0', '1', '2', '3', '4', '9'].map(reconciliationResult)).toEqual([
      'balanced', 'balanced', 'unbalanced', 'error', 'error', 'error',
    ]);
    const block = '000000000000000000000000000000';
    expect(readReconciliation(`${block}0${block}3`)).toMatchObject({ domestic: 'balanced', foreign: 'error' });
  });

  it('ignores data after the 62 digits, as the dialect keeps it apart', () => {
    const field48 = settlementField48({ domestic: ZERO, foreign: ZERO });
    expect(readReconciliation(`${field48}XYZ`).domestic).toBe('balanced');
    expect(readReconciliation({ ...(cup.decode(fixtureBody('cup-0510-settle-balanced.json')).get('48') as CompositeValue), rest: 'XYZ' }).foreign).toBe('balanced');
  });

  it('refuses a short or non-digit string without quoting it', () => {
    const short = caught(() => readReconciliation('0000001234'));
    expect(short.code).toBe('BAD_LENGTH');
    expect(short.message).toBe('settlement field 48 needs 62 digits (field 48)');
    expect([short.expected, short.found]).toEqual(['62 digits', '10 characters']);
    const letters = caught(() => readReconciliation(`${'0'.repeat(40)}ABC${'0'.repeat(19)}`));
    expect(letters.code).toBe('BAD_CHARACTER');
    expect(letters.message).toBe('settlement field 48 must be digits (field 48)');
  });

  it('refuses subfields that are missing or misshapen, naming them', () => {
    const good = cup.decode(fixtureBody('cup-0510-settle-balanced.json')).get('48') as CompositeValue;
    const block1 = good['1'] as CompositeValue;
    const cases: Array<[unknown, string, string]> = [
      [{ '1': block1 }, 'MISSING_SUBFIELD', 'settlement field 48 lacks a card-class block (field 48.2)'],
      [{ ...good, '1': { ...block1, '3': undefined } }, 'MISSING_SUBFIELD', 'settlement totals subfield is missing (field 48.1.3)'],
      [{ ...good, '1': { ...block1, '2': '5' } }, 'BAD_LENGTH', 'settlement totals subfield has the wrong length (field 48.1.2)'],
      [{ ...good, '1': { ...block1, '5': 'X' } }, 'BAD_CHARACTER', 'settlement totals subfield must be digits (field 48.1.5)'],
      [[{ tag: '01', value: '1' }], 'BAD_TYPE', 'settlement field 48 must be a digit string or its subfields (field 48)'],
    ];
    for (const [input, code, message] of cases) {
      const e = caught(() => readReconciliation(input as CompositeValue));
      expect(e.code).toBe(code);
      expect(e.message).toBe(message);
    }
  });

  it('reads back exactly the totals settlementField48 wrote, with code 0 read as balanced', () => {
    const amount = fc.stringMatching(/^[0-9]{1,12}$/);
    const count = fc.integer({ min: 0, max: 999 });
    const cls = fc.record({ debitAmount: amount, debitCount: count, creditAmount: amount, creditCount: count });
    fc.assert(
      fc.property(fc.record({ domestic: cls, foreign: cls }), (totals) => {
        const r = readReconciliation(settlementField48(totals));
        expect(sameTotals(r.totals, totals)).toBe(true);
        expect(r.totals.domestic.debitAmount).toBe(totals.domestic.debitAmount.padStart(12, '0'));
        expect([r.domestic, r.foreign]).toEqual(['balanced', 'balanced']);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });
});

describe('sameTotals', () => {
  it('compares amounts by value and counts exactly', () => {
    const a: SettlementTotals = { domestic: { ...ZERO, debitAmount: '5', debitCount: 1 }, foreign: ZERO };
    expect(sameTotals(a, { domestic: { ...ZERO, debitAmount: '000000000005', debitCount: 1 }, foreign: ZERO })).toBe(true);
    expect(sameTotals(a, { domestic: { ...ZERO, debitAmount: '6', debitCount: 1 }, foreign: ZERO })).toBe(false);
    expect(sameTotals(a, { domestic: { ...ZERO, debitAmount: '5', debitCount: 2 }, foreign: ZERO })).toBe(false);
    expect(sameTotals(a, { domestic: { ...ZERO, debitAmount: '5', debitCount: 1 }, foreign: { ...ZERO, creditCount: 1 } })).toBe(false);
  });
});

describe('cardClassOf', () => {
  it('counts UnionPay 62 and legacy 9 BINs as domestic and others as foreign by default', () => {
    expect(DEFAULT_DOMESTIC_PREFIXES).toEqual(['62', '9']);
    expect(cardClassOf('6210810840003424940')).toBe('domestic');
    expect(cardClassOf('9558801001114992313')).toBe('domestic');
    expect(cardClassOf('4761739001010010')).toBe('foreign');
    expect(cardClassOf('3568570110000056')).toBe('foreign');
    expect(cardClassOf('6011000000000004')).toBe('foreign');
  });

  it('uses the acquirer prefixes when given', () => {
    const options = { domesticPrefixes: ['356857', '622'] };
    expect(cardClassOf('3568570110000056', options)).toBe('domestic');
    expect(cardClassOf('6210810840003424940', options)).toBe('foreign');
    expect(cardClassOf('6225880123456789012', options)).toBe('domestic');
    expect(cardClassOf('6225880123456789012', { domesticPrefixes: [''] })).toBe('foreign');
  });

  it('refuses a PAN that is not 1 to 19 digits, without quoting it', () => {
    for (const pan of ['', '6210 8108', '62108108400034249401']) {
      const e = caught(() => cardClassOf(pan));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toBe('PAN must be 1 to 19 digits (field pan)');
    }
  });
});
