import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', portable: 'src/portable.ts', transactions: 'src/transactions.ts', node: 'src/node/index.ts', testing: 'src/testing/index.ts', host: 'src/host/index.ts', pg: 'src/pg/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'es2020',
  platform: 'neutral',
  external: [/^node:/],
  treeshake: true,
  splitting: true,
});
