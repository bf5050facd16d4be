// Field values as the codec and message layers pass them, and where decoded content sits in a message body.
import type { Sensitivity } from './spec.js';

/** One TLV element: a primitive one has a `value`, a constructed one `children`. */
export interface TlvNode {
  tag: string;
  /** Bytes for BER-TLV, text for ASCII TLV (canonical objects hold BER values as upper-case hex). */
  value?: Uint8Array | string;
  children?: TlvNode[];
  /** Bytes the length took on the wire, kept only when it was not the shortest form (so re-encoding is identical). */
  lengthBytes?: number;
}

/** Positional or bitmapped subfields keyed by number (`'1'`, `'2'`…). */
export interface CompositeValue {
  [key: string]: FieldValue;
}

/** A field value: text (`n`, `an`, `ans`, `z` …), bytes (`b`), subfields, or a TLV list. */
export type FieldValue = string | Uint8Array | CompositeValue | TlvNode[];

/** What a composite knows of the rest of its message while decoding or encoding (context layouts depend on it). */
export interface MessageContext {
  readonly mti: string;
  lookup(path: string): FieldValue | undefined;
}

/** One line of an annotated byte map: where a field or subfield sits and what it holds. */
export interface TraceRow {
  path: string;
  name: string;
  localName?: string;
  /** Offset of the first byte (the length prefix, if any) in the message body. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the last byte. */
  end: number;
  depth: number;
  value?: FieldValue;
  sensitivity?: Sensitivity;
  /** The layout chosen for a context-dependent field. */
  layout?: string;
  /** Inside a BCD parent, where rows cover half bytes: the prefix and content as the digits they are. */
  digits?: { prefix: string; content: string };
}

/** Where in the message body a composite's content bytes sit: offsets of digits count half a byte in BCD parents. */
export interface ContentPlacement {
  base: number;
  /** 0.5 when content positions are BCD digits, 1 otherwise. */
  scale: number;
  depth: number;
}

