// The parts every ISO 9564-1 PIN block is made of: checked PIN and PAN digits, nibbles, and the fill (given or random).
import { badArgument, shapeOf } from '../../arguments.js';
import { Iso8583Error } from '../../errors.js';
import { isBytes, optionsArg } from '../input.js';
import { type RandomSource, randomBytes } from '../random.js';

const MIN_PIN = 4;
const MAX_PIN = 12;

/** Options of the PIN block formats with a fill of their own (1, 3 and 4). */
export interface PinFillOptions {
  /**
   * The fill as hex digits, in place of random ones, so a published example can be reproduced: format 1 takes
   * 14 − PIN length digits (0–F), format 3 as many digits A–F, format 4 sixteen digits (its 8 random bytes).
   * A fill that is not random makes a PIN block that can be matched against others: for tests only.
   */
  fill?: string;
  /** Random bytes for the fill; default `globalThis.crypto.getRandomValues` when the runtime has it. */
  random?: RandomSource;
}

/** Which fill nibbles a format allows after the PIN digits. */
export type FillRule = 'F' | 'A' | 'A-F' | 'any';

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function firstNonDigit(s: string): number {
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return i;
  return -1;
}

/** Throws `BAD_PIN` unless `pin` is 4 to 12 decimal digits (ISO 9564-1). */
export function checkPin(pin: string): void {
  checkDigits(pin, 'PIN', 'BAD_PIN', MIN_PIN, MAX_PIN);
}

/** Throws `BAD_PAN` unless `pan` is `min` to `max` decimal digits. */
export function checkPan(pan: string, min: number, max: number): void {
  checkDigits(pan, 'PAN', 'BAD_PAN', min, max);
}

// Errors say where a non-digit is, never what it is or what the digits are.
function checkDigits(value: unknown, what: 'PIN' | 'PAN', code: 'BAD_PIN' | 'BAD_PAN', min: number, max: number): void {
  if (typeof value !== 'string') {
    throw new Iso8583Error(code, `${what} must be a string of digits`, { expected: 'string', found: shapeOf(value) });
  }
  if (value.length < min || value.length > max) {
    throw new Iso8583Error(code, `${what} must have ${min} to ${max} digits`, {
      expected: `${min}-${max} digits`,
      found: `${value.length} characters`,
    });
  }
  const bad = firstNonDigit(value);
  if (bad >= 0) {
    throw new Iso8583Error(code, `${what} must contain only decimal digits`, {
      expected: 'digits 0-9',
      found: `non-digit at position ${bad}`,
    });
  }
}

/** The numeric value of a checked decimal digit character. */
export function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 0x30;
}

/** Sets nibble `i` of `bytes` (high nibble of byte 0 first) to `v`. */
export function setNibble(bytes: Uint8Array, i: number, v: number): void {
  const j = i >> 1;
  bytes[j] = i & 1 ? (bytes[j]! & 0xf0) | v : (bytes[j]! & 0x0f) | (v << 4);
}

/** Nibble `i` of `bytes`, high nibble of byte 0 first. */
export function nibbleAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i >> 1]!;
  return i & 1 ? b & 15 : b >> 4;
}

/**
 * An ISO 9564-1 PIN field of `size` bytes for a checked PIN: control nibble, PIN length, the PIN digits, then
 * the fill: one nibble repeated (F, A), or the given nibbles in order (exactly as many as remain).
 */
export function pinField(control: number, pin: string, fill: number | readonly number[], size = 8): Uint8Array {
  const out = new Uint8Array(size);
  out[0] = (control << 4) | pin.length;
  let i = 2;
  for (let k = 0; k < pin.length; k++, i++) setNibble(out, i, digitAt(pin, k));
  if (typeof fill === 'number') for (; i < 2 * size; i++) setNibble(out, i, fill);
  else for (let k = 0; i < 2 * size; k++, i++) setNibble(out, i, fill[k]!);
  return out;
}

/** Throws `BAD_PIN_BLOCK` unless `block` is `size` bytes long. */
export function checkBlockLength(block: Uint8Array, size: number, what = 'PIN block'): void {
  if (!isBytes(block) || block.length !== size) {
    throw new Iso8583Error('BAD_PIN_BLOCK', `${what} must be ${size} bytes`, {
      expected: `${size} bytes`,
      found: isBytes(block) ? `${block.length} bytes` : 'not a Uint8Array',
    });
  }
}

