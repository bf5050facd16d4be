/**
 * The simulated acquirer's merchants: each merchant number's settlement cycle (T+1, or T+0 paid out the same
 * day) and limits (per transaction, per day), the checks a host makes of them, and the statement of what it
 * owes the merchant per transaction day. Several merchant numbers may be reached from one terminal platform
 * (a merchant pool: `HostTerminal.merchantIds`).
 */
import BN from 'bn.js';
import { Iso8583Error } from '../errors.js';
import { settlementDirection } from '../txn/batch-journal.js';
import { isMerchantId, parseMerchantId, type MerchantIdParts } from '../txn/merchant-id.js';
import type { LedgerEntry } from './host-simulator-ledger.js';
import type { RuleDecision } from './host-simulator-rules.js';

/** When the acquirer pays a merchant: the next day (`T+1`, default) or the same day in real time (`T+0`). */
export type SettlementCycle = 'T+1' | 'T+0';

/** A merchant the host knows. */
export interface HostMerchant {
  /** Field 42, 15 characters. */
  merchantId: string;
  /** Default `T+1`. */
  settlement?: SettlementCycle;
  /** Largest amount of one transaction (digits, minor units): above it, `61`. */
  maxAmount?: string;
  /** Largest sum of a day's debits (digits, minor units): a debit that would pass it is declined `61`. */
  dailyLimit?: string;
}

/** One transaction day of a merchant's statement. Amounts are digits in minor units; `net` may be negative. */
export interface MerchantDay {
  /** MMDD of the transactions (the host's field 13). */
  date: string;
  /** MMDD the acquirer pays: the same day for T+0, the next for T+1. */
  valueDate: string;
  debitCount: number;
  debitAmount: string;
  creditCount: number;
  creditAmount: string;
  net: string;
}

/** What the host owes one merchant, by transaction day. */
export interface MerchantStatement {
  merchantId: string;
  parts: MerchantIdParts | null;
  settlement: SettlementCycle;
  days: MerchantDay[];
}

function isDigits(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= max && /^[0-9]+$/.test(v);
}

/** Every problem of a merchant list, one `INVALID_CONFIG` each. */
export function merchantProblems(merchants: unknown): Iso8583Error[] {
  if (merchants === undefined) return [];
  const out: Iso8583Error[] = [];
  const add = (detail: string, path: string, expected: string) => out.push(new Iso8583Error('INVALID_CONFIG', detail, { path, expected }));
  if (!Array.isArray(merchants)) {
    add('merchants must be a list', 'merchants', 'HostMerchant[]');
    return out;
  }
  const seen = new Set<string>();
  merchants.forEach((m: Partial<HostMerchant>, i) => {
    const at = `merchants.${i}`;
    if (m === null || typeof m !== 'object') return add('merchant must be an object', at, 'HostMerchant');
    if (typeof m.merchantId !== 'string' || !/^[\x20-\x7E]{15}$/.test(m.merchantId)) add('merchant ID must be 15 printable ASCII characters', `${at}.merchantId`, 'ans 15');
    else if (seen.has(m.merchantId)) add('merchant ID appears twice', `${at}.merchantId`, 'distinct merchants');
    else seen.add(m.merchantId);
    if (m.settlement !== undefined && m.settlement !== 'T+1' && m.settlement !== 'T+0') add('settlement cycle must be T+1 or T+0', `${at}.settlement`, 'T+1 or T+0');
    if (m.maxAmount !== undefined && !isDigits(m.maxAmount, 12)) add('limit must be 1 to 12 digits', `${at}.maxAmount`, 'n ..12');
    if (m.dailyLimit !== undefined && !isDigits(m.dailyLimit, 15)) add('limit must be 1 to 15 digits', `${at}.dailyLimit`, 'n ..15');
  });
  return out;
}

/** Whether an entry still counts (approved, not cancelled) and which way its money goes. */
function counted(e: LedgerEntry): 'debit' | 'credit' | null {
  return e.status === 'approved' && e.amount !== undefined ? settlementDirection(e.kind) : null;
}

/**
 * The merchant's limit check of a debit of `amount` on `date` (MMDD), given the merchant's entries so far:
 * `61` above the per-transaction limit or past the daily one, else undefined.
 */
export function merchantLimitCheck(merchant: HostMerchant, amount: string, date: string, entries: readonly LedgerEntry[]): RuleDecision | undefined {
  const value = new BN(amount, 10);
  if (merchant.maxAmount !== undefined && value.gt(new BN(merchant.maxAmount, 10))) {
    return { code: '61', reason: "amount above the merchant's per-transaction limit" };
  }
  if (merchant.dailyLimit !== undefined) {
    const today = new BN(0);
    for (const e of entries) if (e.date === date && counted(e) === 'debit') today.iadd(new BN(e.amount!, 10));
    if (today.add(value).gt(new BN(merchant.dailyLimit, 10))) return { code: '61', reason: "merchant's daily limit reached" };
  }
  return undefined;
}

/** MMDD of the day after `mmdd` in `year`. */
function nextDay(mmdd: string, year: number): string {
  const d = new Date(year, Number(mmdd.slice(0, 2)) - 1, Number(mmdd.slice(2, 4)) + 1);
  return String(d.getMonth() + 1).padStart(2, '0') + String(d.getDate()).padStart(2, '0');
}

/** The statement of one merchant from its ledger entries; `year` places the MMDD dates for the T+1 value dates. */
export function merchantStatement(merchantId: string, merchant: HostMerchant | undefined, entries: readonly LedgerEntry[], year: number): MerchantStatement {
  const cycle = merchant?.settlement ?? 'T+1';
  const days = new Map<string, { debitCount: number; debit: BN; creditCount: number; credit: BN }>();
  for (const e of entries) {
    const direction = counted(e);
    if (direction === null) continue;
    let day = days.get(e.date);
    if (day === undefined) {
      day = { debitCount: 0, debit: new BN(0), creditCount: 0, credit: new BN(0) };
      days.set(e.date, day);
    }
    if (direction === 'debit') {
      day.debitCount += 1;
      day.debit.iadd(new BN(e.amount!, 10));
    } else {
      day.creditCount += 1;
      day.credit.iadd(new BN(e.amount!, 10));
    }
  }
  const out: MerchantDay[] = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({
      date,
      valueDate: cycle === 'T+0' ? date : nextDay(date, year),
      debitCount: d.debitCount,
      debitAmount: d.debit.toString(10),
      creditCount: d.creditCount,
      creditAmount: d.credit.toString(10),
      net: d.debit.sub(d.credit).toString(10),
    }));
  return { merchantId, parts: isMerchantId(merchantId) ? parseMerchantId(merchantId) : null, settlement: cycle, days: out };
}
