// A client socket that speaks whole frames: send one, receive the next, with a bounded receive queue.
import type { Socket } from 'node:net';
import { expectBytes, expectFunction } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { checkFrameLength } from '../frame/frame.js';
import type { LengthHeaderSpec } from '../frame/length-header.js';
import { FramedSocket, remoteText } from './framed-socket.js';
import { checkDuration, checkFailure, checkFramedOptions, checkLimit, checkSocket, DEFAULT_MAX_QUEUED_FRAMES, deframerLimit } from './options.js';

/** What every framed socket needs: the profile (only its length header cuts the stream) and a size limit. */
export interface FramedSocketOptions {
  readonly profile: { readonly lengthHeader: LengthHeaderSpec };
  /**
   * Largest whole frame accepted from the peer, length header included (default 65 537 bytes, the most a
   * 2-byte binary length can state). A larger announced length ends the connection with `FRAME_TOO_LARGE`
   * before any of its bytes are kept. `Infinity` turns the limit off.
   */
  readonly maxFrameSize?: number;
}

/** Options of a {@link FramedConnection}: a framed socket whose frames wait in a bounded queue until read. */
export interface FramedConnectionOptions extends FramedSocketOptions {
  /**
   * Frames received and not yet read before the socket is no longer read (default 64); reading resumes as
   * frames are taken. The queue can exceed it by the frames of one socket read. `Infinity` turns it off.
   */
  readonly maxQueuedFrames?: number;
}

/** Default wait of {@link FramedConnection.receive}, in milliseconds. */
export const DEFAULT_RECEIVE_TIMEOUT_MS = 10_000;

