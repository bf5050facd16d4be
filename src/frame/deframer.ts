import { expectBytes, expectFunction, expectObject, expectOptions } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { concatBytes } from '../bytes/hex.js';
import { defineMaskedRendering } from '../redaction.js';
import { checkLengthHeaderSpec, decodeLengthHeader, type LengthHeaderSpec } from './length-header.js';

/** Default largest frame a deframer accepts: the largest frame a 2-byte binary length can describe. */
export const DEFAULT_MAX_FRAME_SIZE = 2 + 0xffff;

/** Options of a {@link FrameDeframer}. */
export interface DeframerOptions {
  /** Largest whole frame accepted, counting the length header, in bytes (default {@link DEFAULT_MAX_FRAME_SIZE}). */
  readonly maxFrameSize?: number;
}

/**
 * Cuts whole frames out of a byte stream delivered in chunks of any size (as TCP delivers them).
 * Each frame is handed out whole, length header included, in stream order. The length is checked
 * against `maxFrameSize` as soon as the header is complete, before any byte after it is kept, and
 * the deframer holds only bytes already received. After any error it is unusable: every later call
 * throws `STREAM_FAILED`. Frames completed before the error have already been handed out.
 * A profile without a length header cannot be cut from a stream (`BAD_FRAME_PROFILE`).
 */
export class FrameDeframer {
  private readonly spec: LengthHeaderSpec & { readonly size: number };
  private readonly maxFrameSize: number;
  private readonly headerBytes: Uint8Array;
  private headerFill = 0;
  /** Bytes still missing from the current frame's message, or -1 while its header is incomplete. */
  private missing = -1;
  private parts: Uint8Array[] = [];
  private frameStart = 0;
  private streamOffset = 0;
  private failure: unknown = undefined;
  private ended = false;

  /** A deframer for `profile`'s length header; throws `BAD_FRAME_PROFILE` for `none` and `BAD_FRAME_OPTIONS` for a bad limit. */
  constructor(profile: { readonly lengthHeader: LengthHeaderSpec }, options?: DeframerOptions) {
    const spec = expectObject(profile, 'profile').lengthHeader;
    options = expectOptions(options);
    checkLengthHeaderSpec(spec);
    if (spec.kind === 'none') {
      throw new Iso8583Error('BAD_FRAME_PROFILE', 'frames without a length header cannot be cut from a stream', {
        path: 'lengthHeader',
        expected: 'binary, bcd or ascii length header',
        found: 'none',
      });
    }
    const max = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    if (!Number.isInteger(max) || max < spec.size) {
      throw new Iso8583Error('BAD_FRAME_OPTIONS', 'maximum frame size must be an integer no smaller than the length header', {
        path: 'maxFrameSize',
        expected: `integer >= ${spec.size}`,
      });
    }
    this.spec = spec;
    this.maxFrameSize = max;
    this.headerBytes = new Uint8Array(spec.size);
  }

  /** Bytes received but not yet handed out as part of a whole frame. */
  get buffered(): number {
    return this.streamOffset - this.frameStart;
  }

  /** The error that made this deframer unusable, if any. */
  get error(): unknown {
    return this.failure;
  }

