/**
 * The simulated acquirer's ledger: every transaction it approved, per terminal and batch, with what
 * later cancelled it (a void or a reversal), the records a terminal uploaded, and the settlement
 * totals the host compares against the terminal's own.
 */
import BN from 'bn.js';
import { badArgument, expectDigits, expectBoolean, expectInteger, expectObject, expectOneOf, expectOptions, expectString, shapeOf } from '../arguments.js';
import { maskPan } from '../message/mask.js';
import { defineMaskedRendering } from '../redaction.js';
import { withMaskedRendering } from '../txn/masked-views.js';
import { BatchJournal } from '../txn/batch-journal.js';
import { cardClassOf, checkTotals, type CardClassOptions } from '../txn/settlement.js';
import { settlementDirection } from '../txn/batch-journal.js';
import type { BatchRecord, CardClass, ClassTotals, ReconciliationResult, SettlementTotals, TransactionKind } from '../txn/types.js';

/** Where an approved transaction stands: still counted, cancelled by a void, or cancelled by a reversal. */
export type LedgerStatus = 'approved' | 'voided' | 'reversed';

/** One approved transaction as the host keeps it. Amounts are n12 digit strings in minor units. */
export interface LedgerEntry {
  terminalId: string;
  batch: string;
  stan: string;
  kind: TransactionKind;
  /** Field 4 of the request (n12); `undefined` for transactions without one. */
  amount?: string;
  /** The PAN the request carried ('' for a scanned-code sale). Host-side data: never printed by the simulator. */
  pan: string;
  rrn: string;
  authCode?: string;
  /** MMDD of the host's response (field 13). */
  date: string;
  status: LedgerStatus;
  /** For a void or completion void: the STAN of the transaction it cancelled. */
  cancels?: string;
  /** For a refund: the RRN of the sale refunded. */
  refundOf?: string;
  /** For a tip or adjustment: the STAN of the transaction whose amount it changed. */
  amends?: string;
  /** The card organisation the host named in 63.1 of its answer (`CUP` = domestic card), which decides the entry's card class. */
  organisation?: string;
  /** Field 42 of the request: the merchant the transaction is for. */
  merchantId?: string;
  /** The payment voucher (59 `A4`) a scanned-code payment's approval carried, which its void and refund must send back. */
  voucher?: string;
}

/** One record of a terminal's batch upload (0320, 60.3 = 201, field 48). */
export interface UploadedRecord {
  cardClass: CardClass;
  stan: string;
  /** The PAN as uploaded, without the zero fill of the 20-digit slot. */
  pan: string;
  amount: string;
  /** How it came: in a magnetic stripe 201 message, as an advice's own 0320, or as a chip TC record. */
  route?: 'magstripe' | 'advice' | 'chip';
}

/** How a terminal's uploaded batch compares with the host's ledger of that batch. */
export interface UploadReport {
  uploaded: number;
  /** Uploaded records whose STAN and amount the host has as a counted transaction. */
  matched: number;
  /** STANs the terminal uploaded that the host does not count. */
  unknownToHost: string[];
  /** STANs the host counts that the terminal did not upload. */
  missingFromUpload: string[];
  /** The count the batch-upload end announced, once it has arrived. */
  announced?: number;
}

/** The host's reconciliation of one settlement request. */
export interface SettlementCheck {
  host: SettlementTotals;
  terminal: SettlementTotals;
  domestic: ReconciliationResult;
  foreign: ReconciliationResult;
}

interface BatchBook {
  entries: LedgerEntry[];
  uploads: UploadedRecord[];
  announced?: number;
  settled: boolean;
  /** The result of the last settlement request: what the batch-upload end's code must agree with. */
  check?: SettlementCheck;
}

/** Whether a class holds any transaction, on either side. */
function active(t: ClassTotals): boolean {
  return t.debitCount > 0 || t.creditCount > 0;
}

function sameClassTotals(a: ClassTotals, b: ClassTotals): boolean {
  return (
    a.debitCount === b.debitCount &&
    a.creditCount === b.creditCount &&
    new BN(a.debitAmount, 10).eq(new BN(b.debitAmount, 10)) &&
    new BN(a.creditAmount, 10).eq(new BN(b.creditAmount, 10))
  );
}

/** An entry as printed: its card number masked. */
function maskedEntry(e: LedgerEntry): Record<string, unknown> {
  return { ...e, pan: maskPan(e.pan) };
}

/** A copy of an entry that prints with its card number masked. */
function copyEntry(e: LedgerEntry): LedgerEntry {
  return withMaskedRendering({ ...e }, 'LedgerEntry', maskedEntry);
}

