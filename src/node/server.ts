// `createFramedServer`: a TCP or TLS server whose connections speak whole frames to one request handler,
// with safe limits on by default (idle and read timeouts, a connection cap, a frame size cap) and a graceful close.
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { expectOneOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { FramedChannel, type AnswerOrder, type FrameHandler } from './framed-channel.js';
import {
  checkDuration,
  checkFramedOptions,
  checkFunction,
  checkLimit,
  checkOptionsObject,
  DEFAULT_CLOSE_DEADLINE_MS,
  DEFAULT_FRAME_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_IN_FLIGHT,
  deframerLimit,
} from './options.js';
import type { FramedSocketOptions } from './tcp-connection.js';

/** How a {@link FramedServer} treats each connection; every limit is on by default. */
export interface FramedServerLimits {
  /**
   * Closes a connection that has nothing in flight and completes no frame for this long (default
   * {@link DEFAULT_IDLE_TIMEOUT_MS}, 2 minutes), a peer trickling bytes that never finish a frame included,
   * and a peer that stopped reading its answers (the server stops reading from it). 0 turns it off.
   */
  readonly idleTimeoutMs?: number;
  /**
   * Read timeout of one frame: closes a connection whose frame started but did not complete within this
   * long of its first byte (default {@link DEFAULT_FRAME_TIMEOUT_MS}, 10 s). 0 turns it off.
   */
  readonly frameTimeoutMs?: number;
  /**
   * Open connections at most (default {@link DEFAULT_MAX_CONNECTIONS}); one more is closed as it arrives,
   * before any TLS handshake, and reported to `onRefused`. `Infinity` turns the cap off.
   */
  readonly maxConnections?: number;
  /**
   * Requests one connection may have in flight (default {@link DEFAULT_MAX_IN_FLIGHT}); beyond it the
   * connection is not read until one is answered. `Infinity` turns it off.
   */
  readonly maxInFlight?: number;
  /**
   * Order of the answers on one connection: `'request'` (default) sends each answer after the answers to
   * every earlier request on that connection, as terminals expect; `'completion'` sends each as soon as
   * its handler settles, so a slow request does not hold back the rest.
   */
  readonly answerOrder?: AnswerOrder;
  /** Default deadline of {@link FramedServer.close} (default {@link DEFAULT_CLOSE_DEADLINE_MS}, 5 s). */
  readonly closeDeadlineMs?: number;
}

/** Where a server listens and what it does with frames. */
export interface FramedServerOptions extends FramedSocketOptions, FramedServerLimits {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: the system picks a free port, read it from {@link FramedServer.port}. */
  readonly port?: number;
  /**
   * Called with each whole frame (length header included); returns (or resolves to) the answer frame, or
   * null/undefined to send none. A handler that throws or rejects ends its connection with
   * `FRAME_HANDLER_FAILED` (reported to `onError`); so does an answer whose length header disagrees with
   * its size. Frames a peer sends are handed over in arrival order, several at once up to `maxInFlight`.
   */
  readonly handler: FrameHandler;
  /**
   * Speak TLS (`node:tls`): options for `tls.createServer` (`key`, `cert`, `ca`, `requestCert`…). The TLS
   * handshake must finish within `handshakeTimeout`, by default the smaller of the two timeouts above.
   */
  readonly tls?: TlsOptions;
  /**
   * Told the error that ended a connection (bad input, a timeout, a socket error, a failing handler,
   * answers dropped at the close deadline), a failed TLS handshake (`TLS_FAILED`, no connection) and a
   * connection the system could not accept (`ACCEPT_FAILED`).
   */
  readonly onError?: (error: Iso8583Error, connection: FramedChannel | undefined) => void;
  /** Told of each accepted connection (after its TLS handshake). */
  readonly onConnection?: (connection: FramedChannel) => void;
  /** Told of each connection refused because `maxConnections` were open. */
  readonly onRefused?: (remote: { readonly address: string | undefined; readonly port: number | undefined }) => void;
}

/** Every limit of a {@link FramedServer} as it runs: 0 (timeouts) and `Infinity` (counts, sizes) mean off. */
export type ServerLimitsInForce = Readonly<Required<FramedServerLimits>> & { readonly maxFrameSize: number };

/** A listening framed server. */
export interface FramedServer {
  readonly host: string;
  readonly port: number;
  /** Connections currently open (after their TLS handshake). */
  readonly connections: ReadonlySet<FramedChannel>;
  /** The limits in force, defaults filled in. */
  readonly limits: ServerLimitsInForce;
  /**
   * Closes gracefully: stops accepting, lets every connection finish the requests it has read (reading
   * no more), ends each as it is done, and after `deadlineMs` (default `closeDeadlineMs`) destroys what
   * is left, reporting dropped requests as `CLOSE_DEADLINE`. 0 closes everything at once. Settles when all is closed.
   */
  close(options?: { readonly deadlineMs?: number }): Promise<void>;
}

/** Starts a TCP (or TLS) server whose connections speak whole frames; settles once it listens. */
export function createFramedServer(options: FramedServerOptions): Promise<FramedServer> {
  let settings: ConstructorParameters<typeof FramedChannel>[1];
  let maxConnections: number;
  let closeDeadlineMs: number;
  try {
    checkFramedOptions(options);
    checkFunction(options.handler, 'handler', true);
    checkFunction(options.onError, 'onError');
    checkFunction(options.onConnection, 'onConnection');
    checkFunction(options.onRefused, 'onRefused');
    if (options.tls !== undefined) checkOptionsObject(options.tls, 'tls');
    if (options.answerOrder !== undefined) expectOneOf(options.answerOrder, 'answerOrder', ['request', 'completion']);
    settings = {
      lengthHeader: options.profile.lengthHeader,
      maxFrameSize: deframerLimit(options.maxFrameSize),
      idleTimeoutMs: checkDuration(options.idleTimeoutMs, 'idleTimeoutMs', DEFAULT_IDLE_TIMEOUT_MS, true),
      frameTimeoutMs: checkDuration(options.frameTimeoutMs, 'frameTimeoutMs', DEFAULT_FRAME_TIMEOUT_MS, true),
      maxInFlight: checkLimit(options.maxInFlight, 'maxInFlight', DEFAULT_MAX_IN_FLIGHT),
      answerOrder: options.answerOrder ?? 'request',
    };
    maxConnections = checkLimit(options.maxConnections, 'maxConnections', DEFAULT_MAX_CONNECTIONS);
    closeDeadlineMs = checkDuration(options.closeDeadlineMs, 'closeDeadlineMs', DEFAULT_CLOSE_DEADLINE_MS, true);
  } catch (e) {
    return Promise.reject(e);
  }
  const host = options.host ?? '127.0.0.1';
  const connections = new Set<FramedChannel>();
  const rawSockets = new Set<Socket>();
  const report = (error: Iso8583Error, connection: FramedChannel | undefined): void => options.onError?.(error, connection);

  let closing: Promise<void> | undefined;

  const accept = (socket: Socket): void => {
    if (closing !== undefined) {
      socket.destroy();
      return;
    }
    const connection = new FramedChannel(socket, settings, options.handler);
    connections.add(connection);
    connection.onError((error) => report(error, connection));
    void connection.closed.then(() => connections.delete(connection));
    options.onConnection?.(connection);
  };

  let server: Server;
  if (options.tls === undefined) {
    server = createServer(accept);
  } else {
    const timeouts = [settings.idleTimeoutMs, settings.frameTimeoutMs].filter((ms) => ms > 0);
    const tlsServer = createTlsServer(
      {
        ...(timeouts.length > 0 ? { handshakeTimeout: Math.min(...timeouts) } : {}),
        ...options.tls,
      },
      accept,
    );
    // Every raw socket, so a close also ends those still in their handshake.
    tlsServer.on('connection', (raw: Socket) => {
      rawSockets.add(raw);
      raw.once('close', () => rawSockets.delete(raw));
    });
    tlsServer.on('tlsClientError', (cause: Error, tlsSocket: Socket) => {
      // With a listener of its own, Node leaves the failed socket open: end it here.
      tlsSocket.destroy();
      report(new Iso8583Error('TLS_FAILED', 'TLS handshake failed', { cause }), undefined);
    });
    server = tlsServer;
  }
  if (maxConnections !== Infinity) server.maxConnections = maxConnections;
  server.on('drop', (data) => options.onRefused?.({ address: data?.remoteAddress, port: data?.remotePort }));

  return new Promise((resolve, reject) => {
    const onListenError = (cause: Error): void => reject(new Iso8583Error('LISTEN_FAILED', 'server could not listen', { cause }));
    server.once('error', onListenError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onListenError);
      server.on('error', (cause: Error) => report(new Iso8583Error('ACCEPT_FAILED', 'a connection could not be accepted', { cause }), undefined));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
      resolve({
        host,
        port,
        connections,
        limits: Object.freeze({
          idleTimeoutMs: settings.idleTimeoutMs,
          frameTimeoutMs: settings.frameTimeoutMs,
          maxConnections,
          maxInFlight: settings.maxInFlight,
          answerOrder: settings.answerOrder,
          closeDeadlineMs,
          maxFrameSize: options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
        }),
        close: (closeOptions = {}) => {
          if (closing !== undefined) return closing;
          let deadlineMs: number;
          try {
            checkOptionsObject(closeOptions, 'options');
            deadlineMs = checkDuration(closeOptions.deadlineMs, 'deadlineMs', closeDeadlineMs, true);
          } catch (e) {
            return Promise.reject(e);
          }
          const stopped = new Promise<void>((done) => server.close(() => done()));
          closing = Promise.all([...connections].map((c) => c.close(deadlineMs))).then(async () => {
            // What is left is still in its TLS handshake: no request of its own is in flight.
            for (const raw of rawSockets) raw.destroy();
            await stopped;
          });
          return closing;
        },
      });
    });
  });
}
