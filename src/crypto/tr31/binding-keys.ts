import { Iso8583Error } from '../../errors.js';
import type { CipherAlgorithm, CipherProvider } from '../block-cipher.js';
import { checkKeyStrength } from '../key-checks.js';
import { CipherKey, type KeyInput, keyBytesFor, scheduleOf } from '../key.js';
import { isBytes } from '../input.js';
import { badArgument, shapeOf } from '../../arguments.js';
import type { Tr31Version } from './header.js';
import { cmacWithCipher } from '../cmac-core.js';

/** The encryption and MAC keys a key block protection key (KBPK) yields for one version. */
export interface Tr31BindingKeys {
  readonly encryptionKey: Uint8Array;
  readonly macKey: Uint8Array;
}

const KBPK_LENGTHS: Readonly<Record<Tr31Version, readonly number[]>> = {
  A: [16, 24],
  B: [16, 24],
  C: [16, 24],
  D: [16, 24, 32],
};

// Algorithm indicator of the derivation data by KBPK length: 2-key and 3-key TDES; AES-128, -192, -256.
const ALGORITHM_INDICATORS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  tdes: { 16: 0x0000, 24: 0x0001 },
  aes: { 16: 0x0002, 24: 0x0003, 32: 0x0004 },
};

/** The bytes of a key input (borrowed from a `SecretKey` for `alg`; never to be modified or kept). */
export function borrowKeyBytes(key: KeyInput, alg: CipherAlgorithm, name: string): Uint8Array {
  if (key instanceof CipherKey) return keyBytesFor(alg, key);
  if (isBytes(key)) return key;
  throw badArgument(name, 'a Uint8Array or a SecretKey', shapeOf(key));
}

/** The KBPK's bytes; throws `TR31_BAD_KBPK` unless their length fits the version (TDES for A–C, AES for D). */
export function requireKbpk(version: Tr31Version, kbpkInput: KeyInput): Uint8Array {
  const allowed = KBPK_LENGTHS[version];
  const kbpk = borrowKeyBytes(kbpkInput, version === 'D' ? 'aes' : 'tdes', 'kbpk');
  if (allowed.includes(kbpk.length)) {
    if (!(kbpkInput instanceof CipherKey)) {
      checkKeyStrength(version === 'D' ? 'aes' : 'tdes', kbpk, 'KBPK', undefined, 'make it a SecretKey with allowWeakKeys for test vectors');
    }
    return kbpk;
  }
  const expected = `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]} bytes`;
  throw new Iso8583Error('TR31_BAD_KBPK', `version ${version} KBPK must be ${expected}`, {
    expected,
    found: `${kbpk.length} bytes`,
  });
}

/**
 * The binding keys of a version. A and C: the KBPK XOR 0x45 (encryption) and XOR 0x4D (MAC) per byte.
 * B and D: CMAC-based counter-mode derivation (NIST SP 800-108) under the KBPK, one cipher block per call.
 */
export function tr31BindingKeys(version: Tr31Version, kbpkInput: KeyInput, provider: CipherProvider): Tr31BindingKeys {
  const kbpk = requireKbpk(version, kbpkInput);
  if (version === 'A' || version === 'C') {
    return { encryptionKey: xorEach(kbpk, 0x45), macKey: xorEach(kbpk, 0x4d) };
  }
  // A KBPK held as a key object keeps its schedule for every block it wraps or unwraps.
  const cipher = kbpkInput instanceof CipherKey ? scheduleOf(kbpkInput, provider) : provider.createCipher(version === 'B' ? 'tdes' : 'aes', kbpk);
  const algorithm = ALGORITHM_INDICATORS[version === 'B' ? 'tdes' : 'aes']![kbpk.length]!;
  const derive = (usage: number): Uint8Array => {
    const out = new Uint8Array(Math.ceil(kbpk.length / cipher.blockSize) * cipher.blockSize);
    // Counter, key usage (0000 encryption, 0001 MAC), separator 00, algorithm, length in bits.
    const data = new Uint8Array([0, usage >>> 8, usage & 0xff, 0, algorithm >>> 8, algorithm & 0xff, 0, 0]);
    data[6] = (kbpk.length * 8) >>> 8;
    data[7] = (kbpk.length * 8) & 0xff;
    for (let i = 0; i * cipher.blockSize < out.length; i++) {
      data[0] = i + 1;
      out.set(cmacWithCipher(cipher, data), i * cipher.blockSize);
    }
    return out.slice(0, kbpk.length);
  };
  return { encryptionKey: derive(0x0000), macKey: derive(0x0001) };
}

function xorEach(key: Uint8Array, value: number): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) out[i] = key[i]! ^ value;
  return out;
}
