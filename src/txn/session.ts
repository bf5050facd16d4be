/**
 * A CUP POS terminal session: the STAN counter, batch number, working keys, reversal journal and
 * batch journal of one terminal, and the requests and responses that change them. The whole state
 * is plain data: it is handed to `persist` after every change (before a request goes out), and
 * `TerminalSession.restore` continues from it exactly, so a terminal that restarts mid-exchange
 * still owes the same reversal and uses the next STAN.
 */
import { Iso8583Error } from '../errors.js';
import { isHex, toHex } from '../bytes/hex.js';
import type { CipherProvider } from '../crypto/cipher.js';
import type { CupWorkingKeys } from '../crypto/cup-keys.js';
import { SecretKey } from '../crypto/key.js';
import { cupWorkingKeysFromMessage, type MessageMacOptions, signMessage, verifyMessageMac } from '../crypto/message-mac.js';
import { cupDialect, type CupDialectOptions } from '../message/builtin-dialects.js';
import { encodeCupHeader, type CupHeader } from '../frame/cup-header.js';
import { frameMessage } from '../frame/frame.js';
import { cupFrameProfile } from '../frame/profile.js';
import { encodeTpdu, type Tpdu } from '../frame/tpdu.js';
import type { CompositeValue } from '../codec/values.js';
import type { Dialect } from '../message/dialect.js';
import type { Message } from '../message/message.js';
import { BatchJournal } from './batch-journal.js';
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
  buildBatchUpload,
  buildBatchUploadEnd,
  buildEcho,
  buildIcTcUpload,
  buildSettlement,
  buildSignIn,
  buildSignOut,
  type BatchUploadEndCode,
  type IcTcUploadInput,
  type SignInKeyLayout,
  type TerminalInfo,
} from './management.js';
import {
  batchRecordOf,
  cancelledStanOf,
  checkResponseMatches,
  decideResponse,
  readResponseFrame,
  type ResponseOutcome,
} from './response.js';
import { isApproval } from './response-codes.js';
import { ReversalJournal } from './reversal-journal.js';
import { readReconciliation, type CardClassOptions } from './settlement.js';
import { followingStan, formatStan } from './stan.js';
import { encipherTracks, tracksEnciphered } from './track-fields.js';
import { TRANSACTIONS } from './transaction-table.js';
import type { BatchJournalState, ReversalJournalState, TransactionKind } from './types.js';

/** What identifies a terminal to its acquirer and how it talks to it. Plain data. */
export interface TerminalConfig {
  /** Field 41, 8 characters. */
  terminalId: string;
  /** Field 42, 15 characters. */
  merchantId: string;
  /** Terminal master key as hex (16, 32 or 48 digits): it decrypts the working keys of each sign-in. */
  tmk: string;
  /** 60.3 of the sign-in (default `003`). */
  keyLayout?: SignInKeyLayout;
  tpdu: Tpdu;
  /** The CUP header sent with every request (processing requirement `0`). */
  header: CupHeader;
  /** 63.1 operator code (default `001`). */
  operator?: string;
  /** Options of the CUP dialect built when the session is given none. */
  dialectOptions?: CupDialectOptions;
  /** 60.4 of financial requests; default: what the card read proves. */
  readCapability?: string;
  /** Field 62 of the sign-in; left out when absent. */
  terminalInfo?: TerminalInfo;
}

/** Everything a terminal must keep across restarts. Plain JSON data; it holds keys and PANs, so store it as such. */
export interface TerminalState {
  config: TerminalConfig;
  /** The last STAN sent (0 before the first); the next request uses the one after it. */
  stan: number;
  /** 60.2 of requests: from the last sign-in response, advanced when a batch is closed. */
  batch: string;
  signedIn: boolean;
  /** Clear working keys as hex, as installed from the last 0810. */
  keys: { pik: string; mak: string; tdk?: string } | null;
  reversal: ReversalJournalState;
  batchJournal: BatchJournalState;
}

/** A request ready to send: its message (signed when the table says so), body and whole frame. */
export interface Outgoing {
  kind: TransactionKind;
  stan: string;
  message: Message;
  body: Uint8Array;
  frame: Uint8Array;
}

export interface SessionOptions {
  /** Called with a copy of the state after every change, before any request built by that change is returned. */
  persist?(state: TerminalState): void;
  provider?: CipherProvider;
  now?(): Date;
  /** The dialect to build and read messages with (default: `cupDialect(config.dialectOptions)` without GBK). */
  dialect?: Dialect;
  /** How messages are MACed (default CUP ECB). */
  mac?: Omit<MessageMacOptions, 'provider'>;
  /** How PANs are split into domestic and foreign cards for settlement. */
  cardClass?: CardClassOptions;
}

