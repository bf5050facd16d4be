import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import BN from 'bn.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { kcv } from '../../src/crypto/kcv.js';
import { SecretKey } from '../../src/crypto/key.js';
import { encryptPinBlock } from '../../src/crypto/pin/pin-block.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { AcquirerHostSimulator, type HostSimulatorOptions } from '../../src/testing/host-simulator.js';
import { buildSettlement } from '../../src/txn/management.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing, type TerminalConfig } from '../../src/txn/session.js';
import { caught } from '../support/errors.js';
import { simulatorRig } from '../support/simulator-rig.js';
import { CARD, HEADER, MID, PAN, TID, TPDU, now } from '../support/simulated-terminal.js';

const cup = cupDialect();

interface Rig {
  sim: AcquirerHostSimulator;
  session: TerminalSession;
  /** Sends `out` to the host; applies the answer, or the missing answer, to the session. */
  send(out: Outgoing): ResponseOutcome | null;
  pin(pin: string, format?: 'iso0' | 'cup-no-pan'): { block: Uint8Array; format: 'iso0' | 'cup-no-pan' };
}

function rig(options: Partial<HostSimulatorOptions> = {}, config: Partial<TerminalConfig> = {}, signIn = true): Rig {
  const { sim, session, send } = simulatorRig(options, config, signIn);
  const pin = (digits: string, format: 'iso0' | 'cup-no-pan' = 'iso0') => {
    const pik = SecretKey.fromHex('tdes', session.state().keys!.pik);
    return { block: encryptPinBlock(format === 'iso0' ? 0 : 'cup-no-pan', pik, digits, PAN), format };
  };
  return { sim, session, send, pin };
}

/** The session's installed keys' check values (4 bytes), as the host reports its own. */
function sessionCheckValues(session: TerminalSession): Record<string, string> {
  const keys = session.state().keys!;
  const out: Record<string, string> = {};
  for (const [name, hex] of Object.entries(keys)) out[name] = toHex(kcv(hex.length === 16 ? 'des' : 'tdes', fromHex(hex), { length: 4 }));
  return out;
}

/** `out`'s frame with its body changed by `edit` after signing, the MAC left as it was. */
function tampered(out: Outgoing, edit: (m: ReturnType<typeof cup.decode>) => void): Uint8Array {
  const m = cup.decode(out.body);
  edit(m);
  return frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode(m) });
}

function sale(r: Rig, amount: string, pin = '123456'): ResponseOutcome | null {
  return r.send(r.session.sale({ amount, card: CARD, pin: r.pin(pin) }));
}

describe('AcquirerHostSimulator configuration', () => {
  it('refuses a bad configuration with one INVALID_CONFIG naming every bad setting', () => {
    const e = caught(
      () =>
        new AcquirerHostSimulator({
          terminals: [{ terminalId: 'SHORT', tmk: 'XYZ', batch: '000000' }],
          cards: [{ pan: '12' }],
          processingRequirement: 'x',
        }),
    );
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.message).toBe(
      'host simulator configuration has 5 problems: terminals.0.terminalId, terminals.0.tmk, terminals.0.batch, cards.0.pan, processingRequirement',
    );
    expect(e.problems?.map((p) => p.message)).toEqual([
      'terminal ID must be 8 printable ASCII characters (field terminals.0.terminalId)',
      'TMK must be 16, 32 or 48 hex digits or a DES/TDES key (field terminals.0.tmk)',
      'batch number must be 6 digits other than 000000 (field terminals.0.batch)',
      'card number must be 12 to 19 digits (field cards.0.pan)',
      'processing requirement must be one digit (field processingRequirement)',
    ]);
  });

  it('needs at least one terminal', () => {
    expect(caught(() => new AcquirerHostSimulator({ terminals: [] })).message).toBe('host simulator configuration has 1 problem: terminals');
  });
});

