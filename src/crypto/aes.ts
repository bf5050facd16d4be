// AES through @noble/ciphers: its key expansion and single-block rounds, reached once per key so that many
// blocks reuse one schedule (its ECB wrapper would expand the key again on every call).
import { unsafe } from '@noble/ciphers/aes';
import { Iso8583Error } from '../errors.js';
import type { BlockCipher } from './cipher.js';

// noble's round functions take the state as four little-endian words; reading them byte by byte keeps this
// independent of the platform's byte order and of the arrays' alignment.
function readLE(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

function writeLE(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

type RoundFunction = typeof unsafe.encrypt;

function crypt(
  round: RoundFunction,
  xk: Uint32Array,
  input: Uint8Array,
  inOff: number,
  output: Uint8Array,
  outOff: number,
): void {
  if (!(inOff >= 0 && inOff + 16 <= input.length && outOff >= 0 && outOff + 16 <= output.length)) {
    throw new Iso8583Error('BAD_BLOCK_OFFSET', 'a block of 16 bytes does not fit at the given offset', {
      expected: '16 bytes inside the arrays',
    });
  }
  const s = round(xk, readLE(input, inOff), readLE(input, inOff + 4), readLE(input, inOff + 8), readLE(input, inOff + 12));
  writeLE(output, outOff, s.s0);
  writeLE(output, outOff + 4, s.s1);
  writeLE(output, outOff + 8, s.s2);
  writeLE(output, outOff + 12, s.s3);
}

/** AES (FIPS 197) for 16-, 24- or 32-byte keys, with both key schedules expanded once. */
export class AesCipher implements BlockCipher {
  readonly algorithm = 'aes' as const;
  readonly blockSize = 16 as const;
  private readonly encKeys: Uint32Array;
  private readonly decKeys: Uint32Array;

  constructor(key: Uint8Array) {
    if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
      throw new Iso8583Error('BAD_KEY_LENGTH', `aes key must be 16, 24 or 32 bytes, found ${key.length} bytes`, {
        expected: '16, 24 or 32 bytes',
        found: `${key.length} bytes`,
      });
    }
    this.encKeys = unsafe.expandKeyLE(key);
    this.decKeys = unsafe.expandKeyDecLE(key);
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    crypt(unsafe.encrypt, this.encKeys, input, inOff, output, outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    crypt(unsafe.decrypt, this.decKeys, input, inOff, output, outOff);
  }
}
