/**
 * The batch journal: the approved transactions of the current batch, kept for settlement totals
 * (0500 field 48) and for the batch upload (0320) a host asks for when the totals do not balance.
 */
import BN from 'bn.js';
import { Iso8583Error } from '../errors.js';
import { badArgument, expectBoolean, expectFunction, expectObject, expectString, shapeOf } from '../arguments.js';
import { expectKind, TRANSACTION_KINDS, TRANSACTIONS } from './transaction-table.js';
import type { MessageObject } from '../message/engine.js';
import { defineMaskedRendering } from '../redaction.js';
import { maskedRecord, renderedRecord } from './masked-views.js';
import type { BatchJournalState, BatchRecord, CardClass, SettlementTotals, TransactionKind } from './types.js';

/** One message of a batch upload: up to eight magnetic stripe records, or one advice or chip record. */
export interface UploadStep {
  route: 'magstripe' | 'advice' | 'chip';
  records: BatchRecord[];
}

/** Most records one magstripe batch-upload message (0320, 60.3 = 201) carries in field 48. */
export const MAX_UPLOAD_RECORDS = 8;

/** A record as the journal accepts it: the amount may be a digit string or a `BN`. */
export type BatchRecordInput = Omit<BatchRecord, 'voided' | 'amount'> & { amount: string | BN };

const KINDS: readonly TransactionKind[] = TRANSACTION_KINDS;

/**
 * Which side of the settlement totals a transaction kind counts on (the table's `totals` column): debit
 * for sales, completions and offline settlements, credit for refunds, null for kinds that never enter
 * the totals (inquiries, pre-authorisations, voids, management, and tips and adjustments, which change
 * the amount of the record they name instead).
 */
export function settlementDirection(kind: TransactionKind): 'debit' | 'credit' | null {
  expectKind(kind);
  return TRANSACTIONS[kind].totals;
}

const STAN = /^[0-9]{6}$/;
const BATCH = /^[0-9]{6}$/;

/** Every problem of a record, each with the record property it concerns as `path`. */
function recordProblems(rec: BatchRecordInput): Iso8583Error[] {
  const problems: Iso8583Error[] = [];
  const add = (path: string, detail: string): void => {
    problems.push(new Iso8583Error('INVALID_INPUT', detail, { path }));
  };
  if (typeof rec.stan !== 'string' || !STAN.test(rec.stan) || rec.stan === '000000') {
    add('stan', 'STAN must be 6 digits from 000001 to 999999');
  }
  if (!KINDS.includes(rec.kind)) add('kind', 'kind must be a transaction kind');
  const amount = amountProblem(rec.amount);
  if (amount) add('amount', amount);
  if (rec.direction !== 'debit' && rec.direction !== 'credit') {
    add('direction', 'direction must be debit or credit');
  } else if (KINDS.includes(rec.kind)) {
    const expected = settlementDirection(rec.kind);
    if (expected !== null && expected !== rec.direction) add('direction', `direction must be ${expected} for this kind`);
  }
  if (rec.cardClass !== 'domestic' && rec.cardClass !== 'foreign') add('cardClass', 'card class must be domestic or foreign');
  // A scanned-code sale carries no PAN, so an empty one is allowed; 0320 holds at most 20 digits.
  if (typeof rec.pan !== 'string' || !/^[0-9]{0,19}$/.test(rec.pan)) add('pan', 'PAN must be up to 19 digits');
  if (rec.rrn !== undefined && (typeof rec.rrn !== 'string' || rec.rrn.length !== 12)) add('rrn', 'RRN must be 12 characters');
  if (rec.authCode !== undefined && (typeof rec.authCode !== 'string' || rec.authCode.length !== 6)) {
    add('authCode', 'authorisation code must be 6 characters');
  }
  if (rec.date !== undefined && (typeof rec.date !== 'string' || !/^[0-9]{4}$/.test(rec.date))) add('date', 'date must be MMDD');
  if (rec.cardOrganisation !== undefined && (typeof rec.cardOrganisation !== 'string' || !/^[\x20-\x7E]{1,3}$/.test(rec.cardOrganisation))) {
    add('cardOrganisation', 'card organisation must be 1 to 3 printable ASCII characters');
  }
  if (rec.entryMode !== undefined && (typeof rec.entryMode !== 'string' || !/^[0-9]{2}$/.test(rec.entryMode))) add('entryMode', 'entry mode must be 2 digits');
  if (rec.voucher !== undefined && (typeof rec.voucher !== 'string' || !/^[\x20-\x7E]{1,64}$/.test(rec.voucher))) add('voucher', 'voucher must be 1 to 64 printable ASCII characters');
  const d = rec.detail as unknown;
  if (d !== undefined && (d === null || typeof d !== 'object' || typeof (d as MessageObject).mti !== 'string' || typeof (d as MessageObject).fields !== 'object' || (d as MessageObject).fields === null)) {
    add('detail', 'detail must be a message object');
  }
  return problems;
}

