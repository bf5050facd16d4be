import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { cupDialectSpec, defineDialect, dialects, identifyTransaction, validateRequest } from '../../../src/index.js';
import {
  buildChipFailureUpload,
  buildEcOfflineUpload,
  buildScriptNotification,
  chipOriginalOf,
  chipUploadRecord,
  finalCryptogramIcc,
} from '../../../src/txn/builders/chip.js';
import { buildSale } from '../../../src/txn/builders/financial.js';
import { respondTo } from '../../../src/txn/host-responder.js';
import { CHIP, PAN, context, problemsOf } from './support.js';

const SCRIPT_ICC = [
  { tag: '9F33', value: 'E0E1C8' },
  { tag: '95', value: '0000000000' },
  { tag: '9F37', value: '591D3716' },
  { tag: '9F1E', value: '3030303030303030' },
  { tag: '9F10', value: '07010103A00000010A010000000000' },
  { tag: '9F26', value: 'ED1D6BA78357FB25' },
  { tag: '9F36', value: '01C0' },
  { tag: '82', value: '7C00' },
  { tag: 'DF31', value: '2000000000' },
  { tag: '9F1A', value: '0156' },
  { tag: '9A', value: '180711' },
];

describe('the script result notification (0620, 60.3 951)', () => {
  const sale = buildSale(context({ stan: '000757', readCapability: '6' }), { amount: '1', card: CHIP });
  const approval = respondTo(sale, { now: () => new Date(2018, 6, 11, 10, 0, 0), rrn: '180711100000' });

  it('repeats the original as terminal code builds it: its 2, 3, 4, 22, 23, 32, 37, 38, 49, a new 11, 60 = 00 + batch + 951 + its 60.4/60.5, 61 = its batch, STAN and date', () => {
    const original = chipOriginalOf(sale, approval);
    const m = buildScriptNotification(context({ stan: '000758' }), { original, icc: SCRIPT_ICC });
    const f = m.toObject().fields;
    expect(m.mti).toBe('0620');
    expect([f['2'], f['3'], f['4'], f['11'], f['22'], f['23'], f['49']]).toEqual([PAN, '000000', '000000000001', '000758', { '1': '05', '2': '2' }, '001', '156']);
    expect([f['32'], f['37'], f['38']]).toEqual([approval.get('32'), '180711100000', approval.get('38')]);
    expect(f['60']).toEqual({ '1': '00', '2': '000012', '3': '951', '4': '6', '5': '0' });
    expect(f['61']).toEqual({ '1': '000012', '2': '000757', '3': '0711' });
    expect((f['55'] as { tag: string }[]).map((t) => t.tag)).toContain('DF31');
    expect([validateRequest(m, { unsigned: true }), identifyTransaction(m)]).toEqual(['script-notification', 'script-notification']);
  });

  it('needs the original and chip data', () => {
    expect(problemsOf(() => buildScriptNotification(context(), { original: undefined as never, icc: [] })).map(([p, c]) => [p, c])).toEqual([
      ['original', 'MISSING_INPUT'],
      ['icc', 'BAD_ICC'],
    ]);
  });
});

describe('chip upload records of field 62', () => {
  it('write an approved (TC) record as 61 + class + 00 + amount + currency, as terminals upload them', () => {
    expect(chipUploadRecord({ result: 'tc', cardClass: 'domestic', amount: '000000002000' })).toBe('6100000000000020001' + '56');
    expect(chipUploadRecord({ result: 'tc', cardClass: 'foreign', amount: '2000' })).toBe('610100000000002000156');
  });

  it('write an ARPC failure as 71 + class + 05 … 22 and a card decline (AAC) as 71 + class + 11 … 10', () => {
    expect(chipUploadRecord({ result: 'arpc-error', cardClass: 'domestic', amount: '000000002000' })).toBe('71000500000000200015622');
    expect(chipUploadRecord({ result: 'card-declined', cardClass: 'domestic', amount: '000000002000' })).toBe('71001100000000200015610');
  });
});

