import { Iso8583Error } from '../../errors.js';
import { digitAt } from './pin-digits.js';
import { isBytes } from '../input.js';

/** Which fill nibbles a format allows after the PIN digits. */
export type FillRule = 'F' | 'A' | 'A-F' | 'any';

/** Packs nibbles (values 0–15), two per byte, high nibble first. */
export function packNibbles(nibbles: readonly number[]): Uint8Array {
  const out = new Uint8Array(nibbles.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

/** Nibble `i` of `bytes`, high nibble of byte 0 first. */
export function nibbleAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i >> 1]!;
  return i & 1 ? b & 15 : b >> 4;
}

/**
 * The first `fieldNibbles` nibbles of an ISO 9564-1 PIN field: control nibble, PIN length,
 * PIN digits, then the nibbles of `fill` (exactly as many as remain).
 */
export function buildPinNibbles(control: number, pin: string, fill: readonly number[]): number[] {
  const nibbles = [control, pin.length];
  for (let i = 0; i < pin.length; i++) nibbles.push(digitAt(pin, i));
  for (const f of fill) nibbles.push(f);
  return nibbles;
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
