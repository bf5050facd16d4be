import type { Socket } from 'node:net';
import { Iso8583Error } from '../errors.js';
import { FrameDeframer } from '../frame/deframer.js';
import { checkFrameLength } from '../frame/frame.js';
import type { LengthHeaderSpec } from '../frame/length-header.js';

/** What every framed socket needs: the profile (only its length header cuts the stream) and a size limit. */
export interface FramedSocketOptions {
  readonly profile: { readonly lengthHeader: LengthHeaderSpec };
  /** Largest whole frame accepted from the peer, length header included (default: 65 537 bytes). */
  readonly maxFrameSize?: number;
}

/** Called with each frame as it arrives, instead of queueing it for {@link FramedConnection.receive}. */
export type FrameHandler = (frame: Uint8Array, connection: FramedConnection) => void;

/** Default wait of {@link FramedConnection.receive}, in milliseconds. */
export const DEFAULT_RECEIVE_TIMEOUT_MS = 10_000;

const CLOSE_GRACE_MS = 2_000;

interface Waiter {
  resolve(frame: Uint8Array | undefined): void;
  reject(error: Iso8583Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A TCP socket that speaks whole frames. Incoming bytes are cut into frames by a
 * {@link FrameDeframer}; a peer that sends a bad or oversize length header gets its connection
 * closed, and the error is kept as {@link FramedConnection.error} after every frame received before
 * it has been handed out. Without a frame handler, frames wait in a queue until read (nothing
 * bounds that queue but the peer's traffic: read what you receive).
 */
export class FramedConnection {
  private readonly socket: Socket;
  private readonly deframer: FrameDeframer;
  private readonly lengthHeader: LengthHeaderSpec;
  private readonly handler: FrameHandler | undefined;
  private readonly queue: Uint8Array[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly errorListeners: ((error: Iso8583Error) => void)[] = [];
  private failure: Iso8583Error | undefined;
  private inputEnded = false;
  private isClosed = false;
  /** Settles once the socket has closed, for whatever reason; never rejects. */
  readonly closed: Promise<void>;

  /** Wraps a connected socket; with `handler`, frames go to it as they arrive instead of to the queue. */
  constructor(socket: Socket, options: FramedSocketOptions, handler?: FrameHandler) {
    this.socket = socket;
    this.lengthHeader = options.profile.lengthHeader;
    this.deframer = new FrameDeframer(options.profile, { maxFrameSize: options.maxFrameSize });
    this.handler = handler;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Uint8Array) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (cause: Error) =>
      this.fail(new Iso8583Error('CONNECTION_FAILED', 'the connection failed', { cause })),
    );
    socket.on('close', () => {
      this.isClosed = true;
      this.inputEnded = true;
      this.settleWaiters();
    });
  }

  /** The error that ended this connection (bad input from the peer, a socket error, a failing handler), if any. */
  get error(): Iso8583Error | undefined {
    return this.failure;
  }

  /** Address and port of the peer, as the socket reports them. */
  get remote(): { readonly address: string | undefined; readonly port: number | undefined } {
    return { address: this.socket.remoteAddress, port: this.socket.remotePort };
  }

  /** Registers `listener` for the error that ends this connection; returns a function that removes it. */
  onError(listener: (error: Iso8583Error) => void): () => void {
    this.errorListeners.push(listener);
    return () => {
      const i = this.errorListeners.indexOf(listener);
      if (i >= 0) this.errorListeners.splice(i, 1);
    };
  }

  /**
   * Writes one whole frame. Rejects with `FRAME_LENGTH_MISMATCH` when its length header disagrees
   * with its size (nothing is sent) and with `CONNECTION_CLOSED` when the connection is over.
   */
  send(frame: Uint8Array): Promise<void> {
    if (this.failure !== undefined || this.isClosed || this.socket.destroyed || !this.socket.writable) {
      return Promise.reject(new Iso8583Error('CONNECTION_CLOSED', 'connection is closed and cannot send'));
    }
    try {
      checkFrameLength(this.lengthHeader, frame);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.socket.write(frame, (err) => {
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
    const frame = await this.next(timeoutMs);
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
  async close(): Promise<void> {
    if (!this.isClosed) {
      this.socket.end();
      const grace = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
      grace.unref();
      await this.closed;
      clearTimeout(grace);
    }
  }

  /** Closes at once, dropping unsent data. */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Uint8Array): void {
    if (this.failure !== undefined) return;
    try {
      this.deframer.push(chunk, (frame) => this.deliver(frame));
    } catch (e) {
      this.fail(e instanceof Iso8583Error ? e : new Iso8583Error('FRAME_HANDLER_FAILED', 'the frame handler failed', { cause: e }));
    }
  }

  private onEnd(): void {
    if (this.failure === undefined) {
      try {
        this.deframer.end();
      } catch (e) {
        this.fail(e as Iso8583Error);
        return;
      }
    }
    this.inputEnded = true;
    this.settleWaiters();
    // The peer will send nothing more; finish our side too so the socket closes.
    this.socket.end();
  }

  private deliver(frame: Uint8Array): void {
    if (this.failure !== undefined) return;
    if (this.handler === undefined) {
      const waiter = this.waiters.shift();
      if (waiter !== undefined) {
        if (waiter.timer !== undefined) clearTimeout(waiter.timer);
        waiter.resolve(frame);
      } else {
        this.queue.push(frame);
      }
      return;
    }
    try {
      this.handler(frame, this);
    } catch (e) {
      this.fail(new Iso8583Error('FRAME_HANDLER_FAILED', 'the frame handler failed', { cause: e }));
    }
  }

  /** Ends the connection at once with `error` (the first one sticks) and tells the error listeners. */
  fail(error: Iso8583Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.inputEnded = true;
    this.socket.destroy();
    this.settleWaiters();
    for (const listener of [...this.errorListeners]) listener(error);
  }

  private next(timeoutMs: number | undefined): Promise<Uint8Array | undefined> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.inputEnded) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(
            new Iso8583Error('RECEIVE_TIMEOUT', 'no frame arrived in time', { expected: `a frame within ${timeoutMs} ms` }),
          );
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  private settleWaiters(): void {
    if (!this.inputEnded) return;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      if (this.failure !== undefined) waiter.reject(this.failure);
      else waiter.resolve(undefined);
    }
  }
}
