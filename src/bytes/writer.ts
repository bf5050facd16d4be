/** A growable byte buffer with a cursor: the encoder writes everything through one of these. */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    // The old buffer is dropped holding what was written so far (card data, for an encoder): zero it first.
    this.buf.fill(0);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    const p = this.pos;
    if (n <= 64) {
      // A loop beats creating a subarray view for the short runs fields are made of.
      for (let i = 0; i < n; i++) buf[p + i] = src[start + i]!;
    } else {
      buf.set(start === 0 && end === src.length ? src : src.subarray(start, end), p);
    }
    this.pos = p + n;
  }

  /** A copy of everything written so far. */
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
