// Retrieval reference numbers and authorisation codes unique across terminals, workers, host machines and restarts.
import { expectObject } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { isThenable, type MaybePromise, runSteps, type Steps, wait } from './steps.js';
import { checkStore, type HostStore, MemoryHostStore, parseRecord, updateSteps } from './store.js';

/** A source of identifiers; each call gives a value no other call on any worker sharing the store gets. */
export interface IdentifierGenerator {
  /** The next identifier: at once while the worker's reserved block lasts (or the store is in memory), else through a promise. */
  next(): MaybePromise<string>;
}

/** Options of {@link createRrnGenerator} and {@link createAuthCodeGenerator}. */
export interface IdentifierOptions {
  /** The shared store the numbers are reserved in (default: a new `MemoryHostStore`, this process only). */
  store?: HostStore;
  /**
   * How many numbers one worker reserves at a time (default 100): one store write per block, and at most
   * this many numbers left unused when a worker stops.
   */
  blockSize?: number;
  /** Prefix of the store's record keys (default `seq/`). */
  prefix?: string;
}

/** Options of {@link createRrnGenerator}. */
export interface RrnOptions extends IdentifierOptions {
  /** Clock for the RRN's date part (default: the current time); read in UTC so that every host agrees on the day. */
  now?: () => Date;
}

const RRN_PER_DAY = 100_000_000;
const AUTH_CODES = 999_999;

function checkOptions(options: IdentifierOptions): { store: HostStore; blockSize: number; prefix: string } {
  expectObject(options, 'options');
  const blockSize = options.blockSize ?? 100;
  if (!Number.isSafeInteger(blockSize) || blockSize < 1 || blockSize > 1_000_000) {
    throw new Iso8583Error('BAD_OPTION', 'blockSize must be a whole number from 1 to 1000000', { path: 'blockSize', expected: '1 to 1000000' });
  }
  const prefix = options.prefix ?? 'seq/';
  if (typeof prefix !== 'string') throw new Iso8583Error('BAD_OPTION', 'prefix must be a string', { path: 'prefix', expected: 'a string' });
  return { store: options.store === undefined ? new MemoryHostStore() : checkStore(options.store), blockSize, prefix };
}

/**
 * Numbers 1, 2, 3… of one named counter, unique across every worker sharing the store: each worker reserves
 * a block with one compare-and-set and hands its numbers out in order. Concurrent callers share a reservation.
 */
class BlockCounter {
  private nextValue = 0;
  private end = 0;
  private reserving: PromiseLike<void> | undefined;

  constructor(
    private readonly store: HostStore,
    private readonly key: string,
    private readonly blockSize: number,
  ) {}

  *next(): Steps<number> {
    while (this.nextValue >= this.end) {
      if (this.reserving === undefined) {
        const reserved = runSteps(this.reserve());
        if (isThenable(reserved)) {
          this.reserving = Promise.resolve(reserved).finally(() => {
            this.reserving = undefined;
          });
        }
      }
      if (this.reserving !== undefined) yield* wait(this.reserving);
    }
    return this.nextValue++;
  }

  private *reserve(): Steps<void> {
    const start = yield* updateSteps(this.store, this.key, (record) => {
      const first = record === undefined ? 1 : parseRecord(record, 'counter').next;
      if (!Number.isSafeInteger(first) || (first as number) < 1) {
        throw new Iso8583Error('BAD_STORE_RECORD', 'stored counter is not in the expected form', { expected: 'counter record' });
      }
      return { value: JSON.stringify({ next: (first as number) + this.blockSize }), result: first as number };
    });
    this.nextValue = start;
    this.end = start + this.blockSize;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `YDDD`: the last digit of the year and the day of the year, in UTC. */
function dayStamp(d: Date): string {
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  const day = Math.floor((d.getTime() - start) / 86_400_000) + 1;
  return String(d.getUTCFullYear() % 10) + pad(day, 3);
}

/**
 * Retrieval reference numbers (field 37, 12 digits): `YDDD` (last digit of the year, day of the year, UTC) and an
 * 8-digit number counted per day in the shared store, so no two answers of any terminal, worker or host machine
 * sharing it get the same RRN, restarts included; the day's counter record lives on, so a day ten years later
 * continues where it stopped. `SEQUENCE_EXHAUSTED` past 100,000,000 RRNs in one day.
 */
export function createRrnGenerator(options: RrnOptions = {}): IdentifierGenerator {
  const { store, blockSize, prefix } = checkOptions(options);
  const now = options.now ?? (() => new Date());
  const counters = new Map<string, BlockCounter>();
  function* rrn(): Steps<string> {
    const day = dayStamp(now());
    let counter = counters.get(day);
    if (counter === undefined) {
      // Only today's counter is worth keeping: a block of an earlier day is abandoned.
      counters.clear();
      counter = new BlockCounter(store, `${prefix}rrn/${day}`, blockSize);
      counters.set(day, counter);
    }
    const n = yield* counter.next();
    if (n >= RRN_PER_DAY) {
      throw new Iso8583Error('SEQUENCE_EXHAUSTED', 'every RRN of the day has been issued', { path: '37', expected: `at most ${RRN_PER_DAY - 1} a day` });
    }
    return day + pad(n, 8);
  }
  return { next: () => runSteps(rrn()) };
}

/**
 * Authorisation codes (field 38, 6 digits, `000001` to `999999` then round again) from one counter in the
 * shared store: unique among any 999,999 codes issued in a row by every worker and host machine sharing it.
 */
export function createAuthCodeGenerator(options: IdentifierOptions = {}): IdentifierGenerator {
  const { store, blockSize, prefix } = checkOptions(options);
  const counter = new BlockCounter(store, `${prefix}auth`, blockSize);
  function* code(): Steps<string> {
    return pad(((yield* counter.next()) - 1) % AUTH_CODES + 1, 6);
  }
  return { next: () => runSteps(code()) };
}
