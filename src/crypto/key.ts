// Key objects: bytes that stay out of logs, JSON and error text, that are checked when made, that keep their
// expanded key schedules for every later use, and that can be wiped together with those schedules.
import { badArgument, shapeOf } from '../arguments.js';
import { defineMaskedRendering } from '../redaction.js';
import { fromHex, toHex } from '../bytes/hex.js';
import { Iso8583Error } from '../errors.js';
import {
  assertCipherAlgorithm,
  type BlockCipher,
  type CipherAlgorithm,
  type CipherProvider,
  checkKeyLength,
  currentProvider,
  keyLengthsOf,
  keyWipedError,
  listOr,
} from './block-cipher.js';
import { notProvided } from './cipher-set.js';
import { checkKcvLength, checkKcvMethod, checkValueWithCipher, defaultKcvLength, defaultKcvMethod, type KcvMethod } from './cmac-core.js';
import { constantTimeEqual } from './constant-time.js';
import { bytesArg, copyBytes, isBytes, optionOr, optionsArg, textArg } from './input.js';
import { checkKeyStrength, hasOddParity, type WeakKeyOptions } from './key-checks.js';
import { checkedProvider, followDefaultProvider } from './provider.js';

/** What the crypto functions accept as a key: a `SecretKey`, or raw bytes for callers that manage their own. */
export type KeyInput = Uint8Array | SecretKey;

/** Options of `SecretKey.fromBytes` and `SecretKey.fromHex`. */
export interface SecretKeyOptions extends WeakKeyOptions {
  /**
   * The provider whose ciphers the key runs on, and the keys derived from it (default: the default provider,
   * whichever it is when a cipher is made).
   */
  provider?: CipherProvider;
}

/** Options of `CipherKey.fromBytes` and `CipherKey.fromHex`: the provider is named. */
export interface CipherKeyOptions extends WeakKeyOptions {
  /** The provider whose ciphers the key runs on (e.g. `createProvider({ des, tdes })`); it must run the key's algorithm. */
  provider: CipherProvider;
}

/** Which bytes a key schedule is expanded from: the whole key, or the left or right DES half of a 16-byte key. */
export type KeyPart = 'whole' | 'left' | 'right';

// A key's state and its kept schedules are instances of classes, never object or array literals: V8 tracks each
// literal's allocation site, and once the young generation is at its largest (a host under load, any long run) it
// may make a site allocate straight into the old generation. A state made there kept its young key object and bytes
// alive through every scavenge, which promoted them, and the old generation filled with dead keys until a full
// collection: a derived key cost about 1 µs more, and 300-800 bytes a key were promoted.

/** A schedule kept on a key object: one cipher per provider and key part, in a list the state holds. */
class KeptSchedule {
  constructor(
    readonly provider: CipherProvider,
    readonly part: KeyPart,
    readonly cipher: BlockCipher,
    readonly next: KeptSchedule | undefined,
  ) {}
}

/** What a key object holds out of reach: its bytes (until wiped) and the schedules expanded from them. */
class KeyState {
  constructor(
    public bytes: Uint8Array | undefined,
    /** The provider the key runs on when a call names none. */
    readonly provider: CipherProvider,
    /** The key object this state belongs to: a vault moved onto another object opens nothing there. */
    readonly owner: CipherKey,
    public schedules?: KeptSchedule,
  ) {}
}

// The bytes, and the schedules (the key in another form), live in a closure that no property, enumeration, spread
// or reflection can open: each key object carries a vault function under a symbol that puts its state in this
// module's `opened` slot, which nothing outside the module can read; it takes no argument, so a forged vault learns
// nothing, and a state opens only for the object it was made for, so a vault copied onto another object (by spread,
// or by assignment) is a wiped key there. (A WeakMap did the same, but an entry per short-lived key costs
// microseconds in a large heap; so does defining the slot with `Object.defineProperty`, and it made every derived key
// cost about 2 µs more, against 25 ns for a plain assignment.)
const VAULT = Symbol('SecretKey state');
let opened: KeyState | undefined;

