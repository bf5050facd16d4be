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
  setNibble,
  xorInto,
} from './pin-field.js';

/** The 8-byte PAN field of formats 0 and 3: `0000` then the 12 rightmost PAN digits left of the check digit. */
export function panFieldIso0(pan: string): Uint8Array {
  checkPan(pan, 13, 19);
  const out = new Uint8Array(8);
  for (let i = 0; i < 12; i++) setNibble(out, 4 + i, digitAt(pan, pan.length - 13 + i));
  return out;
}

/** The clear ISO 9564-1 format 0 PIN block (ANSI X9.8): PIN field `0 N PIN F…` XOR PAN field. */
export function encodePinBlockIso0(pin: string, pan: string): Uint8Array {
  checkPin(pin);
  const panField = panFieldIso0(pan);
  return xorInto(pinField(0, pin, 15), panField);
}

/** The PIN in a clear format 0 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this PAN. */
export function decodePinBlockIso0(block: Uint8Array, pan: string): string {
  checkBlockLength(block, 8);
  const field = xorInto(copyBytes(block), panFieldIso0(pan));
  try {
    return readPinNibbles(field, 0, 'F', 16);
  } finally {
    field.fill(0);
  }
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
  const panField = panFieldIso0(pan);
  return xorInto(pinField(3, pin, fillNibbles(14 - pin.length, 'A-F', options)), panField);
}

/** The PIN in a clear format 3 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this PAN. */
export function decodePinBlockIso3(block: Uint8Array, pan: string): string {
  checkBlockLength(block, 8);
  const field = xorInto(copyBytes(block), panFieldIso0(pan));
  try {
    return readPinNibbles(field, 3, 'A-F', 16);
  } finally {
    field.fill(0);
  }
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
