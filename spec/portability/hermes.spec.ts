// Proof that the portable entries run on Hermes, the engine of React Native POS apps: bundled by esbuild (ES2020, as the
// published build), lowered by Babel with React Native's own preset as Metro applies it to every module, and run by
// the Hermes 0.12 command-line VM (the hermes-engine-cli package) with BigInt deleted. The same script runs in Node
// on the sources, and both must print the same results: real work, not a smoke test.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as portable from '../../src/portable.js';
import * as transactions from '../../src/transactions.js';
import { PORTABLE_BUNDLE } from '../support/bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
/** The one call of Babel used here (Babel ships no types of its own). */
const { transformAsync } = require('@babel/core') as {
  transformAsync(code: string, options: Record<string, unknown>): Promise<{ code?: string | null } | null>;
};
const HERMES = `${require.resolve('hermes-engine-cli/package.json').replace(/package\.json$/, '')}linux64-bin/hermes`;

// Frame of fixtures/cup/cup-0200-sale-1.json, a qPBOC sale captured from github:yangyongzhen/Easy8583Ans
// (My8583Ans.java @62fbbb41); its MAK (MAC test in main()) and field 64 'B7133B57'.
const CUP_SALE_FRAME =
  '0118600501000061310031110802007024068020C08211196210810840003424940000000000000000000100002027060720000100376210810840003424940D27062207001000100F373337383232313438393834313133343133313030313431353601649F2608ED1D6BA78357FB259F2701809F101307010103A00000010A0100000000003B1637329F3704591D37169F360201C0950500000000009A031807119C01009F02060000000000015F2A02015682027C009F1A0201569F03060000000000009F3303E0E1C89F34030200009F3501229F1E0830303030303030308408A0000003330101019F0902008C9F4104000000209F6310303130353030303000000000000000000013220007570006004237313333423537';

/** Both portable entries, as one app importing from each sees them. */
const source = { ...portable, ...transactions };

/** The work both engines do with the library `lib`; returns plain data. */
function work(lib: typeof source) {
  const frame = lib.fromHex(CUP_SALE_FRAME);
  const parts = lib.unframeMessage(lib.cupFrameProfile, frame);
  const cup = lib.cupDialect({ trackPad: 'F' });
  const captured = cup.decode(parts.body);
  const mak = lib.SecretKey.fromHex('des', '313215FDA2C4AB4C');
  const mac = lib.generateCupEcbMac(mak, lib.messageMacInput(cup, parts.body));
  const tampered = parts.body.slice();
  tampered[28]! ^= 1;

  // A terminal's PIN sale: PIN block under a double-length PIK, built by the sale builder, MAC-signed, framed.
  const pik = lib.SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
  const clearBlock = lib.encodePinBlockIso0('123456', '6225880123456783');
  const block = lib.encryptEcb('tdes', pik, clearBlock);
  // The same PIN block from a build that names its ciphers: a provider of DES and TDES, a key bound to it.
  const named = lib.createProvider({ des: lib.des, tdes: lib.tdes });
  const boundPik = lib.CipherKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210', { provider: named });
  const ctx = { dialect: lib.dialects.cup, terminalId: '10000001', merchantId: '898310054110001', stan: '000042', batch: '000001', operator: '01', now: new Date(0) };
  const sale = lib.buildSale(ctx, { amount: '1250', card: { entry: 'magstripe', track2: '6225880123456783=27062207001000100' }, pin: { block } });
  const signed = lib.signMessage(lib.dialects.cup, sale, mak);
  const framed = lib.frameMessage(lib.cupFrameProfile, { tpdu: parts.tpdu, header: parts.header!, body: signed });
  const back = lib.dialects.cup.decode(lib.unframeMessage(lib.cupFrameProfile, framed).body);
  // The terminal session: a sign-in request, given up, then the echo test the session may send next.
  const session = lib.TerminalSession.create({ terminalId: '10000001', merchantId: '898310054110001', tmk: '258FB0AB70D025CDB99DF2C4D302D646', tpdu: parts.tpdu, header: parts.header! });
  const signIn = session.signIn();
  session.noResponse(signIn);
  const echo = session.echo();
  let refused = '';
  try {
    lib.buildSale(ctx, { amount: '12.50', card: { entry: 'magstripe', track2: '6225880123456783=27062207001000100' } });
  } catch (e) {
    refused = e instanceof lib.Iso8583Error ? e.code : 'not an Iso8583Error';
  }
  return {
    bigInt: typeof BigInt,
    captured: { mti: captured.mti, pan: captured.get('2'), amount: captured.get('4'), arqc: lib.toHex(captured.get('55.9F26') as Uint8Array), f60: captured.get('60.1'), masked: captured.toJSON().fields['2'] },
    reencoded: lib.toHex(cup.encode(captured)) === lib.toHex(parts.body),
    mac: String.fromCharCode(...mac),
    verified: lib.verifyMessageMac(cup, parts.body, mak),
    tamperedVerified: lib.verifyMessageMac(cup, tampered, mak),
    clearPinBlock: lib.toHex(clearBlock),
    pinBlock: lib.toHex(block),
    namedCiphers: { pinBlock: lib.toHex(lib.encryptEcbExplicit('tdes', boundPik, clearBlock)), keyObjects: [pik instanceof lib.SecretKey, boundPik instanceof lib.SecretKey, boundPik instanceof lib.CipherKey] },
    sale: { hex: lib.toHex(framed), amount: back.get('4'), stan: back.get('11'), pinBlock: lib.toHex(back.get('52') as Uint8Array), verified: lib.verifyMessageMac(lib.dialects.cup, back, mak) },
    session: { signIn: lib.toHex(signIn.frame), echo: echo.message.get('60.3'), stan: echo.stan, printed: String(session).includes('258FB0AB') },
    keyPrinted: String(pik).includes('0123456789'),
    refused,
  };
}