/** Why an amount is unusable, or undefined when it is a positive whole number of at most 12 digits. */
function amountProblem(amount: unknown): string | undefined {
  if (BN.isBN(amount)) {
    const bn = amount as BN;
    if (bn.isNeg() || bn.isZero()) return 'amount must be greater than zero';
    return bn.toString(10).length > 12 ? 'amount must have at most 12 digits' : undefined;
  }
  if (typeof amount !== 'string' || !/^[0-9]{1,12}$/.test(amount)) return 'amount must be 1 to 12 digits';
  return /^0+$/.test(amount) ? 'amount must be greater than zero' : undefined;
}

/** An amount as the 12-digit, zero-filled string field 4 and field 48 use. */
function amount12(amount: string | BN): string {
  return (typeof amount === 'string' ? amount : amount.toString(10)).padStart(12, '0');
}

function copyRecord(r: BatchRecord): BatchRecord {
  const copy = { ...r };
  if (r.detail !== undefined) copy.detail = JSON.parse(JSON.stringify(r.detail)) as MessageObject;
  return copy;
}

/**
 * How a record goes up after an unbalanced settlement (§3.4): `magstripe` in a 0320 201 record, `advice`
 * as its own 0320 (refunds, offline advices), `chip` as a 0320 203/205 TC record (read from a chip or
 * contactless), or null: voided records, kinds that leave no record of their own, and scanned-code
 * sales, which have neither a PAN for a 201 record nor chip data for a TC record.
 */
export function uploadRoute(r: BatchRecord): 'magstripe' | 'advice' | 'chip' | null {
  expectBoolean(expectObject(r, 'r').voided, 'r.voided');
  if (r.voided || !KINDS.includes(r.kind)) return null;
  const upload = TRANSACTIONS[r.kind].upload;
  if (upload === 'advice') return 'advice';
  if (upload !== 'online' || r.pan === '' || r.entryMode === '03') return null;
  return r.entryMode === '05' || r.entryMode === '07' ? 'chip' : 'magstripe';
}

function checkState(state: BatchJournalState): void {
  const bad = (detail: string, path: string): Iso8583Error => new Iso8583Error('BAD_STATE', detail, { path });
  if (state === null || typeof state !== 'object') throw bad('batch journal state must be an object', 'batchJournal');
  if (typeof state.batch !== 'string' || !BATCH.test(state.batch)) throw bad('batch number must be 6 digits', 'batchJournal.batch');
  if (!Array.isArray(state.records)) throw bad('batch records must be a list', 'batchJournal.records');
  const seen = new Set<string>();
  state.records.forEach((r, i) => {
    const path = `batchJournal.records.${i}`;
    if (r === null || typeof r !== 'object') throw bad('batch record must be an object', path);
    const first = recordProblems(r)[0];
    if (first) throw bad('batch record is not valid', `${path}.${first.path!}`);
    if (typeof r.voided !== 'boolean') throw bad('batch record is not valid', `${path}.voided`);
    if (seen.has(r.stan)) throw bad('batch records must not repeat a STAN', `${path}.stan`);
    seen.add(r.stan);
  });
}

