// The block-cipher layer every other crypto module builds on: algorithm names, the provider seam (portable
// TypeScript or node:crypto), size checks with value-free errors, and unpadded ECB and CBC.
import { Iso8583Error } from '../errors.js';
import type { KeyInput } from './key.js';
import { portableProvider } from './portable-provider.js';

export type CipherAlgorithm = 'des' | 'tdes' | 'aes' | 'sm4';

/** A key schedule expanded once, reusable for many blocks. */
export interface BlockCipher {
  readonly algorithm: CipherAlgorithm;
  readonly blockSize: 8 | 16;
  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void;
  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void;
  /**
   * Optional bulk ECB over whole blocks, for providers with a faster native path; must equal the
   * block-by-block result. `encryptEcb`/`decryptEcb` use it when present.
   */
  processEcb?(encrypt: boolean, data: Uint8Array): Uint8Array;
  /** Optional bulk CBC over whole blocks with a one-block `iv`, as `processEcb` is for ECB. */
  processCbc?(encrypt: boolean, data: Uint8Array, iv: Uint8Array): Uint8Array;
  /**
   * Optional: zeroes the expanded key schedule for ciphers that hold it in memory the library can reach;
   * afterwards every block throws `KEY_WIPED`. Callers that keep a cipher for a `SecretKey` run it when
   * the key is wiped.
   */
  wipe?(): void;
}

/** A source of block ciphers: the portable TypeScript one, node:crypto, or an HSM bridge. */
export interface CipherProvider {
  readonly name: string;
  createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher;
}

/**
 * How a key object lends its bytes to this layer without exposing them as a property. Key objects
 * (`SecretKey`) implement it; the borrowed array must be neither kept nor modified.
 */
export const lendKeyBytes: unique symbol = Symbol('pos8583.lendKeyBytes');

/** Something that can lend key bytes for one algorithm (see `SecretKey`). */
export interface KeyLender {
  [lendKeyBytes](alg: CipherAlgorithm): Uint8Array;
}

const KEY_LENGTHS: Readonly<Record<CipherAlgorithm, readonly number[]>> = {
  des: [8],
  tdes: [16, 24],
  aes: [16, 24, 32],
  sm4: [16],
};

let defaultProvider: CipherProvider | undefined;

/** The provider used when none is passed: the portable one unless `setDefaultProvider` changed it. */
export function getDefaultProvider(): CipherProvider {
  // Resolved on call rather than at load so the modules may be evaluated in any order.
  return defaultProvider ?? portableProvider;
}

/** Makes `p` the provider used when none is passed (e.g. `nodeProvider` on a Node.js host). */
export function setDefaultProvider(p: CipherProvider): void {
  defaultProvider = p;
}

/** True when `alg` names an algorithm of this layer. */
export function isCipherAlgorithm(alg: unknown): alg is CipherAlgorithm {
  return alg === 'des' || alg === 'tdes' || alg === 'aes' || alg === 'sm4';
}

/** Throws `UNKNOWN_ALGORITHM` unless `alg` names an algorithm of this layer. */
export function assertCipherAlgorithm(alg: unknown): asserts alg is CipherAlgorithm {
  if (!isCipherAlgorithm(alg)) {
    throw new Iso8583Error('UNKNOWN_ALGORITHM', 'cipher algorithm must be one of des, tdes, aes, sm4', {
      expected: 'des, tdes, aes or sm4',
    });
  }
}

/** Block size in bytes: 8 for DES and TDES, 16 for AES and SM4. */
export function blockSizeOf(alg: CipherAlgorithm): 8 | 16 {
  assertCipherAlgorithm(alg);
  return alg === 'des' || alg === 'tdes' ? 8 : 16;
}

/** The key lengths in bytes that `alg` accepts. */
export function keyLengthsOf(alg: CipherAlgorithm): readonly number[] {
  assertCipherAlgorithm(alg);
  return KEY_LENGTHS[alg];
}

/** Throws `BAD_KEY_LENGTH` unless a key of `length` bytes fits `alg`. */
export function checkKeyLength(alg: CipherAlgorithm, length: number): void {
  const allowed = keyLengthsOf(alg);
  if (allowed.includes(length)) return;
  const expected = `${listOr(allowed)} bytes`;
  throw new Iso8583Error('BAD_KEY_LENGTH', `${alg} key must be ${expected}, found ${length} bytes`, {
    expected,
    found: `${length} bytes`,
  });
}

/** True for a `Uint8Array` (a Node `Buffer` included), also one made in another realm. */
export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array || (ArrayBuffer.isView(x) && x.constructor.name === 'Uint8Array');
}

/** The raw bytes behind a key input, length-checked for `alg`; borrowed, so never modify or keep them. */
export function keyBytesFor(alg: CipherAlgorithm, key: KeyInput | KeyLender): Uint8Array {
  let bytes: Uint8Array;
  if (isBytes(key)) bytes = key;
  else if (typeof (key as Partial<KeyLender> | null)?.[lendKeyBytes] === 'function') bytes = key[lendKeyBytes](alg);
  else {
    // Hex text is the usual mistake here; the message must not repeat it.
    throw new Iso8583Error('BAD_KEY_TYPE', 'key must be a Uint8Array or a SecretKey', {
      expected: 'Uint8Array or SecretKey',
      found: typeof key,
    });
  }
  checkKeyLength(alg, bytes.length);
  return bytes;
}

