import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { gbkCodec } from '../../src/index.js';
import { caPublicKeyOf, parseParameterAnswer, type AidParameters } from '../../src/txn/params/emv-parameters.js';
import type { HostAid, HostCaKey } from '../../src/testing/host-simulator.js';
import type { CanonicalTlv } from '../../src/message/engine.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import type { Message } from '../../src/message/message.js';
import { frameMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import type { Outgoing } from '../../src/txn/session.js';
import { simulatorRig } from '../support/simulator-rig.js';
import { HEADER, MID, TID, TMK, TPDU } from '../support/simulated-terminal.js';

const cup = cupDialect();

const AIDS: HostAid[] = [
  { aid: 'A000000333010101', selectionIndicator: '00', version: '0030', tacDefault: 'D84000A800', tacOnline: 'D84004F800', tacDenial: '0010000000', floorLimit: '0', onlinePin: true, ecTransactionLimit: '100000' },
  { aid: 'A000000333010102', version: '0030', contactlessTransactionLimit: '500000', contactlessCvmLimit: '30000' },
  { aid: 'A000000333010103', selectionIndicator: '01', maxTargetPercentage: 99, targetPercentage: 20, randomSelectionThreshold: '0' },
];

/** A TLV parameter list as a download answer carries it after its control character. */
function tlvHex(hex: string): CanonicalTlv[] {
  return parseParameterAnswer(fromHex(`31${hex}`)).list;
}

// UnionPay test CA keys 02, 03 and 04 (fixtures/vectors/capk.json, with its source line).
const CAPK_VECTORS: { keys: string[] } = JSON.parse(readFileSync(new URL('../../fixtures/vectors/capk.json', import.meta.url), 'utf8'));
const CA_KEYS: HostCaKey[] = CAPK_VECTORS.keys.map((hex) => {
  const k = caPublicKeyOf(tlvHex(hex));
  return { rid: k.rid, index: k.index, expiry: k.expiry!, hashAlgorithm: k.hashAlgorithm!, keyAlgorithm: k.keyAlgorithm!, modulus: k.modulus, exponent: k.exponent, checkValue: k.checkValue! };
});

describe('EMV parameter downloads against the simulated acquirer', () => {
  it('lists the AIDs over several query answers (control 2, then 1), downloads each and ends the run', () => {
    const r = simulatorRig({ parameters: { aids: AIDS, perAnswer: 2 } });
    const first = r.session.beginDownload('aids');
    expect([first.kind, first.message.get('60.3'), first.message.toObject().fields['62']]).toEqual(['aid-query', '382', { '1': '1', '2': '00' }]);
    const kinds: string[] = [];
    const got: AidParameters[] = [];
    const listed: string[] = [];
    for (let out: typeof first | null = first; out !== null; out = r.session.nextDownload()) {
      kinds.push(`${out.kind} ${String(out.message.get('60.3'))}${out.kind === 'aid-query' ? ` ${String(out.message.get('62.2'))}` : ''}`);
      const o = r.send(out)!;
      expect(o.code).toBe('00');
      if (o.parameters?.aids) listed.push(...o.parameters.aids);
      if (o.parameters?.aid) got.push(o.parameters.aid);
    }
    expect(kinds).toEqual(['aid-query 382 00', 'aid-query 382 02', 'aid-download 380', 'aid-download 380', 'aid-download 380', 'aid-download-end 381']);
    expect(listed).toEqual(AIDS.map((a) => a.aid));
    // n12 limits come back as the 12 digits the host sent.
    const n12 = (v: string | undefined) => v!.padStart(12, '0');
    expect(got).toEqual([
      { ...AIDS[0], ecTransactionLimit: n12(AIDS[0]!.ecTransactionLimit), other: [] },
      { ...AIDS[1], contactlessTransactionLimit: n12(AIDS[1]!.contactlessTransactionLimit), contactlessCvmLimit: n12(AIDS[1]!.contactlessCvmLimit), other: [] },
      { ...AIDS[2], other: [] },
    ]);
    expect(r.session.state().download).toBeNull();
  });

  it('downloads the CA keys with their check values verified, and the SM keys through 373', () => {
    const sm: HostCaKey = { rid: 'A000000333', index: 'C1', expiry: '20301231', hashAlgorithm: '07', keyAlgorithm: '04', modulus: 'AB'.repeat(64), exponent: '03' };
    const r = simulatorRig({ parameters: { caKeys: CA_KEYS, smCaKeys: [sm] } });
    const keys = [];
    for (let out = r.session.beginDownload('ca-keys') as ReturnType<typeof r.session.nextDownload>; out !== null; out = r.session.nextDownload()) {
      const o = r.send(out)!;
      if (o.parameters?.caKey) keys.push(o.parameters.caKey);
    }
    expect(keys.map((k) => [k.index, k.expiry, k.check])).toEqual([
      ['02', '20211231', 'valid'],
      ['03', '20221231', 'valid'],
      ['04', '20221231', 'valid'],
    ]);
    const smKeys = [];
    const q = r.session.beginDownload('sm-ca-keys');
    expect(q.message.get('60.3')).toBe('373');
    for (let out: typeof q | null = q; out !== null; out = r.session.nextDownload()) {
      const o = r.send(out)!;
      if (o.parameters?.caKey) smKeys.push(o.parameters.caKey);
    }
    // A key hashed other than by SHA-1 goes out without a check value, which the terminal cannot check.
    expect(smKeys.map((k) => [k.rid, k.index, k.keyAlgorithm, k.check])).toEqual([['A000000333', 'C1', '04', 'unchecked']]);
  });

  it('computes a CA key check value the host was not given, which the terminal finds valid', () => {
    const { checkValue: _dropped, ...bare } = CA_KEYS[0]!;
    const r = simulatorRig({ parameters: { caKeys: [bare] } });
    const outcomes = [];
    for (let out = r.session.beginDownload('ca-keys') as ReturnType<typeof r.session.nextDownload>; out !== null; out = r.session.nextDownload()) outcomes.push(r.send(out)!);
    expect(outcomes.find((o) => o.parameters?.caKey)!.parameters!.caKey!).toMatchObject({ checkValue: CA_KEYS[0]!.checkValue, check: 'valid' });
  });

  it('answers a download of an AID or CA key it does not hold with 25; the terminal skips it and the run goes on to its end', () => {
    const r = simulatorRig({ parameters: { aids: AIDS.slice(0, 2), caKeys: CA_KEYS.slice(0, 1) } });
    r.send(r.session.beginDownload('aids'));
    const d = r.session.nextDownload()!;
    const unknown = r.sim.exchange(reframed(d, (m) => m.set('62', [{ tag: '9F06', value: 'A0000000031010' }]))).decision;
    expect(unknown).toMatchObject({ responseCode: '25', reason: 'no parameters for this AID' });
    const key = r.sim.exchange(reframed(d, (m) => {
      m.set('60.3', '370');
      m.set('62', [{ tag: '9F06', value: 'A000000333' }, { tag: '9F22', value: '99' }]);
    })).decision;
    expect(key).toMatchObject({ responseCode: '25', reason: 'no CA key with this RID and index' });
    // The session applies a 25 to its download step by moving on to the next AID.
    const declined = r.sim.handle(reframed(d, (m) => m.set('62', [{ tag: '9F06', value: 'A0000000031010' }])))!;
    expect(r.session.handleResponse(d, declined).code).toBe('25');
    const next = r.session.nextDownload()!;
    expect(next.message.toObject().fields['62']).toEqual([{ tag: '9F06', value: AIDS[1]!.aid }]);
  });

  it('answers a query when it holds nothing with control 0, which ends the run at once', () => {
    const r = simulatorRig({ parameters: { aids: [] } });
    expect(r.send(r.session.beginDownload('aids'))!.message.toObject().fields['62']).toEqual({ '1': '0' });
    expect(r.session.nextDownload()).toBeNull();
  });

  it('answers every count a query may name with the entries after it, flagging more to follow exactly when some remain', () => {
    const r = simulatorRig({ parameters: {} });
    const query = r.session.beginDownload('aids');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 14 }), (n, per, received) => {
        const aids = Array.from({ length: n }, (_, i) => ({ aid: `A0000003330101${String(i).padStart(2, '0')}` }));
        const sim = simulatorRig({ parameters: { aids, perAnswer: per } }, {}, false).sim;
        const answer = sim.exchange(reframed(query, (m) => m.set('62.2', String(received).padStart(2, '0')))).answer!;
        const listed = aids.slice(received, received + per).map((a) => ({ tag: '9F06', value: a.aid }));
        const control = listed.length === 0 ? '0' : received + per < n ? '2' : '1';
        expect(answer.toObject().fields['62']).toEqual(listed.length === 0 ? { '1': control } : { '1': control, '2': listed });
      }),
      { seed: 8583, numRuns: 40 },
    );
  });
});

