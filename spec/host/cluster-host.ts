/**
 * The acquirer host the two-worker tests run under node:cluster (started as `node --import tsx`): every worker
 * approves everything and shares keys and ledger through the store named by POS8583_STORE — `cluster` (the
 * primary's memory) or `pg` (PostgreSQL at PGHOST/PGPORT/PGUSER/PGDATABASE). It listens on 127.0.0.1:PORT and
 * prints one JSON line per event: `ready` from the primary, `answered` and `undo` from the workers.
 */
import cluster from 'node:cluster';
import pg from 'pg';
import { fromHex } from '../../src/bytes/hex.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { AcquirerHost } from '../../src/host/acquirer-host.js';
import { createKeyStore } from '../../src/host/key-store.js';
import type { HostStore } from '../../src/host/store.js';
import { clusterStore, runCluster } from '../../src/node/cluster.js';
import { createFramedServer } from '../../src/node/server.js';
import { PgHostStore } from '../../src/pg/pg-host-store.js';
import { TID, TMK } from '../support/simulated-terminal.js';

const storageKey = fromHex('0123456789ABCDEFFEDCBA9876543210');
const usePg = process.env.POS8583_STORE === 'pg';
const print = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...event })}\n`);

function sharedStore(): { store: HostStore; end(): Promise<void> } {
  if (!usePg) return { store: clusterStore(), end: async () => undefined };
  const pool = new pg.Pool({ max: 4 });
  return { store: new PgHostStore({ pool }), end: () => pool.end() };
}

if (cluster.isPrimary) {
  // The terminal is registered once, before any worker answers it.
  const { store, end } = sharedStore();
  if (store instanceof PgHostStore) await store.migrate();
  await createKeyStore({ store, storageKey }).register(TID, TMK);
  await end();
}

const run = await runCluster({
  workers: 2,
  worker: async () => {
    const { store, end } = sharedStore();
    const host = new AcquirerHost({
      store,
      storageKey,
      authorize: () => '00',
      onReversal: (original) => void print({ event: 'undo', stan: original.stan }),
      onExchange: (s) => print({ event: 'answered', kind: s.kind, stan: s.stan, code: s.responseCode, repeated: s.repeated === true }),
    });
    const server = await createFramedServer({ profile: cupFrameProfile, port: Number(process.env.PORT), handler: (frame) => host.handle(frame) });
    return { close: async () => (await server.close(), await end()) };
  },
});

if (run.role === 'primary') {
  await run.ready;
  print({ event: 'ready', workers: run.workerPids() });
  process.on('SIGTERM', () => {
    void run.close().then(() => process.exit(0));
  });
}
