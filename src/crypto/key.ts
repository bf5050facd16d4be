// Key objects: bytes that stay out of logs, JSON and error text, and that can be wiped after use.
import { fromHex, toHex } from '../bytes/hex.js';
import { Iso8583Error } from '../errors.js';
import { checkKeyLength, isBytes, lendKeyBytes, type CipherAlgorithm, type CipherProvider, type KeyLender } from './cipher.js';
import { constantTimeEqual } from './constant-time.js';
import { kcv, type KcvOptions } from './kcv.js';

/** What the crypto functions accept as a key: a `SecretKey`, or raw bytes for callers that manage their own. */
export type KeyInput = Uint8Array | SecretKey;

/** The cipher a key input runs under: a key object's own algorithm; raw bytes are DES when 8 bytes long, else TDES. */
export function keyAlgorithmOf(key: KeyInput): CipherAlgorithm {
  return isBytes(key) ? (key.length === 8 ? 'des' : 'tdes') : key.algorithm;
}

/** `keyAlgorithmOf(key)` when it is DES or TDES; otherwise throws `BAD_KEY_TYPE` with `detail` as its text. */
export function desFamilyAlgorithm(key: KeyInput, detail: string): 'des' | 'tdes' {
  const alg = keyAlgorithmOf(key);
  if (alg !== 'des' && alg !== 'tdes') {
    throw new Iso8583Error('BAD_KEY_TYPE', detail, { expected: 'des or tdes', found: alg });
  }
  return alg;
}

// Bytes live outside the object so that no property, enumeration or spread can reach them.
const keyBytes = new WeakMap<SecretKey, Uint8Array>();
// What must go with a key's bytes when it is wiped: caches of material derived from them.
const wipeHooks = new WeakMap<SecretKey, Array<() => void>>();

/**
 * Runs `hook` once when `key` is wiped (at once when it already is), so that a cache of material derived
 * from its bytes, such as an expanded key schedule, is dropped with them. Hooks must not throw.
 */
export function onWipe(key: SecretKey, hook: () => void): void {
  if (key.wiped) {
    hook();
    return;
  }
  const hooks = wipeHooks.get(key);
  if (hooks === undefined) wipeHooks.set(key, [hook]);
  else hooks.push(hook);
}

/**
 * A symmetric key for one algorithm. Its bytes leave only through `exportBytes()`; printing, JSON and
 * Node's inspector show the algorithm, the length and the key check value.
 */
export class SecretKey implements KeyLender {
  readonly algorithm: CipherAlgorithm;
  readonly length: number;
  private checkText: string | undefined;

  private constructor(algorithm: CipherAlgorithm, bytes: Uint8Array) {
    if (!isBytes(bytes)) {
      throw new Iso8583Error('BAD_KEY_TYPE', 'key bytes must be a Uint8Array', { expected: 'Uint8Array', found: typeof bytes });
    }
    checkKeyLength(algorithm, bytes.length);
    this.algorithm = algorithm;
    this.length = bytes.length;
    keyBytes.set(this, bytes.slice());
  }

  /** A key from its bytes (copied, so the caller may wipe its own array). */
  static fromBytes(algorithm: CipherAlgorithm, bytes: Uint8Array): SecretKey {
    return new SecretKey(algorithm, bytes);
  }

  /** A key from hex text (either case). */
  static fromHex(algorithm: CipherAlgorithm, hex: string): SecretKey {
    const bytes = fromHex(hex);
    try {
      return new SecretKey(algorithm, bytes);
    } finally {
      bytes.fill(0);
    }
  }

  /** True once `wipe()` has run. */
  get wiped(): boolean {
    return !keyBytes.has(this);
  }

  /** A copy of the key bytes: the one deliberate way out. */
  exportBytes(): Uint8Array {
    return this.bytes().slice();
  }

  /** The key check value (see `kcv`): zero-block for DES/TDES, CMAC for AES/SM4 unless `options` say otherwise. */
  kcv(options?: KcvOptions, provider?: CipherProvider): Uint8Array {
    return kcv(this.algorithm, this, options, provider);
  }

  /** True when `other` is the same algorithm and the same bytes, compared in constant time. */
  equals(other: SecretKey): boolean {
    return this.algorithm === other.algorithm && constantTimeEqual(this.bytes(), other.bytes());
  }

  /** Zeroes the bytes and drops what was derived from them (see `onWipe`); any later use throws `KEY_WIPED`. */
  wipe(): void {
    keyBytes.get(this)?.fill(0);
    keyBytes.delete(this);
    this.checkText = undefined;
    const hooks = wipeHooks.get(this);
    wipeHooks.delete(this);
    if (hooks !== undefined) for (const hook of hooks) hook();
  }

  /** Lends the bytes to the cipher layer for `alg`; not for callers (use `exportBytes`). */
  [lendKeyBytes](alg: CipherAlgorithm): Uint8Array {
    if (alg !== this.algorithm) {
      throw new Iso8583Error('KEY_ALGORITHM_MISMATCH', `key is for ${this.algorithm} and cannot be used for ${alg}`, {
        expected: alg,
        found: this.algorithm,
      });
    }
    return this.bytes();
  }

  /** `SecretKey(tdes, 16 bytes, KCV 08D7B4)`: never the bytes. */
  toString(): string {
    const check = this.checkValueText();
    return `SecretKey(${this.algorithm}, ${this.length} bytes, ${check === undefined ? 'wiped' : `KCV ${check}`})`;
  }

  /** `{ type, algorithm, length, kcv }` (or `wiped: true`): never the bytes. */
  toJSON(): { type: 'SecretKey'; algorithm: CipherAlgorithm; length: number; kcv?: string; wiped?: true } {
    const check = this.checkValueText();
    const base = { type: 'SecretKey' as const, algorithm: this.algorithm, length: this.length };
    return check === undefined ? { ...base, wiped: true } : { ...base, kcv: check };
  }

  /** What Node's `util.inspect` and `console.log` show. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private bytes(): Uint8Array {
    const b = keyBytes.get(this);
    if (b === undefined) {
      throw new Iso8583Error('KEY_WIPED', 'key has been wiped and can no longer be used');
    }
    return b;
  }

  // Three bytes for every algorithm: the form operators compare by eye.
  private checkValueText(): string | undefined {
    if (this.wiped) return undefined;
    if (this.checkText === undefined) this.checkText = toHex(this.kcv({ length: 3 }));
    return this.checkText;
  }
}
