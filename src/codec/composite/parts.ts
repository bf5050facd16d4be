/** Small helpers every composite shares: where content sits in the body, and what a structured value looks like. */
import { Iso8583Error } from '../../errors.js';
import { ByteWriter } from '../../bytes/writer.js';
import type { CompositeValue, ContentPlacement, MessageContext, TlvNode } from '../values.js';
import type { CompositeCodec } from './types.js';

/** Body offset of position `pos` of content placed at `at` (BCD digits count half a byte). */
export function bodyOffset(at: ContentPlacement, pos: number): number {
  return at.base + Math.floor(pos * at.scale);
}

/** The same error, its offset moved from content position to body offset. */
export function relocate(e: unknown, at: ContentPlacement): unknown {
  if (!(e instanceof Iso8583Error) || e.offset === undefined) return e;
  return e.within(undefined, bodyOffset(at, e.offset) - e.offset);
}

/** True for a plain object holding subfields (not bytes, not a TLV list). */
export function isSubfieldObject(v: unknown): v is CompositeValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * The content bytes of a structured value, in an array of their own (which the caller zeroes once written: it may
 * hold card data). The writer they were made in is zeroed, also when the value fails.
 */
export function encodeContent(c: CompositeCodec, value: CompositeValue | TlvNode[], path: string, ctx: MessageContext | null): Uint8Array {
  const w = new ByteWriter(64);
  try {
    c.encodeTo(w, value, path, ctx);
    return w.result();
  } finally {
    w.buf.fill(0);
  }
}
