/**
 * A CUP POS terminal session: the STAN counter, batch number, working keys, reversal journal, batch journal,
 * the exchange in flight and the settlement under way of one terminal, and the requests and answers that
 * change them. Every call either completes and persists the new state before returning (write-ahead: a
 * request is persisted before it is handed out) or changes nothing, in memory or in storage; a terminal
 * restored from any persisted state continues exactly. Money and reversal state move only on answers that
 * match what was asked and whose MAC verifies.
 */
import { expectDigits, expectObject, expectOptions, expectString } from '../arguments.js';
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
  type CardInput,
  type RefundInput,
  type VoidInput,
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
import { AdviceQueue, STORABLE_KINDS, type QueuedAdvice } from './advice-queue.js';
import { buildChipFailureUpload, buildEcOfflineUpload, buildScriptNotification, chipOriginalOf, type ChipFailureUploadInput, type EcOfflineUploadInput } from './builders/chip.js';
import { buildPaymentResultQuery, buildQrOrder, field59Tag, IN_PROGRESS_CODES, type QrOrderInput } from './builders/qr.js';
import { applyDownloadAnswer, DOWNLOAD_KINDS, downloadStep, downloadStepKind, startDownload, type DownloadRun } from './params/download-run.js';
import {
  buildDownloadEnd,
  buildListDownload,
  buildSmSignIn,
  buildStatusUpload,
  buildTmkDownload,
  type DownloadEndCode,
  type ListDownloadInput,
  type StatusUploadInput,
  type TmkDownloadInput,
} from './params/parameter-requests.js';
import { processingRequirementAction, type RequiredAction } from './params/processing-requirement.js';
import type { NumberedParameterOptions } from './params/terminal-parameters.js';
import { decryptSmWorkingKeys, SM_KEY_LAYOUT } from '../crypto/cup-sm-keys.js';
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
  type PendingPayment,
  type TerminalConfig,
  type TerminalState,
} from './session-state.js';
import { readReconciliation, type CardClassOptions } from './settlement.js';
import { followingStan, formatStan, STAN_MAX } from './stan.js';
import { encipherTracks, tracksEnciphered } from './track-fields.js';
import { expectKind, TRANSACTIONS } from './transaction-table.js';
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
  /** How terminal parameters are read: a GBK codec for the merchant name (`gbkCodec`), the acquirer's length table. */
  parameters?: Pick<NumberedParameterOptions, 'gbk' | 'lengths' | 'gbkNumbers'>;
}

/** An advice stored to send later: its kind and the input of its builder. */
export type StoredAdvice =
  | { kind: 'offline-settlement'; input: BuilderInput<typeof buildOfflineSettlement> }
  | { kind: 'adjustment'; input: BuilderInput<typeof buildAdjustment> }
  | { kind: 'tip'; input: BuilderInput<typeof buildTip> }
  | { kind: 'preauth-completion-advice'; input: BuilderInput<typeof buildPreauthCompletionAdvice> }
  | { kind: 'ec-offline-upload'; input: EcOfflineUploadInput }
  | { kind: 'script-notification'; input: ScriptResultInput };

/** A chip card's script results after an approval whose 55 carried issuer scripts (71/72). */
export interface ScriptResultInput {
  /** The chip request as sent. */
  sent: Pick<Outgoing, 'message'>;
  /** Its approval, as `handleResponse` returned it. */
  approval: Pick<ResponseOutcome, 'message'>;
  /** The card's data after its second GENERATE AC, with the script results in DF31 (the script advice tag set). */
  icc: CanonicalTlv[] | Uint8Array;
}

/** What `cannotComplete` reverses with. */
export interface CannotCompleteOptions {
  /** Field 39 of the reversal (default `96`: approved, but the terminal could not finish). */
  reason?: ReversalReason;
  /** The card's final chip data (after its second GENERATE AC): its TVR (95) and script results (DF31) go into the reversal. */
  icc?: readonly CanonicalTlv[];
}

/** A sale void through the session: `card` may be left out for a scanned-code sale whose voucher the session kept. */
export interface SessionVoidInput extends Omit<VoidInput, 'card'> {
  /** The card, or the QR voucher; left out, the voucher kept from the original QR sale's approval (`voucherOf`). */
  card?: CardInput;
}

