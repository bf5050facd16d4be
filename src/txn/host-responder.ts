/**
 * The host side of the CUP POS exchange: answers a terminal request the way a POS centre does,
 * echoing what the transaction table says the response carries and setting the host's own fields
 * (time and date, RRN, authorisation code, response code, acquirer, settlement date), then the MAC.
 * Meant for simulators, tests and acquirer backends that want a well-formed starting point.
 */
import { expectOptions } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { encryptCupWorkingKeys, type CupKeyLayout, type CupWorkingKeyInput } from '../crypto/cup-keys.js';
import type { KeyInput } from '../crypto/key.js';
import { signMessage, type MessageMacOptions } from '../crypto/message-mac.js';
import { cupDialect } from '../message/builtin-dialects.js';
import type { FieldValue } from '../codec/values.js';
import type { CanonicalTlv, CanonicalValue, MessageInput } from '../message/engine.js';
import type { Dialect } from '../message/dialect.js';
import type { Message } from '../message/message.js';
import { isApproval } from './response-codes.js';
import { identifyTransaction, textAt, TRANSACTIONS } from './transaction-table.js';
import type { ReconciliationResult, TransactionKind } from './types.js';

/** How `respondTo` answers. Everything has a deterministic default derived from the request and `now`. */
export interface RespondOptions {
  /** Dialect of the response (default: the CUP dialect with default options). */
  dialect?: Dialect;
  /** MAK: when given and the transaction carries a MAC, field 64 is computed. */
  mak?: KeyInput;
  /** MAC scheme and settings (default the CUP ECB MAC). */
  macOptions?: MessageMacOptions;
  /** Field 39 (default `'00'`). */
  responseCode?: string;
  /** Fields set last, over everything derived (e.g. 62 with sign-in keys, 54 balance, 59 voucher, 55 issuer data). */
  fields?: MessageInput['fields'];
  /** Clock for 12, 13 and the default 15 and 37 (default: the current time). Local time, as the terminal's. */
  now?: () => Date;
  /** Field 37 (default: hhmmss of `now` and the request's STAN). */
  rrn?: string;
  /** Field 38 of approved authorisations (default: the last six characters of the RRN). */
  authCode?: string;
  /** Field 15, MMDD (default: the date of `now`). */
  settlementDate?: string;
  /** Field 32 and 44.2 (default: `0` and the first seven digits of the merchant number). */
  acquirerId?: string;
  /** Field 44.1 (default: the acquirer identification). */
  issuerId?: string;
  /** Field 63.1 of financial responses: the card organisation (default `'CUP'`). */
  cardOrganisation?: string;
  /** Sign-in: working keys to hand out in 62, encrypted under the TMK in the layout the request's 60.3 asks for. */
  workingKeys?: { keys: CupWorkingKeyInput; tmk: KeyInput };
  /** Sign-in: the batch number the host hands out in 60.2 (default: the request's). */
  batch?: string;
  /** Settlement: the reconciliation results put in 48.1.5 and 48.2.5 (default balanced). */
  reconciliation?: ReconciliationResult | { domestic: ReconciliationResult; foreign: ReconciliationResult };
}

/** Fields a response copies from its request when the table lists them. */
const ECHOED: readonly number[] = [2, 3, 4, 11, 14, 23, 25, 41, 42, 49, 60];

/** Financial (MACed) responses name the card organisation in 63; settlement echoes the operator instead. */
function namesCardOrganisation(kind: TransactionKind): boolean {
  const def = TRANSACTIONS[kind];
  return def.mac && def.response.includes(63);
}

const RECONCILIATION_DIGIT: Readonly<Record<ReconciliationResult, string>> = { balanced: '1', unbalanced: '2', error: '3' };

let defaultDialect: Dialect | undefined;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function timeOf(d: Date): string {
  return two(d.getHours()) + two(d.getMinutes()) + two(d.getSeconds());
}

function dateOf(d: Date): string {
  return two(d.getMonth() + 1) + two(d.getDate());
}

/** `0` and the first seven digits of a merchant number: its acquirer and area codes. */
function acquirerFromMerchant(mid: string | undefined): string {
  return mid !== undefined && /^[0-9]{7}/.test(mid) ? `0${mid.slice(0, 7)}` : '00000000';
}

/** PAN and expiry read from a clear track 2 (`PAN D YYMM …`), for requests that only carry the track. */
function fromTrack2(request: Message): { pan?: string; expiry?: string } {
  if (textAt(request, '53.3') === '1') return {};
  const track = textAt(request, '35');
  if (track === undefined) return {};
  const sep = track.search(/[D=]/);
  if (sep < 12) return {};
  const expiry = track.slice(sep + 1, sep + 5);
  return { pan: track.slice(0, sep), ...(/^[0-9]{4}$/.test(expiry) ? { expiry } : {}) };
}

