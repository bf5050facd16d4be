/**
 * Faults a simulated host can be told to cause: dropping a request before it is processed, dropping
 * the answer after it was processed (what forces a terminal to reverse), and answering late. Each
 * fault applies to the next N requests a predicate accepts, or to every one when N is `Infinity`.
 */
import { Iso8583Error } from '../errors.js';
import type { Message } from '../message/message.js';
import type { TransactionKind } from '../txn/types.js';

/** What a fault predicate sees of an incoming request. */
export interface HostRequestInfo {
  kind: TransactionKind | undefined;
  mti: string;
  terminalId: string | undefined;
  stan: string | undefined;
  /** The decoded request. */
  message: Message;
}

/** Which requests a fault applies to. */
export type HostRequestPredicate = (request: HostRequestInfo) => boolean;

/** A drop: the host never answers. */
export interface DropFault {
  /** How many matching requests it applies to (default 1; `Infinity` for all). */
  count?: number;
  when?: HostRequestPredicate;
  /**
   * `response` (default): the host processes the request (the ledger has it) and the answer is
   * lost; `request`: the request is lost before the host sees it.
   */
  lose?: 'request' | 'response';
}

/** A delay: the answer leaves `ms` milliseconds late (only the asynchronous forms wait). */
export interface DelayFault {
  ms: number;
  count?: number;
  when?: HostRequestPredicate;
}

/** What the schedule decides for one request. */
export interface FaultVerdict {
  drop: 'request' | 'response' | null;
  delayMs: number;
}

interface Scheduled {
  kind: 'drop' | 'delay';
  remaining: number;
  when: HostRequestPredicate | undefined;
  lose: 'request' | 'response';
  ms: number;
}

function checkCount(count: number | undefined): number {
  const n = count ?? 1;
  if (!(n === Infinity || (Number.isInteger(n) && n >= 1))) {
    throw new Iso8583Error('INVALID_CONFIG', 'fault count must be a whole number from 1, or Infinity', { path: 'count', expected: '1.. or Infinity' });
  }
  return n;
}

/** The faults still to happen, consumed in the order they were scheduled. */
export class FaultSchedule {
  private faults: Scheduled[] = [];

  /** Schedules a drop. */
  drop(fault: DropFault = {}): void {
    const lose = fault.lose ?? 'response';
    if (lose !== 'request' && lose !== 'response') {
      throw new Iso8583Error('INVALID_CONFIG', 'a drop loses the request or the response', { path: 'lose', expected: 'request or response' });
    }
    this.faults.push({ kind: 'drop', remaining: checkCount(fault.count), when: fault.when, lose, ms: 0 });
  }

  /** Schedules a delay. */
  delay(fault: DelayFault): void {
    if (!(typeof fault?.ms === 'number' && Number.isFinite(fault.ms) && fault.ms >= 0)) {
      throw new Iso8583Error('INVALID_CONFIG', 'delay must be a finite number of milliseconds from 0', { path: 'ms', expected: 'ms >= 0' });
    }
    this.faults.push({ kind: 'delay', remaining: checkCount(fault.count), when: fault.when, lose: 'response', ms: fault.ms });
  }

  /** Forgets every scheduled fault. */
  clear(): void {
    this.faults = [];
  }

  /** Whether any fault is still scheduled. */
  get pending(): boolean {
    return this.faults.length > 0;
  }

  /** The first matching drop and the longest matching delay for `request`; each fault used is counted down. */
  next(request: HostRequestInfo): FaultVerdict {
    const verdict: FaultVerdict = { drop: null, delayMs: 0 };
    for (const f of this.faults) {
      if (f.kind === 'drop' && verdict.drop !== null) continue;
      if (f.when !== undefined && !f.when(request)) continue;
      if (f.kind === 'drop') verdict.drop = f.lose;
      else verdict.delayMs = Math.max(verdict.delayMs, f.ms);
      f.remaining -= 1;
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return verdict;
  }
}
