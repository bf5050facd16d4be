/** Servers, clients and raw sockets on 127.0.0.1 for the connection specs, each stopped after its test. */
import { afterEach } from 'vitest';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { connectFramed, type FramedConnection } from '../../../src/node/tcp.js';
import { createFramedServer, type FramedServer } from '../../../src/node/server.js';

export const HOST = '127.0.0.1';
/** The longest any expected event may take: generous, because the machine running the tests may be busy. */
export const WAIT_MS = 4_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs `cleanup` after the current test, before the ones registered earlier. */
export function afterTest(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** A framed server closed at once after the test. */
export async function framedServer(options: Parameters<typeof createFramedServer>[0]): Promise<FramedServer> {
  const server = await createFramedServer(options);
  afterTest(() => server.close({ deadlineMs: 0 }));
  return server;
}

/** A framed client destroyed after the test. */
export async function framedClient(options: Parameters<typeof connectFramed>[0]): Promise<FramedConnection> {
  const c = await connectFramed(options);
  afterTest(async () => {
    c.destroy();
    await c.closed;
  });
  return c;
}

/** A plain TCP socket to `port`, destroyed after the test. */
export function rawClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: HOST, port }, () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
    afterTest(() => void s.destroy());
  });
}

/**
 * Resolves once `socket` has closed (for any reason) with the milliseconds since `since` (default: now).
 * Pass the time taken before connecting to bound a server's timer from below: it cannot start earlier.
 */
export function closedWithin(socket: Socket, since = performance.now()): Promise<number> {
  return within<number>((done) => {
    if (socket.closed) done(performance.now() - since);
    else socket.once('close', () => done(performance.now() - since));
  });
}

/** A plain TCP server that runs `script` on each connection; returns its port. */
export async function rawServer(script: (socket: Socket) => void): Promise<number> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    script(s);
  });
  await new Promise<void>((r) => server.listen(0, HOST, () => r()));
  afterTest(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, HOST, () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Resolves with what `arm` hands to its callback, or fails after {@link WAIT_MS}. */
export function within<T>(arm: (done: (value: T) => void) => void, ms = WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    arm((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

/** Polls `condition` every few milliseconds until it holds, failing after {@link WAIT_MS}. */
export async function until(condition: () => boolean, ms = WAIT_MS): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error('condition did not hold in time');
    await pause(5);
  }
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
