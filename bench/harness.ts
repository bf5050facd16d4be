// A small timing harness. Candidates are measured in interleaved rounds and each keeps its fastest round, timed by
// the CPU time this process used (not the clock), so other processes on a busy machine do not count against it;
// what load still does (shared caches, a slower clock) slows every candidate alike, and the ratios stay comparable.
// Each candidate is called from a timing loop of its own: one loop shared by every candidate of a run makes its call
// site see many functions, and how the engine then compiles a candidate depends on which others ran before it.

let sink: unknown;

/** Calls `fn` `iterations` times and returns the last result. */
type TimingLoop = (fn: () => unknown, iterations: number) => unknown;

let loopsMade = 0;

/**
 * A timing loop no other candidate shares: its source differs by a numbered comment, so the engine compiles and
 * profiles it apart from every other loop (the same source could share one compiled function and its profile).
 */
function ownTimingLoop(): TimingLoop {
  loopsMade++;
  return new Function('fn', 'iterations', `/* timing loop ${loopsMade} */ let last; for (let i = 0; i < iterations; i++) last = fn(); return last;`) as TimingLoop;
}

/** Milliseconds of CPU time this process has used. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Nanoseconds of CPU time per call of `fn` over one timed batch of at least `minMs`, timed by its own loop. */
function oneRound(fn: () => unknown, loop: TimingLoop, minMs: number): number {
  let iterations = 200;
  for (;;) {
    const t0 = cpuMs();
    sink = loop(fn, iterations);
    const elapsed = cpuMs() - t0;
    if (elapsed >= minMs) return (elapsed * 1e6) / iterations;
    iterations = Math.ceil(iterations * Math.max(2, (minMs * 1.2) / Math.max(elapsed, 0.5)));
  }
}

/** Fastest ns/op of each candidate over `rounds` interleaved rounds, after a warm-up of each. */
export function measure<K extends string>(candidates: Record<K, () => unknown>, rounds = 7, minMs = 60): Record<K, number> {
  const names = Object.keys(candidates) as K[];
  const loops = new Map<K, TimingLoop>(names.map((name) => [name, ownTimingLoop()]));
  for (const name of names) sink = loops.get(name)!(candidates[name], 5000);
  const best = {} as Record<K, number>;
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const ns = oneRound(candidates[name], loops.get(name)!, minMs);
      if (!(name in best) || ns < best[name]) best[name] = ns;
    }
  }
  return best;
}

/** Nanoseconds per call of a single candidate. */
export function nsPerOp(fn: () => unknown, minMs = 60): number {
  return measure({ fn }, 5, minMs).fn;
}

/** Keeps a result alive so the engine cannot drop the work that made it. */
export function keep(v: unknown): void {
  sink = v;
}

/** The last result kept (reading it is what makes the writes observable). */
export function lastKept(): unknown {
  return sink;
}

/** One printed line: name, ns/op, and ratios to the given baselines. */
export function report(name: string, ns: number, baselines: Record<string, number> = {}): string {
  const ratios = Object.entries(baselines)
    .map(([label, base]) => `${(ns / base).toFixed(2)}× ${label}`)
    .join(', ');
  return `${name.padEnd(52)} ${ns.toFixed(0).padStart(8)} ns/op${ratios ? `   (${ratios})` : ''}`;
}

/** Bytes one call of `fn` allocates: on the JS heap, and in ArrayBuffer backing stores (kept outside it). */
export interface Allocation {
  heap: number;
  arrayBuffers: number;
}

/**
 * What one call of `fn` allocates: the median over many calls of the growth in heap and ArrayBuffer use, less
 * what measuring costs by itself. Calls during which a collection ran show a shrinking heap and are left out.
 */
export function allocationPerCall(fn: () => unknown, calls = 400): Allocation {
  const sample = (f: () => unknown): Allocation => {
    const heap: number[] = [];
    const arrayBuffers: number[] = [];
    for (let i = 0; i < calls; i++) {
      const before = process.memoryUsage();
      sink = f();
      const after = process.memoryUsage();
      if (after.heapUsed < before.heapUsed || after.arrayBuffers < before.arrayBuffers) continue;
      heap.push(after.heapUsed - before.heapUsed);
      arrayBuffers.push(after.arrayBuffers - before.arrayBuffers);
    }
    return { heap: median(heap), arrayBuffers: median(arrayBuffers) };
  };
  for (let i = 0; i < 200; i++) sink = fn();
  const base = sample(() => 0);
  const used = sample(fn);
  return { heap: Math.max(0, used.heap - base.heap), arrayBuffers: Math.max(0, used.arrayBuffers - base.arrayBuffers) };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  return values[values.length >> 1]!;
}
