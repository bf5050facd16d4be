import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cupDialect, type Dialect } from '../../src/index.js';
import type { Message } from '../../src/message/message.js';
import { identifyTransaction, TRANSACTIONS } from '../../src/txn/transaction-table.js';
import { validateRequest } from '../../src/txn/validate-request.js';
import { loadCupFixtures, splitFixture, type CupFixture } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = cupDialect();
const FIXTURES = loadCupFixtures();

function decodeFixture(fx: CupFixture): Message {
  const dialect: Dialect = cupDialect((fx as { dialect?: Parameters<typeof cupDialect>[0] }).dialect ?? {});
  return dialect.decode(splitFixture(fx).body);
}

function fixture(file: string): Message {
  return decodeFixture(FIXTURES.find((fx) => fx.file === file)!);
}

const PAN = '6210810840003424940';

/** An unsigned magstripe sale as a builder leaves it. */
function sale(): Message {
  return cup.message('0200', {
    '2': PAN,
    '3': '000000',
    '4': '000000000100',
    '11': '000321',
    '22': '021',
    '25': '00',
    '35': `${PAN}D27062207001000100`,
    '41': '80010001',
    '42': '102310058120001',
    '49': '156',
    '60': { '1': '22', '2': '000012', '3': '000', '4': '5', '5': '0' },
  });
}

