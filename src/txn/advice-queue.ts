/**
 * The store-and-forward queue of a terminal: advices made while the host was not asked (an offline sale
 * approved by phone, an adjustment, a tip, a completion made offline, an electronic-cash sale the card
 * approved, a chip card's script results), each built and numbered when it happened and sent later, oldest
 * first, before the next online request and before the settlement (terminals "trickle-feed" them this way).
 * Plain data, persisted with the session, so a restarted terminal still sends every one.
 */
import { Iso8583Error } from '../errors.js';
import type { MessageObject } from '../message/engine.js';
import { maskedRequest, withMaskedRendering } from './masked-views.js';
import type { TransactionKind } from './types.js';

/** The kinds a terminal may store to send later. */
export const STORABLE_KINDS: readonly TransactionKind[] = Object.freeze([
  'offline-settlement',
  'adjustment',
  'tip',
  'preauth-completion-advice',
  'ec-offline-upload',
  'script-notification',
]);

/** One stored advice: its kind, STAN, the unsigned request (signed when it goes out) and the sends tried. */
export interface QueuedAdvice {
  kind: TransactionKind;
  stan: string;
  request: MessageObject;
  attempts: number;
}

function bad(detail: string, path: string): Iso8583Error {
  return new Iso8583Error('BAD_STATE', detail, { path });
}

/** Checks a persisted queue. */
export function checkAdviceQueue(value: unknown, path = 'advices'): asserts value is QueuedAdvice[] {
  if (!Array.isArray(value)) throw bad('stored advices must be a list', path);
  const seen = new Set<string>();
  value.forEach((a: Partial<QueuedAdvice>, i) => {
    const at = `${path}.${i}`;
    const ok =
      a !== null &&
      typeof a === 'object' &&
      STORABLE_KINDS.includes(a.kind!) &&
      typeof a.stan === 'string' &&
      /^[0-9]{6}$/.test(a.stan) &&
      a.request !== null &&
      typeof a.request === 'object' &&
      typeof a.request.mti === 'string' &&
      typeof a.request.fields === 'object' &&
      Number.isInteger(a.attempts) &&
      a.attempts! >= 0;
    if (!ok) throw bad('stored advice is not valid', at);
    if (seen.has(a.stan!)) throw bad('stored advices must not repeat a STAN', `${at}.stan`);
    seen.add(a.stan!);
  });
}

/** The queue over a persisted list (the session owns the list and persists it). */
export class AdviceQueue {
  constructor(private readonly list: QueuedAdvice[]) {}

  /** How many advices wait. */
  get size(): number {
    return this.list.length;
  }

  /** The oldest advice, which goes out next. */
  first(): QueuedAdvice | undefined {
    return this.list[0];
  }

  /** The advice with this kind and STAN, if it still waits. */
  find(kind: TransactionKind, stan: string): QueuedAdvice | undefined {
    return this.list.find((a) => a.kind === kind && a.stan === stan);
  }

  /** Stores an advice at the end of the queue. */
  add(kind: TransactionKind, stan: string, request: MessageObject): void {
    if (!STORABLE_KINDS.includes(kind)) throw new Iso8583Error('NOT_STORABLE', 'this transaction is sent online, not stored', { expected: STORABLE_KINDS.join(', ') });
    this.list.push({ kind, stan, request, attempts: 0 });
  }

  /** Counts a send of the advice with this STAN. */
  attempted(stan: string): void {
    const a = this.list.find((x) => x.stan === stan);
    if (a !== undefined) a.attempts += 1;
  }

  /** Takes the advice with this STAN off the queue (the host answered it). */
  remove(stan: string): void {
    const i = this.list.findIndex((x) => x.stan === stan);
    if (i >= 0) this.list.splice(i, 1);
  }

  /** Copies of the waiting advices, oldest first; printed or serialised, their requests show card data masked. */
  entries(): QueuedAdvice[] {
    return this.list.map((a) =>
      withMaskedRendering({ ...a, request: JSON.parse(JSON.stringify(a.request)) as MessageObject }, 'QueuedAdvice', (x) => ({ ...x, request: maskedRequest(x.request) })),
    );
  }
}
