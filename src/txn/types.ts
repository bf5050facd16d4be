// Shared vocabulary of the transaction layer: the kinds of CUP POS transaction and the plain-data shapes
// that sessions and journals persist. Plain data only, so a terminal can store and restore its state.
import type { MessageObject } from '../message/engine.js';

/** Every CUP POS transaction the builders, validators and host responder know. */
export type TransactionKind =
  | 'sign-in'
  | 'sign-out'
  | 'echo'
  | 'balance'
  | 'sale'
  | 'void'
  | 'refund'
  | 'preauth'
  | 'preauth-void'
  | 'preauth-completion'
  | 'preauth-completion-void'
  | 'preauth-completion-advice'
  | 'offline-settlement'
  | 'adjustment'
  | 'tip'
  | 'reversal'
  | 'settlement'
  | 'batch-upload'
  | 'batch-upload-end'
  | 'ic-tc-upload'
  | 'advice-upload'
  | 'sm-sign-in'
  | 'aid-query'
  | 'aid-download'
  | 'aid-download-end'
  | 'capk-query'
  | 'capk-download'
  | 'capk-download-end'
  | 'terminal-parameters'
  | 'terminal-parameters-end'
  | 'status-upload'
  | 'tmk-download'
  | 'list-download'
  | 'list-download-end'
  | 'script-notification'
  | 'chip-failure-upload'
  | 'ec-offline-upload'
  | 'qr-order'
  | 'qr-result-query';

/** One row of the CUP POS transaction table (how a request is recognised and what it must carry). */
export interface TransactionDef {
  kind: TransactionKind;
  name: string;
  localName: string;
  mti: string;
  responseMti: string;
  /** Field 3, when the transaction has one. */
  processingCode?: string;
  /** Field 25, when the transaction has one. */
  conditionCode?: string;
  /** 60.1. */
  transactionType: string;
  /** 60.3 values this transaction may use (sign-in: 001/003/004; batch-upload end: 202/207 …). */
  networkCodes: readonly string[];
  /**
   * A path only this transaction's requests carry, telling it from another with the same MTI, 3, 25 and 60
   * codes (a merchant-presented QR order is a sale's twin but for its order number in 59).
   */
  marker?: string;
  /**
   * The transaction this one shares its 3 and 25 with (an electronic-cash upload or a QR order is a sale's
   * twin): it is named only by its own 60.1 or marker, never by 3 and 25 alone when 60.1 is private.
   */
  twinOf?: TransactionKind;
  /** Fields a request must carry. */
  mandatory: readonly number[];
  /** Fields a request may carry. */
  conditional: readonly number[];
  /** Fields a response carries (the host echoes or sets them). */
  response: readonly number[];
  /** Whether an unanswered request must be reversed (0400) before the next transaction. */
  reversible: boolean;
  /** Whether requests and responses carry a MAC in field 64. */
  mac: boolean;
  /** Whether the issuer authorises it online: its approval carries an authorisation code in 38. */
  authorised: boolean;
  /** The side of the settlement totals an approval counts on, or null when it never enters them. */
  totals: 'debit' | 'credit' | null;
  /** The kind of earlier transaction an approval cancels (named by 61.2, or 38 for a pre-authorisation); reversing it restores that one. */
  cancels: TransactionKind | null;
  /** An approval replaces the amount of the earlier record named by 61.1/61.2 with its own field 4 (tips, adjustments). */
  amends: boolean;
  /**
   * When a terminal may make the request: `always` (even before sign-in, with a reversal owed or while
   * settling), `signed-in` (working keys held, no reversal owed), `open-batch` (signed in, no reversal
   * owed, the batch not being settled) or `settling` (after the settlement answer, until the batch closes).
   */
  when: 'always' | 'signed-in' | 'open-batch' | 'settling';
  /**
   * How an approved record goes up in the batch upload after a settlement: `online` transactions as a
   * magnetic stripe record (0320 201) or, read from a chip, as a TC record (0320 203/205); `advice`
   * records one 0320 each carrying their own fields; null for kinds that leave no record of their own.
   */
  upload: 'online' | 'advice' | null;
}