describe('AcquirerHostSimulator sign-in', () => {
  it.each(['001', '003', '004'] as const)('issues working keys in layout %s that the terminal installs with matching check values', (layout) => {
    const r = rig({}, { keyLayout: layout });
    const issued = r.sim.keyCheckValues(TID)!;
    expect(sessionCheckValues(r.session)).toEqual(issued);
    expect(Object.keys(issued)).toEqual(layout === '004' ? ['pik', 'mak', 'tdk'] : ['pik', 'mak']);
    expect(r.session.state().signedIn).toBe(true);
  });

  it('hands out the configured batch number in 60.2 and the terminal adopts it', () => {
    const r = rig();
    expect(r.session.state().batch).toBe('000100');
    expect(r.sim.decisions()[0]!.reason).toBe('signed in: working keys issued in layout 003, batch 000100');
  });

  it('issues fresh keys at every sign-in', () => {
    const r = rig();
    const first = r.sim.keyCheckValues(TID);
    r.send(r.session.signIn());
    expect(r.sim.keyCheckValues(TID)).not.toEqual(first);
    expect(sessionCheckValues(r.session)).toEqual(r.sim.keyCheckValues(TID));
  });

  it('answers byte for byte the same with the same random source and clock', () => {
    const a = rig({}, {}, false);
    const b = rig({}, {}, false);
    expect(toHex(a.sim.handle(a.session.signIn().frame)!)).toBe(toHex(b.sim.handle(b.session.signIn().frame)!));
  });

  it('reports no keys for a terminal that has not signed in', () => {
    expect(rig({}, {}, false).sim.keyCheckValues(TID)).toBeNull();
  });

  it('withdraws the keys at sign-out, so a MACed request is then answered A0', () => {
    const r = rig();
    const out = r.session.sale({ amount: '100', card: CARD });
    r.session.noResponse(out);
    const signOut = cup.message('0820', { '11': '000099', '41': TID, '42': MID, '60': { '1': '00', '2': '000100', '3': '002' } });
    r.sim.handle(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode(signOut) }));
    expect(r.sim.keyCheckValues(TID)).toBeNull();
    const answer = cup.decode(unframeMessage(cupFrameProfile, r.sim.handle(out.frame)!).body);
    expect([answer.get('39'), answer.has('64')]).toEqual(['A0', false]);
    expect(r.sim.decisions().at(-1)!.reason).toBe('terminal not signed in: no MAC key');
  });
});

describe('AcquirerHostSimulator framing', () => {
  it('answers with the TPDU addresses swapped and the CUP header echoed', () => {
    const r = rig();
    const answer = unframeMessage(cupFrameProfile, r.sim.handle(r.session.echo().frame)!);
    expect(answer.tpdu).toEqual({ id: '60', destination: '0000', source: '0501' });
    expect(answer.header).toEqual(HEADER);
  });

  it('sets the processing requirement it is told to, and the terminal reads it', () => {
    const r = rig();
    r.sim.setProcessingRequirement('3');
    expect(r.send(r.session.echo())!.processingRequirement).toBe('3');
    expect(caught(() => r.sim.setProcessingRequirement('33')).message).toBe('processing requirement must be one digit (field processingRequirement)');
  });
});

describe('AcquirerHostSimulator MAC check', () => {
  it('answers A0 to a request whose MAC does not match and books nothing', () => {
    const r = rig();
    const out = r.session.sale({ amount: '1000', card: CARD });
    const answer = r.sim.handle(tampered(out, (m) => m.set('4', '000000009000')))!;
    const outcome = r.session.handleResponse(out, answer);
    expect([outcome.code, outcome.action, outcome.macValid]).toEqual(['A0', 're-sign-in', true]);
    expect(r.sim.decisions().at(-1)!.reason).toBe('MAC mismatch');
    expect(r.sim.ledger.entries(TID)).toEqual([]);
    expect(r.sim.balanceOf(PAN)).toBe('100000');
  });

  it('answers A0 to a MACed request that carries no MAC', () => {
    const r = rig();
    const out = r.session.sale({ amount: '1000', card: CARD });
    const answer = r.sim.handle(tampered(out, (m) => m.delete('64')))!;
    expect(r.session.handleResponse(out, answer).code).toBe('A0');
    expect(r.sim.decisions().at(-1)!.reason).toBe('request carries no MAC');
  });

  it('MACs its answers with the MAK it issued, so the terminal trusts them', () => {
    const r = rig();
    expect(sale(r, '1000')!.macValid).toBe(true);
  });
});

