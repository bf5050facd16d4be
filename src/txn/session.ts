/**
 * A CUP POS terminal session: the STAN counter, batch number, working keys, reversal journal, batch journal,
 * the exchange in flight and the settlement under way of one terminal, and the requests and answers that
 * change them. Every call either completes and persists the new state before returning (write-ahead: a
 * request is persisted before it is handed out) or changes nothing, in memory or in storage; a terminal
 * restored from any persisted state continues exactly. Money and reversal state move only on answers that
 * match what was asked and whose MAC verifies.
 */
import { Iso8583Error } from '../errors.js';
import { toHex } from '../bytes/hex.js';
import type { CipherProvider } from '../crypto/cipher.js';
import type { CupWorkingKeys } from '../crypto/cup-keys.js';
import { SecretKey } from '../crypto/key.js';
import { cupWorkingKeysFromMessage, type MessageMacOptions, signMessage, verifyMessageMac } from '../crypto/message-mac.js';
import { cupDialect } from '../message/builtin-dialects.js';
import { frameMessage } from '../frame/frame.js';
import { cupFrameProfile } from '../frame/profile.js';
import type { CompositeValue } from '../codec/values.js';
import type { CanonicalTlv } from '../message/engine.js';
import type { Dialect } from '../message/dialect.js';
import type { Message } from '../message/message.js';
import { BatchJournal, type UploadStep } from './batch-journal.js';
import {
  buildAdjustment,
  buildBalanceInquiry,
  buildOfflineSettlement,
  buildPreauth,
  buildPreauthCompletion,
  buildPreauthCompletionAdvice,
  buildPreauthCompletionVoid,
  buildPreauthVoid,
  buildRefund,
  buildSale,
  buildTip,
  buildVoid,
  type BuildContext,
} from './builders/index.js';
import {
  buildAdviceUpload,
  buildBatchUpload,
  buildBatchUploadEnd,
  buildEcho,
  buildIcTcUpload,
  buildSettlement,
  buildSignIn,
  buildSignOut,
  type SignInKeyLayout,
} from './management.js';
import { batchRecordOf, cancelledStanOf, checkResponseMatches, decideResponse, readResponseFrame, type ResponseOutcome } from './response.js';
import { isApproval } from './response-codes.js';
import { isReversalReason, ReversalJournal } from './reversal-journal.js';
import {
  checkState,
  configProblems,
  copyData,
  DEFAULT_OPERATOR,
  FIRST_BATCH,
  isPlainObject,
  upgradeState,
  type TerminalConfig,
  type TerminalState,
} from './session-state.js';
import { readReconciliation, type CardClassOptions } from './settlement.js';
import { followingStan, formatStan, STAN_MAX } from './stan.js';
import { encipherTracks, tracksEnciphered } from './track-fields.js';
import { TRANSACTIONS } from './transaction-table.js';
import { defineMaskedRendering, REDACTED } from '../redaction.js';
import { maskedBytesView, maskedPending, withMaskedRendering } from './masked-views.js';
import type { BatchRecord, ExchangeRecord, ReversalReason, SettlementProgress, TransactionKind } from './types.js';

export type { TerminalConfig, TerminalState } from './session-state.js';

/** A request ready to send: its message (signed when the table says so), body and whole frame. */
export interface Outgoing {
  kind: TransactionKind;
  stan: string;
  message: Message;
  body: Uint8Array;
  frame: Uint8Array;
}

export interface SessionOptions {
  /**
   * Called with a copy of the state after every call that changed it, before the call returns (so before a
   * request it built is handed out). When it throws, the call throws the same error and the session stays
   * as it was before the call: retrying the call persists again.
   */
  persist?(state: TerminalState): void;
  provider?: CipherProvider;
  now?(): Date;
  /** The dialect to build and read messages with (default: `cupDialect(config.dialectOptions)` without GBK). */
  dialect?: Dialect;
  /** How messages are MACed (default CUP ECB). */
  mac?: Omit<MessageMacOptions, 'provider'>;
  /** How PANs are split into domestic and foreign cards when an approval names no card organisation (offline cases). */
  cardClass?: CardClassOptions;
  /** Field 62 of the chip TC uploads the session sends after settlement; its layout is the acquirer's, so it is left out unless given. */
  tcRecord?(record: BatchRecord): string | Uint8Array;
}

/** What `cannotComplete` reverses with. */
export interface CannotCompleteOptions {
  /** Field 39 of the reversal (default `96`: approved, but the terminal could not finish). */
  reason?: ReversalReason;
  /** The card's final chip data (after its second GENERATE AC): its TVR (95) and script results (DF31) go into the reversal. */
  icc?: readonly CanonicalTlv[];
}

type BuilderInput<F extends (ctx: BuildContext, input: never) => Message> = Parameters<F>[1];

