// The clear 8-byte PIN blocks of ISO 9564-1 formats 0 to 3 and of CUP's format 0 without the PAN.
import { copyBytes } from '../input.js';
import {
  checkBlockLength,
  checkPan,
  checkPin,
  digitAt,
  fillNibbles,
  pinField,
  type PinFillOptions,
  readPinNibbles,
} from './pin-field.js';

/** The 8-byte PAN field of formats 0 and 3: `0000` then the 12 rightmost PAN digits left of the check digit. */
export function panFieldIso0(pan: string): Uint8Array {
  return xorPanIso0(new Uint8Array(8), pan);
}

/** XORs the format 0/3 PAN field of a checked `pan` into the 8-byte `field` in place (no PAN field array is made). */
export function xorPanIso0(field: Uint8Array, pan: string): Uint8Array {
  checkPan(pan, 13, 19);
  // The 12 digits left of the check digit fill bytes 2 to 7, two to a byte.
  const first = pan.length - 13;
  for (let j = 0; j < 6; j++) field[2 + j] = field[2 + j]! ^ ((digitAt(pan, first + 2 * j) << 4) | digitAt(pan, first + 2 * j + 1));
  return field;
}

/** The clear ISO 9564-1 format 0 PIN block (ANSI X9.8): PIN field `0 N PIN F…` XOR PAN field. */
export function encodePinBlockIso0(pin: string, pan: string): Uint8Array {
  checkPin(pin);
  return xorPanIso0(pinField(0, pin, 15), pan);
}

/** The PIN in a clear format 0 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this PAN. */
export function decodePinBlockIso0(block: Uint8Array, pan: string): string {
  checkBlockLength(block, 8);
  const field = copyBytes(block);
  try {
    return pinOfOwnBlockIso0(field, pan);
  } finally {
    field.fill(0);
  }
}

/** {@link decodePinBlockIso0} of the library's own 8-byte array, which it changes (the caller zeroes it after). */
export function pinOfOwnBlockIso0(field: Uint8Array, pan: string): string {
  return readPinNibbles(xorPanIso0(field, pan), 0, 'F', 16);
}

/** The clear ISO 9564-1 format 1 PIN block: `1 N PIN` then fill nibbles 0–F (random, or `options.fill`), no PAN. */
export function encodePinBlockIso1(pin: string, options?: PinFillOptions): Uint8Array {
  checkPin(pin);
  return pinField(1, pin, fillNibbles(14 - pin.length, 'any', options));
}

/** The PIN in a clear format 1 PIN block (the fill is not checked: any nibble is allowed). */
export function decodePinBlockIso1(block: Uint8Array): string {
  checkBlockLength(block, 8);
  return readPinNibbles(block, 1, 'any', 16);
}

/** The ISO 9564-1 format 2 PIN block (offline PIN to an ICC): `2 N PIN F…`. */
export function encodePinBlockIso2(pin: string): Uint8Array {
  checkPin(pin);
  return pinField(2, pin, 15);
}

/** The PIN in a format 2 PIN block. */
export function decodePinBlockIso2(block: Uint8Array): string {
  checkBlockLength(block, 8);
  return readPinNibbles(block, 2, 'F', 16);
}

/**
 * The clear ISO 9564-1 format 3 PIN block: PIN field `3 N PIN` + fill nibbles A–F (random, or `options.fill`),
 * XOR the format 0 PAN field.
 */
export function encodePinBlockIso3(pin: string, pan: string, options?: PinFillOptions): Uint8Array {
  checkPin(pin);
  return xorPanIso0(pinField(3, pin, fillNibbles(14 - pin.length, 'A-F', options)), pan);
}

/** The PIN in a clear format 3 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this PAN. */
export function decodePinBlockIso3(block: Uint8Array, pan: string): string {
  checkBlockLength(block, 8);
  const field = copyBytes(block);
  try {
    return pinOfOwnBlockIso3(field, pan);
  } finally {
    field.fill(0);
  }
}

/** {@link decodePinBlockIso3} of the library's own 8-byte array, which it changes (the caller zeroes it after). */
export function pinOfOwnBlockIso3(field: Uint8Array, pan: string): string {
  return readPinNibbles(xorPanIso0(field, pan), 3, 'A-F', 16);
}

/**
 * CUP POS PIN block for field 53.1 = `1` ("ANSI X9.8 without PAN"): the format 0 PIN field
 * `0 N PIN F…` with no PAN XOR. Hosts that send 53.1 = `2` use {@link encodePinBlockIso0}.
 */
export function encodePinBlockCupNoPan(pin: string): Uint8Array {
  checkPin(pin);
  return pinField(0, pin, 15);
}

/** The PIN in a clear CUP no-PAN PIN block (53.1 = `1`). */
export function decodePinBlockCupNoPan(block: Uint8Array): string {
  checkBlockLength(block, 8);
  return readPinNibbles(block, 0, 'F', 16);
}
