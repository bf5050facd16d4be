// AES through @noble/ciphers: its key expansion and single-block rounds, reached once per key so that many
// blocks reuse one schedule (its ECB wrapper would expand the key again on every call).
import { unsafe } from '@noble/ciphers/aes';
import { type BlockCipher, type CipherModule, checkBlockOffsets, checkKeyLength, keyWipedError, maskCipherRenderings } from './block-cipher.js';
import { expandAes128Into } from './aes-key-schedule.js';
import { bytesArg } from './input.js';

// noble's round functions take the state as four little-endian words; reading them byte by byte keeps this
// independent of the platform's byte order and of the arrays' alignment.
export function readLE(b: Uint8Array, o: number): number {
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
  checkBlockOffsets(16, input, inOff, output, outOff);
  writeBlock(round(xk, readLE(input, inOff), readLE(input, inOff + 4), readLE(input, inOff + 8), readLE(input, inOff + 12)), output, outOff);
}

// The four words noble's rounds return, as the 16 bytes of a block.
function writeBlock(s: ReturnType<RoundFunction>, output: Uint8Array, outOff: number): void {
  writeLE(output, outOff, s.s0);
  writeLE(output, outOff + 4, s.s1);
  writeLE(output, outOff + 8, s.s2);
  writeLE(output, outOff + 12, s.s3);
}

// The schedule of `encryptBlockOnce` for AES-128 keys (every DUKPT step of an AES-128 walk), kept so that a step
// allocates none; it holds a schedule only during one call and is zeroed before the call returns.
const ONCE_128 = /* @__PURE__ */ new Uint32Array(44);

/**
 * AES (FIPS 197) for 16-, 24- or 32-byte keys. The encryption schedule is expanded at once; the decryption
 * schedule only on the first decryption, since CMAC, DUKPT, KCVs and key derivation never decrypt.
 */
export class AesCipher implements BlockCipher {
  readonly algorithm = 'aes' as const;
  readonly blockSize = 16 as const;
  /** The encryption schedule (zeroed by `wipe`), read by `encryptWordsWith`. */
  readonly encKeys: Uint32Array;
  private readonly keyLength: number;
  private decKeys: Uint32Array | undefined;
  /** True once `wipe` has run. */
  wiped = false;

  constructor(key: Uint8Array) {
    checkKeyLength('aes', key.length);
    this.keyLength = key.length;
    this.encKeys = unsafe.expandKeyLE(key);
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    if (this.wiped) throw keyWipedError();
    crypt(unsafe.encrypt, this.encKeys, input, inOff, output, outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    if (this.wiped) throw keyWipedError();
    crypt(unsafe.decrypt, this.decKeys ?? this.expandDecryption(), input, inOff, output, outOff);
  }

  /**
   * One block, given as the four little-endian words noble's rounds take, encrypted under a key used for nothing else
   * (a DUKPT derivation step) and written to `output` at `outOff`: the schedule is expanded, used once and zeroed,
   * with no cipher object around it. `key` must be a checked AES key; the offset is the caller's own. An AES DUKPT
   * walk keeps the words of its derivation data and makes only the counter's word anew each step.
   */
  static encryptBlockOnce(key: Uint8Array, w0: number, w1: number, w2: number, w3: number, output: Uint8Array, outOff: number): void {
    let xk: Uint32Array;
    if (key.length === 16) expandAes128Into(key, (xk = ONCE_128));
    else xk = unsafe.expandKeyLE(key);
    // noble's rounds called by name: `crypt` calls them through an argument, a call site decryption shares.
    const s = unsafe.encrypt(xk, w0, w1, w2, w3);
    xk.fill(0);
    writeBlock(s, output, outOff);
  }

  /** Zeroes both schedules; any later block throws `KEY_WIPED`. */
  wipe(): void {
    this.encKeys.fill(0);
    this.decKeys?.fill(0);
    this.wiped = true;
  }

  // The first words of the encryption schedule are the key itself (noble keeps them little-endian), so the
  // cipher needs no copy of the key to expand the decryption schedule later.
  private expandDecryption(): Uint32Array {
    const key = new Uint8Array(this.keyLength);
    for (let i = 0; i < key.length; i++) key[i] = this.encKeys[i >> 2]! >>> (8 * (i & 3));
    try {
      this.decKeys = unsafe.expandKeyDecLE(key);
      return this.decKeys;
    } finally {
      key.fill(0);
    }
  }
}

maskCipherRenderings(AesCipher.prototype, 'AesCipher');

/**
 * One block given as the four little-endian words noble's rounds take, encrypted under `cipher`'s schedule and written
 * to `output` at `outOff` (the caller's own, unchecked): an AES DUKPT walk's first step under the initial key's kept
 * cipher, without the block's bytes. A function beside the class, not a method, so that a bundle without DUKPT leaves
 * it out. Throws `KEY_WIPED` once the cipher is wiped.
 */
export function encryptWordsWith(cipher: AesCipher, w0: number, w1: number, w2: number, w3: number, output: Uint8Array, outOff: number): void {
  if (cipher.wiped) throw keyWipedError();
  writeBlock(unsafe.encrypt(cipher.encKeys, w0, w1, w2, w3), output, outOff);
}

/** AES (through @noble/ciphers) as a part of a provider. */
export const aes: CipherModule<'aes'> = { algorithm: 'aes', create: (key) => new AesCipher(bytesArg(key, 'key')) };
