// The shared state of an acquirer host (keys, reversal ledger, counters) behind one small compare-and-set interface.
import { badArgument, expectOptions, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { type MaybePromise, runSteps, type Steps, wait } from './steps.js';

/** One record of a host store: its text and a version that grows by one with every write. */
export interface StoredRecord {
  /** 1 after the first write, then 2, 3…; a record never written reads as `undefined` (version 0). */
  readonly version: number;
  readonly value: string;
}

/**
 * Where every worker and every host machine keeps the state they share. Two operations suffice: a read,
 * and a write that happens only when the record is still at the version the writer read (atomic
 * compare-and-set), so concurrent writers never lose each other's updates. Each may answer at once (state in
 * memory) or through a promise (a database). Implementations: the in-memory `MemoryHostStore`, the
 * PostgreSQL store of `pos8583/pg`, and the cluster store of `pos8583/node`.
 */
export interface HostStore {
  /** The record under `key`, or `undefined` when none was ever written. */
  read(key: string): MaybePromise<StoredRecord | undefined>;
  /**
   * Writes `value` under `key` when the record's version is still `expected` (0: no record yet), making its
   * version `expected + 1`. True when written, false when another writer got there first.
   */
  compareAndSet(key: string, expected: number, value: string): MaybePromise<boolean>;
}

/** A store held in this process's memory, answering at once: the default for one process, and what tests use. */
export class MemoryHostStore implements HostStore {
  private readonly records = new Map<string, StoredRecord>();

  read(key: string): StoredRecord | undefined {
    checkKey(key);
    return this.records.get(key);
  }

  compareAndSet(key: string, expected: number, value: string): boolean {
    checkKey(key);
    checkVersion(expected);
    if (typeof value !== 'string') throw badStoreArgument('value', 'a string');
    const version = this.records.get(key)?.version ?? 0;
    if (version !== expected) return false;
    this.records.set(key, { version: version + 1, value });
    return true;
  }

  /** How many records the store holds. */
  get size(): number {
    return this.records.size;
  }
}

// Records hold enciphered keys and ledger facts: printing the store names only how much it holds.
defineMaskedRendering(MemoryHostStore.prototype, { name: 'MemoryHostStore', masked: (s) => ({ records: s.size }) });

function badStoreArgument(name: string, expected: string): Iso8583Error {
  return new Iso8583Error('BAD_ARGUMENT', `${name} must be ${expected}`, { path: name, expected });
}

/** `store` when it has the two operations of a {@link HostStore}, else BAD_ARGUMENT naming `name`. */
export function checkStore(store: unknown, name = 'store'): HostStore {
  const s = store as Partial<HostStore> | null;
  if (s === null || typeof s !== 'object' || typeof s.read !== 'function' || typeof s.compareAndSet !== 'function') {
    throw badArgument(name, 'a HostStore (read and compareAndSet)', shapeOf(store));
  }
  return store as HostStore;
}

/** `options` as an object: `{}` when left out, else it must be a plain object (BAD_ARGUMENT). */
export function optionsObject<T extends object>(options: T | undefined, name = 'options'): Partial<T> {
  return expectOptions(options, name) as Partial<T>;
}

/** Throws BAD_ARGUMENT unless `key` is a non-empty string of printable ASCII up to 200 characters. */
export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200 || !/^[\x20-\x7e]+$/.test(key)) {
    throw badStoreArgument('key', 'printable ASCII text of 1 to 200 characters');
  }
}

/** Throws BAD_ARGUMENT unless `version` is a whole number from 0 up. */
export function checkVersion(version: unknown): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw badStoreArgument('expected', 'a whole number from 0');
  }
}

/** What one step of {@link updateRecord} decided: the new text to write (or none), and what to return. */
export interface RecordUpdate<T> {
  /** The record's new text; left out, nothing is written and `result` is returned as it is. */
  value?: string;
  result: T;
}

/** How often {@link updateRecord} re-reads and retries after losing a race before giving up. */
export const MAX_STORE_ATTEMPTS = 32;

/**
 * Reads `key`, lets `step` decide its new value, and writes it with compare-and-set; when another writer
 * changed the record meanwhile, reads again and re-runs `step` (which must therefore have no effects of its
 * own). Gives `step`'s result once its write (or its decision not to write) stood. Store failures become
 * `STORE_FAILED` (the store's error as `cause`); `STORE_CONFLICT` after {@link MAX_STORE_ATTEMPTS} lost races.
 */
export function updateRecord<T>(store: HostStore, key: string, step: (current: StoredRecord | undefined) => RecordUpdate<T>): MaybePromise<T> {
  checkStore(store);
  checkKey(key);
  if (typeof step !== 'function') throw badArgument('step', 'a function', shapeOf(step));
  return runSteps(updateSteps(store, key, step));
}

/** {@link updateRecord} as steps, for host logic that goes on after it. */
export function* updateSteps<T>(store: HostStore, key: string, step: (current: StoredRecord | undefined) => RecordUpdate<T>): Steps<T> {
  for (let attempt = 0; attempt < MAX_STORE_ATTEMPTS; attempt++) {
    const current = yield* readSteps(store, key);
    const update = step(current);
    if (update.value === undefined) return update.result;
    const value = update.value;
    if (yield* storeCall(() => store.compareAndSet(key, current?.version ?? 0, value))) return update.result;
  }
  throw new Iso8583Error('STORE_CONFLICT', `record kept changing under ${MAX_STORE_ATTEMPTS} attempts to update it`, {
    expected: 'a write to stand',
  });
}

/** `store.read(key)` as steps, its failures as `STORE_FAILED`. */
export function readSteps(store: HostStore, key: string): Steps<StoredRecord | undefined> {
  return storeCall(() => store.read(key));
}

function* storeCall<T>(call: () => MaybePromise<T>): Steps<T> {
  try {
    return yield* wait(call());
  } catch (cause) {
    if (cause instanceof Iso8583Error) throw cause;
    throw new Iso8583Error('STORE_FAILED', 'the host store failed', { cause });
  }
}

/** The JSON object a record holds; `BAD_STORE_RECORD` when its text is not one. */
export function parseRecord(record: StoredRecord, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Iso8583Error('BAD_STORE_RECORD', `stored ${what} is not a JSON object`, { expected: 'JSON object' });
  }
  return parsed as Record<string, unknown>;
}