function emptyTotals(): { debit: BN; debitCount: number; credit: BN; creditCount: number } {
  return { debit: new BN(0), debitCount: 0, credit: new BN(0), creditCount: 0 };
}

/** The approved transactions of one batch; every change is reported to `onChange` for persistence. */
export class BatchJournal {
  private batchNo: string;
  private list: BatchRecord[];
  private readonly onChange: ((s: BatchJournalState) => void) | undefined;

  /** A journal starting from a persisted `state` (e.g. `{ batch: '000001', records: [] }`). */
  constructor(state: BatchJournalState, onChange?: (s: BatchJournalState) => void) {
    checkState(state);
    if (onChange !== undefined) expectFunction(onChange, 'onChange');
    this.batchNo = state.batch;
    this.list = state.records.map((r) => ({ ...copyRecord(r), amount: amount12(r.amount) }));
    this.onChange = onChange;
  }

  /** The batch number (60.2) these records belong to. */
  get batch(): string {
    return this.batchNo;
  }

  /** Copies of all records, voided ones included, in the order they were approved; each prints with its card data masked. */
  records(): BatchRecord[] {
    return this.list.map((r) => renderedRecord(copyRecord(r)));
  }

  /** A copy of the record with this STAN, if the batch has one; it prints with its card data masked. */
  find(stan: string): BatchRecord | undefined {
    const r = this.recordOf(stan);
    return r && renderedRecord(copyRecord(r));
  }

  /** Adds an approved transaction; throws INVALID_INPUT listing every bad property, DUPLICATE_STAN on a reused STAN. */
  record(rec: BatchRecordInput): void {
    expectObject(rec, 'rec');
    const problems = recordProblems(rec);
    if (problems.length > 0) {
      throw new Iso8583Error('INVALID_INPUT', `batch record has ${problems.length} invalid ${problems.length === 1 ? 'property' : 'properties'}`, { problems });
    }
    if (this.list.some((x) => x.stan === rec.stan)) {
      throw new Iso8583Error('DUPLICATE_STAN', 'the batch already holds a record with this STAN', { path: 'stan' });
    }
    const stored: BatchRecord = {
      stan: rec.stan,
      kind: rec.kind,
      amount: amount12(rec.amount),
      direction: rec.direction,
      cardClass: rec.cardClass,
      pan: rec.pan,
      voided: false,
    };
    if (rec.rrn !== undefined) stored.rrn = rec.rrn;
    if (rec.authCode !== undefined) stored.authCode = rec.authCode;
    if (rec.date !== undefined) stored.date = rec.date;
    if (rec.cardOrganisation !== undefined) stored.cardOrganisation = rec.cardOrganisation;
    if (rec.entryMode !== undefined) stored.entryMode = rec.entryMode;
    if (rec.voucher !== undefined) stored.voucher = rec.voucher;
    if (rec.detail !== undefined) stored.detail = JSON.parse(JSON.stringify(rec.detail)) as MessageObject;
    this.list.push(stored);
    this.changed();
  }

  /** Marks the record with this STAN voided (a void, completion void or reversal cancelled it); false when there is none to void. */
  voidRecord(stan: string): boolean {
    const r = this.recordOf(stan);
    if (r === undefined || r.voided) return false;
    r.voided = true;
    this.changed();
    return true;
  }

  /** Counts a voided record again (the void that cancelled it is being reversed); false when there is none to restore. */
  restoreRecord(stan: string): boolean {
    const r = this.recordOf(stan);
    if (r === undefined || !r.voided) return false;
    r.voided = false;
    this.changed();
    return true;
  }

  /** Replaces the amount of the un-voided record with this STAN (a tip or adjustment changed it); false when there is none. */
  amend(stan: string, amount: string | BN): boolean {
    const problem = amountProblem(amount);
    if (problem !== undefined) throw new Iso8583Error('INVALID_INPUT', problem, { path: 'amount' });
    const r = this.recordOf(stan);
    if (r === undefined || r.voided) return false;
    r.amount = amount12(amount);
    this.changed();
    return true;
  }

