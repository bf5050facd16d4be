// `connectClient`: a terminal's (or an acquirer's) link to a host: requests matched to their answers,
// host requests to a handler, a heartbeat when idle, reconnects with back-off, a hook after every connect,
// a bounded receive queue and a graceful close.
import type { Socket } from 'node:net';
import { badArgument, expectBytes, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { unframeMessage } from '../frame/frame.js';
import type { FrameProfile } from '../frame/profile.js';
import type { Dialect } from '../message/dialect.js';
import { isRequestMti } from '../message/mti.js';
import type { Message } from '../message/message.js';
import { defineMaskedRendering } from '../redaction.js';
import { FramedChannel, type FrameAnswer } from './framed-channel.js';
import { defaultMatchKey, PendingAnswers, type MatchKey } from './matcher.js';
import {
  checkDuration,
  checkFramedOptions,
  checkFunction,
  checkLimit,
  checkOptionsObject,
  DEFAULT_CLOSE_DEADLINE_MS,
  DEFAULT_FRAME_TIMEOUT_MS,
  DEFAULT_MAX_QUEUED_FRAMES,
  deframerLimit,
} from './options.js';
import { openSocket, type SocketTarget } from './tcp.js';

/** Default wait for an answer, in milliseconds. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
/** Default time the key of an unanswered request is kept, so its late answer is recognised. */
export const DEFAULT_LATE_ANSWER_WINDOW_MS = 120_000;
/** Default number of requests a client lets wait for answers at once. */
export const DEFAULT_MAX_PENDING = 1_000;

/** What a hook (after connecting, or as a heartbeat) sends its requests through. */
export interface ClientLink {
  /** Sends `request` on this connection and resolves with its answer (see {@link Iso8583Client.send}). */
  send(request: Uint8Array, options?: SendOptions): Promise<Uint8Array>;
}

/** Per-request options of {@link Iso8583Client.send}. */
export interface SendOptions {
  /** How long to wait for the answer, from the call (default the client's `timeoutMs`). */
  readonly timeoutMs?: number;
  /** The match key, when the caller knows it (otherwise it is read from the request). */
  readonly key?: string;
  /**
   * This request retransmits one that got no answer (a reversal sent again, a repeat MTI): it may take over
   * that request's key while the late answer may still come, and that answer resolves it. Without it, such a
   * key is refused with `DUPLICATE_REQUEST`, so a late answer never reaches a different request.
   */
  readonly repeats?: boolean;
}

/** What an unmatched frame is. */
export interface UnmatchedInfo {
  /** The decoded frame. */
  readonly message: Message;
  /** True for the answer to a request that already timed out or lost its connection. */
  readonly late: boolean;
}

/** Reconnect timing: waits grow from `initialDelayMs` by `factor` up to `maxDelayMs`, each ±20% at random. */
export interface ReconnectOptions {
  /** Default 250. */
  readonly initialDelayMs?: number;
  /** Default 30 000. */
  readonly maxDelayMs?: number;
  /** Default 2. */
  readonly factor?: number;
}

/** A heartbeat: `beat` runs when the link has carried no frame for `idleMs`. */
export interface HeartbeatOptions {
  readonly idleMs: number;
  /**
   * Sends the echo and checks its answer, e.g. `(link) => link.send(echoFrame())` or, with a terminal
   * session, `async (link) => { const out = session.echo(); session.handleResponse(out, await link.send(out.frame)); }`
   * (the CUP 0820 echo, 60.3 = 301). Rejecting, or not settling within `timeoutMs`, marks the connection
   * unhealthy: it is closed (`HEARTBEAT_FAILED`) and, with reconnect on, replaced.
   */
  readonly beat: (link: ClientLink) => Promise<unknown>;
  /** Default: `idleMs`. */
  readonly timeoutMs?: number;
}

/** How {@link connectClient} connects, matches and keeps the link. */
export interface ClientOptions extends SocketTarget {
  /** The framing (answers are unframed with it to read their match key). */
  readonly profile: FrameProfile;
  /** The dialect requests and answers are decoded with to read their match key. */
  readonly dialect: Dialect;
  /** Largest frame accepted from the host (default 65 537 bytes; `Infinity` turns it off). */
  readonly maxFrameSize?: number;
  /** Read timeout of one frame from the host (default 10 s; 0 turns it off). */
  readonly frameTimeoutMs?: number;
  /** Default wait for an answer (default {@link DEFAULT_RESPONSE_TIMEOUT_MS}, 30 s). */
  readonly timeoutMs?: number;
  /** Pairs requests with answers (default {@link defaultMatchKey}: answer MTI class, 11, 41). */
  readonly matchKey?: MatchKey;
  /** How long the key of an unanswered request is kept to recognise its late answer (default 2 minutes). */
  readonly lateAnswerWindowMs?: number;
  /** Requests waiting for answers at most (default {@link DEFAULT_MAX_PENDING}); more reject with `TOO_MANY_PENDING`. */
  readonly maxPending?: number;
  /**
   * The receive queue: requests from the host being handled, and frames waiting for their turn (default 64);
   * while it is full the socket is not read. `Infinity` turns it off.
   */
  readonly maxQueuedFrames?: number;
  /** Answers no waiting request takes: late ones (`late: true`) and unknown ones; also host requests when there is no `onRequest`. */
  readonly onUnmatched?: (frame: Uint8Array, info: UnmatchedInfo) => void;
  /** Requests the host sends (key changes, echo tests…): returns the answer frame, or null for none. Answers leave in request order. */
  readonly onRequest?: (frame: Uint8Array, message: Message) => FrameAnswer | PromiseLike<FrameAnswer>;
  /** Told of errors nobody waits for: a frame that cannot be decoded, a lost connection, a failed reconnect or hook. */
  readonly onError?: (error: Iso8583Error) => void;
  /** Runs after every connect and reconnect before other requests are sent (e.g. sign-in); rejecting drops the connection. */
  readonly onConnect?: (link: ClientLink) => Promise<unknown> | void;
  readonly heartbeat?: HeartbeatOptions;
  /** Reconnect after a lost connection (default on, with the defaults of {@link ReconnectOptions}); `false` turns it off. */
  readonly reconnect?: ReconnectOptions | false;
  /** Default deadline of {@link Iso8583Client.close} (default 5 s). */
  readonly closeDeadlineMs?: number;
}

/** Where a client link stands: opening its connection, able to send, closing, or closed. */
export type ClientState = 'connecting' | 'ready' | 'closing' | 'closed';

interface Settings {
  timeoutMs: number;
  maxPending: number;
  closeDeadlineMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number; factor: number } | undefined;
  heartbeat: { idleMs: number; timeoutMs: number; beat: (link: ClientLink) => Promise<unknown> } | undefined;
}