  /**
   * Takes the next chunk of the stream and calls `onFrame` with every frame it completes, in order.
   * Throws `Iso8583Error` (`FRAME_TOO_LARGE`, `BAD_LENGTH_HEADER`) at the first bad frame, with its
   * stream offset; if `onFrame` throws, the rest of the chunk is dropped and that error propagates.
   */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): void {
    // A wrong argument is the caller's mistake, not the stream's: it leaves the deframer usable.
    expectBytes(chunk, 'chunk');
    expectFunction(onFrame, 'onFrame');
    this.ensureUsable();
    try {
      this.consume(chunk, onFrame);
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /** Marks the end of the stream; throws `FRAME_TRUNCATED` when it ends inside a frame. */
  end(): void {
    this.ensureUsable();
    this.ended = true;
    if (this.buffered > 0) {
      const e = new Iso8583Error('FRAME_TRUNCATED', 'stream ends inside a frame', {
        offset: this.streamOffset,
        expected: this.missing < 0 ? `${this.spec.size} length header bytes` : `${this.missing} more bytes`,
        found: 'end of stream',
      });
      this.failure = e;
      throw e;
    }
  }

  private ensureUsable(): void {
    if (this.failure !== undefined) {
      throw new Iso8583Error('STREAM_FAILED', 'frame stream failed earlier and takes no more input', {
        cause: this.failure,
      });
    }
    if (this.ended) throw new Iso8583Error('STREAM_ENDED', 'frame stream has ended and takes no more input');
  }

  private consume(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): void {
    const size = this.spec.size;
    let i = 0;
    while (i < chunk.length) {
      if (this.missing < 0) {
        const start = i;
        const take = Math.min(size - this.headerFill, chunk.length - i);
        this.headerBytes.set(chunk.subarray(i, i + take), this.headerFill);
        this.headerFill += take;
        i += take;
        this.streamOffset += take;
        if (this.headerFill < size) break;
        const messageLength = this.readHeader();
        const frameSize = size + messageLength;
        if (messageLength <= chunk.length - i && start + size === i) {
          // Fast path: the whole frame sits in this chunk.
          const frame = copyOf(chunk, start, i + messageLength);
          i += messageLength;
          this.streamOffset += messageLength;
          this.reset();
          onFrame(frame);
          continue;
        }
        this.parts = [this.headerBytes.slice()];
        this.missing = messageLength;
        if (frameSize === size) this.finish(onFrame);
      } else {
        const take = Math.min(this.missing, chunk.length - i);
        this.parts.push(copyOf(chunk, i, i + take));
        this.missing -= take;
        i += take;
        this.streamOffset += take;
        if (this.missing === 0) this.finish(onFrame);
      }
    }
  }

  /** The message length announced by the completed header, checked against the size limit. */
  private readHeader(): number {
    let messageLength: number;
    try {
      messageLength = decodeLengthHeader(this.spec, this.headerBytes, 0);
    } catch (e) {
      throw e instanceof Iso8583Error ? e.within(undefined, this.frameStart) : e;
    }
    const frameSize = this.spec.size + messageLength;
    if (frameSize > this.maxFrameSize) {
      throw new Iso8583Error('FRAME_TOO_LARGE', 'frame is larger than the maximum frame size', {
        offset: this.frameStart,
        expected: `at most ${this.maxFrameSize} bytes`,
        found: `${frameSize} bytes`,
      });
    }
    return messageLength;
  }

  private finish(onFrame: (frame: Uint8Array) => void): void {
    const frame = this.parts.length === 1 ? this.parts[0]! : concatBytes(...this.parts);
    this.reset();
    onFrame(frame);
  }

  private reset(): void {
    this.parts = [];
    this.missing = -1;
    this.headerFill = 0;
    this.frameStart = this.streamOffset;
  }
}

// The bytes of a frame still being assembled are card data: renderings tell how many there are, never what.
defineMaskedRendering(FrameDeframer.prototype, {
  name: 'FrameDeframer',
  masked: (d) => ({ buffered: d.buffered, failed: d.error !== undefined }),
});

/** A deframer for `profile`'s length header (see {@link FrameDeframer}). */
export function createDeframer(
  profile: { readonly lengthHeader: LengthHeaderSpec },
  options?: DeframerOptions,
): FrameDeframer {
  return new FrameDeframer(profile, options);
}

/** Every frame in `bytes`, which must hold whole frames only (`FRAME_TRUNCATED` otherwise). */
export function splitFrames(
  profile: { readonly lengthHeader: LengthHeaderSpec },
  bytes: Uint8Array,
  options?: DeframerOptions,
): Uint8Array[] {
  const deframer = new FrameDeframer(profile, options);
  expectBytes(bytes, 'bytes');
  const frames: Uint8Array[] = [];
  deframer.push(bytes, (f) => frames.push(f));
  deframer.end();
  return frames;
}

/** A plain `Uint8Array` copy of `bytes[start, end)`, whatever subclass `bytes` is (a Node `Buffer`'s `slice` would share memory). */
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out;
}
