// The frame-level core under every connection: cuts a socket's bytes into frames, stops reading while any
// reason to hold it stands, times idle links and unfinished frames, and writes whole frames.
import type { Socket } from 'node:net';
import { Iso8583Error } from '../errors.js';
import { FrameDeframer } from '../frame/deframer.js';
import type { LengthHeaderSpec } from '../frame/length-header.js';

/** How long a socket we ended may take to close before it is destroyed. */
export const CLOSE_GRACE_MS = 2_000;

/** What a {@link FramedSocket} is told to do with the stream. */
export interface FramedSocketSettings {
  readonly lengthHeader: LengthHeaderSpec;
  /** Largest frame accepted, as the deframer takes it (checked already). */
  readonly maxFrameSize: number;
  /** Close when no frame completes for this long while idle time is counted; 0: never. */
  readonly idleTimeoutMs: number;
  /** Close when a frame that started does not complete within this long; 0: never. */
  readonly frameTimeoutMs: number;
}

/** What the owner of a {@link FramedSocket} hears from it. */
export interface FramedSocketEvents {
  /** A whole frame, length header included, in stream order. */
  frame(frame: Uint8Array): void;
  /** The peer finished sending, at a frame boundary. */
  end(): void;
  /** The error that ended the connection (the socket is already destroyed). */
  fail(error: Iso8583Error): void;
}

/**
 * A socket speaking whole frames. It reads while no hold stands (see {@link hold}); bytes that arrive
 * in one read are still cut into frames after a hold begins, so a hold bounds what is read to the
 * frames of one socket read. The first error sticks: the socket is destroyed and the owner told once.
 */
export class FramedSocket {
  readonly socket: Socket;
  /** Settles once the socket has closed, for whatever reason; never rejects. */
  readonly closed: Promise<void>;
  private readonly deframer: FrameDeframer;
  private readonly settings: FramedSocketSettings;
  private readonly events: FramedSocketEvents;
  private readonly holds = new Set<string>();
  private failure: Iso8583Error | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private idleCounted = true;
  private frameTimer: ReturnType<typeof setTimeout> | undefined;
  private completed = 0;
  private ending = false;
  private closedFlag = false;