/** A refund through the session: `card` may be left out for a scanned-code sale whose voucher the session kept. */
export interface SessionRefundInput extends Omit<RefundInput, 'card'> {
  /** The card, or the QR voucher; left out, the voucher kept from the original QR sale's approval (`voucherOf`). */
  card?: CardInput;
}

/** 22.1 of a scanned-code payment: what marks a batch record as a QR sale. */
const QR_ENTRY_MODE = '03';

/** The input of builder `F` (what a session method takes: the builder's input without its context). */
export type BuilderInput<F extends (ctx: BuildContext, input: never) => Message> = Parameters<F>[1];

/** How many finished exchanges are remembered to tell a late or repeated answer from one never sent. */
const EXCHANGE_HISTORY = 16;

/**
 * STANs a batch keeps free for settling itself (0500 retries and the batch-upload end) besides one per record
 * for the uploads: new business is refused once it would eat into them, so no STAN repeats within a batch.
 */
const SETTLEMENT_STAN_RESERVE = 1000;

/** Field 39 of a 0410 that settles a reversal besides an approval: the host has no original to reverse. */
const NOTHING_TO_REVERSE: readonly string[] = ['12', '25'];

function keyFromHex(hex: string, algorithm?: 'sm4'): SecretKey {
  return SecretKey.fromHex(algorithm ?? (hex.length === 16 ? 'des' : 'tdes'), hex);
}

/** The processing requirement (header digit 6) each download run fulfils. */
const RUN_REQUIREMENTS: Readonly<Record<DownloadRun, string>> = { aids: '5', 'ca-keys': '4', 'sm-ca-keys': '4', 'terminal-parameters': '1', blacklist: '7' };

/** The run each downloading processing requirement asks for. */
const REQUIRED_RUNS: Readonly<Record<string, DownloadRun>> = { '1': 'terminal-parameters', '4': 'ca-keys', '5': 'aids', '7': 'blacklist' };

/** 60.4 when the configuration names none: contact and contactless chip and magnetic stripe, what terminals in use read. */
const DEFAULT_READ_CAPABILITY = '6';

/** The builder input of a script notification from the chip request as sent and its approval. */
function scriptInput(input: ScriptResultInput): { original: ReturnType<typeof chipOriginalOf>; icc: CanonicalTlv[] | Uint8Array } {
  if (!isPlainObject(input) || !isPlainObject(input.sent) || !isPlainObject(input.approval)) {
    throw new Iso8583Error('INVALID_INPUT', 'a script result needs the chip request sent, its approval and the chip data', { path: 'input' });
  }
  return { original: chipOriginalOf(input.sent.message, input.approval.message), icc: input.icc };
}

