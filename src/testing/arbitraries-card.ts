/**
 * Card data for property tests: Luhn-valid PANs, expiry dates, and track 2 / track 3 images shaped as
 * terminals read them. Every value is synthetic; none is a real card.
 */
import { expectInteger, expectOptions, expectString } from '../arguments.js';
import fc from 'fast-check';
import { Iso8583Error } from '../errors.js';

/** Shortest and longest PAN these generators make (ISO/IEC 7812 allows up to 19 digits). */
const PAN_MIN = 13;
const PAN_MAX = 19;
/** Most characters a track 2 image holds (ISO/IEC 7813). */
const TRACK2_MAX = 37;
/** Most characters a track 3 image holds (ISO 4909). */
const TRACK3_MAX = 104;

const DIGIT = fc.constantFrom(...'0123456789');
const NONZERO_DIGIT = fc.constantFrom(...'123456789');

/** Digit strings of `min` to `max` digits, shrinking towards fewer digits and zeros. */
export function digitString(min: number, max: number = min): fc.Arbitrary<string> {
  expectInteger(min, 'min', 0, 1000);
  expectInteger(max, 'max', min, 1000);
  return fc.array(DIGIT, { minLength: min, maxLength: max }).map((a) => a.join(''));
}

function isDigitText(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9]*$/.test(s);
}

function badOption(detail: string, path: string, expected: string): Iso8583Error {
  return new Iso8583Error('BAD_OPTION', detail, { path, expected });
}

/** The digit that makes `digits` followed by it pass the Luhn (mod 10) check. */
export function luhnCheckDigit(digits: string): string {
  if (!isDigitText(digits) || digits.length === 0) {
    throw new Iso8583Error('BAD_DIGITS', 'Luhn check digit needs one or more digits', { expected: 'n 1..' });
  }
  // Counted from the right, the digit to be appended takes position 1, so the last payload digit is doubled.
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether `pan` is two or more digits whose last one is their Luhn check digit. */
export function isLuhnValid(pan: string): boolean {
  expectString(pan, 'pan');
  if (!isDigitText(pan) || pan.length < 2) return false;
  return luhnCheckDigit(pan.slice(0, -1)) === pan.charAt(pan.length - 1);
}

/** Options of `luhnPan`. */
export interface LuhnPanOptions {
  /** Leading digits every PAN starts with (an issuer BIN such as `'622588'`); default: a random non-zero digit. */
  prefix?: string;
  /** Exact length, or a range, within 13..19 (default 13 to 19). */
  length?: number | { min: number; max: number };
}

function lengthRange(length: LuhnPanOptions['length']): { min: number; max: number } {
  const r = length === undefined ? { min: PAN_MIN, max: PAN_MAX } : typeof length === 'number' ? { min: length, max: length } : length;
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= PAN_MIN && (n as number) <= PAN_MAX;
  if (r === null || typeof r !== 'object' || !ok(r.min) || !ok(r.max) || r.min > r.max) {
    throw badOption(`PAN length must be within ${PAN_MIN} to ${PAN_MAX}`, 'length', `${PAN_MIN}..${PAN_MAX}`);
  }
  return r;
}

/** Luhn-valid PANs of 13 to 19 digits (or as `options` say), shrinking towards the shortest, zero-filled one. */
export function luhnPan(options?: LuhnPanOptions): fc.Arbitrary<string> {
  options = expectOptions(options);
  const { min, max } = lengthRange(options.length);
  const prefix = options.prefix;
  if (prefix !== undefined && (!isDigitText(prefix) || prefix.length >= min)) {
    throw badOption('PAN prefix must be digits, shorter than the PAN', 'prefix', `n 0..${min - 1}`);
  }
  // The head's length is known here, so no chain is needed and both parts shrink independently.
  const head = prefix === undefined ? NONZERO_DIGIT : fc.constant(prefix);
  const headLength = prefix === undefined ? 1 : prefix.length;
  return fc.tuple(head, digitString(min - headLength - 1, max - headLength - 1)).map(([start, middle]) => {
    const payload = start + middle;
    return payload + luhnCheckDigit(payload);
  });
}

/** Card expiry dates YYMM with a real month (01–12). */
export function expiry(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => String(y).padStart(2, '0') + String(m).padStart(2, '0'));
}

/** Service codes seen on UnionPay and international cards (ISO/IEC 7813: interchange, authorisation, services). */
const SERVICE_CODES = ['101', '120', '201', '206', '220', '221', '226', '520', '601'] as const;

/** Options of `track2`. */
export interface Track2Options {
  /** PANs to put before the separator (default `luhnPan()`). */
  pan?: fc.Arbitrary<string>;
  /** Expiry dates YYMM to put after the separator (default `expiry()`). */
  expiry?: fc.Arbitrary<string>;
  /** Field separator: `'D'` as packed BCD carries it (default) or `'='` as the stripe encodes it. */
  separator?: 'D' | '=';
}

/** Track 2 images: PAN, separator, expiry YYMM, service code, discretionary digits, 37 characters at most. */
export function track2(options?: Track2Options): fc.Arbitrary<string> {
  options = expectOptions(options);
  const separator = options.separator ?? 'D';
  if (separator !== 'D' && separator !== '=') throw badOption("track separator must be 'D' or '='", 'separator', "'D' or '='");
  const pans = options.pan ?? luhnPan();
  return fc
    .tuple(pans, options.expiry ?? expiry(), fc.constantFrom(...SERVICE_CODES), digitString(0, TRACK2_MAX - PAN_MIN - 8))
    .map(([pan, exp, service, discretionary]) => {
      const fixed = `${pan}${separator}${exp}${service}`;
      return fixed + discretionary.slice(0, Math.max(0, TRACK2_MAX - fixed.length));
    });
}

/** Options of `track3`. */
export interface Track3Options {
  /** PANs to put after the format code (default `luhnPan()`). */
  pan?: fc.Arbitrary<string>;
  /** Field separator (default `'D'`). */
  separator?: 'D' | '=';
}

/**
 * Track 3 images as Chinese bank cards write them (ISO 4909 layout): format code `99`, PAN, separator,
 * country and currency codes `156156`, then digits in separated groups, 104 characters at most.
 */
export function track3(options?: Track3Options): fc.Arbitrary<string> {
  options = expectOptions(options);
  const separator = options.separator ?? 'D';
  if (separator !== 'D' && separator !== '=') throw badOption("track separator must be 'D' or '='", 'separator', "'D' or '='");
  const pans = options.pan ?? luhnPan();
  return fc.tuple(pans, fc.array(digitString(1, 16), { maxLength: 4 })).map(([pan, groups]) => {
    let out = `99${pan}${separator}156156`;
    for (const g of groups) {
      const room = TRACK3_MAX - out.length - 1;
      if (room < 1) break;
      out += separator + g.slice(0, room);
    }
    return out;
  });
}
