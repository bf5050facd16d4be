// Proof that the portable entries run where terminal firmware runs: bundled by esbuild into one script and
// executed in QuickJS (WebAssembly, offline) with BigInt removed, no Buffer, no require, no Node APIs.
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from 'esbuild';
import { getQuickJS, shouldInterruptAfterDeadline, type QuickJSWASMModule } from 'quickjs-emscripten';
import { fileURLToPath } from 'node:url';
import { forbiddenInBundleText } from './forbidden.js';
import { PORTABLE_BUNDLE } from '../support/bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Body (MTI, bitmap, fields; no length, TPDU or header) of fixtures/cup/cup-0200-sale-1.json, a qPBOC sale
// captured from github:yangyongzhen/Easy8583Ans (My8583Ans.java @62fbbb41, MAC test in main()).
const CUP_SALE_BODY =
  '02007024068020C08211196210810840003424940000000000000000000100002027060720000100376210810840003424940D2706' +
  '2207001000100F373337383232313438393834313133343133313030313431353601649F2608ED1D6BA78357FB259F2701809F1013' +
  '07010103A00000010A0100000000003B1637329F3704591D37169F360201C0950500000000009A031807119C01009F0206000000' +
  '0000015F2A02015682027C009F1A0201569F03060000000000009F3303E0E1C89F34030200009F3501229F1E0830303030303030' +
  '308408A0000003330101019F0902008C9F4104000000209F631030313035303030300000000000000000001322000757000600' +
  '4237313333423537';

// Third-party code may probe for Node facilities as long as it survives their absence (the QuickJS run
// below is the proof). bn.js looks for `window.Buffer` / `require('buffer')` inside a try and does without.
const ALLOWED_IN_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  'node_modules/bn.js/': ['Buffer', 'require('],
};

interface Bundle {
  text: string;
  inputs: string[];
}

const BUNDLE_OPTIONS: BuildOptions = { ...PORTABLE_BUNDLE, format: 'iife', globalName: 'pos8583', metafile: true };

async function bundle(entry: { file: string } | { contents: string }): Promise<Bundle> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    ...('file' in entry
      ? { entryPoints: [ROOT + entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const, sourcefile: 'entry.ts' } }),
  });
  return { text: result.outputFiles![0]!.text, inputs: Object.keys(result.metafile!.inputs) };
}

/** The bundle split at esbuild's `// path` module markers, so each hit can be traced to its module. */
function modulesOf(text: string): Array<{ module: string; text: string }> {
  const marker = /^ *\/\/ ((?:src|node_modules)\/\S+|entry\.ts)$/gm;
  const parts: Array<{ module: string; text: string }> = [];
  let module = '(bundler runtime)';
  let from = 0;
  for (const m of text.matchAll(marker)) {
    parts.push({ module, text: text.slice(from, m.index) });
    module = m[1]!;
    from = m.index! + m[0].length;
  }
  parts.push({ module, text: text.slice(from) });
  return parts;
}

function forbiddenInBundle(text: string): string[] {
  return modulesOf(text).flatMap(({ module, text: part }) => {
    const allowed = Object.entries(ALLOWED_IN_PACKAGES).find(([prefix]) => module.startsWith(prefix))?.[1] ?? [];
    return forbiddenInBundleText(part)
      .filter((hit) => !allowed.includes(hit))
      .map((hit) => `${module}: ${hit}`);
  });
}

/** Runs `script` after `bundleText` in a fresh QuickJS context without BigInt; the script returns JSON text. */
function runInQuickJs(quickjs: QuickJSWASMModule, bundleText: string, script: string): unknown {
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(64 * 1024 * 1024);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + 4000));
  const vm = runtime.newContext();
  try {
    for (const [name, code] of [
      ['no-bigint.js', 'delete globalThis.BigInt;'],
      ['pos8583.js', bundleText],
      ['check.js', script],
    ] as const) {
      const result = vm.evalCode(code, name, { type: 'global' });
      if (result.error) {
        const failure = vm.dump(result.error) as unknown;
        result.error.dispose();
        throw new Error(`QuickJS failed in ${name}: ${JSON.stringify(failure)}`);
      }
      const value = vm.dump(result.value) as unknown;
      result.value.dispose();
      if (name === 'check.js') return JSON.parse(value as string);
    }
    return undefined;
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}

