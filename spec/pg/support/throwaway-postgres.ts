/**
 * A throwaway PostgreSQL server for the tests: the binaries of Debian's `postgresql` package, a cluster made by
 * initdb in a temporary folder, listening on a Unix socket in that folder only, run as a non-root user (initdb
 * refuses root), and deleted when stopped. `POS8583_REQUIRE_POSTGRES=1` (set by `.ci/run`) turns "no server
 * binaries here" from a skip into a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where to connect: the socket folder (pg's `host`), the port naming the socket, the user and database. */
export interface ThrowawayPostgres {
  host: string;
  port: number;
  user: string;
  database: string;
  /** Milliseconds initdb and the start took. */
  startMs: number;
  stop(): void;
}

/** True when the environment demands that the PostgreSQL tests run. */
export const POSTGRES_REQUIRED = process.env.POS8583_REQUIRE_POSTGRES === '1';

/** The folder of initdb, pg_ctl and postgres: `POS8583_PG_BIN`, else the newest under /usr/lib/postgresql. */
export function postgresBin(): string | undefined {
  const given = process.env.POS8583_PG_BIN;
  if (given !== undefined && given !== '') return existsSync(join(given, 'initdb')) ? given : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : join(root, versions[0]!, 'bin');
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  return postgresBin() === undefined
    ? 'no PostgreSQL server binaries (Debian package postgresql, or POS8583_PG_BIN); set POS8583_REQUIRE_POSTGRES=1 to make this a failure'
    : undefined;
}

interface RunAs {
  user: string;
  uid: number | undefined;
  gid: number | undefined;
}

/** Root runs the server as the `postgres` user the Debian package creates; anyone else as themselves. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { user: process.env.USER ?? 'postgres', uid: undefined, gid: undefined };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { user: 'postgres', uid: id('-u'), gid: id('-g') };
}

function run(who: RunAs, command: string, args: string[]): void {
  const [file, argv] = who.uid === undefined ? [command, args] : ['runuser', ['-u', who.user, '--', command, ...args]];
  const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
}

/** Makes, starts and hands over a fresh cluster; throws with the tools' own words when that fails. */
export function startThrowawayPostgres(): ThrowawayPostgres {
  const bin = postgresBin();
  if (bin === undefined) throw new Error(`cannot start PostgreSQL: ${postgresMissing()!}`);
  const started = Date.now();
  const who = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'pos8583-pg-'));
  if (who.uid !== undefined) chownSync(dir, who.uid, who.gid!);
  const data = join(dir, 'data');
  const port = 5432;
  let running = false;
  const stop = () => {
    if (running) {
      running = false;
      spawnSync(who.uid === undefined ? join(bin, 'pg_ctl') : 'runuser', [...(who.uid === undefined ? [] : ['-u', who.user, '--', join(bin, 'pg_ctl')]), '-D', data, '-m', 'immediate', 'stop'], {
        timeout: 30_000,
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(who, join(bin, 'initdb'), ['-D', data, '-U', who.user, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    const settings = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(who, join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    running = true;
  } catch (e) {
    stop();
    throw e;
  }
  return { host: dir, port, user: who.user, database: 'postgres', startMs: Date.now() - started, stop };
}