/** How many finished exchanges are remembered to tell a late or repeated answer from one never sent. */
const EXCHANGE_HISTORY = 16;

/**
 * STANs a batch keeps free for settling itself (0500 retries and the batch-upload end) besides one per record
 * for the uploads: new business is refused once it would eat into them, so no STAN repeats within a batch.
 */
const SETTLEMENT_STAN_RESERVE = 1000;

/** Field 39 of a 0410 that settles a reversal besides an approval: the host has no original to reverse. */
const NOTHING_TO_REVERSE: readonly string[] = ['12', '25'];

function keyFromHex(hex: string): SecretKey {
  return SecretKey.fromHex(hex.length === 16 ? 'des' : 'tdes', hex);
}

function exportHex(key: SecretKey): string {
  const bytes = key.exportBytes();
  try {
    return toHex(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** The batch number after `batch`: six digits, 999999 followed by 000001. */
export function followingBatch(batch: string): string {
  const n = Number(batch);
  return String(n >= 999999 ? 1 : n + 1).padStart(6, '0');
}

function lateResponse(): Iso8583Error {
  return new Iso8583Error('LATE_RESPONSE', 'the request this answers was given up (timed out or reversed); the answer is not applied');
}

function exchangePending(): Iso8583Error {
  return new Iso8583Error('EXCHANGE_PENDING', 'a request is awaiting its answer: handle the answer or call noResponse first');
}

function batchSettling(): Iso8583Error {
  return new Iso8583Error('BATCH_SETTLING', 'the batch is being settled: new business waits until the batch-upload end is answered');
}

/** One terminal's conversation with its acquirer: builds, signs and frames requests, and applies answers. */
export class TerminalSession {
  private readonly options: SessionOptions;
  private readonly dialect: Dialect;
  private config!: TerminalConfig;
  private stan = 0;
  private batch = FIRST_BATCH;
  private signedIn = false;
  private keys: TerminalState['keys'] = null;
  /** The MAK of `keys` as a key object: made once per install or restore, wiped when replaced, so its keyed cipher is reused. */
  private liveMak: SecretKey | null = null;
  private reversal!: ReversalJournal;
  private journal!: BatchJournal;
  private stansInBatch = 0;
  private exchanges: ExchangeRecord[] = [];
  private settlement: SettlementProgress | null = null;

  private constructor(state: TerminalState, options: SessionOptions) {
    this.options = options;
    this.load(state);
    this.dialect = options.dialect ?? cupDialect(state.config.dialectOptions ?? {});
  }

  /** A new terminal: no STAN used yet, not signed in, batch 000001 until the first sign-in names one. Persists its first state. */
  static create(config: TerminalConfig, options: SessionOptions = {}): TerminalSession {
    const problems = configProblems(config, 'config');
    if (problems.length > 0) {
      const n = problems.length;
      throw new Iso8583Error('INVALID_CONFIG', `terminal configuration has ${n} problem${n === 1 ? '' : 's'}: ${problems.map((p) => p.path).join(', ')}`, {
        problems,
      });
    }
    const session = new TerminalSession(
      {
        config,
        stan: 0,
        batch: FIRST_BATCH,
        signedIn: false,
        keys: null,
        reversal: { pending: null },
        batchJournal: { batch: FIRST_BATCH, records: [] },
        stansInBatch: 0,
        exchanges: [],
        settlement: null,
      },
      options,
    );
    options.persist?.(session.state());
    return session;
  }

  /** The session a persisted state describes, continuing exactly where it stopped; throws `BAD_STATE` on a damaged state. */
  static restore(state: TerminalState, options: SessionOptions = {}): TerminalSession {
    const upgraded = upgradeState(state);
    checkState(upgraded);
    return new TerminalSession(upgraded, options);
  }

  /** A deep, JSON-serialisable copy of the whole state, secrets included: the one way to get keys and card data out. */
  state(): TerminalState {
    return {
      config: copyData(this.config),
      stan: this.stan,
      batch: this.batch,
      signedIn: this.signedIn,
      keys: this.keys === null ? null : { ...this.keys },
      reversal: this.reversal.state(),
      batchJournal: this.journal.state(),
      stansInBatch: this.stansInBatch,
      exchanges: copyData(this.exchanges),
      settlement: copyData(this.settlement),
    };
  }

  /** Takes the next STAN (000001 … 999999, then 000001 again; never one used in this batch) and persists it. */
  nextStan(): string {
    return this.commit(() => this.takeStan('echo'));
  }

  /** The request in flight, awaiting its answer, or null. */
  awaiting(): { kind: TransactionKind; stan: string } | null {
    const x = this.current();
    return x === undefined ? null : { kind: x.kind, stan: x.stan };
  }

  /** 签到: asks for working keys (the response installs them and the batch number). */
  signIn(): Outgoing {
    const c = this.config;
    return this.request('sign-in', (ctx) => buildSignIn(ctx, { keyLayout: c.keyLayout ?? '003', ...(c.terminalInfo ? { terminalInfo: c.terminalInfo } : {}) }));
  }

  /** 签退. */
  signOut(): Outgoing {
    return this.request('sign-out', (ctx) => buildSignOut(ctx));
  }

  /** 回响测试: allowed at any time, even before sign-in, with a reversal owed or while settling. */
  echo(): Outgoing {
    return this.request('echo', (ctx) => buildEcho(ctx));
  }

  /** 余额查询 (not reversed). */
  balance(input: BuilderInput<typeof buildBalanceInquiry>): Outgoing {
    return this.request('balance', (ctx) => buildBalanceInquiry(ctx, input));
  }

  /** 消费, journalled for reversal before it goes out. */
  sale(input: BuilderInput<typeof buildSale>): Outgoing {
    return this.request('sale', (ctx) => buildSale(ctx, input));
  }

  /** 消费撤销; its approval voids the original record, and reversing it restores that record. */
  void(input: BuilderInput<typeof buildVoid>): Outgoing {
    return this.request('void', (ctx) => buildVoid(ctx, input));
  }

  /** 退货 (not reversed; a credit in the totals). */
  refund(input: BuilderInput<typeof buildRefund>): Outgoing {
    return this.request('refund', (ctx) => buildRefund(ctx, input));
  }

  /** 预授权 (reversed when unanswered; never in the totals). */
  preauth(input: BuilderInput<typeof buildPreauth>): Outgoing {
    return this.request('preauth', (ctx) => buildPreauth(ctx, input));
  }

  /** 预授权撤销. */
  preauthVoid(input: BuilderInput<typeof buildPreauthVoid>): Outgoing {
    return this.request('preauth-void', (ctx) => buildPreauthVoid(ctx, input));
  }

  /** 预授权完成(请求): a debit in the totals. */
  preauthCompletion(input: BuilderInput<typeof buildPreauthCompletion>): Outgoing {
    return this.request('preauth-completion', (ctx) => buildPreauthCompletion(ctx, input));
  }

  /** 预授权完成撤销; its approval voids the completion's record. */
  preauthCompletionVoid(input: BuilderInput<typeof buildPreauthCompletionVoid>): Outgoing {
    return this.request('preauth-completion-void', (ctx) => buildPreauthCompletionVoid(ctx, input));
  }

  /** 预授权完成通知 (offline advice; a debit in the totals). */
  preauthCompletionAdvice(input: BuilderInput<typeof buildPreauthCompletionAdvice>): Outgoing {
    return this.request('preauth-completion-advice', (ctx) => buildPreauthCompletionAdvice(ctx, input));
  }

  /** 离线结算 (offline advice; a debit in the totals). */
  offlineSettlement(input: BuilderInput<typeof buildOfflineSettlement>): Outgoing {
    return this.request('offline-settlement', (ctx) => buildOfflineSettlement(ctx, input));
  }

  /** 结算调整 (advice): its acceptance gives the original record (61.1/61.2) the adjusted amount. */
  adjustment(input: BuilderInput<typeof buildAdjustment>): Outgoing {
    return this.request('adjustment', (ctx) => buildAdjustment(ctx, input));
  }

  /** 追加小费 (advice): its acceptance gives the original record (61.1/61.2) its amount plus the tip. */
  tip(input: BuilderInput<typeof buildTip>): Outgoing {
    return this.request('tip', (ctx) => buildTip(ctx, input));
  }

  /**
   * 批结算: the 0500 with the batch journal's totals. From here the batch is being settled: new business is
   * refused until the batch-upload end is answered. Sent again (with a new STAN) while no answer was read.
   */
  settle(options: { currency?: string } = {}): Outgoing {
    return this.commit(() => {
      if (this.settlement?.result != null) {
        throw new Iso8583Error('SETTLEMENT_ANSWERED', 'the settlement was answered: upload the batch and end it');
      }
      const totals = this.journal.totals();
      const out = this.send('settlement', (ctx) =>
        buildSettlement(ctx, options.currency === undefined ? { totals } : { totals, currency: options.currency }),
      );
      this.settlement ??= { result: null, uploaded: [] };
      return out;
    });
  }

  /**
   * 批上送: the next detail upload the settlement under way needs, or null when nothing is left. After an
   * unbalanced settlement: magnetic stripe sales in 0320 201 messages of up to eight records (each message a
   * new STAN), then each refund and offline advice in its own 0320, then each chip transaction as a 0320 205
   * TC record; after a balanced one only the TC records (203). Advice and TC uploads repeat their record's STAN.
   */
  nextBatchUpload(): Outgoing | null {
    return this.commit(() => {
      const result = this.settlementResult();
      this.guard('batch-upload');
      const step = this.journal.nextUpload(this.settlement!.uploaded, isBalanced(result));
      return step === null ? null : this.sendUpload(step, isBalanced(result));
    });
  }

  /**
   * 批上送结束: closes the batch upload with 60.3 chosen from the last settlement answer (207 after a
   * balanced one, 202 after an unbalanced one) and 48 = the number of records the host acknowledged in
   * this batch upload. Its approval closes the batch and begins the next.
   */
  batchUploadEnd(): Outgoing {
    return this.commit(() => {
      const result = this.settlementResult();
      this.guard('batch-upload-end');
      if (this.journal.nextUpload(this.settlement!.uploaded, isBalanced(result)) !== null) {
        throw new Iso8583Error('UPLOAD_PENDING', 'records are still to be uploaded before the batch-upload end');
      }
      const code = isBalanced(result) ? '207' : '202';
      return this.send('batch-upload-end', (ctx) => buildBatchUploadEnd(ctx, { code, count: this.settlement!.uploaded.length }));
    });
  }

  /** The signed 0400 that must go out before anything else, or null when no reversal is owed. Issuing it gives up the request it reverses. */
  pendingReversal(): Outgoing | null {
    if (this.reversal.pending === null) return null;
    return this.commit(() => {
      const pending = this.reversal.pending!;
      const inFlight = this.current();
      if (inFlight !== undefined && inFlight.stan === pending.stan && inFlight.kind === 'reversal') {
        return this.outgoing('reversal', pending.stan, this.reversal.buildReversal(this.dialect));
      }
      if (inFlight !== undefined && !(inFlight.stan === pending.stan && inFlight.kind === pending.kind)) throw exchangePending();
      if (inFlight !== undefined) inFlight.status = 'timed-out';
      const out = this.outgoing('reversal', pending.stan, this.reversal.buildReversal(this.dialect));
      this.begin('reversal', pending.stan);
      return out;
    });
  }

  /**
   * What must go out before new business, or null: the reversal owed, else the next step of the settlement
   * under way (the 0500 again while unanswered, the next detail upload, the batch-upload end).
   */
  due(): Outgoing | null {
    if (this.reversal.pending !== null) return this.pendingReversal();
    if (this.settlement === null) return null;
    if (this.settlement.result === null) return this.settle();
    return this.nextBatchUpload() ?? this.batchUploadEnd();
  }

  /**
   * Applies the host's answer to `sent`. It must answer it (MTI, 11, 41, 42; 3 and 4 of an approval) or
   * `RESPONSE_MISMATCH` is thrown; an answer to a request given up is `LATE_RESPONSE`, a second answer to one
   * already answered `DUPLICATE_RESPONSE` — in all three cases nothing changes. Otherwise the exchange ends:
   * sign-in keys are installed (after their check values), a settlement's result is read, uploads are
   * counted, the batch closes on the end's approval, and — only when its MAC verifies under the MAK held —
   * an approval is booked and an owed reversal settled. An unauthenticated or 39-less answer leaves the
   * reversal owed.
   */
  handleResponse(sent: Outgoing, frame: Uint8Array): ResponseOutcome {
    let failure: Iso8583Error | undefined;
    const outcome = this.commit(() => {
      const rx = readResponseFrame(this.dialect, frame);
      const m = rx.message;
      const kind = sent.kind;
      const exchange = this.find(kind, sent.stan);
      checkResponseMatches(kind, sent.message, m);
      if (exchange === undefined || exchange.status === 'timed-out') throw lateResponse();
      if (exchange.status === 'answered') {
        throw new Iso8583Error('DUPLICATE_RESPONSE', 'this request was already answered; the repeat is not applied');
      }
      exchange.status = 'answered';
      const code39 = m.get('39');
      const code = typeof code39 === 'string' ? code39 : undefined;
      const macValid = this.checkMac(kind, rx.body, m);
      const decision = decideResponse(kind, code, macValid);
      const result: ResponseOutcome = {
        kind,
        message: m,
        action: decision.action,
        approved: decision.approved,
        processingRequirement: rx.header.processingRequirement,
      };
      withMaskedRendering(result, 'ResponseOutcome', (o) => ({ ...o }));
      if (code !== undefined) result.code = code;
      if (decision.info !== undefined) result.info = decision.info;
      if (macValid !== undefined) result.macValid = macValid;
      failure = this.apply(sent, exchange, m, code, decision.approved, macValid !== false, result);
      return result;
    });
    if (failure !== undefined) throw failure;
    return outcome;
  }

  /**
   * No answer came in time to `sent` (default: the request in flight, e.g. after a restart): the exchange is
   * given up, so a later answer is never applied. A reversible request's reversal stays owed (reason 98); a
   * reversal's own attempt is counted; a settlement or upload is simply sent again later.
   */
  noResponse(sent?: Pick<Outgoing, 'kind' | 'stan'>): void {
    this.commit(() => {
      const exchange = sent === undefined ? this.current() : this.find(sent.kind, sent.stan);
      if (exchange === undefined || exchange.status !== 'awaiting') return;
      exchange.status = 'timed-out';
      const pending = this.reversal.pending;
      if (pending === null || pending.stan !== exchange.stan) return;
      if (exchange.kind === 'reversal') this.reversal.attempted();
      else if (TRANSACTIONS[exchange.kind].reversible) this.reversal.setReason('98');
    });
  }

  /**
   * The host approved `sent` but the terminal could not finish it — printer or card fault (reason 96, the
   * default), or a chip card that declined at its second GENERATE AC (pass the card's final `icc`, whose TVR
   * and script results the reversal carries, and the reason, e.g. 06). A reversal is owed, and what the
   * approval changed in the batch is undone at once: a sale's record leaves the totals, a void's sale returns.
   */
  cannotComplete(sent: Outgoing, options: CannotCompleteOptions = {}): void {
    if (!TRANSACTIONS[sent.kind].reversible) {
      throw new Iso8583Error('NOT_REVERSIBLE', 'this transaction is not reversed', { expected: 'a reversible transaction' });
    }
    const reason = options.reason ?? '96';
    if (!isReversalReason(reason)) {
      throw new Iso8583Error('INVALID_INPUT', 'reversal reason must be 98, A0, 96 or 06', { path: 'reason' });
    }
    this.commit(() => {
      if (this.settlement !== null) throw batchSettling();
      const pending = this.reversal.pending;
      if (pending !== null && pending.stan !== sent.stan) {
        throw new Iso8583Error('REVERSAL_PENDING', 'another reversal must be sent first');
      }
      const exchange = this.find(sent.kind, sent.stan);
      if (exchange?.status === 'awaiting') exchange.status = 'timed-out';
      if (pending === null) this.reversal.journal(sent.kind, sent.message);
      if (options.icc !== undefined) this.reversal.updateIcc(options.icc);
      this.reversal.setReason(reason);
      if (exchange?.applied === true) {
        this.journal.voidRecord(sent.stan);
        const cancelled = cancelledStanOf(sent.kind, sent.message);
        if (cancelled !== undefined) this.journal.restoreRecord(cancelled);
        exchange.applied = false;
      }
    });
  }

  // ---- state changes ----

  /**
   * Runs `work` as one step: the state afterwards is persisted before the result is returned; when `work` or
   * the persist hook throws, memory goes back to the state before the step, which is what storage holds.
   */
  private commit<T>(work: () => T): T {
    const before = this.state();
    try {
      const result = work();
      const after = this.state();
      if (JSON.stringify(after) !== JSON.stringify(before)) this.options.persist?.(after);
      return result;
    } catch (e) {
      this.load(before);
      throw e;
    }
  }

  /** Takes `state` as the session's own (a deep copy), keeping the live MAK object when the MAK is unchanged. */
  private load(state: TerminalState): void {
    const s = copyData(state);
    this.config = s.config;
    this.stan = s.stan;
    this.batch = s.batch;
    this.signedIn = s.signedIn;
    if (this.keys?.mak !== s.keys?.mak || this.liveMak === null) this.replaceKeys(s.keys);
    else this.keys = s.keys;
    this.reversal = new ReversalJournal(s.reversal);
    this.journal = new BatchJournal(s.batchJournal);
    this.stansInBatch = s.stansInBatch;
    this.exchanges = s.exchanges;
    this.settlement = s.settlement;
  }

  // ---- requests ----

  private context(stan: string): BuildContext {
    const ctx: BuildContext = {
      dialect: this.dialect,
      terminalId: this.config.terminalId,
      merchantId: this.config.merchantId,
      stan,
      batch: this.batch,
      operator: this.config.operator ?? DEFAULT_OPERATOR,
      now: this.options.now?.() ?? new Date(),
    };
    if (this.config.readCapability !== undefined) ctx.readCapability = this.config.readCapability;
    return ctx;
  }

  /** Refuses `kind` when the terminal may not ask for it now: a request in flight, a reversal owed, no keys, or the wrong batch state. */
  private guard(kind: TransactionKind): void {
    if (this.current() !== undefined) throw exchangePending();
    const when = TRANSACTIONS[kind].when;
    if (when === 'always') return;
    if (this.reversal.pending !== null) {
      throw new Iso8583Error('REVERSAL_PENDING', 'a pending reversal must be sent before any new request');
    }
    if (!this.signedIn) throw new Iso8583Error('NOT_SIGNED_IN', 'terminal must sign in before this request');
    if (when === 'open-batch' && this.settlement !== null && kind !== 'settlement') throw batchSettling();
    if (when === 'settling' && this.settlement === null) throw new Iso8583Error('NOT_SETTLING', 'no settlement is under way');
  }

  /**
   * The next STAN for a new request of `kind`. STANs run on across 999999 → 000001 and across batches; a batch
   * takes each at most once, so once new business could eat into the STANs its settlement needs, it is refused
   * (`BATCH_FULL`) until the batch is settled.
   */
  private takeStan(kind: TransactionKind): string {
    if (this.stansInBatch >= STAN_MAX) throw new Iso8583Error('STAN_EXHAUSTED', 'every STAN of this batch is used');
    if (TRANSACTIONS[kind].when === 'open-batch' && kind !== 'settlement') {
      const needed = this.journal.records().length + SETTLEMENT_STAN_RESERVE;
      if (this.stansInBatch + needed >= STAN_MAX) {
        throw new Iso8583Error('BATCH_FULL', 'the batch has used nearly every STAN: settle it before new business');
      }
    }
    this.stan = followingStan(this.stan);
    this.stansInBatch += 1;
    return formatStan(this.stan);
  }

  /** A new request of `kind` as one step: guarded, numbered, built, signed, journalled for reversal, begun and persisted. */
  private request(kind: TransactionKind, build: (ctx: BuildContext) => Message): Outgoing {
    return this.commit(() => this.send(kind, build));
  }

  private send(kind: TransactionKind, build: (ctx: BuildContext) => Message): Outgoing {
    this.guard(kind);
    const stan = this.takeStan(kind);
    const message = build(this.context(stan));
    if (tracksEnciphered(message)) this.encipherTracks(message);
    const out = this.outgoing(kind, stan, message);
    if (TRANSACTIONS[kind].reversible) this.reversal.journal(kind, out.message);
    this.begin(kind, stan);
    return out;
  }

  /** Sends one step of a batch upload: a 201 message under a new STAN, or an advice or TC record under its own. */
  private sendUpload(step: UploadStep, balanced: boolean): Outgoing {
    if (step.route === 'magstripe') {
      const stan = this.takeStan('batch-upload');
      const out = this.outgoing('batch-upload', stan, buildBatchUpload(this.context(stan), step.records));
      this.begin('batch-upload', stan, step.records.map((r) => r.stan));
      return out;
    }
    const record = step.records[0]!;
    const ctx = this.context(record.stan);
    let out: Outgoing;
    if (step.route === 'advice') {
      out = this.outgoing('advice-upload', record.stan, buildAdviceUpload(ctx, record));
    } else {
      const fields = record.detail?.fields ?? {};
      const entry = fields['22'];
      const icc = fields['55'];
      const tc = this.options.tcRecord?.(record);
      const message = buildIcTcUpload(ctx, {
        code: balanced ? '203' : '205',
        pan: record.pan,
        amount: record.amount,
        entryMode: isPlainObject(entry) ? `${String(entry['1'] ?? '')}${String(entry['2'] ?? '')}` : String(entry ?? `${record.entryMode ?? '05'}0`),
        ...(typeof fields['23'] === 'string' ? { sequence: fields['23'] } : {}),
        icc: Array.isArray(icc) ? icc : [],
        ...(tc !== undefined ? { record: tc } : {}),
      });
      out = this.outgoing('ic-tc-upload', record.stan, message);
    }
    this.begin(out.kind, record.stan);
    return out;
  }

  private outgoing(kind: TransactionKind, stan: string, message: Message): Outgoing {
    const body = TRANSACTIONS[kind].mac ? signMessage(this.dialect, message, this.mak(), this.macOptions()) : this.dialect.encode(message);
    const frame = frameMessage(cupFrameProfile, { tpdu: this.config.tpdu, header: this.config.header, body });
    // Body and frame hold the card data the message masks: they print as their length only.
    return withMaskedRendering<Outgoing>({ kind, stan, message, body, frame }, 'Outgoing', maskedBytesView);
  }

  /** What this session shows when printed: where it stands, never its keys or card data. */
  private summary(): Record<string, unknown> {
    const pending = this.reversal.pending;
    const keys = this.keys === null ? null : Object.fromEntries(Object.keys(this.keys).map((k) => [k, REDACTED]));
    return {
      terminalId: this.config.terminalId,
      merchantId: this.config.merchantId,
      tmk: REDACTED,
      batch: this.batch,
      stan: formatStanOrNone(this.stan),
      signedIn: this.signedIn,
      keys,
      reversalOwed: pending === null ? null : maskedPending(pending),
      awaiting: this.awaiting(),
      records: this.journal.records().length,
      settlement: this.settlement,
    };
  }

  /** Enciphers 35/36 with the TDK from the last 004 sign-in, as 53.3 = 1 announces. */
  private encipherTracks(message: Message): void {
    if (this.keys?.tdk === undefined) {
      throw new Iso8583Error('NO_TRACK_KEY', 'track encryption needs a TDK: sign in with 60.3 004 first');
    }
    const tdk = keyFromHex(this.keys.tdk);
    try {
      encipherTracks(message, tdk, this.options.provider === undefined ? {} : { provider: this.options.provider });
    } finally {
      tdk.wipe();
    }
  }

  // ---- exchanges ----

  /** The exchange awaiting its answer, if any (always the newest). */
  private current(): ExchangeRecord | undefined {
    const last = this.exchanges.at(-1);
    return last?.status === 'awaiting' ? last : undefined;
  }

  /** The newest exchange of `kind` with this STAN that is still remembered. */
  private find(kind: TransactionKind, stan: string): ExchangeRecord | undefined {
    for (let i = this.exchanges.length - 1; i >= 0; i--) {
      const x = this.exchanges[i]!;
      if (x.kind === kind && x.stan === stan) return x;
    }
    return undefined;
  }

  private begin(kind: TransactionKind, stan: string, records?: string[]): void {
    const x: ExchangeRecord = { kind, stan, status: 'awaiting' };
    if (records !== undefined) x.records = records;
    this.exchanges.push(x);
    if (this.exchanges.length > EXCHANGE_HISTORY) this.exchanges.splice(0, this.exchanges.length - EXCHANGE_HISTORY);
  }

  // ---- answers ----

  /** What an answer changes, by kind; returns an error to throw once the ended exchange is persisted (a sign-in whose keys fail their check). */
  private apply(
    sent: Outgoing,
    exchange: ExchangeRecord,
    m: Message,
    code: string | undefined,
    approved: boolean,
    authenticated: boolean,
    outcome: ResponseOutcome,
  ): Iso8583Error | undefined {
    switch (sent.kind) {
      case 'sign-in':
        if (approved) {
          try {
            this.installKeys(sent, m);
          } catch (e) {
            if (e instanceof Iso8583Error) return e;
            throw e;
          }
        }
        return undefined;
      case 'sign-out':
        if (approved) this.signOff();
        return undefined;
      case 'settlement':
        this.readSettlement(m, code, outcome);
        return undefined;
      case 'batch-upload':
      case 'advice-upload':
      case 'ic-tc-upload':
        if (approved && this.settlement !== null) {
          for (const stan of exchange.records ?? [sent.stan]) if (!this.settlement.uploaded.includes(stan)) this.settlement.uploaded.push(stan);
        }
        return undefined;
      case 'batch-upload-end':
        if (approved) this.closeBatch();
        return undefined;
      case 'reversal':
        this.settleReversal(sent.stan, code, authenticated);
        return undefined;
      case 'echo':
        return undefined;
      default:
        this.applyFinancial(sent, exchange, m, code, approved, authenticated);
        return undefined;
    }
  }

  private macOptions(): MessageMacOptions {
    const o: MessageMacOptions = { ...this.options.mac };
    if (this.options.provider !== undefined) o.provider = this.options.provider;
    return o;
  }

  private mak(): SecretKey {
    if (this.liveMak === null) throw new Iso8583Error('NOT_SIGNED_IN', 'terminal has no MAC key; sign in first');
    return this.liveMak;
  }

  /** Takes `keys` as the working keys, wiping the key objects of the ones they replace. */
  private replaceKeys(keys: TerminalState['keys']): void {
    this.liveMak?.wipe();
    this.keys = keys;
    this.liveMak = keys === null ? null : keyFromHex(keys.mak);
  }

  /**
   * Whether the answer's MAC verifies under the MAK held: undefined for exchanges without a MAC; false when
   * it is missing, wrong or misplaced, or when no MAK is held to check it.
   */
  private checkMac(kind: TransactionKind, body: Uint8Array, m: Message): boolean | undefined {
    if (!TRANSACTIONS[kind].mac) return undefined;
    if (this.liveMak === null || !m.has('64')) return false;
    try {
      return verifyMessageMac(this.dialect, body, this.liveMak, this.macOptions());
    } catch (e) {
      if (e instanceof Iso8583Error) return false;
      throw e;
    }
  }

  /** Decrypts and checks the working keys of an approved 0810 before touching any state, then installs them with the host's batch. */
  private installKeys(sent: Outgoing, m: Message): void {
    const layout = m.has('60.3') ? undefined : (sent.message.get('60.3') as SignInKeyLayout | undefined);
    const tmk = keyFromHex(this.config.tmk);
    let keys: CupWorkingKeys;
    try {
      keys = cupWorkingKeysFromMessage(m, tmk, {
        ...(layout !== undefined ? { layout } : {}),
        ...(this.options.provider !== undefined ? { provider: this.options.provider } : {}),
      });
    } finally {
      tmk.wipe();
    }
    const installed: NonNullable<TerminalState['keys']> = { pik: exportHex(keys.pik), mak: exportHex(keys.mak) };
    if (keys.tdk !== undefined) installed.tdk = exportHex(keys.tdk);
    keys.pik.wipe();
    keys.mak.wipe();
    keys.tdk?.wipe();
    this.replaceKeys(installed);
    this.signedIn = true;
    const batch = m.get('60.2');
    // A batch with records (or being settled) keeps its own number until settlement closes it.
    if (typeof batch === 'string' && /^[0-9]{6}$/.test(batch) && batch !== this.batch && this.journal.records().length === 0 && this.settlement === null) {
      this.batch = batch;
      this.journal.reset(batch);
      this.stansInBatch = 0;
    }
  }

  private signOff(): void {
    this.signedIn = false;
    this.replaceKeys(null);
  }

  /** A settlement answer: its per-class result (48), kept for the uploads and the batch-upload end unless the host declined (39). */
  private readSettlement(m: Message, code: string | undefined, outcome: ResponseOutcome): void {
    const f48 = m.get('48');
    // A host that answers without 48 leaves the result unknown; decoded 48 is text or the settlement subfields.
    let result: SettlementProgress['result'] = null;
    if (typeof f48 === 'string' || (isPlainObject(f48) && !(f48 instanceof Uint8Array))) {
      const r = readReconciliation(f48 as string | CompositeValue);
      result = { domestic: r.domestic, foreign: r.foreign };
      outcome.reconciliation = result;
    }
    if (code !== undefined && !isApproval(code)) return;
    if (this.settlement !== null) this.settlement.result = result ?? { domestic: 'error', foreign: 'error' };
  }

  /** A reversal's answer settles it only when authenticated and carrying 39 that approves it or says there is nothing to reverse. */
  private settleReversal(stan: string, code: string | undefined, authenticated: boolean): void {
    const pending = this.reversal.pending;
    if (pending === null || pending.stan !== stan) return;
    if (authenticated && code !== undefined && (isApproval(code) || NOTHING_TO_REVERSE.includes(code))) {
      this.journal.voidRecord(stan);
      this.reversal.clear(stan);
    } else {
      this.reversal.attempted();
    }
  }

  /** After the batch-upload end is accepted, the batch is closed: its journal emptied and the next batch number begun. */
  private closeBatch(): void {
    this.batch = followingBatch(this.batch);
    this.journal.reset(this.batch);
    this.settlement = null;
    this.stansInBatch = 0;
  }

  /**
   * A financial answer. Unauthenticated (no, wrong or uncheckable MAC): nothing booked, an owed reversal
   * stays owed with reason A0. Authenticated without 39: no approval, reversal owed with reason 06.
   * Authenticated otherwise: an approval is booked (a record, a cancelled record, an amended amount) and the
   * reversal settled; an authenticated decline settles it too.
   */
  private applyFinancial(sent: Outgoing, exchange: ExchangeRecord, m: Message, code: string | undefined, approved: boolean, authenticated: boolean): void {
    const kind = sent.kind;
    const def = TRANSACTIONS[kind];
    const pending = this.reversal.pending;
    const owed = pending !== null && pending.stan === sent.stan;
    if (!authenticated) {
      if (owed) this.reversal.setReason('A0');
      return;
    }
    if (code === undefined) {
      if (owed) this.reversal.setReason('06');
      return;
    }
    if (approved) {
      const record = batchRecordOf(kind, sent.message, m, this.options.cardClass);
      if (record !== null && this.journal.find(record.stan) === undefined) this.journal.record(record);
      const cancelled = cancelledStanOf(kind, sent.message);
      if (cancelled !== undefined) this.journal.voidRecord(cancelled);
      if (def.amends) this.amendOriginal(sent.message, m);
      exchange.applied = true;
    }
    if (owed) this.reversal.clear(sent.stan);
  }

  /** A tip or adjustment: the record it names (61.1 batch, 61.2 STAN) takes the accepted amount. */
  private amendOriginal(request: Message, answer: Message): void {
    const batch = request.get('61.1');
    const stan = request.get('61.2');
    const amount = answer.get('4') ?? request.get('4');
    if (batch !== this.batch || typeof stan !== 'string' || typeof amount !== 'string') return;
    this.journal.amend(stan, amount);
  }

  /** The result of the settlement under way; throws when none is under way or its answer has not been read. */
  private settlementResult(): NonNullable<SettlementProgress['result']> {
    if (this.settlement === null) throw new Iso8583Error('NOT_SETTLING', 'no settlement is under way');
    if (this.settlement.result === null) {
      throw new Iso8583Error('SETTLEMENT_UNANSWERED', 'the settlement request has not been answered yet');
    }
    return this.settlement.result;
  }
}

function isBalanced(result: NonNullable<SettlementProgress['result']>): boolean {
  return result.domestic === 'balanced' && result.foreign === 'balanced';
}

function formatStanOrNone(stan: number): string | null {
  return stan === 0 ? null : formatStan(stan);
}

defineMaskedRendering(TerminalSession.prototype, { name: 'TerminalSession', masked: (s) => s['summary']() });
