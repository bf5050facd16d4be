/** A terminal session against an `AcquirerHost` in process or under node:cluster, and a store whose answers come late or fail on demand. */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SecretKey } from '../../src/crypto/key.js';
import { encryptPinBlock } from '../../src/crypto/pin/pin-block.js';
import { AcquirerHost, type AcquirerHostOptions } from '../../src/host/acquirer-host.js';
import type { HostStore, StoredRecord } from '../../src/host/store.js';
import { MemoryHostStore } from '../../src/host/store.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { connectFramed } from '../../src/node/tcp.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing } from '../../src/txn/session.js';
import { CARD, CONFIG, PAN, TID, TMK, now, seeded } from '../support/simulated-terminal.js';

export { CARD, MID, PAN, TID, TMK } from '../support/simulated-terminal.js';

/** A host that knows the simulated terminal, and that terminal's session. */
export interface HostLane {
  host: AcquirerHost;
  session: TerminalSession;
  /** Sends `out` to the host and applies the answer to the session (null: no answer came). */
  send(out: Outgoing): Promise<ResponseOutcome | null>;
  /** The host's framed answer to `out`, not applied to the session. */
  answer(out: Outgoing): Promise<Uint8Array | null>;
}

/** An approving host (unless `options.authorize` says otherwise) with the simulated terminal registered, its clock and a seeded key source. */
export async function hostLane(options: Partial<AcquirerHostOptions> = {}): Promise<HostLane> {
  const host = new AcquirerHost({ authorize: () => '00', now, keyIssue: { random: seeded(15) }, ...options });
  await host.register(TID, TMK);
  const session = TerminalSession.create(CONFIG, { now });
  const answer = (out: Outgoing) => host.handle(out.frame);
  const send = async (out: Outgoing) => {
    const frame = await answer(out);
    if (frame === null) {
      session.noResponse(out);
      return null;
    }
    return session.handleResponse(out, frame);
  };
  return { host, session, send, answer };
}

/** The PIN block of `pin` for the simulated card under the session's current PIK (format 0). */
export function pinBlock(session: TerminalSession, pin: string): { block: Uint8Array } {
  return { block: encryptPinBlock(0, SecretKey.fromHex('tdes', session.state().keys!.pik), pin, PAN) };
}

/**
 * A store over a `MemoryHostStore` that answers through promises, after `delayMs` when set, counts its calls, and
 * can be told to fail or to let another writer in between a read and the write that follows it.
 */
export class SlowStore implements HostStore {
  readonly inner = new MemoryHostStore();
  reads = 0;
  writes = 0;
  delayMs = 0;
  failing: Error | undefined;
  /** Runs before every compare-and-set, while it still can be overtaken. */
  beforeWrite: ((key: string) => void) | undefined;

  async read(key: string): Promise<StoredRecord | undefined> {
    this.reads += 1;
    await this.pause();
    return this.inner.read(key);
  }

  async compareAndSet(key: string, expected: number, value: string): Promise<boolean> {
    this.writes += 1;
    await this.pause();
    this.beforeWrite?.(key);
    return this.inner.compareAndSet(key, expected, value);
  }

  private async pause(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    else await Promise.resolve();
    if (this.failing !== undefined) throw this.failing;
  }
}

/** One line the clustered host printed. */
export interface ClusterEvent {
  pid: number;
  event: 'ready' | 'answered' | 'undo';
  kind?: string;
  stan?: string;
  code?: string;
  repeated?: boolean;
  workers?: number[];
}

/** A clustered host (spec/host/cluster-host.ts) running in a child process. */
export interface ClusterHost {
  port: number;
  /** Process ids of the two workers. */
  workers: number[];
  /** Every line printed so far. */
  events: ClusterEvent[];
  /** Stops the primary and its workers, and waits until they are gone. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the system picks it; it is closed again for the cluster to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts spec/host/cluster-host.ts with two workers over `store`; `env` adds the database's settings. */
export async function startClusterHost(store: 'cluster' | 'pg', env: Record<string, string> = {}): Promise<ClusterHost> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./cluster-host.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, POS8583_STORE: store, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ClusterEvent[] = [];
  let errors = '';
  child.stderr.on('data', (d: Uint8Array) => (errors += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<ClusterEvent>((resolve, reject) => {
    let pending = '';
    child.stdout.on('data', (d: Uint8Array) => {
      pending += String(d);
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const e = JSON.parse(line) as ClusterEvent;
        events.push(e);
        if (e.event === 'ready') resolve(e);
      }
    });
    void exited.then(() => reject(new Error(`the clustered host exited before it was ready: ${errors}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const stop = async () => {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(hard);
    }
  };
  try {
    const r = await ready;
    return { port, workers: r.workers!, events, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** How a terminal's repeated reversal fared against a clustered host. */
export interface ClusterReversalRun {
  /** The framed answers to the same reversal, each sent on a connection of its own. */
  answers: Uint8Array[];
  /** The STAN of the sale that was reversed. */
  stan: string;
}

/**
 * A terminal signs in and sells through the cluster, loses the answer to a second sale, and sends its reversal
 * `times` times, half one after another and half all at once, each on a new connection (so the primary hands
 * them to both workers in turn).
 */
export async function reverseThroughCluster(port: number, times: number): Promise<ClusterReversalRun> {
  const session = TerminalSession.create(CONFIG, { now });
  const once = async (out: Outgoing): Promise<Uint8Array> => {
    const conn = await connectFramed({ profile: cupFrameProfile, port, connectTimeoutMs: 5_000 });
    try {
      await conn.send(out.frame);
      return await conn.receive(5_000);
    } finally {
      conn.destroy();
      await conn.closed;
    }
  };
  const signIn = session.signIn();
  session.handleResponse(signIn, await once(signIn));
  const sale = session.sale({ amount: '2500', card: CARD });
  session.handleResponse(sale, await once(sale));
  const lost = session.sale({ amount: '900', card: CARD });
  await once(lost);
  session.noResponse(lost);
  const reversal = session.pendingReversal()!;
  const answers: Uint8Array[] = [];
  for (let i = 0; i < times / 2; i++) answers.push(await once(reversal));
  answers.push(...(await Promise.all(Array.from({ length: times - answers.length }, () => once(reversal)))));
  return { answers, stan: lost.stan };
}
