import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { kcv } from '../../src/crypto/kcv.js';
import { SecretKey } from '../../src/crypto/key.js';
import { signMessage } from '../../src/crypto/message-mac.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import type { CanonicalTlv } from '../../src/message/engine.js';
import { issuerDataOf, SCRIPT_ADVICE_TAGS } from '../../src/txn/builders/chip.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing } from '../../src/txn/session.js';
import { ARQC_ICC } from '../support/chip-card.js';
import { caught } from '../support/errors.js';
import { CARD, HEADER, MID, now, PAN, TID, TMK, TPDU } from '../support/simulated-terminal.js';
import { simulatorRig, type SimulatorRig } from '../support/simulator-rig.js';

const cup = cupDialect();

const CHIP = { entry: 'contact' as const, pan: PAN, sequence: '001', icc: [...ARQC_ICC] };

/** A script that blocks nothing: an issuer script identifier and one command (the card's answer is its business). */
const SCRIPT: CanonicalTlv = { tag: '72', children: [{ tag: '9F18', value: '00000001' }, { tag: '86', value: '841E0000040011223344' }] };

function chipSale(r: SimulatorRig, amount = '1000'): { out: Outgoing; outcome: ResponseOutcome } {
  const out = r.session.sale({ amount, card: CHIP });
  return { out, outcome: r.send(out)! };
}

/** What the card reports after running the scripts: DF31 = result (20: done) and the script's identifier. */
function scriptAdvice(): CanonicalTlv[] {
  return [...ARQC_ICC.filter((t) => SCRIPT_ADVICE_TAGS.includes(t.tag)), { tag: 'DF31', value: '2000000001' }];
}

describe('chip answers of the simulated acquirer', () => {
  it('answers a chip sale with 91 (ARPC and the response code in ASCII) beside the ATC, and no scripts unless asked', () => {
    const r = simulatorRig({ rules: { unknownCards: 'approve' } });
    const { outcome } = chipSale(r);
    expect(outcome.code).toBe('00');
    const issuer = issuerDataOf(outcome.message);
    expect(issuer.authentication).toMatch(/^[0-9A-F]{16}3030$/);
    expect(issuer.scripts).toEqual([]);
    expect((outcome.message.toObject().fields['55'] as CanonicalTlv[]).map((t) => t.tag)).toEqual(['9F36', '91']);
  });

  it('answers a declined chip request with 91 carrying the decline code', () => {
    const r = simulatorRig({ cards: [{ pan: PAN, balance: '10' }] });
    const { outcome } = chipSale(r);
    expect(outcome.code).toBe('51');
    expect(issuerDataOf(outcome.message).authentication!.slice(16)).toBe('3531');
  });

  it('puts the issuer scripts it is asked for in an approval, and takes the 0620 with the card\'s script results', () => {
    const asked: string[] = [];
    const r = simulatorRig({
      rules: { unknownCards: 'approve' },
      issuerScripts: (req) => {
        asked.push(`${String(req.kind)} ${String(req.stan)}`);
        return [SCRIPT];
      },
    });
    const { out, outcome } = chipSale(r);
    expect(asked).toEqual([`sale ${out.stan}`]);
    expect(issuerDataOf(outcome.message).scripts).toEqual([SCRIPT]);
    const note = r.session.scriptNotification({ sent: out, approval: outcome, icc: scriptAdvice() });
    expect([note.message.mti, note.message.get('60.3'), note.message.get('61.2')]).toEqual(['0620', '951', out.stan]);
    const ack = r.send(note)!;
    expect([ack.code, ack.macValid]).toEqual(['00', true]);
    expect(r.sim.scriptResults(TID)).toEqual(['2000000001']);
    // A script notification books nothing.
    expect(r.session.state().batchJournal.records).toHaveLength(1);
  });

  it('sends a stored script notification before the next sale, also after a restart', () => {
    const r = simulatorRig({ rules: { unknownCards: 'approve' }, issuerScripts: () => [SCRIPT] });
    const { out, outcome } = chipSale(r);
    const stored = r.session.storeAdvice({ kind: 'script-notification', input: { sent: out, approval: outcome, icc: scriptAdvice() } });
    expect(caught(() => r.session.sale({ amount: '1', card: CARD })).code).toBe('ADVICES_PENDING');
    const again = r.restart();
    const due = again.session.due()!;
    expect([due.kind, due.stan]).toEqual(['script-notification', stored.stan]);
    expect(again.send(due)!.code).toBe('00');
    expect(again.session.storedAdvices()).toEqual([]);
    expect(again.sim.scriptResults(TID)).toEqual(['2000000001']);
  });

  it('takes the upload of a chip transaction the card declined after the host approved it, while settling', () => {
    const r = simulatorRig({ rules: { unknownCards: 'approve' } });
    r.send(r.session.settle());
    const up = r.session.chipFailureUpload({
      code: '204',
      failure: 'card-declined',
      pan: PAN,
      amount: '1000',
      entryMode: '051',
      icc: [...ARQC_ICC.filter((t) => t.tag !== '9F27'), { tag: '9F27', value: '00' }],
      cardClass: 'domestic',
    });
    expect(r.send(up)!.code).toBe('00');
    expect(r.sim.decisions().at(-1)!.reason).toBe('failed chip transaction recorded');
  });
});