describe('the failed chip transaction upload (0320, 60.3 204 / 206)', () => {
  const icc = finalCryptogramIcc(CHIP.entry === 'contact' ? (CHIP.icc as { tag: string; value: string }[]) : [], '1122334455667788', '40');

  it('reports an ARPC failure after a balanced settlement with 204, the final cryptogram and the 62 record', () => {
    const m = buildChipFailureUpload(context(), { code: '204', failure: 'arpc-error', pan: PAN, amount: '2000', entryMode: '051', sequence: '001', icc, cardClass: 'domestic' });
    expect([m.mti, m.get('60.3'), m.get('2'), m.get('4'), m.get('23')]).toEqual(['0320', '204', PAN, '000000002000', '001']);
    expect(m.toObject().fields['55']).toEqual([{ tag: '9F26', value: '1122334455667788' }, { tag: '9F27', value: '40' }]);
    expect(String.fromCharCode(...(m.get('62') as Uint8Array))).toBe('71000500000000200015622');
    expect(validateRequest(m, { unsigned: true })).toBe('chip-failure-upload');
    const back = dialects.cup.decode(dialects.cup.encode(m));
    expect(identifyTransaction(back)).toBe('chip-failure-upload');
  });

  it('reports a card decline after an unbalanced settlement with 206', () => {
    const m = buildChipFailureUpload(context(), { code: '206', failure: 'card-declined', pan: PAN, amount: '2000', entryMode: '051', icc, cardClass: 'foreign' });
    expect([m.get('60.3'), String.fromCharCode(...(m.get('62') as Uint8Array))]).toEqual(['206', '71011100000000200015610']);
  });
});

describe('the electronic-cash offline sale upload (0200, 60.1 36)', () => {
  it('sends 3 = 000000, 55 with 8A = Y1 added, 63 = CUP and 60 = 36 + batch + 000 + 5 + 0, as terminal code uploads them', () => {
    const m = buildEcOfflineUpload(context(), { card: { ...CHIP, entry: 'contact' } as never, amount: '1500' });
    const f = m.toObject().fields;
    expect([m.mti, f['3'], f['4'], f['25'], f['63']]).toEqual(['0200', '000000', '000000001500', '00', { '1': 'CUP' }]);
    expect(f['60']).toEqual({ '1': '36', '2': '000012', '3': '000', '4': '5', '5': '0' });
    expect((f['55'] as { tag: string; value: string }[]).at(-1)).toEqual({ tag: '8A', value: '5931' });
    expect([m.has('35'), m.has('52')]).toEqual([false, false]);
    expect(validateRequest(m, { unsigned: true })).toBe('ec-offline-upload');
  });

  it('keeps an 8A the card data already has, and reads chip data given as bytes', () => {
    const bytes = Uint8Array.of(0x9f, 0x26, 0x08, 1, 2, 3, 4, 5, 6, 7, 8);
    const m = buildEcOfflineUpload(context(), { card: { entry: 'contactless', pan: PAN, icc: bytes }, amount: '1' });
    expect(toHex(rawIcc(m))).toBe('9F260801020304050607088A025931');
    expect(m.get('60.4')).toBe('6');
    const withCode = [{ tag: '9F26', value: '0102030405060708' }, { tag: '8A', value: '5933' }];
    const kept = buildEcOfflineUpload(context(), { card: { entry: 'contact', pan: PAN, icc: withCode }, amount: '1' });
    expect(kept.toObject().fields['55']).toEqual(withCode);
  });

  it('needs a chip card', () => {
    expect(problemsOf(() => buildEcOfflineUpload(context(), { card: { entry: 'manual', pan: PAN, expiry: '3012' } as never, amount: '1' })).map(([p, c]) => [p, c])).toEqual([
      ['card.entry', 'BAD_ENTRY'],
    ]);
  });
});

const rawSpec = cupDialectSpec();
delete rawSpec.fields['55']!.composite;
const raw55 = defineDialect(rawSpec);
function rawIcc(m: Parameters<typeof dialects.cup.encode>[0]): Uint8Array {
  return raw55.decode(dialects.cup.encode(m)).get('55') as Uint8Array;
}
