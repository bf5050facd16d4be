/**
 * The reversal journal: a reversible request is written down before it is sent, so that a terminal
 * which loses the answer (timeout, bad MAC, a fault after approval) can reverse it with a 0400, even
 * after a restart. At most one reversal is pending; it must go out before any new financial request.
 */
import { badArgument, expectFunction, expectString, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import type { CanonicalTlv, CanonicalValue, MessageObject } from '../message/engine.js';
import type { Dialect } from '../message/dialect.js';
import { expectMessage, type Message } from '../message/message.js';
import { expectKind } from './transaction-table.js';
import { keptRequest, sortedFields } from './request-copy.js';
import { defineMaskedRendering } from '../redaction.js';
import { maskedPending, renderedPending } from './masked-views.js';
import type { PendingReversal, ReversalJournalState, ReversalReason, TransactionKind } from './types.js';

/** Field 55 tags a reversal keeps (CUP: TVR, IFD serial, issuer application data, ATC, script results). */
const REVERSAL_ICC_TAGS: readonly string[] = ['95', '9F1E', '9F10', '9F36', 'DF31'];

const REASONS: readonly ReversalReason[] = ['98', 'A0', '96', '06'];

/** MTIs of the requests CUP reverses: authorisations (pre-auth family) and financial requests (sale family). */
const REVERSIBLE_MTIS: readonly string[] = ['0100', '0200'];

/** Whether `reason` is one of the four reversal reasons of CUP field 39. */
export function isReversalReason(reason: unknown): reason is ReversalReason {
  return typeof reason === 'string' && (REASONS as readonly string[]).includes(reason);
}

/** Field 55 reduced to the tags a reversal carries, in their original order; `undefined` when none is left. */
export function reversalIcc(icc: CanonicalValue | undefined): CanonicalTlv[] | undefined {
  if (icc !== undefined && typeof icc !== 'string' && !isTlvList(icc)) throw badArgument('icc', 'a TLV list, hex text or nothing', shapeOf(icc));
  return reversalTags(icc);
}

function isTlvList(value: unknown): value is CanonicalTlv[] {
  return Array.isArray(value) && value.every((n) => typeof n === 'object' && n !== null && typeof (n as { tag?: unknown }).tag === 'string');
}

/** The reversal's tags of a journaled request's field 55, whatever form it came in (only a TLV list has any). */
function reversalTags(icc: CanonicalValue | undefined): CanonicalTlv[] | undefined {
  if (!isTlvList(icc)) return undefined;
  const kept = icc.filter((node) => REVERSAL_ICC_TAGS.includes(node.tag.toUpperCase()));
  return kept.length > 0 ? kept : undefined;
}

/**
 * The journal's copy of a request: the fields its reversal will carry. PIN data, tracks and the MAC are
 * dropped here rather than at build time so that the persisted state never holds them; a swiped card's
 * PAN and expiry are kept from a clear track 2 when the request had no field 2 / 14, since the 0400
 * must still name the card.
 */
function reversalFields(request: MessageObject): Record<string, CanonicalValue> {
  const fields = { ...keptRequest(request).fields };
  const icc = reversalTags(fields['55']);
  if (icc) fields['55'] = icc;
  else delete fields['55'];
  return fields;
}

function copyPending(p: PendingReversal | null): PendingReversal | null {
  return p === null ? null : (JSON.parse(JSON.stringify(p)) as PendingReversal);
}

function noPending(): Iso8583Error {
  return new Iso8583Error('NO_PENDING_REVERSAL', 'no reversal is pending');
}

/** Checks a restored state's shape (it comes from storage, so it is input like any other). */
function checkState(state: ReversalJournalState): void {
  const bad = (detail: string, path: string): Iso8583Error => new Iso8583Error('BAD_STATE', detail, { path });
  if (state === null || typeof state !== 'object') throw bad('reversal journal state must be an object', 'reversal');
  const p = state.pending;
  if (p === null) return;
  if (typeof p !== 'object' || p === undefined) throw bad('pending reversal must be an object or null', 'reversal.pending');
  if (typeof p.stan !== 'string' || !/^[0-9]{6}$/.test(p.stan)) throw bad('pending reversal STAN must be 6 digits', 'reversal.pending.stan');
  if (!isReversalReason(p.reason)) throw bad('pending reversal reason must be 98, A0, 96 or 06', 'reversal.pending.reason');
  if (typeof p.attempts !== 'number' || !Number.isInteger(p.attempts) || p.attempts < 0) {
    throw bad('pending reversal attempts must be a whole number from 0', 'reversal.pending.attempts');
  }
  const r = p.request as MessageObject | undefined;
  if (r === null || typeof r !== 'object' || typeof r.mti !== 'string' || r.fields === null || typeof r.fields !== 'object') {
    throw bad('pending reversal request must be a message object', 'reversal.pending.request');
  }
}

/** Holds the one reversal a terminal may owe; every change is reported to `onChange` for persistence. */
export class ReversalJournal {
  private current: PendingReversal | null;
  private readonly onChange: ((s: ReversalJournalState) => void) | undefined;

  /** A journal starting from a persisted `state` (none pending when omitted). */
  constructor(state?: ReversalJournalState, onChange?: (s: ReversalJournalState) => void) {
    if (state !== undefined) checkState(state);
    if (onChange !== undefined) expectFunction(onChange, 'onChange');
    this.current = state === undefined ? null : copyPending(state.pending);
    this.onChange = onChange;
  }

  /** The pending reversal (a copy that prints with its card data masked), or null. */
  get pending(): PendingReversal | null {
    const p = copyPending(this.current);
    return p === null ? null : renderedPending(p);
  }

  /** Records a reversible request before it is sent, with reason 98 until its answer says otherwise. */
  journal(kind: TransactionKind, request: Message): void {
    expectKind(kind);
    expectMessage(request, 'request');
    if (this.current !== null) {
      throw new Iso8583Error('REVERSAL_PENDING', 'a reversal must be sent before the next reversible request');
    }
    if (!REVERSIBLE_MTIS.includes(request.mti)) {
      throw new Iso8583Error('NOT_REVERSIBLE', 'only 0100 and 0200 requests can be reversed', {
        expected: 'MTI 0100 or 0200',
        found: `MTI ${/^[0-9]{4}$/.test(request.mti) ? request.mti : 'not 4 digits'}`,
      });
    }
    const stan = request.get('11');
    if (typeof stan !== 'string' || !/^[0-9]{6}$/.test(stan)) {
      throw new Iso8583Error('MISSING_FIELDS', 'a reversible request needs its STAN', { path: '11', expected: 'n 6' });
    }
    const original = request.toObject();
    this.current = {
      stan,
      kind,
      request: { mti: original.mti, fields: reversalFields(original) },
      reason: '98',
      attempts: 0,
    };
    this.changed();
  }

  /** Changes why the pending reversal is sent (A0 after a bad response MAC, 96 after a fault, 06 otherwise). */
  setReason(reason: ReversalReason): void {
    if (!isReversalReason(reason)) {
      throw new Iso8583Error('INVALID_INPUT', 'reversal reason must be 98, A0, 96 or 06', { path: 'reason' });
    }
    if (this.current === null) throw noPending();
    if (this.current.reason === reason) return;
    this.current.reason = reason;
    this.changed();
  }

  /** Forgets the pending reversal once the exchange with this STAN is settled; returns whether one was cleared. */
  clear(stan: string): boolean {
    expectString(stan, 'stan');
    if (this.current === null || this.current.stan !== stan) return false;
    this.current = null;
    this.changed();
    return true;
  }

  /**
   * Puts the card's latest chip data into the pending reversal's field 55: after the issuer's answer the
   * card has a new TVR and may hold script results (DF31), which a reversal for reason 96 should carry.
   * Each given tag replaces the journalled one or is added after them; only the reversal tags are kept.
   */
  updateIcc(tags: readonly CanonicalTlv[]): void {
    if (this.current === null) throw noPending();
    const problems: Iso8583Error[] = [];
    tags.forEach((node, i) => {
      const ok = node !== null && typeof node === 'object' && typeof node.tag === 'string' && /^(?:[0-9A-F]{2})+$/i.test(node.tag);
      const value = ok ? node.value : undefined;
      if (!ok || (node.children === undefined && (typeof value !== 'string' || !/^(?:[0-9A-F]{2})*$/i.test(value)))) {
        problems.push(new Iso8583Error('INVALID_INPUT', 'ICC tag needs a hex tag and a hex value', { path: `tags.${i}` }));
      }
    });
    if (problems.length > 0) {
      throw new Iso8583Error('INVALID_INPUT', `ICC data has ${problems.length} invalid ${problems.length === 1 ? 'tag' : 'tags'}`, { problems });
    }
    const fields = this.current.request.fields;
    const merged: CanonicalTlv[] = Array.isArray(fields['55']) ? fields['55'].map((n) => ({ ...n })) : [];
    for (const node of tags) {
      const tag = node.tag.toUpperCase();
      const copy = JSON.parse(JSON.stringify({ ...node, tag })) as CanonicalTlv;
      if (copy.value !== undefined) copy.value = copy.value.toUpperCase();
      const at = merged.findIndex((n) => n.tag.toUpperCase() === tag);
      if (at >= 0) merged[at] = copy;
      else merged.push(copy);
    }
    const icc = reversalIcc(merged);
    if (icc) fields['55'] = icc;
    else delete fields['55'];
    this.current.request.fields = sortedFields(fields);
    this.changed();
  }

  /** Counts one more attempt at sending the pending reversal. */
  attempted(): void {
    if (this.current === null) throw noPending();
    this.current.attempts += 1;
    this.changed();
  }

  /** The unsigned 0400 for the pending reversal: the journalled fields, same STAN, 39 = the reason. */
  buildReversal(dialect: Dialect): Message {
    if (this.current === null) throw noPending();
    const p = copyPending(this.current)!;
    const fields: Record<string, CanonicalValue> = { ...reversalFields(p.request), '39': p.reason };
    return dialect.message('0400', sortedFields(fields));
  }

  /** The persistable state (a deep copy). */
  state(): ReversalJournalState {
    return { pending: copyPending(this.current) };
  }

  private changed(): void {
    this.onChange?.(this.state());
  }
}

defineMaskedRendering(ReversalJournal.prototype, {
  name: 'ReversalJournal',
  masked: (j) => {
    const p = j.state().pending;
    return { pending: p === null ? null : maskedPending(p) };
  },
});
