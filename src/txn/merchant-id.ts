/**
 * The anatomy of a 15-character CUP merchant number (field 42, 商户编号) as acquirers assign it: the
 * acquirer (收单机构, 3 digits), the area (地区码, 4 digits: the city, as the first four digits of the
 * administrative division code), the merchant category code (MCC, 4 digits) and a serial that tells the
 * acquirer's merchants of one area and category apart (4 characters, letters allowed). Public receipts
 * read this way: 898 2101 5411 0002 (898 = 银联商务, 2101 = Shenyang, 5411 = supermarket) and
 * 105 2900 5813 0392 (105 = China Construction Bank, 2900 = Shanghai, 5813 = bar).
 */
import { Iso8583Error } from '../errors.js';

/** A merchant number taken apart. */
export interface MerchantIdParts {
  /** Digits 1–3: the acquiring bank or payment institution. */
  acquirer: string;
  /** Digits 4–7: the area (city) code. */
  area: string;
  /** Digits 8–11: the merchant category code. */
  mcc: string;
  /** Characters 12–15: the acquirer's serial. */
  serial: string;
  /** The acquirer's name when the code is one of {@link ACQUIRER_NAMES}. */
  acquirerName?: string;
}

/** Acquirer codes seen on public receipts and explanations of merchant numbers (not a complete list). */
export const ACQUIRER_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '102': '中国工商银行',
  '105': '中国建设银行',
  '301': '交通银行',
  '898': '银联商务',
});

const MERCHANT_ID = /^([0-9]{3})([0-9]{4})([0-9]{4})([0-9A-Za-z]{4})$/;

/** Whether `mid` has the shape of a CUP merchant number (11 digits, then 4 letters or digits). */
export function isMerchantId(mid: unknown): mid is string {
  return typeof mid === 'string' && MERCHANT_ID.test(mid);
}

/** The parts of a merchant number; `BAD_MERCHANT_ID` when it is not 11 digits and 4 letters or digits. */
export function parseMerchantId(mid: string): MerchantIdParts {
  const m = typeof mid === 'string' ? MERCHANT_ID.exec(mid) : null;
  if (m === null) {
    throw new Iso8583Error('BAD_MERCHANT_ID', 'merchant number must be 15 characters: 11 digits, then 4 letters or digits', {
      path: '42',
      expected: 'acquirer n3, area n4, MCC n4, serial an4',
    });
  }
  const parts: MerchantIdParts = { acquirer: m[1]!, area: m[2]!, mcc: m[3]!, serial: m[4]! };
  const name = ACQUIRER_NAMES[parts.acquirer];
  if (name !== undefined) parts.acquirerName = name;
  return parts;
}

/** The merchant number of its parts (checked as {@link parseMerchantId} checks it). */
export function formatMerchantId(parts: Pick<MerchantIdParts, 'acquirer' | 'area' | 'mcc' | 'serial'>): string {
  const mid = `${String(parts?.acquirer)}${String(parts?.area)}${String(parts?.mcc)}${String(parts?.serial)}`;
  parseMerchantId(mid);
  return mid;
}
