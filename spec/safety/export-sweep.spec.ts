// Every public function, constructor, method and setter of every published entry, found by reading the entries'
// declarations (so an export added later is swept without anyone listing it), is called with a wrong-typed or
// wrong-shaped value in each argument position and must throw or reject with an Iso8583Error, never a TypeError,
// RangeError or stack overflow, and never with the bad value in its text.
import { appendFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ALLOWED, allowed, TEMPORARY_OFFENDERS } from './export-sweep/allowed.js';
import { INSTANCES, SAMPLES, SampleKit, type Sample } from './export-sweep/samples.js';
import { readSurface, type SweptCallable, type SweptOwner } from './export-sweep/surface.js';
import { deepFreeze, describeFinding, isThenable, sweepCallable, type Finding, type SweepCounts } from './export-sweep/sweep.js';

const surface = readSurface();
const modules = new Map<string, Record<string, unknown>>();
for (const entry of surface.entries) modules.set(entry.specifier, (await import(`../../${entry.source}`)) as Record<string, unknown>);

// SWEEP_REPORT=<file> appends every finding (excused or not) as a line of JSON, and the call counts last: for triage.
const REPORT = process.env['SWEEP_REPORT'];

const kit = new SampleKit();
afterAll(async () => {
  await kit.close();
  if (REPORT !== undefined) appendFileSync(REPORT, `${JSON.stringify(counts)}\n`);
});

const counts: SweepCounts = { calls: 0, foreign: 0 };
const usedAllowances = new Set<string>();
const missingSamples = new Set<string>();
const stillOffending = new Set<string>();
/** Sweep tests that ran to the end: the list checks below only judge a whole run (not one picked with -t). */
let sweepsDone = 0;
let sweepsPlanned = 0;

function at(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], root);
}

/** Findings the allow-list and the shrinking list of known offenders do not excuse, in words. */
function unexcused(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => {
      const allowance = allowed(f);
      if (allowance !== undefined) usedAllowances.add(allowance);
      return allowance === undefined && !TEMPORARY_OFFENDERS.has(f.id);
    })
    .map(describeFinding);
}

function sampleOf(callable: SweptCallable, where: string): Sample | undefined {
  const sample = SAMPLES[`${where}:${callable.id}`] ?? SAMPLES[callable.id];
  if (sample === undefined && callable.parameters.length > 1) missingSamples.add(callable.id);
  return sample;
}

/** Sweeps one callable then makes its valid call with frozen arguments; returns the unexcused findings. */
async function sweep(callable: SweptCallable, where: string, call: (args: unknown[]) => unknown, instance?: unknown): Promise<string[]> {
  const sample = sampleOf(callable, where);
  let valid: unknown[] | undefined;
  try {
    valid = sample === undefined ? undefined : await sample(kit, instance);
  } catch (error) {
    return [`${callable.id} (${where}): its sample could not be made: ${String(error)}`];
  }
  const findings = await sweepCallable(callable, where, call, valid ?? [], counts);
  if (findings.length > 0) stillOffending.add(callable.id);
  const problems = unexcused(findings);
  if (REPORT !== undefined) appendFileSync(REPORT, findings.map((f) => `${JSON.stringify(f)}\n`).join(''));
  if (valid !== undefined) {
    try {
      const result = call(sample?.mutates ? valid : deepFreeze(valid));
      if (isThenable(result)) await result;
    } catch (error) {
      if (!TEMPORARY_OFFENDERS.has(callable.id)) problems.push(`${callable.id} (${where}): its sample call failed, so the sweep of it proves nothing: ${String(error)}`);
    }
  }
  return problems;
}

describe('every export given wrong-typed arguments', () => {
  const swept = new Set<unknown>();
  for (const entry of surface.entries) {
    sweepsPlanned += 1;
    it(`${entry.specifier}: every function and constructor throws an Iso8583Error`, async () => {
      const module = modules.get(entry.specifier)!;
      const problems: string[] = [];
      for (const callable of entry.callables) {
        const path = callable.reach.kind === 'method' ? [] : callable.reach.path;
        const target = at(module, path) as (...args: unknown[]) => unknown;
        const self = at(module, path.slice(0, -1));
        // pos8583 re-exports pos8583/portable: a function reached twice is swept once.
        if (swept.has(target)) continue;
        swept.add(target);
        const construct = callable.reach.kind === 'constructor';
        problems.push(...(await sweep(callable, entry.specifier, (args) => (construct ? Reflect.construct(target, args) : target.apply(self, args)))));
      }
      sweepsDone += 1;
      expect(problems).toEqual([]);
    });
  }

  for (const owner of surface.owners.values()) {
    if (owner.methods.every((m) => m.parameters.length === 0)) continue;
    sweepsPlanned += 1;
    it(`${owner.name}: every public method taking arguments throws an Iso8583Error`, async () => {
      const problems: string[] = [];
      for (const source of await instanceSources(owner)) {
        for (const method of owner.methods) {
          if (method.parameters.length === 0) continue;
          const instance = (await source.make()) as Record<string, unknown>;
          const reach = method.reach as Extract<SweptCallable['reach'], { kind: 'method' }>;
          const call = reach.setter
            ? (args: unknown[]) => void (instance[reach.name] = args[0])
            : (args: unknown[]) => (instance[reach.name] as (...a: unknown[]) => unknown).apply(instance, args);
          problems.push(...(await sweep(method, source.where, call, instance)));
        }
      }
      sweepsDone += 1;
      expect(problems).toEqual([]);
    });
  }

  it('has a valid sample call for every callable taking more than one argument', () => {
    if (sweepsDone < sweepsPlanned) return;
    expect([...missingSamples].sort()).toEqual([]);
  });

  it('names no callable among the temporary offenders that no longer offends', () => {
    if (sweepsDone < sweepsPlanned) return;
    expect([...TEMPORARY_OFFENDERS].filter((id) => !stillOffending.has(id))).toEqual([]);
  });

  it('keeps its allow-list short, and every entry on it still needed', () => {
    expect(ALLOWED.length).toBeLessThanOrEqual(12);
    if (sweepsDone < sweepsPlanned) return;
    expect(ALLOWED.map((a) => a.id).filter((id) => !usedAllowances.has(id))).toEqual([]);
  });
});

/** Where instances of an owner come from: exported objects of its type, its own factory, or a producer's sample. */
async function instanceSources(owner: SweptOwner): Promise<Array<{ where: string; make: () => unknown }>> {
  const factory = INSTANCES[owner.name];
  if (factory !== undefined) return [{ where: owner.name, make: () => factory(kit) }];
  const seen = new Set<unknown>();
  const sources: Array<{ where: string; make: () => unknown }> = [];
  for (const { entry, path } of owner.objectPaths) {
    const value = at(modules.get(entry), path);
    if (seen.has(value)) continue;
    seen.add(value);
    sources.push({ where: `${entry} ${path.join('.')}`, make: () => value });
  }
  if (sources.length > 0) return sources;
  throw new Error(`${owner.name} has public methods taking arguments but no instance: add one to INSTANCES in export-sweep/samples.ts (made by ${owner.producers.join(', ') || 'nothing exported'})`);
}