/** Throws BAD_ARGUMENT unless `entry` is a ledger entry (an object naming its terminal and STAN). */
function checkEntry(entry: LedgerEntry): LedgerEntry {
  expectObject(entry, 'entry');
  expectString(entry.terminalId, 'entry.terminalId');
  expectString(entry.stan, 'entry.stan');
  return entry;
}

/** The simulated host's books: approved transactions by terminal and batch, uploads and settlements. */
export class HostLedger {
  /** Terminal ID → batch number → that batch's book. */
  private readonly books = new Map<string, Map<string, BatchBook>>();
  private readonly cardClass: CardClassOptions;

  /** An empty ledger; `cardClass` decides which PANs count as domestic in the totals. */
  constructor(cardClass?: CardClassOptions) {
    this.cardClass = expectOptions(cardClass, 'cardClass');
  }

  /** Adds an approved transaction. */
  record(entry: LedgerEntry): void {
    checkEntry(entry);
    this.book(entry.terminalId, entry.batch).entries.push(copyEntry(entry));
  }

  /** Copies of the entries of one terminal (and batch, when given), in the order they were approved. */
  entries(terminalId: string, batch?: string): LedgerEntry[] {
    expectString(terminalId, 'terminalId');
    if (batch !== undefined) expectString(batch, 'batch');
    const out: LedgerEntry[] = [];
    for (const [number, book] of this.books.get(terminalId) ?? []) {
      if (batch === undefined || number === batch) out.push(...book.entries.map(copyEntry));
    }
    return out;
  }

  /** Copies of every entry for one merchant number, terminal by terminal and batch by batch. */
  merchantEntries(merchantId: string): LedgerEntry[] {
    expectString(merchantId, 'merchantId');
    const out: LedgerEntry[] = [];
    for (const book of this.allBooks()) for (const e of book.entries) if (e.merchantId === merchantId) out.push(copyEntry(e));
    return out;
  }

  /** The entry of a terminal's batch with this STAN, as stored (callers change its status through the ledger). */
  findByStan(terminalId: string, batch: string, stan: string): LedgerEntry | undefined {
    expectString(stan, 'stan');
    return this.existing(terminalId, batch)?.entries.find((e) => e.stan === stan);
  }

  /** The approved transaction of any terminal with this RRN. */
  findByRrn(rrn: string): LedgerEntry | undefined {
    expectString(rrn, 'rrn');
    for (const book of this.allBooks()) {
      const e = book.entries.find((x) => x.rrn === rrn);
      if (e !== undefined) return e;
    }
    return undefined;
  }

  /** Refunds already accepted against the sale with this RRN, summed exactly. */
  refundedAmount(rrn: string): BN {
    expectString(rrn, 'rrn');
    const sum = new BN(0);
    for (const book of this.allBooks()) {
      for (const e of book.entries) {
        if (e.kind === 'refund' && e.refundOf === rrn && e.status === 'approved' && e.amount !== undefined) sum.iadd(new BN(e.amount, 10));
      }
    }
    return sum;
  }

  /** Marks `entry` cancelled (`voided` or `reversed`) or counted again (`approved`, when the void that cancelled it is reversed). */
  setStatus(entry: LedgerEntry, status: LedgerStatus): void {
    checkEntry(entry).status = expectOneOf(status, 'status', ['approved', 'voided', 'reversed']);
  }

  /** Gives `entry` a new amount (a tip or adjustment changed it). */
  amend(entry: LedgerEntry, amount: string): void {
    checkEntry(entry);
    expectDigits(amount, 'amount', 1, 12);
    entry.amount = amount.padStart(12, '0');
  }

  /** The card class an entry counts in: from the organisation the host named (`CUP` = domestic), else by BIN. */
  classOf(e: Pick<LedgerEntry, 'pan' | 'organisation'>): CardClass {
    expectObject(e, 'e');
    if (e.organisation !== undefined) return e.organisation === 'CUP' ? 'domestic' : 'foreign';
    return e.pan === '' ? 'domestic' : cardClassOf(e.pan, this.cardClass);
  }

  /** Settlement totals of a terminal's batch: counted transactions only, by card class and direction, exact. */
  totals(terminalId: string, batch: string): SettlementTotals {
    const records: BatchRecord[] = [];
    for (const e of this.existing(terminalId, batch)?.entries ?? []) {
      const direction = settlementDirection(e.kind);
      if (direction === null || e.amount === undefined) continue;
      records.push({
        stan: e.stan,
        kind: e.kind,
        amount: e.amount,
        direction,
        cardClass: this.classOf(e),
        pan: e.pan,
        voided: e.status !== 'approved',
      });
    }
    // The terminal's batch journal sums the same way; using it keeps the two sides' arithmetic identical.
    return new BatchJournal({ batch, records }).totals();
  }