/** Response 55: the application transaction counter (9F36) the card sent, as hosts echo it. */
function responseIcc(given: Record<string, CanonicalValue>): CanonicalTlv[] | undefined {
  const icc = given['55'];
  if (!Array.isArray(icc)) return undefined;
  const atc = icc.find((t) => t.tag === '9F36' && t.value !== undefined);
  return atc === undefined ? undefined : [{ tag: '9F36', value: atc.value! }];
}

/** 0510 field 48: the request's totals with the reconciliation digits set. */
function settlementField48(given: Record<string, CanonicalValue>, options: RespondOptions): CanonicalValue | undefined {
  const totals = given['48'];
  if (totals === undefined || typeof totals === 'string' || Array.isArray(totals)) return totals;
  const rec = options.reconciliation ?? 'balanced';
  const results = typeof rec === 'string' ? { domestic: rec, foreign: rec } : rec;
  const out = { ...totals };
  for (const [key, result] of [['1', results.domestic], ['2', results.foreign]] as const) {
    const block = out[key];
    if (block !== undefined && typeof block === 'object' && !Array.isArray(block)) {
      out[key] = { ...block, '5': RECONCILIATION_DIGIT[result] };
    }
  }
  return out;
}

/** 0810 field 62: the working keys under the TMK in the request's key layout. */
function signInKeys(request: Message, options: RespondOptions): Uint8Array | undefined {
  if (options.workingKeys === undefined) return undefined;
  const layout = (textAt(request, '60.3') ?? '003') as CupKeyLayout;
  return encryptCupWorkingKeys(options.workingKeys.keys, options.workingKeys.tmk, layout);
}

/** Field 48 of a response, by transaction (`given`: the request's fields in their plain-object form). */
function responseField48(kind: TransactionKind, request: Message, given: Record<string, CanonicalValue>, options: RespondOptions): CanonicalValue | undefined {
  if (kind === 'settlement') return settlementField48(given, options);
  if (kind === 'batch-upload') {
    const count = textAt(request, '48.1');
    return count === undefined ? undefined : { '1': count };
  }
  return given['48'];
}

/**
 * The host's response to `request`: the response MTI, the fields the transaction table lists (echoed
 * from the request or set by the host), and field 64 when the table says the transaction is MACed
 * and `options.mak` is given. Fields the host cannot derive (balance in 54, QR voucher in 59, issuer
 * data in 55 beyond the ATC) come from `options.fields`; sign-in keys from `options.workingKeys`.
 */
export function respondTo(request: Message, options?: RespondOptions): Message {
  options = expectOptions(options);
  const kind = identifyTransaction(request);
  if (kind === undefined) {
    throw new Iso8583Error('UNKNOWN_TRANSACTION', 'request matches no transaction of the CUP POS table');
  }
  const def = TRANSACTIONS[kind];
  if (request.mti !== def.mti) throw new Iso8583Error('NOT_A_REQUEST', 'message is a response, not a request');

  const dialect = options.dialect ?? (defaultDialect ??= cupDialect());
  const now = (options.now ?? (() => new Date()))();
  const code = options.responseCode ?? '00';
  const stan = textAt(request, '11') ?? '000000';
  const rrn = options.rrn ?? timeOf(now) + stan;
  const acquirer = options.acquirerId ?? acquirerFromMerchant(textAt(request, '42'));
  // The plain-object form is made once: echoed fields, 48 and 55 are all read from it.
  const given = request.toObject().fields;
  const track = fromTrack2(request);

  const host: Partial<Record<number, FieldValue | CanonicalValue | undefined>> = {
    2: given['2'] ?? track.pan,
    12: timeOf(now),
    13: dateOf(now),
    14: given['14'] ?? track.expiry,
    15: options.settlementDate ?? dateOf(now),
    32: acquirer,
    37: rrn,
    38: def.authorised && isApproval(code) ? (options.authCode ?? rrn.slice(-6)) : undefined,
    39: code,
    44: { '1': options.issuerId ?? acquirer, '2': acquirer },
    48: responseField48(kind, request, given, options),
    55: responseIcc(given),
    62: kind === 'sign-in' ? signInKeys(request, options) : undefined,
    63: namesCardOrganisation(kind) ? { '1': options.cardOrganisation ?? 'CUP' } : given['63'],
  };

  const response = dialect.message(def.responseMti);
  for (const field of def.response) {
    if (field === 64) continue;
    const value = field in host ? host[field] : ECHOED.includes(field) ? given[String(field)] : undefined;
    if (value !== undefined) response.set(String(field), value);
  }
  if (kind === 'sign-in' && options.batch !== undefined && response.has('60')) response.set('60.2', options.batch);
  for (const [path, value] of Object.entries(options.fields ?? {})) response.set(path, value);
  if (def.mac && options.mak !== undefined) signMessage(dialect, response, options.mak, options.macOptions);
  return response;
}
