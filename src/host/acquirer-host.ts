/**
 * A CUP POS acquirer host assembled from the host kit: it takes a framed request and returns the framed answer.
 * It checks the request against the transaction table, verifies its MAC with the working keys it was made with,
 * issues keys at sign-in, translates PINs to the issuer's zone, claims every reversible request in the ledger so
 * reversals are answered once and the same on every worker, numbers answers with unique RRNs and authorisation
 * codes, and MACs the answer. What to approve is the caller's `authorize`; everything it shares with other
 * workers sits in one `HostStore`.
 */
import { expectBytes } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering, redactedBytes } from '../redaction.js';
import type { CipherProvider } from '../crypto/cipher.js';
import type { CupKeyLayout } from '../crypto/cup-keys.js';
import type { KeyInput } from '../crypto/key.js';
import { type MessageMacOptions, signMessage, verifyDecodedMessageMac } from '../crypto/message-mac.js';
import type { PinBlockFormat } from '../crypto/pin/pin-block.js';
import { frameMessage, unframeMessage } from '../frame/frame.js';
import { cupFrameProfile } from '../frame/profile.js';
import { swapTpdu } from '../frame/tpdu.js';
import { cupDialect } from '../message/builtin-dialects.js';
import type { Dialect } from '../message/dialect.js';
import type { MessageInput } from '../message/engine.js';
import type { Message } from '../message/message.js';
import { respondTo, type RespondOptions } from '../txn/host-responder.js';
import { isApproval } from '../txn/response-codes.js';
import { panOf } from '../txn/response.js';
import { decipherTracks, tracksEnciphered } from '../txn/track-fields.js';
import { identifyTransaction, textAt, TRANSACTIONS } from '../txn/transaction-table.js';
import type { TransactionKind } from '../txn/types.js';
import { validateRequest } from '../txn/validate-request.js';
import { createAuthCodeGenerator, createRrnGenerator, type IdentifierGenerator } from './identifiers.js';
import { type GeneratedKeys, issueWorkingKeys, type KeyIssueOptions } from './key-issuance.js';
import { createKeyStore, type DesKeyInput, type KeyStore, type TerminalKeys, type WorkingKeySet } from './key-store.js';
import { pinBlockFormatOf, translatePinBlock } from './pin-translation.js';
import { type AnswerFacts, type ClaimOutcome, type LedgerOriginal, type LedgerRef, ReversalLedger } from './reversal-ledger.js';
import { type MaybePromise, runSteps, runStepsNow, type Steps, wait } from './steps.js';
import { checkStore, type HostStore, MemoryHostStore } from './store.js';

/** A request as `authorize` sees it: checked against the table, its MAC verified, its tracks deciphered. */
export interface HostRequest {
  kind: TransactionKind;
  /** The decoded request. Host-side: it holds card data, so keep it out of logs. */
  message: Message;
  terminalId: string;
  /** The working keys the request was MACed with (for requests without a MAC: the current ones, if any). */
  keys?: WorkingKeySet;
  /** Field 52 re-enciphered under the `pinZone` key, when the request carries a PIN and a zone is set. */
  pinBlock?: Uint8Array;
}

/** What `authorize` decided about a request. */
export interface Authorization {
  /** Field 39 of the answer. */
  responseCode: string;
  /** Why, for the exchange summary (no card data). */
  reason?: string;
  /** Fields set on the answer over what the host derives, by path (54 balance, 59 voucher, 55 issuer data, 60.2 batch…). */
  fields?: MessageInput['fields'];
  /** Settlement: the reconciliation results of 48.1.5 and 48.2.5. */
  reconciliation?: RespondOptions['reconciliation'];
  /** Runs once the answer exists (RRN, authorisation code, date) and before it is sent: where an approval is recorded. */
  onAnswer?: (answer: Message) => MaybePromise<void>;
}

