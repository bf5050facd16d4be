/**
 * Checks of builder inputs. Each check records what is wrong in an {@link InputProblems} list and
 * returns the value to put on the wire, so a builder reports every problem at once and builds only
 * from checked values. Problem texts name the shape expected, never the value received.
 */
import { expectString, isPrintableAscii } from '../../arguments.js';
import { Iso8583Error, type Iso8583ErrorCode } from '../../errors.js';

/** The problems found in one builder's input; `throwIfAny` turns them into one `INVALID_INPUT` error. */
export class InputProblems {
  private readonly list: Iso8583Error[] = [];

  /** Records a problem with the input at `path` (e.g. `card.pan`). */
  add(code: Iso8583ErrorCode, detail: string, path: string, expected?: string): void {
    this.list.push(new Iso8583Error(code, detail, { path, expected }));
  }

  /** How many problems were recorded. */
  get count(): number {
    return this.list.length;
  }

  /** Throws one `INVALID_INPUT` error carrying every recorded problem, if there is any. */
  throwIfAny(): void {
    const n = this.list.length;
    if (n === 0) return;
    const paths = this.list.map((e) => e.path).join(', ');
    throw new Iso8583Error('INVALID_INPUT', `request input has ${n} problem${n === 1 ? '' : 's'}: ${paths}`, {
      problems: this.list.slice(),
    });
  }
}

/** Whether `s` is made of decimal digits only (and is not empty). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether `s` holds only ASCII letters and digits (plus spaces when `spaces`). */
function isAlphanumeric(s: string, spaces: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (spaces && c === 32);
    if (!ok) return false;
  }
  return true;
}

/** Whether a digit string passes the Luhn (mod 10) check that card numbers carry in their last digit. */
export function luhnValid(digits: string): boolean {
  expectString(digits, 'digits');
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A card number of 12 to 19 digits with a valid Luhn check digit. */
export function checkPan(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length < 12 || value.length > 19 || !isDigits(value)) {
    p.add('BAD_PAN', 'PAN must be 12 to 19 digits', path, 'n 12..19');
    return undefined;
  }
  if (!luhnValid(value)) {
    p.add('BAD_LUHN', 'PAN fails the Luhn check', path, 'Luhn check digit');
    return undefined;
  }
  return value;
}

/** A card expiry date YYMM. */
export function checkExpiry(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 4 || !isDigits(value)) {
    p.add('BAD_EXPIRY', 'expiry must be 4 digits YYMM', path, 'YYMM');
    return undefined;
  }
  const month = Number(value.slice(2));
  if (month < 1 || month > 12) {
    p.add('BAD_EXPIRY', 'expiry month must be 01 to 12', path, 'YYMM');
    return undefined;
  }
  return value;
}

/** Days a month may have, February counted as in a leap year (an MMDD carries no year). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date MMDD (as fields 13 and 61.3 carry it). */
export function checkMonthDay(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 4 || !isDigits(value)) {
    p.add('BAD_DATE', 'date must be 4 digits MMDD', path, 'MMDD');
    return undefined;
  }
  const month = Number(value.slice(0, 2));
  const day = Number(value.slice(2));
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) {
    p.add('BAD_DATE', 'date must be a real month and day', path, 'MMDD');
    return undefined;
  }
  return value;
}

/** A system trace audit number: 6 digits, 000001 to 999999 (000000 is never used). */
export function checkStan(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 6 || !isDigits(value) || value === '000000') {
    p.add('BAD_STAN', 'STAN must be 6 digits from 000001 to 999999', path, 'n 6');
    return undefined;
  }
  return value;
}

/** A batch number: 6 digits. */
export function checkBatch(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 6 || !isDigits(value)) {
    p.add('BAD_BATCH', 'batch number must be 6 digits', path, 'n 6');
    return undefined;
  }
  return value;
}

/** Exactly `length` printable ASCII characters (terminal and merchant identifiers). */
export function checkFixedText(p: InputProblems, value: unknown, path: string, length: number, what: string): string | undefined {
  if (!isPrintableAscii(value, length, length)) {
    p.add('BAD_TEXT', `${what} must be ${length} printable ASCII characters`, path, `ans ${length}`);
    return undefined;
  }
  return value;
}

/** The operator code of field 63.1: 1 to 3 printable ASCII characters. */
export function checkOperator(p: InputProblems, value: unknown, path: string): string | undefined {
  if (!isPrintableAscii(value, 1, 3)) {
    p.add('BAD_OPERATOR', 'operator code must be 1 to 3 printable ASCII characters', path, 'ans 1..3');
    return undefined;
  }
  return value;
}

/** A retrieval reference number: 12 letters or digits. */
export function checkRrn(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 12 || !isAlphanumeric(value, false)) {
    p.add('BAD_RRN', 'retrieval reference number must be 12 letters or digits', path, 'an 12');
    return undefined;
  }
  return value;
}

/** An authorisation code: 6 letters, digits or spaces. */
export function checkAuthCode(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 6 || !isAlphanumeric(value, true)) {
    p.add('BAD_AUTH_CODE', 'authorisation code must be 6 letters, digits or spaces', path, 'an 6');
    return undefined;
  }
  return value;
}

/** A currency: the 3-digit ISO 4217 numeric code (156 = CNY). */
export function checkCurrency(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length !== 3 || !isDigits(value)) {
    p.add('BAD_CURRENCY', 'currency must be a 3-digit ISO 4217 numeric code', path, 'n 3');
    return undefined;
  }
  return value;
}

/** Exactly `length` digits (card sequence number, read capability, authorisation method…). */
export function checkDigits(p: InputProblems, value: unknown, path: string, length: number, what: string): string | undefined {
  if (typeof value !== 'string' || value.length !== length || !isDigits(value)) {
    p.add('BAD_DIGITS', `${what} must be ${length === 1 ? 'one digit' : `${length} digits`}`, path, `n ${length}`);
    return undefined;
  }
  return value;
}

/** Whether `value` is a plain object a builder can read named inputs from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

/** An object input (such as `original`), or a `MISSING_INPUT` problem. */
export function checkRecord(p: InputProblems, value: unknown, path: string): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    p.add('MISSING_INPUT', `${path} is required`, path, 'object');
    return undefined;
  }
  return value;
}

/** Whether an optional flag is absent or a boolean. */
export function checkFlag(p: InputProblems, value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    p.add('BAD_TYPE', 'flag must be true or false', path, 'boolean');
    return false;
  }
  return value;
}

/**
 * 63.1 of refunds and offline advices: the card organisation (国际信用卡公司代码, `CUP`, `VIS`, `MCC`, `JCB` …)
 * as the original's approval named it, 3 letters or digits; `000` (unknown) when not given.
 */
export function checkCardOrganisation(p: InputProblems, value: unknown, path = 'cardOrganisation'): string {
  if (value === undefined) return '000';
  if (typeof value !== 'string' || !/^[0-9A-Z]{3}$/.test(value)) {
    p.add('BAD_CARD_ORGANISATION', 'card organisation code must be 3 upper-case letters or digits', path, 'an 3');
    return '000';
  }
  return value;
}
