import { Iso8583Error } from '../../errors.js';

const MIN_PIN = 4;
const MAX_PIN = 12;

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function firstNonDigit(s: string): number {
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return i;
  return -1;
}

/** Throws `BAD_PIN` unless `pin` is 4 to 12 decimal digits (ISO 9564-1). */
export function checkPin(pin: string): void {
  if (typeof pin !== 'string') {
    throw new Iso8583Error('BAD_PIN', 'PIN must be a string of digits', { expected: 'string', found: typeof pin });
  }
  if (pin.length < MIN_PIN || pin.length > MAX_PIN) {
    throw new Iso8583Error('BAD_PIN', `PIN must have ${MIN_PIN} to ${MAX_PIN} digits`, {
      expected: `${MIN_PIN}-${MAX_PIN} digits`,
      found: `${pin.length} characters`,
    });
  }
  const bad = firstNonDigit(pin);
  if (bad >= 0) {
    throw new Iso8583Error('BAD_PIN', 'PIN must contain only decimal digits', {
      expected: 'digits 0-9',
      found: `non-digit at position ${bad}`,
    });
  }
}

/** Throws `BAD_PAN` unless `pan` is `min` to `max` decimal digits. */
export function checkPan(pan: string, min: number, max: number): void {
  if (typeof pan !== 'string') {
    throw new Iso8583Error('BAD_PAN', 'PAN must be a string of digits', { expected: 'string', found: typeof pan });
  }
  if (pan.length < min || pan.length > max) {
    throw new Iso8583Error('BAD_PAN', `PAN must have ${min} to ${max} digits`, {
      expected: `${min}-${max} digits`,
      found: `${pan.length} characters`,
    });
  }
  const bad = firstNonDigit(pan);
  if (bad >= 0) {
    throw new Iso8583Error('BAD_PAN', 'PAN must contain only decimal digits', {
      expected: 'digits 0-9',
      found: `non-digit at position ${bad}`,
    });
  }
}

/** The numeric value of a checked decimal digit character. */
export function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 0x30;
}
