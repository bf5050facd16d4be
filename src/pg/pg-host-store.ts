// The host store in PostgreSQL: one table of versioned records, compare-and-set by a conditional INSERT or UPDATE.
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { checkKey, checkVersion, type HostStore, type StoredRecord } from '../host/store.js';

/**
 * What the store needs of a PostgreSQL client: `query` with `$1` parameters, as a `pg` `Pool` or `Client` has it.
 * A pool is the right choice for a host: each query takes any free connection.
 */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Where a {@link PgHostStore} keeps its records. */
export interface PgHostStoreOptions {
  /** A `pg` `Pool` (or anything with its `query`). */
  pool: PgQueryable;
  /** The table, optionally schema-qualified (default `pos8583_host_store`); created by {@link PgHostStore.migrate}. */
  table?: string;
}

// Plain lower-case identifiers only: the name is written into SQL text, so nothing that needs quoting is taken.
const TABLE_NAME = /^(?:[a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,62}$/;

/**
 * SQLSTATEs the loser of a race to create the same table gets, by where the winner's row is found: the table's
 * name (42P07), its row type's name (42710, "type … already exists") or the catalog's unique index (23505).
 */
const ALREADY_CREATED = new Set(['42P07', '42710', '23505']);

function failed(what: string, cause: unknown): Iso8583Error {
  return new Iso8583Error('STORE_FAILED', `PostgreSQL ${what} failed`, { cause });
}

/**
 * A {@link HostStore} in a PostgreSQL table `(key text primary key, version bigint, value text)`: a read is one
 * SELECT, a compare-and-set one INSERT … ON CONFLICT DO NOTHING (version 0) or one UPDATE … WHERE version = $2,
 * each atomic on its own, so workers on any number of machines can share it.
 */
export class PgHostStore implements HostStore {
  private readonly pool: PgQueryable;
  readonly table: string;

  /** A store over `options.pool`; `BAD_OPTION` for a table name that is not a plain identifier. */
  constructor(options: PgHostStoreOptions) {
    if (options === null || typeof options !== 'object' || options.pool === null || typeof options.pool?.query !== 'function') {
      throw new Iso8583Error('BAD_OPTION', 'the PostgreSQL store needs a pool with a query function', { path: 'pool', expected: 'pg Pool' });
    }
    const table = options.table ?? 'pos8583_host_store';
    if (typeof table !== 'string' || !TABLE_NAME.test(table)) {
      throw new Iso8583Error('BAD_OPTION', 'table must be a lower-case identifier, optionally schema-qualified', {
        path: 'table',
        expected: '[schema.]name of a-z, 0-9 and _',
      });
    }
    this.pool = options.pool;
    this.table = table;
  }

  /** Creates the table when it does not exist; safe to run from every worker at once. */
  async migrate(): Promise<void> {
    try {
      await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.table} (key text PRIMARY KEY, version bigint NOT NULL, value text NOT NULL)`);
    } catch (cause) {
      if (ALREADY_CREATED.has((cause as { code?: unknown })?.code as string)) return;
      throw failed('table creation', cause);
    }
  }

  async read(key: string): Promise<StoredRecord | undefined> {
    checkKey(key);
    let rows: unknown[];
    try {
      rows = (await this.pool.query(`SELECT version, value FROM ${this.table} WHERE key = $1`, [key])).rows;
    } catch (cause) {
      throw failed('read', cause);
    }
    const row = rows[0] as { version?: unknown; value?: unknown } | undefined;
    if (row === undefined) return undefined;
    const version = Number(row.version);
    if (!Number.isSafeInteger(version) || version < 1 || typeof row.value !== 'string') {
      throw new Iso8583Error('BAD_STORE_RECORD', 'stored row is not a version and a text', { expected: 'version bigint, value text' });
    }
    return { version, value: row.value };
  }

  async compareAndSet(key: string, expected: number, value: string): Promise<boolean> {
    checkKey(key);
    checkVersion(expected);
    if (typeof value !== 'string') throw new Iso8583Error('BAD_ARGUMENT', 'value must be a string', { path: 'value', expected: 'a string' });
    try {
      const result =
        expected === 0
          ? await this.pool.query(`INSERT INTO ${this.table} (key, version, value) VALUES ($1, 1, $2) ON CONFLICT (key) DO NOTHING`, [key, value])
          : await this.pool.query(`UPDATE ${this.table} SET version = version + 1, value = $3 WHERE key = $1 AND version = $2`, [key, expected, value]);
      return result.rowCount === 1;
    } catch (cause) {
      throw failed('write', cause);
    }
  }
}

// The pool's settings may hold the database password: printing the store names its table only.
defineMaskedRendering(PgHostStore.prototype, { name: 'PgHostStore', masked: (s) => ({ table: s.table }) });
