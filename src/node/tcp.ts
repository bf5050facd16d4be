import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Iso8583Error } from '../errors.js';
import { FrameDeframer } from '../frame/deframer.js';
import { FramedConnection, type FramedSocketOptions } from './tcp-connection.js';

export { FramedConnection, DEFAULT_RECEIVE_TIMEOUT_MS } from './tcp-connection.js';
export type { FramedSocketOptions, FrameHandler } from './tcp-connection.js';

/** Default wait for a TCP connection to open, in milliseconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Where and how {@link connectFramed} connects. */
export interface ConnectFramedOptions extends FramedSocketOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  readonly port: number;
  /** Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens a TCP connection that sends and receives whole frames. Rejects with `CONNECT_FAILED`
 * (the socket error as `cause`) or `CONNECT_TIMEOUT`.
 */
export function connectFramed(options: ConnectFramedOptions): Promise<FramedConnection> {
  try {
    checkOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: options.host ?? '127.0.0.1', port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Iso8583Error('CONNECT_TIMEOUT', 'connection did not open in time', { expected: `open within ${timeoutMs} ms` }),
      );
    }, timeoutMs);
    const onError = (cause: Error): void => {
      clearTimeout(timer);
      reject(new Iso8583Error('CONNECT_FAILED', 'connection could not be opened', { cause }));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(new FramedConnection(socket, options));
    });
  });
}

/** Sends one whole frame back on the connection a frame came from. */
export type Reply = (frame: Uint8Array) => Promise<void>;

/** How {@link createFramedServer} listens and what it does with frames. */
export interface FramedServerOptions extends FramedSocketOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: the system picks a free port, read it from {@link FramedServer.port}. */
  readonly port?: number;
  /**
   * Called with each frame, in arrival order per connection. A handler that throws or rejects ends
   * its connection with `FRAME_HANDLER_FAILED` (reported to `onError`).
   */
  readonly onFrame: (frame: Uint8Array, reply: Reply, connection: FramedConnection) => void | Promise<void>;
  /** Told the error that ended a connection: bad input from the peer, a socket error, a failing handler. */
  readonly onError?: (error: Iso8583Error, connection: FramedConnection) => void;
  /** Told of each accepted connection. */
  readonly onConnection?: (connection: FramedConnection) => void;
}

/** A listening framed server. */
export interface FramedServer {
  readonly host: string;
  readonly port: number;
  /** Connections currently open. */
  readonly connections: ReadonlySet<FramedConnection>;
  /** Stops listening, closes every connection at once, and settles when all is closed. */
  close(): Promise<void>;
}

/** Starts a TCP server whose connections speak whole frames; settles once it listens. */
export function createFramedServer(options: FramedServerOptions): Promise<FramedServer> {
  try {
    checkOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const connections = new Set<FramedConnection>();
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((socket: Socket) => {
    const connection = new FramedConnection(socket, options, (frame, conn) => {
      const reply: Reply = (answer) => conn.send(answer);
      const result = options.onFrame(frame, reply, conn);
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (cause: unknown) =>
          conn.fail(new Iso8583Error('FRAME_HANDLER_FAILED', 'the frame handler failed', { cause })),
        );
      }
    });
    connections.add(connection);
    connection.onError((error) => options.onError?.(error, connection));
    void connection.closed.then(() => connections.delete(connection));
    options.onConnection?.(connection);
  });
  return new Promise((resolve, reject) => {
    const onError = (cause: Error): void =>
      reject(new Iso8583Error('LISTEN_FAILED', 'server could not listen', { cause }));
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
      resolve({
        host,
        port,
        connections,
        close: async () => {
          const stopped = new Promise<void>((done) => server.close(() => done()));
          const open = [...connections];
          for (const c of open) c.destroy();
          await Promise.all([stopped, ...open.map((c) => c.closed)]);
        },
      });
    });
  });
}

/** Throws the deframer's own `BAD_FRAME_PROFILE` / `BAD_FRAME_OPTIONS` before any socket exists. */
function checkOptions(options: FramedSocketOptions): void {
  new FrameDeframer(options.profile, { maxFrameSize: options.maxFrameSize });
}
