/**
 * What decode() keeps of a body, private to the message it made: where each decoded field starts, and the body
 * itself as Latin-1 text or as bytes, whichever its dialect makes faster. The other form is made from it once,
 * when first needed: text for reading values out by substring, bytes for codecs that read nibbles or raw bytes.
 */
import type { Latin1Text } from '../codec/environment.js';
import type { Latin1Write } from '../codec/text-parts.js';
import { latin1Bytes } from '../bytes/latin1.js';
import { inspectSymbol } from '../redaction.js';

/** @internal */
export class DecodedBody {
  /** Where decoded field `k` starts; entry `k + 1` is where it ends. */
  readonly starts: readonly number[];
  /** Bytes in the body. */
  readonly length: number;
  /** The body's bytes when kept or made already. */
  held: Uint8Array | undefined;
  private heldText: string | undefined;

  private constructor(starts: readonly number[], length: number, bytes: Uint8Array | undefined, text: string | undefined) {
    this.starts = starts;
    this.length = length;
    this.held = bytes;
    this.heldText = text;
  }

  /**
   * A body kept as its Latin-1 text (one native copy on the JS heap, when `latin1` is native) or else as a copy
   * of its bytes over memory of its own: either way nothing the caller can change or reuse.
   */
  static of(body: Uint8Array, starts: readonly number[], latin1: Latin1Text | undefined): DecodedBody {
    if (latin1 !== undefined) return new DecodedBody(starts, body.length, undefined, latin1(body, 0, body.length));
    const bytes = new Uint8Array(body.length);
    bytes.set(body);
    return new DecodedBody(starts, body.length, bytes, undefined);
  }

  /** The body's bytes. */
  get bytes(): Uint8Array {
    let bytes = this.held;
    if (bytes === undefined) {
      bytes = latin1Bytes(this.heldText!);
      this.held = bytes;
    }
    return bytes;
  }

  /** Writes the body's bytes at the start of `out`, which has room for them: from its text through `write` when given. */
  fill(out: Uint8Array, write: Latin1Write | undefined): void {
    if (write !== undefined && this.heldText !== undefined) write(this.heldText, out);
    else this.copy(out, 0, 0, this.length);
  }

  /** The body as Latin-1 text, one character a byte. */
  text(latin1: Latin1Text): string {
    return (this.heldText ??= latin1(this.held!, 0, this.length));
  }

  /** Copies the body's bytes `[start, end)` to `out` at `p`; returns the end. */
  copy(out: Uint8Array, p: number, start: number, end: number): number {
    const bytes = this.held;
    if (bytes !== undefined && end - start > 64) {
      out.set(bytes.subarray(start, end), p);
      return p + end - start;
    }
    if (bytes !== undefined) {
      for (let i = start; i < end; i++) out[p++] = bytes[i]!;
      return p;
    }
    const text = this.heldText!;
    for (let i = start; i < end; i++) out[p++] = text.charCodeAt(i);
    return p;
  }

  // The body is the card data as it came over the wire: reached through `message.body`, it prints its length only.
  toJSON(): string {
    return `[${this.length} bytes redacted]`;
  }

  toString(): string {
    return `DecodedBody ${this.toJSON()}`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