describe('terminal parameters, status upload, lists and the master key against the simulated acquirer', () => {
  it('downloads the named terminal parameters, the merchant name in GBK, and ends the run', () => {
    const terminal = [
      { number: '12', value: '60' },
      { number: '14', value: '075588888888' },
      { number: '17', value: '95516' },
      { number: '18', value: '1' },
      { number: '19', value: '15' },
      { number: '22', value: '深圳测试商户' },
      { number: '26', value: 'FFFF' },
    ];
    const r = simulatorRig({ parameters: { terminal, terminalOptions: { gbk: gbkCodec } } }, {}, true, { parameters: { gbk: gbkCodec } });
    const first = r.session.beginDownload('terminal-parameters');
    expect([first.kind, first.message.get('60.3')]).toEqual(['terminal-parameters', '364']);
    const o = r.send(first)!;
    expect(o.parameters!.terminal).toMatchObject({
      timeoutSeconds: 60,
      transactionPhones: ['075588888888'],
      managementPhone: '95516',
      tipEnabled: true,
      tipPercentage: 15,
      merchantName: '深圳测试商户',
    });
    const end = r.session.nextDownload()!;
    expect([end.kind, end.message.get('60.3')]).toEqual(['terminal-parameters-end', '361']);
    expect(r.send(end)!.code).toBe('00');
    expect(r.session.nextDownload()).toBeNull();
  });

  it('acknowledges a status upload and answers 30 to one whose items do not read', () => {
    const r = simulatorRig();
    expect(r.send(r.session.statusUpload())!.code).toBe('00');
    expect(r.sim.decisions().at(-1)!.reason).toBe('5 status items received');
    const bad = r.session.statusUpload({ items: [{ number: '01', value: '1' }] });
    expect(r.sim.exchange(reframed(bad, (m) => m.set('62', fromHex('3939')))).decision).toMatchObject({ responseCode: '30', reason: 'format error: status items unreadable' });
  });

  it('hands out a card-BIN list and a master key block as held, raw, and answers 25 for a list it holds none of', () => {
    const bins = fromHex('3632323538383030');
    const block = fromHex('00112233445566778899AABBCCDDEEFF');
    const r = simulatorRig({ parameters: { raw: { '960': bins, '401': block } } });
    const list = r.send(r.session.listDownload({ code: '960' }))!;
    expect(toHex(list.message.get('62') as Uint8Array)).toBe(toHex(bins));
    expect(r.send(r.session.downloadEnd('961'))!.code).toBe('00');
    const tmk = r.send(r.session.tmkDownload())!;
    expect(toHex(tmk.message.get('62') as Uint8Array)).toBe(toHex(block));
    expect(r.send(r.session.listDownload({ code: '390' }))!.code).toBe('25');
  });
});