interface Waiter {
  resolve(frame: Uint8Array | undefined): void;
  reject(error: Iso8583Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A TCP (or TLS) socket that speaks whole frames. Incoming bytes are cut into frames; a peer that sends a
 * bad or oversize length header gets its connection closed, and the error is kept as
 * {@link FramedConnection.error} after every frame received before it has been handed out. Frames wait
 * in a queue until read; while `maxQueuedFrames` wait, the socket is not read (TCP then slows the peer).
 */
export class FramedConnection {
  /** Settles once the socket has closed, for whatever reason; never rejects. */
  readonly closed: Promise<void>;
  private readonly core: FramedSocket;
  private readonly lengthHeader: LengthHeaderSpec;
  private readonly maxQueued: number;
  private readonly queue: Uint8Array[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly errorListeners: ((error: Iso8583Error) => void)[] = [];
  private inputEnded = false;

  /** Wraps a connected socket. */
  constructor(socket: Socket, options: FramedConnectionOptions) {
    checkSocket(socket);
    checkFramedOptions(options);
    this.lengthHeader = options.profile.lengthHeader;
    this.maxQueued = checkLimit(options.maxQueuedFrames, 'maxQueuedFrames', DEFAULT_MAX_QUEUED_FRAMES);
    this.core = new FramedSocket(
      socket,
      {
        lengthHeader: this.lengthHeader,
        maxFrameSize: deframerLimit(options.maxFrameSize),
        idleTimeoutMs: 0,
        frameTimeoutMs: 0,
      },
      {
        frame: (frame) => this.deliver(frame),
        end: () => {
          this.inputEnded = true;
          this.settleWaiters();
          // The peer will send nothing more; finish our side too so the socket closes.
          this.core.end();
        },
        fail: (error) => {
          this.inputEnded = true;
          this.settleWaiters();
          for (const listener of [...this.errorListeners]) listener(error);
        },
      },
    );
    this.closed = this.core.closed.then(() => {
      this.inputEnded = true;
      this.settleWaiters();
    });
  }

  /** The error that ended this connection (bad input from the peer, a socket error), if any. */
  get error(): Iso8583Error | undefined {
    return this.core.error;
  }

  /** Address and port of the peer, as the socket reports them. */
  get remote(): { readonly address: string | undefined; readonly port: number | undefined } {
    return { address: this.core.socket.remoteAddress, port: this.core.socket.remotePort };
  }

  /** True once the socket has closed. */
  get isClosed(): boolean {
    return this.core.isClosed;
  }

  /** Frames received and not yet read. */
  get queued(): number {
    return this.queue.length;
  }

  /** Registers `listener` for the error that ends this connection; returns a function that removes it. */
  onError(listener: (error: Iso8583Error) => void): () => void {
    this.errorListeners.push(expectFunction(listener, 'listener'));
    return () => {
      const i = this.errorListeners.indexOf(listener);
      if (i >= 0) this.errorListeners.splice(i, 1);
    };
  }

  /**
   * Writes one whole frame and settles once the socket took it. Rejects with `FRAME_LENGTH_MISMATCH` when
   * its length header disagrees with its size (nothing is sent) and with `CONNECTION_CLOSED` when the
   * connection is over.
   */
  send(frame: Uint8Array): Promise<void> {
    if (this.core.done) {
      return Promise.reject(new Iso8583Error('CONNECTION_CLOSED', 'connection is closed and cannot send'));
    }
    try {
      checkFrameLength(this.lengthHeader, expectBytes(frame, 'frame'));
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.core.write(frame, (err) => {
        if (err) reject(new Iso8583Error('CONNECTION_FAILED', 'the connection failed', { cause: err }));
        else resolve();
      });
    });
  }

  /**
   * The next frame from the peer. After the connection ends, queued frames still come out first;
   * then it rejects with the connection's error, or `CONNECTION_CLOSED` when it closed cleanly.
   * Rejects with `RECEIVE_TIMEOUT` when nothing arrives within `timeoutMs`.
   */
  async receive(timeoutMs: number = DEFAULT_RECEIVE_TIMEOUT_MS): Promise<Uint8Array> {
    const frame = await this.next(checkDuration(timeoutMs, 'timeoutMs', DEFAULT_RECEIVE_TIMEOUT_MS));
    if (frame === undefined) {
      throw new Iso8583Error('CONNECTION_CLOSED', 'connection closed before a frame arrived');
    }
    return frame;
  }

  /** Every frame from the peer until the connection closes; throws the connection's error, if any, at the end. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const frame = await this.next(undefined);
      if (frame === undefined) return;
      yield frame;
    }
  }

  /** Ends the connection politely (the peer sees end of stream) and settles once the socket has closed. */
  close(): Promise<void> {
    this.core.end();
    return this.closed;
  }

  /** Closes at once, dropping unsent data. */
  destroy(): void {
    this.core.destroy();
  }

  /** Ends the connection at once with `error` (the first one sticks) and tells the error listeners. */
  fail(error: Iso8583Error): void {
    checkFailure(error);
    this.core.fail(error);
  }

  private deliver(frame: Uint8Array): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.resolve(frame);
      return;
    }
    this.queue.push(frame);
    if (this.queue.length >= this.maxQueued) this.core.hold('queue');
  }

  private take(): Uint8Array | undefined {
    const frame = this.queue.shift();
    if (frame !== undefined && this.queue.length < this.maxQueued) this.core.release('queue');
    return frame;
  }

  private next(timeoutMs: number | undefined): Promise<Uint8Array | undefined> {
    const queued = this.take();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.core.error !== undefined) return Promise.reject(this.core.error);
    if (this.inputEnded) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new Iso8583Error('RECEIVE_TIMEOUT', 'no frame arrived in time', { expected: `a frame within ${timeoutMs} ms` }));
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      if (this.core.error !== undefined) waiter.reject(this.core.error);
      else waiter.resolve(undefined);
    }
  }
}

// Queued frames hold card data: print only the connection's state.
defineMaskedRendering(FramedConnection.prototype, {
  name: 'FramedConnection',
  masked: (c) => ({ remote: remoteText(c.remote), queued: c.queued, closed: c.error !== undefined || c.isClosed }),
});