/** The portable entries as a React Native app gets them: ES2020 bundle, then React Native's Babel preset (default profile). */
async function hermesBundle(): Promise<string> {
  const bundled = await build({
    ...PORTABLE_BUNDLE,
    stdin: { contents: `export * from './src/portable.ts';\nexport * from './src/transactions.ts';`, resolveDir: ROOT, loader: 'ts', sourcefile: 'entries.ts' },
    format: 'esm',
  });
  const lowered = await transformAsync(bundled.outputFiles[0]!.text, {
    babelrc: false,
    configFile: false,
    compact: true,
    sourceType: 'module',
    presets: [[require.resolve('@react-native/babel-preset'), { enableBabelRuntime: false }]],
  });
  // The preset turns the bundle's exports into CommonJS, as Metro's module system expects.
  return `var exports = {}; var module = { exports: exports };\n${lowered!.code}\nvar pos8583 = module.exports;\n`;
}

describe('the portable entries on Hermes', () => {
  it('decodes a captured CUP sale, checks its MAC, makes a PIN block and builds a signed sale, as Node does, without BigInt', async () => {
    const expected = JSON.parse(JSON.stringify(work(source)));
    const dir = `${ROOT}.test-results/hermes`;
    mkdirSync(dir, { recursive: true });
    const script = `${dir}/portable-on-hermes.js`;
    writeFileSync(
      script,
      ['delete globalThis.BigInt;', await hermesBundle(), `var CUP_SALE_FRAME = ${JSON.stringify(CUP_SALE_FRAME)};`, `print(JSON.stringify((${work.toString()})(pos8583)));`].join('\n'),
    );
    const { stdout } = await promisify(execFile)(HERMES, ['-w', script], { maxBuffer: 1 << 20 });
    const onHermes = JSON.parse(stdout);
    expect(onHermes).toEqual({ ...expected, bigInt: 'undefined' });
    expect(onHermes).toMatchObject({
      captured: { mti: '0200', pan: '6210810840003424940', amount: '000000000001', arqc: 'ED1D6BA78357FB25', f60: '22', masked: '621081*********4940' },
      reencoded: true,
      mac: 'B7133B57',
      verified: true,
      tamperedVerified: false,
      // ISO 9564 format 0: 06123456FFFFFFFF (PIN field) XOR 0000588012345678 (the PAN's 12 digits before its check digit).
      clearPinBlock: '06126CD6EDCBA987',
      sale: { amount: '000000001250', stan: '000042', verified: true },
      session: { echo: '301', stan: '000002', printed: false },
      keyPrinted: false,
      refused: 'INVALID_INPUT',
    });
  });
});