describe('the processing requirement of the answers header', () => {
  it.each([
    ['5', 'aids', 'download-ic-parameters'],
    ['4', 'ca-keys', 'download-ca-keys'],
    ['1', 'terminal-parameters', 'download-parameters'],
  ] as const)('digit %s asks for the %s run, which clears it once done', (digit, run, requirement) => {
    const r = simulatorRig({ parameters: { aids: AIDS, caKeys: CA_KEYS, terminal: [{ number: '12', value: '60' }] } });
    r.sim.setProcessingRequirement(digit);
    const echo = r.send(r.session.echo())!;
    expect(echo.required).toMatchObject({ digit, requirement });
    expect(r.session.requirement()).toMatchObject({ digit, requirement });
    r.sim.setProcessingRequirement('0');
    for (let out = r.session.beginDownload(run) as ReturnType<typeof r.session.nextDownload>; out !== null; out = r.session.nextDownload()) r.send(out);
    expect(r.session.requirement()).toBeNull();
  });

  it('digit 3 asks for a new sign-in, which clears it; a requirement survives a restart', () => {
    const r = simulatorRig();
    r.sim.setProcessingRequirement('3');
    r.send(r.session.echo());
    r.sim.setProcessingRequirement('0');
    const restarted = r.restart();
    expect(restarted.session.requirement()).toMatchObject({ digit: '3', requirement: 'sign-in' });
    restarted.send(restarted.session.signIn());
    expect(restarted.session.requirement()).toBeNull();
  });

  it('a digit the session cannot see done is cleared by requirementDone()', () => {
    const r = simulatorRig();
    r.sim.setProcessingRequirement('6');
    r.send(r.session.echo());
    expect(r.session.requirement()).not.toBeNull();
    r.session.requirementDone();
    expect(r.session.requirement()).toBeNull();
    expect(r.saved.at(-1)!.requirement).toBe('0');
  });
});

