// The PostgreSQL host store against a real server: a throwaway cluster of Debian's postgresql, started here.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { AcquirerHost } from '../../src/host/acquirer-host.js';
import type { LedgerOriginal } from '../../src/host/reversal-ledger.js';
import { updateRecord } from '../../src/host/store.js';
import { PgHostStore } from '../../src/pg/pg-host-store.js';
import { caught, shape } from '../support/errors.js';
import { now } from '../support/simulated-terminal.js';
import { CARD, hostLane, reverseThroughCluster, startClusterHost, TID, type ClusterHost } from '../host/support.js';
import { POSTGRES_REQUIRED, postgresMissing, startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

const missing = postgresMissing();
if (missing !== undefined && !POSTGRES_REQUIRED) console.warn(`PostgreSQL tests skipped: there are ${missing}`);

const STORAGE = fromHex('0123456789ABCDEFFEDCBA9876543210');

if (missing !== undefined) {
  describe('a PostgreSQL server to test against', () => {
    if (POSTGRES_REQUIRED) {
      it('is there, as POS8583_REQUIRE_POSTGRES=1 demands', () => {
        throw new Error(`PostgreSQL is required here but there are ${missing}`);
      });
    } else {
      it.skip(`is missing, so the PostgreSQL tests are skipped: ${missing}`, () => undefined);
    }
  });
}

describe.skipIf(missing !== undefined)('the PostgreSQL host store', () => {
  let server: ThrowawayPostgres;
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = new pg.Pool({ host: server.host, port: server.port, user: server.user, database: server.database, max: 4 });
    pools.push(p);
    return p;
  };

  beforeAll(() => {
    server = startThrowawayPostgres();
    console.log(`throwaway PostgreSQL made and started in ${server.startMs} ms`);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    server?.stop();
  });

  it('creates its table from many workers at once, and compare-and-sets like the memory store', async () => {
    const stores = [0, 1, 2].map(() => new PgHostStore({ pool: pool(), table: 'cas_rules' }));
    await Promise.all(stores.map((s) => s.migrate()));
    const [a, b] = stores as [PgHostStore, PgHostStore];
    expect(await a.read('k')).toBeUndefined();
    expect(await a.compareAndSet('k', 1, 'x')).toBe(false);
    expect(await a.compareAndSet('k', 0, 'x')).toBe(true);
    expect(await b.compareAndSet('k', 0, 'y')).toBe(false);
    expect(await b.compareAndSet('k', 1, 'y')).toBe(true);
    expect(await a.read('k')).toEqual({ version: 2, value: 'y' });
  });

  it('creates a table that many workers race to create, round after round, without an error', async () => {
    // Concurrent CREATE TABLE IF NOT EXISTS can fail with 42P07, 23505 or 42710 ("type … already exists") in the loser.
    const stores = Array.from({ length: 6 }, (_, i) => (table: string) => new PgHostStore({ pool: pools[i] ?? pool(), table }));
    for (let round = 0; round < 25; round++) {
      const table = `race_migrate_${round}`;
      await Promise.all(stores.map((make) => make(table).migrate()));
    }
    expect(await new PgHostStore({ pool: pool(), table: 'race_migrate_24' }).read('k')).toBeUndefined();
  });

  it('loses no update when two pools race on one record', async () => {
    const stores = [new PgHostStore({ pool: pool() }), new PgHostStore({ pool: pool() })];
    await stores[0]!.migrate();
    const add = (s: PgHostStore) =>
      updateRecord(s, 'race', (r) => {
        const n = r === undefined ? 0 : Number(r.value);
        return { value: String(n + 1), result: n + 1 };
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => add(stores[i % 2]!)));
    expect((await stores[1]!.read('race'))!.value).toBe('40');
  });

  it('lets two hosts on separate connections answer the same reversal identically and undo its sale once', async () => {
    const store = new PgHostStore({ pool: pool() });
    await store.migrate();
    const undone: LedgerOriginal[] = [];
    const options = { store, storageKey: STORAGE, onReversal: (o: LedgerOriginal) => void undone.push(o) };
    const one = await hostLane(options);
    const two = new AcquirerHost({ authorize: () => '00', now, ...options, store: new PgHostStore({ pool: pool() }) });
    await one.send(one.session.signIn());
    const sale = one.session.sale({ amount: '900', card: CARD });
    expect(await two.handle(sale.frame)).not.toBeNull();
    one.session.noResponse(sale);
    const reversal = one.session.pendingReversal()!.frame;
    const answers = await Promise.all([one.host.handle(reversal), two.handle(reversal), two.handle(reversal), one.host.handle(reversal)]);
    expect(new Set(answers.map((a) => toHex(a!))).size).toBe(1);
    expect(undone.map((o) => o.stan)).toEqual([sale.stan]);
    expect((await two.keys.get(TID))!.tmk.equals((await one.host.keys.get(TID))!.tmk)).toBe(true);
  });

  it('runs under node:cluster with two workers that answer a repeated reversal identically, undoing its sale once', async () => {
    let cluster: ClusterHost | undefined;
    try {
      const started = Date.now();
      cluster = await startClusterHost('pg', { PGHOST: server.host, PGPORT: String(server.port), PGUSER: server.user, PGDATABASE: server.database });
      const { answers, stan } = await reverseThroughCluster(cluster.port, 8);
      console.log(`two workers over PostgreSQL: started and answered ${answers.length} reversals in ${Date.now() - started} ms`);
      expect(new Set(answers.map((a) => toHex(a))).size).toBe(1);
      const reversals = cluster.events.filter((e) => e.event === 'answered' && e.kind === 'reversal');
      expect(new Set(reversals.map((e) => e.pid))).toEqual(new Set(cluster.workers));
      expect(cluster.events.filter((e) => e.event === 'undo').map((e) => e.stan)).toEqual([stan]);
    } finally {
      await cluster?.stop();
    }
  });

  it('turns a failing database into STORE_FAILED, and refuses a table name it would have to quote', async () => {
    const broken = new pg.Pool({ host: server.host, port: server.port + 1, user: server.user, database: server.database, connectionTimeoutMillis: 2_000 });
    pools.push(broken);
    const e = (await new PgHostStore({ pool: broken }).read('k').catch((x: unknown) => x)) as Iso8583Error;
    expect([e.code, e.message]).toEqual(['STORE_FAILED', 'PostgreSQL read failed']);
    expect(shape(caught(() => new PgHostStore({ pool: pool(), table: 'Robert"; DROP TABLE x' })))).toMatchObject({
      code: 'BAD_OPTION',
      message: 'table must be a lower-case identifier, optionally schema-qualified (field table)',
    });
  });
});
