// No import circles inside the layers whose modules are meant to stack: each file's imports, type-only ones included, form no cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

/** The strongly connected groups of more than one file (or a file importing itself) in the graph over `nodes` (Tarjan). */
function circles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const within = new Set(nodes);
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!within.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || edges(v).includes(v)) found.push(group.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

describe('import circles', () => {
  it('are found by the graph walk: a two-file loop, a self-import, and none in a chain', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['a', 'c'], c: [], d: ['d'], e: ['c'] };
    expect(circles(Object.keys(graph), (v) => graph[v]!)).toStrictEqual([['a', 'b'], ['d']]);
  });

  for (const layer of ['codec', 'message', 'crypto']) {
    it(`are absent from src/${layer}`, () => {
      const nodes = files(join(src, layer));
      const found = circles(nodes, importsOf).map((group) => group.map((f) => relative(src, f)));
      expect(found).toStrictEqual([]);
    });
  }
});