describe('validateRequest', () => {
  it('accepts every captured and synthetic request and returns the kind it identifies', () => {
    const requests = FIXTURES.map((fx) => ({ file: fx.file, m: decodeFixture(fx) })).filter(({ m }) => {
      const kind = identifyTransaction(m);
      return kind !== undefined && TRANSACTIONS[kind].mti === m.mti;
    });
    expect(requests).toHaveLength(16);
    for (const { file, m } of requests) expect([file, validateRequest(m)]).toEqual([file, identifyTransaction(m)]);
  });

  it('accepts an unsigned request when told so, and names the missing MAC otherwise', () => {
    expect(validateRequest(sale(), { unsigned: true })).toBe('sale');
    const err = caught(() => validateRequest(sale()));
    expect(err.code).toBe('MISSING_FIELDS');
    expect(err.message).toBe('Sale request is invalid: missing 64');
    expect(err.problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['MISSING_FIELD', '64', 'mandatory field is missing (field 64)'],
    ]);
  });

  it('names every missing field in one error, in field order', () => {
    const m = sale();
    m.delete('4');
    m.delete('49');
    m.delete('41');
    const err = caught(() => validateRequest(m, { unsigned: true }));
    expect(err.code).toBe('MISSING_FIELDS');
    expect(err.message).toBe('Sale request is invalid: missing 4, 41, 49');
    expect(err.problems.map((p) => p.path)).toEqual(['4', '41', '49']);
  });

  it('reports exactly the mandatory fields a request lacks, whatever subset is removed', () => {
    const mandatory = TRANSACTIONS.sale.mandatory.filter((f) => f !== 64 && f !== 60 && f !== 3 && f !== 25);
    fc.assert(
      fc.property(fc.subarray([...mandatory], { minLength: 1 }), (removed) => {
        const m = sale();
        for (const f of removed) m.delete(String(f));
        const err = caught(() => validateRequest(m, { unsigned: true }));
        expect(err.code).toBe('MISSING_FIELDS');
        expect(err.problems.map((p) => p.path)).toEqual(removed.map(String));
        expect(err.message).not.toContain(PAN);
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('flags a processing code that contradicts 60.1', () => {
    const m = sale().set('3', '200000');
    const err = caught(() => validateRequest(m, { unsigned: true }));
    expect(err.code).toBe('INVALID_REQUEST');
    expect(err.message).toBe('Sale request is invalid: inconsistent 3');
    expect(err.problems[0]).toMatchObject({
      code: 'PROCESSING_CODE_MISMATCH',
      message: 'processing code does not fit the transaction (field 3)',
      expected: '000000',
    });
  });

  it('flags a pre-authorisation condition code on a sale but lets acquirer-private condition codes pass', () => {
    const err = caught(() => validateRequest(sale().set('25', '06'), { unsigned: true }));
    expect(err.problems.map((p) => [p.code, p.message])).toEqual([
      ['CONDITION_CODE_MISMATCH', 'condition code does not fit the transaction (field 25)'],
    ]);
    expect(validateRequest(sale().set('25', '65'), { unsigned: true })).toBe('sale');
  });

  it('flags a 60.3 that no row of the transaction allows', () => {
    const err = caught(() => validateRequest(sale().set('60.3', '201'), { unsigned: true }));
    expect(err.message).toBe('Sale request is invalid: inconsistent 60.3');
    expect(err.problems[0]).toMatchObject({ code: 'NETWORK_CODE_MISMATCH', expected: '000' });
  });

  it('flags a private 60.1 on a request recognised by its processing and condition codes', () => {
    const err = caught(() => validateRequest(sale().set('60.1', '99'), { unsigned: true }));
    expect(err.message).toBe('Sale request is invalid: inconsistent 60.1');
    expect(err.problems[0]).toMatchObject({
      code: 'TRANSACTION_TYPE_MISMATCH',
      message: 'transaction type code does not fit the transaction (field 60.1)',
      expected: '22',
    });
  });

  it('lists missing fields before inconsistent ones when both occur', () => {
    const m = sale().set('3', '200000');
    m.delete('42');
    const err = caught(() => validateRequest(m));
    expect(err.code).toBe('INVALID_REQUEST');
    expect(err.message).toBe('Sale request is invalid: missing 42, 64; inconsistent 3');
    expect(err.problems.map((p) => p.code)).toEqual(['MISSING_FIELD', 'MISSING_FIELD', 'PROCESSING_CODE_MISMATCH']);
  });

  it('holds a sign-in to its mandatory operator code in 63', () => {
    const m = fixture('cup-0800-signin-1.json');
    m.delete('63');
    expect(caught(() => validateRequest(m)).message).toBe('Sign-in request is invalid: missing 63');
  });

  it('requires a reversal to carry its reason and what its original must, less card data and PIN', () => {
    const m = fixture('cup-0400-reversal-1.json');
    m.delete('39');
    m.delete('4');
    const err = caught(() => validateRequest(m));
    expect(err.message).toBe('Reversal request is invalid: missing 4, 39');
    const card = fixture('cup-0400-reversal-1.json');
    card.delete('14');
    expect(validateRequest(card)).toBe('reversal');
  });

  it('refuses a reversal reason other than 98, 96, A0 and 06', () => {
    const err = caught(() => validateRequest(fixture('cup-0400-reversal-1.json').set('39', '00')));
    expect(err.problems.map((p) => [p.code, p.message])).toEqual([
      ['BAD_REVERSAL_REASON', 'reversal reason is not one of 98, 96, A0, 06 (field 39)'],
    ]);
    for (const reason of ['96', 'A0', '06']) {
      expect(validateRequest(fixture('cup-0400-reversal-1.json').set('39', reason))).toBe('reversal');
    }
  });

  it('refuses to reverse a balance inquiry, which is never reversed', () => {
    const m = fixture('cup-0400-reversal-1.json').set('3', '310000').set('60.1', '01');
    const err = caught(() => validateRequest(m));
    expect(err.problems.map((p) => [p.code, p.message])).toEqual([
      ['NOT_REVERSIBLE', 'reversed transaction is not one that is reversed (field 60.1)'],
    ]);
  });

  it('refuses a reversal whose original cannot be told from 3, 25 and 60.1', () => {
    const m = fixture('cup-0400-reversal-1.json').set('3', '990000').set('60.1', '77');
    const err = caught(() => validateRequest(m));
    expect(err.problems.map((p) => [p.code, p.message])).toEqual([
      ['UNKNOWN_ORIGINAL', 'reversed transaction cannot be identified from 3, 25 and 60.1 (field 60.1)'],
    ]);
  });

  it('refuses a message no row of the table describes', () => {
    const err = caught(() => validateRequest(cup.message('0600', { '11': '000001' })));
    expect([err.code, err.message]).toEqual(['UNKNOWN_TRANSACTION', 'request matches no transaction of the CUP POS table']);
  });

  it('refuses a response offered as a request', () => {
    const err = caught(() => validateRequest(fixture('cup-0210-sale-1.json')));
    expect([err.code, err.message]).toEqual(['NOT_A_REQUEST', 'message is a response, not a request']);
  });
});
