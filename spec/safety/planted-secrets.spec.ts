// Plants a known PAN, tracks, PIN block, chip card data and keys in messages of every kind, then searches every
// rendering for them: util.inspect at any depth (showHidden too), JSON, String(), template literals, describe(),
// errors with their stack and cause, the dialect objects that encoded them, and the output of `npm run demo`.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { expectClean as expectRenderingsClean, expectNoSecret as expectSecretFree, forms } from '../support/planted.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { TlvNode } from '../../src/codec/values.js';
import { Iso8583Error, Message, cupFrameProfile, dialects, frameMessage, unframeMessage, type Dialect } from '../../src/index.js';

const PAN = '6210810840003424940';
const TRACK2 = `${PAN}D27062207001000100`;
const TRACK1 = `B${PAN}^ZHANG/SAN^2706220700100000100000`;
const PIN_BLOCK = 'A1B2C3D4E5F60718';
const PIK = 'F1E2D3C4B5A69788';
const MAK = '8899AABBCCDDEEF0';
const CARDHOLDER = 'ZHANG/SAN';
const PROPRIETARY = 'C0FFEE11C0FFEE22';
const DISCRETIONARY = 'D15C0D15C0D15C01';

/** Chip data with every card-data tag filled, and a proprietary tag holding something secret. */
const ICC: TlvNode[] = [
  { tag: '9F26', value: fromHex('ED1D6BA78357FB25') },
  { tag: '5A', value: fromHex(`${PAN}F`) },
  { tag: '57', value: fromHex(`${TRACK2}F`) },
  { tag: '56', value: fromHex(toHex(Uint8Array.from(TRACK1, (c) => c.charCodeAt(0)))) },
  { tag: '5F20', value: Uint8Array.from(CARDHOLDER, (c) => c.charCodeAt(0)) },
  { tag: '9F1F', value: fromHex(DISCRETIONARY) },
  { tag: '9F20', value: fromHex(DISCRETIONARY) },
  { tag: '9F6B', value: fromHex(`${TRACK2}F`) },
  { tag: 'DF77', value: fromHex(PROPRIETARY) },
  { tag: 'BF70', children: [{ tag: 'DF01', value: fromHex(PROPRIETARY) }] },
];

const CUP_SALE = {
  '2': PAN,
  '3': '000000',
  '11': '000001',
  '22': '051',
  '35': TRACK2,
  '45': TRACK1,
  '52': PIN_BLOCK,
  '55': ICC,
  '60': { '1': '22', '2': '000757', '3': '000' },
};
const CUP_KEYS = { '39': '00', '41': '12345678', '60': { '1': '00', '2': '000001', '3': '001' }, '62': { '1': PIK, '2': '11223344', '3': MAK, '4': '55667788' } };
const ISO_SALE = { '2': PAN, '3': '000000', '11': '000001', '35': TRACK2.replace('D', '='), '45': TRACK1, '52': PIN_BLOCK, '55': ICC };

const NEEDLES = [
  ...forms(PAN, true),
  PAN.slice(6, 15),
  ...forms(TRACK2.slice(20), false),
  ...forms(TRACK2.slice(19).replace('D', '='), false),
  ...forms(TRACK1.slice(20), false),
  CARDHOLDER,
  toHex(Uint8Array.from(CARDHOLDER, (c) => c.charCodeAt(0))),
  ...forms(PIN_BLOCK, true),
  ...forms(PIK, true),
  ...forms(MAK, true),
  ...forms(PROPRIETARY, true),
  ...forms(DISCRETIONARY, true),
];

function expectNoSecret(raw: string, where: string): void {
  expectSecretFree(raw, where, NEEDLES);
}

function expectClean(value: unknown, label: string): void {
  expectRenderingsClean(value, label, NEEDLES);
}

function caughtError(run: () => unknown): Iso8583Error {
  try {
    run();
  } catch (e) {
    if (e instanceof Iso8583Error) return e;
    throw e;
  }
  throw new Error('expected an Iso8583Error');
}

const ISO_DIALECTS: Dialect[] = [dialects.iso87ascii, dialects.iso87binary, dialects.iso93ascii];

