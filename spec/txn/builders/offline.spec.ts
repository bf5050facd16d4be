import { describe, it, expect } from 'vitest';
import BN from 'bn.js';
import { buildAdjustment, buildOfflineSettlement, buildTip } from '../../../src/txn/builders/index.js';
import { MANUAL, PAN, SWIPED, context, problemsOf } from './support.js';

describe('offline advices', () => {
  it('settles offline with 0220, 60.1 = 30, the PAN of a swiped card in 2 as keyed in (22 = 012), no track, the card organisation in 63', () => {
    const m = buildOfflineSettlement(context(), { amount: '3000', card: SWIPED, authCode: '123456', cardOrganisation: 'VIS' });
    expect([m.mti, m.get('3'), m.get('25'), m.get('60.1')]).toEqual(['0220', '000000', '00', '30']);
    expect(m.get('2')).toBe('6225880123456783');
    expect(m.toObject().fields['22']).toEqual({ '1': '01', '2': '2' });
    expect(m.has('35')).toBe(false);
    expect(m.get('38')).toBe('123456');
    expect(m.get('63.1')).toBe('VIS');
    expect(m.has('61')).toBe(false);
  });

  it('puts the card organisation, or 000 when unknown, in 63.1 of adjustments and tips, never the operator', () => {
    const original = { stan: '000117', batch: '000011', amount: '1000' };
    expect(buildAdjustment(context({ operator: '007' }), { amount: '1200', original, card: SWIPED, cardOrganisation: 'CUP' }).get('63.1')).toBe('CUP');
    expect(buildTip(context({ operator: '007' }), { tip: '100', original, card: SWIPED }).get('63.1')).toBe('000');
  });

  it('puts how and by whom an offline sale was authorised in 61.4 and 61.5', () => {
    const m = buildOfflineSettlement(context(), { amount: '3000', card: MANUAL, authorisation: { method: '01', institution: '00000001234' } });
    expect(m.toObject().fields['61']).toEqual({ '1': '000000', '2': '000000', '3': '0000', '4': '01', '5': '00000001234' });
    expect(problemsOf(() => buildOfflineSettlement(context(), { amount: '3000', card: MANUAL, authorisation: { method: '1', institution: '12' } }))).toEqual([
      ['authorisation.method', 'BAD_DIGITS', 'authorisation method must be 2 digits (field authorisation.method)'],
      ['authorisation.institution', 'BAD_DIGITS', 'authorising institution must be 11 digits (field authorisation.institution)'],
    ]);
  });

  it('adjusts an earlier offline settlement: corrected amount in 4, tip in 48, the original in 37, 38 and 61', () => {
    const m = buildAdjustment(context(), {
      amount: '3500',
      tip: '500',
      original: { stan: '000117', batch: '000011', date: '0611', rrn: '183015002310', authCode: '123456' },
      card: MANUAL,
    });
    expect([m.mti, m.get('60.1'), m.get('4'), m.get('48.1')]).toEqual(['0220', '32', '000000003500', '000000000500']);
    expect(m.toObject().fields['61']).toEqual({ '1': '000011', '2': '000117', '3': '0611' });
    expect([m.get('37'), m.get('38')]).toEqual(['183015002310', '123456']);
  });

  it('adds a tip to the original amount exactly with bn.js: 4 = sum, 48 = tip', () => {
    const m = buildTip(context(), {
      tip: new BN('1', 10),
      original: { stan: '000117', batch: '000011', amount: '900719925474' },
      card: { entry: 'manual', pan: PAN, expiry: '3012' },
    });
    expect(m.get('60.1')).toBe('34');
    expect(m.get('4')).toBe('900719925475');
    expect(m.get('48.1')).toBe('000000000001');
    const encoded = context().dialect.encode(m);
    expect(context().dialect.decode(encoded).get('48.1')).toBe('000000000001');
  });

  it('refuses a tip whose sum with the original amount needs a 13th digit', () => {
    expect(problemsOf(() => buildTip(context(), { tip: '1', original: { stan: '000117', batch: '000011', amount: '999999999999' }, card: MANUAL }))).toEqual([
      ['tip', 'BAD_AMOUNT', 'original amount plus tip must fit in 12 digits (field tip)'],
    ]);
  });

  it('refuses track encryption in an advice, which carries no track', () => {
    expect(problemsOf(() => buildOfflineSettlement(context(), { amount: '1', card: SWIPED, trackEncrypted: true } as never))).toEqual([
      ['trackEncrypted', 'UNEXPECTED_INPUT', 'this transaction carries no track data to encrypt (field trackEncrypted)'],
    ]);
  });
});
