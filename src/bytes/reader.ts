/**
 * A cursor over bytes being decoded, beside `ByteWriter`: the buffer, the position, and the limit no read may
 * pass. Each decoder reads what it owns at `pos` and moves `pos` past it, so decoding needs no shared scratch.
 */
export class ByteReader {
  /** The bytes read (not copied: the caller keeps them unchanged while reading). */
  readonly buf: Uint8Array;
  /** Where the next read starts. */
  pos: number;
  /** Where the data ends for this reader (a composite's content may end before the buffer does). */
  readonly limit: number;

  constructor(buf: Uint8Array, pos = 0, limit = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.limit = limit;
  }

  /** Bytes left between the position and the limit. */
  remaining(): number {
    return this.limit - this.pos;
  }
}