function stateOf(key: CipherKey): KeyState | undefined {
  opened = undefined;
  const vault = (key as unknown as Record<symbol, unknown>)[VAULT];
  if (typeof vault === 'function') vault();
  // The vault call set it (the compiler does not follow the call, and would read the slot as still empty).
  const state = opened as KeyState | undefined;
  opened = undefined;
  return state !== undefined && state.owner === key ? state : undefined;
}

/**
 * A symmetric key for one algorithm, bound to the provider it runs on. Its bytes leave only through
 * `exportBytes()`; printing, JSON and Node's inspector show the algorithm, the length and the key check value.
 * Every key object is one (`SecretKey` is the same class with factories that default the provider): a firmware
 * build makes its keys here, with the provider of the ciphers it names, and so never links the default provider.
 */
export class CipherKey {
  readonly algorithm: CipherAlgorithm;
  readonly length: number;
  private checkText: string | undefined;

  // `owned` bytes are the library's own fresh array (a derived key): taken as they are, neither copied nor checked.
  protected constructor(algorithm: CipherAlgorithm, bytes: Uint8Array, options: WeakKeyOptions | undefined, owned: boolean, provider: CipherProvider) {
    assertCipherAlgorithm(algorithm);
    bytesArg(bytes, 'bytes');
    checkKeyLength(algorithm, bytes.length);
    if (!owned) checkKeyStrength(algorithm, bytes, `${algorithm} key`, optionsArg(options));
    this.algorithm = algorithm;
    this.length = bytes.length;
    this.checkText = undefined;
    const state = new KeyState(owned ? bytes : copyBytes(bytes), provider, this);
    (this as unknown as Record<symbol, () => void>)[VAULT] = () => {
      opened = state;
    };
  }

  /**
   * A key from its bytes, copied (so a caller's array, a view into shared memory or a pooled array is never kept or
   * zeroed), bound to `options.provider`, which must run `algorithm` (`CIPHER_NOT_PROVIDED`). Weak, semi-weak,
   * all-zero and single-DES-in-disguise keys throw `WEAK_KEY` unless `options.allowWeakKeys`.
   */
  static fromBytes(algorithm: CipherAlgorithm, bytes: Uint8Array, options: CipherKeyOptions): CipherKey {
    return makeKey(CipherKey, algorithm, bytes, options, checkedProvider(optionsArg(options).provider, 'options.provider'));
  }

  /** A key from hex text (either case), checked and bound as `fromBytes` does. */
  static fromHex(algorithm: CipherAlgorithm, hex: string, options: CipherKeyOptions): CipherKey {
    return keyFromHex(CipherKey, algorithm, hex, options, checkedProvider(optionsArg(options).provider, 'options.provider'));
  }

  /** True once `wipe()` has run. */
  get wiped(): boolean {
    return stateOf(this)?.bytes === undefined;
  }

  /** A copy of the key bytes: the one deliberate way out. */
  exportBytes(): Uint8Array {
    return copyBytes(keyBytesOf(this));
  }

  /** The key check value as `kcv()` computes it; by default that of the algorithm (what `String(key)` shows). */
  kcv(options?: { method?: KcvMethod; length?: number; provider?: CipherProvider }): Uint8Array {
    const o = optionsArg(options);
    const method = checkKcvMethod(optionOr(o.method, defaultKcvMethod(this.algorithm)));
    const length = checkKcvLength(this.algorithm, optionOr(o.length, defaultKcvLength(method)));
    return checkValueWithCipher(scheduleOf(this, explicitProviderOf(o, this)), method, length);
  }

  /** True when every byte has odd parity, as DES and TDES keys conventionally do (never required here). */
  hasOddParity(): boolean {
    return hasOddParity(keyBytesOf(this));
  }

