import { Iso8583Error } from '../../errors.js';
import type { Tr31Version } from './header.js';
import { copyBytes } from '../input.js';

/** MAC length in bytes by version: a 4-byte CBC-MAC for A and C, a full TDES or AES CMAC for B and D. */
export const TR31_MAC_LENGTHS: Readonly<Record<Tr31Version, number>> = { A: 4, B: 8, C: 4, D: 16 };

/**
 * Bytes of the upper-case hex in `text[start, end)`. TR-31 writes hex in upper case only, so a
 * lower-case digit is an alteration, not a spelling: it throws `TR31_BAD_KEY_BLOCK` at its offset.
 */
export function upperHexBytes(text: string, start: number, end: number): Uint8Array {
  const out = new Uint8Array((end - start) >> 1);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (v < 0) {
      throw new Iso8583Error('TR31_BAD_KEY_BLOCK', 'key block body must be upper-case hex', {
        offset: i,
        expected: 'upper-case hex digit',
      });
    }
    const j = (i - start) >> 1;
    out[j] = (i - start) % 2 === 0 ? v << 4 : out[j]! | v;
  }
  return out;
}

/** The clear key data: key length in bits (2 bytes, big-endian), the key, then `padding`. */
export function buildKeyData(key: Uint8Array, padding: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + key.length + padding.length);
  out[0] = (key.length * 8) >>> 8;
  out[1] = (key.length * 8) & 0xff;
  out.set(key, 2);
  out.set(padding, 2 + key.length);
  return out;
}

/** The key inside decrypted key data; throws `TR31_BAD_KEY_LENGTH` when its length field does not fit. */
export function keyFromKeyData(clear: Uint8Array): Uint8Array {
  const bits = (clear[0]! << 8) | clear[1]!;
  if (bits === 0 || bits % 8 !== 0 || bits / 8 > clear.length - 2) {
    throw new Iso8583Error('TR31_BAD_KEY_LENGTH', 'key length field of the decrypted key data is malformed', {
      expected: `whole bytes, at most ${clear.length - 2}`,
    });
  }
  return copyBytes(clear, 2, 2 + bits / 8);
}
