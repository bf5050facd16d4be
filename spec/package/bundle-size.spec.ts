// What a firmware or app bundle of the portable entry costs: each app below is bundled by esbuild from the sources
// (minified, the package's own `sideEffects`), gzipped at level 9, measured against its target and checked for the
// modules it must leave out. The table is written to .test-results/bundle-sizes.md (the README records it).
// Where a target is not met the ceiling is the size measured when this was written plus about 2 KiB: growth beyond it
// fails here, so it is noticed; if it is meant, raise the ceiling and update the README table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PORTABLE_BUNDLE } from '../support/bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KIB = 1024;

const FRAMING = `
const tpdu = { id: '60', destination: '0501', source: '0000' };
const header = { applicationType: '60', specVersion: '31', terminalStatus: '0', processingRequirement: '0', subVersion: '310001' };`;

/** The apps measured: what each imports from the portable entry and does with it. */
const APPS = {
  decodeCup: {
    title: 'decode-only CUP firmware (`cupDialect()`: decode a body, read fields)',
    code: `import { cupDialect, fromHex } from './src/portable.js';
const cup = cupDialect();
export function read(hex) { const m = cup.decode(fromHex(hex)); return [m.mti, m.get('2'), m.get('4'), m.get('55.9F26')]; }`,
  },
  decodeDialects: {
    title: 'decode-only CUP firmware through `dialects.cup` (all four built-in tables)',
    code: `import { dialects, fromHex } from './src/portable.js';
export function read(hex) { const m = dialects.cup.decode(fromHex(hex)); return [m.mti, m.get('2'), m.get('4'), m.get('55.9F26')]; }`,
  },
  terminalBuilders: {
    title: 'sign-in + PIN sale terminal app (builders, key download, PIN block, MAC, framing)',
    code: `import { cupDialect, buildSignIn, buildSale, cupWorkingKeysFromMessage, encodePinBlockIso0, encryptEcb, signMessage,
  verifyMessageMac, frameMessage, unframeMessage, cupFrameProfile, SecretKey } from './src/portable.js';
const cup = cupDialect();${FRAMING}
export function signIn(ctx) { return frameMessage(cupFrameProfile, { tpdu, header, body: cup.encode(buildSignIn(ctx, { operator: '01' })) }); }
export function keysOf(frame, tmk) { return cupWorkingKeysFromMessage(cup.decode(unframeMessage(cupFrameProfile, frame).body), SecretKey.fromHex('tdes', tmk)); }
export function sale(ctx, keys, track2, pan, pin, amount) {
  const block = encryptEcb('tdes', keys.pik, encodePinBlockIso0(pin, pan));
  const m = buildSale(ctx, { amount, card: { entry: 'magstripe', track2 }, pin: { block } });
  return frameMessage(cupFrameProfile, { tpdu, header, body: signMessage(cup, m, keys.mak) });
}
export function answered(frame, keys) { return verifyMessageMac(cup, unframeMessage(cupFrameProfile, frame).body, keys.mak); }`,
  },
  terminalSession: {
    title: 'sign-in + PIN sale terminal app on `TerminalSession` (every transaction, journals, settlement)',
    code: `import { TerminalSession } from './src/portable.js';
export function run(config, answer, track2, pinBlock) {
  const session = TerminalSession.create(config);
  session.handleResponse(session.signIn(), answer);
  return session.sale({ amount: '1250', card: { entry: 'magstripe', track2 }, pin: { block: pinBlock } });
}`,
  },
  portable: { title: 'the whole portable entry (`export *`)', code: `export * from './src/portable.js';` },
} as const;
type App = keyof typeof APPS;

/** Replaces the AES and SM4 block ciphers by empty ones: the floor of a bundle whose cipher choice is made at run time. */
const withoutAesAndSm4: Plugin = {
  name: 'without-aes-and-sm4',
  setup(b) {
    b.onLoad({ filter: /src\/crypto\/(aes|sm4)\.ts$/ }, (args) => ({
      loader: 'ts',
      contents: `export class ${args.path.endsWith('aes.ts') ? 'AesCipher' : 'Sm4Cipher'} { constructor() { throw new Error('left out'); } }`,
    }));
  },
};

interface Measured {
  /** The minified bundle. */
  text: string;
  minified: number;
  gzipped: number;
  modules: string[];
}

async function measure(app: App, plugins: Plugin[] = []): Promise<Measured> {
  const result = await build({
    ...PORTABLE_BUNDLE,
    stdin: { contents: APPS[app].code, resolveDir: ROOT, loader: 'ts', sourcefile: `${app}.ts` },
    minify: true,
    format: 'esm',
    metafile: true,
    plugins,
  });
  const bytes = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile!.outputs)[0]!.inputs;
  return {
    text: result.outputFiles[0]!.text,
    minified: bytes.length,
    gzipped: gzipSync(bytes, { level: 9 }).length,
    modules: Object.entries(inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k),
  };
}

const has = (m: Measured, pattern: RegExp) => m.modules.filter((p) => pattern.test(p));
const BN = /node_modules\/bn\.js\//;
const AES = /node_modules\/@noble\/ciphers\/|src\/crypto\/aes\.ts$/;
const GBK = /node_modules\/iconv-lite\/|src\/text\//;
const TXN = /src\/txn\//;
const CRYPTO = /src\/crypto\//;