describe('the SM (国密) sign-in against the simulated acquirer', () => {
  const SM_TMK = '0123456789ABCDEFFEDCBA9876543210';

  it('issues SM4 working keys the terminal installs, and later MACs are SM4 MACs both sides verify', () => {
    const r = simulatorRig(
      { terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, smTmk: SM_TMK, batch: '000100' }], rules: { unknownCards: 'approve' } },
      { smSignIn: { code: '006', tmk: SM_TMK } },
      false,
    );
    const out = r.session.smSignIn();
    expect([out.message.get('60.3'), out.message.has('64')]).toEqual(['006', false]);
    const o = r.send(out)!;
    expect(o.code).toBe('00');
    const keys = r.session.state().keys!;
    expect([keys.algorithm, keys.pik.length, keys.mak.length, keys.tdk?.length]).toEqual(['sm4', 32, 32, 32]);
    expect(r.session.state().batch).toBe('000100');
    const sale = r.send(r.session.sale({ amount: '1000', card: CARD }))!;
    expect([sale.code, sale.macValid]).toEqual(['00', true]);
    // The SM4 MAC is 8 hex characters, as field 64 carries them.
    expect(r.sim.keyCheckValues(TID)!.mak).toBe(toHex(kcv('sm4', SecretKey.fromHex('sm4', keys.mak), { length: 4 })));
  });

  it('leaves the SM key block to the caller when no SM master key is configured', () => {
    const r = simulatorRig({ terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, smTmk: SM_TMK }] }, {}, false);
    const o = r.send(r.session.smSignIn())!;
    expect(o.code).toBe('00');
    expect((o.message.get('62') as Uint8Array).length).toBe(60);
    expect(r.session.state().keys).toBeNull();
  });

  it('answers 40 to an SM sign-in from a terminal it holds no SM master key for', () => {
    const r = simulatorRig({}, {}, false);
    expect(r.send(r.session.smSignIn())!.code).toBe('40');
    expect(r.sim.decisions().at(-1)!.reason).toBe('no SM master key for this terminal');
  });
});