  /** True when `other` is the same algorithm and the same bytes, compared in constant time. */
  equals(other: SecretKey): boolean {
    if (!(other instanceof CipherKey)) throw badArgument('other', 'a SecretKey', shapeOf(other));
    return this.algorithm === other.algorithm && constantTimeEqual(keyBytesOf(this), keyBytesOf(other));
  }

  /**
   * Zeroes the bytes and every key schedule made from them, including ciphers handed out by `createCipher`;
   * any later use throws `KEY_WIPED`.
   */
  wipe(): void {
    const state = stateOf(this);
    this.checkText = undefined;
    if (state === undefined) return;
    state.bytes?.fill(0);
    state.bytes = undefined;
    const kept = state.schedules;
    state.schedules = undefined;
    for (let s = kept; s !== undefined; s = s.next) s.cipher.wipe!();
  }

  /** `SecretKey(tdes, 16 bytes, KCV 08D7B4)`: never the bytes (String(), template literals). */
  declare toString: () => string;

  /** `{ type, algorithm, length, kcv }` (or `wiped: true`): never the bytes (JSON.stringify). */
  declare toJSON: () => SecretKeyView;

  /** The masked form every rendering shows: algorithm, length and check value, or `wiped`. */
  maskedView(): SecretKeyView {
    const check = this.checkValueText();
    const base = { type: 'SecretKey' as const, algorithm: this.algorithm, length: this.length };
    return check === undefined ? { ...base, wiped: true } : { ...base, kcv: check };
  }

  // The algorithm's default check value, as operators compare it by eye (see `kcv`).
  private checkValueText(): string | undefined {
    if (this.wiped) return undefined;
    if (this.checkText === undefined) this.checkText = toHex(this.kcv());
    return this.checkText;
  }
}

/**
 * A symmetric key for one algorithm: a `CipherKey` whose factories bind it to `options.provider`, else to the default
 * provider (whichever it is when a cipher is made). Keys derived from a `SecretKey`, or from raw key bytes by the
 * default forms, are `SecretKey`s too.
 */
export class SecretKey extends CipherKey {
  /**
   * A key from its bytes, copied (so a caller's array, a view into shared memory or a pooled array is never kept or zeroed). Weak,
   * semi-weak, all-zero and single-DES-in-disguise keys throw `WEAK_KEY` unless `options.allowWeakKeys`.
   */
  static override fromBytes(algorithm: CipherAlgorithm, bytes: Uint8Array, options?: SecretKeyOptions): SecretKey {
    secretKeyClass = SecretKey;
    return makeKey(SecretKey, algorithm, bytes, options, providerOf(optionsArg(options)));
  }

  /** A key from hex text (either case), checked as `fromBytes` checks. */
  static override fromHex(algorithm: CipherAlgorithm, hex: string, options?: SecretKeyOptions): SecretKey {
    secretKeyClass = SecretKey;
    return keyFromHex(SecretKey, algorithm, hex, options, providerOf(optionsArg(options)));
  }
}

/** A class of key objects: `CipherKey`, `SecretKey`, or the class of a key a new one is derived from. */
export type KeyClass = typeof CipherKey;

// The constructor is protected: the library's own factories reach it through this view of the class.
type KeyConstructor = new (a: CipherAlgorithm, b: Uint8Array, o: WeakKeyOptions | undefined, owned: boolean, p: CipherProvider) => SecretKey;

// `SecretKey` once one of its factories has run. It is not named here, because naming it would bring its factories,
// and through them the default provider with every cipher, into a build that uses `CipherKey` alone.
let secretKeyClass: KeyClass | undefined;

/**
 * A new key object of class `cls`. A `SecretKey` is built by `CipherKey`'s constructor with `SecretKey` as its
 * class, which is what `new SecretKey` does (the subclass adds no state), without the subclass's own constructor:
 * V8 (Node 20) keeps abandoning the optimization of that inherited constructor, and a derived key then cost 2-20
 * µs instead of well under one. Any other class (a caller's subclass) is constructed as written.
 */
