// A host on every core with node:cluster: workers share one listening port, and the primary keeps the store they share.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { Iso8583Error } from '../errors.js';
import { checkKey, checkVersion, type HostStore, MemoryHostStore, type StoredRecord } from '../host/store.js';

/** What a worker's start function gives back: something to close when the worker is told to stop (a server). */
export interface Closable {
  close(): unknown;
}

/** How {@link runCluster} runs. */
export interface ClusterOptions<T extends Closable> {
  /** Runs in each worker: start the host and its server there. What it returns is closed when the worker stops. */
  worker: () => Promise<T> | T;
  /** How many workers (default: one per core, `os.availableParallelism()`). */
  workers?: number;
  /** Start a new worker when one exits unasked (default true). */
  restart?: boolean;
  /** Primary: told of each worker that exited unasked. */
  onWorkerExit?: (exit: { id: number; code: number | null; signal: string | null }) => void;
  /** How long {@link ClusterPrimary.close} waits for workers to finish before ending them (default 10 s). */
  closeDeadlineMs?: number;
}

/** What {@link runCluster} gives the primary process. */
export interface ClusterPrimary {
  readonly role: 'primary';
  /** The store every worker's {@link clusterStore} reads and writes. */
  readonly store: MemoryHostStore;
  /** Process ids of the workers running now. */
  workerPids(): number[];
  /** Settles once every worker has started; rejects with `WORKER_FAILED` when one could not. */
  readonly ready: Promise<void>;
  /** Tells every worker to close what it started, waits for them (see `closeDeadlineMs`), and ends them. */
  close(): Promise<void>;
}

/** What {@link runCluster} gives a worker process: what its start function returned. */
export interface ClusterWorker<T> {
  readonly role: 'worker';
  readonly value: T;
}

/** The tag of every message of this module on the cluster's IPC channel, beside the caller's own messages. */
const TAG = 'pos8583.cluster';
/** How long a worker waits for the primary to answer a store request. */
const STORE_TIMEOUT_MS = 10_000;

type Request = { tag: typeof TAG; kind: 'read'; id: number; key: string } | { tag: typeof TAG; kind: 'cas'; id: number; key: string; expected: number; value: string };
type Reply = { tag: typeof TAG; kind: 'reply'; id: number; ok: true; result: StoredRecord | boolean | null } | { tag: typeof TAG; kind: 'reply'; id: number; ok: false; error: string };
type Signal = { tag: typeof TAG; kind: 'ready' } | { tag: typeof TAG; kind: 'failed'; error: string } | { tag: typeof TAG; kind: 'close' };
type ClusterMessage = Request | Reply | Signal;

function isOurs(message: unknown): message is ClusterMessage {
  return message !== null && typeof message === 'object' && (message as { tag?: unknown }).tag === TAG;
}

let primaryStore: MemoryHostStore | undefined;

/** A {@link HostStore} held in the primary's memory, reached by the workers over the cluster's IPC channel. */
class WorkerStore implements HostStore {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(r: Reply): void; timer: ReturnType<typeof setTimeout> }>();

  constructor() {
    process.on('message', (message: unknown) => {
      if (!isOurs(message) || message.kind !== 'reply') return;
      const w = this.waiting.get(message.id);
      if (w === undefined) return;
      this.waiting.delete(message.id);
      clearTimeout(w.timer);
      w.resolve(message);
    });
  }

  async read(key: string): Promise<StoredRecord | undefined> {
    checkKey(key);
    const result = await this.ask({ kind: 'read', key });
    return result === null ? undefined : (result as StoredRecord);
  }

  async compareAndSet(key: string, expected: number, value: string): Promise<boolean> {
    checkKey(key);
    checkVersion(expected);
    if (typeof value !== 'string') throw new Iso8583Error('BAD_ARGUMENT', 'value must be a string', { path: 'value', expected: 'a string' });
    return (await this.ask({ kind: 'cas', key, expected, value })) === true;
  }

  private ask(request: { kind: 'read'; key: string } | { kind: 'cas'; key: string; expected: number; value: string }): Promise<StoredRecord | boolean | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const fail = (detail: string) => reject(new Iso8583Error('STORE_FAILED', `the cluster store ${detail}`));
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        fail('got no answer from the primary');
      }, STORE_TIMEOUT_MS);
      timer.unref?.();
      this.waiting.set(id, { resolve: (r) => (r.ok ? resolve(r.result) : fail(`failed in the primary: ${r.error}`)), timer });
      const sent = process.send?.({ tag: TAG, id, ...request }, undefined, {}, (error: Error | null) => {
        if (error === null) return;
        this.waiting.delete(id);
        clearTimeout(timer);
        fail('could not reach the primary');
      });
      if (sent === undefined) {
        this.waiting.delete(id);
        clearTimeout(timer);
        fail('is only for cluster workers');
      }
    });
  }
}

