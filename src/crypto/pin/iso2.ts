import { checkPin } from './pin-digits.js';
import { buildPinNibbles, checkBlockLength, packNibbles, readPinNibbles } from './pin-field.js';

/** The ISO 9564-1 format 2 PIN block (offline PIN to an ICC): `2 N PIN F…`. */
export function encodePinBlockIso2(pin: string): Uint8Array {
  checkPin(pin);
  const fill: number[] = [];
  for (let i = pin.length; i < 14; i++) fill.push(15);
  return packNibbles(buildPinNibbles(2, pin, fill));
}

/** The PIN in a format 2 PIN block. */
export function decodePinBlockIso2(block: Uint8Array): string {
  checkBlockLength(block, 8);
  return readPinNibbles(block, 2, 'F', 16);
}