describe('AcquirerHostSimulator PIN check', () => {
  it('approves the right PIN in an ISO format 0 block', () => {
    expect(sale(rig(), '1000', '123456')!.code).toBe('00');
  });

  it('approves the right PIN in a block without the PAN (53.1 = 1)', () => {
    const r = rig();
    expect(r.send(r.session.sale({ amount: '1000', card: CARD, pin: r.pin('123456', 'cup-no-pan') }))!.code).toBe('00');
  });

  it('declines a wrong PIN with 55 and leaves the balance alone', () => {
    const r = rig();
    const outcome = sale(r, '1000', '654321')!;
    expect([outcome.code, outcome.approved]).toEqual(['55', false]);
    expect(r.sim.decisions().at(-1)!.reason).toBe('wrong PIN');
    expect(r.sim.balanceOf(PAN)).toBe('100000');
  });

  it('answers 99 to a PIN block made under another key', () => {
    const r = rig();
    const block = encryptPinBlock(0, SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210'), '123456', PAN);
    const outcome = r.send(r.session.sale({ amount: '1000', card: CARD, pin: { block } }))!;
    expect([outcome.code, outcome.action]).toEqual(['99', 're-sign-in']);
    expect(r.sim.decisions().at(-1)!.reason).toBe('PIN block does not decode');
  });
});

describe('AcquirerHostSimulator rules', () => {
  it('approves a sale within the funds and debits the card', () => {
    const r = rig();
    expect(sale(r, '2500')!.approved).toBe(true);
    expect(r.sim.balanceOf(PAN)).toBe('97500');
    expect(r.sim.ledger.entries(TID).map((e) => [e.kind, e.amount, e.status])).toEqual([['sale', '000000002500', 'approved']]);
  });

  it('declines a sale above the available balance with 51', () => {
    const r = rig();
    expect(sale(r, '100001')!.code).toBe('51');
    expect(r.sim.balanceOf(PAN)).toBe('100000');
  });

  it('declines an amount above the limit with 61', () => {
    expect(sale(rig({ rules: { maxAmount: '5000' } }), '5001')!.code).toBe('61');
  });

  it('declines a lost card with 41 and the terminal is told to retain it', () => {
    const r = rig();
    r.sim.setCardStatus(PAN, 'lost');
    const outcome = sale(r, '100')!;
    expect([outcome.code, outcome.action]).toEqual(['41', 'retain-card']);
  });

  it('declines a card missing from the table with 14', () => {
    const r = rig({ cards: [] });
    expect(r.send(r.session.sale({ amount: '100', card: CARD }))!.code).toBe('14');
  });

  it('answers a balance inquiry with the available balance in 54', () => {
    const r = rig();
    sale(r, '1000');
    const outcome = r.send(r.session.balance({ card: CARD, pin: r.pin('123456') }))!;
    expect(outcome.code).toBe('00');
    expect(outcome.message.toObject().fields['54']).toEqual({ '1': '10', '2': '02', '3': '156', '4': 'C', '5': '000000099000' });
  });

  it('answers with the code an override rule returns', () => {
    const r = rig({ override: (req) => (req.kind === 'sale' ? '05' : undefined) });
    expect(sale(r, '100')!.code).toBe('05');
    expect(r.sim.decisions().at(-1)!.reason).toBe('declined by the override rule');
    expect(r.send(r.session.echo())!.code).toBe('00');
  });
});

describe('AcquirerHostSimulator ledger', () => {
  function voidOf(r: Rig, original: ResponseOutcome, amount: string): ResponseOutcome | null {
    const m = original.message;
    return r.send(
      r.session.void({ card: CARD, original: { stan: m.get('11') as string, batch: '000100', rrn: m.get('37') as string, amount } }),
    );
  }

  it('voids a sale: the sale leaves the totals and its amount returns to the card', () => {
    const r = rig();
    const s = sale(r, '3000')!;
    expect(voidOf(r, s, '3000')!.code).toBe('00');
    expect(r.sim.balanceOf(PAN)).toBe('100000');
    expect(r.sim.ledger.entries(TID).map((e) => [e.kind, e.status])).toEqual([
      ['sale', 'voided'],
      ['void', 'approved'],
    ]);
    expect(r.sim.ledger.totals(TID, '000100').domestic.debitCount).toBe(0);
  });

  it('declines a void whose amount differs from the sale with 64, and a second void with 12', () => {
    const r = rig();
    const s = sale(r, '3000')!;
    expect(voidOf(r, s, '2999')!.code).toBe('64');
    expect(voidOf(r, s, '3000')!.code).toBe('00');
    expect(voidOf(r, s, '3000')!.code).toBe('12');
  });

  it('declines a void of a sale it never approved with 25', () => {
    const r = rig();
    const out = r.session.void({ card: CARD, original: { stan: '000042', batch: '000100', rrn: '123456789012', amount: '100' } });
    expect(r.send(out)!.code).toBe('25');
  });

  it('accepts refunds up to the sale amount and credits the card', () => {
    const r = rig();
    const s = sale(r, '1000')!;
    const original = { rrn: s.message.get('37') as string, date: s.message.get('13') as string };
    expect(r.send(r.session.refund({ card: CARD, amount: '600', original }))!.code).toBe('00');
    expect(r.send(r.session.refund({ card: CARD, amount: '401', original }))!.code).toBe('61');
    expect(r.send(r.session.refund({ card: CARD, amount: '400', original }))!.code).toBe('00');
    expect(r.sim.balanceOf(PAN)).toBe('100000');
    expect(r.sim.ledger.totals(TID, '000100').domestic).toEqual({
      debitAmount: '000000001000',
      debitCount: 1,
      creditAmount: '000000001000',
      creditCount: 2,
    });
  });

  it('declines a refund of an unknown sale with 25 and of a voided sale with 12', () => {
    const r = rig();
    const s = sale(r, '1000')!;
    const date = s.message.get('13') as string;
    expect(r.send(r.session.refund({ card: CARD, amount: '1', original: { rrn: '000000000000', date } }))!.code).toBe('25');
    voidOf(r, s, '1000');
    expect(r.send(r.session.refund({ card: CARD, amount: '1', original: { rrn: s.message.get('37') as string, date } }))!.code).toBe('12');
  });
});

describe('AcquirerHostSimulator pre-authorisations', () => {
  function preauth(r: Rig, amount: string): ResponseOutcome {
    return r.send(r.session.preauth({ amount, card: CARD, pin: r.pin('123456') }))!;
  }

  function reference(p: ResponseOutcome): { authCode: string; date: string } {
    return { authCode: p.message.get('38') as string, date: p.message.get('13') as string };
  }

  it('holds nothing at pre-authorisation and debits the card at completion', () => {
    const r = rig();
    const p = preauth(r, '5000');
    expect([p.code, r.sim.balanceOf(PAN)]).toEqual(['00', '100000']);
    expect(r.send(r.session.preauthCompletion({ amount: '4800', card: CARD, original: reference(p) }))!.code).toBe('00');
    expect(r.sim.balanceOf(PAN)).toBe('95200');
    expect(r.sim.ledger.totals(TID, '000100').domestic.debitAmount).toBe('000000004800');
  });

  it('declines a completion whose pre-authorisation it does not know with 25', () => {
    const r = rig();
    const out = r.session.preauthCompletion({ amount: '100', card: CARD, original: { authCode: '999999', date: '0611' } });
    expect(r.send(out)!.code).toBe('25');
    expect(r.sim.decisions().at(-1)!.reason).toBe('pre-authorisation not found');
  });

  it('cancels a pre-authorisation, after which it cannot be completed', () => {
    const r = rig();
    const p = preauth(r, '5000');
    expect(r.send(r.session.preauthVoid({ card: CARD, original: { ...reference(p), amount: '5000' } }))!.code).toBe('00');
    expect(r.send(r.session.preauthCompletion({ amount: '5000', card: CARD, original: reference(p) }))!.code).toBe('25');
  });

  it('voids a completion and credits the card back', () => {
    const r = rig();
    const p = preauth(r, '5000');
    const c = r.send(r.session.preauthCompletion({ amount: '5000', card: CARD, original: reference(p) }))!;
    const m = c.message;
    const original = { stan: m.get('11') as string, batch: '000100', rrn: m.get('37') as string, amount: '5000', date: m.get('13') as string };
    expect(r.send(r.session.preauthCompletionVoid({ card: CARD, original }))!.code).toBe('00');
    expect(r.sim.balanceOf(PAN)).toBe('100000');
    expect(r.sim.ledger.totals(TID, '000100').domestic.debitCount).toBe(0);
  });
});

describe('AcquirerHostSimulator drops, delays and reversals', () => {
  it('processes a sale whose answer it drops, then reverses it when the reversal arrives', () => {
    const r = rig();
    r.sim.drop();
    expect(sale(r, '4000')).toBeNull();
    expect(r.sim.decisions().at(-1)).toMatchObject({ outcome: 'response-lost', responseCode: '00', kind: 'sale' });
    expect(r.sim.balanceOf(PAN)).toBe('96000');
    const reversal = r.session.pendingReversal()!;
    expect(reversal.message.get('39')).toBe('98');
    expect(r.send(reversal)!.code).toBe('00');
    expect(r.sim.decisions().at(-1)!.reason).toBe('original reversed');
    expect(r.sim.balanceOf(PAN)).toBe('100000');
    expect(r.sim.ledger.entries(TID).map((e) => e.status)).toEqual(['reversed']);
    expect(r.session.pendingReversal()).toBeNull();
  });

  it('acknowledges the reversal of a request it never saw', () => {
    const r = rig();
    r.sim.drop({ lose: 'request' });
    expect(sale(r, '4000')).toBeNull();
    expect(r.sim.ledger.entries(TID)).toEqual([]);
    expect(r.send(r.session.pendingReversal()!)!.code).toBe('00');
    expect(r.sim.decisions().at(-1)!.reason).toBe('acknowledged: the host never approved the original');
  });

  it('reversing a void puts the voided sale back in the totals', () => {
    const r = rig();
    const s = sale(r, '3000')!;
    r.sim.drop();
    const m = s.message;
    r.send(r.session.void({ card: CARD, original: { stan: m.get('11') as string, batch: '000100', rrn: m.get('37') as string, amount: '3000' } }));
    expect(r.sim.balanceOf(PAN)).toBe('100000');
    r.send(r.session.pendingReversal()!);
    expect(r.sim.ledger.entries(TID).map((e) => [e.kind, e.status])).toEqual([
      ['sale', 'approved'],
      ['void', 'reversed'],
    ]);
    expect(r.sim.balanceOf(PAN)).toBe('97000');
  });

  it('drops only what a predicate picks', () => {
    const r = rig();
    r.sim.drop({ count: Infinity, when: (req) => req.kind === 'echo' });
    expect(r.send(r.session.echo())).toBeNull();
    expect(r.send(r.session.echo())).toBeNull();
    expect(sale(r, '10')!.code).toBe('00');
    r.sim.clearFaults();
    expect(r.send(r.session.echo())).not.toBeNull();
  });

  it('answers a delayed request only after waiting, in the asynchronous form', async () => {
    const waited: number[] = [];
    const r = rig({ sleep: async (ms) => void waited.push(ms) });
    r.sim.delay({ ms: 1500 });
    const echo = r.session.echo();
    const answer = await r.sim.handleAsync(echo.frame);
    expect(answer).not.toBeNull();
    expect(waited).toEqual([1500]);
    expect(r.sim.decisions().at(-1)!.delayMs).toBe(1500);
    r.session.handleResponse(echo, answer!);
    await r.sim.handleAsync(r.session.echo().frame);
    expect(waited).toEqual([1500]);
  });

  it('answers at once in the synchronous form even when a delay is scheduled', () => {
    const r = rig();
    r.sim.delay({ ms: 60_000 });
    expect(r.sim.handle(r.session.echo().frame)).not.toBeNull();
  });
});

describe('AcquirerHostSimulator settlement and batch upload', () => {
  it('answers a settlement whose totals match its ledger as balanced', () => {
    const r = rig();
    sale(r, '1000');
    sale(r, '2000');
    const outcome = r.send(r.session.settle())!;
    expect(outcome.reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
    expect(r.sim.decisions().at(-1)!.reason).toBe('settlement balanced');
  });

  it('answers a settlement whose totals differ from its ledger as not balanced', () => {
    const r = rig();
    sale(r, '1000');
    const zero = { debitAmount: '0', debitCount: 0, creditAmount: '0', creditCount: 0 };
    const m = buildSettlement(
      { dialect: cup, terminalId: TID, merchantId: MID, stan: '000050', batch: '000100', operator: '001' },
      { totals: { domestic: { ...zero, debitAmount: '999', debitCount: 1 }, foreign: zero } },
    );
    const answer = cup.decode(unframeMessage(cupFrameProfile, r.sim.handle(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode(m) }))!).body);
    expect([answer.get('48.1.5'), answer.get('48.2.5')]).toEqual(['2', '1']);
    expect(r.sim.decisions().at(-1)!.reason).toBe('settlement not balanced: totals differ from the host');
  });

  it('takes the batch upload after a forced dispute and closes the batch at its end', () => {
    const r = rig();
    sale(r, '1000');
    sale(r, '2000');
    r.sim.setSettlementDispute(true);
    // Only the class that holds transactions is disputed; the empty foreign block balances.
    expect(r.send(r.session.settle())!.reconciliation).toEqual({ domestic: 'unbalanced', foreign: 'balanced' });
    for (let out = r.session.nextBatchUpload(); out !== null; out = r.session.nextBatchUpload()) expect(r.send(out)!.code).toBe('00');
    const end = r.session.batchUploadEnd();
    expect(end.message.get('60.3')).toBe('202');
    expect(r.send(end)!.code).toBe('00');
    expect(r.sim.ledger.uploadReport(TID, '000100')).toEqual({ uploaded: 2, matched: 2, unknownToHost: [], missingFromUpload: [], announced: 2 });
    expect(r.sim.decisions().at(-1)!.reason).toBe(
      'batch closed after an unbalanced settlement, next batch 000101: 2 announced, 2 uploaded, 2 matched, 0 unknown to the host, 0 not uploaded',
    );
    expect([r.sim.batchOf(TID), r.session.state().batch]).toEqual(['000101', '000101']);
  });

  it('hands the next batch number to a sign-in after the batch closed', () => {
    const r = rig();
    r.send(r.session.settle());
    r.send(r.session.batchUploadEnd());
    r.send(r.session.signIn());
    expect(r.sim.decisions().at(-1)!.reason).toBe('signed in: working keys issued in layout 003, batch 000101');
    expect(r.session.state().batch).toBe('000101');
  });
});

