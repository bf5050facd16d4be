// Encrypted PIN blocks of every format under a PIN key: DES or TDES ECB for the 8-byte formats, AES for format 4.
import { badArgument, shapeOf } from '../../arguments.js';
import { Iso8583Error } from '../../errors.js';
import type { CipherAlgorithm, CipherProvider } from '../block-cipher.js';
import { optionsArg } from '../input.js';
import { cipherFor, type KeyInput, providerOf, resolveKeyAlgorithm } from '../key.js';
import {
  decodePinBlockCupNoPan,
  decodePinBlockIso1,
  decodePinBlockIso2,
  encodePinBlockCupNoPan,
  encodePinBlockIso0,
  encodePinBlockIso1,
  encodePinBlockIso2,
  encodePinBlockIso3,
  pinOfOwnBlockIso0,
  pinOfOwnBlockIso3,
} from './formats.js';
import { decipherPinBlockIso4, encipherPinBlockIso4 } from './iso4.js';
import { checkBlockLength, type PinFillOptions } from './pin-field.js';

/** ISO 9564-1 formats 0–4, and CUP's format 0 without the PAN (field 53.1 = `1`). */
export type PinBlockFormat = 0 | 1 | 2 | 3 | 4 | 'cup-no-pan';

/** Options of `encryptPinBlock` (the fill is used by formats 1, 3 and 4) and `decryptPinBlock`. */
export interface PinBlockCryptOptions extends PinFillOptions {
  provider?: CipherProvider;
}

const DES_FAMILY: readonly CipherAlgorithm[] = ['des', 'tdes'];
// What error text calls each format, made once rather than on every call.
const FORMAT_NAMES = { 0: 'PIN block format 0', 1: 'PIN block format 1', 2: 'PIN block format 2', 3: 'PIN block format 3', 'cup-no-pan': 'PIN block format cup-no-pan' } as const;

// Formats 0–3 are 8-byte blocks under DES (8-byte key) or TDES; format 4 is AES only.
function desFamilyCipher(key: KeyInput, format: Exclude<PinBlockFormat, 4>, provider: CipherProvider) {
  return cipherFor(resolveKeyAlgorithm(key, DES_FAMILY, FORMAT_NAMES[format]), key, provider);
}

function requirePan(pan: string | undefined, format: PinBlockFormat): string {
  if (pan === undefined || pan === null) {
    throw new Iso8583Error('BAD_PAN', `PIN block format ${format} needs the PAN`, { expected: 'PAN' });
  }
  return pan;
}

// A PAN is checked where a format uses it; where it does not, it may be left out but must not be something else.
function checkPanArgument(pan: unknown): void {
  if (pan !== undefined && typeof pan !== 'string') throw badArgument('pan', 'a string of digits', shapeOf(pan));
}

function checkFormat(format: PinBlockFormat): void {
  if (format !== 0 && format !== 1 && format !== 2 && format !== 3 && format !== 4 && format !== 'cup-no-pan') {
    throw new Iso8583Error('BAD_PIN_BLOCK_FORMAT', 'PIN block format must be 0, 1, 2, 3, 4 or cup-no-pan', {
      expected: '0, 1, 2, 3, 4 or cup-no-pan',
    });
  }
}

/** The clear PIN block of `format` (format 4 has no clear block here: use `encipherPinBlockIso4`). */
function encodeClear(format: Exclude<PinBlockFormat, 4>, pin: string, pan: string | undefined, options: PinFillOptions): Uint8Array {
  switch (format) {
    case 0:
      return encodePinBlockIso0(pin, requirePan(pan, 0));
    case 1:
      return encodePinBlockIso1(pin, options);
    case 2:
      return encodePinBlockIso2(pin);
    case 3:
      return encodePinBlockIso3(pin, requirePan(pan, 3), options);
    default:
      return encodePinBlockCupNoPan(pin);
  }
}

/**
 * The PIN block of `format` for `pin` (and `pan` where the format uses it), encrypted under the PIN
 * key: DES or TDES ECB for the 8-byte formats, the two-step AES encipherment for format 4.
 */
export function encryptPinBlock(
  format: PinBlockFormat,
  key: KeyInput,
  pin: string,
  pan?: string,
  options?: PinBlockCryptOptions,
): Uint8Array {
  checkFormat(format);
  checkPanArgument(pan);
  const o = optionsArg(options);
  if (format === 4) return encipherPinBlockIso4(key, pin, requirePan(pan, 4), o);
  const cipher = desFamilyCipher(key, format, providerOf(o, key));
  const clear = encodeClear(format, pin, pan, o);
  try {
    const out = new Uint8Array(8);
    cipher.encryptBlock(clear, 0, out, 0);
    return out;
  } finally {
    clear.fill(0);
  }
}

/** The PIN in an encrypted PIN block of `format`; throws `BAD_PIN_BLOCK` when it does not decode. */
export function decryptPinBlock(
  format: PinBlockFormat,
  key: KeyInput,
  block: Uint8Array,
  pan?: string,
  options?: Omit<PinBlockCryptOptions, 'fill' | 'random'>,
): string {
  checkFormat(format);
  checkPanArgument(pan);
  const o = optionsArg(options);
  if (format === 4) return decipherPinBlockIso4(key, block, requirePan(pan, 4), o);
  const cipher = desFamilyCipher(key, format, providerOf(o, key));
  checkBlockLength(block, 8);
  const clear = new Uint8Array(8);
  cipher.decryptBlock(block, 0, clear, 0);
  try {
    switch (format) {
      case 0:
        return pinOfOwnBlockIso0(clear, requirePan(pan, 0));
      case 1:
        return decodePinBlockIso1(clear);
      case 2:
        return decodePinBlockIso2(clear);
      case 3:
        return pinOfOwnBlockIso3(clear, requirePan(pan, 3));
      default:
        return decodePinBlockCupNoPan(clear);
    }
  } finally {
    clear.fill(0);
  }
}
