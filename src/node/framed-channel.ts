// A connection that hands every frame to a handler and writes the handler's answers back: a bounded number
// in flight, answers in request order unless asked otherwise, fair to the other connections of the process,
// no reading while the peer leaves its answers unread, and a graceful finish.
import type { Socket } from 'node:net';
import { expectBytes, expectFunction, expectInteger } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { checkFrameLength } from '../frame/frame.js';
import { FramedSocket, remoteText, type FramedSocketSettings } from './framed-socket.js';
import { checkFailure, checkOptionsObject, checkSocket, MAX_TIMER_MS } from './options.js';

/** What a handler gives back for one frame: the whole answer frame, or nothing to send. */
export type FrameAnswer = Uint8Array | null | undefined;

/** Handles one frame from the peer; its answer (if any) is written back on the same connection. */
export type FrameHandler = (frame: Uint8Array, channel: FramedChannel) => FrameAnswer | PromiseLike<FrameAnswer>;

/**
 * The order answers leave a connection in: `'request'` (the default) holds a ready answer until the answers
 * to every earlier request on that connection have left; `'completion'` sends each as soon as it is ready.
 */
export type AnswerOrder = 'request' | 'completion';

/** How a {@link FramedChannel} paces its peer. */
export interface FramedChannelSettings extends FramedSocketSettings {
  /** Requests handled at once; beyond it, frames wait and the socket is not read. */
  readonly maxInFlight: number;
  readonly answerOrder: AnswerOrder;
}

/**
 * Frames one connection hands to its handler in one turn of the event loop; the rest wait for the next turn.
 * One: a peer that pipelines hundreds of requests in one read then costs a terminal waiting behind it one
 * handler call per turn, not hundreds (the load benchmark measures 4 such peers against a terminal's p99).
 */
const FRAMES_PER_TURN = 1;

interface Slot {
  answer: FrameAnswer;
  ready: boolean;
}

/**
 * One framed connection and its handler. Frames wait (and the socket is not read) while the handler has
 * `maxInFlight` requests, while this connection has used its turn, and while the socket holds answers the
 * peer has not read (`writableNeedDrain`, until `drain`). What a connection holds is thereby bounded by
 * one socket read, `maxInFlight` answers, one partly read frame and the socket's high-water mark.
 */
export class FramedChannel {
  /** Settles once the socket has closed, for whatever reason; never rejects. */
  readonly closed: Promise<void>;
  private readonly core: FramedSocket;
  private readonly settings: FramedChannelSettings;
  private readonly handler: FrameHandler;
  private readonly errorListeners: ((error: Iso8583Error) => void)[] = [];
  private readonly backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  private readonly slots: Slot[] = [];
  private slotBytes = 0;
  private inFlightCount = 0;
  private budget = FRAMES_PER_TURN;
  private turnScheduled = false;
  private waitingForDrain = false;
  private finishing = false;

  /** Wraps a connected socket; every frame from it goes to `handler`. */
  constructor(socket: Socket, settings: FramedChannelSettings, handler: FrameHandler) {
    checkSocket(socket);
    checkOptionsObject(settings, 'settings');
    expectFunction(handler, 'handler');
    this.settings = settings;
    this.handler = handler;
    this.core = new FramedSocket(socket, settings, {
      frame: (frame) => this.take(frame),
      end: () => this.finish(),
      fail: (error) => this.report(error),
    });
    this.closed = this.core.closed;
  }

  /** Address and port of the peer, as the socket reports them. */
  get remote(): { readonly address: string | undefined; readonly port: number | undefined } {
    return { address: this.core.socket.remoteAddress, port: this.core.socket.remotePort };
  }

  /** Requests taken from the peer and not yet answered (waiting ones included). */
  get inFlight(): number {
    return this.inFlightCount + this.backlog.length;
  }

  /** Bytes this connection holds: unsent answers, frames waiting for the handler, a partly read frame. */
  get bufferedBytes(): number {
    return this.core.bufferedBytes + this.backlogBytes + this.slotBytes;
  }

  /** True once the socket has closed. */
  get isClosed(): boolean {
    return this.core.isClosed;
  }

  /** The error that ended this connection (bad input, a socket error, a failing handler, a timeout), if any. */
  get error(): Iso8583Error | undefined {
    return this.core.error;
  }

  /**
   * Registers `listener` for the error that ends this connection, and for each answer that could not be
   * sent because the peer had gone (`CONNECTION_CLOSED`); returns a function that removes it.
   */
  onError(listener: (error: Iso8583Error) => void): () => void {
    this.errorListeners.push(expectFunction(listener, 'listener'));
    return () => {
      const i = this.errorListeners.indexOf(listener);
      if (i >= 0) this.errorListeners.splice(i, 1);
    };
  }