describe('scanned-code payments against the simulated acquirer', () => {
  const QR = { entry: 'qr' as const, code: '6220123456789012345' };

  it('returns the voucher (59 A4) with a QR sale, which its void must send back (D7)', () => {
    const r = simulatorRig();
    const sale = r.session.sale({ amount: '1000', card: QR });
    const o = r.send(sale)!;
    const voucher = r.session.voucherOf(sale.stan)!;
    expect(voucher).toBe(`${TID}000100${sale.stan}`);
    expect(o.message.get('59.A4')).toBe(voucher);
    const original = { stan: sale.stan, batch: '000100', rrn: o.message.get('37') as string, amount: '1000' };
    const wrong = r.send(r.session.void({ card: { entry: 'qr', voucher: 'X'.repeat(20) }, original }))!;
    expect(wrong.code).toBe('25');
    expect(r.sim.decisions().at(-1)!.reason).toBe('payment voucher does not match the original');
    const v = r.session.void({ card: { entry: 'qr', voucher }, original });
    expect(v.message.toObject().fields['59']).toEqual([{ tag: 'A4', value: voucher }]);
    expect(r.send(v)!.code).toBe('00');
  });

  it('refunds a QR sale by its voucher', () => {
    const r = simulatorRig();
    const sale = r.session.sale({ amount: '1000', card: QR });
    const o = r.send(sale)!;
    const refund = r.session.refund({ amount: '400', card: { entry: 'qr', voucher: r.session.voucherOf(sale.stan)! }, original: { rrn: o.message.get('37') as string, date: o.message.get('13') as string } });
    expect(r.send(refund)!.code).toBe('00');
  });

  /** A QR sale approved by the simulator, and how its void and refund name it (no card). */
  function qrSale(r: SimulatorRig): { stan: string; voucher: string; forVoid: { stan: string; batch: string; rrn: string; amount: string }; forRefund: { rrn: string; date: string } } {
    const sale = r.session.sale({ amount: '1000', card: QR });
    const o = r.send(sale)!;
    expect(o.code).toBe('00');
    const rrn = o.message.get('37') as string;
    return { stan: sale.stan, voucher: r.session.voucherOf(sale.stan)!, forVoid: { stan: sale.stan, batch: '000100', rrn, amount: '1000' }, forRefund: { rrn, date: o.message.get('13') as string } };
  }

  it('voids a QR sale of the batch named by its STAN alone, sending the voucher the session kept (D7)', () => {
    const r = simulatorRig();
    const sale = qrSale(r);
    const v = r.session.void({ original: sale.forVoid });
    expect(v.message.toObject().fields['59']).toEqual([{ tag: 'A4', value: sale.voucher }]);
    expect(v.message.get('22.1')).toBe('03');
    expect(r.send(v)!.code).toBe('00');
    expect(r.sim.ledger.entries(TID).map((e) => [e.kind, e.stan])).toEqual([['sale', sale.stan], ['void', v.stan]]);
    expect(r.session.state().batchJournal.records.find((x) => x.stan === sale.stan)!.voided).toBe(true);
  });

  it('refunds a QR sale of the batch named by its RRN and date alone, sending the voucher the session kept (D7)', () => {
    const r = simulatorRig();
    const sale = qrSale(r);
    const refund = r.session.refund({ amount: '400', original: sale.forRefund });
    expect(refund.message.toObject().fields['59']).toEqual([{ tag: 'A4', value: sale.voucher }]);
    expect(r.send(refund)!.code).toBe('00');
    expect(r.sim.ledger.entries(TID).map((e) => [e.kind, e.amount])).toEqual([['sale', '000000001000'], ['refund', '000000000400']]);
  });

  it('sends the card or voucher the caller gives rather than the one it kept', () => {
    const r = simulatorRig();
    const sale = qrSale(r);
    const wrong = r.session.void({ card: { entry: 'qr', voucher: 'X'.repeat(20) }, original: sale.forVoid });
    expect(wrong.message.get('59.A4')).toBe('X'.repeat(20));
    expect(r.send(wrong)!.code).toBe('25');
  });

  it('keeps the voucher across a restart: the restored session voids the QR sale by its STAN alone', () => {
    const r = simulatorRig();
    const sale = qrSale(r);
    const again = r.restart();
    expect(again.session.voucherOf(sale.stan)).toBe(sale.voucher);
    const v = again.session.void({ original: sale.forVoid });
    expect(v.message.get('59.A4')).toBe(sale.voucher);
    expect(again.send(v)!.code).toBe('00');
  });

  it('voids by the kept voucher a QR sale the result query booked', () => {
    const r = simulatorRig({ qrInProgress: true });
    const sale = r.session.sale({ amount: '1000', card: QR });
    const first = r.send(sale)!;
    r.sim.completeQrPayments();
    const paid = r.send(r.session.due()!)!;
    expect(paid.code).toBe('00');
    const rrn = r.session.state().batchJournal.records[0]!.rrn!;
    const v = r.session.void({ original: { stan: sale.stan, batch: '000100', rrn, amount: '1000' } });
    expect([first.code, v.message.get('59.A4')]).toEqual(['09', r.session.voucherOf(sale.stan)]);
    expect(r.send(v)!.code).toBe('00');
  });

  it('still needs the card to void or refund a card sale, a sale of another batch, or a QR sale whose voucher it did not keep', () => {
    const r = simulatorRig();
    const card = r.send(r.session.sale({ amount: '1000', card: CARD }))!;
    const cardVoid = { stan: card.message.get('11') as string, batch: '000100', rrn: card.message.get('37') as string, amount: '1000' };
    expect(caught(() => r.session.void({ original: cardVoid })).message).toBe('request input has 1 problem: card');
    expect(caught(() => r.session.refund({ amount: '100', original: { rrn: cardVoid.rrn, date: card.message.get('13') as string } })).message).toBe(
      'request input has 1 problem: card',
    );
    const sale = qrSale(r);
    expect(caught(() => r.session.void({ original: { ...sale.forVoid, batch: '000099' } })).message).toBe('request input has 1 problem: card');
    // A state persisted before vouchers were kept: the QR sale's record has none.
    const state = r.session.state();
    for (const rec of state.batchJournal.records) delete rec.voucher;
    const old = TerminalSession.restore(state, { now });
    expect(old.voucherOf(sale.stan)).toBeUndefined();
    const e = caught(() => old.void({ original: sale.forVoid }));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', 'request input has 1 problem: card']);
    expect(caught(() => old.refund({ amount: '100', original: sale.forRefund })).message).toBe('request input has 1 problem: card');
  });

  it('answers 09 while the customer has not confirmed; the result query books the sale with its voucher once paid', () => {
    const r = simulatorRig({ qrInProgress: true });
    const sale = r.session.sale({ amount: '1000', card: QR });
    const first = r.send(sale)!;
    expect([first.code, first.inProgress]).toEqual(['09', true]);
    expect(r.session.paymentPending()).toMatchObject({ kind: 'sale', stan: sale.stan, amount: '000000001000' });
    expect(r.session.state().pendingPayment!.request.fields['59']).toBeUndefined();
    const ask = r.session.due()!;
    expect([ask.kind, ask.message.get('3'), ask.message.get('60.1'), ask.message.get('61.2')]).toEqual(['qr-result-query', '000010', '61', sale.stan]);
    expect(r.send(ask)!.inProgress).toBe(true);
    expect(r.sim.completeQrPayments()).toBe(1);
    const paid = r.send(r.session.due()!)!;
    expect(paid.code).toBe('00');
    expect(r.session.paymentPending()).toBeNull();
    expect(r.session.state().reversal.pending).toBeNull();
    expect(r.session.voucherOf(sale.stan)).toBe(`${TID}000100${sale.stan}`);
    expect(r.sim.ledger.entries(TID).map((e) => [e.kind, e.stan, e.amount, e.voucher])).toEqual([['sale', sale.stan, '000000001000', `${TID}000100${sale.stan}`]]);
    expect(r.drain().map((x) => x.code)).toEqual([]);
    r.send(r.session.settle());
    expect(r.session.state().settlement!.result).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('ends a payment the customer did not make with its decline, and a reversal cancels one still in progress', () => {
    const r = simulatorRig({ qrInProgress: true });
    r.send(r.session.sale({ amount: '1000', card: QR }));
    r.sim.completeQrPayments('51');
    expect(r.send(r.session.due()!)!.code).toBe('51');
    expect(r.session.paymentPending()).toBeNull();
    expect(r.session.state().batchJournal.records).toEqual([]);
    const second = r.session.sale({ amount: '2000', card: QR });
    r.send(second);
    const reversal = r.session.pendingReversal()!;
    expect(r.send(reversal)!.code).toBe('00');
    expect(r.sim.decisions().at(-1)!.reason).toBe('payment in progress cancelled');
    r.sim.completeQrPayments();
    expect(r.sim.ledger.entries(TID)).toEqual([]);
  });

  it('gives a merchant-presented order its code (59 A6); the result query learns of the payment', () => {
    const r = simulatorRig();
    const order = r.session.qrOrder({ amount: '1500', order: 'ORD-20240611-0001' });
    const o = r.send(order)!;
    expect(o.message.get('59.A5')).toBe('ORD-20240611-0001');
    expect(o.message.get('59.A6')).toBe(`QR${TID}000100${order.stan}`);
    expect(r.session.paymentPending()).toMatchObject({ kind: 'qr-order', stan: order.stan, order: 'ORD-20240611-0001' });
    expect(r.send(r.session.paymentResultQuery())!.code).toBe('09');
    r.sim.completeQrPayments();
    expect(r.send(r.session.paymentResultQuery())!.code).toBe('00');
    expect(r.session.state().batchJournal.records.map((x) => [x.kind, x.stan, x.amount])).toEqual([['sale', order.stan, '000000001500']]);
  });
});

describe('offline advices against the simulated acquirer', () => {
  it('stores an offline sale and a tip, refuses new business and the settlement until they are sent, and sends them after a restart', () => {
    const r = simulatorRig({ cards: [{ pan: PAN, pin: '123456', balance: '100000', organisation: 'VIS' }] });
    const sale = r.send(r.session.sale({ amount: '1000', card: CARD }))!;
    const saleStan = sale.message.get('11') as string;
    r.session.storeAdvice({ kind: 'offline-settlement', input: { amount: '500', card: CARD } });
    r.session.storeAdvice({
      kind: 'tip',
      input: { card: CARD, tip: '100', original: { stan: saleStan, batch: '000100', amount: '1000', date: sale.message.get('13') as string } },
    });
    const stored = r.session.storedAdvices();
    // A swiped card's advice says it was keyed in and carries no track (D12); the tip names the sale's card organisation (D6).
    expect(stored.map((a) => [a.kind, (a.request.fields['22'] as Record<string, string>)['1'], a.request.fields['35'] ?? null])).toEqual([
      ['offline-settlement', '01', null],
      ['tip', '01', null],
    ]);
    expect((stored[1]!.request.fields['63'] as Record<string, string>)['1']).toBe('VIS');
    expect(caught(() => r.session.sale({ amount: '1', card: CARD })).code).toBe('ADVICES_PENDING');
    expect(caught(() => r.session.settle()).code).toBe('ADVICES_PENDING');
    const again = r.restart();
    expect(again.session.storedAdvices().map((a) => a.stan)).toEqual(stored.map((a) => a.stan));
    const answers = again.drain();
    expect(answers.map((a) => [a.kind, a.code])).toEqual([['offline-settlement', '00'], ['tip', '00']]);
    expect(again.session.storedAdvices()).toEqual([]);
    expect(again.sim.ledger.entries(TID).map((e) => [e.kind, e.amount])).toEqual([
      ['sale', '000000001100'],
      ['offline-settlement', '000000000500'],
      ['tip', '000000001100'],
    ]);
    again.send(again.session.settle());
    expect(again.session.state().settlement!.result).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('keeps an advice the host did not answer stored, counting the attempt, and sends it again', () => {
    const r = simulatorRig();
    r.session.storeAdvice({ kind: 'offline-settlement', input: { amount: '500', card: CARD } });
    r.sim.drop({ lose: 'request' });
    expect(r.send(r.session.due()!)).toBeNull();
    expect(r.session.storedAdvices().map((a) => a.attempts)).toEqual([1]);
    expect(r.send(r.session.due()!)!.code).toBe('00');
    expect(r.session.storedAdvices()).toEqual([]);
  });

  it('uploads an electronic-cash sale the card approved offline (0200, 60.1 36) as a debit of the batch', () => {
    const r = simulatorRig({ rules: { unknownCards: 'approve' } });
    const ec = r.session.ecOfflineUpload({ card: { entry: 'contactless', pan: PAN, icc: ARQC_ICC.map((t) => (t.tag === '9F27' ? { tag: '9F27', value: '40' } : t)) }, amount: '800' });
    expect([ec.message.mti, ec.message.get('60.1')]).toEqual(['0200', '36']);
    const o = r.send(ec)!;
    expect(o.code).toBe('00');
    expect((o.message.toObject().fields['55'] as CanonicalTlv[] | undefined)?.some((t) => t.tag === '91') ?? false).toBe(false);
    expect(r.session.state().batchJournal.records.map((x) => [x.kind, x.amount, x.direction])).toEqual([['ec-offline-upload', '000000000800', 'debit']]);
    r.send(r.session.settle());
    expect(r.session.state().settlement!.result).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });
});

describe('merchants of the simulated acquirer', () => {
  const MID2 = '898210154110002';

  it('serves every merchant of a terminal platform\'s pool and declines another with 03', () => {
    const pool = { terminals: [{ terminalId: TID, merchantIds: [MID, MID2], tmk: TMK, batch: '000100' }] };
    const r = simulatorRig(pool, { merchantId: MID2 });
    expect(r.send(r.session.sale({ amount: '1000', card: CARD }))!.code).toBe('00');
    expect(r.sim.ledger.entries(TID)[0]!.merchantId).toBe(MID2);
    const stranger = simulatorRig(pool, { merchantId: '105290058130392' }, false);
    expect(stranger.send(stranger.session.signIn())!.code).toBe('03');
  });

  it('declines above a merchant\'s per-transaction limit and past its daily limit with 61', () => {
    const r = simulatorRig({ merchants: [{ merchantId: MID, maxAmount: '5000', dailyLimit: '8000' }] });
    expect(r.send(r.session.sale({ amount: '6000', card: CARD }))!.code).toBe('61');
    expect(r.sim.decisions().at(-1)!.reason).toBe("amount above the merchant's per-transaction limit");
    expect(r.send(r.session.sale({ amount: '5000', card: CARD }))!.code).toBe('00');
    expect(r.send(r.session.sale({ amount: '3001', card: CARD }))!.code).toBe('61');
    expect(r.sim.decisions().at(-1)!.reason).toBe("merchant's daily limit reached");
    expect(r.send(r.session.sale({ amount: '3000', card: CARD }))!.code).toBe('00');
  });

  it('states what it owes a merchant per day: paid the next day for T+1, the same day for T+0', () => {
    for (const [settlement, valueDate] of [['T+1', '0612'], ['T+0', '0611']] as const) {
      const r = simulatorRig({ merchants: [{ merchantId: MID, settlement }] });
      const sale = r.send(r.session.sale({ amount: '1000', card: CARD }))!;
      r.send(r.session.refund({ amount: '300', card: CARD, original: { rrn: sale.message.get('37') as string, date: sale.message.get('13') as string } }));
      expect(r.sim.merchantStatement(MID)).toEqual({
        merchantId: MID,
        parts: { acquirer: '001', area: '4301', mcc: '7011', serial: '9999' },
        settlement,
        days: [{ date: '0611', valueDate, debitCount: 1, debitAmount: '1000', creditCount: 1, creditAmount: '300', net: '700' }],
      });
    }
  });

  it('refuses a bad merchant list with every problem named', () => {
    const e = caught(() => simulatorRig({ merchants: [{ merchantId: 'short', settlement: 'T+2' as 'T+1', maxAmount: '1.5' }] }, {}, false));
    expect(e.message).toBe('host simulator configuration has 3 problems: merchants.0.merchantId, merchants.0.settlement, merchants.0.maxAmount');
  });
});

describe('requests the simulated acquirer does not serve', () => {
  function frameOf(mti: string, fields: Record<string, unknown>): Uint8Array {
    return frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cup.encode({ mti, fields } as never) });
  }

  it('answers a management request it does not know with 40 and a financial one with 12, echoing 11, 41 and 42', () => {
    const r = simulatorRig();
    const mgmt = r.sim.exchange(frameOf('0800', { '11': '000123', '41': TID, '42': MID, '60': { '1': '00', '2': '000100', '3': '999' } }));
    expect([mgmt.answer!.mti, mgmt.answer!.get('39'), mgmt.answer!.get('11'), mgmt.answer!.get('41'), mgmt.decision.reason]).toEqual([
      '0810', '40', '000123', TID, 'transaction not served by this host',
    ]);
    const fin = r.sim.exchange(frameOf('0200', { '3': '990000', '11': '000124', '41': TID, '42': MID, '60': { '1': '99', '2': '000100' } }));
    expect([fin.answer!.mti, fin.answer!.get('39'), fin.answer!.get('42')]).toEqual(['0210', '12', MID]);
    expect(fin.response).not.toBeNull();
  });

  it('answers 96 to a request it fails on while serving it (enciphered tracks too short to decipher) instead of staying silent', () => {
    const r = simulatorRig({}, { keyLayout: '004' });
    const sale = cup.decode(r.session.sale({ amount: '1000', card: CARD }).body);
    // 53.3 = 1 announces tracks enciphered with the TDK; six digits are shorter than the CUP scheme's block.
    sale.set('53', '2610000000000000');
    sale.set('35', '622588');
    const mak = r.session.state().keys!.mak;
    const body = signMessage(cup, sale, SecretKey.fromHex(mak.length === 16 ? 'des' : 'tdes', mak));
    const ex = r.sim.exchange(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body }));
    expect([ex.answer!.mti, ex.answer!.get('39'), ex.answer!.get('11'), ex.answer!.get('41')]).toEqual(['0210', '96', sale.get('11'), TID]);
    expect(ex.response).not.toBeNull();
    expect(ex.decision).toMatchObject({ kind: 'sale', responseCode: '96', reason: 'system malfunction: track data must be at least 9 bytes for CUP track encryption' });
  });

  it('answers a request whose body does not decode with 30, echoing what it could read', () => {
    const r = simulatorRig();
    const body = cup.encode({ mti: '0200', fields: { '4': '000000001000', '11': '000125', '41': TID, '42': MID } });
    const cut = body.slice(0, body.length - 4);
    const ex = r.sim.exchange(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: cut }));
    expect(ex.request).toBeNull();
    const answer = cup.decode(unframeMessage(cupFrameProfile, ex.response!).body);
    expect(answer.toObject()).toEqual({ mti: '0210', fields: { '11': '000125', '39': '30', '41': TID } });
    expect(ex.decision).toMatchObject({ responseCode: '30', reason: 'format error: the request does not decode' });
  });
});