const sizes = Object.fromEntries(await Promise.all((Object.keys(APPS) as App[]).map(async (app) => [app, await measure(app)] as const))) as Record<App, Measured>;
const builderFloor = await measure('terminalBuilders', [withoutAesAndSm4]);

/** Targets of the issue, in KiB gzipped; `undefined` where only the measured size is recorded. */
const TARGETS: Record<App, number | undefined> = {
  decodeCup: 30,
  decodeDialects: undefined,
  terminalBuilders: 45,
  terminalSession: undefined,
  portable: 70,
};

const kib = (n: number) => (n / KIB).toFixed(1);
mkdirSync(`${ROOT}.test-results`, { recursive: true });
writeFileSync(
  `${ROOT}.test-results/bundle-sizes.md`,
  [
    '| bundle | minified | gzip -9 | target |',
    '|---|---:|---:|---:|',
    ...(Object.keys(APPS) as App[]).map(
      (app) => `| ${APPS[app].title} | ${kib(sizes[app].minified)} KiB | ${kib(sizes[app].gzipped)} KiB | ${TARGETS[app] ? `≤ ${TARGETS[app]} KiB` : '—'} |`,
    ),
    `| floor: the builder app with AES and SM4 left out of the portable provider | ${kib(builderFloor.minified)} KiB | ${kib(builderFloor.gzipped)} KiB | — |`,
    '',
  ].join('\n'),
);

describe('bundle sizes (esbuild, minified, gzip -9)', () => {
  it('keeps a decode-only CUP firmware bundle within 30 KiB, without bn.js, ciphers, GBK, EBCDIC or the transaction layer', () => {
    const m = sizes.decodeCup;
    expect({ bn: has(m, BN), crypto: has(m, CRYPTO), aes: has(m, AES), gbk: has(m, GBK), txn: has(m, TXN) }).toEqual({ bn: [], crypto: [], aes: [], gbk: [], txn: [] });
    expect(has(m, /sm4/)).toEqual([]);
    // `cupDialect()` compiles with the encodings the built-in tables name: no EBCDIC encoding or code page tables.
    expect(has(m, /ebcdic/)).toEqual([]);
    expect(m.gzipped).toBeLessThanOrEqual(30 * KIB);
  });

  it('does no load-time work in a decode-only bundle: no top-level statement of it calls into the library', async () => {
    // Unminified, so each top-level statement stands on its own line; a call there runs when the bundle loads
    // (building the default CUP spec was one, before `cupSpec` was marked pure).
    const result = await build({
      ...PORTABLE_BUNDLE,
      stdin: { contents: APPS.decodeCup.code, resolveDir: ROOT, loader: 'ts', sourcefile: 'decodeCup.ts' },
      format: 'esm',
    });
    const text = result.outputFiles[0]!.text;
    const calls = text.split('\n').filter((line) => /^(var|let|const) \w+ = (?!\/\* @__PURE__)[\w.]+\(/.test(line) || /^\w+\(/.test(line));
    // Allowed: the entry's own `cupDialect()`, lookup tables, and the hooks that mask a class's renderings.
    const allowed = /^var cup = cupDialect\(\);$|^var [A-Z_]+ = Array\.from\(|^defineMaskedRendering\(/;
    expect(calls.filter((line) => !allowed.test(line))).toEqual([]);
  });

  it('leaves the three other built-in dialects out of a bundle that compiles only the CUP dialect', () => {
    expect(has(sizes.decodeCup, /src\/dialects\/iso/)).toEqual([]);
    expect(has(sizes.decodeDialects, /src\/dialects\/iso/).length).toBeGreaterThan(0);
    // Reading `dialects` costs the three other tables and no more: within 3.5 KiB of the CUP-only bundle.
    expect(sizes.decodeDialects.gzipped - sizes.decodeCup.gzipped).toBeLessThanOrEqual(3.5 * KIB);
  });

  it('builds, signs and frames a PIN sale without bn.js, GBK, the session or the table rows it does not read, within 50 KiB (47 with AES and SM4 left out)', () => {
    const m = sizes.terminalBuilders;
    expect({ bn: has(m, BN), gbk: has(m, GBK), session: has(m, /src\/txn\/(session|batch-journal|reversal-journal|settlement)/) }).toEqual({ bn: [], gbk: [], session: [] });
    // Each row of the transaction table is its own pure constant: the sale builder brings the sale's row alone.
    expect(['kind:"sale"', 'kind:"balance"', 'kind:"void"', 'kind:"preauth"', 'kind:"aid-query"'].filter((k) => m.text.includes(k))).toEqual(['kind:"sale"']);
    expect(m.gzipped).toBeLessThanOrEqual(50 * KIB);
    // The cipher is chosen by a run-time algorithm name, so the portable provider brings AES and SM4 along (3.3 KiB);
    // without them the same app is the floor of this design, at the 45 KiB target (README).
    expect(has(builderFloor, /node_modules\/@noble\//)).toEqual([]);
    expect(builderFloor.gzipped).toBeLessThanOrEqual(47 * KIB);
  });

  it('keeps the session app and the whole portable entry within their ceilings (90 and 110 KiB) and free of GBK', () => {
    expect(sizes.terminalSession.gzipped).toBeLessThanOrEqual(90 * KIB);
    expect(sizes.portable.gzipped).toBeLessThanOrEqual(110 * KIB);
    expect(has(sizes.portable, GBK)).toEqual([]);
    expect(has(sizes.terminalSession, BN).length).toBeGreaterThan(0);
  });
});
