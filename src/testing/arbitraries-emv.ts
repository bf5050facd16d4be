/**
 * Chip data for property tests: the EMV tags a terminal sends in an authorisation request (field 55),
 * in the order CUP terminals write them, each with the length EMV Book 3 (annex A) gives it.
 */
import { expectOptions } from '../arguments.js';
import fc from 'fast-check';
import { toHex } from '../bytes/hex.js';
import { EMV_TAGS } from '../dialects/emv-tags.js';
import { Iso8583Error } from '../errors.js';
import type { CanonicalTlv } from '../message/engine.js';

const hexBytes = (min: number, max: number = min): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map(toHex);
const pad2 = (n: number): string => String(n).padStart(2, '0');
const numeric = (digits: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: digits, maxLength: digits }).map((a) => a.join(''));

/** YYMMDD as 9A carries it: a real month, a day every month has. */
const transactionDate = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => pad2(y) + pad2(m) + pad2(d));

/** An 8-character IFD serial number (an 8) as the hex of its ASCII bytes. */
const ifdSerial = fc
  .array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'), { minLength: 8, maxLength: 8 })
  .map((a) => a.map((c) => c.charCodeAt(0).toString(16).toUpperCase()).join(''));

/** UnionPay application identifiers: debit, credit, quasi-credit, electronic cash. */
const UNIONPAY_AIDS = ['A000000333010101', 'A000000333010102', 'A000000333010103', 'A000000333010106'] as const;

/** Options of `emvTlvSet`. */
export interface EmvTlvSetOptions {
  /** Values of 9F02, amount authorised (n12; default: random 12 digits). Pass field 4's amount to keep them equal. */
  amount?: fc.Arbitrary<string>;
  /** 5F2A and 9F1A, transaction currency and terminal country (n4; default `'0156'`, China). */
  currency?: string;
  /** 9C, transaction type (default: `00` goods, `31` balance inquiry or `20` refund at random). */
  transactionType?: string;
  /** Most tags of private class unknown to the dialect to mix in, each at a random place (default 0). */
  unknownTags?: number;
}

/** Tags not described by `EMV_TAGS`: primitive private-class tags of two (`DFxx`) or three (`DF81xx`) bytes. */
function unknownTag(): fc.Arbitrary<CanonicalTlv> {
  const tag = fc
    .tuple(fc.boolean(), fc.integer({ min: 0x01, max: 0x7f }))
    .map(([long, b]) => (long ? 'DF81' : 'DF') + b.toString(16).toUpperCase().padStart(2, '0'))
    .filter((t) => EMV_TAGS[t] === undefined);
  return fc.tuple(tag, hexBytes(0, 16)).map(([t, value]) => ({ tag: t, value }));
}

/**
 * Field 55 of an ARQC request as an ordered `{tag, value}` list: 9F26 9F27 9F10 9F37 9F36 95 9A 9C 9F02
 * 5F2A 82 9F1A 9F03 9F33 always, 9F34 9F35 9F1E 84 9F09 9F41 when the card and terminal supply them.
 */
export function emvTlvSet(options?: EmvTlvSetOptions): fc.Arbitrary<CanonicalTlv[]> {
  options = expectOptions(options);
  const currency = options.currency ?? '0156';
  if (!/^[0-9]{4}$/.test(currency)) {
    throw new Iso8583Error('BAD_OPTION', 'currency must be 4 digits (n4)', { path: 'currency', expected: 'n 4' });
  }
  const type = options.transactionType;
  if (type !== undefined && !/^[0-9]{2}$/.test(type)) {
    throw new Iso8583Error('BAD_OPTION', 'transaction type must be 2 digits (n2)', { path: 'transactionType', expected: 'n 2' });
  }
  const maxUnknown = options.unknownTags ?? 0;
  if (!Number.isInteger(maxUnknown) || maxUnknown < 0 || maxUnknown > 4) {
    throw new Iso8583Error('BAD_OPTION', 'unknown tag count must be a whole number from 0 to 4', { path: 'unknownTags', expected: '0..4' });
  }
  const amountAuthorised = options.amount ?? numeric(12);
  const always = fc.tuple(
    hexBytes(8), // 9F26 application cryptogram
    fc.constantFrom('80', '40', '00'), // 9F27 ARQC, TC, AAC
    hexBytes(7, 32), // 9F10 issuer application data
    hexBytes(4), // 9F37 unpredictable number
    hexBytes(2), // 9F36 application transaction counter
    hexBytes(5), // 95 terminal verification results
    transactionDate, // 9A
    type === undefined ? fc.constantFrom('00', '31', '20') : fc.constant(type), // 9C goods, balance inquiry, refund
    amountAuthorised, // 9F02
    hexBytes(2), // 82 application interchange profile
    fc.constantFrom('000000000000', '000000000100'), // 9F03 amount other (cashback)
    fc.constantFrom('E0E1C8', 'E0F8C8', 'E0C0C8'), // 9F33 terminal capabilities
  );
  const sometimes = fc.tuple(
    fc.option(fc.constantFrom('420300', '1F0302', '020000'), { nil: undefined }), // 9F34 CVM results
    fc.option(fc.constantFrom('22', '21', '14'), { nil: undefined }), // 9F35 terminal type
    fc.option(ifdSerial, { nil: undefined }), // 9F1E
    fc.option(fc.constantFrom(...UNIONPAY_AIDS), { nil: undefined }), // 84 dedicated file name
    fc.option(fc.constantFrom('0020', '0030'), { nil: undefined }), // 9F09 application version
    fc.option(numeric(8), { nil: undefined }), // 9F41 transaction sequence counter
  );
  const unknown = fc.array(fc.tuple(fc.nat(), unknownTag()), { maxLength: maxUnknown });
  return fc.tuple(always, sometimes, unknown).map(([a, s, extra]) => {
    const [ac, cid, iad, un, atc, tvr, date, type, amt, aip, other, caps] = a;
    const list: CanonicalTlv[] = [
      { tag: '9F26', value: ac },
      { tag: '9F27', value: cid },
      { tag: '9F10', value: iad },
      { tag: '9F37', value: un },
      { tag: '9F36', value: atc },
      { tag: '95', value: tvr },
      { tag: '9A', value: date },
      { tag: '9C', value: type },
      { tag: '9F02', value: amt },
      { tag: '5F2A', value: currency },
      { tag: '82', value: aip },
      { tag: '9F1A', value: currency },
      { tag: '9F03', value: other },
      { tag: '9F33', value: caps },
    ];
    const optional: [string, string | undefined][] = [['9F34', s[0]], ['9F35', s[1]], ['9F1E', s[2]], ['84', s[3]], ['9F09', s[4]], ['9F41', s[5]]];
    for (const [tag, value] of optional) if (value !== undefined) list.push({ tag, value });
    for (const [at, node] of extra) list.splice(at % (list.length + 1), 0, node);
    return list;
  });
}