describe('AcquirerHostSimulator checks a batch-upload end as CUP hosts do', () => {
  /** A batch-upload end with the given 60.3 and count, made by hand after the session's settlement. */
  function endWith(r: Rig, code: string): ResponseOutcome {
    const end = r.session.batchUploadEnd();
    end.message.set('60.3', code);
    return r.session.handleResponse(end, r.sim.handle(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode(end.message) }))!);
  }

  it('refuses 202 after a settlement it found balanced and keeps the batch open', () => {
    const r = rig();
    sale(r, '1000');
    r.send(r.session.settle());
    expect(endWith(r, '202')).toMatchObject({ approved: false, code: '30' });
    expect(r.sim.decisions().at(-1)!.reason).toBe('format error: the batch-upload end after a balanced settlement is 207');
    expect(r.sim.batchOf(TID)).toBe('000100');
  });

  it('refuses 207 after a settlement it found unbalanced', () => {
    const r = rig({ disputeSettlement: true });
    sale(r, '1000');
    r.send(r.session.settle());
    r.send(r.session.nextBatchUpload()!);
    expect(endWith(r, '207')).toMatchObject({ approved: false, code: '30' });
    expect(r.sim.decisions().at(-1)!.reason).toBe('format error: the batch-upload end after an unbalanced settlement is 202');
  });

  it('answers 94 to a financial request whose STAN it already approved in the batch, and 77 to one for a settled batch', () => {
    const r = rig();
    const out = r.session.sale({ amount: '1000', card: CARD });
    r.sim.handle(out.frame);
    expect(r.sim.handle(out.frame)).not.toBeNull();
    expect(r.sim.decisions().at(-1)).toMatchObject({ responseCode: '94', reason: 'duplicate transaction: this STAN was already approved in the batch' });
    r.session.noResponse(out);
    r.send(r.session.pendingReversal()!);
    r.send(r.session.settle());
    const late = TerminalSession.restore({ ...r.session.state(), settlement: null, exchanges: [] }, { now }).sale({ amount: '1000', card: CARD });
    r.sim.handle(late.frame);
    expect(r.sim.decisions().at(-1)).toMatchObject({ responseCode: '77', reason: 'batch already settled: sign in again for the next batch' });
  });
});