const quickjs = await getQuickJS();
// Both portable entries in one script: the message library and the transaction layer (bn.js comes with its journals).
const portable = await bundle({ contents: `export * from './src/portable.ts';\nexport * from './src/transactions.ts';` });
describe('the portable bundle', () => {
  it('leaves out the Node-only modules: no src/node, no GBK module, no iconv-lite', () => {
    expect(portable.inputs).toEqual(expect.arrayContaining(['src/portable.ts', 'src/transactions.ts']));
    expect(portable.inputs.filter((p) => /^src\/node\/|^src\/text\/gbk\.ts$|iconv-lite/.test(p))).toEqual([]);
  });

  it('has no Buffer, require(, BigInt or node: in its text', () => {
    expect(forbiddenInBundle(portable.text)).toEqual([]);
  });

  it('runs in QuickJS without BigInt: hex round trip and an Iso8583Error thrown, caught and nested', () => {
    const result = runInQuickJs(
      quickjs,
      portable.text,
      `(function () {
        var lib = pos8583;
        var out = { bigIntGone: typeof BigInt === 'undefined', noBuffer: typeof Buffer === 'undefined',
          noRequire: typeof require === 'undefined', noTextEncoder: typeof TextEncoder === 'undefined' };
        var bytes = lib.fromHex('00ab5FfF');
        out.isUint8Array = bytes instanceof Uint8Array;
        out.hex = lib.toHex(bytes);
        out.joined = lib.toHex(lib.concatBytes(bytes, lib.fromHex('80')));
        try {
          lib.fromHex('ABC', '52');
          out.error = 'nothing thrown';
        } catch (e) {
          out.error = { isLibError: e instanceof lib.Iso8583Error, isError: e instanceof Error, name: e.name,
            code: e.code, message: e.message, path: e.path };
        }
        out.nested = new lib.Iso8583Error('BAD_TLV', 'TLV length runs past the end of the value', { path: '9F26', offset: 3 })
          .within('55', 40).message;
        return JSON.stringify(out);
      })()`,
    );
    expect(result).toEqual({
      bigIntGone: true,
      noBuffer: true,
      noRequire: true,
      noTextEncoder: true,
      isUint8Array: true,
      hex: '00AB5FFF',
      joined: '00AB5FFF80',
      error: {
        isLibError: true,
        isError: true,
        name: 'Iso8583Error',
        code: 'BAD_HEX',
        message: 'hex text must have an even number of digits (field 52)',
        path: '52',
      },
      nested: 'TLV length runs past the end of the value (field 55.9F26, byte 43)',
    });
  });

  // Runs as soon as the portable entry exports `dialects` with `cup`; until then vitest lists it as skipped.
  it('decodes and re-encodes a captured CUP sale in QuickJS, byte for byte', () => {
    const result = runInQuickJs(
      quickjs,
      portable.text,
      `(function () {
        var lib = pos8583;
        var cup = lib.dialects.cup;
        var body = lib.fromHex('${CUP_SALE_BODY}');
        var m = cup.decode(body);
        var arqc = m.get('55.9F26');
        var out = { mti: m.mti, pan: m.get('2'), amount: m.get('4'), posEntry: m.get('22.1') + m.get('22.2'), f60_1: m.get('60.1'),
          arqc: arqc instanceof Uint8Array ? lib.toHex(arqc) : typeof arqc, reencoded: lib.toHex(cup.encode(m)) };
        try {
          cup.decode(body.subarray(0, 30));
          out.truncated = 'nothing thrown';
        } catch (e) {
          out.truncated = { isLibError: e instanceof lib.Iso8583Error, codeIsStable: /^[A-Z][A-Z0-9_]*$/.test(e.code) };
        }
        return JSON.stringify(out);
      })()`,
    );
    expect(result).toEqual({
      mti: '0200',
      pan: '6210810840003424940',
      amount: '000000000001',
      posEntry: '072',
      f60_1: '22',
      arqc: 'ED1D6BA78357FB25',
      reencoded: CUP_SALE_BODY,
      truncated: { isLibError: true, codeIsStable: true },
    });
  });
});