/** What the host did with one frame, for logs: no card data, no keys. */
export interface ExchangeSummary {
  mti?: string;
  kind?: TransactionKind;
  terminalId?: string;
  stan?: string;
  /** Field 39 of the answer; absent when there is none. */
  responseCode?: string;
  reason: string;
  /** A reversal answered again from the ledger. */
  repeated?: boolean;
  /** The generation of the working keys that verified the request's MAC. */
  keyGeneration?: number;
}

/** One frame taken in: the decoded request and answer (when there were), the framed answer, and the summary. */
export interface HostReply {
  request?: Message;
  answer?: Message;
  /** The framed answer, or null when the host gives none (unreadable frame, failing store). */
  response: Uint8Array | null;
  summary: ExchangeSummary;
  /** Why there is no answer. */
  error?: Iso8583Error;
}

/** How an {@link AcquirerHost} is set up; only `authorize` is required. */
export interface AcquirerHostOptions {
  /** Decides every request but reversals (which the ledger answers): a response code, or an {@link Authorization}. */
  authorize: (request: HostRequest) => MaybePromise<Authorization | string>;
  /** Shared state of every worker and host machine: keys, ledger, RRN and authorisation-code counters (default: this process's memory). */
  store?: HostStore;
  /** The TDES key every stored key is enciphered under; required with a `store` of your own (see `createKeyStore`). */
  storageKey?: KeyInput;
  /** Keys kept elsewhere (an HSM, your own tables); default: a key store over `store`. */
  keyStore?: KeyStore;
  /** Told once, on one worker, of each approved original a reversal cancels: give the money back here. */
  onReversal?: (original: LedgerOriginal) => MaybePromise<void>;
  /** Told of every frame taken in, answered or not. */
  onExchange?: (summary: ExchangeSummary) => void;
  /** Told why a frame got no answer, and of a failing `authorize` or `onReversal`. */
  onError?: (error: Iso8583Error) => void;
  /** The issuer's zone: PIN blocks are translated to this key and format before `authorize` sees them. */
  pinZone?: { key: KeyInput; format: PinBlockFormat };
  /** How 53.1 names the terminals' PIN-block formats (default `CUP_PIN_FORMATS`). */
  pinFormats?: Readonly<Record<string, PinBlockFormat>>;
  /** Dialect of requests and answers (default: the portable CUP dialect). */
  dialect?: Dialect;
  /** MAC scheme and settings (default CUP ECB). */
  mac?: Omit<MessageMacOptions, 'provider'>;
  /** How sign-in keys are made: random source, MAK length. */
  keyIssue?: Omit<KeyIssueOptions, 'provider'>;
  /** RRN source (default: `createRrnGenerator` over `store`). */
  rrn?: IdentifierGenerator;
  /** Authorisation-code source (default: `createAuthCodeGenerator` over `store`). */
  authCode?: IdentifierGenerator;
  /** Clock of the answers' 12, 13 and 15 (default: the current time). */
  now?: () => Date;
  /** Digit 6 of the CUP header of every answer (default `0`). */
  processingRequirement?: string;
  provider?: CipherProvider;
}

const HOST_FIELDS = ['12', '13', '15', '37', '38', '39'];

/** Why a reversible request whose terminal, batch and STAN were used before is refused (94). */
const DUPLICATE_REASON: Readonly<Record<Exclude<ClaimOutcome, 'claimed'>, string>> = {
  approved: 'duplicate transaction: this STAN was already approved in the batch',
  declined: 'duplicate transaction: this STAN was already declined in the batch',
  pending: 'duplicate transaction: this STAN is being decided',
  reversed: 'duplicate transaction: this STAN was already reversed',
};
const LAYOUTS: readonly string[] = ['001', '003', '004'];

