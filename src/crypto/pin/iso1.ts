import { checkPin } from './pin-digits.js';
import { buildPinNibbles, checkBlockLength, packNibbles, readPinNibbles } from './pin-field.js';
import { type RandomSource, randomNibbles } from './random-source.js';

/** Options of the PIN block formats that need random fill. */
export interface RandomFillOptions {
  /** Random bytes for the fill; defaults to `globalThis.crypto.getRandomValues` when the runtime has it. */
  random?: RandomSource;
}

/** The clear ISO 9564-1 format 1 PIN block: `1 N PIN` then random fill nibbles (no PAN). */
export function encodePinBlockIso1(pin: string, options: RandomFillOptions = {}): Uint8Array {
  checkPin(pin);
  return packNibbles(buildPinNibbles(1, pin, randomNibbles(14 - pin.length, 'any', options.random)));
}

/** The PIN in a clear format 1 PIN block (the fill is not checked: any nibble is allowed). */
export function decodePinBlockIso1(block: Uint8Array): string {
  checkBlockLength(block, 8);
  return readPinNibbles(block, 1, 'any', 16);
}