/**
 * A link to a host that pairs each request with its answer. Requests are whole frames; the answer whose
 * match key (by default: answer MTI class, STAN, terminal id) equals the request's resolves
 * {@link send}. An answer that comes after its request gave up goes to `onUnmatched` (`late: true`),
 * never to a later request: a new request may not reuse a key whose late answer may still come.
 */
export class Iso8583Client implements ClientLink {
  private readonly options: ClientOptions;
  private readonly settings: Settings;
  private readonly pending: PendingAnswers<FramedChannel>;
  private readonly matchKey: MatchKey;
  private channel: FramedChannel | undefined;
  private stateNow: ClientState = 'connecting';
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  private beating = false;
  private wakeFromBackoff: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private connects = 0;

  /** Checks `options`; nothing connects until {@link connectClient} or a pool starts it. */
  constructor(options: ClientOptions) {
    checkFramedOptions(options);
    if (options.dialect === null || typeof options.dialect !== 'object' || typeof options.dialect.decode !== 'function') {
      throw badArgument('dialect', 'a dialect (dialects.cup, defineDialect…)', shapeOf(options.dialect));
    }
    checkFunction(options.matchKey, 'matchKey');
    checkFunction(options.onUnmatched, 'onUnmatched');
    checkFunction(options.onRequest, 'onRequest');
    checkFunction(options.onError, 'onError');
    checkFunction(options.onConnect, 'onConnect');
    this.options = options;
    let heartbeat: Settings['heartbeat'];
    if (options.heartbeat !== undefined) {
      checkOptionsObject(options.heartbeat, 'heartbeat');
      const idleMs = checkDuration(options.heartbeat.idleMs, 'heartbeat.idleMs', 0);
      heartbeat = {
        idleMs,
        timeoutMs: checkDuration(options.heartbeat.timeoutMs, 'heartbeat.timeoutMs', idleMs),
        beat: checkFunction(options.heartbeat.beat, 'heartbeat.beat', true)!,
      };
    }
    let reconnect: Settings['reconnect'];
    if (options.reconnect !== false) {
      const r = options.reconnect ?? {};
      checkOptionsObject(r, 'reconnect');
      const factor = r.factor ?? 2;
      if (typeof factor !== 'number' || !(factor >= 1) || factor > 100) {
        throw badArgument('reconnect.factor', 'a number from 1 to 100', shapeOf(factor));
      }
      reconnect = {
        initialDelayMs: checkDuration(r.initialDelayMs, 'reconnect.initialDelayMs', 250, true),
        maxDelayMs: checkDuration(r.maxDelayMs, 'reconnect.maxDelayMs', 30_000, true),
        factor,
      };
    }
    this.settings = {
      timeoutMs: checkDuration(options.timeoutMs, 'timeoutMs', DEFAULT_RESPONSE_TIMEOUT_MS),
      maxPending: checkLimit(options.maxPending, 'maxPending', DEFAULT_MAX_PENDING),
      closeDeadlineMs: checkDuration(options.closeDeadlineMs, 'closeDeadlineMs', DEFAULT_CLOSE_DEADLINE_MS, true),
      reconnect,
      heartbeat,
    };
    checkLimit(options.maxQueuedFrames, 'maxQueuedFrames', DEFAULT_MAX_QUEUED_FRAMES);
    checkDuration(options.frameTimeoutMs, 'frameTimeoutMs', DEFAULT_FRAME_TIMEOUT_MS, true);
    const lateWindow = checkDuration(options.lateAnswerWindowMs, 'lateAnswerWindowMs', DEFAULT_LATE_ANSWER_WINDOW_MS, true);
    const maxPending = this.settings.maxPending;
    this.pending = new PendingAnswers(lateWindow, maxPending === Infinity ? 100_000 : Math.max(10 * maxPending, 1_000));
    this.matchKey = options.matchKey ?? defaultMatchKey;
  }

