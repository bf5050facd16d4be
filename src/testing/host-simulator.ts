/**
 * An in-process CUP POS acquirer host for tests, demos and terminal development: it takes framed
 * requests and returns framed answers, the way a POS centre does. It issues working keys at sign-in,
 * checks MACs and PIN blocks, approves or declines by a card table and rules, keeps a ledger so
 * voids, refunds, reversals and settlement reconcile, takes batch uploads, and can be told to drop
 * or delay answers so a terminal's reversal and timeout paths can be exercised. It is the host kit's
 * `AcquirerHost` over memory (keys, MAC check and signing, key issuance, PIN formats, RRNs, authorisation
 * codes, the reversal ledger) with the simulator's card table, rules, books and faults deciding. Portable:
 * no Node APIs; the asynchronous form waits through an injectable `sleep`.
 */
import BN from 'bn.js';
import { Iso8583Error } from '../errors.js';
import { expectBoolean, expectBytes, expectOptions, expectString } from '../arguments.js';
import { defineMaskedRendering } from '../redaction.js';
import { maskedBytesView, withMaskedRendering } from '../txn/masked-views.js';
import type { CipherProvider } from '../crypto/cipher.js';
import { CipherKey, type KeyInput, SecretKey } from '../crypto/key.js';
import type { MessageMacOptions } from '../crypto/message-mac.js';
import { decryptPinBlock } from '../crypto/pin/pin-block.js';
import type { RandomSource } from '../crypto/random.js';
import { isHex } from '../bytes/hex.js';
import { cupDialect } from '../message/builtin-dialects.js';
import { unframeMessage } from '../frame/frame.js';
import { cupFrameProfile } from '../frame/profile.js';
import type { Dialect } from '../message/dialect.js';
import type { Message } from '../message/message.js';
import { AcquirerHost, type Authorization, type HostRequest } from '../host/acquirer-host.js';
import { pinBlockFormatOf } from '../host/pin-translation.js';
import type { LedgerOriginal } from '../host/reversal-ledger.js';
import { valueNow } from '../host/steps.js';
import { MemoryHostStore } from '../host/store.js';
import { panOf } from '../txn/response.js';
import { followingBatch } from '../txn/session.js';
import { cardClassOf, readReconciliation, type CardClassOptions } from '../txn/settlement.js';
import { identifyTransaction, textAt, TRANSACTIONS } from '../txn/transaction-table.js';
import { isApproval } from '../txn/response-codes.js';
import type { ReconciliationResult, SettlementTotals, TransactionKind } from '../txn/types.js';
import { STORABLE_KINDS } from '../txn/advice-queue.js';
import type { SmKeySlot } from '../crypto/cup-sm-keys.js';
import type { CanonicalTlv } from '../message/engine.js';
import { isRequestMti } from '../message/mti.js';
import { swapTpdu } from '../frame/tpdu.js';
import { frameMessage, type UnframedMessage } from '../frame/frame.js';
import {
  answerAidDownload,
  answerAidQuery,
  answerCaKeyDownload,
  answerCaKeyQuery,
  answerChipFailureUpload,
  answerDownloadEnd,
  answerRawDownload,
  answerScriptNotification,
  answerSmSignIn,
  answerStatusUpload,
  answerTerminalParameters,
  answerUndecodable,
  answerUnsupported,
  carriesIssuerData,
  chipIssuerData,
  qrOrderCode,
  qrVoucher,
  voucherField,
  type HostParameters,
  type HostVerdict,
} from './host-simulator-answers.js';
import { merchantLimitCheck, merchantProblems, merchantStatement, type HostMerchant, type MerchantStatement } from './host-simulator-merchants.js';
import { FaultSchedule, type DelayFault, type DropFault, type FaultVerdict, type HostRequestInfo } from './host-simulator-faults.js';
import { issuedKeyCheckValues, type IssuedKeyCheckValues } from './host-simulator-keys.js';
import { HostLedger, type LedgerEntry, type UploadedRecord } from './host-simulator-ledger.js';
import {
  APPROVED,
  balanceField54,
  HostCardTable,
  organisationByBin,
  rulesProblems,
  type HostCard,
  type HostCardStatus,
  type HostRules,
  type RuleDecision,
} from './host-simulator-rules.js';

export type { HostRequestInfo, HostRequestPredicate, DropFault, DelayFault } from './host-simulator-faults.js';
export { issueWorkingKeys, issuedKeyCheckValues, withOddParity, type IssuedKeys, type IssuedKeyCheckValues } from './host-simulator-keys.js';
export { HostLedger, type LedgerEntry, type LedgerStatus, type UploadedRecord, type UploadReport, type SettlementCheck } from './host-simulator-ledger.js';
export { HostCardTable, balanceField54, organisationByBin, type HostCard, type HostCardStatus, type HostRules, type RuleDecision } from './host-simulator-rules.js';
export type { HostParameters, HostAid, HostCaKey, HostVerdict } from './host-simulator-answers.js';
export type { HostMerchant, MerchantStatement, MerchantDay, SettlementCycle } from './host-simulator-merchants.js';

/** A terminal the host knows: its identifiers and master key. */
export interface HostTerminal {
  /** Field 41, 8 characters. */
  terminalId: string;
  /** Field 42, 15 characters; when given, requests naming another merchant are declined with `03`. */
  merchantId?: string;
  /**
   * A merchant pool: every merchant number this terminal platform may send in 42 (with `merchantId`, if given);
   * requests naming another are declined with `03`.
   */
  merchantIds?: readonly string[];
  /** Terminal master key: hex text (16, 32 or 48 digits) or a key. */
  tmk: string | KeyInput;
  /** The batch number the first sign-in hands out (default `000001`). */
  batch?: string;
  /** SM4 terminal master key (32 hex digits or a key) for the SM (国密) sign-in; without it an SM sign-in is answered `40`. */
  smTmk?: string | KeyInput;
}

