import { describe, it, expect } from 'vitest';
import {
  checkAuthCode,
  checkBatch,
  checkCurrency,
  checkDigits,
  checkExpiry,
  checkFixedText,
  checkFlag,
  checkMonthDay,
  checkOperator,
  checkPan,
  checkRecord,
  checkRrn,
  checkStan,
  InputProblems,
  luhnValid,
} from '../../../src/txn/builders/validate-input.js';
import { caught } from '../../support/errors.js';

/** Runs one check on `value` and returns what it gave back and the problems it recorded. */
function run<T>(check: (p: InputProblems, v: unknown) => T, value: unknown): { out: T; problems: string[] } {
  const p = new InputProblems();
  const out = check(p, value);
  let problems: string[] = [];
  try {
    p.throwIfAny();
  } catch (e) {
    problems = (e as { problems: { code: string; message: string }[] }).problems.map((x) => `${x.code}: ${x.message}`);
  }
  return { out, problems };
}

describe('InputProblems', () => {
  it('throws nothing when no problem was recorded', () => {
    expect(() => new InputProblems().throwIfAny()).not.toThrow();
  });

  it('throws one INVALID_INPUT error that names every problem path and carries each problem', () => {
    const p = new InputProblems();
    p.add('BAD_PAN', 'PAN must be 12 to 19 digits', 'card.pan', 'n 12..19');
    p.add('BAD_AMOUNT', 'amount must be greater than zero', 'amount');
    const e = caught(() => p.throwIfAny());
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('request input has 2 problems: card.pan, amount');
    expect(e.problems.map((x) => [x.code, x.path, x.message, x.expected])).toEqual([
      ['BAD_PAN', 'card.pan', 'PAN must be 12 to 19 digits (field card.pan)', 'n 12..19'],
      ['BAD_AMOUNT', 'amount', 'amount must be greater than zero (field amount)', undefined],
    ]);
  });

  it('says problem in the singular when there is one', () => {
    const p = new InputProblems();
    p.add('BAD_STAN', 'STAN must be 6 digits from 000001 to 999999', 'ctx.stan');
    expect(caught(() => p.throwIfAny()).message).toBe('request input has 1 problem: ctx.stan');
  });
});

describe('luhnValid', () => {
  it('accepts card numbers whose last digit is the Luhn check digit', () => {
    for (const pan of ['6210810840003424940', '6212260200000000014', '6225880123456783', '4111111111111111', '79927398713']) {
      expect(luhnValid(pan), pan).toBe(true);
    }
  });

  it('rejects a number whose check digit is off by one', () => {
    for (const pan of ['6210810840003424941', '6225880123456784', '79927398710']) expect(luhnValid(pan), pan).toBe(false);
  });
});

