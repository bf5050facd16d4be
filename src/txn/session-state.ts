/**
 * What a terminal session is made of as plain data: its configuration and the state it persists, with the
 * checks a configuration or a restored state must pass before a session is built from them.
 */
import { isPrintableAscii } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { isHex } from '../bytes/hex.js';
import type { CupDialectOptions } from '../message/builtin-dialects.js';
import { encodeCupHeader, type CupHeader } from '../frame/cup-header.js';
import { encodeTpdu, type Tpdu } from '../frame/tpdu.js';
import type { SmKeySlot } from '../crypto/cup-sm-keys.js';
import type { MessageObject } from '../message/engine.js';
import { checkAdviceQueue, type QueuedAdvice } from './advice-queue.js';
import type { SignInKeyLayout, TerminalInfo } from './management.js';
import { checkDownloadProgress, type DownloadProgress } from './params/download-run.js';
import { STAN_MAX } from './stan.js';
import { TRANSACTION_KINDS } from './transaction-table.js';
import type { BatchJournalState, ExchangeRecord, ReversalJournalState, SettlementProgress } from './types.js';

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
  /**
   * The SM (国密) sign-in: its 60.3 (`005` default, `006` at some acquirers) and, where the acquirer's layout of
   * field 62 is known, the SM4 master key (32 hex digits) and that layout (default: PIK, MAK, TDK of 16 bytes,
   * each with a 4-byte check value). Without a master key the answer's 62 is left to the caller.
   */
  smSignIn?: { code?: '005' | '006'; tmk?: string; layout?: SmKeySlot[] };
  /** Field 39 values meaning a scanned-code payment is still being made (default `09`). */
  inProgressCodes?: string[];
}

/** A scanned-code payment whose result is still to be learnt: a QR sale answered "in progress", or a merchant-presented order. */
export interface PendingPayment {
  kind: 'sale' | 'qr-order';
  stan: string;
  batch: string;
  amount: string;
  /** MMDD of the answer that left it in progress. */
  date?: string;
  /** The order number of a merchant-presented order. */
  order?: string;
  /** The request as sent, without its MAC and payment code (a scanned-code request carries no card data). */
  request: MessageObject;
}

/**
 * Everything a terminal must keep across restarts. Plain JSON data; it holds the TMK, working keys, card
 * numbers and chip data, so store it as such (`sealState` encrypts it under a key of the caller's).
 */
export interface TerminalState {
  config: TerminalConfig;
  /** The last STAN sent (0 before the first); the next request uses the one after it. */
  stan: number;
  /** 60.2 of requests: from the last sign-in response, advanced when a batch is closed. */
  batch: string;
  signedIn: boolean;
  /** Clear working keys as hex, as installed from the last 0810 (SM4 keys after an SM sign-in say so). */
  keys: { pik: string; mak: string; tdk?: string; algorithm?: 'sm4' } | null;
  reversal: ReversalJournalState;
  batchJournal: BatchJournalState;
  /** STANs taken since the batch began: a batch never uses one twice, so it is closed before it could. */
  stansInBatch: number;
  /** The request in flight (at most one, the newest) and the last ones answered or given up, oldest first. */
  exchanges: ExchangeRecord[];
  /** The settlement under way, from the 0500 until the batch-upload end is answered; null while the batch is open. */
  settlement: SettlementProgress | null;
  /** Advices stored to send later, oldest first: they go out before new business and before the settlement. */
  advices: QueuedAdvice[];
  /** The parameter download under way, or null. */
  download: DownloadProgress | null;
  /** Digit 6 of the last answer's header that asked for something not yet done (`0` none). */
  requirement: string;
  /** A scanned-code payment whose result is to be queried, or null. */
  pendingPayment: PendingPayment | null;
}

export const FIRST_BATCH = '000001';
export const DEFAULT_OPERATOR = '001';
const KEY_LAYOUTS: readonly string[] = ['001', '003', '004'];

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isKeyHex(s: unknown, lengths: readonly number[]): boolean {
  return typeof s === 'string' && lengths.includes(s.length) && isHex(s);
}

