// Enciphering the track fields of a CUP request (53.3 = 1) with the TDK, and reading them back on the host side.
import { Iso8583Error } from '../errors.js';
import { bcdByteLength, packBcd, unpackBcd } from '../bytes/bcd.js';
import type { KeyInput } from '../crypto/key.js';
import { decryptTrackData, encryptTrackData, type TrackEncryptionOptions } from '../crypto/track-encryption.js';
import { expectMessage, type Message } from '../message/message.js';

const TRACK_FIELDS = ['35', '36'] as const;

/** Whether a message's 53.3 says its tracks travel enciphered with the TDK. */
export function tracksEnciphered(m: Message): boolean {
  expectMessage(m, 'm');
  return m.get('53.3') === '1';
}

/**
 * Packs a track's nibbles (left-aligned, as CUP sends them), runs `transform` over the packed bytes and returns the
 * result as nibbles again. The length still counts the clear digits, so the pad nibble of an odd count must come
 * through unchanged: the CUP scheme leaves the last byte alone, and a scheme that does not is refused.
 */
function transformTrack(value: string, path: string, transform: (packed: Uint8Array) => Uint8Array): string {
  const packed = new Uint8Array(bcdByteLength(value.length));
  packBcd(value, packed, 0, false, 0, true, path, true);
  const out = transform(packed);
  if (value.length % 2 === 1 && (out[out.length - 1]! & 15) !== 0) {
    throw new Iso8583Error('BAD_TRACK_SCHEME', 'track cipher scheme changed the pad nibble of an odd-length track', { path });
  }
  return unpackBcd(out, 0, value.length, false);
}

/** Replaces fields 35 and 36, where present, with their tracks run through `transform`. */
function transformTracks(m: Message, transform: (packed: Uint8Array) => Uint8Array): void {
  expectMessage(m, 'm');
  for (const path of TRACK_FIELDS) {
    const value = m.get(path);
    if (typeof value === 'string') m.set(path, transformTrack(value, path, transform));
  }
}

/** Enciphers fields 35 and 36 of a request in place with the TDK (CUP scheme unless told otherwise). */
export function encipherTracks(m: Message, tdk: KeyInput, options: TrackEncryptionOptions = {}): void {
  transformTracks(m, (packed) => encryptTrackData(packed, tdk, options));
}

/** Deciphers fields 35 and 36 of a received request in place with the TDK. */
export function decipherTracks(m: Message, tdk: KeyInput, options: TrackEncryptionOptions = {}): void {
  transformTracks(m, (packed) => decryptTrackData(packed, tdk, options));
}
