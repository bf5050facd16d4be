/**
 * Masked views of what the transaction layer holds (batch records, owed reversals, kept requests, exchanged
 * frames), and the step that gives an object of its own masked renderings only: `util.inspect` / `console.log`,
 * `JSON.stringify`, `String()` and template literals show card numbers masked and keys, PIN blocks, tracks and
 * message bytes redacted. The state a session hands to `persist` stays plain data: it is the one way out.
 */
import { defineMaskedRendering, REDACTED, redactedBytes } from '../redaction.js';
import type { MessageObject } from '../message/engine.js';
import { maskPan } from '../message/mask.js';
import { Message } from '../message/message.js';
import type { BatchRecord, PendingReversal } from './types.js';

/** A kept request with its card data masked the way a message without a dialect masks it (PAN, expiry, tracks, chip data). */
export function maskedRequest(request: MessageObject): unknown {
  try {
    return new Message(request.mti, request.fields).toJSON();
  } catch {
    return REDACTED;
  }
}

/** A batch record with its PAN masked and its kept request masked. */
export function maskedRecord(r: BatchRecord): Record<string, unknown> {
  const view: Record<string, unknown> = { ...r, pan: typeof r.pan === 'string' ? maskPan(r.pan) : REDACTED };
  if (r.detail !== undefined) view.detail = maskedRequest(r.detail);
  return view;
}

/** An owed reversal with the request it repeats masked. */
export function maskedPending(p: PendingReversal): Record<string, unknown> {
  return { ...p, request: maskedRequest(p.request) };
}

/** Gives `value` (an object the caller receives) masked renderings only; its own properties stay readable. */
export function withMaskedRendering<T extends object>(value: T, name: string, masked: (self: T) => unknown): T {
  defineMaskedRendering(value, { name, masked });
  return value;
}

/** A batch record the caller may read, rendering masked. */
export function renderedRecord(r: BatchRecord): BatchRecord {
  return withMaskedRendering(r, 'BatchRecord', maskedRecord);
}

/** An owed reversal the caller may read, rendering masked. */
export function renderedPending(p: PendingReversal): PendingReversal {
  return withMaskedRendering(p, 'PendingReversal', maskedPending);
}

/** What an object holding a message and its bytes shows: the message (masked by its own renderings), the bytes redacted. */
export function maskedBytesView(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Uint8Array ? redactedBytes(value) : value;
  return out;
}