/** How the simulated host is set up. */
export interface HostSimulatorOptions {
  /** The terminals the host knows, each with its TMK (requests from others are refused). */
  terminals: readonly HostTerminal[];
  /** The card table: PINs, statuses, balances, card organisations (default: none; see `rules.unknownCards`). */
  cards?: readonly HostCard[];
  /** Amount limit and what happens to cards missing from the table. */
  rules?: HostRules;
  /**
   * Consulted for every request that passed the MAC check: a response code it returns is answered
   * as is (an approval code goes on to the normal checks); undefined leaves the decision to the rules.
   */
  override?: (request: HostRequestInfo) => string | undefined;
  /** Dialect of requests and answers (default: the portable CUP dialect). */
  dialect?: Dialect;
  /** Source of working-key bytes (default: the platform's secure random source). */
  random?: RandomSource;
  /** Clock for answers' time, date and RRN (default: the current time). */
  now?: () => Date;
  /** Block-cipher provider of every key operation (default: the portable one). */
  provider?: CipherProvider;
  /** How messages are MACed (default CUP ECB). */
  mac?: Omit<MessageMacOptions, 'provider'>;
  /** Which PANs count as domestic cards in the settlement totals. */
  cardClass?: CardClassOptions;
  /** Digit 6 of the CUP header of every answer (default `0`). */
  processingRequirement?: string;
  /** Answer every settlement as not balanced, whatever the totals (default false). */
  disputeSettlement?: boolean;
  /** How the asynchronous form waits (default: the platform's `setTimeout`). */
  sleep?: (ms: number) => Promise<void>;
  /** What the EMV parameter, terminal parameter, list and master key exchanges hand out. */
  parameters?: HostParameters;
  /**
   * Issuer scripts (71/72 templates) to put in field 55 of a chip approval, asked per request (undefined or
   * empty for none). Every chip answer the simulator decides carries 91 regardless.
   */
  issuerScripts?: (request: HostRequestInfo) => readonly CanonicalTlv[] | undefined;
  /** Merchants with their settlement cycle and limits; a merchant number not listed has no limits and settles T+1. */
  merchants?: readonly HostMerchant[];
  /** Answer scanned-code sales `09` (in progress) until {@link AcquirerHostSimulator.completeQrPayments} (default false). */
  qrInProgress?: boolean;
  /** Layout of the SM sign-in's field 62 (default PIK, MAK, TDK of 16 bytes, each with a 4-byte check value). */
  smKeyLayout?: readonly SmKeySlot[];
}

/** What the host did with one request. Texts name no card data. */
export interface HostDecision {
  mti: string;
  kind: TransactionKind | undefined;
  terminalId: string | undefined;
  stan: string | undefined;
  /** `answered`, or which half of the exchange a drop fault lost. */
  outcome: 'answered' | 'request-lost' | 'response-lost';
  /** Field 39 of the answer (also when the answer was then lost). */
  responseCode?: string;
  reason: string;
  /** How late the answer leaves (the asynchronous forms wait this long). */
  delayMs: number;
  /** A settlement's per-card-class result. */
  reconciliation?: { domestic: ReconciliationResult; foreign: ReconciliationResult };
}

/** One request taken in: the decoded request, the answer (null when dropped) and the decision. */
export interface HostExchange {
  /** The decoded request; null for a body that did not decode (answered `30`). */
  request: Message | null;
  answer: Message | null;
  /** The framed answer, or null when the host does not answer. */
  response: Uint8Array | null;
  delayMs: number;
  decision: HostDecision;
}

interface TerminalBook {
  profile: HostTerminal;
  /** The batch the next sign-in hands out. */
  batch: string;
  smTmk?: KeyInput;
  /** The merchant numbers the terminal may send, when the host checks them. */
  merchants?: readonly string[];
}

/** What a transaction handler decided, and what it changes once the answer exists. */
type Verdict = HostVerdict;

type CupFrame = UnframedMessage<typeof cupFrameProfile>;

/** A scanned-code payment the host is still making: a QR sale answered `09`, or a merchant-presented order. */
interface PendingQr {
  request: Message;
  /** `09` while the customer has not paid; then the code the payment ended with. */
  result: string;
}
/** Whether `kind` is business of an open batch the ledger books (not an inquiry, not the settlement itself). */
function isBusiness(kind: TransactionKind): boolean {
  const def = TRANSACTIONS[kind];
  return def.when === 'open-batch' && (def.totals !== null || def.cancels !== null || def.amends || def.reversible);
}

/** Whether an approval of `kind` takes money from the card (the table's debit side). */
function debits(kind: TransactionKind): boolean {
  return TRANSACTIONS[kind].totals === 'debit';
}

function isPrintable(s: unknown, length: number): s is string {
  return typeof s === 'string' && s.length === length && /^[\x20-\x7E]*$/.test(s);
}

function terminalProblems(terminals: readonly HostTerminal[]): Iso8583Error[] {
  const out: Iso8583Error[] = [];
  const add = (detail: string, path: string, expected: string) => out.push(new Iso8583Error('INVALID_CONFIG', detail, { path, expected }));
  if (!Array.isArray(terminals) || terminals.length === 0) {
    add('the host needs at least one terminal', 'terminals', 'HostTerminal[]');
    return out;
  }
  const seen = new Set<string>();
  terminals.forEach((t, i) => {
    const at = `terminals.${i}`;
    if (t === null || typeof t !== 'object') {
      add('terminal must be an object', at, 'HostTerminal');
      return;
    }
    if (!isPrintable(t.terminalId, 8)) add('terminal ID must be 8 printable ASCII characters', `${at}.terminalId`, 'ans 8');
    else if (seen.has(t.terminalId)) add('terminal ID appears twice', `${at}.terminalId`, 'distinct terminals');
    else seen.add(t.terminalId);
    if (t.merchantId !== undefined && !isPrintable(t.merchantId, 15)) add('merchant ID must be 15 printable ASCII characters', `${at}.merchantId`, 'ans 15');
    if (t.merchantIds !== undefined && !(Array.isArray(t.merchantIds) && t.merchantIds.length > 0 && t.merchantIds.every((m: unknown) => isPrintable(m, 15)))) {
      add('merchant pool must list merchant IDs of 15 printable ASCII characters', `${at}.merchantIds`, 'ans 15[]');
    }
    const sm = t.smTmk;
    if (sm !== undefined) {
      const smOk = typeof sm === 'string' ? sm.length === 32 && isHex(sm) : sm instanceof Uint8Array ? sm.length === 16 : sm instanceof CipherKey && sm.algorithm === 'sm4';
      if (!smOk) add('SM master key must be 32 hex digits or an SM4 key', `${at}.smTmk`, 'hex 32');
    }
    const tmk = t.tmk;
    const tmkOk =
      typeof tmk === 'string'
        ? [16, 32, 48].includes(tmk.length) && isHex(tmk)
        : tmk instanceof Uint8Array
          ? [8, 16, 24].includes(tmk.length)
          : tmk instanceof CipherKey && (tmk.algorithm === 'des' || tmk.algorithm === 'tdes');
    if (!tmkOk) add('TMK must be 16, 32 or 48 hex digits or a DES/TDES key', `${at}.tmk`, 'hex 16, 32 or 48');
    if (t.batch !== undefined && !(typeof t.batch === 'string' && /^[0-9]{6}$/.test(t.batch) && t.batch !== '000000')) {
      add('batch number must be 6 digits other than 000000', `${at}.batch`, 'n 6');
    }
  });
  return out;
}