function construct(cls: KeyClass, algorithm: CipherAlgorithm, bytes: Uint8Array, options: WeakKeyOptions | undefined, owned: boolean, provider: CipherProvider): SecretKey {
  if (cls === CipherKey || cls === secretKeyClass) return Reflect.construct(CipherKey, [algorithm, bytes, options, owned, provider], cls) as SecretKey;
  return new (cls as unknown as KeyConstructor)(algorithm, bytes, options, owned, provider);
}

// A key made from the caller's bytes is checked against its provider at once: one it cannot run is a mistake of
// the build, better found where the key is made than at its first use.
function makeKey(cls: KeyClass, algorithm: CipherAlgorithm, bytes: Uint8Array, options: WeakKeyOptions | undefined, provider: CipherProvider): SecretKey {
  const key = construct(cls, algorithm, bytes, options, false, provider);
  const algorithms = provider.algorithms;
  if (algorithms !== undefined && !algorithms.includes(algorithm)) {
    key.wipe();
    throw notProvided(algorithm, algorithms.join(', '));
  }
  return key;
}

function keyFromHex(cls: KeyClass, algorithm: CipherAlgorithm, hex: string, options: WeakKeyOptions | undefined, provider: CipherProvider): SecretKey {
  const bytes = fromHex(textArg(hex, 'hex'));
  try {
    return makeKey(cls, algorithm, bytes, options, provider);
  } finally {
    bytes.fill(0);
  }
}

/** What renderings of a key object show. */
export interface SecretKeyView {
  type: 'SecretKey';
  algorithm: CipherAlgorithm;
  length: number;
  kcv?: string;
  wiped?: true;
}

// String(), JSON.stringify and Node's inspector all show the masked view, through the library's one rendering helper.
defineMaskedRendering(CipherKey.prototype, {
  name: 'SecretKey',
  masked: (key) => key.maskedView(),
  text: (key) => {
    const view = key.maskedView();
    return `SecretKey(${view.algorithm}, ${view.length} bytes, ${view.kcv === undefined ? 'wiped' : `KCV ${view.kcv}`})`;
  },
});

/**
 * A key object that takes `bytes` (a fresh array of the library's own, e.g. a derived key) without copying or
 * checking them, bound to `provider` (the one that derived it).
 */
export function adoptKeyBytes(algorithm: CipherAlgorithm, bytes: Uint8Array, provider: CipherProvider, cls: KeyClass): SecretKey {
  return construct(cls, algorithm, bytes, undefined, true, provider);
}

/** The class of the keys derived from `key`: a key object's own, else `fallback` (what the calling form makes from raw bytes). */
export function keyClassOf(key: unknown, fallback: KeyClass): KeyClass {
  return key instanceof CipherKey ? (key.constructor as KeyClass) : fallback;
}

/** A key made by the library from checked bytes (a key download's), copied, bound to `provider`. */
export function keyOfBytes(algorithm: CipherAlgorithm, bytes: Uint8Array, options: WeakKeyOptions | undefined, provider: CipherProvider, cls: KeyClass): SecretKey {
  return makeKey(cls, algorithm, bytes, options, provider);
}

/** Options that may name a provider. */
export interface ProviderOption {
  readonly provider?: CipherProvider | undefined;
}

/**
 * How a function finds its provider: `options.provider`, else the key object's own; `providerOf` then falls back to
 * the default provider, `explicitProviderOf` never does (so a function built on it links no default).
 */
export type ProviderResolver = (options: ProviderOption, key?: unknown) => CipherProvider;

/** `options.provider`, else the provider of `key` when it is a key object, else the default provider. */
export function providerOf(options: ProviderOption, key?: unknown): CipherProvider {
  const p = options.provider;
  if (p !== undefined) return checkedProvider(p, 'options.provider');
  return key instanceof CipherKey ? providerOfKey(key) : followDefaultProvider;
}

/**
 * `options.provider`, else the provider of `key` when it is a key object; with neither (raw key bytes and no
 * provider) it throws `NO_PROVIDER`. It never reaches the default provider.
 */