describe('AcquirerHostSimulator bad requests', () => {
  it('throws the unframing error for bytes that are no whole frame', () => {
    const r = rig();
    expect(caught(() => r.sim.handle(fromHex('0003600501'))).code).toBe('FRAME_TRUNCATED');
    expect(caught(() => r.sim.handle(fromHex('0009600501'))).code).toBe('FRAME_LENGTH_MISMATCH');
  });

  it('throws NOT_A_REQUEST for a response sent to it', () => {
    const r = rig({}, {}, false);
    const answer = r.sim.handle(r.session.signIn().frame)!;
    expect(caught(() => r.sim.handle(answer)).code).toBe('NOT_A_REQUEST');
  });

  it('answers 97 to a terminal it does not know and 03 to a merchant that does not match', () => {
    const stranger = rig({}, { terminalId: 'STRANGER' }, false);
    expect(stranger.send(stranger.session.signIn())!.code).toBe('97');
    const wrongShop = rig({}, { merchantId: '999999999999999' }, false);
    expect(wrongShop.send(wrongShop.session.signIn())!.code).toBe('03');
  });

  it('answers 30 to a request that lacks mandatory fields', () => {
    const r = rig();
    const echo = cup.message('0820', { '41': TID, '60': { '1': '00', '2': '000100', '3': '301' } });
    const answer = cup.decode(unframeMessage(cupFrameProfile, r.sim.handle(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode(echo) }))!).body);
    expect(answer.get('39')).toBe('30');
    expect(r.sim.decisions().at(-1)!.reason).toBe('format error: request lacks fields or its codes disagree');
  });

  it('keeps card numbers and tracks out of every decision it records', () => {
    const r = rig();
    sale(r, '1000', '000000');
    sale(r, '1000');
    r.sim.drop();
    sale(r, '1');
    const text = JSON.stringify(r.sim.decisions());
    expect(text).not.toContain(PAN);
    expect(text).not.toContain(PAN.slice(6));
  });
});

