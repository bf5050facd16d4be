import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialects, identifyTransaction, validateRequest } from '../../../src/index.js';
import { buildRefund, buildSale, buildVoid } from '../../../src/txn/builders/financial.js';
import { buildPaymentResultQuery, buildQrOrder, qrVoucherOf, readQrOrderAnswer } from '../../../src/txn/builders/qr.js';
import { splitFixture } from '../../fixtures/cup-fixtures.js';
import { context, fixture, problemsOf, QR } from './support.js';

describe('QR (扫码) payments', () => {
  const approval = dialects.cup.decode(splitFixture(fixture('cup-0210-qrsale-1.json')).body);
  const voucher = qrVoucherOf(approval)!;

  it("read the payment voucher (59 A4) from a captured QR sale's answer", () => {
    expect(voucher).toBe('58210526789789570802');
  });

  it('void a QR sale with 59 = A4 and the sale\'s voucher, not a new payment code (D7), as QR terminals send it', () => {
    const m = buildVoid(context(), { card: { entry: 'qr', voucher }, original: { stan: '000068', batch: '000012', rrn: '215618258736', amount: '1' } });
    expect(m.toObject().fields['59']).toEqual([{ tag: 'A4', value: voucher }]);
    expect(m.toObject().fields['22']).toEqual({ '1': '03', '2': '2' });
    expect(m.get('37')).toBe('215618258736');
  });

  it('refund a QR sale with 59 = A4 and the voucher', () => {
    const m = buildRefund(context(), { card: { entry: 'qr', voucher }, amount: '1', original: { rrn: '215618258736', date: '0526' }, cardOrganisation: 'CUP' });
    expect([m.toObject().fields['59'], m.get('63.1')]).toEqual([[{ tag: 'A4', value: voucher }], 'CUP']);
  });

  it('carry any voucher (1 to 64 printable characters) through a void and a refund on the wire, read back as it was', () => {
    const original = { stan: '000068', batch: '000012', rrn: '215618258736', amount: '1' };
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7E]{1,64}$/), (v) => {
        const card = { entry: 'qr' as const, voucher: v };
        for (const m of [buildVoid(context(), { card, original }), buildRefund(context(), { card, amount: '1', original: { rrn: original.rrn, date: '0526' } })]) {
          const bytes = dialects.cup.encode(m);
          const back = dialects.cup.decode(bytes);
          expect([qrVoucherOf(back), identifyTransaction(back), dialects.cup.encode(back)]).toEqual([v, identifyTransaction(m), bytes]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuse a payment code in a void or refund, and a voucher in a sale', () => {
    const original = { stan: '000068', batch: '000012', rrn: '215618258736', amount: '1' };
    expect(problemsOf(() => buildVoid(context(), { card: QR, original }))).toEqual([
      ['card.voucher', 'MISSING_INPUT', "a QR void or refund names the payment by its voucher (59 A4), not a payment code (field card.voucher)"],
    ]);
    expect(problemsOf(() => buildSale(context(), { card: { entry: 'qr', voucher }, amount: '1' }))).toEqual([
      ['card.code', 'MISSING_INPUT', 'a QR payment needs the scanned payment code (field card.code)'],
    ]);
  });

  it('carry further 59 tags an acquirer asks for (a channel marker) after A3', () => {
    const code = '6225880123456789012';
    const m = buildSale(context(), { card: { entry: 'qr', code, tags: [{ tag: 'B1', value: '02' }] }, amount: '100' });
    expect(m.toObject().fields['59']).toEqual([{ tag: 'A3', value: '6225880123456789012' }, { tag: 'B1', value: '02' }]);
    expect(problemsOf(() => buildSale(context(), { card: { entry: 'qr', code, tags: [{ tag: 'A4', value: 'x' }] }, amount: '100' })).map(([p]) => p)).toEqual(['card.tags.0.tag']);
  });
});

describe('the payment result query (消费结果查询)', () => {
  it('asks with 3 = 000010, 60 = 61 + batch and 61 = the payment\'s batch, STAN and date, as the terminal app sends it', () => {
    const m = buildPaymentResultQuery(context(), { original: { stan: '000068', batch: '000012', date: '0526', amount: '1', voucher: '58210526789789570802' } });
    const f = m.toObject().fields;
    expect([m.mti, f['3'], f['4'], f['11'], f['49']]).toEqual(['0200', '000010', '000000000001', '000241', '156']);
    expect(f['60']).toEqual({ '1': '61', '2': '000012' });
    expect(f['61']).toEqual({ '1': '000012', '2': '000068', '3': '0526' });
    expect(f['59']).toEqual([{ tag: 'A4', value: '58210526789789570802' }]);
    expect([validateRequest(m, { unsigned: true }), identifyTransaction(m)]).toEqual(['qr-result-query', 'qr-result-query']);
  });
});

describe('the merchant-presented (B2C) QR order', () => {
  it('asks for a code to show with a sale\'s fields and the order number in 59 A5, and is told apart from a sale by it', () => {
    const m = buildQrOrder(context({ readCapability: '6' }), { amount: '2500', order: 'ORD-20260101-0001' });
    const f = m.toObject().fields;
    expect([m.mti, f['3'], f['4'], f['22'], f['25']]).toEqual(['0200', '000000', '000000002500', { '1': '03', '2': '2' }, '00']);
    expect(f['59']).toEqual([{ tag: 'A5', value: 'ORD-20260101-0001' }]);
    expect(f['60']).toEqual({ '1': '22', '2': '000012', '3': '000', '4': '6', '5': '0' });
    expect([validateRequest(m, { unsigned: true }), identifyTransaction(m)]).toEqual(['qr-order', 'qr-order']);
    const sale = buildSale(context(), { card: QR, amount: '2500' });
    expect(identifyTransaction(sale)).toBe('sale');
  });

  it("reads the code to show from the order's answer (59 A6)", () => {
    const answer = dialects.cup.message('0210', { '39': '00', '59': [{ tag: 'A5', value: 'ORD1' }, { tag: 'A6', value: 'https://qr.95516.com/00010000/0123' }] });
    expect(readQrOrderAnswer(answer)).toEqual({ order: 'ORD1', code: 'https://qr.95516.com/00010000/0123' });
  });
});