  /** `'connecting'` (also while reconnecting or running `onConnect`), `'ready'`, `'closing'` or `'closed'`. */
  get state(): ClientState {
    return this.stateNow;
  }

  /** Requests waiting for their answers. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Frames from the host in the receive queue: requests being handled and frames waiting their turn. */
  get queuedFrames(): number {
    return this.channel?.inFlight ?? 0;
  }

  /** Connections opened so far (the first one included). */
  get connectCount(): number {
    return this.connects;
  }

  /**
   * Sends `request` (a whole frame) and resolves with the answer that carries its match key. While the client
   * is (re)connecting the request waits for the connection within the same time. Rejects with
   * `RESPONSE_TIMEOUT` (written, no answer in time: a reversal may be due), `NOT_CONNECTED` (never written),
   * `CONNECTION_CLOSED` (written, then the connection was lost), `DUPLICATE_REQUEST`, `TOO_MANY_PENDING`,
   * `CLIENT_CLOSED`, or the error decoding the request.
   */
  send(request: Uint8Array, options: SendOptions = {}): Promise<Uint8Array> {
    return this.sendOn(undefined, request, options);
  }

  /**
   * Closes gracefully: new requests are refused (`CLIENT_CLOSED`), requests not yet written are rejected,
   * written ones get until `deadlineMs` (default `closeDeadlineMs`) for their answers, then the connection ends.
   */
  async close(options: { readonly deadlineMs?: number } = {}): Promise<void> {
    checkOptionsObject(options, 'options');
    const deadlineMs = checkDuration(options.deadlineMs, 'deadlineMs', this.settings.closeDeadlineMs, true);
    if (this.stateNow === 'closed') return;
    if (this.stateNow !== 'closing') {
      this.stateNow = 'closing';
      this.pending.failUnsent(new Iso8583Error('CLIENT_CLOSED', 'client is closing and sends no more requests'));
      this.wakeFromBackoff?.();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.pending.whenIdle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
      clearTimeout(timer);
      this.stopHeartbeat();
      const channel = this.channel;
      if (channel !== undefined) await channel.close(deadlineMs);
    }
    await this.loop;
    this.stateNow = 'closed';
  }

