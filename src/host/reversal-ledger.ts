// The acquirer's reversal ledger: reversible requests and their reversals, so a repeated 0400 is answered the same on any worker.
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { checkTerminalId } from './key-store.js';
import { type MaybePromise, runSteps, type Steps, wait } from './steps.js';
import { badArgument, isOptionBag, shapeOf } from '../arguments.js';
import { checkStore, type HostStore, MemoryHostStore, optionsObject, parseRecord, readSteps, type StoredRecord, updateRecord, updateSteps } from './store.js';

/** Which request a ledger record is about: terminal (41), batch (60.2) and STAN (11), as a CUP reversal names its original. */
export interface LedgerRef {
  terminalId: string;
  batch: string;
  stan: string;
}

/**
 * The fields the host itself decided in an answer (time, date, settlement date, RRN, authorisation code,
 * response code: 12, 13, 15, 37, 38, 39), by field number; the rest of an answer follows from its request.
 */
export type AnswerFacts = Readonly<Record<string, string>>;

/** Where an original request stands: being decided, or answered approved or declined. */
export type OriginalState = 'pending' | 'approved' | 'declined';

/** A reversible request as the ledger knows it. */
export interface LedgerOriginal extends LedgerRef {
  /** The transaction kind (`sale`, `void`, `preauth`…). */
  kind: string;
  state: OriginalState;
  /** Field 4 of the request, when it had one. */
  amount?: string;
  /** What the host answered, once decided. */
  answer?: AnswerFacts;
}

/** What a claim found: nothing (`claimed`, the request is now the caller's to decide), or why it is refused. */
export type ClaimOutcome = 'claimed' | OriginalState | 'reversed';

/** What a reversal found of its original: nothing (`unknown`), or the original's state when the reversal arrived. */
export type ReversalFinding = 'unknown' | OriginalState;

/** The outcome of {@link ReversalLedger.reverse}. */
export interface ReversalOutcome {
  /** The answer's host fields: those of the first answer to this reversal, however often it is repeated. */
  answer: AnswerFacts;
  /** True when this reversal had been answered before (on any worker): nothing is to be undone again. */
  repeated: boolean;
  finding: ReversalFinding;
  /** The approved original this reversal undoes, given exactly once across every worker: undo its effects. */
  undo?: LedgerOriginal;
}

/** What the ledger holds about one request: the original (if claimed) and its reversal (if reversed). */
export interface LedgerEntry {
  original?: LedgerOriginal;
  reversal?: { answer: AnswerFacts; finding: ReversalFinding };
}

/** Options of {@link ReversalLedger}. */
export interface ReversalLedgerOptions {
  /** The shared store (default: a new `MemoryHostStore`, this process only). */
  store?: HostStore;
  /** Prefix of the store's record keys (default `ledger/`). */
  prefix?: string;
}

interface StoredOriginal {
  kind: string;
  state: OriginalState;
  amount?: string;
  answer?: AnswerFacts;
}

interface StoredReversal {
  answer: AnswerFacts;
  finding: ReversalFinding;
}

interface LedgerRecord {
  original?: StoredOriginal;
  reversal?: StoredReversal;
}

const STATES: readonly string[] = ['pending', 'approved', 'declined'];
const FINDINGS: readonly string[] = ['unknown', ...STATES];

function badRecord(): Iso8583Error {
  return new Iso8583Error('BAD_STORE_RECORD', 'stored ledger record is not in the expected form', { expected: 'ledger record' });
}

function isFacts(value: unknown): value is AnswerFacts {
  return isOptionBag(value) && Object.values(value).every((v) => typeof v === 'string');
}

function ledgerRecord(record: StoredRecord | undefined): LedgerRecord {
  if (record === undefined) return {};
  const o = parseRecord(record, 'ledger record') as LedgerRecord;
  const { original, reversal } = o;
  if (original !== undefined && (typeof original.kind !== 'string' || !STATES.includes(original.state) || (original.answer !== undefined && !isFacts(original.answer)))) {
    throw badRecord();
  }
  if (reversal !== undefined && (!isFacts(reversal.answer) || !FINDINGS.includes(reversal.finding))) throw badRecord();
  return o;
}

function checkRef(ref: LedgerRef): void {
  if (ref === null || typeof ref !== 'object') throw new Iso8583Error('BAD_ARGUMENT', 'ref must name terminal, batch and STAN', { path: 'ref', expected: 'LedgerRef' });
  checkTerminalId(ref.terminalId);
  for (const name of ['batch', 'stan'] as const) {
    if (typeof ref[name] !== 'string' || !/^[0-9]{6}$/.test(ref[name])) {
      throw new Iso8583Error('BAD_ARGUMENT', `${name} must be 6 digits`, { path: name, expected: 'n 6' });
    }
  }
}

function originalOf(ref: LedgerRef, stored: StoredOriginal): LedgerOriginal {
  return { ...ref, ...stored };
}

/**
 * The reversal ledger. Every reversible request is claimed before it is decided and its answer noted once
 * decided; a reversal is answered once and its answer kept, so the same reversal sent again (to this worker
 * or another sharing the store) gets the same answer and undoes nothing twice. A reversal that overtakes its
 * original is kept too: the original, arriving later, is refused as a duplicate.
 */
export class ReversalLedger {
  private readonly store: HostStore;
  /** Prefix of the store's record keys. */
  readonly prefix: string;

