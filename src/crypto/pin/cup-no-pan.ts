import { checkPin } from './pin-digits.js';
import { buildPinNibbles, checkBlockLength, packNibbles, readPinNibbles } from './pin-field.js';

/**
 * CUP POS PIN block for field 53.1 = `1` ("ANSI X9.8 without PAN"): the format 0 PIN field
 * `0 N PIN F…` with no PAN XOR. Hosts that send 53.1 = `2` use {@link encodePinBlockIso0}.
 */
export function encodePinBlockCupNoPan(pin: string): Uint8Array {
  checkPin(pin);
  const fill: number[] = [];
  for (let i = pin.length; i < 14; i++) fill.push(15);
  return packNibbles(buildPinNibbles(0, pin, fill));
}

/** The PIN in a clear CUP no-PAN PIN block (53.1 = `1`). */
export function decodePinBlockCupNoPan(block: Uint8Array): string {
  checkBlockLength(block, 8);
  return readPinNibbles(block, 0, 'F', 16);
}
