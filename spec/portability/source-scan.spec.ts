import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCheckerEscapes, findForbiddenUses, forbiddenInBundleText } from './forbidden.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(?:ts|mts|cts|js|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Repository-relative path with forward slashes. */
const repoPath = (full: string) => relative(ROOT, full).split(sep).join('/');

// Node-only code lives in src/node/; GBK text needs iconv-lite and therefore Node's Buffer.
const isNodeFacing = (path: string) => path.startsWith('src/node/') || path === 'src/text/gbk.ts';

const files = sourceFiles(SRC).map((full) => ({ path: repoPath(full), text: readFileSync(full, 'utf8') }));

describe('portable source', () => {
  it('finds the source files it is meant to scan', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain('src/portable.ts');
    expect(paths).toContain('src/errors.ts');
    expect(paths).toContain('src/bytes/hex.ts');
  });

  it('uses no node: module, Buffer, BigInt, TextEncoder, TextDecoder, require(, process. or post-ES2020 method outside src/node and the GBK module', () => {
    const uses = files.filter((f) => !isNodeFacing(f.path)).flatMap((f) => findForbiddenUses(f.path, f.text));
    expect(uses.map((u) => `${u.file}:${u.line} ${u.what}`)).toEqual([]);
  });

  it('switches type checking off nowhere in src, src/node included', () => {
    const escapes = files.flatMap((f) => findCheckerEscapes(f.path, f.text));
    expect(escapes.map((u) => `${u.file}:${u.line} ${u.what}`)).toEqual([]);
  });
});

describe('the forbidden-use finder', () => {
  it('reports each kind of forbidden use with its line', () => {
    const source = [
      "import { readFileSync } from 'node:fs';",
      "const b = Buffer.from('00', 'hex');",
      'const big = BigInt(8583);',
      'const lit = 8583n;',
      'const view = new BigUint64Array(1);',
      'const enc = new TextEncoder();',
      'const dec = new TextDecoder();',
      "const iconv = require('iconv-lite');",
      'const env = process.env;',
      "const sneaky = (globalThis as any)['Buffer'];",
      'const last = list.at(-1);',
    ].join('\n');
    expect(findForbiddenUses('x.ts', source).map((u) => `${u.line} ${u.what}`)).toEqual([
      '1 node:',
      '2 Buffer',
      '3 BigInt',
      '4 BigInt literal',
      '5 BigUint64Array',
      '6 TextEncoder',
      '7 TextDecoder',
      '8 require(',
      '9 process.',
      "10 'Buffer'",
      '11 .at(',
    ]);
  });

  it('ignores comments, portable look-alikes and unrelated names', () => {
    const source = [
      '// no Buffer, no BigInt, no node:crypto here',
      '/* TextEncoder is not assumed */',
      'const ab = new ArrayBuffer(8);',
      'const view = new DataView(ab);',
      'function processField(required: boolean) { return required; }',
      "const note = 'the buffer is empty';",
    ].join('\n');
    expect(findForbiddenUses('x.ts', source)).toEqual([]);
  });

  it('finds directives that switch type checking off', () => {
    const source = ['// @ts-nocheck', 'const a = 1;', '// @ts-ignore', 'const b: string = 2;'].join('\n');
    expect(findCheckerEscapes('x.ts', source).map((u) => `${u.line} ${u.what}`)).toEqual(['1 @ts-nocheck', '3 @ts-ignore']);
  });

  it('finds forbidden names in bundle text, BigInt literals included', () => {
    expect(forbiddenInBundleText('var a = new Uint8Array(2); var b = new ArrayBuffer(4);')).toEqual([]);
    expect(forbiddenInBundleText('var x = Buffer.alloc(1); var y = require("fs"); var z = 10n; import("node:os");')).toEqual([
      'Buffer',
      'require(',
      'BigInt',
      'node:',
    ]);
    expect(forbiddenInBundleText('var z = 0xFFn;')).toEqual(['BigInt']);
  });
});
