// PIN translation at the acquirer: a terminal's PIN block under its PIK re-enciphered under a zone key, in any ISO format.
import { badArgument, expectBytes, expectObject, expectOptions, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import type { CipherProvider } from '../crypto/cipher.js';
import type { KeyInput } from '../crypto/key.js';
import { decryptPinBlock, encryptPinBlock, type PinBlockFormat } from '../crypto/pin/pin-block.js';
import type { RandomSource } from '../crypto/random.js';
import { Message } from '../message/message.js';
import { textAt } from '../txn/transaction-table.js';

/** A PIN key and the PIN-block format used under it. */
export interface PinKeyFormat {
  key: KeyInput;
  format: PinBlockFormat;
}

/** Options of {@link translatePinBlock}. */
export interface PinTranslateOptions {
  /** Fill of formats 1, 3 and 4 on the way out (default: the platform's secure random source). */
  random?: RandomSource;
  provider?: CipherProvider;
}

/** How CUP's 53.1 names the format of field 52: `1` format 0 without the PAN, `2` ISO 9564 format 0. */
export const CUP_PIN_FORMATS: Readonly<Record<string, PinBlockFormat>> = Object.freeze({ '1': 'cup-no-pan', '2': 0 });

const FORMATS: readonly PinBlockFormat[] = [0, 1, 2, 3, 4, 'cup-no-pan'];

/**
 * The format of a request's PIN block as its 53.1 names it, by `formats` (default {@link CUP_PIN_FORMATS}).
 * A request without 53.1 is taken as format 0, which is what terminals that leave 53 out send;
 * a 53.1 the table does not know is `BAD_PIN_BLOCK_FORMAT`.
 */
export function pinBlockFormatOf(request: Message, formats: Readonly<Record<string, PinBlockFormat>> = CUP_PIN_FORMATS): PinBlockFormat {
  if (!(request instanceof Message)) throw badArgument('request', 'a Message', shapeOf(request));
  expectObject(formats, 'formats');
  const code = textAt(request, '53.1');
  if (code === undefined) return 0;
  const format = Object.prototype.hasOwnProperty.call(formats, code) ? formats[code] : undefined;
  if (format === undefined || !FORMATS.includes(format)) {
    throw new Iso8583Error('BAD_PIN_BLOCK_FORMAT', 'field 53.1 names no PIN-block format the host knows', { path: '53.1', expected: Object.keys(formats).join(', ') });
  }
  return format;
}

/**
 * `block` (enciphered under `from.key` in `from.format`) re-enciphered under `to.key` in `to.format`, as
 * an acquirer passes a PIN on to the issuer's zone. `pan` is needed when either format uses it (0, 3, 4).
 * The clear PIN exists only inside this call. A block that does not decode is `BAD_PIN_BLOCK`.
 */
export function translatePinBlock(
  block: Uint8Array,
  from: PinKeyFormat,
  to: PinKeyFormat,
  pan?: string,
  options?: PinTranslateOptions,
): Uint8Array {
  options = expectOptions(options);
  if (from === null || typeof from !== 'object' || to === null || typeof to !== 'object') {
    throw new Iso8583Error('BAD_ARGUMENT', 'from and to must each name a PIN key and format', { path: from === null || typeof from !== 'object' ? 'from' : 'to', expected: '{ key, format }' });
  }
  expectBytes(block, 'block');
  if (pan !== undefined && typeof pan !== 'string') throw badArgument('pan', 'a string', shapeOf(pan));
  // Both calls take the caller's options as they are: decryption reads only the provider, encryption also the random source.
  const pin = decryptPinBlock(from.format, from.key, block, pan, options);
  return encryptPinBlock(to.format, to.key, pin, pan, options);
}
