// Opening a client socket, plain TCP or TLS, with a connect timeout; and `connectFramed` on top of it.
import { createConnection, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { expectInteger } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { checkDuration, checkFramedOptions, checkLimit, checkOptionsObject } from './options.js';
import { FramedConnection, type FramedConnectionOptions } from './tcp-connection.js';

export { FramedConnection, DEFAULT_RECEIVE_TIMEOUT_MS } from './tcp-connection.js';
export type { FramedConnectionOptions, FramedSocketOptions } from './tcp-connection.js';

/** Default wait for a TCP connection (and its TLS handshake) to open, in milliseconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Where to connect, and how: plain TCP, or TLS through `node:tls`. */
export interface SocketTarget {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  readonly port: number;
  /** Default {@link DEFAULT_CONNECT_TIMEOUT_MS}; covers the TLS handshake too. */
  readonly connectTimeoutMs?: number;
  /**
   * Speak TLS: options for `tls.connect` (`ca`, `cert`, `key`, `servername`, `rejectUnauthorized`…). The
   * host and port above are used; certificates are verified as `tls.connect` does by default.
   */
  readonly tls?: TlsConnectionOptions;
}

/** Where and how {@link connectFramed} connects. */
export interface ConnectFramedOptions extends FramedConnectionOptions, SocketTarget {}

/**
 * Opens a connection that sends and receives whole frames. Rejects with `CONNECT_FAILED` (the socket
 * error as `cause`), `TLS_FAILED` (the handshake failed, e.g. an untrusted certificate) or `CONNECT_TIMEOUT`.
 */
export async function connectFramed(options: ConnectFramedOptions): Promise<FramedConnection> {
  checkFramedOptions(options);
  checkLimit(options.maxQueuedFrames, 'maxQueuedFrames', 1);
  const socket = await openSocket(options);
  return new FramedConnection(socket, options);
}

/** A connected socket (TLS handshake done when asked for) that ends only when we say so. */
export function openSocket(target: SocketTarget): Promise<Socket> {
  let timeoutMs: number;
  try {
    checkOptionsObject(target, 'options');
    timeoutMs = checkDuration(target.connectTimeoutMs, 'connectTimeoutMs', DEFAULT_CONNECT_TIMEOUT_MS);
    expectInteger(target.port, 'port', 0, 65535);
    if (target.tls !== undefined) checkOptionsObject(target.tls, 'tls');
  } catch (e) {
    return Promise.reject(e);
  }
  const host = target.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const socket: Socket =
      target.tls === undefined ? createConnection({ host, port: target.port }) : connectTls({ ...target.tls, host, port: target.port });
    let tcpOpen = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Iso8583Error('CONNECT_TIMEOUT', 'connection did not open in time', { expected: `open within ${timeoutMs} ms` }));
    }, timeoutMs);
    const onError = (cause: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        tcpOpen
          ? new Iso8583Error('TLS_FAILED', 'TLS handshake failed', { cause })
          : new Iso8583Error('CONNECT_FAILED', 'connection could not be opened', { cause }),
      );
    };
    socket.once('error', onError);
    socket.once('connect', () => (tcpOpen = true));
    socket.once(target.tls === undefined ? 'connect' : 'secureConnect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
