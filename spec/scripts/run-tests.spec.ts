// The test runner's summary line must describe the run that just happened, never a file left by an earlier one.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../../scripts/run-tests.mjs');
const dirs: string[] = [];

/** A scratch project holding the runner, a stale "999 passed" results file and a fake `npx` doing `body`. */
function project(npxBody: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'run-tests-'));
  dirs.push(dir);
  copyFileSync(script, join(dir, 'run-tests.mjs'));
  mkdirSync(join(dir, '.test-results'));
  writeFileSync(join(dir, '.test-results', 'vitest.json'), JSON.stringify({ numPassedTests: 999, numFailedTests: 0, testResults: [] }));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'npx'), `#!/bin/sh\n${npxBody}\n`);
  chmodSync(join(dir, 'bin', 'npx'), 0o755);
  return dir;
}

function runIn(dir: string): { status: number | null; lastLine: string } {
  const r = spawnSync(process.execPath, ['run-tests.mjs'], {
    cwd: dir,
    env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
  return { status: r.status, lastLine: r.stdout.trim().split('\n').pop() ?? '' };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scripts/run-tests.mjs', () => {
  it('reports a crashed run as failed, not with the counts of an earlier run', () => {
    const dir = project('exit 1');
    expect(runIn(dir)).toStrictEqual({ status: 1, lastLine: '0 passed, 1 failed' });
    expect(existsSync(join(dir, '.test-results', 'vitest.json'))).toBe(false);
  });

  it('reports a run that wrote no results as failed even when it exits cleanly', () => {
    expect(runIn(project('exit 0'))).toStrictEqual({ status: 1, lastLine: '0 passed, 1 failed' });
  });

  it('reports the counts of the results file the run wrote', () => {
    const fresh = JSON.stringify({ numPassedTests: 3, numFailedTests: 0, testResults: [] });
    const dir = project(`echo '${fresh}' > .test-results/vitest.json`);
    expect(runIn(dir)).toStrictEqual({ status: 0, lastLine: '3 passed, 0 failed' });
  });
});