function facts(answer: Message): AnswerFacts {
  const out: Record<string, string> = {};
  for (const f of HOST_FIELDS) {
    const v = textAt(answer, f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

function asAuthorization(value: Authorization | string): Authorization {
  if (typeof value === 'string') return { responseCode: value };
  if (value === null || typeof value !== 'object' || typeof value.responseCode !== 'string') {
    throw new Iso8583Error('BAD_ARGUMENT', 'authorize must give a response code or { responseCode }', { path: 'authorize', expected: 'string or Authorization' });
  }
  return value;
}

function configProblem(path: string, expected: string): Iso8583Error {
  return new Iso8583Error('INVALID_CONFIG', `${path} must be ${expected}`, { path, expected });
}

/** The shapes of the options besides `authorize`, `store` and the header digit (checked where they are used). */
function checkHostOptions(options: AcquirerHostOptions): void {
  for (const name of ['onReversal', 'onExchange', 'onError', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw configProblem(name, 'a function');
  }
  const keyStore = options.keyStore as Partial<KeyStore> | undefined;
  if (keyStore !== undefined && (keyStore === null || (['get', 'register', 'install', 'withdraw'] as const).some((m) => typeof keyStore[m] !== 'function'))) {
    throw configProblem('keyStore', 'a KeyStore (get, register, install, withdraw)');
  }
  for (const name of ['rrn', 'authCode'] as const) {
    const g = options[name];
    if (g !== undefined && (g === null || typeof g.next !== 'function')) throw configProblem(name, 'an identifier generator (next)');
  }
  const zone = options.pinZone;
  if (zone !== undefined && (zone === null || typeof zone !== 'object' || zone.key === undefined || zone.format === undefined)) {
    throw configProblem('pinZone', 'a zone key and PIN-block format');
  }
}

function checkDigit(digit: unknown): string {
  if (typeof digit !== 'string' || !/^[0-9]$/.test(digit)) {
    throw new Iso8583Error('INVALID_CONFIG', 'processing requirement must be one digit', { path: 'processingRequirement', expected: 'n 1' });
  }
  return digit;
}

function checkResponseCode(code: string): void {
  if (!/^[0-9A-Z]{2}$/.test(code)) {
    throw new Iso8583Error('BAD_CODE', 'response code must be two digits or capital letters', { path: '39', expected: 'an 2' });
  }
}

/** A decision of the host's own, before or instead of `authorize`, and what follows from it once the answer exists. */
interface Verdict extends Authorization {
  reason: string;
  /** Keys to MAC the answer with. */
  mak?: WorkingKeySet;
  /** The ledger claim this request holds, settled with the answer. */
  claim?: LedgerRef;
  /** Sign-in: the keys to install once the answer carrying them exists. */
  install?: GeneratedKeys;
  /** Sign-out: the working keys are dropped. */
  withdraw?: boolean;
  /** A reversal answered again from the ledger. */
  repeated?: boolean;
}

/** A CUP POS acquirer host built from the host kit; see the module comment. */
export class AcquirerHost {
  /** Each terminal's TMK and working keys. */
  readonly keys: KeyStore;
  /** Reversible requests and their reversals. */
  readonly ledger: ReversalLedger;
  private readonly options: AcquirerHostOptions;
  /** The dialect of requests and answers. */
  readonly dialect: Dialect;
  private readonly rrn: IdentifierGenerator;
  private readonly authCode: IdentifierGenerator;
  private digit6: string;

  /** A host; throws `INVALID_CONFIG` for a missing `authorize` or a bad header digit, and the key store's own errors. */
  constructor(options: AcquirerHostOptions) {
    if (options === null || typeof options !== 'object' || typeof options.authorize !== 'function') {
      throw new Iso8583Error('INVALID_CONFIG', 'the host needs an authorize function', { path: 'authorize', expected: 'function' });
    }
    checkHostOptions(options);
    const digit = checkDigit(options.processingRequirement ?? '0');
    const store = options.store === undefined ? new MemoryHostStore() : checkStore(options.store);
    this.options = options;
    this.digit6 = digit;
    this.dialect = options.dialect ?? cupDialect();
    this.keys = options.keyStore ?? createKeyStore({ store, ...(options.storageKey === undefined ? {} : { storageKey: options.storageKey }), ...this.provider() });
    this.ledger = new ReversalLedger({ store });
    this.rrn = options.rrn ?? createRrnGenerator({ store, ...(options.now === undefined ? {} : { now: options.now }) });
    this.authCode = options.authCode ?? createAuthCodeGenerator({ store });
  }

  /** Digit 6 of the CUP header of every answer: what the host asks terminals to do next. */
  get processingRequirement(): string {
    return this.digit6;
  }

  /** Sets digit 6 of the CUP header of later answers, e.g. `3` to have every terminal sign in again. */
  setProcessingRequirement(digit: string): void {
    this.digit6 = checkDigit(digit);
  }

  /** Registers a terminal with its TMK (hex text of 16, 32 or 48 digits, or a key). */
  register(terminalId: string, tmk: DesKeyInput): MaybePromise<void> {
    return this.keys.register(terminalId, tmk);
  }

  /** The framed answer to a framed request, or null when there is none (`onError` is told why). */
  async handle(frame: Uint8Array): Promise<Uint8Array | null> {
    return (await this.exchange(frame)).response;
  }

  /**
   * Takes one framed request and gives everything the host did with it. Rejects only on a fault of the program,
   * never of the input: bytes that are no request get a reply without an answer, while a frame that is not bytes
   * at all (no connection delivers one) is refused as `BAD_ARGUMENT`.
   */
  async exchange(frame: Uint8Array): Promise<HostReply> {
    expectBytes(frame, 'frame');
    return runSteps(this.steps(frame));
  }

  /**
   * {@link exchange} synchronously, for hosts whose store, key store and callbacks all answer at once (in-memory
   * state, a simulator); throws `NOT_SYNCHRONOUS` when one of them returns a promise.
   */
  exchangeNow(frame: Uint8Array): HostReply {
    expectBytes(frame, 'frame');
    return runStepsNow(this.steps(frame), 'the host');
  }

  private *steps(frame: Uint8Array): Steps<HostReply> {
    const summary: ExchangeSummary = { reason: '' };
    let request: Message | undefined;
    try {
      const parts = unframeMessage(cupFrameProfile, frame);
      // The decoded message keeps views of its bytes: a copy keeps it apart from a buffer the caller reuses.
      const body = parts.body.slice();
      request = this.dialect.decode(body);
      const kind = identifyTransaction(request);
      Object.assign(summary, { mti: request.mti, kind, terminalId: textAt(request, '41'), stan: textAt(request, '11') });
      if (kind === undefined) throw new Iso8583Error('UNKNOWN_TRANSACTION', 'request matches no transaction of the CUP POS table');
      if (request.mti !== TRANSACTIONS[kind].mti) throw new Iso8583Error('NOT_A_REQUEST', 'message is a response, not a request');

      const verdict = yield* this.decide(kind, request, body, summary);
      const answer = yield* this.answer(kind, request, verdict, summary);
      const response = frameMessage(cupFrameProfile, {
        tpdu: swapTpdu(parts.tpdu),
        header: { ...parts.header, processingRequirement: this.processingRequirement },
        body: answer.body,
      });
      summary.responseCode = verdict.responseCode;
      summary.reason = verdict.reason;
      this.options.onExchange?.(summary);
      return hostReply({ request, answer: answer.message, response, summary });
    } catch (e) {
      if (!(e instanceof Iso8583Error) || e.code === 'NOT_SYNCHRONOUS') throw e;
      summary.reason = `no answer: ${e.message}`;
      this.options.onError?.(e);
      this.options.onExchange?.(summary);
      return hostReply({ ...(request === undefined ? {} : { request }), response: null, summary, error: e });
    }
  }

  // ---- deciding ----

  private *decide(kind: TransactionKind, request: Message, body: Uint8Array, summary: ExchangeSummary): Steps<Verdict> {
    const terminalId = textAt(request, '41');
    const keys = terminalId === undefined ? undefined : yield* wait(this.keys.get(terminalId));
    const current = keys?.current;
    try {
      validateRequest(request, { unsigned: true });
    } catch (e) {
      if (e instanceof Iso8583Error && (e.code === 'MISSING_FIELDS' || e.code === 'INVALID_REQUEST')) {
        return { responseCode: '30', reason: 'format error: request lacks fields or its codes disagree', ...macWith(current) };
      }
      throw e;
    }
    if (keys === undefined) return { responseCode: '97', reason: 'terminal not registered' };
    let used = current;
    if (TRANSACTIONS[kind].mac) {
      if (current === undefined) return { responseCode: 'A0', reason: 'terminal not signed in: no MAC key' };
      if (!request.has('64')) return { responseCode: 'A0', reason: 'request carries no MAC', mak: current };
      used = this.macKeys(keys, body, request);
      if (used === undefined) return { responseCode: 'A0', reason: 'MAC mismatch', mak: current };
      summary.keyGeneration = used.generation;
    }
    if (tracksEnciphered(request)) {
      if (used?.tdk === undefined) return { responseCode: 'A7', reason: 'enciphered tracks but no TDK issued to the terminal', ...macWith(used) };
      decipherTracks(request, used.tdk, this.provider());
    }
    const host = hostRequest({ kind, message: request, terminalId: terminalId!, ...(used === undefined ? {} : { keys: used }) });
    if (request.get('52') instanceof Uint8Array && this.options.pinZone !== undefined) {
      const pinBlock = this.translatePin(request, used);
      if (pinBlock === undefined) return { responseCode: '99', reason: 'PIN block does not decode', ...macWith(used) };
      host.pinBlock = pinBlock;
    }
    if (kind === 'reversal') return yield* this.reversal(request, terminalId!, used);
    let claimed: LedgerRef | undefined;
    if (TRANSACTIONS[kind].reversible) {
      const ref = ledgerRef(request, terminalId!);
      const amount = textAt(request, '4');
      const claim = yield* wait(this.ledger.claim(ref, { kind, ...(amount === undefined ? {} : { amount }) }));
      if (claim !== 'claimed') return { responseCode: '94', reason: DUPLICATE_REASON[claim], ...macWith(used) };
      claimed = ref;
    }
    const decided = yield* this.authorize(host);
    const approved = isApproval(decided.responseCode);
    const verdict: Verdict = { ...decided, reason: decided.reason ?? (approved ? 'approved' : 'declined'), ...macWith(used) };
    if (claimed !== undefined) verdict.claim = claimed;
    if (kind === 'sign-in' && approved) return this.signIn(verdict, request, keys);
    if (kind === 'sign-out' && approved) verdict.withdraw = true;
    return verdict;
  }

  /** The keys of the generation whose MAK verifies the request: the current ones, else the previous ones. */
  private macKeys(keys: TerminalKeys, body: Uint8Array, request: Message): WorkingKeySet | undefined {
    for (const set of [keys.current, keys.previous]) {
      if (set !== undefined && this.macValid(body, request, set)) return set;
    }
    return undefined;
  }

  // Checked over the received bytes with the request decoded from them: the body is not decoded again.
  private macValid(body: Uint8Array, request: Message, set: WorkingKeySet): boolean {
    try {
      return verifyDecodedMessageMac(this.dialect, body, request, set.mak, this.macOptions());
    } catch (e) {
      if (e instanceof Iso8583Error) return false;
      throw e;
    }
  }

  private translatePin(request: Message, keys: WorkingKeySet | undefined): Uint8Array | undefined {
    const zone = this.options.pinZone!;
    if (keys === undefined) return undefined;
    try {
      const from = { key: keys.pik, format: pinBlockFormatOf(request, this.options.pinFormats) };
      const pan = panOf(request);
      return translatePinBlock(request.get('52') as Uint8Array, from, zone, pan === '' ? undefined : pan, {
        ...this.provider(),
        ...(this.options.keyIssue?.random === undefined ? {} : { random: this.options.keyIssue.random }),
      });
    } catch (e) {
      if (e instanceof Iso8583Error) return undefined;
      throw e;
    }
  }

  private *authorize(request: HostRequest): Steps<Authorization> {
    try {
      const decided = asAuthorization(yield* wait(this.options.authorize(request)));
      checkResponseCode(decided.responseCode);
      return decided;
    } catch (e) {
      if (e instanceof Iso8583Error && e.code === 'NOT_SYNCHRONOUS') throw e;
      this.options.onError?.(e instanceof Iso8583Error ? e : new Iso8583Error('HOST_FAILED', 'authorize failed', { cause: e }));
      return { responseCode: '96', reason: 'system malfunction: authorize failed' };
    }
  }

  private signIn(verdict: Verdict, request: Message, keys: TerminalKeys): Verdict {
    const layout = textAt(request, '60.3') ?? '003';
    if (!LAYOUTS.includes(layout)) return { responseCode: '30', reason: 'format error: unknown key layout' };
    const issued = issueWorkingKeys(layout as CupKeyLayout, keys.tmk, { ...this.options.keyIssue, ...this.provider() });
    return {
      ...verdict,
      reason: verdict.reason === 'approved' ? `signed in: working keys issued in layout ${layout}` : verdict.reason,
      fields: { ...verdict.fields, '62': issued.field62 },
      install: issued.keys,
    };
  }

  /** A reversal: the ledger's answer, the same every time; the original's effects undone by the one call that recorded it. */
  private *reversal(request: Message, terminalId: string, keys: WorkingKeySet | undefined): Steps<Verdict> {
    const ref = ledgerRef(request, terminalId);
    const prepare = () => runSteps(this.firstReversalFacts(request, keys));
    const outcome = yield* wait(this.ledger.reverse(ref, prepare));
    if (outcome.undo !== undefined) yield* this.undo(outcome.undo);
    const reason = outcome.repeated
      ? 'reversal answered again as before'
      : outcome.finding === 'approved'
        ? 'original reversed'
        : outcome.finding === 'unknown'
          ? 'acknowledged: the host never approved the original'
          : outcome.finding === 'pending'
            ? 'acknowledged: the original is reversed once it is decided'
            : 'acknowledged: the original was declined';
    return { responseCode: outcome.answer['39'] ?? '00', reason, fields: { ...outcome.answer }, repeated: outcome.repeated, ...macWith(keys) };
  }

  private *firstReversalFacts(request: Message, keys: WorkingKeySet | undefined): Steps<AnswerFacts> {
    const verdict: Verdict = { responseCode: '00', reason: '', ...macWith(keys) };
    return facts(yield* this.build('reversal', request, verdict));
  }

  private *undo(original: LedgerOriginal): Steps<void> {
    if (this.options.onReversal === undefined) return;
    try {
      yield* wait(this.options.onReversal(original));
    } catch (e) {
      if (e instanceof Iso8583Error && e.code === 'NOT_SYNCHRONOUS') throw e;
      this.options.onError?.(e instanceof Iso8583Error ? e : new Iso8583Error('HOST_FAILED', 'onReversal failed', { cause: e }));
    }
  }

  // ---- answering ----

  /** The answer message (MAC not yet set): host fields from the clock and the generators, then the verdict's fields. */
  private *build(kind: TransactionKind, request: Message, verdict: Verdict): Steps<Message> {
    const now = (this.options.now ?? (() => new Date()))();
    const code = verdict.responseCode;
    const def = TRANSACTIONS[kind];
    const o: RespondOptions = { dialect: this.dialect, responseCode: code, now: () => now };
    if (verdict.fields?.['37'] === undefined && def.response.includes(37)) o.rrn = yield* wait(this.rrn.next());
    if (verdict.fields?.['38'] === undefined && def.authorised && isApproval(code)) o.authCode = yield* wait(this.authCode.next());
    if (verdict.fields !== undefined) o.fields = verdict.fields;
    if (verdict.reconciliation !== undefined) o.reconciliation = verdict.reconciliation;
    return respondTo(request, o);
  }

  /**
   * The answer and its encoding: built, then what it changes is applied (keys installed or dropped, the caller's
   * `onAnswer`, the ledger claim settled, a reversal that overtook it undone) before it is MACed and sent.
   */
  private *answer(kind: TransactionKind, request: Message, verdict: Verdict, summary: ExchangeSummary): Steps<{ message: Message; body: Uint8Array }> {
    if (verdict.repeated) summary.repeated = true;
    const message = yield* this.build(kind, request, verdict);
    const terminalId = textAt(request, '41')!;
    if (verdict.install !== undefined) yield* wait(this.keys.install(terminalId, verdict.install));
    if (verdict.withdraw === true) yield* wait(this.keys.withdraw(terminalId));
    if (verdict.onAnswer !== undefined) yield* this.callback('onAnswer', () => verdict.onAnswer!(message));
    if (verdict.claim !== undefined) {
      const undo = yield* wait(this.ledger.settle(verdict.claim, isApproval(verdict.responseCode) ? 'approved' : 'declined', facts(message)));
      if (undo !== undefined) yield* this.undo(undo);
    }
    const mak = verdict.mak;
    const body = TRANSACTIONS[kind].mac && mak !== undefined ? signMessage(this.dialect, message, mak.mak, this.macOptions()) : this.dialect.encode(message);
    return { message, body };
  }

  /** Runs a caller's callback; a plain error it throws becomes `HOST_FAILED`, so the frame gets no answer. */
  private *callback(name: string, run: () => MaybePromise<void>): Steps<void> {
    try {
      yield* wait(run());
    } catch (e) {
      if (e instanceof Iso8583Error) throw e;
      throw new Iso8583Error('HOST_FAILED', `${name} failed`, { cause: e });
    }
  }

  private macOptions(): MessageMacOptions {
    return { ...this.options.mac, ...this.provider() };
  }

  private provider(): { provider?: CipherProvider } {
    return this.options.provider === undefined ? {} : { provider: this.options.provider };
  }
}

// A request holds card data, PIN block and keys, a reply the framed answer: their renderings are masked.
const REQUEST = {} as HostRequest;
defineMaskedRendering(REQUEST, {
  name: 'HostRequest',
  masked: (r) => ({
    kind: r.kind,
    terminalId: r.terminalId,
    message: r.message.toJSON(),
    ...(r.keys === undefined ? {} : { keyGeneration: r.keys.generation }),
    ...(r.pinBlock === undefined ? {} : { pinBlock: redactedBytes(r.pinBlock) }),
  }),
});
const REPLY = {} as HostReply;
defineMaskedRendering(REPLY, {
  name: 'HostReply',
  masked: (r) => ({
    summary: r.summary,
    ...(r.request === undefined ? {} : { request: r.request.toJSON() }),
    ...(r.answer === undefined ? {} : { answer: r.answer.toJSON() }),
    response: r.response === null ? null : redactedBytes(r.response),
    ...(r.error === undefined ? {} : { error: r.error.code }),
  }),
});
defineMaskedRendering(AcquirerHost.prototype, {
  name: 'AcquirerHost',
  masked: (h) => ({ dialect: h.dialect.name, processingRequirement: h.processingRequirement }),
});

function hostRequest(fields: HostRequest): HostRequest {
  return Object.assign(Object.create(REQUEST) as HostRequest, fields);
}

function hostReply(fields: HostReply): HostReply {
  return Object.assign(Object.create(REPLY) as HostReply, fields);
}

function macWith(keys: WorkingKeySet | undefined): { mak?: WorkingKeySet } {
  return keys === undefined ? {} : { mak: keys };
}

/** The ledger's name for a request: terminal, batch (60.2, `000000` when absent) and STAN. */
function ledgerRef(request: Message, terminalId: string): LedgerRef {
  return { terminalId, batch: textAt(request, '60.2') ?? '000000', stan: textAt(request, '11') ?? '000000' };
}