/** Why a reversal is sent, in its field 39. */
export type ReversalReason = '98' | 'A0' | '96' | '06';

/**
 * A reversal waiting to go out: the original request already reduced for reversal (canonical form, without PIN
 * block, tracks or MAC, so persisted state never holds them) and the reason it is reversed.
 */
export interface PendingReversal {
  /** STAN of the original request, which the reversal re-uses. */
  stan: string;
  kind: TransactionKind;
  request: MessageObject;
  reason: ReversalReason;
  /** Reversal sends tried so far. */
  attempts: number;
}

/** What the reversal journal persists. */
export interface ReversalJournalState {
  pending: PendingReversal | null;
}

/** Card origin for settlement totals: CUP domestic (内卡) or foreign (外卡). */
export type CardClass = 'domestic' | 'foreign';

/** One approved transaction as the batch journal keeps it. Amounts are digit strings in minor units. */
export interface BatchRecord {
  stan: string;
  kind: TransactionKind;
  /** Field 4 of the approved request (`n12`, minor units). */
  amount: string;
  /** Debit (sales, completions, offline settlements) or credit (refunds) for the totals. */
  direction: 'debit' | 'credit';
  cardClass: CardClass;
  /** Full PAN: batch upload (0320) needs it. The state holding it is as sensitive as the card data. */
  pan: string;
  rrn?: string;
  authCode?: string;
  /** MMDD from field 13 of the response. */
  date?: string;
  /** Set when a later void or reversal cancelled this record; voided records are left out of the totals. */
  voided: boolean;
  /** 63.1 of the approval: the card organisation (`CUP` for a domestic card, `VIS`, `MCC` …), when the host named one. */
  cardOrganisation?: string;
  /** 22.1 of the request: how the card was read (`01` keyed, `02` swiped, `03` scanned code, `05` chip, `07` contactless). */
  entryMode?: string;
  /** 59 `A4` of a scanned-code payment's approval: the payment voucher (付款凭证码) its void and refund send back. */
  voucher?: string;
  /**
   * The request as a detail upload repeats it (an advice's own 0320, a chip transaction's TC record): card
   * number and chip data kept, PIN block, tracks, track-equivalent chip tags and MAC left out.
   */
  detail?: MessageObject;
}

/** What the batch journal persists. */
export interface BatchJournalState {
  batch: string;
  records: BatchRecord[];
}

/** Totals of one card class as settlement (0500 field 48) carries them. */
export interface ClassTotals {
  debitAmount: string;
  debitCount: number;
  creditAmount: string;
  creditCount: number;
}

/** Settlement totals, domestic then foreign, exact (computed with bn.js). */
export interface SettlementTotals {
  domestic: ClassTotals;
  foreign: ClassTotals;
}

/** Reconciliation result a host returns in 0510 field 48 for one card class. */
export type ReconciliationResult = 'balanced' | 'unbalanced' | 'error';

/** Where an exchange with the host stands: its request went out and waits, it was answered, or the terminal gave up on it. */
export type ExchangeStatus = 'awaiting' | 'answered' | 'timed-out';

/** One request the terminal sent, as the session remembers it to tell a current answer from a late or repeated one. */
export interface ExchangeRecord {
  kind: TransactionKind;
  /** Field 11 of the request (a reversal, TC or detail upload repeats its original's). */
  stan: string;
  status: ExchangeStatus;
  /** Set when its answer changed the batch journal (booked, cancelled or amended a record). */
  applied?: boolean;
  /** A magnetic stripe batch upload (0320 201): the STANs of the records it carries. */
  records?: string[];
}

/** A settlement under way: from the 0500 until the batch-upload end is answered. */
export interface SettlementProgress {
  /** The per-card-class result of the last settlement answer; null until one has been read. */
  result: { domestic: ReconciliationResult; foreign: ReconciliationResult } | null;
  /** STANs of the batch records whose detail the host has acknowledged in this settlement's uploads. */
  uploaded: string[];
}
