// The layers of DESIGN.md, bottom up: a module may import its own layer and the ones below, never one above.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../src');

/** Rank of each folder; `text` (the GBK codec) sits with `bytes`, the entry files above everything. */
const RANK: Record<string, number> = { '.': 0, bytes: 1, text: 1, codec: 2, dialects: 3, message: 4, frame: 5, crypto: 6, txn: 7, host: 8, testing: 9, pg: 10, node: 11 };
const ENTRIES = new Set(['index.ts', 'portable.ts', 'transactions.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The layer folder of a file under src (the first path segment, '.' for files at the top). */
function layerOf(file: string): string {
  const rel = relative(src, file);
  return rel.includes('/') ? rel.split('/')[0]! : '.';
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('layering', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const rel = relative(src, file);
    if (ENTRIES.has(rel)) continue;
    const from = RANK[layerOf(file)];
    for (const spec of importsOf(file)) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      const to = RANK[layerOf(target)];
      if (from === undefined || to === undefined) violations.push(`${rel}: unknown layer for ${spec}`);
      else if (to > from) violations.push(`${rel} imports ${relative(src, target)}`);
    }
  }

  it('has no module importing a higher layer', () => {
    expect(violations).toEqual([]);
  });

  it('keeps the dialects folder to data: no dialect module imports the message engine', () => {
    const engineImports = files(join(src, 'dialects')).filter((f) => importsOf(f).some((s) => s.includes('/message/')));
    expect(engineImports.map((f) => relative(src, f))).toEqual([]);
  });
});

/** The packages (bare specifiers) a module needs at run time, with every module it reaches through relative imports. */
function packagesReachedFrom(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const stack = [resolve(src, entry)];
  const packages = new Map<string, string>();
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // Type-only imports and exports are erased: they load nothing.
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)(?!\s+type\s)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!packages.has(spec)) packages.set(spec, relative(src, file));
    }
  }
  return packages;
}

describe('optional peers', () => {
  it.each(['index.ts', 'portable.ts', 'transactions.ts', 'host/index.ts', 'node/index.ts', 'pg/index.ts'])('%s loads without fast-check or pg', (entry) => {
    const needs = packagesReachedFrom(entry);
    expect([...needs.keys()].filter((p) => p === 'fast-check' || p === 'pg' || p.startsWith('fast-check/') || p.startsWith('pg/'))).toEqual([]);
  });

  it('the search finds the testing entry needing fast-check (so it can fail)', () => {
    expect(packagesReachedFrom('testing/index.ts').get('fast-check')).toMatch(/^testing\//);
  });
});
