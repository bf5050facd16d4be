import { describe, it, expect } from 'vitest';
import BN from 'bn.js';
import {
  buildPreauth,
  buildPreauthCompletionAdvice,
  buildPreauthCompletionVoid,
  buildPreauthVoid,
} from '../../../src/txn/builders/index.js';
import { CHIP, MANUAL, SWIPED, context, problemsOf } from './support.js';

describe('the pre-authorisation family', () => {
  it('pre-authorises with 0100, 3 = 030000, 25 = 06 and an amount given as a BN', () => {
    const m = buildPreauth(context(), { amount: new BN('123456789012', 10), card: CHIP });
    expect([m.mti, m.get('3'), m.get('25'), m.get('4'), m.get('60.1')]).toEqual(['0100', '030000', '06', '123456789012', '10']);
  });

  it('voids a pre-authorisation by its code in 38 and its date in 61.3, with the amount pre-authorised in 4', () => {
    const m = buildPreauthVoid(context(), { original: { amount: '50000', authCode: 'A51234', date: '0611' }, card: MANUAL });
    expect([m.mti, m.get('3'), m.get('60.1'), m.get('4'), m.get('38')]).toEqual(['0100', '200000', '11', '000000050000', 'A51234']);
    expect(m.toObject().fields['61']).toEqual({ '1': '000000', '2': '000000', '3': '0611' });
  });

  it('voids a completion by its RRN, batch, STAN and date, the date being optional', () => {
    const original = { stan: '000242', batch: '000012', rrn: '183015002311', amount: '48000' };
    const dated = buildPreauthCompletionVoid(context(), { original: { ...original, date: '0612' }, card: SWIPED });
    expect([dated.mti, dated.get('3'), dated.get('25'), dated.get('60.1'), dated.get('37')]).toEqual(['0200', '200000', '06', '21', '183015002311']);
    expect(dated.toObject().fields['61']).toEqual({ '1': '000012', '2': '000242', '3': '0612' });
    const undated = buildPreauthCompletionVoid(context(), { original, card: SWIPED });
    expect(undated.toObject().fields['61']).toEqual({ '1': '000012', '2': '000242' });
  });

  it('advises an offline completion with 0220 and 60.1 = 24', () => {
    const m = buildPreauthCompletionAdvice(context(), { amount: '48000', original: { authCode: 'A51234', date: '0611' }, card: MANUAL });
    expect([m.mti, m.get('3'), m.get('25'), m.get('60.1'), m.get('38')]).toEqual(['0220', '000000', '06', '24', 'A51234']);
  });

  it('reports a missing authorisation code and date of the pre-authorisation', () => {
    expect(problemsOf(() => buildPreauthVoid(context(), { original: { amount: '1' }, card: MANUAL } as never))).toEqual([
      ['original.authCode', 'BAD_AUTH_CODE', 'authorisation code must be 6 letters, digits or spaces (field original.authCode)'],
      ['original.date', 'BAD_DATE', 'date must be 4 digits MMDD (field original.date)'],
    ]);
  });
});