describe('planted card data and keys', () => {
  it('are found by the search in the clear forms (the search can fail)', () => {
    const m = dialects.cup.decode(dialects.cup.encode({ mti: '0200', fields: CUP_SALE }));
    const clear = JSON.stringify(m.toObject()) + inspect(m.body!.bytes, { maxArrayLength: null });
    expect(() => expectNoSecret(clear, 'toObject')).toThrow(/shows/);
    expect(() => expectNoSecret(inspect(fromHex(PIN_BLOCK)), 'bytes')).toThrow(/shows "161, 178, 195, 212"/);
  });

  it('never show in a decoded CUP message, a built one, or one without a dialect', () => {
    const body = dialects.cup.encode({ mti: '0200', fields: CUP_SALE });
    expectClean(dialects.cup.decode(body), 'decoded CUP sale');
    const touched = dialects.cup.decode(body);
    for (const id of touched.fieldNumbers()) touched.get(String(id));
    expectClean(touched, 'decoded CUP sale after reading every field');
    expectClean(dialects.cup.message('0200', CUP_SALE), 'built CUP sale');
    expectClean(new Message('0200', { ...CUP_SALE, '52': fromHex(PIN_BLOCK), '62': fromHex(PIK + MAK), '48': [{ tag: 'DF01', value: PROPRIETARY }] }), 'message without a dialect');
    expectClean(new Message('0200', { '2': fromHex(`${PAN}F`), '35': fromHex(`${TRACK2}F`), '55': toHex(dialects.cup.encode({ mti: '0200', fields: { '55': ICC } })) }), 'message without a dialect, card data as bytes and raw hex');
  });

  it('never show in a message carrying working keys, raw or structured', () => {
    const body = dialects.cup.encode({ mti: '0810', fields: CUP_KEYS });
    expectClean(dialects.cup.decode(body), 'decoded sign-in answer');
    // With another 60.3 the key layout does not apply and 62 stays raw: the field itself is sensitive.
    expectClean(dialects.cup.decode(dialects.cup.encode({ mti: '0810', fields: { ...CUP_KEYS, '60': { '1': '00', '2': '000001', '3': '999' }, '62': PIK + MAK } })), 'raw 62');
  });

  it('never show in the messages of the ISO 8583 dialects', () => {
    for (const d of ISO_DIALECTS) {
      const body = d.encode({ mti: '0200', fields: ISO_SALE });
      expectClean(d.decode(body), `decoded ${d.name}`);
      expectClean(d.message('0200', ISO_SALE), `built ${d.name}`);
      expectClean(d.describe(body), `${d.name} description`);
      expectClean(d.describe(body).rows, `${d.name} description rows`);
    }
  });

  it('never show in describe() results, as text, rows or objects', () => {
    const m = dialects.cup.decode(dialects.cup.encode({ mti: '0200', fields: CUP_SALE }));
    expectClean(m.describe(), 'description');
    expectClean(m.describe().toString(), 'description text');
    expectClean(m.describe().rows, 'description rows');
    expectClean(dialects.cup.describe(dialects.cup.encode({ mti: '0810', fields: CUP_KEYS })), 'key description');
  });

  it('never show in a dialect that encoded and decoded them', () => {
    for (const d of [dialects.cup, ...ISO_DIALECTS]) {
      const fields = d === dialects.cup ? CUP_SALE : ISO_SALE;
      d.decode(d.encode({ mti: '0200', fields }));
      d.encodeInto(d.message('0200', fields), new Uint8Array(1024));
      expectClean(d, `dialect ${d.name}`);
      expect(String(d)).toBe(`Dialect(${d.name})`);
      expect(inspect(d)).toBe(`Dialect { name: '${d.name}' }`);
    }
  });

  it('never show in a framed message taken apart', () => {
    const body = dialects.cup.encode({ mti: '0200', fields: CUP_SALE });
    const frame = frameMessage(cupFrameProfile, {
      tpdu: { id: '60', destination: '0501', source: '0000' },
      header: { applicationType: '60', specVersion: '31', terminalStatus: '0', processingRequirement: '0', subVersion: '310001' },
      body,
    });
    const parts = unframeMessage(cupFrameProfile, frame);
    expect(parts.body).toStrictEqual(body);
    expectClean(parts, 'unframed message');
  });

  it('never show in errors raised beside them, with their stack and cause', () => {
    const errors: Iso8583Error[] = [
      caughtError(() => dialects.cup.encode({ mti: '0200', fields: { ...CUP_SALE, '4': `${PAN}X` } })),
      caughtError(() => dialects.cup.encode({ mti: '0200', fields: { ...CUP_SALE, '35': `${TRACK2}${TRACK2}` } })),
      caughtError(() => dialects.cup.encode({ mti: '0200', fields: { ...CUP_SALE, '52': `${PIN_BLOCK}00` } })),
      caughtError(() => dialects.cup.encode({ mti: '0200', fields: { ...CUP_SALE, '55': [...ICC, { tag: '5A', value: `${PAN}Z` }] } })),
      caughtError(() => dialects.cup.encode({ mti: '0810', fields: { ...CUP_KEYS, '62': { '1': `${PIK}Z` } } })),
      caughtError(() => dialects.cup.decode(dialects.cup.encode({ mti: '0200', fields: CUP_SALE }).subarray(0, 60))),
      caughtError(() => dialects.iso87ascii.decode(Uint8Array.from(`0200${'Z'.repeat(16)}`, (c) => c.charCodeAt(0)))),
    ];
    const wrapped = errors.map((e) => e.within('outer', 10));
    const withCause = new Iso8583Error('STREAM_FAILED', 'frame stream failed earlier and takes no more input', { cause: errors[0] });
    for (const e of [...errors, ...wrapped, withCause]) expectClean(e, `error ${e.code}`);
  });

  it('never show in the output of npm run demo', () => {
    const root = resolve(import.meta.dirname, '../..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo-flow.ts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const out = run.stdout + run.stderr;
    expect(out).toContain('card numbers, tracks, PIN blocks and keys are masked above');
    // The demo's own card and master key (its PIN blocks and working keys are random: their rows are checked below).
    for (const secret of ['6225880123456783', '880123456', '27062207001000100', '258FB0AB70D025CDB99DF2C4D302D646', '258FB0AB']) {
      expect(out.includes(secret), secret).toBe(false);
    }
    const secretRows = out.split('\n').filter((l) => /PIN data|key under TMK|Track 2 data|Primary account number/.test(l));
    expect(secretRows.length).toBeGreaterThan(10);
    for (const row of secretRows) expect(row, row).not.toMatch(/[0-9A-F]{12}/);
  }, 90_000);
});