/** Input of a batch-upload end: the 60.3 code and, by default, the count of un-voided records in the batch. */
export interface BatchUploadEndRequest {
  code: BatchUploadEndCode;
  count?: number;
}

type BuilderInput<F extends (ctx: BuildContext, input: never) => Message> = Parameters<F>[1];

const FIRST_BATCH = '000001';
const DEFAULT_OPERATOR = '001';
const KEY_LAYOUTS: readonly string[] = ['001', '003', '004'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPrintable(s: unknown, min: number, max: number): boolean {
  return typeof s === 'string' && s.length >= min && s.length <= max && /^[\x20-\x7E]*$/.test(s);
}

function isKeyHex(s: unknown, lengths: readonly number[]): boolean {
  return typeof s === 'string' && lengths.includes(s.length) && isHex(s);
}

/** Every problem of a terminal configuration, each with the setting's path. */
function configProblems(config: unknown, base: string): Iso8583Error[] {
  const out: Iso8583Error[] = [];
  const add = (path: string, detail: string, expected?: string) =>
    out.push(new Iso8583Error('INVALID_CONFIG', detail, { path: `${base}.${path}`, expected }));
  if (!isPlainObject(config)) {
    out.push(new Iso8583Error('INVALID_CONFIG', 'terminal configuration must be an object', { path: base }));
    return out;
  }
  const c = config as Partial<TerminalConfig>;
  if (!isPrintable(c.terminalId, 8, 8)) add('terminalId', 'terminal ID must be 8 printable ASCII characters', 'ans 8');
  if (!isPrintable(c.merchantId, 15, 15)) add('merchantId', 'merchant ID must be 15 printable ASCII characters', 'ans 15');
  if (!isKeyHex(c.tmk, [16, 32, 48])) add('tmk', 'TMK must be 16, 32 or 48 hex digits', 'hex 16, 32 or 48');
  if (c.keyLayout !== undefined && !KEY_LAYOUTS.includes(c.keyLayout)) add('keyLayout', 'key layout must be 001, 003 or 004', '001, 003 or 004');
  if (c.operator !== undefined && !isPrintable(c.operator, 1, 3)) add('operator', 'operator code must be 1 to 3 printable ASCII characters', 'ans 1..3');
  if (c.readCapability !== undefined && !(typeof c.readCapability === 'string' && /^[0-9]$/.test(c.readCapability))) {
    add('readCapability', 'read capability must be one digit', 'n 1');
  }
  for (const [path, check] of [
    ['tpdu', () => encodeTpdu(c.tpdu!)],
    ['header', () => encodeCupHeader(c.header!)],
  ] as const) {
    try {
      if (!isPlainObject(c[path])) throw new Error();
      check();
    } catch {
      add(path, path === 'tpdu' ? 'TPDU must have a 2-digit hex id and 4-digit hex addresses' : 'CUP header must have its five digit groups', path === 'tpdu' ? 'Tpdu' : 'CupHeader');
    }
  }
  if (c.terminalInfo !== undefined) {
    const info = c.terminalInfo as Partial<TerminalInfo>;
    if (!isPlainObject(info) || !isPrintable(info.licence, 4, 4) || !isPrintable(info.serial, 1, 95)) {
      add('terminalInfo', 'terminal information needs a 4-character licence and a 1 to 95 character serial', 'TerminalInfo');
    }
  }
  return out;
}

function badState(detail: string, path: string): Iso8583Error {
  return new Iso8583Error('BAD_STATE', detail, { path });
}

/** Checks a persisted state's own members (the journals check theirs when they are built). */
function checkState(state: unknown): asserts state is TerminalState {
  if (!isPlainObject(state)) throw badState('terminal state must be an object', 'state');
  const s = state as Partial<TerminalState>;
  const first = configProblems(s.config, 'config')[0];
  if (first) throw badState('terminal configuration is not valid', first.path!);
  if (!(typeof s.stan === 'number' && Number.isInteger(s.stan) && s.stan >= 0 && s.stan <= 999999)) {
    throw badState('last STAN must be a whole number from 0 to 999999', 'stan');
  }
  if (!(typeof s.batch === 'string' && /^[0-9]{6}$/.test(s.batch))) throw badState('batch number must be 6 digits', 'batch');
  if (typeof s.signedIn !== 'boolean') throw badState('signed-in flag must be true or false', 'signedIn');
  const keys = s.keys;
  if (keys !== null) {
    if (!isPlainObject(keys)) throw badState('keys must be an object or null', 'keys');
    if (!isKeyHex(keys.pik, [16, 32, 48])) throw badState('PIK must be 16, 32 or 48 hex digits', 'keys.pik');
    if (!isKeyHex(keys.mak, [16, 32, 48])) throw badState('MAK must be 16, 32 or 48 hex digits', 'keys.mak');
    if (keys.tdk !== undefined && !isKeyHex(keys.tdk, [16, 32, 48])) throw badState('TDK must be 16, 32 or 48 hex digits', 'keys.tdk');
  }
  if (!isPlainObject(s.reversal)) throw badState('reversal journal state must be an object', 'reversal');
  if (!isPlainObject(s.batchJournal)) throw badState('batch journal state must be an object', 'batchJournal');
}

/** A deep copy of plain JSON data. */
function copyData<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

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

/** One terminal's conversation with its acquirer: builds, signs and frames requests, and applies responses. */
export class TerminalSession {
  private readonly config: TerminalConfig;
  private stan: number;
  private batch: string;
  private signedIn: boolean;
  private keys: TerminalState['keys'] = null;
  /** The MAK of `keys` as a key object: made once per install or restore, wiped when replaced, so its keyed cipher is reused. */
  private liveMak: SecretKey | null = null;
  private readonly reversal: ReversalJournal;
  private readonly journal: BatchJournal;
  private readonly dialect: Dialect;
  private readonly options: SessionOptions;
  /** Set by every change since the last `persist`. */
  private dirty = false;

  private constructor(state: TerminalState, options: SessionOptions) {
    const s = copyData(state);
    this.config = s.config;
    this.stan = s.stan;
    this.batch = s.batch;
    this.signedIn = s.signedIn;
    this.replaceKeys(s.keys);
    const mark = () => {
      this.dirty = true;
    };
    this.reversal = new ReversalJournal(s.reversal, mark);
    this.journal = new BatchJournal(s.batchJournal, mark);
    this.options = options;
    this.dialect = options.dialect ?? cupDialect(s.config.dialectOptions ?? {});
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
      },
      options,
    );
    session.dirty = true;
    session.flush();
    return session;
  }

  /** The session a persisted state describes, continuing exactly where it stopped; throws `BAD_STATE` on a damaged state. */
  static restore(state: TerminalState, options: SessionOptions = {}): TerminalSession {
    checkState(state);
    return new TerminalSession(state, options);
  }

  /** A deep, JSON-serialisable copy of the whole state. */
  state(): TerminalState {
    const s: TerminalState = {
      config: copyData(this.config),
      stan: this.stan,
      batch: this.batch,
      signedIn: this.signedIn,
      keys: this.keys === null ? null : { ...this.keys },
      reversal: this.reversal.state(),
      batchJournal: this.journal.state(),
    };
    return s;
  }

  /** Takes the next STAN (000001 … 999999, then 000001 again) and persists it. */
  nextStan(): string {
    this.stan = followingStan(this.stan);
    this.dirty = true;
    this.flush();
    return formatStan(this.stan);
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

  /** 回响测试: allowed at any time, even before sign-in or with a reversal pending. */
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

  /** 消费撤销; its approval voids the original record. */
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

  /** 预授权完成通知 (offline advice). */
  preauthCompletionAdvice(input: BuilderInput<typeof buildPreauthCompletionAdvice>): Outgoing {
    return this.request('preauth-completion-advice', (ctx) => buildPreauthCompletionAdvice(ctx, input));
  }

  /** 离线结算 (offline advice; a debit in the totals). */
  offlineSettlement(input: BuilderInput<typeof buildOfflineSettlement>): Outgoing {
    return this.request('offline-settlement', (ctx) => buildOfflineSettlement(ctx, input));
  }

  /** 结算调整 (advice; the totals are left to the caller's records). */
  adjustment(input: BuilderInput<typeof buildAdjustment>): Outgoing {
    return this.request('adjustment', (ctx) => buildAdjustment(ctx, input));
  }

  /** 追加小费 (advice; the totals are left to the caller's records). */
  tip(input: BuilderInput<typeof buildTip>): Outgoing {
    return this.request('tip', (ctx) => buildTip(ctx, input));
  }

  /** 批结算: the 0500 with the batch journal's totals. */
  settle(options: { currency?: string } = {}): Outgoing {
    const totals = this.journal.totals();
    return this.request('settlement', (ctx) =>
      buildSettlement(ctx, options.currency === undefined ? { totals } : { totals, currency: options.currency }),
    );
  }

  /** 批上送: one 0320 (201) per eight un-voided records of the batch, each with its own STAN; empty when the batch is. */
  batchUpload(): Outgoing[] {
    const chunks = this.journal.uploadBatches();
    if (chunks.length === 0) return [];
    this.guard('batch-upload');
    const out: Outgoing[] = [];
    let last = this.stan;
    for (const chunk of chunks) {
      last = followingStan(last);
      const stan = formatStan(last);
      const message = buildBatchUpload(this.context(stan), chunk);
      out.push(this.outgoing('batch-upload', stan, message));
    }
    this.stan = last;
    this.dirty = true;
    this.flush();
    return out;
  }

  /** 批上送结束: 202 after a balanced settlement, 207 after an unbalanced one; count defaults to the batch's un-voided records. */
  batchUploadEnd(input: BatchUploadEndRequest): Outgoing {
    const count = input.count ?? this.journal.records().filter((r) => !r.voided).length;
    return this.request('batch-upload-end', (ctx) => buildBatchUploadEnd(ctx, { code: input.code, count }));
  }

  /** IC卡 TC 上送 (203 / 205) of one chip transaction. */
  icTcUpload(input: IcTcUploadInput): Outgoing {
    return this.request('ic-tc-upload', (ctx) => buildIcTcUpload(ctx, input));
  }

  /** The signed 0400 that must go out before anything else, or null when no reversal is owed. */
  pendingReversal(): Outgoing | null {
    const pending = this.reversal.pending;
    if (pending === null) return null;
    const message = this.reversal.buildReversal(this.dialect);
    return this.outgoing('reversal', pending.stan, message);
  }

  /**
   * Applies the host's answer to `sent`: checks it answers it (MTI, 11, 41, 42), verifies its MAC,
   * classifies field 39, installs sign-in keys, reads a settlement's reconciliation, journals
   * approvals and settles the pending reversal. Throws `RESPONSE_MISMATCH` (nothing changes) for an
   * answer to something else, and `KCV_MISMATCH` (old keys kept) for a sign-in whose keys fail
   * their check values.
   */
  handleResponse(sent: Outgoing, frame: Uint8Array): ResponseOutcome {
    const rx = readResponseFrame(this.dialect, frame);
    const m = rx.message;
    const kind = sent.kind;
    checkResponseMatches(kind, sent.message, m);
    const code39 = m.get('39');
    const code = typeof code39 === 'string' ? code39 : undefined;
    const macValid = this.checkMac(kind, rx.body, m, code);
    const decision = decideResponse(kind, code, macValid);
    const outcome: ResponseOutcome = {
      kind,
      message: m,
      action: decision.action,
      approved: decision.approved,
      processingRequirement: rx.header.processingRequirement,
    };
    if (code !== undefined) outcome.code = code;
    if (decision.info !== undefined) outcome.info = decision.info;
    if (macValid !== undefined) outcome.macValid = macValid;

    if (kind === 'sign-in') {
      if (decision.approved) this.installKeys(sent, m);
    } else if (kind === 'sign-out') {
      if (decision.approved) this.signOff();
    } else if (kind === 'settlement') {
      const f48 = m.get('48');
      // A host that answers without 48 leaves the result unknown; decoded 48 is text or the settlement subfields.
      if (typeof f48 === 'string' || (isPlainObject(f48) && !(f48 instanceof Uint8Array))) {
        const r = readReconciliation(f48 as string | CompositeValue);
        outcome.reconciliation = { domestic: r.domestic, foreign: r.foreign };
      }
    } else if (kind === 'batch-upload-end') {
      if (decision.approved) this.closeBatch();
    } else if (kind === 'reversal') {
      // Any trusted answer means the host has the reversal; a bad MAC leaves it owed.
      if (macValid !== false) {
        this.journal.voidRecord(sent.stan);
        this.reversal.clear(sent.stan);
      }
    } else {
      this.applyFinancial(sent, m, decision.approved, code, macValid);
    }
    this.flush();
    return outcome;
  }

  /** No answer in time: a reversible request's reversal stays owed with reason 98; a reversal's own attempt is counted. */
  noResponse(sent: Outgoing): void {
    const pending = this.reversal.pending;
    if (pending === null || pending.stan !== sent.stan) return;
    if (sent.kind === 'reversal') this.reversal.attempted();
    else if (TRANSACTIONS[sent.kind].reversible) this.reversal.setReason('98');
    this.flush();
  }

  /** The host approved `sent` but the terminal could not finish it (printer, card removed …): it is reversed with reason 96. */
  cannotComplete(sent: Outgoing): void {
    if (!TRANSACTIONS[sent.kind].reversible) {
      throw new Iso8583Error('NOT_REVERSIBLE', 'this transaction is not reversed', { expected: 'a reversible transaction' });
    }
    const pending = this.reversal.pending;
    if (pending !== null && pending.stan !== sent.stan) {
      throw new Iso8583Error('REVERSAL_PENDING', 'another reversal must be sent first');
    }
    if (pending === null) this.reversal.journal(sent.kind, sent.message);
    this.reversal.setReason('96');
    this.journal.voidRecord(sent.stan);
    this.flush();
  }

  // ---- internals ----

  private flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.options.persist?.(this.state());
  }

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

  private guard(kind: TransactionKind): void {
    if (TRANSACTIONS[kind].when === 'always') return;
    if (this.reversal.pending !== null) {
      throw new Iso8583Error('REVERSAL_PENDING', 'a pending reversal must be sent before any new request');
    }
    if (!this.signedIn) throw new Iso8583Error('NOT_SIGNED_IN', 'terminal must sign in before this request');
  }

  /** Builds with the next STAN, signs, frames, then commits the STAN (and journals a reversible request) and persists. */
  private request(kind: TransactionKind, build: (ctx: BuildContext) => Message): Outgoing {
    this.guard(kind);
    const next = followingStan(this.stan);
    const stan = formatStan(next);
    const message = build(this.context(stan));
    if (tracksEnciphered(message)) this.encipherTracks(message);
    const out = this.outgoing(kind, stan, message);
    this.stan = next;
    this.dirty = true;
    if (TRANSACTIONS[kind].reversible) this.reversal.journal(kind, out.message);
    this.flush();
    return out;
  }

  private outgoing(kind: TransactionKind, stan: string, message: Message): Outgoing {
    const body = TRANSACTIONS[kind].mac ? signMessage(this.dialect, message, this.mak(), this.macOptions()) : this.dialect.encode(message);
    const frame = frameMessage(cupFrameProfile, { tpdu: this.config.tpdu, header: this.config.header, body });
    return { kind, stan, message, body, frame };
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
   * Whether the response MAC verifies: undefined when the exchange carries none or no key is held;
   * false when it fails, when it is misplaced, or when an approval comes without one.
   */
  private checkMac(kind: TransactionKind, body: Uint8Array, m: Message, code: string | undefined): boolean | undefined {
    if (!TRANSACTIONS[kind].mac || this.keys === null) return undefined;
    if (!m.has('64')) return code !== undefined && isApproval(code) ? false : undefined;
    try {
      return verifyMessageMac(this.dialect, body, this.mak(), this.macOptions());
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
    if (typeof batch === 'string' && /^[0-9]{6}$/.test(batch) && batch !== this.batch) {
      this.batch = batch;
      // Records of an unsettled batch stay with their own batch number until settlement closes it.
      if (this.journal.records().length === 0) this.journal.reset(batch);
    }
    this.dirty = true;
  }

  private signOff(): void {
    this.signedIn = false;
    this.replaceKeys(null);
    this.dirty = true;
  }

  /** After the batch-upload end is accepted, the batch is closed: its journal emptied and the next batch number begun. */
  private closeBatch(): void {
    this.batch = followingBatch(this.batch);
    this.journal.reset(this.batch);
    this.dirty = true;
  }

  private applyFinancial(sent: Outgoing, m: Message, approved: boolean, code: string | undefined, macValid: boolean | undefined): void {
    const kind = sent.kind;
    const reversible = TRANSACTIONS[kind].reversible;
    if (reversible) {
      const pending = this.reversal.pending;
      const owed = pending !== null && pending.stan === sent.stan;
      if (macValid === false) {
        if (owed) this.reversal.setReason('A0');
        return;
      }
      if (code === undefined) {
        if (owed) this.reversal.setReason('06');
        return;
      }
    } else if (macValid === false) {
      return;
    }
    if (approved) {
      const record = batchRecordOf(kind, sent.message, m, this.options.cardClass);
      // A repeated delivery of the same answer must not count twice.
      if (record !== null && this.journal.find(record.stan) === undefined) this.journal.record(record);
      const cancelled = cancelledStanOf(kind, sent.message);
      if (cancelled !== undefined) this.journal.voidRecord(cancelled);
    }
    if (reversible) this.reversal.clear(sent.stan);
  }
}