let workerStore: WorkerStore | undefined;

/**
 * The store the workers of {@link runCluster} share, kept in the primary's memory: in a worker, a store that asks
 * the primary; in the primary, the store itself. It lives as long as the primary: for state that must outlive it,
 * or be shared by several machines, use the PostgreSQL store of `pos8583/pg`.
 */
export function clusterStore(): HostStore {
  if (cluster.isWorker) return (workerStore ??= new WorkerStore());
  return (primaryStore ??= new MemoryHostStore());
}

function answer(worker: Worker, store: MemoryHostStore, request: Request): void {
  let reply: Reply;
  try {
    const result = request.kind === 'read' ? (store.read(request.key) ?? null) : store.compareAndSet(request.key, request.expected, request.value);
    reply = { tag: TAG, kind: 'reply', id: request.id, ok: true, result };
  } catch (e) {
    reply = { tag: TAG, kind: 'reply', id: request.id, ok: false, error: e instanceof Iso8583Error ? e.code : 'error' };
  }
  if (worker.isConnected()) worker.send(reply);
}

function checkOptions<T extends Closable>(options: ClusterOptions<T>): number {
  if (options === null || typeof options !== 'object' || typeof options.worker !== 'function') {
    throw new Iso8583Error('BAD_OPTION', 'the cluster needs a worker function', { path: 'worker', expected: 'function' });
  }
  const workers = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 1024) {
    throw new Iso8583Error('BAD_OPTION', 'workers must be a whole number from 1 to 1024', { path: 'workers', expected: '1 to 1024' });
  }
  return workers;
}

/**
 * Runs a host on several cores with `node:cluster`. Call it at the top of your server's script: in the primary it
 * forks `workers` copies of the script (restarting any that exit unasked) and serves {@link clusterStore} to them;
 * in each worker it runs `options.worker` (start the host and its server there: every worker listens on the same
 * port and the primary hands connections to them in turn) and closes what it returned when told to stop.
 */
export async function runCluster<T extends Closable>(options: ClusterOptions<T>): Promise<ClusterPrimary | ClusterWorker<T>> {
  const count = checkOptions(options);
  if (cluster.isWorker) return runWorker(options);
  return runPrimary(options, count);
}

async function runWorker<T extends Closable>(options: ClusterOptions<T>): Promise<ClusterWorker<T>> {
  let value: T;
  try {
    value = await options.worker();
  } catch (e) {
    process.send?.({ tag: TAG, kind: 'failed', error: e instanceof Error ? `${e.name}: ${e.message}` : 'worker failed' });
    throw e;
  }
  process.on('message', (message: unknown) => {
    if (!isOurs(message) || message.kind !== 'close') return;
    void Promise.resolve()
      .then(() => value.close())
      .finally(() => process.exit(0));
  });
  process.send?.({ tag: TAG, kind: 'ready' });
  return { role: 'worker', value };
}

function runPrimary<T extends Closable>(options: ClusterOptions<T>, count: number): ClusterPrimary {
  const store = (primaryStore ??= new MemoryHostStore());
  const live = new Set<Worker>();
  const deadline = options.closeDeadlineMs ?? 10_000;
  let closing = false;
  let started = 0;
  let settleReady: { resolve(): void; reject(e: Iso8583Error): void } | undefined;
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  // A rejection nobody waits for must not end the process: the caller may only ever call close().
  ready.catch(() => undefined);

  const fork = (): void => {
    const worker = cluster.fork();
    live.add(worker);
    worker.on('message', (message: unknown) => {
      if (!isOurs(message)) return;
      if (message.kind === 'read' || message.kind === 'cas') answer(worker, store, message);
      else if (message.kind === 'ready' && ++started === count) settleReady?.resolve();
      else if (message.kind === 'failed') settleReady?.reject(new Iso8583Error('WORKER_FAILED', 'a cluster worker could not start', { cause: message.error }));
    });
    worker.on('exit', (code: number | null, signal: string | null) => {
      live.delete(worker);
      if (closing) return;
      options.onWorkerExit?.({ id: worker.id, code, signal });
      if (started < count) settleReady?.reject(new Iso8583Error('WORKER_FAILED', 'a cluster worker exited before it started', { found: `exit ${code ?? signal}` }));
      else if (options.restart ?? true) fork();
    });
  };
  for (let i = 0; i < count; i++) fork();

  return {
    role: 'primary',
    store,
    ready,
    workerPids: () => [...live].map((w) => w.process.pid!).filter((pid) => pid !== undefined),
    close: async () => {
      closing = true;
      const exits = [...live].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            const timer = setTimeout(() => w.kill('SIGKILL'), deadline);
            w.once('exit', () => clearTimeout(timer));
            if (w.isConnected()) w.send({ tag: TAG, kind: 'close' });
            else w.kill();
          }),
      );
      await Promise.all(exits);
    },
  };
}
