// Each terminal's keys as the host keeps them: the TMK and the current and previous working keys, shared through a HostStore.
import { fromHex, isHex, toHex } from '../bytes/hex.js';
import { expectInteger, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { type CipherAlgorithm, type CipherProvider, decryptEcb, encryptEcb, isBytes } from '../crypto/cipher.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { kcv } from '../crypto/kcv.js';
import { CipherKey, type KeyInput, keyAlgorithmOf, SecretKey } from '../crypto/key.js';
import { randomBytes } from '../crypto/random.js';
import type { GeneratedKeys, WorkingKeyLayout } from './key-issuance.js';
import { type MaybePromise, runSteps, type Steps } from './steps.js';
import { checkStore, type HostStore, MemoryHostStore, optionsObject, parseRecord, readSteps, type StoredRecord, updateRecord } from './store.js';

/** One sign-in's working keys as installed: numbered so that an answer can be MACed with the keys its request used. */
export interface WorkingKeySet {
  /** 1 for a terminal's first sign-in, then 2, 3… */
  readonly generation: number;
  readonly layout: WorkingKeyLayout;
  readonly pik: SecretKey;
  readonly mak: SecretKey;
  readonly tdk?: SecretKey;
}

/** What the host holds for one terminal. */
export interface TerminalKeys {
  readonly terminalId: string;
  readonly tmk: SecretKey;
  /** The keys of the last sign-in; absent before the first one and after a sign-out. */
  readonly current?: WorkingKeySet;
  /** The keys the last sign-in replaced, kept so requests already on their way still verify. */
  readonly previous?: WorkingKeySet;
}

/** Each terminal's keys, however they are kept; each method may answer at once or through a promise. */
export interface KeyStore {
  /** The keys of `terminalId`, or `undefined` for a terminal never registered. */
  get(terminalId: string): MaybePromise<TerminalKeys | undefined>;
  /** Registers a terminal with its TMK, or replaces its TMK; working keys issued under an old TMK are dropped. */
  register(terminalId: string, tmk: DesKeyInput): MaybePromise<void>;
  /** Installs a sign-in's keys as current, the current ones becoming previous; `UNKNOWN_TERMINAL` for an unregistered terminal. */
  install(terminalId: string, keys: GeneratedKeys): MaybePromise<WorkingKeySet>;
  /** Drops the working keys (sign-out); the TMK stays. */
  withdraw(terminalId: string): MaybePromise<void>;
}

/** Where {@link createKeyStore} keeps the keys. */
export interface KeyStoreOptions {
  /** Shared state (default: a new `MemoryHostStore`, this process only). */
  store?: HostStore;
  /**
   * Double- or triple-length TDES key that every key is enciphered under (ECB, as an HSM's storage key) before
   * it is written to the store, with its check value beside it. Required with a `store` of your own, and the
   * same on every worker and host machine that shares it; with the default store a random one is made.
   */
  storageKey?: KeyInput;
  /** Prefix of the store's record keys (default `keys/`), so that several hosts can share one store. */
  prefix?: string;
  provider?: CipherProvider;
}

interface WrappedKey {
  algorithm: CipherAlgorithm;
  /** The key bytes enciphered under the storage key, hex. */
  key: string;
  /** The first 3 bytes of the clear key's check value, hex: catches a wrong storage key on reading. */
  kcv: string;
}

interface StoredKeySet {
  generation: number;
  layout: WorkingKeyLayout;
  pik: WrappedKey;
  mak: WrappedKey;
  tdk?: WrappedKey;
}

interface StoredTerminal {
  tmk: WrappedKey;
  /** The generation of the last keys installed (0 before any). */
  generation: number;
  current?: StoredKeySet;
  previous?: StoredKeySet;
}

const ALGORITHMS: readonly string[] = ['des', 'tdes', 'aes', 'sm4'];
// `sm`: the SM4 keys of an SM (国密) sign-in, kept like the others.
const LAYOUTS: readonly string[] = ['001', '003', '004', 'sm'];

/** Throws BAD_ARGUMENT unless `terminalId` is 8 printable ASCII characters (field 41). */
export function checkTerminalId(terminalId: unknown): asserts terminalId is string {
  if (typeof terminalId !== 'string' || !/^[\x20-\x7e]{8}$/.test(terminalId)) {
    throw new Iso8583Error('BAD_ARGUMENT', 'terminalId must be 8 printable ASCII characters', { path: 'terminalId', expected: 'ans 8' });
  }
}

/** A DES or TDES key given as a key object, raw bytes or hex text: what terminals' TMKs come as. */
export type DesKeyInput = KeyInput | string;

function keyObject(key: unknown, name: string): SecretKey {
  if (key instanceof CipherKey) return key;
  if (isBytes(key) && [8, 16, 24].includes(key.length)) return SecretKey.fromBytes(keyAlgorithmOf(key), key);
  if (typeof key === 'string' && [16, 32, 48].includes(key.length) && isHex(key)) return SecretKey.fromHex(key.length === 16 ? 'des' : 'tdes', key);
  throw new Iso8583Error('BAD_ARGUMENT', `${name} must be a key, 8, 16 or 24 key bytes, or 16, 32 or 48 hex digits`, {
    path: name,
    expected: 'SecretKey, 8, 16 or 24 bytes, or hex 16, 32 or 48',
  });
}

function badRecord(): Iso8583Error {
  return new Iso8583Error('BAD_STORE_RECORD', 'stored terminal keys are not in the expected form', { expected: 'terminal key record' });
}

/** The check values and encipherment of keys under one storage key. */
class KeyWrapper {
  constructor(
    private readonly storageKey: KeyInput,
    private readonly provider: CipherProvider | undefined,
  ) {}

  wrap(key: SecretKey): WrappedKey {
    const bytes = key.exportBytes();
    try {
      return {
        algorithm: key.algorithm,
        key: toHex(encryptEcb('tdes', this.storageKey, bytes, { provider: this.provider })),
        kcv: toHex(kcv(key.algorithm, key, { length: 3, provider: this.provider })),
      };
    } finally {
      bytes.fill(0);
    }
  }

  unwrap(wrapped: unknown): SecretKey {
    const w = wrapped as Partial<WrappedKey> | null;
    if (w === null || typeof w !== 'object' || !ALGORITHMS.includes(w.algorithm as string)) throw badRecord();
    if (typeof w.key !== 'string' || !isHex(w.key) || w.key.length % 16 !== 0 || typeof w.kcv !== 'string' || !isHex(w.kcv)) throw badRecord();
    const bytes = decryptEcb('tdes', this.storageKey, fromHex(w.key), { provider: this.provider });
    try {
      const algorithm = w.algorithm as CipherAlgorithm;
      const key = SecretKey.fromBytes(algorithm, bytes);
      if (!constantTimeEqual(kcv(algorithm, key, { length: w.kcv.length / 2, provider: this.provider }), fromHex(w.kcv))) {
        key.wipe();
        throw new Iso8583Error('KCV_MISMATCH', 'a stored key does not match its check value: wrong storage key?', { expected: 'the storage key the keys were stored under' });
      }
      return key;
    } finally {
      bytes.fill(0);
    }
  }
}

function storedSet(value: unknown): StoredKeySet | undefined {
  if (value === undefined) return undefined;
  const s = value as Partial<StoredKeySet> | null;
  if (s === null || typeof s !== 'object' || !Number.isSafeInteger(s.generation) || !LAYOUTS.includes(s.layout as string)) throw badRecord();
  return s as StoredKeySet;
}

function storedTerminal(record: StoredRecord): StoredTerminal {
  const o = parseRecord(record, 'terminal keys') as Partial<StoredTerminal>;
  if (o.tmk === undefined || !Number.isSafeInteger(o.generation)) throw badRecord();
  const out: StoredTerminal = { tmk: o.tmk, generation: o.generation! };
  const current = storedSet(o.current);
  const previous = storedSet(o.previous);
  if (current !== undefined) out.current = current;
  if (previous !== undefined) out.previous = previous;
  return out;
}

/**
 * A {@link KeyStore} over a {@link HostStore}: each terminal is one record holding its keys enciphered under the
 * storage key. Reading a terminal costs one store read; the key objects are made again only when the record changed.
 */
class StoredKeyStore implements KeyStore {
  private readonly cache = new Map<string, { version: number; keys: TerminalKeys }>();

  constructor(
    private readonly store: HostStore,
    private readonly wrapper: KeyWrapper,
    readonly prefix: string,
  ) {}

  get(terminalId: string): MaybePromise<TerminalKeys | undefined> {
    checkTerminalId(terminalId);
    return runSteps(this.getSteps(terminalId));
  }

  private *getSteps(terminalId: string): Steps<TerminalKeys | undefined> {
    const record = yield* readSteps(this.store, this.prefix + terminalId);
    if (record === undefined) return undefined;
    const cached = this.cache.get(terminalId);
    if (cached !== undefined && cached.version === record.version) return cached.keys;
    const keys = this.unwrapTerminal(terminalId, storedTerminal(record));
    this.cache.set(terminalId, { version: record.version, keys });
    return keys;
  }

  register(terminalId: string, tmk: DesKeyInput): MaybePromise<void> {
    checkTerminalId(terminalId);
    const key = keyObject(tmk, 'tmk');
    if (key.algorithm !== 'des' && key.algorithm !== 'tdes') {
      throw new Iso8583Error('BAD_KEY_TYPE', 'TMK must be a des or tdes key', { path: 'tmk', expected: 'des or tdes', found: key.algorithm });
    }
    const wrapped = this.wrapper.wrap(key);
    return updateRecord(this.store, this.prefix + terminalId, (record) => {
      const generation = record === undefined ? 0 : storedTerminal(record).generation;
      return { value: JSON.stringify({ tmk: wrapped, generation }), result: undefined };
    });
  }

  install(terminalId: string, keys: GeneratedKeys): MaybePromise<WorkingKeySet> {
    checkTerminalId(terminalId);
    if (keys === null || typeof keys !== 'object' || !LAYOUTS.includes(keys.layout)) {
      throw new Iso8583Error('BAD_ARGUMENT', 'keys must be the working keys of layout 001, 003, 004 or sm', { path: 'keys', expected: 'GeneratedKeys' });
    }
    const pik = keyObject(keys.pik, 'keys.pik');
    const mak = keyObject(keys.mak, 'keys.mak');
    const tdk = keys.tdk === undefined ? undefined : keyObject(keys.tdk, 'keys.tdk');
    const wrapped = { pik: this.wrapper.wrap(pik), mak: this.wrapper.wrap(mak), ...(tdk === undefined ? {} : { tdk: this.wrapper.wrap(tdk) }) };
    return updateRecord(this.store, this.prefix + terminalId, (record) => {
      if (record === undefined) throw unknownTerminal();
      const t = storedTerminal(record);
      const stored: StoredKeySet = { generation: t.generation + 1, layout: keys.layout, ...wrapped };
      const next: StoredTerminal = { tmk: t.tmk, generation: stored.generation, current: stored, ...(t.current === undefined ? {} : { previous: t.current }) };
      const set: WorkingKeySet = { generation: stored.generation, layout: keys.layout, pik, mak, ...(tdk === undefined ? {} : { tdk }) };
      return { value: JSON.stringify(next), result: set };
    });
  }

  withdraw(terminalId: string): MaybePromise<void> {
    checkTerminalId(terminalId);
    return updateRecord(this.store, this.prefix + terminalId, (record) => {
      if (record === undefined) throw unknownTerminal();
      const t = storedTerminal(record);
      if (t.current === undefined && t.previous === undefined) return { result: undefined };
      return { value: JSON.stringify({ tmk: t.tmk, generation: t.generation }), result: undefined };
    });
  }

  private unwrapTerminal(terminalId: string, t: StoredTerminal): TerminalKeys {
    const out: { -readonly [K in keyof TerminalKeys]: TerminalKeys[K] } = { terminalId, tmk: this.wrapper.unwrap(t.tmk) };
    if (t.current !== undefined) out.current = this.unwrapSet(t.current);
    if (t.previous !== undefined) out.previous = this.unwrapSet(t.previous);
    return out;
  }

  private unwrapSet(s: StoredKeySet): WorkingKeySet {
    const set: WorkingKeySet = { generation: s.generation, layout: s.layout, pik: this.wrapper.unwrap(s.pik), mak: this.wrapper.unwrap(s.mak) };
    return s.tdk === undefined ? set : { ...set, tdk: this.wrapper.unwrap(s.tdk) };
  }
}

// The storage key and the cached key objects stay out of every rendering.
defineMaskedRendering(StoredKeyStore.prototype, { name: 'KeyStore', masked: (s) => ({ prefix: s.prefix }) });

function unknownTerminal(): Iso8583Error {
  return new Iso8583Error('UNKNOWN_TERMINAL', 'terminal is not registered with the host', { path: 'terminalId' });
}

/**
 * A key store over `options.store` (default: this process's memory), every key enciphered under the storage
 * key before it is stored. Throws `INVALID_CONFIG` for a store of your own without a storage key, and
 * `BAD_KEY_TYPE` for a storage key that is no double- or triple-length TDES key.
 */
export function createKeyStore(options?: KeyStoreOptions): KeyStore {
  const o = optionsObject(options);
  const own = o.store === undefined;
  const store = o.store === undefined ? new MemoryHostStore() : checkStore(o.store);
  let storageKey = o.storageKey;
  if (storageKey === undefined) {
    if (!own && !(store instanceof MemoryHostStore)) {
      throw new Iso8583Error('INVALID_CONFIG', 'a shared store needs the storage key every worker holds', { path: 'storageKey', expected: 'TDES key' });
    }
    const random = randomBytes(16);
    storageKey = SecretKey.fromBytes('tdes', random);
    random.fill(0);
  }
  if (!(storageKey instanceof CipherKey || isBytes(storageKey)) || keyAlgorithmOf(storageKey) !== 'tdes' || ![16, 24].includes(storageKey.length)) {
    throw new Iso8583Error('BAD_KEY_TYPE', 'storage key must be a double- or triple-length TDES key', { path: 'storageKey', expected: 'tdes, 16 or 24 bytes' });
  }
  const prefix = o.prefix ?? 'keys/';
  if (typeof prefix !== 'string') throw new Iso8583Error('BAD_ARGUMENT', 'prefix must be a string', { path: 'prefix', expected: 'a string' });
  return new StoredKeyStore(store, new KeyWrapper(keyObject(storageKey, 'storageKey'), o.provider), prefix);
}

/** The working keys of `keys` of that generation: the current or the previous ones, if either has it. */
export function workingKeysOf(keys: TerminalKeys, generation: number): WorkingKeySet | undefined {
  if (keys === null || typeof keys !== 'object' || typeof keys.terminalId !== 'string') {
    throw new Iso8583Error('BAD_ARGUMENT', 'keys must be a terminal\'s keys', { path: 'keys', expected: 'TerminalKeys', found: shapeOf(keys) });
  }
  expectInteger(generation, 'generation', 0);
  if (keys.current?.generation === generation) return keys.current;
  if (keys.previous?.generation === generation) return keys.previous;
  return undefined;
}