function fillAllowed(rule: FillRule, nibble: number): boolean {
  if (rule === 'F') return nibble === 15;
  if (rule === 'A') return nibble === 10;
  if (rule === 'A-F') return nibble >= 10;
  return true;
}

/**
 * The PIN held in a clear PIN field whose first nibble must be `control`; the fill nibbles up to
 * nibble `fillEnd` must obey `rule`. Errors never say which digit or nibble was wrong: that would leak the PIN.
 */
export function readPinNibbles(field: Uint8Array, control: number, rule: FillRule, fillEnd: number): string {
  if (nibbleAt(field, 0) !== control) {
    throw new Iso8583Error('BAD_PIN_BLOCK', `PIN block is not ISO 9564 format ${control}`, {
      expected: `control nibble ${control}`,
    });
  }
  const n = nibbleAt(field, 1);
  if (n < 4 || n > 12) {
    throw new Iso8583Error('BAD_PIN_BLOCK', 'PIN block gives a PIN length outside 4 to 12', {
      expected: 'PIN length 4-12',
    });
  }
  let pin = '';
  for (let i = 2; i < 2 + n; i++) {
    const d = nibbleAt(field, i);
    if (d > 9) {
      throw new Iso8583Error('BAD_PIN_BLOCK', 'PIN block has a non-decimal nibble among the PIN digits', {
        expected: 'PIN digits 0-9',
      });
    }
    pin += String.fromCharCode(0x30 + d);
  }
  for (let i = 2 + n; i < fillEnd; i++) {
    if (!fillAllowed(rule, nibbleAt(field, i))) {
      throw new Iso8583Error('BAD_PIN_BLOCK', `PIN block fill is not valid for format ${control}`, {
        expected: rule === 'any' ? 'fill nibbles' : `fill nibbles ${rule}`,
      });
    }
  }
  return pin;
}

// A source that keeps failing to give A–F nibbles is broken; bounded so a bad source cannot hang us.
const MAX_ROUNDS = 64;

/**
 * `count` fill nibbles for a format whose fill follows `rule` (`any` or `A-F`): the caller's `options.fill`
 * when given (checked: exactly `count` hex digits, A–F where the rule says so; the error never shows it),
 * else random ones (A–F unbiased, by discarding 0–9).
 */
export function fillNibbles(count: number, rule: 'any' | 'A-F', options: PinFillOptions | undefined): number[] {
  const o = optionsArg(options);
  if (o.fill !== undefined) return givenFill(o.fill, count, rule);
  const out: number[] = [];
  if (count === 0) return out;
  if (rule === 'any') {
    const bytes = randomBytes((count + 1) >> 1, o.random);
    for (let i = 0; i < count; i++) out.push(i & 1 ? bytes[i >> 1]! & 15 : bytes[i >> 1]! >> 4);
    return out;
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bytes = randomBytes(count, o.random);
    for (let i = 0; i < bytes.length && out.length < count; i++) {
      const hi = bytes[i]! >> 4;
      const lo = bytes[i]! & 15;
      if (hi >= 10) out.push(hi);
      if (lo >= 10 && out.length < count) out.push(lo);
    }
    if (out.length === count) return out;
  }
  throw new Iso8583Error('BAD_RANDOM_SOURCE', 'random source keeps returning bytes that give no A-F fill nibbles');
}

function givenFill(fill: unknown, count: number, rule: 'any' | 'A-F'): number[] {
  const expected = `${count} hex digits${rule === 'A-F' ? ' A to F' : ''}`;
  if (typeof fill !== 'string') throw badArgument('options.fill', expected, shapeOf(fill));
  if (fill.length !== count) throw badArgument('options.fill', expected, `${fill.length} characters`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = fill.charCodeAt(i);
    const letter = c | 0x20;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && letter >= 0x61 && letter <= 0x66 ? letter - 0x57 : -1;
    if (v < 0) throw badArgument('options.fill', expected, `a non-hex character at position ${i}`);
    if (rule === 'A-F' && v < 10) throw badArgument('options.fill', expected, `a digit below A at position ${i}`);
    out.push(v);
  }
  return out;
}
