// Keys a host makes for each request must die young. V8 makes an object literal's allocation site allocate in the
// old generation once the process's young generation is at its largest and the site's objects were found alive;
// a key's state made there kept the young key and its bytes alive through every scavenge. Each case runs in a
// process of its own with the young generation at its largest from the start, as a long-running host's is.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./support/young-keys.ts', import.meta.url));

async function promotedPerKey(way: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--min-semi-space-size=16', '--max-semi-space-size=16', '--import', 'tsx', script, way],
    { timeout: 60_000 },
  );
  const result = JSON.parse(stdout) as { keys: number; promotedPerKey: number };
  expect(result.keys).toBeGreaterThan(1000);
  return result.promotedPerKey;
}

describe('keys made and dropped at a host\'s rate', () => {
  it('leave nothing in the old generation when they are AES DUKPT transaction keys', async () => {
    expect(await promotedPerKey('aes-dukpt')).toBeLessThan(16);
  });

  it('leave nothing in the old generation when an AES DUKPT working key is derived and used once', async () => {
    expect(await promotedPerKey('aes-working-key')).toBeLessThan(16);
  });

  it('leave nothing in the old generation when a DES MAK is made from bytes and used for one CUP MAC', async () => {
    expect(await promotedPerKey('des-mak')).toBeLessThan(16);
  });
});
