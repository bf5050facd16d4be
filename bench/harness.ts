// A small timing harness: every figure is measured in the same process run, so ratios are comparable.

/** Nanoseconds per call of `fn`, after a warm-up, over at least `minMs` of work. */
export function nsPerOp(fn: () => unknown, minMs = 400): number {
  let sink: unknown;
  for (let i = 0; i < 2000; i++) sink = fn();
  let iterations = 1000;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) sink = fn();
    const elapsed = performance.now() - t0;
    if (elapsed >= minMs) {
      keep(sink);
      return (elapsed * 1e6) / iterations;
    }
    iterations = Math.ceil(iterations * Math.max(2, (minMs * 1.2) / Math.max(elapsed, 1)));
  }
}

let kept: unknown;
/** Keeps a result alive so the engine cannot drop the work that made it. */
export function keep(v: unknown): void {
  kept = v;
}
export function kept_(): unknown {
  return kept;
}

/** One printed line: name, ns/op, and ratios to the given baselines. */
export function report(name: string, ns: number, baselines: Record<string, number> = {}): string {
  const ratios = Object.entries(baselines)
    .map(([label, base]) => `${(ns / base).toFixed(2)}× ${label}`)
    .join(', ');
  return `${name.padEnd(52)} ${ns.toFixed(0).padStart(8)} ns/op${ratios ? `   (${ratios})` : ''}`;
}
