import { describe, expect, it } from 'vitest';
import { Iso8583Error } from '../../src/errors.js';
import { isThenable, runSteps, runStepsNow, type Steps, wait } from '../../src/host/steps.js';
import { MAX_STORE_ATTEMPTS, MemoryHostStore, updateRecord } from '../../src/host/store.js';
import { caught, shape } from '../support/errors.js';
import { SlowStore } from './support.js';

describe('the in-memory host store', () => {
  it('writes a record only at the version the writer read, and counts versions from 1', () => {
    const store = new MemoryHostStore();
    expect(store.read('a')).toBeUndefined();
    expect(store.compareAndSet('a', 1, 'x')).toBe(false);
    expect(store.compareAndSet('a', 0, 'x')).toBe(true);
    expect(store.compareAndSet('a', 0, 'y')).toBe(false);
    expect(store.compareAndSet('a', 1, 'y')).toBe(true);
    expect(store.read('a')).toEqual({ version: 2, value: 'y' });
    expect(store.size).toBe(1);
  });

  it.each([
    [() => new MemoryHostStore().read(''), 'key must be printable ASCII text of 1 to 200 characters (field key)'],
    [() => new MemoryHostStore().read('a\nb'), 'key must be printable ASCII text of 1 to 200 characters (field key)'],
    [() => new MemoryHostStore().compareAndSet('a', -1, 'x'), 'expected must be a whole number from 0 (field expected)'],
    [() => new MemoryHostStore().compareAndSet('a', 0, 7 as never), 'value must be a string (field value)'],
  ])('refuses bad arguments with BAD_ARGUMENT (%#)', (run, message) => {
    expect(shape(caught(run))).toMatchObject({ code: 'BAD_ARGUMENT', message });
  });
});

describe('updating a record with compare-and-set', () => {
  it('re-reads and decides again when another writer got in between', async () => {
    const store = new SlowStore();
    let intrusions = 2;
    store.beforeWrite = (key) => {
      if (intrusions-- > 0) store.inner.compareAndSet(key, store.inner.read(key)?.version ?? 0, JSON.stringify({ n: 100 + intrusions }));
    };
    const seen: Array<string | undefined> = [];
    const result = await updateRecord(store, 'n', (r) => {
      seen.push(r?.value);
      const n = r === undefined ? 0 : (JSON.parse(r.value) as { n: number }).n;
      return { value: JSON.stringify({ n: n + 1 }), result: n + 1 };
    });
    expect(seen).toEqual([undefined, '{"n":101}', '{"n":100}']);
    expect(result).toBe(101);
    expect(store.inner.read('n')).toEqual({ version: 3, value: '{"n":101}' });
  });

  it('answers at once over memory, and writes nothing when the step says so', () => {
    const store = new MemoryHostStore();
    expect(updateRecord(store, 'k', () => ({ result: 'kept' }))).toBe('kept');
    expect(store.size).toBe(0);
  });

  it('gives up with STORE_CONFLICT when it keeps losing, and turns a store failure into STORE_FAILED', async () => {
    const store = new SlowStore();
    store.beforeWrite = (key) => store.inner.compareAndSet(key, store.inner.read(key)?.version ?? 0, 'other');
    const e = await Promise.resolve(updateRecord(store, 'k', () => ({ value: 'mine', result: 1 }))).catch((x: unknown) => x);
    expect(shape(e as Iso8583Error)).toMatchObject({ code: 'STORE_CONFLICT', message: `record kept changing under ${MAX_STORE_ATTEMPTS} attempts to update it` });
    expect(store.writes).toBe(MAX_STORE_ATTEMPTS);

    const failing = new SlowStore();
    const cause = new Error('disk full');
    failing.failing = cause;
    const f = (await Promise.resolve(updateRecord(failing, 'k', () => ({ value: 'v', result: 1 }))).catch((x: unknown) => x)) as Iso8583Error;
    expect([f.code, f.message, (f as { cause?: unknown }).cause]).toEqual(['STORE_FAILED', 'the host store failed', cause]);
  });
});

describe('steps', () => {
  function* sum(values: Array<number | Promise<number>>): Steps<number> {
    let total = 0;
    for (const v of values) total += yield* wait(v);
    return total;
  }

  it('run synchronously until something is a promise, then asynchronously', async () => {
    expect(runSteps(sum([1, 2, 3]))).toBe(6);
    const later = runSteps(sum([1, Promise.resolve(2), 3]));
    expect(isThenable(later)).toBe(true);
    expect(await later).toBe(6);
  });

  it('throw a rejection into the steps, where they may catch it', async () => {
    function* guarded(): Steps<string> {
      try {
        yield* wait(Promise.reject(new Error('no')));
        return 'unreached';
      } catch (e) {
        return `caught ${(e as Error).message}`;
      }
    }
    expect(await runSteps(guarded())).toBe('caught no');
  });

  it('refuse to wait when they must finish now, with NOT_SYNCHRONOUS', () => {
    const e = caught(() => runStepsNow(sum([1, Promise.reject(new Error('late'))]), 'the sum'));
    expect(shape(e)).toMatchObject({ code: 'NOT_SYNCHRONOUS', message: 'the sum waited on a promise; use the asynchronous form' });
    expect(runStepsNow(sum([4, 5]), 'the sum')).toBe(9);
  });
});
