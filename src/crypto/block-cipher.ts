// The ground floor of the crypto layer: algorithm names, the block-cipher and provider interfaces, and the size
// checks every cipher shares. It imports only the byte checks of input.ts, so every other crypto module can build on it.
import { badArgument, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { isBytes } from './input.js';

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
   * Optional: zeroes the expanded key schedule; afterwards every block throws `KEY_WIPED`. A cipher
   * without it is fenced by the library instead when its key object is wiped.
   */
  wipe?(): void;
}

/**
 * Gives a cipher class renderings that name its algorithm only: its fields hold the key or schedules made from it
 * (an AES schedule starts with the key itself), which `util.inspect` and `JSON.stringify` would otherwise print.
 */
export function maskCipherRenderings(proto: BlockCipher, name: string): void {
  defineMaskedRendering(proto, { name, masked: (c) => ({ algorithm: c.algorithm, blockSize: c.blockSize }) });
}

/**
 * A source of block ciphers: the portable TypeScript one, node:crypto, or an HSM bridge. `createCipher`
 * receives a key array it must neither keep nor modify: a provider that needs the bytes later copies them.
 */
export interface CipherProvider {
  readonly name: string;
  /**
   * The algorithms it runs, where it knows them (a provider made by `createProvider` does): a key bound to it
   * must be of one of them.
   */
  readonly algorithms?: readonly CipherAlgorithm[];
  createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher;
}

/**
 * One block cipher as a part a provider is composed from (`createProvider({ des, tdes })`): importing only the
 * parts an app uses is what lets a bundler leave the others out.
 */
export interface CipherModule<A extends CipherAlgorithm = CipherAlgorithm> {
  readonly algorithm: A;
  /** A cipher keyed with `key`, whose length it checks (`BAD_KEY_LENGTH`). */
  create(key: Uint8Array): BlockCipher;
}

/**
 * Marks a provider that stands for another chosen when a cipher is made (the default provider, which
 * `setDefaultProvider` may change): key schedules are kept under the provider it names at that moment.
 */
export const CURRENT_PROVIDER: unique symbol = /* @__PURE__ */ Symbol('current provider');

/** A provider that stands for the one `current()` names whenever a cipher is made. */
export function standInFor(current: () => CipherProvider, name: string): CipherProvider {
  return { name, createCipher: (alg, key) => current().createCipher(alg, key), [CURRENT_PROVIDER]: current } as CipherProvider;
}

/** The provider `p` stands for now: itself, or the one a stand-in (see `CURRENT_PROVIDER`) names. */
export function currentProvider(p: CipherProvider): CipherProvider {
  const current = (p as { [CURRENT_PROVIDER]?: () => CipherProvider })[CURRENT_PROVIDER];
  return current === undefined ? p : current();
}

const KEY_LENGTHS: Readonly<Record<CipherAlgorithm, readonly number[]>> = {
  des: [8],
  tdes: [16, 24],
  aes: [16, 24, 32],
  sm4: [16],
};

/** True when `alg` names an algorithm of this layer. */
export function isCipherAlgorithm(alg: unknown): alg is CipherAlgorithm {
  return alg === 'des' || alg === 'tdes' || alg === 'aes' || alg === 'sm4';
}

/** The error for a name that is not one of this layer's algorithms. */
export function unknownAlgorithmError(): Iso8583Error {
  return new Iso8583Error('UNKNOWN_ALGORITHM', 'cipher algorithm must be one of des, tdes, aes, sm4', {
    expected: 'des, tdes, aes or sm4',
  });
}

/** Throws `UNKNOWN_ALGORITHM` unless `alg` names an algorithm of this layer. */
export function assertCipherAlgorithm(alg: unknown): asserts alg is CipherAlgorithm {
  if (!isCipherAlgorithm(alg)) throw unknownAlgorithmError();
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

/** The error of every use of a wiped key or of a cipher keyed with one. */
export function keyWipedError(): Iso8583Error {
  return new Iso8583Error('KEY_WIPED', 'key has been wiped and can no longer be used');
}

/** Throws `BAD_BLOCK_OFFSET` unless a block of `size` bytes fits at `inOff` of `input` and `outOff` of `output`. */
export function checkBlockOffsets(size: number, input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
  if (!(input instanceof Uint8Array) && !isBytes(input)) throw badArgument('input', 'a Uint8Array', shapeOf(input));
  if (!(output instanceof Uint8Array) && !isBytes(output)) throw badArgument('output', 'a Uint8Array', shapeOf(output));
  if (!(Number.isInteger(inOff) && inOff >= 0 && inOff + size <= input.length && Number.isInteger(outOff) && outOff >= 0 && outOff + size <= output.length)) {
    throw new Iso8583Error('BAD_BLOCK_OFFSET', `a block of ${size} bytes does not fit at the given offset`, {
      expected: `${size} bytes inside the arrays`,
    });
  }
}

/** `8`, `16 or 24`, `16, 24 or 32`: a list of numbers as error text reads it. */
export function listOr(values: readonly (number | string)[]): string {
  if (values.length === 1) return String(values[0]);
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