/** Every problem of a terminal configuration, each with the setting's path. */
export function configProblems(config: unknown, base: string): Iso8583Error[] {
  const out: Iso8583Error[] = [];
  const add = (path: string, detail: string, expected?: string) =>
    out.push(new Iso8583Error('INVALID_CONFIG', detail, { path: `${base}.${path}`, expected }));
  if (!isPlainObject(config)) {
    out.push(new Iso8583Error('INVALID_CONFIG', 'terminal configuration must be an object', { path: base }));
    return out;
  }
  const c = config as Partial<TerminalConfig>;
  if (!isPrintableAscii(c.terminalId, 8, 8)) add('terminalId', 'terminal ID must be 8 printable ASCII characters', 'ans 8');
  if (!isPrintableAscii(c.merchantId, 15, 15)) add('merchantId', 'merchant ID must be 15 printable ASCII characters', 'ans 15');
  if (!isKeyHex(c.tmk, [16, 32, 48])) add('tmk', 'TMK must be 16, 32 or 48 hex digits', 'hex 16, 32 or 48');
  if (c.keyLayout !== undefined && !KEY_LAYOUTS.includes(c.keyLayout)) add('keyLayout', 'key layout must be 001, 003 or 004', '001, 003 or 004');
  if (c.operator !== undefined && !isPrintableAscii(c.operator, 1, 3)) add('operator', 'operator code must be 1 to 3 printable ASCII characters', 'ans 1..3');
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
  if (c.smSignIn !== undefined) {
    const sm = c.smSignIn as Partial<NonNullable<TerminalConfig['smSignIn']>>;
    if (!isPlainObject(sm)) add('smSignIn', 'SM sign-in settings must be an object', 'object');
    else {
      if (sm.code !== undefined && sm.code !== '005' && sm.code !== '006') add('smSignIn.code', 'SM sign-in code must be 005 or 006', '005 or 006');
      if (sm.tmk !== undefined && !isKeyHex(sm.tmk, [32])) add('smSignIn.tmk', 'SM4 master key must be 32 hex digits', 'hex 32');
      if (sm.layout !== undefined && !Array.isArray(sm.layout)) add('smSignIn.layout', 'SM key layout must be a list of key slots', 'SmKeySlot[]');
    }
  }
  if (c.inProgressCodes !== undefined && !(Array.isArray(c.inProgressCodes) && c.inProgressCodes.every((x) => typeof x === 'string' && /^[0-9A-Z]{2}$/.test(x)))) {
    add('inProgressCodes', 'in-progress codes must be 2-character response codes', 'string[]');
  }
  if (c.terminalInfo !== undefined) {
    const info = c.terminalInfo as Partial<TerminalInfo>;
    if (!isPlainObject(info) || !isPrintableAscii(info.licence, 4, 4) || !isPrintableAscii(info.serial, 1, 95)) {
      add('terminalInfo', 'terminal information needs a 4-character licence and a 1 to 95 character serial', 'TerminalInfo');
    }
  }
  return out;
}

function badState(detail: string, path: string): Iso8583Error {
  return new Iso8583Error('BAD_STATE', detail, { path });
}

/** Checks a persisted state's own members (the journals check theirs when they are built). */
export function checkState(state: unknown): asserts state is TerminalState {
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
    if (keys.algorithm !== undefined && !(keys.algorithm === 'sm4' && keys.pik.length === 32 && keys.mak.length === 32)) {
      throw badState('SM4 working keys must be 32 hex digits each', 'keys.algorithm');
    }
  }
  if (!isPlainObject(s.reversal)) throw badState('reversal journal state must be an object', 'reversal');
  if (!isPlainObject(s.batchJournal)) throw badState('batch journal state must be an object', 'batchJournal');
  if (!(typeof s.stansInBatch === 'number' && Number.isInteger(s.stansInBatch) && s.stansInBatch >= 0 && s.stansInBatch <= STAN_MAX)) {
    throw badState('STANs taken in the batch must be a whole number from 0 to 999999', 'stansInBatch');
  }
  if (!Array.isArray(s.exchanges)) throw badState('exchanges must be a list', 'exchanges');
  s.exchanges.forEach((x, i) => {
    const ok =
      isPlainObject(x) &&
      TRANSACTION_KINDS.includes(x.kind) &&
      typeof x.stan === 'string' &&
      /^[0-9]{6}$/.test(x.stan) &&
      (x.status === 'awaiting' ? i === s.exchanges!.length - 1 : x.status === 'answered' || x.status === 'timed-out') &&
      (x.records === undefined || (Array.isArray(x.records) && x.records.every((r) => typeof r === 'string')));
    if (!ok) throw badState('exchange record is not valid', `exchanges.${i}`);
  });
  const p = s.settlement;
  if (p !== null) {
    const resultOk = (r: unknown) => r === 'balanced' || r === 'unbalanced' || r === 'error';
    if (!isPlainObject(p) || !Array.isArray(p.uploaded) || !p.uploaded.every((x) => typeof x === 'string')) {
      throw badState('settlement progress must name the records uploaded', 'settlement');
    }
    if (p.result !== null && !(isPlainObject(p.result) && resultOk(p.result.domestic) && resultOk(p.result.foreign))) {
      throw badState('settlement result must be balanced, unbalanced or error per card class', 'settlement.result');
    }
  }
  checkAdviceQueue(s.advices);
  checkDownloadProgress(s.download);
  if (!(typeof s.requirement === 'string' && /^[0-9]$/.test(s.requirement))) throw badState('processing requirement must be one digit', 'requirement');
  const pp = s.pendingPayment;
  if (pp !== null) {
    const ok =
      isPlainObject(pp) &&
      (pp.kind === 'sale' || pp.kind === 'qr-order') &&
      /^[0-9]{6}$/.test(String(pp.stan)) &&
      /^[0-9]{6}$/.test(String(pp.batch)) &&
      /^[0-9]{12}$/.test(String(pp.amount)) &&
      isPlainObject(pp.request);
    if (!ok) throw badState('pending payment is not valid', 'pendingPayment');
  }
}

/** A state persisted before later members were kept (exchanges, settlement progress, stored advices …), given their starting values. */
export function upgradeState(state: TerminalState): TerminalState {
  const s = state as Partial<TerminalState>;
  if (!isPlainObject(s)) return state;
  return {
    ...state,
    stansInBatch: s.stansInBatch ?? 0,
    exchanges: s.exchanges ?? [],
    settlement: s.settlement ?? null,
    advices: s.advices ?? [],
    download: s.download ?? null,
    requirement: s.requirement ?? '0',
    pendingPayment: s.pendingPayment ?? null,
  };
}

/** A deep copy of plain JSON data. */
export function copyData<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

