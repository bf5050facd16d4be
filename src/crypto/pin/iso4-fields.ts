import type { RandomFillOptions } from './iso1.js';
import { checkPan, checkPin, digitAt } from './pin-digits.js';
import { buildPinNibbles, checkBlockLength, packNibbles, readPinNibbles } from './pin-field.js';
import { randomBytes } from './random-source.js';

/** The 16-byte ISO 9564-1 format 4 plain-text PIN field: `4 N PIN A…` (8 bytes) then 8 random fill bytes. */
export function encodePinFieldIso4(pin: string, options: RandomFillOptions = {}): Uint8Array {
  checkPin(pin);
  const fill: number[] = [];
  for (let i = pin.length; i < 14; i++) fill.push(10);
  const out = new Uint8Array(16);
  out.set(packNibbles(buildPinNibbles(4, pin, fill)), 0);
  out.set(randomBytes(8, options.random), 8);
  return out;
}

/** The PIN in a format 4 plain-text PIN field (the random half is not checked). */
export function decodePinFieldIso4(field: Uint8Array): string {
  checkBlockLength(field, 16, 'format 4 PIN field');
  return readPinNibbles(field, 4, 'A', 16);
}

/**
 * The 16-byte format 4 PAN field: nibble M (PAN length − 12, or 0 when shorter), the PAN
 * left-padded with zeros to 12 digits, then zeros.
 */
export function encodePanFieldIso4(pan: string): Uint8Array {
  checkPan(pan, 1, 19);
  const nibbles = [pan.length > 12 ? pan.length - 12 : 0];
  for (let i = pan.length; i < 12; i++) nibbles.push(0);
  for (let i = 0; i < pan.length; i++) nibbles.push(digitAt(pan, i));
  while (nibbles.length < 32) nibbles.push(0);
  return packNibbles(nibbles);
}