describe('field checks', () => {
  it('passes a valid PAN through and reports a short, non-digit or Luhn-failing one', () => {
    const pan = (v: unknown) => run((p, x) => checkPan(p, x, 'card.pan'), v);
    expect(pan('6212260200000000014')).toEqual({ out: '6212260200000000014', problems: [] });
    expect(pan('62122602000').problems).toEqual(['BAD_PAN: PAN must be 12 to 19 digits (field card.pan)']);
    expect(pan('62122602000000000140').problems).toEqual(['BAD_PAN: PAN must be 12 to 19 digits (field card.pan)']);
    expect(pan('6212 26020000000001').problems).toEqual(['BAD_PAN: PAN must be 12 to 19 digits (field card.pan)']);
    expect(pan(6212260200000000014).problems).toEqual(['BAD_PAN: PAN must be 12 to 19 digits (field card.pan)']);
    expect(pan('6212260200000000015').problems).toEqual(['BAD_LUHN: PAN fails the Luhn check (field card.pan)']);
  });

  it('accepts an expiry YYMM with month 01 to 12 only', () => {
    const exp = (v: unknown) => run((p, x) => checkExpiry(p, x, 'card.expiry'), v);
    expect(exp('3012').out).toBe('3012');
    expect(exp('2501').out).toBe('2501');
    expect(exp('3000').problems).toEqual(['BAD_EXPIRY: expiry month must be 01 to 12 (field card.expiry)']);
    expect(exp('3013').problems).toEqual(['BAD_EXPIRY: expiry month must be 01 to 12 (field card.expiry)']);
    expect(exp('301').problems).toEqual(['BAD_EXPIRY: expiry must be 4 digits YYMM (field card.expiry)']);
    expect(exp('12/30').problems).toEqual(['BAD_EXPIRY: expiry must be 4 digits YYMM (field card.expiry)']);
  });

  it('accepts a date MMDD that exists in some year, 29 February included', () => {
    const date = (v: unknown) => run((p, x) => checkMonthDay(p, x, 'original.date'), v);
    expect(date('0611').out).toBe('0611');
    expect(date('0229').out).toBe('0229');
    expect(date('1231').out).toBe('1231');
    for (const bad of ['0230', '0431', '1301', '0000', '0100']) {
      expect(date(bad).problems, bad).toEqual(['BAD_DATE: date must be a real month and day (field original.date)']);
    }
    expect(date('611').problems).toEqual(['BAD_DATE: date must be 4 digits MMDD (field original.date)']);
  });

  it('accepts STANs 000001 to 999999 and refuses 000000', () => {
    const stan = (v: unknown) => run((p, x) => checkStan(p, x, 'ctx.stan'), v);
    expect(stan('000001').out).toBe('000001');
    expect(stan('999999').out).toBe('999999');
    for (const bad of ['000000', '1', '1234567', 'abcdef']) {
      expect(stan(bad).problems, bad).toEqual(['BAD_STAN: STAN must be 6 digits from 000001 to 999999 (field ctx.stan)']);
    }
  });

  it('checks batch numbers, identifiers, operator, RRN, authorisation code, currency and fixed digits', () => {
    expect(run((p, x) => checkBatch(p, x, 'ctx.batch'), '000000').out).toBe('000000');
    expect(run((p, x) => checkBatch(p, x, 'ctx.batch'), '12345').problems).toEqual(['BAD_BATCH: batch number must be 6 digits (field ctx.batch)']);
    expect(run((p, x) => checkFixedText(p, x, 'ctx.terminalId', 8, 'terminal ID'), 'axtest3-').out).toBe('axtest3-');
    expect(run((p, x) => checkFixedText(p, x, 'ctx.terminalId', 8, 'terminal ID'), 'T1\n34567').problems).toEqual([
      'BAD_TEXT: terminal ID must be 8 printable ASCII characters (field ctx.terminalId)',
    ]);
    expect(run((p, x) => checkOperator(p, x, 'ctx.operator'), '01').out).toBe('01');
    expect(run((p, x) => checkOperator(p, x, 'ctx.operator'), '0001').problems).toEqual([
      'BAD_OPERATOR: operator code must be 1 to 3 printable ASCII characters (field ctx.operator)',
    ]);
    expect(run((p, x) => checkRrn(p, x, 'original.rrn'), '183015002310').out).toBe('183015002310');
    expect(run((p, x) => checkRrn(p, x, 'original.rrn'), '18301500231 ').problems).toEqual([
      'BAD_RRN: retrieval reference number must be 12 letters or digits (field original.rrn)',
    ]);
    expect(run((p, x) => checkAuthCode(p, x, 'original.authCode'), 'A5 234').out).toBe('A5 234');
    expect(run((p, x) => checkAuthCode(p, x, 'original.authCode'), 'A5123').problems).toEqual([
      'BAD_AUTH_CODE: authorisation code must be 6 letters, digits or spaces (field original.authCode)',
    ]);
    expect(run((p, x) => checkCurrency(p, x, 'currency'), '840').out).toBe('840');
    expect(run((p, x) => checkCurrency(p, x, 'currency'), 'CNY').problems).toEqual([
      'BAD_CURRENCY: currency must be a 3-digit ISO 4217 numeric code (field currency)',
    ]);
    expect(run((p, x) => checkDigits(p, x, 'ctx.readCapability', 1, 'read capability'), '66').problems).toEqual([
      'BAD_DIGITS: read capability must be one digit (field ctx.readCapability)',
    ]);
    expect(run((p, x) => checkDigits(p, x, 'card.sequence', 3, 'card sequence number'), '1').problems).toEqual([
      'BAD_DIGITS: card sequence number must be 3 digits (field card.sequence)',
    ]);
  });

  it('reads flags as booleans and reports objects that are missing', () => {
    expect(run((p, x) => checkFlag(p, x, 'fallback'), undefined).out).toBe(false);
    expect(run((p, x) => checkFlag(p, x, 'fallback'), true).out).toBe(true);
    expect(run((p, x) => checkFlag(p, x, 'fallback'), 'yes').problems).toEqual(['BAD_TYPE: flag must be true or false (field fallback)']);
    expect(run((p, x) => checkRecord(p, x, 'original'), null).problems).toEqual(['MISSING_INPUT: original is required (field original)']);
    expect(run((p, x) => checkRecord(p, x, 'original'), [1]).problems).toEqual(['MISSING_INPUT: original is required (field original)']);
  });
});