function exportHex(key: SecretKey): string {
  const bytes = key.exportBytes();
  try {
    return toHex(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** Throws BAD_ARGUMENT unless `sent` names a request of this library's: a transaction kind and a STAN. */
function checkSent(sent: Pick<Outgoing, 'kind' | 'stan'>): void {
  expectObject(sent, 'sent');
  expectKind(sent.kind, 'sent.kind');
  expectString(sent.stan, 'sent.stan');
}

/** The batch number after `batch`: six digits, 999999 followed by 000001. */
export function followingBatch(batch: string): string {
  expectDigits(batch, 'batch', 6);
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
  private advices: QueuedAdvice[] = [];
  private download: TerminalState['download'] = null;
  private requirementDigit = '0';
  private pendingPayment: PendingPayment | null = null;
  /** Set while a stored advice is being sent, which new-business checks let through. */
  private sendingStored = false;

  private constructor(state: TerminalState, options: SessionOptions) {
    this.options = options;
    this.load(state);
    this.dialect = options.dialect ?? cupDialect(state.config.dialectOptions ?? {});
  }

  /** A new terminal: no STAN used yet, not signed in, batch 000001 until the first sign-in names one. Persists its first state. */
  static create(config: TerminalConfig, options?: SessionOptions): TerminalSession {
    options = expectOptions(options);
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
        advices: [],
        download: null,
        requirement: '0',
        pendingPayment: null,
      },
      options,
    );
    options.persist?.(session.state());
    return session;
  }

  /** The session a persisted state describes, continuing exactly where it stopped; throws `BAD_STATE` on a damaged state. */
  static restore(state: TerminalState, options?: SessionOptions): TerminalSession {
    options = expectOptions(options);
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
      advices: copyData(this.advices),
      download: copyData(this.download),
      requirement: this.requirementDigit,
      pendingPayment: copyData(this.pendingPayment),
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

  /**
   * 消费撤销; its approval voids the original record, and reversing it restores that record. Without `card`, a
   * scanned-code sale of this batch is voided by the voucher (59 `A4`) its approval returned.
   */
  void(input: SessionVoidInput): Outgoing {
    return this.request('void', (ctx) => {
      const original = input?.original?.batch === this.batch ? this.journal.find(input.original.stan) : undefined;
      return buildVoid(ctx, this.withKeptVoucher(input, original));
    });
  }

  /**
   * 退货 (not reversed; a credit in the totals). 63.1 is the original sale's card organisation when this batch holds it;
   * without `card`, a scanned-code sale of this batch is refunded by the voucher (59 `A4`) its approval returned.
   */
  refund(input: SessionRefundInput): Outgoing {
    return this.request('refund', (ctx) => {
      const rrn = input?.original?.rrn;
      const original = rrn === undefined ? undefined : this.journal.records().find((r) => r.rrn === rrn);
      return buildRefund(ctx, this.withOrganisation(this.withKeptVoucher(input, original), original));
    });
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

  /** 结算调整 (advice): its acceptance gives the original record (61.1/61.2) the adjusted amount; 63.1 is that record's card organisation. */
  adjustment(input: BuilderInput<typeof buildAdjustment>): Outgoing {
    return this.request('adjustment', (ctx) => buildAdjustment(ctx, this.withOrganisation(input, this.journal.find(input?.original?.stan))));
  }

  /** 追加小费 (advice): its acceptance gives the original record (61.1/61.2) its amount plus the tip; 63.1 is that record's card organisation. */
  tip(input: BuilderInput<typeof buildTip>): Outgoing {
    return this.request('tip', (ctx) => buildTip(ctx, this.withOrganisation(input, this.journal.find(input?.original?.stan))));
  }

  /** 电子现金脱机消费上送: an electronic-cash sale the card approved offline, uploaded now (a debit once the host accepts it). */
  ecOfflineUpload(input: EcOfflineUploadInput): Outgoing {
    return this.request('ec-offline-upload', (ctx) => buildEcOfflineUpload(ctx, input));
  }

  /**
   * 脚本通知: tells the host what the chip card made of the issuer scripts (71/72) of an approval: a 0620
   * repeating the original (its 60.4/60.5, 61 = its batch, STAN and date) with the script results in 55.
   */
  scriptNotification(input: ScriptResultInput): Outgoing {
    return this.request('script-notification', (ctx) => buildScriptNotification(ctx, scriptInput(input)));
  }

  /** 失败交易批上送: a chip transaction the host approved but the card did not complete (ARPC failed, card declined), while settling. */
  chipFailureUpload(input: ChipFailureUploadInput): Outgoing {
    return this.request('chip-failure-upload', (ctx) => buildChipFailureUpload(ctx, input));
  }

  /**
   * Stores an advice to send later (store and forward): it is built and numbered now, persisted, and goes out
   * from {@link due} before any new business and before the settlement, oldest first, until the host answers it.
   */
  storeAdvice(advice: StoredAdvice): { kind: TransactionKind; stan: string } {
    return this.commit(() => {
      const kind = advice?.kind;
      if (!STORABLE_KINDS.includes(kind)) throw new Iso8583Error('NOT_STORABLE', 'only offline advices, electronic-cash uploads and script results are stored', { path: 'kind' });
      if (this.settlement !== null) throw batchSettling();
      const stan = this.takeStan(kind);
      const message = this.buildStored(advice, this.context(stan));
      new AdviceQueue(this.advices).add(kind, stan, message.toObject());
      return { kind, stan };
    });
  }

  /** The advices stored and not yet answered, oldest first. */
  storedAdvices(): QueuedAdvice[] {
    return new AdviceQueue(this.advices).entries();
  }

  /** The oldest stored advice, signed and sent (its exchange begun), or null when none waits. */
  nextStoredAdvice(): Outgoing | null {
    if (this.advices.length === 0) return null;
    return this.commit(() => {
      const a = this.advices[0]!;
      this.sendingStored = true;
      try {
        this.guard(a.kind);
      } finally {
        this.sendingStored = false;
      }
      const message = this.dialect.decode(this.dialect.encode(a.request));
      const out = this.outgoing(a.kind, a.stan, message);
      new AdviceQueue(this.advices).attempted(a.stan);
      this.begin(a.kind, a.stan);
      return out;
    });
  }

  /** 国密签到: the SM sign-in (60.3 005 or 006); its keys are installed when the SM4 master key (and layout) is configured. */
  smSignIn(): Outgoing {
    const c = this.config;
    return this.request('sm-sign-in', (ctx) => buildSmSignIn(ctx, { code: c.smSignIn?.code ?? '005', ...(c.terminalInfo ? { terminalInfo: c.terminalInfo } : {}) }));
  }

  /**
   * Begins a parameter download run — `aids` (IC parameters), `ca-keys`, `sm-ca-keys`, `terminal-parameters` or
   * `blacklist` (390, its answer's 62 left raw) — and returns its first request. Each answer's `parameters` carries what it brought;
   * {@link nextDownload} gives the following request until the run is over.
   */
  beginDownload(run: DownloadRun): Outgoing {
    return this.commit(() => {
      this.download = startDownload(run);
      return this.sendDownloadStep();
    });
  }

  /** The next request of the download run under way, or null when it is over (or none was begun). */
  nextDownload(): Outgoing | null {
    if (this.download === null) return null;
    return this.commit(() => this.sendDownloadStep());
  }

  /** 下载结束 of a run made outside {@link beginDownload} (e.g. 391 after a blacklist, 961 after card BINs). */
  downloadEnd(code: DownloadEndCode): Outgoing {
    const kind: TransactionKind = code === '381' ? 'aid-download-end' : code === '371' ? 'capk-download-end' : code === '361' ? 'terminal-parameters-end' : 'list-download-end';
    return this.request(kind, (ctx) => buildDownloadEnd(ctx, code));
  }

  /** POS状态上送 (0820 362). */
  statusUpload(input: StatusUploadInput = {}): Outgoing {
    return this.request('status-upload', (ctx) => buildStatusUpload(ctx, input));
  }

  /** 主密钥下载 (0800 401): its answer's 62 is the acquirer's key block, left to the caller. */
  tmkDownload(input: TmkDownloadInput = {}): Outgoing {
    return this.request('tmk-download', (ctx) => buildTmkDownload(ctx, input));
  }

  /** Card-BIN, blacklist or QPS parameter download (60.3 390, 394, 396, 398, 960); its answer's 62 stays raw. */
  listDownload(input: ListDownloadInput): Outgoing {
    return this.request('list-download', (ctx) => buildListDownload(ctx, input));
  }

  /** What the last processing requirement asked for and is not yet done, or null. */
  requirement(): RequiredAction | null {
    return this.requirementDigit === '0' ? null : processingRequirementAction(this.requirementDigit);
  }

  /**
   * The next request the last processing requirement asks for, sent (its exchange begun), or null when none is
   * owed or it is one the caller makes outside this session (`6` application download, `8`/`9` acquirer-defined:
   * see {@link requirement}, then {@link requirementDone}). `1`, `4`, `5` and `7` begin, or go on with, the
   * terminal parameter, CA key (the SM run when that one is under way), AID or blacklist download run; `2` uploads
   * the status; `3` signs in again (the SM sign-in when `config.smSignIn` is set). Called after each answer until
   * null, it fulfils the requirement, which the session then clears.
   */
  requiredRequest(): Outgoing | null {
    const digit = this.requirementDigit;
    const run = REQUIRED_RUNS[digit];
    if (run !== undefined) {
      const under = this.download?.run;
      if (under === run || (run === 'ca-keys' && under === 'sm-ca-keys')) return this.nextDownload();
      return this.beginDownload(run);
    }
    if (digit === '2') return this.statusUpload();
    if (digit === '3') return this.config.smSignIn !== undefined ? this.smSignIn() : this.signIn();
    return null;
  }

  /** Marks the last processing requirement done (for what the session cannot see done itself, e.g. an application download). */
  requirementDone(): void {
    this.commit(() => {
      this.requirementDigit = '0';
    });
  }

  /**
   * 主扫下单: asks the host for a code the customer scans (merchant-presented QR). Its answer carries the code
   * (59 `A6`); the payment is then learnt from {@link paymentResultQuery}, which books it as a sale.
   */
  qrOrder(input: QrOrderInput): Outgoing {
    return this.request('qr-order', (ctx) => buildQrOrder(ctx, input));
  }

  /** The scanned-code payment waiting for its result (a QR sale answered "in progress", or an order), or null. */
  paymentPending(): { kind: 'sale' | 'qr-order'; stan: string; amount: string; order?: string } | null {
    const p = this.pendingPayment;
    if (p === null) return null;
    return { kind: p.kind, stan: p.stan, amount: p.amount, ...(p.order !== undefined ? { order: p.order } : {}) };
  }

  /**
   * 消费结果查询: asks what became of the payment waiting for its result. An authenticated approval books it as
   * a sale (with the voucher the answer carries) and settles its reversal; a decline ends it; "in progress" again
   * keeps it waiting. Allowed with the payment's reversal owed: to give up, send that reversal instead.
   */
  paymentResultQuery(): Outgoing {
    return this.commit(() => {
      const p = this.pendingPayment;
      if (p === null) throw new Iso8583Error('NO_PAYMENT_PENDING', 'no scanned-code payment is waiting for its result');
      return this.send('qr-result-query', (ctx) =>
        buildPaymentResultQuery(ctx, {
          original: { stan: p.stan, batch: p.batch, amount: p.amount, ...(p.date !== undefined ? { date: p.date } : {}), ...(p.order !== undefined ? { order: p.order } : {}) },
        }),
      );
    });
  }

  /** The payment voucher (59 `A4`) of the scanned-code payment with this STAN in the batch, which its void and refund send back. */
  voucherOf(stan: string): string | undefined {
    return this.journal.find(expectString(stan, 'stan'))?.voucher;
  }

  /**
   * 批结算: the 0500 with the batch journal's totals. From here the batch is being settled: new business is
   * refused until the batch-upload end is answered. Sent again (with a new STAN) while no answer was read.
   */
  settle(options?: { currency?: string }): Outgoing {
    options = expectOptions(options);
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
   * What must go out before new business, or null: the result query of a payment still being made, the
   * reversal owed, the oldest stored advice, else the next step of the settlement under way (the 0500 again
   * while unanswered, the next detail upload, the batch-upload end).
   */
  due(): Outgoing | null {
    const payment = this.pendingPayment;
    // A payment the host is still making is asked about before its reversal would cancel it.
    if (payment !== null && (this.reversal.pending === null || this.reversal.pending.stan === payment.stan)) return this.paymentResultQuery();
    if (this.reversal.pending !== null) return this.pendingReversal();
    if (this.advices.length > 0) return this.nextStoredAdvice();
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
    checkSent(sent);
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
      const required = processingRequirementAction(rx.header.processingRequirement);
      if (required.requirement !== 'none') {
        result.required = required;
        this.requirementDigit = required.digit;
      }
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
    if (sent !== undefined) checkSent(sent);
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
  cannotComplete(sent: Outgoing, options?: CannotCompleteOptions): void {
    checkSent(sent);
    options = expectOptions(options);
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
    this.advices = s.advices;
    this.download = s.download;
    this.requirementDigit = s.requirement;
    this.pendingPayment = s.pendingPayment;
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
    // 60.4 is the terminal's read capability, not what one card read proves (BCTC asks for the highest).
    ctx.readCapability = this.config.readCapability ?? DEFAULT_READ_CAPABILITY;
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
    if (when === 'open-batch' && this.advices.length > 0 && !this.sendingStored) {
      throw new Iso8583Error('ADVICES_PENDING', 'stored advices must be sent before new business and the settlement');
    }
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
    const tdk = keyFromHex(this.keys.tdk, this.keys.algorithm);
    try {
      encipherTracks(message, tdk, this.options.provider === undefined ? {} : { provider: this.options.provider });
    } finally {
      tdk.wipe();
    }
  }

  // ---- exchanges ----

  /** The exchange awaiting its answer, if any (always the newest). */
  private current(): ExchangeRecord | undefined {
    // Indexed rather than .at(-1): Array.prototype.at is ES2022, missing from Hermes 0.12 and older engines.
    const last = this.exchanges[this.exchanges.length - 1];
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
            this.fulfilled('3');
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
      case 'sm-sign-in':
        if (approved) {
          try {
            this.installSmKeys(m);
            this.fulfilled('3');
          } catch (e) {
            if (e instanceof Iso8583Error) return e;
            throw e;
          }
        }
        return undefined;
      case 'batch-upload':
      case 'advice-upload':
      case 'ic-tc-upload':
      case 'chip-failure-upload':
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
      case 'tmk-download':
        return undefined;
      case 'list-download':
        // A blacklist run's download (390) moves the run on; other lists are the caller's.
        if (this.download?.run === 'blacklist' && sent.message.get('60.3') === '390') this.applyDownload(m, approved, outcome);
        return undefined;
      case 'status-upload':
        if (approved) this.fulfilled('2');
        return undefined;
      case 'list-download-end':
        if (this.download?.run === 'blacklist' && sent.message.get('60.3') === '391') this.applyDownload(m, approved, outcome);
        else if (approved && sent.message.get('60.3') === '391') this.fulfilled('7');
        return undefined;
      case 'qr-result-query':
        this.applyResultQuery(m, code, authenticated, outcome);
        return undefined;
      default:
        if (DOWNLOAD_KINDS.includes(sent.kind)) {
          this.applyDownload(m, approved, outcome);
          return undefined;
        }
        this.applyFinancial(sent, exchange, m, code, approved, authenticated, outcome);
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
    this.liveMak = keys === null ? null : keyFromHex(keys.mak, keys.algorithm);
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
    this.adoptSignIn(keys, m);
  }

  /** Installs the checked working keys of a sign-in answer (wiping the key objects) and takes the host's batch (60.2). */
  private adoptSignIn(keys: { pik: SecretKey; mak: SecretKey; tdk?: SecretKey | undefined }, m: Message, algorithm?: 'sm4'): void {
    const installed: NonNullable<TerminalState['keys']> = { pik: exportHex(keys.pik), mak: exportHex(keys.mak) };
    if (keys.tdk !== undefined) installed.tdk = exportHex(keys.tdk);
    if (algorithm !== undefined) installed.algorithm = algorithm;
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
  private applyFinancial(
    sent: Outgoing,
    exchange: ExchangeRecord,
    m: Message,
    code: string | undefined,
    approved: boolean,
    authenticated: boolean,
    outcome: ResponseOutcome,
  ): void {
    const kind = sent.kind;
    const def = TRANSACTIONS[kind];
    const pending = this.reversal.pending;
    const owed = pending !== null && pending.stan === sent.stan;
    const stored = new AdviceQueue(this.advices);
    // A stored script result is sent once, whatever comes back (terminals do not resend it).
    if (kind === 'script-notification' && stored.find(kind, sent.stan) !== undefined) stored.remove(sent.stan);
    if (!authenticated) {
      if (owed) this.reversal.setReason('A0');
      return;
    }
    if (code === undefined) {
      if (owed) this.reversal.setReason('06');
      return;
    }
    if (stored.find(kind, sent.stan) !== undefined) stored.remove(sent.stan);
    if (this.paymentStarts(sent, m, code, approved)) {
      outcome.inProgress = true;
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

  /** An advice's request built now, with the STAN and batch it is stored under. */
  private buildStored(advice: StoredAdvice, ctx: BuildContext): Message {
    switch (advice.kind) {
      case 'offline-settlement':
        return buildOfflineSettlement(ctx, advice.input);
      case 'adjustment':
        return buildAdjustment(ctx, this.withOrganisation(advice.input, this.journal.find(advice.input?.original?.stan)));
      case 'tip':
        return buildTip(ctx, this.withOrganisation(advice.input, this.journal.find(advice.input?.original?.stan)));
      case 'preauth-completion-advice':
        return buildPreauthCompletionAdvice(ctx, advice.input);
      case 'ec-offline-upload':
        return buildEcOfflineUpload(ctx, advice.input);
      case 'script-notification':
        return buildScriptNotification(ctx, scriptInput(advice.input));
    }
  }

  /** `input` with the original's kept voucher as its card when the caller gave no card and the original is a scanned-code sale. */
  private withKeptVoucher<T extends { card?: CardInput }>(input: T, original: BatchRecord | undefined): T & { card: CardInput } {
    if (!isPlainObject(input) || input.card !== undefined || original?.kind !== 'sale' || original.entryMode !== QR_ENTRY_MODE || original.voucher === undefined) {
      // Left as given: the builder reports the missing card as it does for any caller.
      return input as T & { card: CardInput };
    }
    return { ...input, card: { entry: 'qr', voucher: original.voucher } };
  }

  /** `input` with 63.1 taken from the original record's card organisation when the caller gave none. */
  private withOrganisation<T extends { cardOrganisation?: string }>(input: T, original: BatchRecord | undefined): T {
    if (!isPlainObject(input) || input.cardOrganisation !== undefined || original?.cardOrganisation === undefined) return input;
    return /^[0-9A-Z]{3}$/.test(original.cardOrganisation) ? { ...input, cardOrganisation: original.cardOrganisation } : input;
  }

  /** Sends the current step of the download run (the caller has checked one is under way). */
  private sendDownloadStep(): Outgoing {
    const p = this.download!;
    return this.send(downloadStepKind(p), (ctx) => downloadStep(p, ctx).message);
  }

  /** A download run's answer: what it brought, and the run's next step (none when it is over). */
  private applyDownload(m: Message, approved: boolean, outcome: ResponseOutcome): void {
    if (this.download === null) return;
    const run = this.download.run;
    const { progress, parameters } = applyDownloadAnswer(this.download, m, approved, this.options.parameters ?? {});
    this.download = progress;
    if (parameters !== undefined) outcome.parameters = parameters;
    if (progress === null) this.fulfilled(RUN_REQUIREMENTS[run]);
  }

  /** Clears the processing requirement `digit` once what it asked for is done. */
  private fulfilled(digit: string): void {
    if (this.requirementDigit === digit) this.requirementDigit = '0';
  }

  /**
   * Whether an authenticated answer leaves a scanned-code payment to be learnt later: a QR sale answered
   * "in progress" (its reversal stays owed until the result is known), or an accepted merchant-presented order.
   */
  private paymentStarts(sent: Outgoing, m: Message, code: string, approved: boolean): boolean {
    const qrSale = sent.kind === 'sale' && sent.message.get('22.1') === '03';
    const inProgress = qrSale && (this.config.inProgressCodes ?? IN_PROGRESS_CODES).includes(code);
    const ordered = sent.kind === 'qr-order' && approved;
    if (!inProgress && !ordered) return false;
    const request = sent.message.toObject();
    delete request.fields['64'];
    // The payment code (59 A3) is single-use and secret: the result query and the booked record need neither.
    const f59 = request.fields['59'];
    if (Array.isArray(f59)) {
      const kept = f59.filter((t) => t.tag !== 'A3');
      if (kept.length > 0) request.fields['59'] = kept;
      else delete request.fields['59'];
    }
    const p: PendingPayment = {
      kind: sent.kind === 'sale' ? 'sale' : 'qr-order',
      stan: sent.stan,
      batch: this.batch,
      amount: String(sent.message.get('4') ?? '').padStart(12, '0'),
      request,
    };
    const date = m.get('13');
    if (typeof date === 'string' && /^[0-9]{4}$/.test(date)) p.date = date;
    const order = field59Tag(sent.message, 'A5');
    if (order !== undefined) p.order = order;
    this.pendingPayment = p;
    return true;
  }

  /** A result query's answer: an authenticated approval books the payment as a sale; a decline ends it; "in progress" keeps it. */
  private applyResultQuery(m: Message, code: string | undefined, authenticated: boolean, outcome: ResponseOutcome): void {
    const p = this.pendingPayment;
    if (p === null || !authenticated || code === undefined) return;
    if ((this.config.inProgressCodes ?? IN_PROGRESS_CODES).includes(code)) {
      outcome.inProgress = true;
      return;
    }
    if (isApproval(code)) {
      const original = this.dialect.decode(this.dialect.encode(p.request));
      const record = batchRecordOf('sale', original, m, this.options.cardClass);
      if (record !== null && this.journal.find(record.stan) === undefined) this.journal.record(record);
    }
    this.pendingPayment = null;
    if (this.reversal.pending?.stan === p.stan) this.reversal.clear(p.stan);
  }

  /** Installs the SM4 working keys of an approved SM sign-in when the SM4 master key is configured (else 62 is the caller's). */
  private installSmKeys(m: Message): void {
    const sm = this.config.smSignIn;
    if (sm?.tmk === undefined) return;
    const raw = m.get('62');
    if (!(raw instanceof Uint8Array)) throw new Iso8583Error('MISSING_FIELD', 'SM sign-in answer has no key block', { path: '62' });
    const tmk = SecretKey.fromHex('sm4', sm.tmk);
    let keys: ReturnType<typeof decryptSmWorkingKeys>;
    try {
      keys = decryptSmWorkingKeys(raw, tmk, { layout: sm.layout ?? SM_KEY_LAYOUT, ...(this.options.provider !== undefined ? { provider: this.options.provider } : {}) });
    } finally {
      tmk.wipe();
    }
    this.adoptSignIn(keys, m, 'sm4');
    this.fulfilled('3');
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
