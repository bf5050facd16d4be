// ISO 9564-1 format 4: the 16-byte plain-text PIN and PAN fields and their two-step AES encipherment.
import type { CipherProvider } from '../block-cipher.js';
import { optionsArg } from '../input.js';
import { cipherFor, type KeyInput, providerOf, resolveKeyAlgorithm } from '../key.js';
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
} from './pin-field.js';

/** Options of format 4 encipherment. */
export interface Iso4Options extends PinFillOptions {
  provider?: CipherProvider;
}

/** The 16-byte ISO 9564-1 format 4 plain-text PIN field: `4 N PIN A…` (8 bytes) then 8 fill bytes (random, or `options.fill`). */
export function encodePinFieldIso4(pin: string, options?: PinFillOptions): Uint8Array {
  checkPin(pin);
  const fill = fillNibbles(16, 'any', options);
  const field = new Uint8Array(16);
  field.set(pinField(4, pin, 10), 0);
  for (let i = 0; i < 16; i++) setNibble(field, 16 + i, fill[i]!);
  return field;
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
  const field = new Uint8Array(16);
  field[0] = (pan.length > 12 ? pan.length - 12 : 0) << 4;
  // Left-padded with zeros to 12 digits: a shorter PAN starts further right.
  const start = 1 + Math.max(0, 12 - pan.length);
  for (let i = 0; i < pan.length; i++) setNibble(field, start + i, digitAt(pan, i));
  return field;
}

/**
 * The enciphered ISO 9564-1 format 4 PIN block: the PIN field is AES-encrypted, XORed with the
 * PAN field, and encrypted again (16 bytes).
 */
export function encipherPinBlockIso4(key: KeyInput, pin: string, pan: string, options?: Iso4Options): Uint8Array {
  const o = optionsArg(options);
  const aes = cipherFor(resolveKeyAlgorithm(key, ['aes'], 'PIN block format 4'), key, providerOf(o, key));
  const pinField = encodePinFieldIso4(pin, o);
  const panField = encodePanFieldIso4(pan);
  const block = new Uint8Array(16);
  aes.encryptBlock(pinField, 0, block, 0);
  for (let i = 0; i < 16; i++) block[i] = block[i]! ^ panField[i]!;
  aes.encryptBlock(block, 0, block, 0);
  pinField.fill(0);
  return block;
}

/** The PIN in an enciphered format 4 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this key and PAN. */
export function decipherPinBlockIso4(key: KeyInput, block: Uint8Array, pan: string, options?: Omit<Iso4Options, 'fill' | 'random'>): string {
  const o = optionsArg(options);
  const aes = cipherFor(resolveKeyAlgorithm(key, ['aes'], 'PIN block format 4'), key, providerOf(o, key));
  checkBlockLength(block, 16);
  const panField = encodePanFieldIso4(pan);
  const field = new Uint8Array(16);
  aes.decryptBlock(block, 0, field, 0);
  for (let i = 0; i < 16; i++) field[i] = field[i]! ^ panField[i]!;
  aes.decryptBlock(field, 0, field, 0);
  try {
    return decodePinFieldIso4(field);
  } finally {
    field.fill(0);
  }
}
