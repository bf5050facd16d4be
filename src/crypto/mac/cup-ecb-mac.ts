// The China UnionPay POS terminal MAC (the "ECB" algorithm of field 64), over DES, TDES or SM4.
import { badArgument, shapeOf } from '../../arguments.js';
import { HEX_CODE } from '../../bytes/hex.js';
import type { BlockCipher, CipherAlgorithm, CipherProvider } from '../block-cipher.js';
import { optionOr, optionsArg } from '../input.js';
import { CipherKey, cipherFor, type KeyInput, keyBytesFor, providerOf, type ProviderResolver, resolveKeyAlgorithm, scheduleOf } from '../key.js';
import { checkMacData, checkMacLength, macMatches } from './mac-length.js';

/** Options of the CUP POS "ECB" MAC. */
export interface CupEcbMacOptions {
  /**
   * The cipher of a raw-byte MAK: an 8-byte MAK is DES and a 24-byte one TDES, but a 16-byte one could be TDES
   * or SM4 and must be named here (a `SecretKey` says so itself).
   */
  algorithm?: 'des' | 'tdes' | 'sm4';
  /**
   * How a 16-byte DES-family MAK is used: `tdes` runs both encryptions with 2-key TDES (default),
   * `left-half` uses single DES with its first 8 bytes, as some hosts that hand out 16-byte MAKs do.
   */
  doubleLengthMak?: 'tdes' | 'left-half';
  /** How many ASCII hex characters of the final block form the MAC (default 8, all that field 64 carries). */
  length?: number;
  provider?: CipherProvider;
}

const CUP_ALGORITHMS: readonly CipherAlgorithm[] = ['des', 'tdes', 'sm4'];

// The MAC runs only two block encryptions, so keying the cipher (a DES key schedule, an OpenSSL context) is
// most of its cost: a MAK held as a SecretKey keeps its schedules (see `scheduleOf`) until it is wiped; raw
// byte keys are keyed afresh, since their caller may change the bytes.
function macCipher(mak: KeyInput, alg: CipherAlgorithm, leftHalf: boolean, provider: CipherProvider): BlockCipher {
  if (mak instanceof CipherKey) return leftHalf ? scheduleOf(mak, provider, 'left') : cipherFor(alg, mak, provider);
  return leftHalf ? provider.createCipher('des', keyBytesFor(alg, mak).subarray(0, 8)) : cipherFor(alg, mak, provider);
}

// XOR of every block of `mab`, the last one zero-padded; whole blocks first, then the tail.
function foldBlocks(mab: Uint8Array, bs: number): Uint8Array {
  const r = new Uint8Array(bs);
  const tail = mab.length % bs;
  const whole = mab.length - tail;
  for (let o = 0; o < whole; o += bs) for (let j = 0; j < bs; j++) r[j] = r[j]! ^ mab[o + j]!;
  for (let j = 0; j < tail; j++) r[j] = r[j]! ^ mab[whole + j]!;
  return r;
}

/** The first `length` upper-case hex characters of `bytes`, as ASCII bytes. */
function upperHexAscii(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = HEX_CODE[i & 1 ? bytes[i >> 1]! & 15 : bytes[i >> 1]! >> 4]!;
  return out;
}

/**
 * The China UnionPay POS terminal MAC ("ECB" algorithm) of `mab` (the bytes from the MTI to the end
 * of field 63): XOR every zero-padded block together, write the result as upper-case hex, encrypt
 * the first half of that text, XOR the second half in, encrypt again, and keep the first 8 upper-case
 * hex characters of the result as 8 ASCII bytes. Upper case matters: lower-case text gives a
 * different MAC than hosts compute.
 *
 * SM4 variant (no public vector exists): the same steps with SM4's 16-byte block, i.e. 16-byte
 * blocks are XORed, the 32 hex characters split into two 16-byte halves, and the MAC is still the
 * first 8 hex characters of the final block. This is the direct block-size substitution: every step
 * keeps its meaning and field 64 keeps its 8-byte ASCII shape, which is what SM-capable terminals
 * must still fit; a host that truncates differently can set `length`.
 */
export function generateCupEcbMac(mak: KeyInput, mab: Uint8Array, options?: CupEcbMacOptions): Uint8Array {
  return cupEcbMac(mak, mab, options, providerOf);
}

/** `generateCupEcbMac` with the provider found by `resolve`. */
export function cupEcbMac(mak: KeyInput, mab: Uint8Array, options: CupEcbMacOptions | undefined, resolve: ProviderResolver): Uint8Array {
  checkMacData(mab, 'mab');
  const o = optionsArg(options);
  const alg = resolveKeyAlgorithm(mak, CUP_ALGORITHMS, 'CUP ECB MAC', o.algorithm);
  const mode = optionOr(o.doubleLengthMak, 'tdes');
  if (mode !== 'tdes' && mode !== 'left-half') throw badArgument('options.doubleLengthMak', 'tdes or left-half', shapeOf(mode));
  const leftHalf = alg === 'tdes' && mode === 'left-half' && keyBytesFor(alg, mak).length === 16;
  const cipher = macCipher(mak, alg, leftHalf, resolve(o, mak));
  const bs = cipher.blockSize;
  const length = optionOr(o.length, 8);
  checkMacLength(length, 2 * bs, 'characters');

  const expanded = upperHexAscii(foldBlocks(mab, bs), 2 * bs);
  const e = new Uint8Array(bs);
  cipher.encryptBlock(expanded, 0, e, 0);
  for (let i = 0; i < bs; i++) e[i] = e[i]! ^ expanded[bs + i]!;
  // The first half of the text is spent: the second encryption lands there (never over its own input, which a
  // provider's cipher need not allow).
  cipher.encryptBlock(e, 0, expanded, 0);
  return upperHexAscii(expanded, length);
}

/**
 * True when `mac` (ASCII hex characters, as field 64 carries them) is the CUP ECB MAC of `mab` at
 * `options.length` characters (default 8, the whole field); constant time. A shorter MAC fails.
 */
export function verifyCupEcbMac(mak: KeyInput, mab: Uint8Array, mac: Uint8Array, options?: CupEcbMacOptions): boolean {
  return macMatches(generateCupEcbMac(mak, mab, options), mac);
}
