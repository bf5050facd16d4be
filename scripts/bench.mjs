// `npm run bench`: the bench and the library compiled as the package is built (esbuild, to plain JavaScript) and run
// by plain node. Run through tsx instead, every named function the library makes while it runs (an object's method
// written as an arrow, a const arrow) would be wrapped to keep its name, ~0.3 µs each, which the package does not pay.
import { build } from 'esbuild';

await build({
  entryPoints: { index: 'bench/index.ts', 'load-host': 'bench/load-host.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // One folder below the root, as bench/ is: the fixtures are found at ../fixtures from either.
  outdir: '.bench-build',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
await import(new URL('../.bench-build/index.mjs', import.meta.url).href);