  /** Settlement totals of the un-voided records, per card class and direction, summed exactly. */
  totals(): SettlementTotals {
    const sums = { domestic: emptyTotals(), foreign: emptyTotals() };
    for (const r of this.list) {
      if (r.voided) continue;
      const t = sums[r.cardClass as CardClass];
      if (r.direction === 'debit') {
        t.debit.iadd(new BN(r.amount, 10));
        t.debitCount += 1;
      } else {
        t.credit.iadd(new BN(r.amount, 10));
        t.creditCount += 1;
      }
    }
    const out = (t: ReturnType<typeof emptyTotals>) => ({
      debitAmount: amount12(t.debit),
      debitCount: t.debitCount,
      creditAmount: amount12(t.credit),
      creditCount: t.creditCount,
    });
    return { domestic: out(sums.domestic), foreign: out(sums.foreign) };
  }

  /** The records a magnetic stripe batch upload carries (see {@link uploadRoute}) in approval order, cut into chunks of at most `maxPerMessage` (1–8) for 0320 201 messages. */
  uploadBatches(maxPerMessage: number = MAX_UPLOAD_RECORDS): BatchRecord[][] {
    if (!Number.isInteger(maxPerMessage) || maxPerMessage < 1 || maxPerMessage > MAX_UPLOAD_RECORDS) {
      throw new Iso8583Error('INVALID_INPUT', 'records per upload message must be a whole number from 1 to 8', {
        path: 'maxPerMessage',
      });
    }
    const live = this.list.filter((r) => uploadRoute(r) === 'magstripe').map(copyRecord);
    const chunks: BatchRecord[][] = [];
    for (let i = 0; i < live.length; i += maxPerMessage) chunks.push(live.slice(i, i + maxPerMessage));
    return chunks;
  }

  /**
   * What the settlement under way uploads next, given the STANs already acknowledged: after an unbalanced
   * settlement the magnetic stripe records (up to eight per 0320 201), then each advice, then each chip
   * transaction's TC record; after a balanced one only the TC records (NP's order, cup-pos §3.4). Null when
   * nothing is left.
   */
  /** The record with this STAN, as kept (the one way records are looked up: `stan` must be text). */
  private recordOf(stan: string): BatchRecord | undefined {
    expectString(stan, 'stan');
    return this.list.find((x) => x.stan === stan);
  }

  nextUpload(uploaded: readonly string[], balanced: boolean): UploadStep | null {
    if (!Array.isArray(uploaded) || !uploaded.every((x) => typeof x === 'string')) throw badArgument('uploaded', 'an array of STANs', shapeOf(uploaded));
    expectBoolean(balanced, 'balanced');
    const left = this.list.filter((r) => !uploaded.includes(r.stan));
    const by = (route: 'magstripe' | 'advice' | 'chip') => left.filter((r) => uploadRoute(r) === route).map(copyRecord);
    if (!balanced) {
      const swiped = by('magstripe');
      if (swiped.length > 0) return { route: 'magstripe', records: swiped.slice(0, MAX_UPLOAD_RECORDS) };
      const advice = by('advice')[0];
      if (advice !== undefined) return { route: 'advice', records: [advice] };
    }
    const chip = by('chip')[0];
    return chip === undefined ? null : { route: 'chip', records: [chip] };
  }

  /** Empties the journal and starts batch `batch` (after settlement, or when the host assigns a new batch). */
  reset(batch: string): void {
    if (typeof batch !== 'string' || !BATCH.test(batch)) {
      throw new Iso8583Error('INVALID_INPUT', 'batch number must be 6 digits', { path: 'batch' });
    }
    this.batchNo = batch;
    this.list = [];
    this.changed();
  }

  /** The persistable state (a deep copy, plain data: card numbers and chip data in clear, for storage). */
  state(): BatchJournalState {
    return { batch: this.batchNo, records: this.list.map(copyRecord) };
  }

  private changed(): void {
    this.onChange?.(this.state());
  }
}

defineMaskedRendering(BatchJournal.prototype, {
  name: 'BatchJournal',
  masked: (j) => ({ batch: j.batch, records: j.state().records.map(maskedRecord) }),
});
