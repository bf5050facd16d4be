// Packs the package as `npm publish` would (prepack builds dist/), checks the tarball (publint, attw in every
// resolution mode, every export target present), installs it into a fresh project from the tarball and the npm
// registry, type-checks a strict consumer of every entry under nodenext, bundler and node10 resolution, and loads
// every entry from the installed copy as ESM and as CommonJS.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'pos8583-pack-'));
const started = Date.now();
const step = (what) => console.log(`check-package: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  // 1. The tarball, built by prepack exactly as a release would be.
  run('npm', ['pack', '--silent', '--pack-destination', work], root);
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));
  step(`packed ${tarball.split('/').pop()}`);
  const listed = run('tar', ['-tzf', tarball], work).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v.replace(/^\.\//, '')) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  walk(pkg.typesVersions ?? {});
  targets.push(pkg.main.replace(/^\.\//, ''), pkg.module.replace(/^\.\//, ''), pkg.types.replace(/^\.\//, ''));
  const missing = [...new Set(targets)].filter((t) => !t.includes('*') && !listed.includes(t));
  if (missing.length > 0) throw new Error(`the tarball lacks export targets: ${missing.join(', ')}`);
  for (const must of ['dist/inspector.html', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (!listed.includes(must)) throw new Error(`the tarball lacks ${must}`);
  }
  step(`${listed.length} files, every export target among them`);

  // 2. Lint the tarball itself: publint, and attw in every resolution mode (node10, node16 CJS and ESM, bundler).
  run('npx', ['--no-install', 'publint', 'run', tarball, '--strict'], root);
  run('npx', ['--no-install', 'attw', tarball, '--profile', 'strict', '--no-definitely-typed', '--format', 'table-flipped'], root);
  step('publint and attw (node10, node16, bundler) pass');

  // 3. A fresh consumer project: the tarball, and from the registry only what a user would add beside it.
  const consumer = join(work, 'consumer');
  cpSync(join(root, 'spec/package/consumer'), consumer, { recursive: true });
  const dev = pkg.devDependencies;
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball,
      `typescript@${dev.typescript}`, `@types/node@${dev['@types/node']}`, `fast-check@${dev['fast-check']}`],
    consumer,
  );
  step('installed into a fresh project');

  // 4. Strict type checks (skipLibCheck off: the published declarations themselves are checked), one per resolution mode.
  // The three compilers run side by side (each is one process on one core); a failure shows the compiler's output.
  await Promise.all(
    ['tsconfig.nodenext.json', 'tsconfig.bundler.json', 'tsconfig.node10.json'].map((config) =>
      promisify(execFile)('npx', ['--no-install', 'tsc', '-p', config], { cwd: consumer, encoding: 'utf8' }).catch((e) => {
        throw new Error(`the strict consumer fails to type-check with ${config}:\n${e.stdout}${e.stderr}`);
      }),
    ),
  );
  step('the strict consumer type-checks under nodenext, bundler and node10 (a float amount is refused)');

  // 5. Every entry loads from the installed package, as ESM and as CommonJS.
  const entries = Object.keys(pkg.exports).filter((e) => e !== './package.json').map((e) => e.replace(/^\./, 'pos8583'));
  writeFileSync(
    join(consumer, 'load.mjs'),
    `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n` +
      `for (const name of ${JSON.stringify(entries)}) {\n` +
      `  const esm = await import(name); const cjs = require(name);\n` +
      `  if (Object.keys(esm).length === 0 || Object.keys(cjs).length === 0) throw new Error(name + ' exports nothing');\n}\n` +
      `console.log(${JSON.stringify(entries.join(', '))});\n`,
  );
  run('node', ['load.mjs'], consumer);
  step(`${entries.join(', ')} load as ESM and CommonJS from the installed tarball`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
