// Track data encryption with the TDK (CUP field 53.3 = 1): bytes in, bytes out.
import { badArgument, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import type { BlockCipher, CipherProvider } from './block-cipher.js';
import { ecbWith } from './cipher.js';
import { copyBytes, isBytes, optionOr, optionsArg } from './input.js';
import { cipherFor, type KeyInput, providerOf, resolveKeyAlgorithm } from './key.js';

/** A way of encrypting BCD-packed track bytes; pass your own for acquirers with other rules. */
export interface TrackCipherScheme {
  encrypt(packed: Uint8Array, tdk: KeyInput, options?: { provider?: CipherProvider }): Uint8Array;
  decrypt(packed: Uint8Array, tdk: KeyInput, options?: { provider?: CipherProvider }): Uint8Array;
}

/** Options of track encryption. */
export interface TrackEncryptionOptions {
  /**
   * `cup` (default): only the 8 bytes that end one byte before the last packed byte are encrypted.
   * `whole`: every byte, in 8-byte ECB blocks (the caller pads as its acquirer requires).
   */
  scheme?: 'cup' | 'whole' | TrackCipherScheme;
  provider?: CipherProvider;
}

function tdkCipher(tdk: KeyInput, options: { provider?: CipherProvider } | undefined): BlockCipher {
  return cipherFor(resolveKeyAlgorithm(tdk, ['des', 'tdes'], 'TDK'), tdk, providerOf(optionsArg(options), tdk));
}

function checkTrack(packed: Uint8Array): void {
  if (!isBytes(packed)) {
    throw new Iso8583Error('BAD_TRACK_DATA', 'track data must be a Uint8Array of packed BCD', {
      expected: 'Uint8Array',
      found: shapeOf(packed),
    });
  }
}

// The last byte stays clear so the pad nibble and the length still read as on a clear track.
function cupTail(packed: Uint8Array, tdk: KeyInput, options: { provider?: CipherProvider } | undefined, encrypt: boolean): Uint8Array {
  checkTrack(packed);
  if (packed.length < 9) {
    throw new Iso8583Error('BAD_TRACK_LENGTH', 'track data must be at least 9 bytes for CUP track encryption', {
      expected: '9 or more bytes',
      found: `${packed.length} bytes`,
    });
  }
  const cipher = tdkCipher(tdk, options);
  const start = packed.length - 9;
  const out = copyBytes(packed);
  out.set(ecbWith(cipher, packed.subarray(start, start + 8), encrypt), start);
  return out;
}

function whole(packed: Uint8Array, tdk: KeyInput, options: { provider?: CipherProvider } | undefined, encrypt: boolean): Uint8Array {
  checkTrack(packed);
  if (packed.length === 0 || packed.length % 8 !== 0) {
    throw new Iso8583Error('BAD_TRACK_LENGTH', 'track data must be a multiple of 8 bytes for whole-track encryption', {
      expected: 'multiple of 8 bytes',
      found: `${packed.length} bytes`,
    });
  }
  return ecbWith(tdkCipher(tdk, options), packed, encrypt);
}

/** The CUP scheme (BW-style terminals): the 8 bytes ending one byte before the last packed byte. */
export const cupTrackScheme: TrackCipherScheme = {
  encrypt: (packed, tdk, options) => cupTail(packed, tdk, options, true),
  decrypt: (packed, tdk, options) => cupTail(packed, tdk, options, false),
};

/** The whole-track scheme some acquirers use: every 8-byte block, ECB. */
export const wholeTrackScheme: TrackCipherScheme = {
  encrypt: (packed, tdk, options) => whole(packed, tdk, options, true),
  decrypt: (packed, tdk, options) => whole(packed, tdk, options, false),
};

function schemeOf(options: TrackEncryptionOptions): TrackCipherScheme {
  const s = optionOr(options.scheme, 'cup');
  if (s === 'cup') return cupTrackScheme;
  if (s === 'whole') return wholeTrackScheme;
  if (typeof s === 'object' && s !== null && typeof s.encrypt === 'function' && typeof s.decrypt === 'function') return s;
  throw badArgument('options.scheme', "'cup', 'whole' or a track cipher scheme", shapeOf(s));
}

/** BCD-packed track 2/3 bytes (field 35/36 without the length prefix) encrypted with the TDK; a new array. */
export function encryptTrackData(packed: Uint8Array, tdk: KeyInput, options?: TrackEncryptionOptions): Uint8Array {
  const o = optionsArg(options);
  return schemeOf(o).encrypt(packed, tdk, { provider: providerOf(o, tdk) });
}

/** The clear BCD-packed track bytes of `encryptTrackData`'s output; a new array. */
export function decryptTrackData(packed: Uint8Array, tdk: KeyInput, options?: TrackEncryptionOptions): Uint8Array {
  const o = optionsArg(options);
  return schemeOf(o).decrypt(packed, tdk, { provider: providerOf(o, tdk) });
}