  /**
   * Starts connecting; settles when the first connection is ready, or rejects with why the first attempt
   * failed. With `retryFirst` it keeps trying after that (with back-off, when reconnect is on).
   */
  start(retryFirst: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.loop = this.run(retryFirst, resolve, reject);
    });
  }

  private async sendOn(via: FramedChannel | undefined, request: Uint8Array, options: SendOptions): Promise<Uint8Array> {
    let key: string;
    let timeoutMs: number;
    try {
      if (this.stateNow === 'closing' || this.stateNow === 'closed') {
        throw new Iso8583Error('CLIENT_CLOSED', 'client is closing and sends no more requests');
      }
      expectBytes(request, 'request');
      checkOptionsObject(options, 'options');
      timeoutMs = checkDuration(options.timeoutMs, 'timeoutMs', this.settings.timeoutMs);
      key = options.key ?? this.keyOf(request);
      if (this.pending.size >= this.settings.maxPending) {
        throw new Iso8583Error('TOO_MANY_PENDING', 'too many requests are waiting for answers', { expected: `at most ${this.settings.maxPending}` });
      }
    } catch (e) {
      return Promise.reject(e);
    }
    const answer = this.pending.expect(key, timeoutMs, request, options.repeats === true);
    const channel = via ?? (this.stateNow === 'ready' ? this.channel : undefined);
    // Without a connection the request waits among the unsent ones, written as soon as one is ready.
    if (channel !== undefined) void this.write(channel, key);
    return answer;
  }

  /** Writes the waiting request with `key` on `channel`. */
  private async write(channel: FramedChannel, key: string): Promise<void> {
    const request = this.pending.takeForSending(key, channel);
    if (request === undefined) return;
    this.touch();
    try {
      await channel.send(request);
    } catch (e) {
      this.pending.fail(key, e instanceof Iso8583Error ? e : new Iso8583Error('CONNECTION_FAILED', 'the connection failed', { cause: e }));
    }
  }

  private keyOf(frame: Uint8Array): string {
    const body = unframeMessage(this.options.profile, frame).body;
    return this.matchKey(this.options.dialect.decode(body));
  }

  private async run(retryFirst: boolean, ready: () => void, failed: (e: unknown) => void): Promise<void> {
    let attempt = 0;
    let everReady = false;
    while (this.stateNow === 'connecting') {
      let channel: FramedChannel | undefined;
      try {
        const socket: Socket = await openSocket(this.options);
        if (this.stateNow !== 'connecting') {
          socket.destroy();
          break;
        }
        channel = this.open(socket);
        this.connects++;
        if (this.options.onConnect !== undefined) {
          const hookChannel = channel;
          await this.options.onConnect({ send: (request, options = {}) => this.sendOn(hookChannel, request, options) });
        }
        if (channel.isClosed || channel.error !== undefined) {
          throw channel.error ?? new Iso8583Error('CONNECTION_CLOSED', 'connection closed while it was being set up');
        }
        if (this.stateNow !== 'connecting') break;
        this.stateNow = 'ready';
        attempt = 0;
        if (!everReady) ready();
        everReady = true;
        for (const key of this.pending.unsentKeys()) void this.write(channel, key);
        this.touch();
        await channel.closed;
        if (this.stateNow === 'ready' && channel.error === undefined) {
          this.report(new Iso8583Error('CONNECTION_CLOSED', 'the host closed the connection'));
        }
      } catch (e) {
        const error = e instanceof Iso8583Error ? e : new Iso8583Error('CONNECTION_FAILED', 'the connection failed', { cause: e });
        channel?.destroy();
        if (!everReady) failed(error);
        if (!everReady && !retryFirst) {
          if (this.stateNow === 'connecting') this.stateNow = 'closing';
          break;
        }
        this.report(error);
      } finally {
        if (channel !== undefined) {
          await channel.closed;
          this.pending.failWrittenOn(channel, new Iso8583Error('CONNECTION_CLOSED', 'connection closed before the answer arrived'));
          if (this.channel === channel) this.channel = undefined;
        }
        this.stopHeartbeat();
      }
      if (this.stateNow === 'ready') this.stateNow = 'connecting';
      if (this.stateNow !== 'connecting' || this.settings.reconnect === undefined) break;
      await this.backoff(attempt++);
    }
    if (!everReady) failed(new Iso8583Error('CLIENT_CLOSED', 'client closed before it connected'));
    if (this.stateNow === 'connecting') this.stateNow = 'closing';
    this.pending.failUnsent(new Iso8583Error('CLIENT_CLOSED', 'client is closing and sends no more requests'));
  }

  private open(socket: Socket): FramedChannel {
    const o = this.options;
    const channel = new FramedChannel(
      socket,
      {
        lengthHeader: o.profile.lengthHeader,
        maxFrameSize: deframerLimit(o.maxFrameSize),
        idleTimeoutMs: 0,
        frameTimeoutMs: o.frameTimeoutMs ?? DEFAULT_FRAME_TIMEOUT_MS,
        maxInFlight: o.maxQueuedFrames ?? DEFAULT_MAX_QUEUED_FRAMES,
        answerOrder: 'request',
      },
      (frame) => this.receive(frame),
    );
    this.channel = channel;
    channel.onError((error) => this.report(error));
    return channel;
  }

  /** Every frame from the host: an answer is matched at once; a request goes to `onRequest`. */
  private receive(frame: Uint8Array): FrameAnswer | PromiseLike<FrameAnswer> {
    this.touch();
    let message: Message;
    let key: string;
    try {
      message = this.options.dialect.decode(unframeMessage(this.options.profile, frame).body);
      key = this.matchKey(message);
    } catch (e) {
      // A frame that cannot be read cannot be matched: report it and keep the link.
      this.report(e instanceof Iso8583Error ? e : new Iso8583Error('FRAME_HANDLER_FAILED', 'the frame handler failed', { cause: e }));
      return null;
    }
    if (isRequestMti(message.mti)) {
      if (this.options.onRequest !== undefined) return this.options.onRequest(frame, message);
      this.options.onUnmatched?.(frame, { message, late: false });
      return null;
    }
    const outcome = this.pending.settle(key, frame);
    if (outcome !== 'matched') this.options.onUnmatched?.(frame, { message, late: outcome === 'late' });
    return null;
  }

  /** Traffic on the link: the heartbeat waits a full idle period from now. */
  private touch(): void {
    const hb = this.settings.heartbeat;
    if (hb === undefined || this.stateNow !== 'ready' || this.beating) return;
    if (this.heartbeatTimer !== undefined) {
      this.heartbeatTimer.refresh();
      return;
    }
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = undefined;
      void this.beat();
    }, hb.idleMs);
  }

  private async beat(): Promise<void> {
    const hb = this.settings.heartbeat!;
    const channel = this.channel;
    if (channel === undefined || this.stateNow !== 'ready') return;
    this.beating = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Iso8583Error('RESPONSE_TIMEOUT', 'no answer arrived in time', { expected: `an answer within ${hb.timeoutMs} ms` })),
          hb.timeoutMs,
        );
      });
      await Promise.race([hb.beat({ send: (request, options = {}) => this.sendOn(channel, request, { timeoutMs: hb.timeoutMs, ...options }) }), late]);
    } catch (cause) {
      if (this.channel === channel && this.stateNow === 'ready') {
        channel.fail(new Iso8583Error('HEARTBEAT_FAILED', 'heartbeat got no good answer; the connection is dropped', { cause }));
      }
    } finally {
      clearTimeout(timer);
      this.beating = false;
      this.touch();
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private backoff(attempt: number): Promise<void> {
    const r = this.settings.reconnect!;
    const base = Math.min(r.maxDelayMs, r.initialDelayMs * r.factor ** attempt);
    const ms = Math.round(base * (0.8 + 0.4 * Math.random()));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeFromBackoff = done;
    }).then(() => {
      this.wakeFromBackoff = undefined;
    });
  }

  private report(error: Iso8583Error): void {
    this.options.onError?.(error);
  }
}

// The options hold TLS keys and callbacks, the waiting requests their frames: print only the link's state.
defineMaskedRendering(Iso8583Client.prototype, {
  name: 'Iso8583Client',
  masked: (c) => ({ state: c.state, pending: c.pendingCount, connects: c.connectCount }),
});

/**
 * Connects to a host and resolves once the connection is up and `onConnect` has run. Rejects (and stops)
 * when that first attempt fails; later losses reconnect with back-off unless `reconnect` is `false`.
 */
export async function connectClient(options: ClientOptions): Promise<Iso8583Client> {
  const client = new Iso8583Client(options);
  try {
    await client.start(false);
  } catch (e) {
    await client.close({ deadlineMs: 0 });
    throw e;
  }
  return client;
}
