import { describe, it, expect } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { buildBalanceInquiry, buildRefund, buildSale, buildVoid } from '../../../src/txn/builders/index.js';
import { CHIP, MANUAL, QR, SWIPED, context, problemsOf } from './support.js';
import { caught } from '../../support/errors.js';

describe('buildBalanceInquiry', () => {
  it('asks for the balance with 3 = 310000, 60.1 = 01 and no amount', () => {
    const m = buildBalanceInquiry(context(), { card: SWIPED });
    expect(m.mti).toBe('0200');
    expect(m.get('3')).toBe('310000');
    expect(m.has('4')).toBe(false);
    expect(m.toObject().fields['60']).toEqual({ '1': '01', '2': '000012', '3': '000', '4': '0', '5': '0' });
  });
});

describe('buildSale', () => {
  it('makes a QR (C2B) sale from a scanned payment code: 22 = 032, 59 A3, no card fields', () => {
    const m = buildSale(context({ readCapability: '6' }), { amount: '1', card: QR });
    expect(m.fieldNumbers()).toEqual([3, 4, 11, 22, 25, 41, 42, 49, 59, 60]);
    // 59: length 024, tag A3, length 019, the code as ASCII.
    expect(toHex(context().dialect.encode(m))).toContain('0024413330313936323235383830313233343536373839303132');
  });

  it('marks a fallback swipe with 60.5 = 2 and an IC-capable 60.4', () => {
    const m = buildSale(context(), { amount: '1', card: { ...SWIPED, fallback: true } as typeof SWIPED });
    expect(m.get('22.1')).toBe('02');
    expect(m.get('60.4')).toBe('5');
    expect(m.get('60.5')).toBe('2');
  });

  it('offers partial approval in 60.6 and takes another currency in 49', () => {
    const m = buildSale(context({ readCapability: '6' }), { amount: '1', card: CHIP, partialApproval: true, currency: '344' });
    expect(m.toObject().fields['60']).toEqual({ '1': '22', '2': '000012', '3': '000', '4': '6', '5': '0', '6': '1' });
    expect(m.get('49')).toBe('344');
  });

  it('sets 53.3 for enciphered tracks and refuses track encryption of a card without track 2', () => {
    expect(buildSale(context(), { amount: '1', card: SWIPED, trackEncrypted: true }).get('53.3')).toBe('1');
    expect(problemsOf(() => buildSale(context(), { amount: '1', card: MANUAL, trackEncrypted: true }))).toEqual([
      ['trackEncrypted', 'UNEXPECTED_INPUT', 'track encryption needs a track 2 to encrypt (field trackEncrypted)'],
    ]);
  });

  it('reports every problem of the context and input in one error, in input order', () => {
    const e = caught(() =>
      buildSale(context({ stan: '000000', batch: '12', readCapability: 'x' }), {
        amount: '0',
        card: { entry: 'magstripe', track2: '6225880123456784D2812' },
        currency: 'CNY',
        partialApproval: 'yes' as unknown as boolean,
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe(
      'request input has 7 problems: ctx.stan, ctx.batch, ctx.readCapability, card.track2, currency, amount, partialApproval',
    );
    expect(e.problems.map((x) => x.message)).toEqual([
      'STAN must be 6 digits from 000001 to 999999 (field ctx.stan)',
      'batch number must be 6 digits (field ctx.batch)',
      'read capability must be one digit (field ctx.readCapability)',
      'PAN in track 2 fails the Luhn check (field card.track2)',
      'currency must be a 3-digit ISO 4217 numeric code (field currency)',
      'amount must be greater than zero (field amount)',
      'flag must be true or false (field partialApproval)',
    ]);
  });

  it('refuses an input that is not an object and a context without a dialect', () => {
    expect(problemsOf(() => buildSale(context(), null as never))).toEqual([['input', 'MISSING_INPUT', 'input is required (field input)']]);
    expect(problemsOf(() => buildSale({ ...context(), dialect: undefined as never }, { amount: '1', card: MANUAL }))).toEqual([
      ['ctx.dialect', 'MISSING_INPUT', 'ctx.dialect is required (field ctx.dialect)'],
    ]);
    expect(problemsOf(() => buildSale(undefined as never, { amount: '1', card: MANUAL }))).toEqual([['ctx', 'MISSING_INPUT', 'ctx is required (field ctx)']]);
  });
});

describe('buildVoid', () => {
  it('voids a sale with its amount in 4, its RRN in 37, its code in 38 and its batch and STAN in 61', () => {
    const m = buildVoid(context(), {
      original: { stan: '000117', batch: '000011', rrn: '183015002310', amount: '2000', authCode: 'A51234' },
      card: SWIPED,
    });
    expect(m.get('3')).toBe('200000');
    expect(m.get('4')).toBe('000000002000');
    expect(m.get('37')).toBe('183015002310');
    expect(m.get('38')).toBe('A51234');
    expect(m.toObject().fields['61']).toEqual({ '1': '000011', '2': '000117' });
    // 61 on the wire: 12 digits, BCD.
    expect(toHex(context().dialect.encode(m))).toContain('0012000011000117');
  });

  it('reports a missing original and each bad part of a given one', () => {
    expect(problemsOf(() => buildVoid(context(), { card: SWIPED } as never))).toEqual([
      ['original', 'MISSING_INPUT', 'original is required (field original)'],
    ]);
    expect(
      problemsOf(() => buildVoid(context(), { card: SWIPED, original: { stan: '0', batch: 'b', rrn: 'r', amount: '', authCode: 'x' } })),
    ).toEqual([
      ['original.stan', 'BAD_STAN', 'STAN must be 6 digits from 000001 to 999999 (field original.stan)'],
      ['original.batch', 'BAD_BATCH', 'batch number must be 6 digits (field original.batch)'],
      ['original.rrn', 'BAD_RRN', 'retrieval reference number must be 12 letters or digits (field original.rrn)'],
      ['original.amount', 'BAD_AMOUNT', 'amount must be 1 to 12 digits (field original.amount)'],
      ['original.authCode', 'BAD_AUTH_CODE', 'authorisation code must be 6 letters, digits or spaces (field original.authCode)'],
    ]);
  });
});

describe('buildRefund', () => {
  it('refunds with the original RRN in 37, 61 = 000000 000000 MMDD and the card organisation, not the operator, in 63', () => {
    const m = buildRefund(context({ operator: '007' }), { amount: '500', original: { rrn: '183015002310', date: '0229' }, card: MANUAL, cardOrganisation: 'CUP' });
    expect(m.mti).toBe('0220');
    expect(m.toObject().fields['61']).toEqual({ '1': '000000', '2': '000000', '3': '0229' });
    expect(m.get('63.1')).toBe('CUP');
  });

  it('sends 000 in 63.1 when the card organisation is not known', () => {
    const m = buildRefund(context({ operator: '007' }), { amount: '500', original: { rrn: '183015002310', date: '0229' }, card: MANUAL });
    expect(m.get('63.1')).toBe('000');
  });

  it('needs a 3-character card organisation code and a real original date', () => {
    expect(
      problemsOf(() =>
        buildRefund(context({ operator: '' }), { amount: '500', original: { rrn: '183015002310', date: '0230' }, card: MANUAL, cardOrganisation: 'cu' }),
      ),
    ).toEqual([
      ['cardOrganisation', 'BAD_CARD_ORGANISATION', 'card organisation code must be 3 upper-case letters or digits (field cardOrganisation)'],
      ['original.date', 'BAD_DATE', 'date must be a real month and day (field original.date)'],
    ]);
  });
});
