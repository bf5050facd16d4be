/**
 * Settlement (批结算): the 62-digit totals of field 48 in a 0500 request, the reconciliation result a
 * host returns in the 0510's field 48, and the card-class rule that splits totals into domestic and
 * foreign cards.
 */
import BN from 'bn.js';
import { expectDigits, expectInteger, expectObject, expectOptions, expectString } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import type { CompositeValue, FieldValue } from '../codec/values.js';
import type { CardClass, ClassTotals, ReconciliationResult, SettlementTotals } from './types.js';

/** Digits of one card class's block in field 48: amount n12, count n3, amount n12, count n3, code n1. */
const BLOCK_DIGITS = 31;
const FIELD48_DIGITS = 2 * BLOCK_DIGITS;

/** The block number of each card class in field 48 (48.1 domestic, 48.2 foreign). */
const BLOCKS: ReadonlyArray<readonly [CardClass, string]> = [
  ['domestic', '1'],
  ['foreign', '2'],
];

/** BIN prefixes counted as domestic (内卡) by default: UnionPay's 62 range and the 9 range of legacy domestic cards. */
export const DEFAULT_DOMESTIC_PREFIXES: readonly string[] = ['62', '9'];

/** How `cardClassOf` decides: PAN prefixes (BINs or BIN ranges) that mean a domestic card. */
export interface CardClassOptions {
  domesticPrefixes?: readonly string[];
}

/**
 * Domestic or foreign for settlement totals. Field 48 splits totals by card origin, which only the
 * acquirer's BIN table knows exactly; without one, a PAN starting with 62 (UnionPay) or 9 counts as
 * domestic and any other as foreign. Pass the acquirer's own prefixes to override.
 */
export function cardClassOf(pan: string, options?: CardClassOptions): CardClass {
  options = expectOptions(options);
  if (typeof pan !== 'string' || !/^[0-9]{1,19}$/.test(pan)) {
    throw new Iso8583Error('INVALID_INPUT', 'PAN must be 1 to 19 digits', { path: 'pan' });
  }
  const prefixes = options.domesticPrefixes ?? DEFAULT_DOMESTIC_PREFIXES;
  return prefixes.some((p) => p.length > 0 && pan.startsWith(p)) ? 'domestic' : 'foreign';
}

/** A total's amount as n12, or a TOTALS_OUT_OF_RANGE error when it does not fit. */
function amountDigits(amount: string, path: string): string {
  if (typeof amount !== 'string' || !/^[0-9]+$/.test(amount)) {
    throw new Iso8583Error('INVALID_INPUT', 'total amount must be digits', { path });
  }
  const trimmed = amount.replace(/^0+(?=[0-9])/, '');
  if (trimmed.length > 12) {
    throw new Iso8583Error('TOTALS_OUT_OF_RANGE', 'total amount does not fit in 12 digits', { path, expected: 'n 12' });
  }
  return trimmed.padStart(12, '0');
}

function countDigits(count: number, path: string): string {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new Iso8583Error('INVALID_INPUT', 'total count must be a whole number from 0', { path });
  }
  if (count > 999) {
    throw new Iso8583Error('TOTALS_OUT_OF_RANGE', 'total count does not fit in 3 digits', { path, expected: 'n 3' });
  }
  return String(count).padStart(3, '0');
}

/** Field 48 of a 0500 request: domestic then foreign totals, 62 digits, each reconciliation code 0. */
export function settlementField48(totals: SettlementTotals): string {
  let out = '';
  for (const [cls, block] of BLOCKS) {
    const t: ClassTotals | undefined = totals?.[cls];
    if (t === undefined || t === null || typeof t !== 'object') {
      throw new Iso8583Error('INVALID_INPUT', 'settlement totals need domestic and foreign totals', { path: `48.${block}` });
    }
    out +=
      amountDigits(t.debitAmount, `48.${block}.1`) +
      countDigits(t.debitCount, `48.${block}.2`) +
      amountDigits(t.creditAmount, `48.${block}.3`) +
      countDigits(t.creditCount, `48.${block}.4`) +
      '0';
  }
  return out;
}

/** What a host's reconciliation code means: 1 balanced, 2 not balanced, 3 error; 0 is read as balanced, as terminals do. */
export function reconciliationResult(code: string): ReconciliationResult {
  expectString(code, 'code');
  if (code === '0' || code === '1') return 'balanced';
  if (code === '2') return 'unbalanced';
  // 3, and any code the table does not list: the host did not confirm the totals.
  return 'error';
}

