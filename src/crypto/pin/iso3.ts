import type { RandomFillOptions } from './iso1.js';
import { panFieldIso0, xorInto } from './iso0.js';
import { checkPin } from './pin-digits.js';
import { buildPinNibbles, checkBlockLength, packNibbles, readPinNibbles } from './pin-field.js';
import { randomNibbles } from './random-source.js';
import { copyBytes } from '../input.js';

/** The clear ISO 9564-1 format 3 PIN block: PIN field `3 N PIN` + random A–F fill, XOR the format 0 PAN field. */
export function encodePinBlockIso3(pin: string, pan: string, options: RandomFillOptions = {}): Uint8Array {
  checkPin(pin);
  const panField = panFieldIso0(pan);
  const fill = randomNibbles(14 - pin.length, 'A-F', options.random);
  return xorInto(packNibbles(buildPinNibbles(3, pin, fill)), panField);
}

/** The PIN in a clear format 3 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this PAN. */
export function decodePinBlockIso3(block: Uint8Array, pan: string): string {
  checkBlockLength(block, 8);
  const field = xorInto(copyBytes(block), panFieldIso0(pan));
  return readPinNibbles(field, 3, 'A-F', 16);
}
