import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMerchantId, isMerchantId, parseMerchantId } from '../../src/txn/merchant-id.js';
import { caught } from '../support/errors.js';

describe('merchant numbers', () => {
  it('reads the acquirer, area, MCC and serial of merchant numbers printed on public receipts', () => {
    // 898 2101 5411 0002: 银联商务, Shenyang, supermarket; 105 2900 5813 0392: China Construction Bank, Shanghai, bar.
    expect(parseMerchantId('898210154110002')).toEqual({ acquirer: '898', area: '2101', mcc: '5411', serial: '0002', acquirerName: '银联商务' });
    expect(parseMerchantId('105290058130392')).toEqual({ acquirer: '105', area: '2900', mcc: '5813', serial: '0392', acquirerName: '中国建设银行' });
    expect(parseMerchantId('001430170119999')).toEqual({ acquirer: '001', area: '4301', mcc: '7011', serial: '9999' });
  });

  it('takes a serial with letters, as some acquirers assign them', () => {
    expect(parseMerchantId('30229005411AB12').serial).toBe('AB12');
  });

  it('refuses a merchant number of the wrong shape without showing it', () => {
    for (const bad of ['89821015411000', '8982101541100021', 'A98210154110002', '8982101541X0002', 12 as unknown as string]) {
      const e = caught(() => parseMerchantId(bad));
      expect([e.code, e.message]).toEqual(['BAD_MERCHANT_ID', 'merchant number must be 15 characters: 11 digits, then 4 letters or digits (field 42)']);
      expect(isMerchantId(bad)).toBe(false);
    }
  });

  it('puts any parts back together into the number they came from', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(digits(3), digits(4), digits(4), fc.stringMatching(/^[0-9A-Za-z]{4}$/), (acquirer, area, mcc, serial) => {
        const mid = formatMerchantId({ acquirer, area, mcc, serial });
        expect(mid).toBe(acquirer + area + mcc + serial);
        expect(parseMerchantId(mid)).toMatchObject({ acquirer, area, mcc, serial });
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});