/** The 62 digits of a settlement field 48 given as text, or as the subfields the CUP dialect decodes it into. */
function field48Digits(field48: string | CompositeValue): string {
  if (typeof field48 === 'string') {
    if (field48.length < FIELD48_DIGITS) {
      throw new Iso8583Error('BAD_LENGTH', 'settlement field 48 needs 62 digits', {
        path: '48',
        expected: `${FIELD48_DIGITS} digits`,
        found: `${field48.length} characters`,
      });
    }
    const digits = field48.slice(0, FIELD48_DIGITS);
    if (!/^[0-9]+$/.test(digits)) {
      throw new Iso8583Error('BAD_CHARACTER', 'settlement field 48 must be digits', { path: '48', expected: 'digit', found: 'non-digit' });
    }
    return digits;
  }
  if (field48 === null || typeof field48 !== 'object' || Array.isArray(field48) || field48 instanceof Uint8Array) {
    throw new Iso8583Error('BAD_TYPE', 'settlement field 48 must be a digit string or its subfields', { path: '48' });
  }
  let out = '';
  for (const [, block] of BLOCKS) {
    const sub: FieldValue | undefined = field48[block];
    if (sub === undefined || typeof sub !== 'object' || Array.isArray(sub) || sub instanceof Uint8Array) {
      throw new Iso8583Error('MISSING_SUBFIELD', 'settlement field 48 lacks a card-class block', { path: `48.${block}` });
    }
    const widths = [12, 3, 12, 3, 1];
    widths.forEach((width, i) => {
      const path = `48.${block}.${i + 1}`;
      const v = sub[String(i + 1)];
      if (typeof v !== 'string') {
        throw new Iso8583Error('MISSING_SUBFIELD', 'settlement totals subfield is missing', { path });
      }
      if (!/^[0-9]*$/.test(v)) {
        throw new Iso8583Error('BAD_CHARACTER', 'settlement totals subfield must be digits', { path, expected: 'digit', found: 'non-digit' });
      }
      if (v.length !== width) {
        throw new Iso8583Error('BAD_LENGTH', 'settlement totals subfield has the wrong length', {
          path,
          expected: `n ${width}`,
          found: `${v.length} digits`,
        });
      }
      out += v;
    });
  }
  return out;
}

function classTotals(block: string): ClassTotals {
  return {
    debitAmount: block.slice(0, 12),
    debitCount: Number(block.slice(12, 15)),
    creditAmount: block.slice(15, 27),
    creditCount: Number(block.slice(27, 30)),
  };
}

/**
 * Reads field 48 of a 0510 (or a 0500): the totals and, per card class, the host's reconciliation
 * result from the code digits at offsets 30 and 61. Data after the 62 digits is ignored.
 */
export function readReconciliation(field48: string | CompositeValue): {
  totals: SettlementTotals;
  domestic: ReconciliationResult;
  foreign: ReconciliationResult;
} {
  const digits = field48Digits(field48);
  const domestic = digits.slice(0, BLOCK_DIGITS);
  const foreign = digits.slice(BLOCK_DIGITS, FIELD48_DIGITS);
  return {
    totals: { domestic: classTotals(domestic), foreign: classTotals(foreign) },
    domestic: reconciliationResult(domestic.charAt(30)),
    foreign: reconciliationResult(foreign.charAt(30)),
  };
}

/** Whether two sets of totals are equal in value (amounts compared as numbers, so zero-fill does not matter). */
export function sameTotals(a: SettlementTotals, b: SettlementTotals): boolean {
  checkTotals(a, 'a');
  checkTotals(b, 'b');
  return BLOCKS.every(([cls]) => {
    const x = a[cls];
    const y = b[cls];
    return (
      x.debitCount === y.debitCount &&
      x.creditCount === y.creditCount &&
      new BN(x.debitAmount, 10).eq(new BN(y.debitAmount, 10)) &&
      new BN(x.creditAmount, 10).eq(new BN(y.creditAmount, 10))
    );
  });
}

/** Throws BAD_ARGUMENT naming the argument unless `t` holds counts and digit amounts for both card classes. */
export function checkTotals(t: SettlementTotals, name: string): void {
  expectObject(t, name);
  for (const [cls] of BLOCKS) {
    const c = expectObject(t[cls], `${name}.${cls}`);
    expectInteger(c.debitCount, `${name}.${cls}.debitCount`);
    expectInteger(c.creditCount, `${name}.${cls}.creditCount`);
    for (const key of ['debitAmount', 'creditAmount'] as const) {
      expectDigits(c[key], `${name}.${cls}.${key}`, 1, 18);
    }
  }
}
