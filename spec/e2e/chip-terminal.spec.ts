import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fromHex } from '../../src/bytes/hex.js';
import { SecretKey } from '../../src/crypto/key.js';
import { signMessage } from '../../src/crypto/message-mac.js';
import { Iso8583Error } from '../../src/errors.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import type { CanonicalTlv } from '../../src/message/engine.js';
import { startHostSimulator } from '../../src/node/host-server.js';
import { connectFramed, type FramedConnection } from '../../src/node/tcp.js';
import { AcquirerHostSimulator, type HostCaKey } from '../../src/testing/host-simulator.js';
import { issuerDataOf, SCRIPT_ADVICE_TAGS } from '../../src/txn/builders/chip.js';
import { caPublicKeyOf, parseParameterAnswer, type AidParameters, type CaPublicKey } from '../../src/txn/params/emv-parameters.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing, type TerminalConfig } from '../../src/txn/session.js';
import { ARQC_ICC, CUP_DEBIT_AID } from '../support/chip-card.js';
import { CONFIG, HEADER, MID, PAN, TID, TMK, TPDU, now, seeded } from '../support/simulated-terminal.js';

const ANSWER_MS = 2_000;
const cup = cupDialect();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// UnionPay test CA keys (fixtures/vectors/capk.json, with its source line).
const CA_KEYS: HostCaKey[] = (JSON.parse(readFileSync(new URL('../../fixtures/vectors/capk.json', import.meta.url), 'utf8')) as { keys: string[] }).keys.map(
  (hex) => {
    const { check: _check, other: _other, ...k } = caPublicKeyOf(parseParameterAnswer(fromHex(`31${hex}`)).list);
    return k;
  },
);


const SCRIPTS: CanonicalTlv[] = [
  { tag: '72', children: [{ tag: '9F18', value: '00000007' }, { tag: '86', value: '04DA9F580901F2E37B1C8A90D4' }] },
];

async function terminalOverTcp(config: Partial<TerminalConfig> = {}): Promise<{ sim: AcquirerHostSimulator; conn: FramedConnection; session: TerminalSession; transact(out: Outgoing): Promise<ResponseOutcome> }> {
  const sim = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: [{ pan: PAN, balance: '500000' }],
    random: seeded(11),
    now,
    parameters: { aids: [{ aid: CUP_DEBIT_AID, version: '0030', floorLimit: '0', onlinePin: true }, { aid: 'A000000333010102', version: '0030' }], caKeys: CA_KEYS, perAnswer: 2 },
    issuerScripts: (request) => (request.kind === 'sale' ? SCRIPTS : undefined),
    processingRequirement: '5',
  });
  const errors: Iso8583Error[] = [];
  const server = await startHostSimulator({ simulator: sim, host: '127.0.0.1', port: 0, onError: (e) => errors.push(e) });
  cleanups.push(async () => {
    await server.close();
    expect(errors).toEqual([]);
  });
  const conn = await connectFramed({ profile: cupFrameProfile, host: '127.0.0.1', port: server.port, connectTimeoutMs: ANSWER_MS });
  cleanups.push(async () => {
    conn.destroy();
    await conn.closed;
  });
  const session = TerminalSession.create({ ...CONFIG, ...config }, { now });
  const transact = async (out: Outgoing) => {
    await conn.send(out.frame);
    return session.handleResponse(out, await conn.receive(ANSWER_MS));
  };
  return { sim, conn, session, transact };
}

