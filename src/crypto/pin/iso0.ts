import { checkPan, checkPin, digitAt } from './pin-digits.js';
import { buildPinNibbles, checkBlockLength, packNibbles, readPinNibbles } from './pin-field.js';
import { copyBytes } from '../input.js';

const FILL_F: readonly number[] = Array.from({ length: 14 }, () => 15);

/** The 8-byte PAN field of formats 0 and 3: `0000` then the 12 rightmost PAN digits left of the check digit. */
export function panFieldIso0(pan: string): Uint8Array {
  checkPan(pan, 13, 19);
  const nibbles = [0, 0, 0, 0];
  for (let i = pan.length - 13; i < pan.length - 1; i++) nibbles.push(digitAt(pan, i));
  return packNibbles(nibbles);
}

/** XORs `b` into `a` in place over `a.length` bytes. */
export function xorInto(a: Uint8Array, b: Uint8Array): Uint8Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! ^ b[i]!;
  return a;
}

/** The clear ISO 9564-1 format 0 PIN block (ANSI X9.8): PIN field `0 N PIN F…` XOR PAN field. */
export function encodePinBlockIso0(pin: string, pan: string): Uint8Array {
  checkPin(pin);
  const panField = panFieldIso0(pan);
  const pinField = packNibbles(buildPinNibbles(0, pin, FILL_F.slice(0, 14 - pin.length)));
  return xorInto(pinField, panField);
}

/** The PIN in a clear format 0 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this PAN. */
export function decodePinBlockIso0(block: Uint8Array, pan: string): string {
  checkBlockLength(block, 8);
  const field = xorInto(copyBytes(block), panFieldIso0(pan));
  return readPinNibbles(field, 0, 'F', 16);
}
