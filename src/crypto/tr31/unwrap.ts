// Opening a TR-31 (ANSI X9.143) key block of version A, B, C or D: the MAC checked first, then the key taken out.
import { concatBytes } from '../../bytes/hex.js';
import { Iso8583Error } from '../../errors.js';
import type { CipherAlgorithm, CipherProvider } from '../block-cipher.js';
import { cbcWith } from '../cipher.js';
import { constantTimeEqual } from '../constant-time.js';
import { copyBytes, optionsArg } from '../input.js';
import { checkKeyStrength, type WeakKeyOptions } from '../key-checks.js';
import { adoptKeyBytes, type KeyInput, keyClassOf, providerOf, SecretKey } from '../key.js';
import { cmacWithCipher } from '../cmac-core.js';
import { cbcLastBlock } from '../mac/cbc-mac.js';
import { tr31BindingKeys } from './binding-keys.js';
import { type Tr31Header, parseTr31Header, tr31BlockSize } from './header.js';
import { latin1Bytes } from '../../bytes/latin1.js';
import { TR31_MAC_LENGTHS, keyFromKeyData, upperHexBytes } from './key-data.js';

/** A key taken out of a key block, with the header that states what it may be used for. */
export interface Tr31UnwrapResult {
  readonly header: Tr31Header;
  /** The key, of the algorithm the header names (`exportBytes()` is the way to its bytes). */
  readonly key: SecretKey;
}

/** Options of `unwrapTr31`. */
export interface Tr31UnwrapOptions extends WeakKeyOptions {
  readonly provider?: CipherProvider;
}

// The cipher a key block's algorithm character and key length name: T and D are the DES family (an 8-byte
// key is single DES, as older blocks label single-length keys T), A is AES.
function cipherOfHeader(algorithm: string, length: number): CipherAlgorithm | undefined {
  if (algorithm === 'T' || algorithm === 'D') return length === 8 ? 'des' : length === 16 || length === 24 ? 'tdes' : undefined;
  if (algorithm === 'A' && (length === 16 || length === 24 || length === 32)) return 'aes';
  return undefined;
}

/**
 * Checks and opens a TR-31 key block of version A, B, C or D under the key block protection key.
 * Throws `TR31_BAD_HEADER` / `TR31_BAD_KEY_BLOCK` for malformed text and `TR31_MAC_MISMATCH` when the
 * block was altered or the KBPK is wrong; nothing of the key is returned unless the MAC verifies.
 */
export function unwrapTr31(kbpk: KeyInput, keyBlock: string, options?: Tr31UnwrapOptions): Tr31UnwrapResult {
  const o = optionsArg(options);
  const header = parseTr31Header(keyBlock);
  const version = header.versionId;
  const provider = providerOf(o, kbpk);
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
  const headerBytes = latin1Bytes(keyBlock.slice(0, header.headerLength));

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
    try {
      if (alg === undefined) {
        throw new Iso8583Error('TR31_UNSUPPORTED_KEY', 'key block holds a key that is not a DES, TDES or AES key of a length this library takes', {
          offset: 7,
          expected: 'algorithm T or D (8, 16 or 24 bytes) or A (16, 24 or 32 bytes)',
        });
      }
      checkKeyStrength(alg, key, 'unwrapped key', o);
    } catch (e) {
      key.fill(0);
      throw e;
    }
    return { header, key: adoptKeyBytes(alg, key, provider, keyClassOf(kbpk, SecretKey)) };
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