describe('AcquirerHostSimulator reconciliation property', () => {
  type Step = { op: 'sale'; amount: number; drop: boolean } | { op: 'void'; pick: number } | { op: 'refund'; pick: number; part: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('sale' as const), amount: fc.integer({ min: 1, max: 20_000 }), drop: fc.boolean() }),
    fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('refund' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  );

  it('settles balanced after any run of sales, voids, refunds and reversed lost answers, with the card balance matching the totals', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
        const r = rig({ cards: [{ pan: PAN, pin: '123456', balance: '1000000' }] });
        const approved: ResponseOutcome[] = [];
        for (const s of steps) {
          const reversal = r.session.pendingReversal();
          if (reversal !== null) r.send(reversal);
          if (s.op === 'sale') {
            if (s.drop) r.sim.drop();
            const o = r.send(r.session.sale({ amount: String(s.amount), card: CARD }));
            if (o?.approved) approved.push(o);
          } else if (approved.length > 0) {
            const m = approved[s.pick % approved.length]!.message;
            const amount = new BN(m.get('4') as string, 10);
            if (s.op === 'void') {
              r.send(r.session.void({ card: CARD, original: { stan: m.get('11') as string, batch: '000100', rrn: m.get('37') as string, amount } }));
            } else {
              const part = BN.max(new BN(1), amount.muln(s.part).divn(100));
              r.send(r.session.refund({ card: CARD, amount: part, original: { rrn: m.get('37') as string, date: m.get('13') as string } }));
            }
          }
        }
        const reversal = r.session.pendingReversal();
        if (reversal !== null) r.send(reversal);
        const outcome = r.send(r.session.settle())!;
        expect(outcome.reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
        const t = r.sim.ledger.totals(TID, '000100').domestic;
        const spent = new BN(t.debitAmount, 10).sub(new BN(t.creditAmount, 10));
        expect(r.sim.balanceOf(PAN)).toBe(new BN(1_000_000).sub(spent).toString(10));
      }),
      { seed: 8583, numRuns: 25 },
    );
  });
});