  constructor(options?: ReversalLedgerOptions) {
    const o = optionsObject(options);
    this.store = o.store === undefined ? new MemoryHostStore() : checkStore(o.store);
    this.prefix = o.prefix ?? 'ledger/';
    if (typeof this.prefix !== 'string') throw new Iso8583Error('BAD_OPTION', 'prefix must be a string', { path: 'prefix', expected: 'a string' });
  }

  /**
   * Claims a reversible request before the host decides it: `claimed`, or, when its terminal, batch and STAN
   * were already used, what used them — an original in that state (a repeated request), or `reversed` (its own
   * reversal overtook it). A refused request must not be acted on.
   */
  claim(ref: LedgerRef, request: { kind: string; amount?: string }): MaybePromise<ClaimOutcome> {
    checkRef(ref);
    if (request === null || typeof request !== 'object' || typeof request.kind !== 'string' || (request.amount !== undefined && typeof request.amount !== 'string')) {
      throw badArgument('request', 'a request { kind, amount? } of text', shapeOf(request));
    }
    const original: StoredOriginal = { kind: request.kind, state: 'pending', ...(request.amount === undefined ? {} : { amount: request.amount }) };
    return updateRecord<ClaimOutcome>(this.store, this.key(ref), (record) => {
      if (record === undefined) return { value: JSON.stringify({ original }), result: 'claimed' };
      const r = ledgerRecord(record);
      return { result: r.reversal !== undefined ? 'reversed' : (r.original?.state ?? 'reversed') };
    });
  }

  /**
   * Notes how a claimed request was answered. When its reversal arrived while it was being decided, resolves
   * the original for the caller to undo at once (it was approved after all); otherwise undefined.
   */
  settle(ref: LedgerRef, state: 'approved' | 'declined', answer: AnswerFacts): MaybePromise<LedgerOriginal | undefined> {
    checkRef(ref);
    if (state !== 'approved' && state !== 'declined') throw badArgument('state', 'approved or declined', shapeOf(state));
    if (!isFacts(answer)) throw badArgument('answer', 'field numbers to text', shapeOf(answer));
    return updateRecord(this.store, this.key(ref), (record) => {
      const r = ledgerRecord(record);
      if (r.original === undefined || r.original.state !== 'pending') {
        throw new Iso8583Error('BAD_STATE', 'only a claimed, undecided request can be settled', { expected: 'a pending original' });
      }
      const original: StoredOriginal = { ...r.original, state, answer };
      const next: LedgerRecord = { original };
      let undo: LedgerOriginal | undefined;
      if (r.reversal !== undefined) {
        next.reversal = r.reversal.finding === 'pending' ? { ...r.reversal, finding: state } : r.reversal;
        if (r.reversal.finding === 'pending' && state === 'approved') undo = originalOf(ref, original);
      }
      return { value: JSON.stringify(next), result: undo };
    });
  }

  /**
   * Answers a reversal of `ref`: the first time with `answer()`'s facts, kept for every repeat. `undo` is the
   * approved original this reversal cancels, given only to the one call that recorded the reversal.
   */
  reverse(ref: LedgerRef, answer: () => MaybePromise<AnswerFacts>): MaybePromise<ReversalOutcome> {
    checkRef(ref);
    if (typeof answer !== 'function') throw badArgument('answer', 'a function', shapeOf(answer));
    return runSteps(this.reverseSteps(this.key(ref), ref, answer));
  }

  private *reverseSteps(key: string, ref: LedgerRef, answer: () => MaybePromise<AnswerFacts>): Steps<ReversalOutcome> {
    // A repeat is answered from what is stored, without preparing an answer of its own.
    const seen = ledgerRecord(yield* readSteps(this.store, key)).reversal;
    if (seen !== undefined) return { answer: seen.answer, repeated: true, finding: seen.finding };
    const facts = yield* wait(answer());
    if (!isFacts(facts)) throw new Iso8583Error('BAD_ARGUMENT', 'a reversal answer must be field numbers to text', { path: 'answer', expected: 'AnswerFacts' });
    return yield* updateSteps<ReversalOutcome>(this.store, key, (record) => {
      const r = ledgerRecord(record);
      if (r.reversal !== undefined) return { result: { answer: r.reversal.answer, repeated: true, finding: r.reversal.finding } };
      const finding: ReversalFinding = r.original?.state ?? 'unknown';
      const next: LedgerRecord = { ...r, reversal: { answer: facts, finding } };
      const outcome: ReversalOutcome = { answer: facts, repeated: false, finding };
      if (finding === 'approved') outcome.undo = originalOf(ref, r.original!);
      return { value: JSON.stringify(next), result: outcome };
    });
  }

  /** What the ledger holds about `ref`: the original (if claimed) and the reversal's answer (if reversed). */
  find(ref: LedgerRef): MaybePromise<LedgerEntry> {
    checkRef(ref);
    return runSteps(this.findSteps(ref));
  }

  private *findSteps(ref: LedgerRef): Steps<LedgerEntry> {
    const r = ledgerRecord(yield* readSteps(this.store, this.key(ref)));
    const out: LedgerEntry = {};
    if (r.original !== undefined) out.original = originalOf(ref, r.original);
    if (r.reversal !== undefined) out.reversal = { answer: r.reversal.answer, finding: r.reversal.finding };
    return out;
  }

  private key(ref: LedgerRef): string {
    return `${this.prefix}${ref.terminalId}/${ref.batch}/${ref.stan}`;
  }
}

defineMaskedRendering(ReversalLedger.prototype, { name: 'ReversalLedger', masked: (l) => ({ prefix: l.prefix }) });
