// Runs every TypeScript example of the README, so the documented API cannot drift from the real one.
// A line `expr; // => value` becomes an assertion that `expr` deep-equals `value`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const outDir = join(root, '.test-results', 'readme');
mkdirSync(outDir, { recursive: true });

/** The example as a module: package imports pointed at the sources, `// =>` lines turned into checks. */
function toModule(code: string): string {
  const body = code
    .replace(/from 'pos8583\/node'/g, `from ${JSON.stringify(join(root, 'src/node/index.ts'))}`)
    .replace(/from 'pos8583\/testing'/g, `from ${JSON.stringify(join(root, 'src/testing/index.ts'))}`)
    .replace(/from 'pos8583\/host'/g, `from ${JSON.stringify(join(root, 'src/host/index.ts'))}`)
    .replace(/from 'pos8583\/portable'/g, `from ${JSON.stringify(join(root, 'src/portable.ts'))}`)
    .replace(/from 'pos8583\/transactions'/g, `from ${JSON.stringify(join(root, 'src/transactions.ts'))}`)
    .replace(/from 'pos8583'/g, `from ${JSON.stringify(join(root, 'src/index.ts'))}`)
    .split('\n')
    .map((line, i) => {
      const m = /^(\s*)(.*?);\s*\/\/ => (.*)$/.exec(line);
      return m ? `${m[1]}__check(${m[2]}, ${m[3]}, ${i + 1});` : line;
    })
    .join('\n');
  return `import { deepStrictEqual as __eq } from 'node:assert';\nexport let __checks = 0;\nfunction __check(actual: unknown, expected: unknown, line: number) { __checks++; try { __eq(actual, expected); } catch { throw new Error('README example line ' + line + ': got ' + JSON.stringify(actual)); } }\n${body}`;
}

describe('the README examples', () => {
  it('has TypeScript examples to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });
  blocks.forEach((code, i) => {
    const title = code.split('\n').find((l) => l.trim() && !l.startsWith('import'))?.trim() ?? '';
    it(`runs example ${i + 1} (${title.slice(0, 50)}) and every stated result holds`, async () => {
      const file = join(outDir, `example-${i + 1}.ts`);
      writeFileSync(file, toModule(code));
      const mod = (await import(file)) as { __checks: number };
      expect(mod.__checks).toBeGreaterThan(0);
    });
  });
});
