// Host logic written once as generator steps and run synchronously (in-memory state) or asynchronously (a shared database).
import { Iso8583Error } from '../errors.js';

/** A value now, or one still to come. Stores answer at once in memory and later from a database. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** A computation that may wait on stores and callbacks: each `yield` hands out something to wait for. */
export type Steps<T> = Generator<unknown, T, unknown>;

/** `yield* wait(x)` inside steps: the value of `x`, waited for when it is a promise. */
export function* wait<T>(value: MaybePromise<T>): Generator<MaybePromise<T>, T, unknown> {
  return (yield value) as T;
}

/** True for promises and other thenables. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs `steps` synchronously for as long as nothing they wait on is a promise, and returns the result; from the
 * first promise on, the rest runs asynchronously and a promise of the result is returned.
 */
export function runSteps<T>(steps: Steps<T>): MaybePromise<T> {
  let result = steps.next();
  while (!result.done) {
    if (isThenable(result.value)) return resumeLater(steps, result.value);
    result = steps.next(result.value);
  }
  return result.value;
}

async function resumeLater<T>(steps: Steps<T>, first: PromiseLike<unknown>): Promise<T> {
  let pending = first;
  for (;;) {
    let settled: { ok: true; value: unknown } | { ok: false; error: unknown };
    try {
      settled = { ok: true, value: await pending };
    } catch (error) {
      settled = { ok: false, error };
    }
    let result = settled.ok ? steps.next(settled.value) : steps.throw(settled.error);
    while (!result.done && !isThenable(result.value)) result = steps.next(result.value);
    if (result.done) return result.value;
    pending = result.value as PromiseLike<unknown>;
  }
}

/**
 * Runs `steps` to the end synchronously. When something they wait on is a promise (a store or callback that
 * answers later), that promise is left alone and `NOT_SYNCHRONOUS` is thrown into the steps and out of here.
 */
export function runStepsNow<T>(steps: Steps<T>, what: string): T {
  let result = steps.next();
  while (!result.done) {
    if (isThenable(result.value)) {
      let error: unknown;
      try {
        valueNow(result.value, what);
      } catch (e) {
        error = e;
      }
      result = steps.throw(error);
      continue;
    }
    result = steps.next(result.value);
  }
  return result.value;
}

/**
 * `value` when it is not a promise; `NOT_SYNCHRONOUS` when it is (a store or callback that answers later). The
 * promise is left alone, its rejection dropped: nobody waits for it, so it must not surface as unhandled.
 */
export function valueNow<T>(value: MaybePromise<T>, what: string): T {
  if (!isThenable(value)) return value;
  value.then(undefined, () => undefined);
  throw new Iso8583Error('NOT_SYNCHRONOUS', `${what} waited on a promise; use the asynchronous form`, { expected: 'stores and callbacks that answer at once' });
}