  /**
   * Writes a frame that answers nothing (a request of our own, such as a key change), at once and outside
   * the answer order. Rejects with `FRAME_LENGTH_MISMATCH` when its length header disagrees with its size
   * (nothing is sent) and with `CONNECTION_CLOSED` when the connection is over or closing.
   */
  send(frame: Uint8Array): Promise<void> {
    if (this.core.done || this.finishing) {
      return Promise.reject(new Iso8583Error('CONNECTION_CLOSED', 'connection is closed and cannot send'));
    }
    try {
      checkFrameLength(this.settings.lengthHeader, expectBytes(frame, 'frame'));
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.writeFrame(frame, (err) => {
        if (err) reject(new Iso8583Error('CONNECTION_FAILED', 'the connection failed', { cause: err }));
        else resolve();
      });
    });
  }

  /**
   * Closes gracefully: reads nothing more, answers what was already read, then ends the connection. What is
   * still unanswered after `deadlineMs` is dropped (reported as `CLOSE_DEADLINE`) and the socket destroyed.
   * Settles once the socket has closed.
   */
  close(deadlineMs: number): Promise<void> {
    expectInteger(deadlineMs, 'deadlineMs', 0, MAX_TIMER_MS);
    if (!this.finishing) {
      this.core.hold('closing');
      this.finish();
    }
    const deadline = setTimeout(() => {
      if (this.inFlight > 0) {
        this.core.fail(
          new Iso8583Error('CLOSE_DEADLINE', 'connection closed with requests still unanswered', {
            expected: `answers within ${deadlineMs} ms`,
            found: `${this.inFlight} unanswered`,
          }),
        );
      }
      this.core.destroy();
    }, deadlineMs);
    return this.closed.then(() => clearTimeout(deadline));
  }

  /** Closes at once, dropping unsent answers. */
  destroy(): void {
    this.core.destroy();
  }

  /** Ends the connection with `error` (the first one sticks) and tells the error listeners. */
  fail(error: Iso8583Error): void {
    checkFailure(error);
    this.core.fail(error);
  }

  private take(frame: Uint8Array): void {
    this.backlog.push(frame);
    this.backlogBytes += frame.length;
    this.pump();
  }

  /** Hands waiting frames to the handler while the limits allow, and holds reading while any wait. */
  private pump(): void {
    while (
      this.backlog.length > 0 &&
      this.inFlightCount < this.settings.maxInFlight &&
      this.budget > 0 &&
      !this.waitingForDrain &&
      !this.core.done
    ) {
      const frame = this.backlog.shift()!;
      this.backlogBytes -= frame.length;
      this.budget--;
      this.start(frame);
    }
    if (this.budget === 0 && !this.turnScheduled) {
      this.turnScheduled = true;
      setImmediate(() => {
        this.turnScheduled = false;
        this.budget = FRAMES_PER_TURN;
        this.pump();
      });
    }
    if (this.backlog.length > 0) this.core.hold('waiting');
    else this.core.release('waiting');
    this.endIfFinished();
  }

  private start(frame: Uint8Array): void {
    if (this.inFlightCount++ === 0) this.core.pauseIdle();
    const slot: Slot | undefined = this.settings.answerOrder === 'request' ? { answer: undefined, ready: false } : undefined;
    if (slot !== undefined) this.slots.push(slot);
    let result: FrameAnswer | PromiseLike<FrameAnswer>;
    try {
      result = this.handler(frame, this);
    } catch (cause) {
      this.handlerFailed(cause);
      return;
    }
    if (isThenable(result)) {
      result.then(
        (answer) => this.answered(slot, answer),
        (cause: unknown) => this.handlerFailed(cause),
      );
    } else {
      this.answered(slot, result);
    }
  }

  private answered(slot: Slot | undefined, answer: FrameAnswer): void {
    if (this.core.error !== undefined) return;
    if (answer !== null && answer !== undefined) {
      try {
        if (!(answer instanceof Uint8Array)) {
          throw new Iso8583Error('BAD_TYPE', 'an answer must be a Uint8Array frame, null or undefined', { expected: 'Uint8Array' });
        }
        checkFrameLength(this.settings.lengthHeader, answer);
      } catch (cause) {
        this.handlerFailed(cause);
        return;
      }
    }
    if (slot === undefined) {
      this.emit(answer);
      this.inFlightCount--;
    } else {
      slot.answer = answer;
      slot.ready = true;
      if (answer) this.slotBytes += answer.length;
      while (this.slots.length > 0 && this.slots[0]!.ready) {
        const head = this.slots.shift()!;
        if (head.answer) this.slotBytes -= head.answer.length;
        this.emit(head.answer);
        this.inFlightCount--;
      }
    }
    if (this.inFlightCount === 0 && !this.finishing) this.core.countIdle();
    this.pump();
  }

  private emit(answer: FrameAnswer): void {
    if (!answer) return;
    if (this.core.done) {
      this.report(new Iso8583Error('CONNECTION_CLOSED', 'connection closed before an answer was sent'));
      return;
    }
    this.writeFrame(answer);
  }

  private report(error: Iso8583Error): void {
    for (const listener of [...this.errorListeners]) listener(error);
  }

  private writeFrame(frame: Uint8Array, onWritten?: (error: Error | null | undefined) => void): void {
    if (this.core.write(frame, onWritten) || this.waitingForDrain) return;
    // The peer is not reading its answers: read nothing more from it until they drain.
    this.waitingForDrain = true;
    this.core.hold('drain');
    this.core.socket.once('drain', () => {
      this.waitingForDrain = false;
      this.core.release('drain');
      this.pump();
    });
  }

  private handlerFailed(cause: unknown): void {
    this.core.fail(new Iso8583Error('FRAME_HANDLER_FAILED', 'the frame handler failed', { cause }));
  }

  /** No more requests will be taken: the peer ended its side, or a graceful close began. */
  private finish(): void {
    this.finishing = true;
    this.core.pauseIdle();
    this.endIfFinished();
  }

  private endIfFinished(): void {
    if (this.finishing && this.inFlight === 0 && !this.core.done) this.core.end();
  }
}

// Frames in the backlog and answers waiting their turn hold card data: print only the connection's state.
defineMaskedRendering(FramedChannel.prototype, {
  name: 'FramedChannel',
  masked: (c) => ({ remote: remoteText(c.remote), inFlight: c.inFlight, bufferedBytes: c.bufferedBytes, closed: c.error !== undefined || c.isClosed }),
});

function isThenable(value: unknown): value is PromiseLike<FrameAnswer> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