  constructor(socket: Socket, settings: FramedSocketSettings, events: FramedSocketEvents) {
    this.socket = socket;
    this.settings = settings;
    this.events = events;
    this.deframer = new FrameDeframer({ lengthHeader: settings.lengthHeader }, { maxFrameSize: settings.maxFrameSize });
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.closedFlag = true;
        this.stopTimers();
        resolve();
      }),
    );
    socket.on('data', (chunk: Uint8Array) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (cause: Error) => this.fail(new Iso8583Error('CONNECTION_FAILED', 'the connection failed', { cause })));
    this.restartIdle();
  }

  /** The error that ended this connection, if any. */
  get error(): Iso8583Error | undefined {
    return this.failure;
  }

  /** True once the socket has closed. */
  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** True once the socket is closed or can no longer take frames. */
  get done(): boolean {
    return this.failure !== undefined || this.closedFlag || this.ending || this.socket.destroyed || !this.socket.writable;
  }

  /** Bytes held for this connection: unsent output and the part of a frame read so far. */
  get bufferedBytes(): number {
    return this.socket.writableLength + this.deframer.buffered;
  }

  /** Stops reading until every hold is released; `reason` names this hold. */
  hold(reason: string): void {
    if (this.ending) return;
    if (this.holds.size === 0) this.socket.pause();
    this.holds.add(reason);
  }

  /** Releases one hold; reading resumes when none is left. */
  release(reason: string): void {
    if (!this.holds.delete(reason)) return;
    if (this.holds.size === 0 && !this.closedFlag) this.socket.resume();
  }

  /** Stops counting idle time (something is in flight) until {@link countIdle} is called. */
  pauseIdle(): void {
    this.idleCounted = false;
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
  }

  /** Counts idle time again, from now. */
  countIdle(): void {
    this.idleCounted = true;
    this.restartIdle();
  }

  /**
   * Writes one whole frame; returns false when the socket's buffer is over its high-water mark
   * (wait for `drain` before writing more). A socket error ends the connection through {@link fail}.
   */
  write(frame: Uint8Array, onWritten?: (error: Error | null | undefined) => void): boolean {
    return this.socket.write(frame, onWritten);
  }

  /**
   * Ends our side politely: what was written is flushed, the peer sees end of stream, and whatever the
   * peer still sends is read and dropped so its own end can arrive. Destroyed after `graceMs` at most.
   */
  end(graceMs: number = CLOSE_GRACE_MS): void {
    if (this.ending || this.closedFlag) return;
    this.ending = true;
    this.stopTimers();
    this.holds.clear();
    this.socket.resume();
    this.socket.end();
    const grace = setTimeout(() => this.socket.destroy(), graceMs);
    grace.unref();
    void this.closed.then(() => clearTimeout(grace));
  }

  /** Closes at once, dropping unsent data. */
  destroy(): void {
    this.stopTimers();
    this.socket.destroy();
  }

  /** Ends the connection at once with `error` (the first one sticks) and tells the owner. */
  fail(error: Iso8583Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.destroy();
    this.events.fail(error);
  }

  private onData(chunk: Uint8Array): void {
    if (this.failure !== undefined || this.ending) return;
    const before = this.completed;
    try {
      this.deframer.push(chunk, (frame) => {
        this.completed++;
        this.events.frame(frame);
      });
    } catch (e) {
      this.fail(e instanceof Iso8583Error ? e : new Iso8583Error('FRAME_HANDLER_FAILED', 'the frame handler failed', { cause: e }));
      return;
    }
    if (this.failure !== undefined || this.ending) return;
    if (this.completed !== before) this.restartIdle();
    this.timeFrame(this.completed !== before);
  }

  private onEnd(): void {
    if (this.failure !== undefined || this.ending) return;
    try {
      this.deframer.end();
    } catch (e) {
      this.fail(e as Iso8583Error);
      return;
    }
    this.stopTimers();
    this.events.end();
  }

  /** Starts the read timeout when a frame begins (again when one completes and the next begins in the same read). */
  private timeFrame(frameCompleted: boolean): void {
    const ms = this.settings.frameTimeoutMs;
    if (ms === 0) return;
    if (this.deframer.buffered === 0) {
      if (this.frameTimer !== undefined) clearTimeout(this.frameTimer);
      this.frameTimer = undefined;
      return;
    }
    if (this.frameTimer !== undefined && !frameCompleted) return;
    if (this.frameTimer !== undefined) clearTimeout(this.frameTimer);
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      this.fail(
        new Iso8583Error('FRAME_TIMEOUT', 'frame did not complete in time', {
          expected: `a whole frame within ${ms} ms of its first byte`,
          found: `${this.deframer.buffered} bytes`,
        }),
      );
    }, ms);
  }

  private restartIdle(): void {
    const ms = this.settings.idleTimeoutMs;
    if (ms === 0 || !this.idleCounted || this.ending || this.closedFlag) return;
    if (this.idleTimer !== undefined) {
      this.idleTimer.refresh();
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      this.fail(new Iso8583Error('IDLE_TIMEOUT', 'connection was idle too long', { expected: `a whole frame within ${ms} ms` }));
    }, ms);
  }

  private stopTimers(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.frameTimer !== undefined) clearTimeout(this.frameTimer);
    this.idleTimer = undefined;
    this.frameTimer = undefined;
  }
}

/** `address:port` of a peer, for renderings. */
export function remoteText(remote: { readonly address: string | undefined; readonly port: number | undefined }): string {
  return `${remote.address ?? '?'}:${remote.port ?? '?'}`;
}
