// Runs the sweep: every public callable, with valid arguments from its sample except one position that gets a bad
// value, must throw (or reject with) an Iso8583Error whose text does not carry the value; then the valid call runs
// with its arguments frozen and must succeed, which proves the sample really reaches every position.
import { Iso8583Error } from '../../../src/errors.js';
import { BAD_VALUES, PLANTED_PAN, SHAPE_BAD_NUMBERS, type BadKind } from './bad-values.js';
import type { SweptCallable } from './surface.js';

/** What one bad call did, when it was not the Iso8583Error it should have thrown. */
export interface Finding {
  readonly id: string;
  /** Where the callable was reached (`pos8583`, `pos8583/node`, `dialects.cup`…). */
  readonly where: string;
  readonly position: number;
  readonly parameter: string;
  readonly kind: BadKind;
  /** `TypeError`, `RangeError`…, `no error`, `no settlement` or `value in text`. */
  readonly outcome: string;
}

export interface SweepCounts {
  calls: number;
  foreign: number;
}

/** A call of a callable with `args`; `this` is bound by the caller. */
export type Invoke = (args: unknown[]) => unknown;

/** How long an async call may take to reject a bad argument before it counts as accepting it. */
const SETTLE_MS = 2_000;

/** Runs every bad call of one callable; returns what went wrong. `valid` is the sample's arguments (or none). */
export async function sweepCallable(
  callable: SweptCallable,
  where: string,
  invoke: Invoke,
  valid: readonly unknown[],
  counts: SweepCounts,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [position, parameter] of callable.parameters.entries()) {
    for (const kind of Object.keys(BAD_VALUES) as BadKind[]) {
      const wrongShape = parameter.numeric && SHAPE_BAD_NUMBERS.includes(kind);
      if (parameter.accepts.has(kind) && !wrongShape) continue;
      const args = [...valid];
      while (args.length < position) args.push(undefined);
      args[position] = BAD_VALUES[kind]();
      counts.calls += 1;
      const outcome = await outcomeOf(() => invoke(args));
      if (outcome === undefined) continue;
      if (outcome !== 'no error' && outcome !== 'no settlement' && outcome !== 'value in text') counts.foreign += 1;
      findings.push({ id: callable.id, where, position, parameter: parameter.name, kind, outcome });
    }
  }
  return findings;
}

/** Undefined when `run` threw or rejected with an Iso8583Error free of the planted value; else what it did. */
export async function outcomeOf(run: () => unknown): Promise<string | undefined> {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    return judge(error);
  }
  if (!isThenable(result)) return 'no error';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SETTLE_MS)));
  try {
    const settled = await Promise.race([result.then(() => 'resolved' as const), late]);
    return settled === 'late' ? 'no settlement' : 'no error';
  } catch (error) {
    return judge(error);
  } finally {
    clearTimeout(timer);
  }
}

function judge(error: unknown): string | undefined {
  if (!(error instanceof Iso8583Error)) return error instanceof Error ? error.constructor.name : typeof error;
  const text = [error.message, error.path ?? '', error.expected ?? '', error.found ?? '', error.stack ?? ''].join('\n');
  return text.includes(PLANTED_PAN) ? 'value in text' : undefined;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Freezes plain objects and arrays all the way down: a valid call must not write into what the caller passed. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/** "argument 2 (input) given a Uint16Array": the words a finding is reported in. */
export function describeFinding(f: Finding): string {
  const outcome = f.outcome === 'no error' ? 'did not throw' : f.outcome === 'no settlement' ? 'neither threw nor settled' : f.outcome === 'value in text' ? 'put the bad value in its error text' : `threw a ${f.outcome}`;
  return `${f.id} (${f.where}) argument ${f.position + 1} (${f.parameter}) given ${f.kind}: ${outcome}`;
}