export function explicitProviderOf(options: ProviderOption, key?: unknown): CipherProvider {
  const p = options.provider;
  if (p !== undefined) return checkedProvider(p, 'options.provider');
  if (key instanceof CipherKey) return providerOfKey(key);
  throw new Iso8583Error('NO_PROVIDER', 'raw key bytes need options.provider here: this function has no default provider', {
    expected: 'options.provider or a key object',
  });
}

// An object made from the class's prototype without its constructor has no state: a wiped key, not a crash.
function providerOfKey(key: CipherKey): CipherProvider {
  const state = stateOf(key);
  if (state === undefined) throw keyWipedError();
  return state.provider;
}

/** The bytes of a key object, borrowed: never to be kept or modified. Throws `KEY_WIPED` after `wipe()`. */
export function keyBytesOf(key: CipherKey): Uint8Array {
  const b = stateOf(key)?.bytes;
  if (b === undefined) throw keyWipedError();
  return b;
}

/**
 * The key schedule of `key` (or of one DES half of a 16-byte key) under `provider`, expanded on first use
 * and kept until the key is wiped, when it is zeroed with the key.
 */
export function scheduleOf(key: CipherKey, given: CipherProvider, part: KeyPart = 'whole'): BlockCipher {
  const provider = currentProvider(given);
  const state = stateOf(key);
  const kept = state?.schedules;
  for (let s = kept; s !== undefined; s = s.next) if (s.provider === provider && s.part === part) return s.cipher;
  const bytes = keyBytesOf(key);
  const made =
    part === 'whole'
      ? provider.createCipher(key.algorithm, bytes)
      : provider.createCipher('des', part === 'left' ? bytes.subarray(0, 8) : bytes.subarray(8, 16));
  const cipher = made.wipe === undefined ? fenced(made) : made;
  // keyBytesOf threw unless the state holds bytes.
  state!.schedules = new KeptSchedule(provider, part, cipher, kept);
  return cipher;
}

/**
 * A cipher that delegates to `inner` until its own `wipe()`, then throws `KEY_WIPED`: what the library hands
 * out in place of a shared schedule, and how a provider's cipher without `wipe()` is made to stop.
 */
export function fenced(inner: BlockCipher): BlockCipher {
  let live = true;
  const check = (): void => {
    if (!live) throw keyWipedError();
  };
  const out: BlockCipher = {
    algorithm: inner.algorithm,
    blockSize: inner.blockSize,
    encryptBlock(input, inOff, output, outOff) {
      check();
      inner.encryptBlock(input, inOff, output, outOff);
    },
    decryptBlock(input, inOff, output, outOff) {
      check();
      inner.decryptBlock(input, inOff, output, outOff);
    },
    wipe() {
      live = false;
    },
  };
  const ecb = inner.processEcb;
  if (ecb !== undefined) {
    out.processEcb = (encrypt, data) => {
      check();
      return ecb.call(inner, encrypt, data);
    };
  }
  const cbc = inner.processCbc;
  if (cbc !== undefined) {
    out.processCbc = (encrypt, data, iv) => {
      check();
      return cbc.call(inner, encrypt, data, iv);
    };
  }
  return out;
}

/**
 * The bytes of a key input for `alg`, borrowed (never to be kept or modified): a key object's own, which must
 * be for `alg` (else `KEY_ALGORITHM_MISMATCH`), or raw bytes checked for type, length and strength (a weak
 * raw key throws `WEAK_KEY`: make a `SecretKey` with `allowWeakKeys` for test vectors).
 */
export function keyBytesFor(alg: CipherAlgorithm, key: KeyInput): Uint8Array {
  if (key instanceof CipherKey) return keyBytesOf(requireAlgorithm(key, alg));
  return rawKeyBytes(alg, key);
}

// A key object for `alg`, or `KEY_ALGORITHM_MISMATCH`.
function requireAlgorithm(key: CipherKey, alg: CipherAlgorithm): CipherKey {
  if (key.algorithm === alg) return key;
  throw new Iso8583Error('KEY_ALGORITHM_MISMATCH', `key is for ${key.algorithm} and cannot be used for ${alg}`, {
    expected: alg,
    found: key.algorithm,
  });
}

