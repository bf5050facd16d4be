// How the specs bundle the portable sources with esbuild, as a firmware or app build would: one platform-neutral
// ES2020 bundle in memory, the package's own `sideEffects` and module fields.
import type { BuildOptions } from 'esbuild';

/** Options every portable bundle of the specs shares; each adds its entry, format and minification. */
export const PORTABLE_BUNDLE = {
  bundle: true,
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2020',
  write: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;
