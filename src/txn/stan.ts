// The system trace audit number (field 11): six digits from 000001 to 999999, wrapping past the top.
// 000000 is never sent: hosts read it as "no STAN", and a reversal matched on it would be ambiguous.
import { Iso8583Error } from '../errors.js';

/** The lowest STAN a terminal sends. */
export const STAN_MIN = 1;

/** The highest STAN a terminal sends; the one after it is {@link STAN_MIN}. */
export const STAN_MAX = 999999;

/** Whether `n` is a STAN a terminal may send (an integer from 1 to 999999). */
export function isStanNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= STAN_MIN && n <= STAN_MAX;
}

/** The STAN that follows `last` (0 = none issued yet): `last + 1`, and 1 after 999999. */
export function followingStan(last: number): number {
  if (!(typeof last === 'number' && Number.isInteger(last) && last >= 0 && last <= STAN_MAX)) {
    throw new Iso8583Error('INVALID_STAN', 'last STAN must be an integer from 0 to 999999', {
      path: 'stan',
      expected: 'integer 0..999999',
      found: typeof last === 'number' ? 'out of range' : typeof last,
    });
  }
  return last >= STAN_MAX ? STAN_MIN : last + 1;
}

/** `n` as the six digits of field 11; throws `INVALID_STAN` outside 1..999999. */
export function formatStan(n: number): string {
  if (!isStanNumber(n)) {
    throw new Iso8583Error('INVALID_STAN', 'STAN must be an integer from 1 to 999999', {
      path: '11',
      expected: 'integer 1..999999',
      found: typeof n === 'number' ? 'out of range' : typeof n,
    });
  }
  return String(n).padStart(6, '0');
}

/** The number in six STAN digits; throws `INVALID_STAN` unless `text` is six digits other than 000000. */
export function parseStan(text: string): number {
  if (typeof text !== 'string' || !/^[0-9]{6}$/.test(text)) {
    throw new Iso8583Error('INVALID_STAN', 'STAN must be six digits', {
      path: '11',
      expected: 'n 6',
      found: typeof text === 'string' ? `${text.length} characters` : typeof text,
    });
  }
  const n = Number(text);
  if (n === 0) {
    throw new Iso8583Error('INVALID_STAN', 'STAN 000000 is never used', { path: '11', expected: '000001..999999' });
  }
  return n;
}