function rawKeyBytes(alg: CipherAlgorithm, key: unknown): Uint8Array {
  // Hex text is the usual mistake here; the message must not repeat it.
  if (!isBytes(key)) throw notAKey(key);
  checkKeyLength(alg, key.length);
  checkKeyStrength(alg, key, `${alg} key`, undefined, 'make it a SecretKey with allowWeakKeys for test vectors');
  return key;
}

function notAKey(key: unknown, name = 'key'): Iso8583Error {
  return badArgument(name, 'a Uint8Array or a SecretKey', shapeOf(key));
}

/** A cipher for `alg` keyed with `key` under `provider`: a key object's kept schedule, or a fresh one from checked raw bytes. */
export function cipherFor(alg: CipherAlgorithm, key: KeyInput, provider: CipherProvider): BlockCipher {
  if (key instanceof CipherKey) return scheduleOf(requireAlgorithm(key, alg), provider);
  return provider.createCipher(alg, rawKeyBytes(alg, key));
}

/**
 * The algorithm a key input runs under in a function that serves the `allowed` algorithms (`what` names the
 * function in error text): a key object's own (which must be allowed, and equal `requested` when that is given);
 * for raw bytes `requested` (the caller's `options.algorithm`), else the one allowed algorithm that takes keys of
 * that many bytes. A length that several allowed algorithms take (16 bytes: TDES, AES or SM4) throws
 * `BAD_KEY_TYPE` asking for the algorithm: raw bytes never silently mean TDES.
 */
export function resolveKeyAlgorithm(
  key: KeyInput,
  allowed: readonly CipherAlgorithm[],
  what: string,
  requested?: CipherAlgorithm,
): CipherAlgorithm {
  if (requested !== undefined) assertCipherAlgorithm(requested);
  let alg: CipherAlgorithm;
  if (key instanceof CipherKey) {
    alg = key.algorithm;
    if (requested !== undefined && requested !== alg) {
      throw new Iso8583Error('BAD_KEY_TYPE', `${what} key object is ${alg}, not the requested ${requested}`, {
        expected: requested,
        found: alg,
      });
    }
  } else if (!isBytes(key)) {
    throw notAKey(key);
  } else if (requested !== undefined) {
    alg = requested;
  } else {
    const fits = allowed.filter((a) => keyLengthsOf(a).includes(key.length));
    if (fits.length > 1) {
      throw new Iso8583Error(
        'BAD_KEY_TYPE',
        `a raw ${key.length}-byte key could be ${listOr(fits)} for ${what}: name it in options.algorithm or pass a SecretKey`,
        { expected: 'options.algorithm or a SecretKey', found: `${key.length} bytes` },
      );
    }
    if (fits.length === 0 && allowed.length > 1) {
      const lengths = [...new Set(allowed.flatMap((a) => keyLengthsOf(a)))].sort((x, y) => x - y);
      throw new Iso8583Error('BAD_KEY_LENGTH', `${what} key must be ${listOr(lengths)} bytes, found ${key.length} bytes`, {
        expected: `${listOr(lengths)} bytes`,
        found: `${key.length} bytes`,
      });
    }
    // With one allowed algorithm, its own length check names what it takes.
    alg = fits[0] ?? allowed[0]!;
  }
  if (!allowed.includes(alg)) {
    throw new Iso8583Error('BAD_KEY_TYPE', `${what} needs a ${listOr(allowed)} key`, { expected: listOr(allowed), found: alg });
  }
  return alg;
}

/** The cipher of a DES-family key input: a key object's own algorithm; raw bytes are DES when 8 bytes long, else TDES. */
export function keyAlgorithmOf(key: KeyInput): CipherAlgorithm {
  return key instanceof CipherKey ? key.algorithm : isBytes(key) && key.length === 8 ? 'des' : 'tdes';
}