function qrKey(terminalId: string, batch: string, stan: string): string {
  return `${terminalId}/${batch}/${stan}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function dateOf(d: Date): string {
  return two(d.getMonth() + 1) + two(d.getDate());
}

function defaultSleep(ms: number): Promise<void> {
  const timer = (globalThis as { setTimeout?: (run: () => void, ms: number) => unknown }).setTimeout;
  if (typeof timer !== 'function') {
    return Promise.reject(new Iso8583Error('NO_TIMER', 'this runtime has no setTimeout; pass the sleep option'));
  }
  return new Promise((resolve) => {
    timer(resolve, ms);
  });
}

/** What fault predicates and the override see of a request. */
function requestInfo(request: Message): HostRequestInfo {
  return { kind: identifyTransaction(request), mti: request.mti, terminalId: textAt(request, '41'), stan: textAt(request, '11'), message: request };
}

/** The identifying part of a decision. */
function decisionOf(request: Message): Pick<HostDecision, 'mti' | 'kind' | 'terminalId' | 'stan'> {
  return { mti: request.mti, kind: identifyTransaction(request), terminalId: textAt(request, '41'), stan: textAt(request, '11') };
}

/** A simulated CUP POS acquirer host. */
export class AcquirerHostSimulator {
  /** The host's books: approved transactions, uploads and settlements. */
  readonly ledger: HostLedger;
  private readonly terminals = new Map<string, TerminalBook>();
  private readonly cards: HostCardTable;
  private readonly rules: HostRules;
  private readonly dialect: Dialect;
  private readonly options: HostSimulatorOptions;
  private readonly faults = new FaultSchedule();
  private readonly log: HostDecision[] = [];
  /** The host kit over memory: keys, MACs, key issuance, RRNs, authorisation codes and the reversal ledger. */
  private readonly host: AcquirerHost;
  private dispute: boolean;
  /** The settlement result of the exchange under way, for its decision. */
  private reconciliation: Verdict['reconciliation'];
  private qrInProgress: boolean;
  /** Scanned-code payments still being made, by terminal, batch and STAN of the original. */
  private readonly pendingQr = new Map<string, PendingQr>();
  private readonly merchants = new Map<string, HostMerchant>();
  private readonly scripts = new Map<string, string[]>();

  /** A host for `options.terminals`; throws one `INVALID_CONFIG` naming every bad setting. */
  constructor(options: HostSimulatorOptions) {
    const rules = options?.rules ?? {};
    const cards = options?.cards ?? [];
    const problems = [...terminalProblems(options?.terminals), ...rulesProblems(cards, rules), ...merchantProblems(options?.merchants)];
    const digit = options?.processingRequirement ?? '0';
    if (!/^[0-9]$/.test(digit)) {
      problems.push(new Iso8583Error('INVALID_CONFIG', 'processing requirement must be one digit', { path: 'processingRequirement', expected: 'n 1' }));
    }
    if (problems.length > 0) {
      const n = problems.length;
      throw new Iso8583Error('INVALID_CONFIG', `host simulator configuration has ${n} problem${n === 1 ? '' : 's'}: ${problems.map((p) => p.path).join(', ')}`, {
        problems,
      });
    }
    this.options = options;
    this.rules = rules;
    this.cards = new HostCardTable(cards);
    this.ledger = new HostLedger(options.cardClass);
    this.dialect = options.dialect ?? cupDialect();
    this.dispute = options.disputeSettlement ?? false;
    this.host = new AcquirerHost({
      store: new MemoryHostStore(),
      authorize: (request) => this.authorize(request),
      onReversal: (original) => this.reversed(original),
      dialect: this.dialect,
      processingRequirement: digit,
      ...(options.random === undefined ? {} : { keyIssue: { random: options.random } }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.mac === undefined ? {} : { mac: options.mac }),
      ...(options.provider === undefined ? {} : { provider: options.provider }),
    });
    this.qrInProgress = options.qrInProgress === true;
    for (const m of options.merchants ?? []) this.merchants.set(m.merchantId, m);
    for (const t of options.terminals) {
      const book: TerminalBook = { profile: t, batch: t.batch ?? '000001' };
      if (t.smTmk !== undefined) book.smTmk = typeof t.smTmk === 'string' ? SecretKey.fromHex('sm4', t.smTmk) : t.smTmk;
      if (t.merchantIds !== undefined || t.merchantId !== undefined) book.merchants = [...(t.merchantId !== undefined ? [t.merchantId] : []), ...(t.merchantIds ?? [])];
      this.terminals.set(t.terminalId, book);
      valueNow(this.host.register(t.terminalId, t.tmk), 'registering a terminal');
    }
  }

  /** The framed answer to a framed request, or null when a fault drops it. Delays are not waited for here. */
  handle(frame: Uint8Array): Uint8Array | null {
    return this.exchange(frame).response;
  }

  /** As {@link handle}, answering only after any delay a fault asks for. */
  async handleAsync(frame: Uint8Array): Promise<Uint8Array | null> {
    const ex = this.exchange(frame);
    if (ex.delayMs > 0) await (this.options.sleep ?? defaultSleep)(ex.delayMs);
    return ex.response;
  }

  /**
   * Takes one framed request and returns everything the host did with it. Every request is answered: one
   * lacking fields or whose body does not decode with `30`, a transaction the host does not serve with `40`
   * (management) or `12` (others), one the host fails on while serving it (tracks that do not decipher, an
   * answer it cannot build) with `96`. Throws the unframing error for bytes that are no frame, the decoder's
   * error for a body without a readable request MTI, and `NOT_A_REQUEST` for a response sent to it.
   */
  exchange(frame: Uint8Array): HostExchange {
    expectBytes(frame, 'frame');
    let fault: FaultVerdict = { drop: null, delayMs: 0 };
    const parts = unframeMessage(cupFrameProfile, frame);
    let decoded: Message;
    try {
      decoded = this.dialect.decode(parts.body.slice());
    } catch (e) {
      const answer = e instanceof Iso8583Error ? answerUndecodable(parts.body, this.dialect) : null;
      if (answer === null) throw e;
      return this.answerWithout(parts, answer);
    }
    if (identifyTransaction(decoded) === undefined && isRequestMti(decoded.mti)) return this.unsupported(parts, decoded);
    if (this.faults.pending) {
      // Faults are chosen by what the request is, so it is read here first; the host reads it again.
      const request = decoded;
      fault = this.faults.next(requestInfo(request));
      if (fault.drop === 'request') {
        const decision: HostDecision = { ...decisionOf(request), outcome: 'request-lost', reason: 'request lost before the host saw it', delayMs: fault.delayMs };
        return this.logged({ request, answer: null, response: null, delayMs: fault.delayMs, decision });
      }
    }
    this.reconciliation = undefined;
    const reply = this.host.exchangeNow(frame);
    if (reply.error !== undefined) {
      // The kit leaves a request it failed on unanswered; a terminal would time out, so the simulator says why.
      if (reply.request === undefined || !isRequestMti(reply.request.mti)) throw reply.error;
      return this.unsupported(parts, reply.request, '96', `system malfunction: ${reply.error.message}`);
    }
    const request = reply.request!;
    const decision: HostDecision = { ...decisionOf(request), outcome: 'answered', reason: reply.summary.reason, delayMs: fault.delayMs };
    // The kit's ledger acknowledges the reversal of a payment the host never approved; a payment still in progress ends with it.
    if (decision.kind === 'reversal' && reply.summary.repeated !== true) {
      const key = qrKey(textAt(request, '41') ?? '', textAt(request, '60.2') ?? '', textAt(request, '11') ?? '');
      if (this.pendingQr.delete(key)) decision.reason = 'payment in progress cancelled';
    }
    if (reply.summary.responseCode !== undefined) decision.responseCode = reply.summary.responseCode;
    if (this.reconciliation !== undefined) decision.reconciliation = this.reconciliation;
    if (fault.drop === 'response') {
      decision.outcome = 'response-lost';
      return this.logged({ request, answer: reply.answer!, response: null, delayMs: fault.delayMs, decision });
    }
    return this.logged({ request, answer: reply.answer!, response: reply.response, delayMs: fault.delayMs, decision });
  }

  /** The answer to a request of a transaction the host does not serve (by default), or that it failed to serve. */
  private unsupported(parts: CupFrame, request: Message, failed?: '96', reason = 'transaction not served by this host'): HostExchange {
    const code = failed ?? (request.mti.startsWith('08') || request.mti.startsWith('06') ? '40' : '12');
    const answer = answerUnsupported(request, this.dialect, code, this.clock());
    const decision: HostDecision = { ...decisionOf(request), outcome: 'answered', responseCode: code, reason, delayMs: 0 };
    return this.logged({ request, answer, response: this.framed(parts, answer), delayMs: 0, decision });
  }

  /** The answer to a body that did not decode: no fault applies, since no request could be matched. */
  private answerWithout(parts: CupFrame, answer: Message): HostExchange {
    const decision: HostDecision = {
      mti: answer.mti,
      kind: undefined,
      terminalId: textAt(answer, '41'),
      stan: textAt(answer, '11'),
      outcome: 'answered',
      responseCode: textAt(answer, '39')!,
      reason: 'format error: the request does not decode',
      delayMs: 0,
    };
    return this.logged({ request: null, answer, response: this.framed(parts, answer), delayMs: 0, decision });
  }

  private framed(parts: CupFrame, answer: Message): Uint8Array {
    return frameMessage(cupFrameProfile, {
      tpdu: swapTpdu(parts.tpdu),
      header: { ...parts.header, processingRequirement: this.host.processingRequirement },
      body: this.dialect.encode(answer),
    });
  }

  private clock(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Drops the next matching request or answer (by default the next answer: the host processes, the terminal hears nothing). */
  drop(fault?: DropFault): void {
    this.faults.drop(expectOptions(fault, 'fault'));
  }

  /** Delays the next matching answers by `fault.ms`. */
  delay(fault: DelayFault): void {
    this.faults.delay(fault);
  }

  /** Forgets every drop and delay still scheduled. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Sets digit 6 of the CUP header of later answers (e.g. `3`: sign in again). */
  setProcessingRequirement(digit: string): void {
    this.host.setProcessingRequirement(digit);
  }

  /** When on, every later settlement is answered not balanced, whatever its totals. */
  setSettlementDispute(enabled: boolean): void {
    this.dispute = expectBoolean(enabled, 'enabled');
  }

  /** Changes a card's status in the card table. */
  setCardStatus(pan: string, status: HostCardStatus): void {
    this.cards.setStatus(pan, status);
  }

  /** A card's available balance (digits), undefined without a funds limit. */
  balanceOf(pan: string): string | undefined {
    return this.cards.balanceOf(pan);
  }

  /** Check values of the working keys last issued to a terminal, or null before its sign-in. */
  keyCheckValues(terminalId: string): IssuedKeyCheckValues | null {
    expectString(terminalId, 'terminalId');
    if (!this.terminals.has(terminalId)) return null;
    const keys = valueNow(this.host.keys.get(terminalId), 'reading keys')?.current;
    return keys ? issuedKeyCheckValues(keys, this.options.provider) : null;
  }

  /** The batch number a terminal's next sign-in is handed. */
  batchOf(terminalId: string): string | undefined {
    expectString(terminalId, 'terminalId');
    return this.terminals.get(terminalId)?.batch;
  }

  /**
   * The customer pays (or, with another `code`, fails to pay) every scanned-code payment still in progress:
   * the next result query about each is answered with it. Returns how many there were.
   */
  completeQrPayments(code = '00'): number {
    if (typeof code !== 'string' || !/^[0-9A-Z]{2}$/.test(code) || code === '09') {
      throw new Iso8583Error('INVALID_CONFIG', 'payment result must be a 2-character response code other than 09', { path: 'code', expected: 'an 2' });
    }
    let n = 0;
    for (const p of this.pendingQr.values()) {
      if (p.result !== '09') continue;
      p.result = code;
      n += 1;
    }
    return n;
  }

  /** When on, later scanned-code sales are answered `09` (in progress) until {@link completeQrPayments}. */
  setQrInProgress(enabled: boolean): void {
    this.qrInProgress = expectBoolean(enabled, 'enabled');
  }

  /** The script results (DF31, hex) a terminal's script notifications reported, oldest first. */
  scriptResults(terminalId: string): string[] {
    return [...(this.scripts.get(expectString(terminalId, 'terminalId')) ?? [])];
  }

  /** What the host owes one merchant, by transaction day, under the merchant's settlement cycle. */
  merchantStatement(merchantId: string): MerchantStatement {
    expectString(merchantId, 'merchantId');
    return merchantStatement(merchantId, this.merchants.get(merchantId), this.ledger.merchantEntries(merchantId), this.clock().getFullYear());
  }

  /** Every decision so far, oldest first. */
  decisions(): HostDecision[] {
    return this.log.map((d) => ({ ...d }));
  }

  // ---- deciding ----

  /**
   * The simulator's decision on a request the host kit has checked (table, terminal, MAC, tracks): merchant,
   * override, batch, then the transaction's own rules. Reversals never come here: the kit's ledger answers them.
   */
  private authorize(host: HostRequest): Authorization {
    const verdict = this.decide(host);
    if (verdict.reconciliation !== undefined) this.reconciliation = verdict.reconciliation;
    const fields = { ...verdict.fields };
    const def = TRANSACTIONS[host.kind];
    // Financial answers name the card's organisation in 63.1, as CUP hosts do.
    if (def.mac && def.response.includes(63)) fields['63.1'] = this.organisationOf(panOf(host.message));
    // Chip answers carry the issuer's data for the card's second GENERATE AC: 91, and scripts on an approval.
    if (host.kind !== 'reversal' && carriesIssuerData(host.message)) {
      const scripts = isApproval(verdict.code) ? (this.options.issuerScripts?.(requestInfo(host.message)) ?? []) : [];
      fields['55'] = chipIssuerData(host.message, verdict.code, scripts);
    }
    const out: Authorization = { responseCode: verdict.code, reason: verdict.reason, fields };
    if (verdict.reconciliation !== undefined) out.reconciliation = verdict.reconciliation;
    if (verdict.commit !== undefined) out.onAnswer = verdict.commit;
    return out;
  }

  private decide(host: HostRequest): Verdict {
    const { kind, message: request } = host;
    const terminal = this.terminals.get(host.terminalId)!;
    const pool = terminal.merchants;
    if (pool !== undefined && !pool.includes(textAt(request, '42') ?? '')) return { code: '03', reason: 'merchant does not match the terminal' };
    const forced = this.options.override?.(requestInfo(request));
    if (forced !== undefined && !isApproval(forced)) return { code: forced, reason: 'declined by the override rule' };
    if (isBusiness(kind)) {
      const batch = textAt(request, '60.2') ?? '';
      if (this.ledger.isSettled(terminal.profile.terminalId, batch)) return { code: '77', reason: 'batch already settled: sign in again for the next batch' };
      const seen = this.ledger.findByStan(terminal.profile.terminalId, batch, textAt(request, '11') ?? '');
      if (seen !== undefined) {
        // An advice is sent again until its answer arrives: the repeat of one already taken is acknowledged, not booked twice.
        if (STORABLE_KINDS.includes(kind) && seen.kind === kind && seen.status === 'approved') return { ...APPROVED, reason: 'advice already received' };
        return { code: '94', reason: 'duplicate transaction: this STAN was already approved in the batch' };
      }
    }

    switch (kind) {
      case 'sign-in':
        return this.signIn(terminal, request);
      case 'sm-sign-in':
        return answerSmSignIn(terminal.smTmk, terminal.batch, (keys) => valueNow(this.host.keys.install(host.terminalId, keys), 'installing SM keys'), this.smOptions());
      case 'aid-query':
        return answerAidQuery(request, this.options.parameters ?? {});
      case 'capk-query':
        return answerCaKeyQuery(request, this.options.parameters ?? {});
      case 'aid-download':
        return answerAidDownload(request, this.options.parameters ?? {});
      case 'capk-download':
        return answerCaKeyDownload(request, this.options.parameters ?? {});
      case 'terminal-parameters':
        return answerTerminalParameters(this.options.parameters ?? {});
      case 'tmk-download':
      case 'list-download':
        return answerRawDownload(request, this.options.parameters ?? {});
      case 'aid-download-end':
      case 'capk-download-end':
      case 'terminal-parameters-end':
      case 'list-download-end':
        return answerDownloadEnd();
      case 'status-upload':
        return answerStatusUpload(request);
      case 'script-notification':
        return answerScriptNotification(request, (results) => this.noteScriptResults(terminal.profile.terminalId, results));
      case 'chip-failure-upload':
        return answerChipFailureUpload(request);
      case 'qr-order':
        return this.qrOrder(host);
      case 'qr-result-query':
        return this.qrResultQuery(host);
      case 'sign-out':
        return { ...APPROVED, reason: 'signed out; working keys withdrawn' };
      case 'echo':
        return APPROVED;
      case 'advice-upload':
      case 'ic-tc-upload':
        return this.detailUpload(kind, request);
      case 'balance':
        return this.balance(host);
      case 'void':
      case 'preauth-completion-void':
        return this.cancel(kind, host);
      case 'refund':
        return this.refund(host);
      case 'preauth-void':
        return this.preauthVoid(host);
      case 'adjustment':
      case 'tip':
        return this.amend(kind, host);
      case 'settlement':
        return this.settlement(request);
      case 'batch-upload':
        return this.batchUpload(request);
      case 'batch-upload-end':
        return this.batchUploadEnd(terminal, request);
      case 'sale':
      case 'preauth':
      case 'preauth-completion':
      case 'preauth-completion-advice':
      case 'offline-settlement':
      case 'ec-offline-upload':
        return this.financial(kind, host);
      default:
        return { code: '40', reason: 'function not supported by this host' };
    }
  }

  /** Sign-in: the kit issues and installs the keys; the simulator hands out the terminal's batch in 60.2. */
  private signIn(terminal: TerminalBook, request: Message): Verdict {
    const layout = textAt(request, '60.3') ?? '003';
    return { ...APPROVED, reason: `signed in: working keys issued in layout ${layout}, batch ${terminal.batch}`, fields: { '60.2': terminal.batch } };
  }

  /** PIN check of a request carrying a PIN block: `99` when it does not decode, `55` when it is not the card's PIN. */
  private pinCheck(host: HostRequest, pan: string): RuleDecision | undefined {
    const block = host.message.get('52');
    if (!(block instanceof Uint8Array)) return undefined;
    if (host.keys === undefined) return { code: 'A0', reason: 'terminal not signed in: no PIN key' };
    const expected = this.cards.pinOf(pan);
    let pin: string;
    try {
      // The kit's reading of 53.1: 1 without the PAN, 2 (or none) ISO format 0.
      const format = pinBlockFormatOf(host.message);
      pin = decryptPinBlock(format, host.keys.pik, block, format === 'cup-no-pan' ? undefined : pan, { provider: this.options.provider });
    } catch (e) {
      if (e instanceof Iso8583Error) return { code: '99', reason: 'PIN block does not decode' };
      throw e;
    }
    if (expected !== undefined && pin !== expected) return { code: '55', reason: 'wrong PIN' };
    return undefined;
  }

  /** Card checks shared by card transactions: PIN, then the card table and rules. QR sales carry no card and face the amount limit only. */
  private cardCheck(host: HostRequest, amount: string | undefined, debit: boolean): RuleDecision {
    const pan = panOf(host.message);
    if (pan === '') {
      const limit = this.rules.maxAmount;
      return amount !== undefined && limit !== undefined && new BN(amount, 10).gt(new BN(limit, 10))
        ? { code: '61', reason: 'amount above the limit' }
        : APPROVED;
    }
    return this.pinCheck(host, pan) ?? this.cards.decide(pan, amount, this.rules, debit);
  }

  private entry(kind: TransactionKind, request: Message, answer: Message): LedgerEntry {
    const e: LedgerEntry = {
      terminalId: textAt(request, '41')!,
      batch: textAt(request, '60.2') ?? '000000',
      stan: textAt(request, '11')!,
      kind,
      pan: panOf(request),
      rrn: textAt(answer, '37')!,
      date: textAt(answer, '13')!,
      status: 'approved',
    };
    const amount = textAt(request, '4');
    if (amount !== undefined) e.amount = amount;
    const auth = textAt(answer, '38');
    if (auth !== undefined) e.authCode = auth;
    const organisation = textAt(answer, '63.1');
    if (organisation !== undefined) e.organisation = organisation;
    const merchant = textAt(request, '42');
    if (merchant !== undefined) e.merchantId = merchant;
    const voucher = textAt(answer, '59.A4');
    if (voucher !== undefined) e.voucher = voucher;
    return e;
  }

  /** The card organisation named in 63.1 of answers about this card: the card table's, else by BIN ('' = a scanned code: CUP). */
  private organisationOf(pan: string): string {
    return this.cards.organisationOf(pan) ?? organisationByBin(pan, pan === '' || cardClassOf(pan, this.options.cardClass) === 'domestic');
  }

  private balance(host: HostRequest): Verdict {
    const request = host.message;
    const d = this.cardCheck(host, undefined, false);
    if (d.code !== '00') return d;
    const pan = panOf(request);
    return { ...d, fields: { '54': balanceField54(this.cards.balanceOf(pan) ?? '0', textAt(request, '49') ?? '156') } };
  }

  /** Sales, pre-authorisations, completions and offline advices: card checks, then the ledger and balance. */
  private financial(kind: TransactionKind, host: HostRequest): Verdict {
    const request = host.message;
    const amount = textAt(request, '4');
    const debit = debits(kind);
    if (kind === 'preauth-completion') {
      const preauth = this.preauthOf(request);
      if (preauth === undefined) return { code: '25', reason: 'pre-authorisation not found' };
    }
    const d = this.cardCheck(host, amount, debit || kind === 'preauth');
    if (d.code !== '00') return d;
    const limited = debit && amount !== undefined ? this.merchantCheck(request, amount) : undefined;
    if (limited !== undefined) return limited;
    const qr = kind === 'sale' && textAt(request, '22.1') === '03';
    const batch = textAt(request, '60.2') ?? '';
    const stan = textAt(request, '11') ?? '';
    if (qr && this.qrInProgress) {
      return {
        code: '09',
        reason: 'payment in progress: the customer has not confirmed it yet',
        commit: () => this.pendingQr.set(qrKey(host.terminalId, batch, stan), { request, result: '09' }),
      };
    }
    const verdict: Verdict = {
      ...d,
      commit: (answer) => {
        const e = this.entry(kind, request, answer);
        this.ledger.record(e);
        if (debit && amount !== undefined) this.cards.debit(e.pan, amount);
      },
    };
    // A scanned-code payment's approval carries its voucher, which the void and refund must send back.
    if (qr) verdict.fields = voucherField(qrVoucher(host.terminalId, batch, stan));
    return verdict;
  }

  /** A merchant's own limits on a debit, checked against its approvals of the day. */
  private merchantCheck(request: Message, amount: string): RuleDecision | undefined {
    const id = textAt(request, '42') ?? '';
    const merchant = this.merchants.get(id);
    if (merchant === undefined) return undefined;
    return merchantLimitCheck(merchant, amount, dateOf(this.clock()), this.ledger.merchantEntries(id));
  }

  /** 主扫下单: a merchant-presented order is given the code to show (59 `A6`); the payment waits for the customer. */
  private qrOrder(host: HostRequest): Verdict {
    const request = host.message;
    const amount = textAt(request, '4');
    const d = this.cardCheck(host, amount, true);
    if (d.code !== '00') return d;
    const limited = amount === undefined ? undefined : this.merchantCheck(request, amount);
    if (limited !== undefined) return limited;
    const batch = textAt(request, '60.2') ?? '';
    const stan = textAt(request, '11') ?? '';
    const order = textAt(request, '59.A5') ?? '';
    return {
      ...APPROVED,
      reason: 'order accepted: code issued, waiting for the customer',
      fields: { '59': [{ tag: 'A5', value: order }, { tag: 'A6', value: qrOrderCode(host.terminalId, batch, stan) }] },
      commit: () => this.pendingQr.set(qrKey(host.terminalId, batch, stan), { request, result: '09' }),
    };
  }

  /**
   * 消费结果查询: what became of the payment named by 61.1/61.2: `09` while the customer has not paid, the
   * voucher and a booked sale once paid, the decline it ended with, or `25` when the host knows no such payment.
   */
  private qrResultQuery(host: HostRequest): Verdict {
    const request = host.message;
    const terminalId = host.terminalId;
    const batch = textAt(request, '61.1') ?? '';
    const stan = textAt(request, '61.2') ?? '';
    const key = qrKey(terminalId, batch, stan);
    const pending = this.pendingQr.get(key);
    if (pending === undefined) {
      const booked = this.ledger.findByStan(terminalId, batch, stan);
      if (booked !== undefined && booked.kind === 'sale' && booked.status === 'approved') {
        return { ...APPROVED, reason: 'payment already made', ...(booked.voucher !== undefined ? { fields: voucherField(booked.voucher) } : {}) };
      }
      return { code: '25', reason: 'no such payment' };
    }
    if (pending.result === '09') return { code: '09', reason: 'payment still in progress' };
    if (!isApproval(pending.result)) return { code: pending.result, reason: 'payment declined', commit: () => this.pendingQr.delete(key) };
    return {
      ...APPROVED,
      reason: 'payment made: booked as a sale',
      fields: voucherField(qrVoucher(terminalId, batch, stan)),
      commit: (answer) => {
        this.pendingQr.delete(key);
        this.ledger.record(this.entry('sale', pending.request, answer));
      },
    };
  }

  private smOptions(): Parameters<typeof answerSmSignIn>[3] {
    const o: Parameters<typeof answerSmSignIn>[3] = {};
    if (this.options.random !== undefined) o.random = this.options.random;
    if (this.options.smKeyLayout !== undefined) o.layout = this.options.smKeyLayout;
    if (this.options.provider !== undefined) o.provider = this.options.provider;
    return o;
  }

  private noteScriptResults(terminalId: string, results: string): void {
    const list = this.scripts.get(terminalId) ?? [];
    list.push(results);
    this.scripts.set(terminalId, list);
  }

  /** The approved pre-authorisation a completion or pre-authorisation void names by its authorisation code (38). */
  private preauthOf(request: Message): LedgerEntry | undefined {
    const auth = textAt(request, '38');
    const terminalId = textAt(request, '41')!;
    return this.ledger.entries(terminalId).find((e) => e.kind === 'preauth' && e.status === 'approved' && e.authCode === auth);
  }

  private preauthVoid(host: HostRequest): Verdict {
    const request = host.message;
    const preauth = this.preauthOf(request);
    if (preauth === undefined) return { code: '25', reason: 'pre-authorisation not found' };
    const d = this.cardCheck(host, undefined, false);
    if (d.code !== '00') return d;
    return {
      ...d,
      reason: 'pre-authorisation cancelled',
      commit: (answer) => {
        const original = this.ledger.findByStan(preauth.terminalId, preauth.batch, preauth.stan)!;
        this.ledger.setStatus(original, 'voided');
        this.ledger.record({ ...this.entry('preauth-void', request, answer), cancels: preauth.stan });
      },
    };
  }

  /** A void or completion void: the original named by 61.1/61.2 (and 37) is cancelled and its amount credited back. */
  private cancel(kind: TransactionKind, host: HostRequest): Verdict {
    const request = host.message;
    const terminalId = textAt(request, '41')!;
    const original = this.ledger.findByStan(terminalId, textAt(request, '61.1') ?? '', textAt(request, '61.2') ?? '');
    const rrn = textAt(request, '37');
    if (original === undefined || original.status === 'reversed' || (rrn !== undefined && rrn !== original.rrn)) {
      return { code: '25', reason: 'original transaction not found' };
    }
    if (original.kind !== TRANSACTIONS[kind].cancels) return { code: '12', reason: 'original is not a transaction this request cancels' };
    if (original.voucher !== undefined && textAt(request, '59.A4') !== original.voucher) return { code: '25', reason: 'payment voucher does not match the original' };
    if (original.status === 'voided') return { code: '12', reason: 'original already voided' };
    const amount = textAt(request, '4');
    if (amount === undefined || original.amount === undefined || !new BN(amount, 10).eq(new BN(original.amount, 10))) {
      return { code: '64', reason: 'amount differs from the original' };
    }
    const d = this.cardCheck(host, undefined, false);
    if (d.code !== '00') return d;
    return {
      ...d,
      reason: 'original cancelled',
      commit: (answer) => {
        this.ledger.setStatus(original, 'voided');
        this.cards.credit(original.pan, original.amount!);
        this.ledger.record({ ...this.entry(kind, request, answer), cancels: original.stan });
      },
    };
  }

  /** A refund of a sale found by its RRN (37) and date (61.3), for at most what is left of it. */
  private refund(host: HostRequest): Verdict {
    const request = host.message;
    const rrn = textAt(request, '37') ?? '';
    const original = this.ledger.findByRrn(rrn);
    const date = textAt(request, '61.3');
    if (original === undefined || original.kind !== 'sale' || original.status === 'reversed' || (date !== undefined && date !== original.date)) {
      return { code: '25', reason: 'original sale not found' };
    }
    if (original.status === 'voided') return { code: '12', reason: 'original sale was voided' };
    if (original.voucher !== undefined && textAt(request, '59.A4') !== original.voucher) return { code: '25', reason: 'payment voucher does not match the original' };
    const amount = textAt(request, '4') ?? '0';
    const left = new BN(original.amount ?? '0', 10).sub(this.ledger.refundedAmount(rrn));
    if (new BN(amount, 10).gt(left)) return { code: '61', reason: 'refund exceeds what is left of the sale' };
    const d = this.cardCheck(host, undefined, false);
    if (d.code !== '00') return d;
    return {
      ...d,
      reason: 'refund accepted',
      commit: (answer) => {
        const e = { ...this.entry('refund', request, answer), refundOf: rrn };
        this.ledger.record(e);
        this.cards.credit(e.pan, amount);
      },
    };
  }

  /**
   * The kit's ledger recorded the first reversal of an original it approved: the simulator's books undo it
   * (found by terminal, batch and STAN), unless a void already cancelled it.
   */
  private reversed(original: LedgerOriginal): void {
    const entry = this.ledger.findByStan(original.terminalId, original.batch, original.stan);
    if (entry !== undefined && entry.status === 'approved') this.undo(entry);
  }

  /** Reverses an approved entry's effects on the ledger and the card's balance. */
  private undo(e: LedgerEntry): void {
    this.ledger.setStatus(e, 'reversed');
    if (e.amount !== undefined && debits(e.kind)) this.cards.credit(e.pan, e.amount);
    if (e.amount !== undefined && e.kind === 'refund') this.cards.debit(e.pan, e.amount);
    if (e.cancels !== undefined) {
      const cancelled = this.ledger.findByStan(e.terminalId, e.batch, e.cancels);
      if (cancelled !== undefined && cancelled.status === 'voided') {
        this.ledger.setStatus(cancelled, 'approved');
        if (cancelled.amount !== undefined && debits(cancelled.kind)) this.cards.debit(cancelled.pan, cancelled.amount);
      }
    }
  }

  /** A tip or adjustment: the sale (or completion) named by 61.1/61.2 takes the new amount in 4; a tip must add 48 to what it had. */
  private amend(kind: TransactionKind, host: HostRequest): Verdict {
    const request = host.message;
    const terminalId = textAt(request, '41')!;
    const original = this.ledger.findByStan(terminalId, textAt(request, '61.1') ?? '', textAt(request, '61.2') ?? '');
    if (original === undefined || original.status === 'reversed' || TRANSACTIONS[original.kind].totals !== 'debit') {
      return { code: '25', reason: 'original transaction not found' };
    }
    if (original.status === 'voided') return { code: '12', reason: 'original was voided' };
    const amount = textAt(request, '4') ?? '0';
    const before = new BN(original.amount ?? '0', 10);
    if (kind === 'tip' && !new BN(amount, 10).eq(before.add(new BN(textAt(request, '48.1') ?? textAt(request, '48') ?? '0', 10)))) {
      return { code: '64', reason: 'tip amount is not the original amount plus the tip' };
    }
    const d = this.cardCheck(host, undefined, false);
    if (d.code !== '00') return d;
    return {
      ...d,
      reason: kind === 'tip' ? 'tip added to the original' : 'original amount adjusted',
      commit: (answer) => {
        const change = new BN(amount, 10).sub(before);
        this.ledger.amend(original, amount);
        if (change.isNeg()) this.cards.credit(original.pan, change.neg().toString(10));
        else this.cards.debit(original.pan, change.toString(10));
        this.ledger.record({ ...this.entry(kind, request, answer), amends: original.stan });
      },
    };
  }

  /** An advice's own 0320 or a chip TC record: kept with the batch's uploads. */
  private detailUpload(kind: TransactionKind, request: Message): Verdict {
    const terminalId = textAt(request, '41')!;
    const batch = textAt(request, '60.2') ?? '';
    const stan = textAt(request, '11');
    const amount = textAt(request, '4');
    if (stan === undefined || amount === undefined) return { code: '30', reason: 'format error: upload record unreadable' };
    const pan = textAt(request, '2') ?? '';
    const known = this.ledger.findByStan(terminalId, batch, stan);
    const record: UploadedRecord = {
      cardClass: known !== undefined ? this.ledger.classOf(known) : this.ledger.classOf({ pan }),
      stan,
      pan,
      amount,
      route: kind === 'ic-tc-upload' ? 'chip' : 'advice',
    };
    return { ...APPROVED, reason: `${record.route === 'chip' ? 'chip TC record' : 'advice record'} uploaded`, commit: () => this.ledger.upload(terminalId, batch, [record]) };
  }

  private settlement(request: Message): Verdict {
    const field48 = request.get('48');
    const unreadable: RuleDecision = { code: '30', reason: 'format error: settlement totals unreadable' };
    if (field48 === undefined || field48 instanceof Uint8Array || Array.isArray(field48)) return unreadable;
    let totals: SettlementTotals;
    try {
      totals = readReconciliation(field48).totals;
    } catch (e) {
      if (e instanceof Iso8583Error) return unreadable;
      throw e;
    }
    const check = this.ledger.settle(textAt(request, '41')!, textAt(request, '60.2') ?? '', totals, this.dispute);
    const balanced = check.domestic === 'balanced' && check.foreign === 'balanced';
    const reason = balanced ? 'settlement balanced' : this.dispute ? 'settlement not balanced: dispute forced' : 'settlement not balanced: totals differ from the host';
    return { ...APPROVED, reason, reconciliation: { domestic: check.domestic, foreign: check.foreign } };
  }

  private batchUpload(request: Message): Verdict {
    const records: UploadedRecord[] = [];
    const count = Number(textAt(request, '48.1') ?? '0');
    for (let i = 0; i < count; i++) {
      const at = `48.${i + 2}`;
      const stan = textAt(request, `${at}.2`);
      const pan = textAt(request, `${at}.3`);
      const amount = textAt(request, `${at}.4`);
      if (stan === undefined || pan === undefined || amount === undefined) return { code: '30', reason: 'format error: upload record unreadable' };
      records.push({ cardClass: textAt(request, `${at}.1`) === '01' ? 'foreign' : 'domestic', stan, pan: pan.replace(/^0+/, ''), amount, route: 'magstripe' });
    }
    return {
      ...APPROVED,
      reason: `${records.length} record${records.length === 1 ? '' : 's'} uploaded`,
      commit: () => this.ledger.upload(textAt(request, '41')!, textAt(request, '60.2') ?? '', records),
    };
  }

  /**
   * The batch-upload end: its 60.3 must say what the host answered the settlement (207 balanced, 202 not,
   * as CUP hosts check it); the batch is then closed and the next sign-in hands out the next number.
   */
  private batchUploadEnd(terminal: TerminalBook, request: Message): Verdict {
    const terminalId = textAt(request, '41')!;
    const batch = textAt(request, '60.2') ?? terminal.batch;
    const count = Number(textAt(request, '48.1') ?? '0');
    const check = this.ledger.lastSettlement(terminalId, batch);
    if (check === undefined) return { code: '25', reason: 'no settlement of this batch to end' };
    const balanced = check.domestic === 'balanced' && check.foreign === 'balanced';
    if (textAt(request, '60.3') !== (balanced ? '207' : '202')) {
      return { code: '30', reason: `format error: the batch-upload end after ${balanced ? 'a balanced' : 'an unbalanced'} settlement is ${balanced ? '207' : '202'}` };
    }
    const next = followingBatch(batch);
    const r = this.ledger.uploadReport(terminalId, batch);
    const reason =
      `batch closed after ${balanced ? 'a balanced' : 'an unbalanced'} settlement, next batch ${next}: ${count} announced, ${r.uploaded} uploaded, ` +
      `${r.matched} matched, ${r.unknownToHost.length} unknown to the host` +
      (balanced ? '' : `, ${r.missingFromUpload.length} not uploaded`);
    return {
      ...APPROVED,
      reason,
      commit: () => {
        this.ledger.endUpload(terminalId, batch, count);
        terminal.batch = next;
      },
    };
  }

  private logged(ex: HostExchange): HostExchange {
    this.log.push({ ...ex.decision });
    // The answer frame holds the card data its message masks: it prints as its length only.
    return withMaskedRendering(ex, 'HostExchange', maskedBytesView);
  }
}

defineMaskedRendering(AcquirerHostSimulator.prototype, {
  name: 'AcquirerHostSimulator',
  masked: (h) => ({ terminals: [...h['terminals'].keys()], ledger: h.ledger, cards: h['cards'], decisions: h['log'].length }),
});
