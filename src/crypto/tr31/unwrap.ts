import { Iso8583Error } from '../../errors.js';
import { concatBytes } from '../../bytes/hex.js';
import { cbcWith, type CipherAlgorithm, type CipherProvider, getDefaultProvider } from '../cipher.js';
import { checkKeyStrength, type WeakKeyOptions } from '../key-checks.js';
import { copyBytes } from '../input.js';
import { constantTimeEqual } from '../constant-time.js';
import type { KeyInput } from '../key.js';
import { cmacWithCipher } from '../cmac-core.js';
import { cbcLastBlock } from '../mac/cbc-mac.js';
import { tr31BindingKeys } from './binding-keys.js';
import { type Tr31Header, parseTr31Header, tr31BlockSize } from './header.js';
import { TR31_MAC_LENGTHS, asciiBytes, keyFromKeyData, upperHexBytes } from './key-data.js';

/** A key taken out of a key block, with the header that states what it may be used for. */
export interface Tr31UnwrapResult {
  readonly header: Tr31Header;
  readonly key: Uint8Array;
}

/** Options of `unwrapTr31`. */
export interface Tr31UnwrapOptions extends WeakKeyOptions {
  readonly provider?: CipherProvider;
}

// The cipher a key block's algorithm character and key length name, when it is one of this library's.
function cipherOfHeader(algorithm: string, length: number): CipherAlgorithm | undefined {
  if (algorithm === 'T' && (length === 16 || length === 24)) return 'tdes';
  if (algorithm === 'D' && length === 8) return 'des';
  if (algorithm === 'A' && (length === 16 || length === 24 || length === 32)) return 'aes';
  return undefined;
}

/**
 * Checks and opens a TR-31 key block of version A, B, C or D under the key block protection key.
 * Throws `TR31_BAD_HEADER` / `TR31_BAD_KEY_BLOCK` for malformed text and `TR31_MAC_MISMATCH` when the
 * block was altered or the KBPK is wrong; nothing of the key is returned unless the MAC verifies.
 */
export function unwrapTr31(kbpk: KeyInput, keyBlock: string, options: Tr31UnwrapOptions = {}): Tr31UnwrapResult {
  const header = parseTr31Header(keyBlock);
  const version = header.versionId;
  const provider = options.provider ?? getDefaultProvider();
  const keys = tr31BindingKeys(version, kbpk, provider);
  const blockSize = tr31BlockSize(version);
  const macStart = keyBlock.length - 2 * TR31_MAC_LENGTHS[version];
  const dataChars = macStart - header.headerLength;
  if (dataChars <= 0 || dataChars % (2 * blockSize) !== 0) {
    throw new Iso8583Error('TR31_BAD_KEY_BLOCK', `encrypted key data must fill whole ${blockSize}-byte cipher blocks`, {
      offset: header.headerLength,
      expected: `multiple of ${2 * blockSize} hex digits`,
      found: dataChars <= 0 ? 'no key data' : `${dataChars} hex digits`,
    });
  }
  const encrypted = upperHexBytes(keyBlock, header.headerLength, macStart);
  const mac = upperHexBytes(keyBlock, macStart, keyBlock.length);
  const headerBytes = asciiBytes(keyBlock.slice(0, header.headerLength));

  let clear: Uint8Array | undefined;
  try {
    if (version === 'A' || version === 'C') {
      // Variant binding: the MAC covers the ciphertext, the IV is the first 8 header characters.
      const macCipher = provider.createCipher('tdes', keys.macKey);
      requireMac(cbcLastBlock(macCipher, concatBytes(headerBytes, encrypted)).subarray(0, 4), mac);
      clear = cbcWith(provider.createCipher('tdes', keys.encryptionKey), encrypted, copyBytes(headerBytes, 0, 8), false);
    } else {
      // Derivation binding: the MAC covers the clear key data and doubles as the CBC IV.
      const alg = version === 'B' ? 'tdes' : 'aes';
      clear = cbcWith(provider.createCipher(alg, keys.encryptionKey), encrypted, copyBytes(mac), false);
      requireMac(cmacWithCipher(provider.createCipher(alg, keys.macKey), concatBytes(headerBytes, clear)), mac);
    }
    const key = keyFromKeyData(clear);
    const alg = cipherOfHeader(header.algorithm, key.length);
    if (alg !== undefined) {
      try {
        checkKeyStrength(alg, key, 'unwrapped key', options);
      } catch (e) {
        key.fill(0);
        throw e;
      }
    }
    return { header, key };
  } finally {
    clear?.fill(0);
    keys.encryptionKey.fill(0);
    keys.macKey.fill(0);
  }
}

function requireMac(expected: Uint8Array, found: Uint8Array): void {
  if (!constantTimeEqual(expected, found)) {
    throw new Iso8583Error('TR31_MAC_MISMATCH', 'key block MAC does not verify: wrong KBPK or altered key block');
  }
}
