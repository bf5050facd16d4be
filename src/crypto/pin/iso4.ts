import { type CipherProvider, createCipher } from '../cipher.js';
import type { KeyInput } from '../key.js';
import type { RandomFillOptions } from './iso1.js';
import { decodePinFieldIso4, encodePanFieldIso4, encodePinFieldIso4 } from './iso4-fields.js';
import { checkBlockLength } from './pin-field.js';

/** Options of format 4 encipherment. */
export interface Iso4Options extends RandomFillOptions {
  provider?: CipherProvider;
}

/**
 * The enciphered ISO 9564-1 format 4 PIN block: the PIN field is AES-encrypted, XORed with the
 * PAN field, and encrypted again (16 bytes).
 */
export function encipherPinBlockIso4(key: KeyInput, pin: string, pan: string, options: Iso4Options = {}): Uint8Array {
  const pinField = encodePinFieldIso4(pin, options);
  const panField = encodePanFieldIso4(pan);
  const aes = createCipher('aes', key, options.provider);
  const block = new Uint8Array(16);
  aes.encryptBlock(pinField, 0, block, 0);
  for (let i = 0; i < 16; i++) block[i] = block[i]! ^ panField[i]!;
  aes.encryptBlock(block, 0, block, 0);
  pinField.fill(0);
  return block;
}

/** The PIN in an enciphered format 4 PIN block; throws `BAD_PIN_BLOCK` when it does not decode with this key and PAN. */
export function decipherPinBlockIso4(
  key: KeyInput,
  block: Uint8Array,
  pan: string,
  options: Omit<Iso4Options, 'random'> = {},
): string {
  checkBlockLength(block, 16);
  const panField = encodePanFieldIso4(pan);
  const aes = createCipher('aes', key, options.provider);
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