describe('acting on every processing requirement', () => {
  const BLACKLIST = fromHex('36323235383830313233343536373833');
  function rig() {
    return simulatorRig({ parameters: { aids: AIDS.slice(0, 2), caKeys: CA_KEYS.slice(0, 1), terminal: [{ number: '12', value: '60' }], raw: { '390': BLACKLIST } } });
  }

  it.each([
    ['1', 'download-parameters', ['terminal-parameters 364', 'terminal-parameters-end 361']],
    ['2', 'upload-status', ['status-upload 362']],
    ['3', 'sign-in', ['sign-in 003']],
    ['4', 'download-ca-keys', ['capk-query 372', 'capk-download 370', 'capk-download-end 371']],
    ['5', 'download-ic-parameters', ['aid-query 382', 'aid-download 380', 'aid-download 380', 'aid-download-end 381']],
    ['7', 'download-blacklist', ['list-download 390', 'list-download-end 391']],
  ] as const)('digit %s (%s): requiredRequest() sends what fulfils it, one answer at a time, then the requirement is cleared', (digit, requirement, steps) => {
    const r = rig();
    r.sim.setProcessingRequirement(digit);
    expect(r.send(r.session.echo())!.required).toMatchObject({ digit, requirement });
    r.sim.setProcessingRequirement('0');
    const sent: string[] = [];
    for (let out = r.session.requiredRequest(); out !== null; out = r.session.requiredRequest()) {
      sent.push(`${out.kind} ${String(out.message.get('60.3'))}`);
      expect(r.send(out)!.code).toBe('00');
      expect(sent.length).toBeLessThan(10);
    }
    expect(sent).toEqual(steps);
    expect(r.session.requirement()).toBeNull();
    expect(r.saved.at(-1)!.requirement).toBe('0');
  });

  it('hands the blacklist over raw in the answer of the run\'s download', () => {
    const r = rig();
    const answer = r.send(r.session.beginDownload('blacklist'))!;
    expect(toHex(answer.message.get('62') as Uint8Array)).toBe(toHex(BLACKLIST));
    expect(r.session.nextDownload()!.kind).toBe('list-download-end');
  });

  it.each([
    ['6', 'download-application'],
    ['8', 'acquirer-defined'],
    ['9', 'acquirer-defined'],
  ] as const)('digit %s (%s) is the caller\'s to fulfil: requiredRequest() sends nothing and the requirement stays until requirementDone()', (digit, requirement) => {
    const r = rig();
    r.sim.setProcessingRequirement(digit);
    r.send(r.session.echo());
    expect(r.session.requiredRequest()).toBeNull();
    expect(r.session.requirement()).toMatchObject({ digit, requirement, transactions: [] });
    r.session.requirementDone();
    expect(r.session.requirement()).toBeNull();
  });

  it('digit 0 asks for nothing: no required in the outcome, nothing to send', () => {
    const r = rig();
    const o = r.send(r.session.echo())!;
    expect(o.processingRequirement).toBe('0');
    expect(o.required).toBeUndefined();
    expect(r.session.requiredRequest()).toBeNull();
  });

  it('digit 4 goes on with the SM CA key run under way, whose end fulfils it too', () => {
    const sm: HostCaKey = { rid: 'A000000333', index: 'C1', expiry: '20301231', hashAlgorithm: '07', keyAlgorithm: '04', modulus: 'AB'.repeat(64), exponent: '03' };
    const r = simulatorRig({ parameters: { caKeys: CA_KEYS, smCaKeys: [sm] } });
    r.sim.setProcessingRequirement('4');
    r.send(r.session.echo());
    r.sim.setProcessingRequirement('0');
    const query = r.session.beginDownload('sm-ca-keys');
    expect(query.message.get('60.3')).toBe('373');
    r.send(query);
    const sent: string[] = [];
    for (let out = r.session.requiredRequest(); out !== null; out = r.session.requiredRequest()) {
      sent.push(`${out.kind} ${String(out.message.get('60.3'))}`);
      r.send(out);
    }
    expect(sent).toEqual(['capk-download 370', 'capk-download-end 371']);
    expect(r.session.state().download).toBeNull();
    expect(r.session.requirement()).toBeNull();
  });

  it('digit 3 signs in again with the SM sign-in when the terminal is configured for it, which clears it', () => {
    const SM_TMK = '0123456789ABCDEFFEDCBA9876543210';
    const r = simulatorRig({ terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, smTmk: SM_TMK, batch: '000100' }] }, { smSignIn: { code: '006', tmk: SM_TMK } }, false);
    r.sim.setProcessingRequirement('3');
    r.send(r.session.echo());
    r.sim.setProcessingRequirement('0');
    const out = r.session.requiredRequest()!;
    expect([out.kind, out.message.get('60.3')]).toEqual(['sm-sign-in', '006']);
    expect(r.send(out)!.code).toBe('00');
    expect(r.session.state().keys!.algorithm).toBe('sm4');
    expect(r.session.requirement()).toBeNull();
  });

  it('a list end other than the blacklist\'s (961 after card BINs) does not fulfil digit 7', () => {
    const r = simulatorRig({ parameters: { raw: { '960': fromHex('3632') } } });
    r.sim.setProcessingRequirement('7');
    r.send(r.session.echo());
    r.sim.setProcessingRequirement('0');
    r.send(r.session.listDownload({ code: '960' }));
    r.send(r.session.downloadEnd('961'));
    expect(r.session.requirement()).toMatchObject({ digit: '7' });
  });
});

/** `out`'s request changed by `edit` and framed again (parameter exchanges carry no MAC). */
function reframed(out: Outgoing, edit: (m: Message) => void): Uint8Array {
  const m = cup.decode(out.body);
  edit(m);
  return frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode(m) });
}