describe('the portable crypto', () => {
  // Published values: AES KCV of TR-31:2018 A.7.4 (fixtures/vectors/kcv.json), 2-key TDES ECB of psec's
  // des.py doctest (fixtures/vectors/ciphers.json), and the MAK of the captured sale above (its field 64).
  it('runs in QuickJS without BigInt: AES KCV, TDES ECB, and the CUP MAC of the captured sale', () => {
    const result = runInQuickJs(
      quickjs,
      portable.text,
      `(function () {
        var lib = pos8583;
        var body = lib.fromHex('${CUP_SALE_BODY}');
        var mak = lib.SecretKey.fromHex('des', '313215FDA2C4AB4C');
        var dialect = lib.cupDialect({ trackPad: 'F' });
        var m = dialect.decode(body);
        m.set('64', '00000000');
        var signed = lib.signMessage(dialect, m, mak);
        var tampered = body.slice();
        tampered[28] ^= 1; // the last byte of field 4, the amount
        var mac = lib.generateCupEcbMac(mak, lib.messageMacInput(dialect, body));
        return JSON.stringify({
          bigIntGone: typeof BigInt === 'undefined',
          aesKcv: lib.toHex(lib.kcv('aes', lib.fromHex('3F419E1CB7079442AA37474C2EFBF8B8'), { length: 3 })),
          tdesEcb: lib.toHex(lib.encryptEcb('tdes', lib.fromHex('0123456789ABCDEFFEDCBA9876543210'), lib.fromHex('3132333435363738'))),
          cupMac: String.fromCharCode.apply(null, Array.prototype.slice.call(mac)),
          verified: lib.verifyMessageMac(dialect, body, mak),
          tamperedVerified: lib.verifyMessageMac(dialect, tampered, mak),
          resigned: lib.toHex(signed) === lib.toHex(body),
          keyPrinted: String(mak).indexOf('313215') < 0 ? 'hidden' : 'shown'
        });
      })()`,
    );
    expect(result).toEqual({
      bigIntGone: true,
      aesKcv: '08793E',
      tdesEcb: '41D2FFBA3CDC15FE',
      cupMac: 'B7133B57',
      verified: true,
      tamperedVerified: false,
      resigned: true,
      keyPrinted: 'hidden',
    });
  });
});

describe('the portable text codecs', () => {
  it('run in QuickJS without BigInt: EBCDIC both pages, ASCII and Latin-1, with their errors', async () => {
    const codecs = await bundle({
      contents: [
        "export * from './src/bytes/ebcdic.js';",
        "export * from './src/bytes/text-codec.js';",
        "export { toHex, fromHex } from './src/bytes/hex.js';",
        "export { Iso8583Error } from './src/errors.js';",
      ].join('\n'),
    });
    expect(forbiddenInBundle(codecs.text)).toEqual([]);
    const result = runInQuickJs(
      quickjs,
      codecs.text,
      `(function () {
        var lib = pos8583;
        function codeOf(run) { try { run(); return 'nothing thrown'; } catch (e) { return (e instanceof lib.Iso8583Error) + ' ' + e.code; } }
        return JSON.stringify({
          cp037: lib.toHex(lib.encodeEbcdic('[PAY 0200]', 'cp037')),
          cp1047: lib.toHex(lib.encodeEbcdic('[PAY 0200]', 'cp1047')),
          back: lib.decodeEbcdic(lib.fromHex('00ADD6D2BD'), 1, 5, 'cp1047'),
          ascii: lib.asciiCodec.decode(lib.fromHex('4355503031'), 0, 5),
          latin1: lib.toHex(lib.latin1Codec.encode('caf\\u00e9')),
          unmappable: codeOf(function () { lib.encodeEbcdic('\\u4e2d', 'cp037'); }),
          badText: codeOf(function () { lib.asciiCodec.decode(lib.fromHex('41C1'), 0, 2); })
        });
      })()`,
    );
    expect(result).toEqual({
      cp037: 'BAD7C1E840F0F2F0F0BB',
      cp1047: 'ADD7C1E840F0F2F0F0BD',
      back: '[OK]',
      ascii: 'CUP01',
      latin1: '636166E9',
      unmappable: 'true UNMAPPABLE_CHARACTER',
      badText: 'true BAD_TEXT',
    });
  });
});

describe('the bundle check', () => {
  it('traces a forbidden name to its module and lets only the named package probe for Buffer', () => {
    const text = [
      'var x = 1;',
      '  // src/bytes/bad.ts',
      'var b = Buffer.from([1]);',
      '  // node_modules/bn.js/lib/bn.js',
      'try { Buffer2 = window.Buffer; } catch (e) {}',
      '  // node_modules/other/index.js',
      'var y = require("fs"); var z = 1n;',
    ].join('\n');
    expect(forbiddenInBundle(text)).toEqual([
      'src/bytes/bad.ts: Buffer',
      'node_modules/other/index.js: require(',
      'node_modules/other/index.js: BigInt',
    ]);
  });
});
