/** What every composite (positional, bitmapped, BER-TLV, ASCII TLV, context layouts) offers its parent field. */
import type { ByteWriter } from '../../bytes/writer.js';
import type { CompositeSpec, TagInfo } from '../spec.js';
import type { CompositeValue, ContentPlacement, MessageContext, TlvNode, TraceRow } from '../values.js';

/** How a composite's leaves are made: as values (bytes as `Uint8Array`) or canonically (bytes as upper-case hex). */
export type LeafForm = 'value' | 'canonical';

/**
 * A compiled sub-structure. It works on the field's content bytes (BCD digits as ASCII, EBCDIC as Latin-1);
 * `at` places those bytes in the message body, for error offsets and describe rows. Paths name parts in errors.
 */
export interface CompositeCodec {
  readonly kind: CompositeSpec['kind'];
  /** Whether decoding needs the whole message first (context layouts). */
  readonly needsContext: boolean;
  /** Walks `content` and throws what building its value would, building nothing (decode checks composites so). */
  check(content: Uint8Array, path: string, ctx: MessageContext | null, at: ContentPlacement): void;
  /**
   * Present when a check needs no context: checks content that is `buf[start, end)` itself, as `check` does, its
   * errors' offsets positions in `buf` (a field whose content is its raw bytes is checked without a view of them).
   */
  checkSpan?(buf: Uint8Array, start: number, end: number, path: string): void;
  /**
   * Present when the content's length alone can pass `check`: whether content of `units` units does (when it does
   * not, `check` tells why).
   */
  readonly fits?: (units: number) => boolean;
  /**
   * Present when content can be read from its Latin-1 text (every part text): the structure of content given as
   * that text, or `undefined` when the text alone does not settle it (the caller then goes by `decode`).
   */
  readonly fromText?: (text: string) => CompositeValue | undefined;
  /**
   * Present when content can be read where it lies (a field whose content is its wire bytes): the structure in
   * `form` of content `buf[start, end)` that `check` (or `checkSpan`) passed, as `decode` gives it; hex text cut
   * from `hex`, the upper-case hex of all of `buf`, when given.
   */
  readonly decodeRange?: (buf: Uint8Array, start: number, end: number, form: LeafForm, hex?: string) => TlvNode[];
  /** The structured value of `content` in `form`, or `undefined` when no layout applies (the field stays plain). */
  decode(content: Uint8Array, path: string, ctx: MessageContext | null, at: ContentPlacement, form: LeafForm): CompositeValue | TlvNode[] | undefined;
  /** Adds a row for each part of `content` to `rows`; false when no layout applies. */
  describe(content: Uint8Array, path: string, ctx: MessageContext | null, at: ContentPlacement, rows: TraceRow[]): boolean;
  /** Writes the content bytes of a structured value at `w`'s cursor (an encode writes many into one writer). */
  encodeTo(w: ByteWriter, value: CompositeValue | TlvNode[], path: string, ctx: MessageContext | null): void;
  /** Name and sensitivity of a child (`'9F26'`, `'1'`) for masking and describe. */
  child(key: string, ctx: MessageContext | null): ChildInfo | undefined;
}

export interface ChildInfo extends TagInfo {
  composite?: CompositeCodec;
}
