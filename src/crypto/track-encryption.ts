// Track data encryption with the TDK (CUP field 53.3 = 1): bytes in, bytes out.
import { Iso8583Error } from '../errors.js';
import { type CipherAlgorithm, type CipherProvider, decryptEcb, encryptEcb } from './cipher.js';
import { desFamilyAlgorithm, type KeyInput } from './key.js';
import { copyBytes, isBytes, kindOf } from './input.js';

/** A way of encrypting BCD-packed track bytes; pass your own for acquirers with other rules. */
export interface TrackCipherScheme {
  encrypt(packed: Uint8Array, tdk: KeyInput, provider?: CipherProvider): Uint8Array;
  decrypt(packed: Uint8Array, tdk: KeyInput, provider?: CipherProvider): Uint8Array;
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

function tdkAlgorithm(tdk: KeyInput): CipherAlgorithm {
  return desFamilyAlgorithm(tdk, 'TDK must be a des or tdes key');
}

function checkTrack(packed: Uint8Array): void {
  if (!isBytes(packed)) {
    throw new Iso8583Error('BAD_TRACK_DATA', 'track data must be a Uint8Array of packed BCD', {
      expected: 'Uint8Array',
      found: kindOf(packed),
    });
  }
}

// The last byte stays clear so the pad nibble and the length still read as on a clear track.
function cupTail(packed: Uint8Array, tdk: KeyInput, provider: CipherProvider | undefined, encrypt: boolean): Uint8Array {
  checkTrack(packed);
  if (packed.length < 9) {
    throw new Iso8583Error('BAD_TRACK_LENGTH', 'track data must be at least 9 bytes for CUP track encryption', {
      expected: '9 or more bytes',
      found: `${packed.length} bytes`,
    });
  }
  const alg = tdkAlgorithm(tdk);
  const start = packed.length - 9;
  const block = packed.subarray(start, start + 8);
  const out = copyBytes(packed);
  out.set(encrypt ? encryptEcb(alg, tdk, block, provider) : decryptEcb(alg, tdk, block, provider), start);
  return out;
}

function whole(packed: Uint8Array, tdk: KeyInput, provider: CipherProvider | undefined, encrypt: boolean): Uint8Array {
  checkTrack(packed);
  if (packed.length === 0 || packed.length % 8 !== 0) {
    throw new Iso8583Error('BAD_TRACK_LENGTH', 'track data must be a multiple of 8 bytes for whole-track encryption', {
      expected: 'multiple of 8 bytes',
      found: `${packed.length} bytes`,
    });
  }
  const alg = tdkAlgorithm(tdk);
  return encrypt ? encryptEcb(alg, tdk, packed, provider) : decryptEcb(alg, tdk, packed, provider);
}

/** The CUP scheme (BW-style terminals): the 8 bytes ending one byte before the last packed byte. */
export const cupTrackScheme: TrackCipherScheme = {
  encrypt: (packed, tdk, provider) => cupTail(packed, tdk, provider, true),
  decrypt: (packed, tdk, provider) => cupTail(packed, tdk, provider, false),
};

/** The whole-track scheme some acquirers use: every 8-byte block, ECB. */
export const wholeTrackScheme: TrackCipherScheme = {
  encrypt: (packed, tdk, provider) => whole(packed, tdk, provider, true),
  decrypt: (packed, tdk, provider) => whole(packed, tdk, provider, false),
};

function schemeOf(options: TrackEncryptionOptions): TrackCipherScheme {
  const s = options.scheme ?? 'cup';
  if (s === 'cup') return cupTrackScheme;
  if (s === 'whole') return wholeTrackScheme;
  return s;
}

/** BCD-packed track 2/3 bytes (field 35/36 without the length prefix) encrypted with the TDK; a new array. */
export function encryptTrackData(packed: Uint8Array, tdk: KeyInput, options: TrackEncryptionOptions = {}): Uint8Array {
  return schemeOf(options).encrypt(packed, tdk, options.provider);
}

/** The clear BCD-packed track bytes of `encryptTrackData`'s output; a new array. */
export function decryptTrackData(packed: Uint8Array, tdk: KeyInput, options: TrackEncryptionOptions = {}): Uint8Array {
  return schemeOf(options).decrypt(packed, tdk, options.provider);
}
