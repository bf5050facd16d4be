// Requests waiting for their answers, by match key: each resolves with the answer carrying its key, rejects
// on its own timeout, and leaves its key behind for a while so a late answer is recognised as late and never
// handed to a later request.
import { Iso8583Error } from '../errors.js';
import { expectMessage, type Message } from '../message/message.js';

/** The key that pairs a request with its answer; the same function reads both. */
export type MatchKey = (message: Message) => string;

/**
 * The default key: the MTI of the answer without its origin digit (`0200` and `0210` both give `021`),
 * field 11 (STAN) and field 41 (terminal id).
 */
export const defaultMatchKey: MatchKey = (message) => {
  const mti = expectMessage(message).mti;
  const fn = mti.charCodeAt(2) - 48;
  const answerClass = mti.slice(0, 2) + String(fn % 2 === 0 ? fn + 1 : fn);
  return `${answerClass}|${String(message.get('11') ?? '')}|${String(message.get('41') ?? '')}`;
};

/** Where an answer went. */
export type MatchOutcome = 'matched' | 'late' | 'unknown';

interface Entry<C> {
  readonly key: string;
  readonly resolve: (answer: Uint8Array) => void;
  readonly reject: (error: Iso8583Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly timeoutMs: number;
  /** The connection the request was written on; undefined while it waits for one. */
  sentOn: C | undefined;
  /** The request, kept until it is written. */
  request: Uint8Array | undefined;
}

/**
 * The requests of one client waiting for answers. A request not yet written when its time runs out rejects
 * with `NOT_CONNECTED` (nothing was sent); a written one with `RESPONSE_TIMEOUT`. Keys of written requests
 * that ended without an answer are remembered for `lateWindowMs`: an answer with such a key is `late`, and a
 * new request may not use the key until the window has passed.
 */
export class PendingAnswers<C> {
  private readonly entries = new Map<string, Entry<C>>();
  /** Keys whose request ended unanswered, with the time their window closes (insertion order = age). */
  private readonly lateKeys = new Map<string, number>();
  private readonly lateWindowMs: number;
  private readonly maxLateKeys: number;
  private idleWaiters: (() => void)[] = [];

  constructor(lateWindowMs: number, maxLateKeys: number) {
    this.lateWindowMs = lateWindowMs;
    this.maxLateKeys = maxLateKeys;
  }

  /** Requests waiting for an answer, written or not. */
  get size(): number {
    return this.entries.size;
  }

  /** Requests written and waiting for an answer. */
  get written(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.sentOn !== undefined) n++;
    return n;
  }

  /**
   * Waits for the answer to a request with `key`. Throws `DUPLICATE_REQUEST` while a request with that key
   * waits, or while its late answer may still come unless this request `repeats` it (a retransmission, to
   * which that answer is as good an answer).
   */
  expect(key: string, timeoutMs: number, request: Uint8Array, repeats = false): Promise<Uint8Array> {
    if (repeats) this.lateKeys.delete(key);
    if (this.entries.has(key) || this.isLate(key)) {
      throw new Iso8583Error('DUPLICATE_REQUEST', 'a request with the same match key is waiting for its answer, or was answered late', {
        expected: 'a new STAN, or a wait until the late-answer window has passed',
      });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.timeOut(key), timeoutMs);
      this.entries.set(key, { key, resolve, reject, timer, timeoutMs, sentOn: undefined, request });
    });
  }

  /** Takes the request with `key` to be written on `connection`; undefined when it is no longer waiting to be written. */
  takeForSending(key: string, connection: C): Uint8Array | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.sentOn !== undefined) return undefined;
    const request = entry.request;
    entry.sentOn = connection;
    entry.request = undefined;
    return request;
  }

  /** Keys of the requests waiting to be written, oldest first. */
  unsentKeys(): string[] {
    const keys: string[] = [];
    for (const entry of this.entries.values()) if (entry.sentOn === undefined) keys.push(entry.key);
    return keys;
  }

  /** Hands `answer` to the request with `key`, if one waits. */
  settle(key: string, answer: Uint8Array): MatchOutcome {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.finish(entry);
      entry.resolve(answer);
      return 'matched';
    }
    if (this.isLate(key)) {
      this.lateKeys.delete(key);
      return 'late';
    }
    return 'unknown';
  }

  /** Rejects the request with `key` with `error` (its key is remembered when it was written). */
  fail(key: string, error: Iso8583Error): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.finish(entry);
    if (entry.sentOn !== undefined) this.rememberLate(key);
    entry.reject(error);
  }

  /** Rejects every request written on `connection` with `error`. */
  failWrittenOn(connection: C, error: Iso8583Error): void {
    for (const entry of [...this.entries.values()]) if (entry.sentOn === connection) this.fail(entry.key, error);
  }

  /** Rejects every request not yet written with `error`. */
  failUnsent(error: Iso8583Error): void {
    for (const entry of [...this.entries.values()]) if (entry.sentOn === undefined) this.fail(entry.key, error);
  }

  /** Settles once no request waits. */
  whenIdle(): Promise<void> {
    if (this.entries.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private timeOut(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    const ms = entry.timeoutMs;
    this.fail(
      key,
      entry.sentOn === undefined
        ? new Iso8583Error('NOT_CONNECTED', 'no connection to send the request on in time; nothing was sent', { expected: `a connection within ${ms} ms` })
        : new Iso8583Error('RESPONSE_TIMEOUT', 'no answer arrived in time', { expected: `an answer within ${ms} ms` }),
    );
  }

  private finish(entry: Entry<C>): void {
    clearTimeout(entry.timer);
    this.entries.delete(entry.key);
    if (this.entries.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private isLate(key: string): boolean {
    const until = this.lateKeys.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.lateKeys.delete(key);
    return false;
  }

  private rememberLate(key: string): void {
    this.lateKeys.delete(key);
    this.lateKeys.set(key, Date.now() + this.lateWindowMs);
    // Oldest first: past the cap, the key longest in the window is forgotten first.
    while (this.lateKeys.size > this.maxLateKeys) this.lateKeys.delete(this.lateKeys.keys().next().value!);
  }
}