/** A block cipher for `alg` keyed with `key`, from `provider` (default: the default provider). */
export function createCipher(alg: CipherAlgorithm, key: KeyInput, provider?: CipherProvider): BlockCipher {
  return (provider ?? getDefaultProvider()).createCipher(alg, keyBytesFor(alg, key));
}

/** ECB encryption of whole blocks (no padding: `data` must be a multiple of the block size). */
export function encryptEcb(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, provider?: CipherProvider): Uint8Array {
  return ecb(alg, key, data, provider, true);
}

/** ECB decryption of whole blocks (no padding: `data` must be a multiple of the block size). */
export function decryptEcb(alg: CipherAlgorithm, key: KeyInput, data: Uint8Array, provider?: CipherProvider): Uint8Array {
  return ecb(alg, key, data, provider, false);
}

/** CBC encryption of whole blocks, no padding; `iv` defaults to a block of zeros. */
export function encryptCbc(
  alg: CipherAlgorithm,
  key: KeyInput,
  data: Uint8Array,
  iv?: Uint8Array,
  provider?: CipherProvider,
): Uint8Array {
  return cbc(alg, key, data, iv, provider, true);
}

/** CBC decryption of whole blocks, no padding; `iv` defaults to a block of zeros. */
export function decryptCbc(
  alg: CipherAlgorithm,
  key: KeyInput,
  data: Uint8Array,
  iv?: Uint8Array,
  provider?: CipherProvider,
): Uint8Array {
  return cbc(alg, key, data, iv, provider, false);
}

function ecb(
  alg: CipherAlgorithm,
  key: KeyInput,
  data: Uint8Array,
  provider: CipherProvider | undefined,
  encrypt: boolean,
): Uint8Array {
  const bs = checkData(alg, data);
  const cipher = createCipher(alg, key, provider);
  if (cipher.processEcb !== undefined) return cipher.processEcb(encrypt, data);
  const out = new Uint8Array(data.length);
  for (let o = 0; o < data.length; o += bs) {
    if (encrypt) cipher.encryptBlock(data, o, out, o);
    else cipher.decryptBlock(data, o, out, o);
  }
  return out;
}

function cbc(
  alg: CipherAlgorithm,
  key: KeyInput,
  data: Uint8Array,
  iv: Uint8Array | undefined,
  provider: CipherProvider | undefined,
  encrypt: boolean,
): Uint8Array {
  const bs = checkData(alg, data);
  const chain = checkIv(alg, bs, iv);
  const cipher = createCipher(alg, key, provider);
  if (cipher.processCbc !== undefined) return cipher.processCbc(encrypt, data, chain);
  const out = new Uint8Array(data.length);
  for (let o = 0; o < data.length; o += bs) {
    if (encrypt) {
      for (let i = 0; i < bs; i++) chain[i] = chain[i]! ^ data[o + i]!;
      cipher.encryptBlock(chain, 0, out, o);
      chain.set(out.subarray(o, o + bs));
    } else {
      cipher.decryptBlock(data, o, out, o);
      for (let i = 0; i < bs; i++) {
        out[o + i] = out[o + i]! ^ chain[i]!;
        chain[i] = data[o + i]!;
      }
    }
  }
  return out;
}

function checkData(alg: CipherAlgorithm, data: Uint8Array): 8 | 16 {
  const bs = blockSizeOf(alg);
  if (!isBytes(data)) {
    throw new Iso8583Error('BAD_DATA_TYPE', 'data must be a Uint8Array', { expected: 'Uint8Array', found: typeof data });
  }
  if (data.length % bs !== 0) {
    throw new Iso8583Error(
      'BAD_DATA_LENGTH',
      `${alg} data must be a multiple of ${bs} bytes, found ${data.length} bytes`,
      { expected: `multiple of ${bs} bytes`, found: `${data.length} bytes` },
    );
  }
  return bs;
}

// A private copy of the IV, used as the running chain value.
function checkIv(alg: CipherAlgorithm, bs: number, iv: Uint8Array | undefined): Uint8Array {
  if (iv === undefined) return new Uint8Array(bs);
  if (!isBytes(iv)) {
    throw new Iso8583Error('BAD_DATA_TYPE', 'iv must be a Uint8Array', { expected: 'Uint8Array', found: typeof iv });
  }
  if (iv.length !== bs) {
    throw new Iso8583Error('BAD_IV_LENGTH', `${alg} iv must be ${bs} bytes, found ${iv.length} bytes`, {
      expected: `${bs} bytes`,
      found: `${iv.length} bytes`,
    });
  }
  return iv.slice();
}

function listOr(values: readonly number[]): string {
  if (values.length === 1) return String(values[0]);
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