describe('a chip terminal against the simulated acquirer over TCP', () => {
  it('signs in, downloads AIDs and CA keys, sells, gets a script, notifies its result and settles', async () => {
    const t = await terminalOverTcp();
    // Sign in; the host's header asks for the IC parameters (digit 5).
    const signIn = await t.transact(t.session.signIn());
    expect([signIn.code, signIn.required?.requirement]).toEqual(['00', 'download-ic-parameters']);
    t.sim.setProcessingRequirement('0');

    // The terminal does what the requirement asks, one request per answer, until nothing is left.
    const aids: AidParameters[] = [];
    for (let out = t.session.requiredRequest(); out !== null; out = t.session.requiredRequest()) {
      const o = await t.transact(out);
      if (o.parameters?.aid) aids.push(o.parameters.aid);
    }
    expect(aids.map((a) => a.aid)).toEqual([CUP_DEBIT_AID, 'A000000333010102']);
    expect(t.session.requirement()).toBeNull();

    const keys: CaPublicKey[] = [];
    for (let out: Outgoing | null = t.session.beginDownload('ca-keys'); out !== null; out = t.session.nextDownload()) {
      const o = await t.transact(out);
      if (o.parameters?.caKey) keys.push(o.parameters.caKey);
    }
    expect(keys.map((k) => `${k.rid}${k.index} ${k.check}`)).toEqual(['A00000033302 valid', 'A00000033303 valid', 'A00000033304 valid']);

    // The chip sale: ARQC in 55; the approval brings 91 and a 72 script.
    const sale = t.session.sale({ amount: '1000', card: { entry: 'contact', pan: PAN, sequence: '001', icc: [...ARQC_ICC] } });
    const approval = await t.transact(sale);
    expect([approval.code, approval.macValid]).toEqual(['00', true]);
    const issuer = issuerDataOf(approval.message);
    expect(issuer.authentication).toMatch(/^[0-9A-F]{16}3030$/);
    expect(issuer.scripts).toEqual(SCRIPTS);

    // The card runs the script after its second GENERATE AC (TC) and reports DF31; the 0620 goes out.
    const cardData = [
      ...ARQC_ICC.filter((x) => SCRIPT_ADVICE_TAGS.includes(x.tag)).map((x) => (x.tag === '9F26' ? { tag: '9F26', value: '0F1E2D3C4B5A6978' } : x)),
      { tag: 'DF31', value: '2000000007' },
    ];
    const note = await t.transact(t.session.scriptNotification({ sent: sale, approval, icc: cardData }));
    expect([note.code, note.macValid]).toEqual(['00', true]);
    expect(t.sim.scriptResults(TID)).toEqual(['2000000007']);

    // Settle: balanced, then the chip TC record (203) and the batch-upload end (207).
    const settled = await t.transact(t.session.settle());
    expect(settled.reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
    const steps: string[] = [];
    for (let out = t.session.due(); out !== null; out = t.session.due()) {
      steps.push(`${out.kind} ${String(out.message.get('60.3'))}`);
      expect((await t.transact(out)).code).toBe('00');
    }
    expect(steps).toEqual(['ic-tc-upload 203', 'batch-upload-end 207']);
    expect(t.session.state().batch).toBe('000101');
    expect(t.sim.ledger.uploadReport(TID, '000100')).toMatchObject({ uploaded: 1, matched: 1, announced: 1 });
  });

  it('answers a request it does not serve over TCP instead of going quiet', async () => {
    const t = await terminalOverTcp();
    const unknown = cup.encode({ mti: '0800', fields: { '11': '000042', '41': TID, '42': MID, '60': { '1': '00', '2': '000100', '3': '999' } } });
    await t.conn.send(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: unknown }));
    const answer = cup.decode(unframeMessage(cupFrameProfile, await t.conn.receive(ANSWER_MS)).body);
    expect([answer.mti, answer.get('39'), answer.get('11')]).toEqual(['0810', '40', '000042']);
  });

  it('answers 96 over TCP to a request the host fails on while serving it', async () => {
    const t = await terminalOverTcp({ keyLayout: '004' });
    await t.transact(t.session.signIn());
    // A sale whose track 2 is announced enciphered (53.3 = 1) but is too short for the CUP scheme, MACed as sent.
    const sale = cup.decode(t.session.sale({ amount: '1000', card: { entry: 'magstripe', track2: `${PAN}=27062207001000100` } }).body);
    sale.set('53', '2610000000000000');
    sale.set('35', '622588');
    const mak = t.session.state().keys!.mak;
    const body = signMessage(cup, sale, SecretKey.fromHex(mak.length === 16 ? 'des' : 'tdes', mak));
    await t.conn.send(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body }));
    const answer = cup.decode(unframeMessage(cupFrameProfile, await t.conn.receive(ANSWER_MS)).body);
    expect([answer.mti, answer.get('39'), answer.get('11')]).toEqual(['0210', '96', sale.get('11')]);
  });
});