  /**
   * Compares a terminal's settlement totals with the host's for that batch, class by class; `dispute` marks
   * every class that holds a transaction (on either side) unbalanced whatever the totals, as a host does
   * that cannot confirm them.
   */
  settle(terminalId: string, batch: string, terminal: SettlementTotals, dispute: boolean): SettlementCheck {
    checkTotals(terminal, 'terminal');
    expectBoolean(dispute, 'dispute');
    const host = this.totals(terminalId, batch);
    const result = (cls: CardClass): ReconciliationResult =>
      sameClassTotals(host[cls], terminal[cls]) && !(dispute && (active(host[cls]) || active(terminal[cls]))) ? 'balanced' : 'unbalanced';
    const book = this.book(terminalId, batch);
    book.settled = true;
    book.check = { host, terminal, domestic: result('domestic'), foreign: result('foreign') };
    return { ...book.check };
  }

  /** The result of the last settlement request of a batch, if one came. */
  lastSettlement(terminalId: string, batch: string): SettlementCheck | undefined {
    const check = this.existing(terminalId, batch)?.check;
    return check === undefined ? undefined : { ...check };
  }

  /** Whether a settlement request has arrived for this batch. */
  isSettled(terminalId: string, batch: string): boolean {
    return this.existing(terminalId, batch)?.settled ?? false;
  }

  /** Keeps the records of one batch-upload message; a record uploaded again (a resent message) replaces its earlier copy. */
  upload(terminalId: string, batch: string, records: readonly UploadedRecord[]): void {
    if (!Array.isArray(records) || !records.every((r) => typeof r === 'object' && r !== null)) throw badArgument('records', 'an array of records', shapeOf(records));
    const book = this.book(terminalId, batch);
    for (const r of records) {
      const at = book.uploads.findIndex((u) => u.stan === r.stan);
      if (at >= 0) book.uploads[at] = { ...r };
      else book.uploads.push({ ...r });
    }
  }

  /** Notes the count a batch-upload end announced. */
  endUpload(terminalId: string, batch: string, count: number): void {
    expectInteger(count, 'count', 0, 9999);
    this.book(terminalId, batch).announced = count;
  }

  /** The terminal's uploaded records of a batch measured against the transactions the host counts. */
  uploadReport(terminalId: string, batch: string): UploadReport {
    const book = this.existing(terminalId, batch);
    const counted = (book?.entries ?? []).filter((e) => e.status === 'approved' && settlementDirection(e.kind) !== null);
    const uploads = book?.uploads ?? [];
    const report: UploadReport = { uploaded: uploads.length, matched: 0, unknownToHost: [], missingFromUpload: [] };
    for (const u of uploads) {
      const e = counted.find((x) => x.stan === u.stan);
      if (e !== undefined && e.amount !== undefined && new BN(e.amount, 10).eq(new BN(u.amount, 10))) report.matched += 1;
      else report.unknownToHost.push(u.stan);
    }
    for (const e of counted) if (!uploads.some((u) => u.stan === e.stan)) report.missingFromUpload.push(e.stan);
    if (book?.announced !== undefined) report.announced = book.announced;
    return report;
  }

  private existing(terminalId: string, batch: string): BatchBook | undefined {
    expectString(terminalId, 'terminalId');
    expectString(batch, 'batch');
    return this.books.get(terminalId)?.get(batch);
  }

  private *allBooks(): Generator<BatchBook> {
    for (const batches of this.books.values()) yield* batches.values();
  }

  private book(terminalId: string, batch: string): BatchBook {
    expectString(terminalId, 'terminalId');
    expectString(batch, 'batch');
    let batches = this.books.get(terminalId);
    if (batches === undefined) {
      batches = new Map();
      this.books.set(terminalId, batches);
    }
    let book = batches.get(batch);
    if (book === undefined) {
      book = { entries: [], uploads: [], settled: false };
      batches.set(batch, book);
    }
    return book;
  }
}

defineMaskedRendering(HostLedger.prototype, {
  name: 'HostLedger',
  // Per terminal and batch: how many transactions the host holds and whether it settled them, never a card number.
  masked: (l) => {
    const books: Record<string, Record<string, unknown>> = {};
    for (const [terminalId, batches] of l['books']) {
      books[terminalId] = Object.fromEntries([...batches].map(([batch, b]) => [batch, { entries: b.entries.length, uploads: b.uploads.length, settled: b.settled }]));
    }
    return books;
  },
});
