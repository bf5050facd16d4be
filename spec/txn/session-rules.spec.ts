// One example per rule of the terminal session against a slow, faulty or hostile acquirer: each test plays the
// situation that used to lose or double-book money, against the simulated host, and checks both sides' books.
import { describe, expect, it } from 'vitest';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { frameMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { swapTpdu } from '../../src/frame/tpdu.js';
import { respondTo } from '../../src/txn/host-responder.js';
import { TerminalSession, type TerminalState } from '../../src/txn/session.js';
import { caught } from '../support/errors.js';
import { CUP_436742, QR, SWIPED, VISA, chip, forged, signedInLane, swiped } from '../support/acquirer-lane.js';
import { HEADER, PAN, TID, TPDU, now } from '../support/simulated-terminal.js';

const cup = cupDialect();
/** A MAK the host never issued. */
const WRONG_MAK = '0123456789ABCDEF';

function mak(state: TerminalState): string {
  return state.keys!.mak;
}

function hostStatus(lane: ReturnType<typeof signedInLane>, stan: string): string | undefined {
  return lane.host.ledger.entries(TID).find((e) => e.stan === stan && e.kind !== 'reversal')?.status;
}

describe('an exchange is awaited, then answered or given up', () => {
  it('reports an answer that comes after the terminal gave up as LATE_RESPONSE, applies nothing and keeps the reversal owed', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const late = lane.hold(sale);
    lane.terminal.noResponse(sale);
    const e = caught(() => lane.terminal.handleResponse(sale, late));
    expect(e.code).toBe('LATE_RESPONSE');
    expect(e.message).toBe('the request this answers was given up (timed out or reversed); the answer is not applied');
    expect(lane.terminal.state().batchJournal.records).toEqual([]);
    expect(lane.terminal.state().reversal.pending).toMatchObject({ stan: sale.stan, reason: '98' });
  });

  it('never applies an answer that comes once the reversal was issued, even without a timeout being reported', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const late = lane.hold(sale);
    const reversal = lane.terminal.pendingReversal()!;
    expect(caught(() => lane.terminal.handleResponse(sale, late)).code).toBe('LATE_RESPONSE');
    expect(lane.x(reversal).approved).toBe(true);
    expect(hostStatus(lane, sale.stan)).toBe('reversed');
    expect(lane.terminal.state().batchJournal.records).toEqual([]);
  });

  it('keeps the reversal owed until the host acknowledges the 0400: a lost answer and a refusal each count as one attempt', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    lane.hold(sale);
    lane.terminal.noResponse(sale);
    const first = lane.terminal.pendingReversal()!;
    lane.hold(first);
    lane.terminal.noResponse(first);
    const second = lane.terminal.pendingReversal()!;
    const refused = forged(lane.hold(second), (m) => m.set('39', '96'), mak(lane.terminal.state()));
    expect(lane.terminal.handleResponse(second, refused).approved).toBe(false);
    expect(lane.terminal.state().reversal.pending).toMatchObject({ stan: sale.stan, attempts: 2 });
    expect(lane.x(lane.terminal.pendingReversal()!).approved).toBe(true);
    expect(lane.terminal.state().reversal.pending).toBeNull();
  });

  it('never books a reversed sale again, whatever answer to it still arrives', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const late = lane.hold(sale);
    lane.terminal.noResponse(sale);
    lane.x(lane.terminal.pendingReversal()!);
    for (let i = 0; i < 2; i++) expect(caught(() => lane.terminal.handleResponse(sale, late)).code).toBe('LATE_RESPONSE');
    expect(lane.terminal.state().batchJournal.records).toEqual([]);
    expect(lane.x(lane.terminal.settle()).reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('applies an answer delivered twice once and reports the repeat as DUPLICATE_RESPONSE', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const answer = lane.hold(sale);
    expect(lane.terminal.handleResponse(sale, answer).approved).toBe(true);
    const e = caught(() => lane.terminal.handleResponse(sale, answer));
    expect(e.code).toBe('DUPLICATE_RESPONSE');
    expect(e.message).toBe('this request was already answered; the repeat is not applied');
    expect(lane.terminal.state().batchJournal.records).toHaveLength(1);
  });

  it('refuses a new request while one awaits its answer', () => {
    const lane = signedInLane();
    lane.terminal.balance({ card: SWIPED });
    const e = caught(() => lane.terminal.echo());
    expect(e.code).toBe('EXCHANGE_PENDING');
    expect(e.message).toBe('a request is awaiting its answer: handle the answer or call noResponse first');
  });
});

describe('only authenticated answers change money and reversal state', () => {
  it.each([
    ['without a MAC', null],
    ['with a MAC under another key', WRONG_MAK],
  ])('books no approval that comes %s and keeps its reversal owed with reason A0', (_, key) => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const outcome = lane.terminal.handleResponse(sale, forged(lane.hold(sale), () => {}, key));
    expect(outcome).toMatchObject({ approved: false, action: 'reversal-needed', macValid: false });
    expect(lane.terminal.state().batchJournal.records).toEqual([]);
    expect(lane.terminal.state().reversal.pending).toMatchObject({ stan: sale.stan, reason: 'A0' });
    lane.x(lane.terminal.pendingReversal()!);
    expect(hostStatus(lane, sale.stan)).toBe('reversed');
  });

  it('books nothing from an answer that arrives while the terminal holds no MAK (its keys wiped by a tamper response)', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const answer = lane.hold(sale);
    const wiped = TerminalSession.restore({ ...lane.terminal.state(), keys: null, signedIn: false }, { now });
    expect(wiped.handleResponse(sale, answer)).toMatchObject({ approved: false, macValid: false });
    expect(wiped.state().batchJournal.records).toEqual([]);
    expect(wiped.state().reversal.pending).toMatchObject({ stan: sale.stan, reason: 'A0' });
  });

  it('lets an unMACed decline end the exchange for the cardholder but keeps the reversal owed', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const approvedByHost = lane.hold(sale);
    const decline = forged(approvedByHost, (m) => {
      m.set('39', '51');
      m.delete('38');
    }, null);
    expect(lane.terminal.handleResponse(sale, decline)).toMatchObject({ approved: false, action: 'declined', code: '51', macValid: false });
    expect(lane.terminal.state().reversal.pending).toMatchObject({ stan: sale.stan, reason: 'A0' });
    // The host had approved: the reversal the terminal still owes is what puts the money back.
    expect(caught(() => lane.terminal.handleResponse(sale, approvedByHost)).code).toBe('DUPLICATE_RESPONSE');
    lane.x(lane.terminal.pendingReversal()!);
    expect(hostStatus(lane, sale.stan)).toBe('reversed');
    expect(lane.terminal.state().batchJournal.records).toEqual([]);
  });

  it('clears the reversal of a decline whose MAC verifies', () => {
    const lane = signedInLane({ host: { rules: { maxAmount: '500' } } });
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    expect(lane.x(sale)).toMatchObject({ approved: false, code: '61', macValid: true });
    expect(lane.terminal.state().reversal.pending).toBeNull();
  });
});

describe('an answer must match what was asked', () => {
  it.each([
    ['4', '000000000999'],
    ['3', '200000'],
  ])('refuses an approval whose field %s differs from the request, and takes the right answer afterwards', (path, value) => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const answer = lane.hold(sale);
    const e = caught(() => lane.terminal.handleResponse(sale, forged(answer, (m) => m.set(path, value), mak(lane.terminal.state()))));
    expect(e.code).toBe('RESPONSE_MISMATCH');
    expect(e.message).toBe(`response does not answer the request: ${path} differ`);
    expect(lane.terminal.state().batchJournal.records).toEqual([]);
    expect(lane.terminal.handleResponse(sale, answer).approved).toBe(true);
  });

  it('takes a lower amount only from an explicit partial approval (39 = 10) to a request that offered one (60.6 = 1)', () => {
    const lane = signedInLane();
    const offered = lane.terminal.sale({ amount: '1000', card: SWIPED, partialApproval: true });
    const partial = forged(lane.hold(offered), (m) => { m.set('39', '10'); m.set('4', '000000000600'); }, mak(lane.terminal.state()));
    expect(lane.terminal.handleResponse(offered, partial)).toMatchObject({ approved: true, action: 'partially-approved' });
    expect(lane.terminal.state().batchJournal.records[0]!.amount).toBe('000000000600');

    const notOffered = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const unasked = forged(lane.hold(notOffered), (m) => { m.set('39', '10'); m.set('4', '000000000600'); }, mak(lane.terminal.state()));
    expect(caught(() => lane.terminal.handleResponse(notOffered, unasked)).message).toBe('response does not answer the request: 4 differ');
  });

  it('treats an answer without field 39 as no approval, MAC or not: the reversal stays owed, reason 06', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const outcome = lane.terminal.handleResponse(sale, forged(lane.hold(sale), (m) => m.delete('39'), mak(lane.terminal.state())));
    expect(outcome).toMatchObject({ approved: false, action: 'reversal-needed', macValid: true });
    expect(lane.terminal.state().reversal.pending).toMatchObject({ stan: sale.stan, reason: '06' });
    const reversal = lane.terminal.pendingReversal()!;
    // A 0410 without 39 does not acknowledge the reversal either.
    lane.terminal.handleResponse(reversal, forged(lane.hold(reversal), (m) => m.delete('39'), mak(lane.terminal.state())));
    expect(lane.terminal.state().reversal.pending).toMatchObject({ stan: sale.stan, attempts: 1 });
  });

  it('accepts an echo answered without field 11 (D8)', () => {
    const lane = signedInLane();
    const echo = lane.terminal.echo();
    const answer = respondTo(echo.message, { dialect: cup, now });
    answer.delete('11');
    const frame = frameMessage(cupFrameProfile, { tpdu: swapTpdu(TPDU), header: HEADER, body: cup.encode(answer) });
    expect(lane.terminal.handleResponse(echo, frame)).toMatchObject({ kind: 'echo', approved: true });
  });
});

describe('persistence is write-ahead and retry-safe', () => {
  it('leaves memory where storage is when persisting a request fails, and the retry sends the same STAN', () => {
    const lane = signedInLane();
    const before = lane.terminal.state();
    lane.failNextPersist();
    expect(() => lane.terminal.sale({ amount: '1000', card: SWIPED })).toThrow('storage unavailable');
    expect(lane.terminal.state()).toEqual(before);
    expect(lane.saved.at(-1)).toEqual(before);
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    expect(sale.stan).toBe(String(before.stan + 1).padStart(6, '0'));
    expect(lane.saved.at(-1)).toEqual(lane.terminal.state());
  });

  it('leaves an approval unbooked when persisting it fails, and books it once when the same answer is handled again', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const answer = lane.hold(sale);
    const before = lane.terminal.state();
    lane.failNextPersist();
    expect(() => lane.terminal.handleResponse(sale, answer)).toThrow('storage unavailable');
    expect(lane.terminal.state()).toEqual(before);
    expect(lane.terminal.handleResponse(sale, answer).approved).toBe(true);
    expect(lane.saved.at(-1)!.batchJournal.records).toHaveLength(1);
  });

  it('continues exactly after a restart between sending and answering: the answer is applied to the restored terminal', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const answer = lane.hold(sale);
    lane.restart();
    expect(lane.terminal.awaiting()).toEqual({ kind: 'sale', stan: sale.stan });
    expect(lane.terminal.handleResponse(sale, answer).approved).toBe(true);
    expect(lane.terminal.state().batchJournal.records.map((r) => r.stan)).toEqual([sale.stan]);
  });

  it('gives up the request in flight at a restart when told there is no answer, and owes its reversal', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    lane.hold(sale);
    lane.restart();
    lane.terminal.noResponse();
    expect(lane.terminal.awaiting()).toBeNull();
    expect(lane.terminal.due()!.message.mti).toBe('0400');
  });
});

describe('a restart in the middle of a batch upload', () => {
  it('continues with the records not yet acknowledged and ends with the count of all of them', () => {
    const lane = signedInLane({ host: { disputeSettlement: true } });
    for (let i = 1; i <= 9; i++) lane.x(lane.terminal.sale({ amount: String(i * 100), card: SWIPED }));
    lane.x(lane.terminal.settle());
    lane.x(lane.terminal.nextBatchUpload()!);
    const second = lane.terminal.nextBatchUpload()!;
    lane.hold(second);
    lane.restart();
    expect(lane.terminal.awaiting()).toEqual({ kind: 'batch-upload', stan: second.stan });
    lane.terminal.noResponse();
    const again = lane.terminal.due()!;
    expect([again.kind, again.message.get('48.1'), again.message.get('48.2.2')]).toEqual(['batch-upload', '01', second.message.get('48.2.2')]);
    lane.x(again);
    const end = lane.terminal.due()!;
    expect([end.kind, end.message.get('60.3'), end.message.get('48.1')]).toEqual(['batch-upload-end', '202', '0009']);
    lane.x(end);
    expect(lane.host.ledger.uploadReport(TID, '000100')).toMatchObject({ uploaded: 9, matched: 9, announced: 9 });
  });
});

describe('batch states', () => {
  it('refuses a sale between the 0500 and the batch-upload end instead of losing it (D9)', () => {
    const lane = signedInLane();
    lane.x(lane.terminal.sale({ amount: '1000', card: SWIPED }));
    lane.x(lane.terminal.settle());
    const e = caught(() => lane.terminal.sale({ amount: '777', card: SWIPED }));
    expect(e.code).toBe('BATCH_SETTLING');
    expect(e.message).toBe('the batch is being settled: new business waits until the batch-upload end is answered');
    lane.x(lane.terminal.batchUploadEnd());
    const next = lane.terminal.sale({ amount: '777', card: SWIPED });
    expect(next.message.get('60.2')).toBe('000101');
    lane.x(next);
    expect(lane.terminal.state().batchJournal.records.map((r) => r.amount)).toEqual(['000000000777']);
    expect(lane.host.ledger.totals(TID, '000101').domestic.debitAmount).toBe('000000000777');
  });

  it('closes the batch once when the answer to the batch-upload end arrives twice', () => {
    const lane = signedInLane();
    lane.x(lane.terminal.settle());
    const end = lane.terminal.batchUploadEnd();
    const answer = lane.hold(end);
    lane.terminal.handleResponse(end, answer);
    expect(caught(() => lane.terminal.handleResponse(end, answer)).code).toBe('DUPLICATE_RESPONSE');
    expect(lane.terminal.state().batch).toBe('000101');
  });

  it('resends the settlement while its answer is missing and only then moves on to the upload', () => {
    const lane = signedInLane();
    lane.x(lane.terminal.sale({ amount: '1000', card: SWIPED }));
    const first = lane.terminal.settle();
    lane.terminal.noResponse(first);
    expect(caught(() => lane.terminal.batchUploadEnd()).code).toBe('SETTLEMENT_UNANSWERED');
    const again = lane.terminal.due()!;
    expect([again.kind, again.stan > first.stan]).toEqual(['settlement', true]);
    lane.x(again);
    expect(lane.terminal.due()!.kind).toBe('batch-upload-end');
  });
});

describe('voids and their reversals', () => {
  it('restores the sale in the batch when an approved void is reversed, as the host does', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const approved = lane.x(sale);
    const voidOut = lane.terminal.void({ card: SWIPED, original: { stan: sale.stan, batch: '000100', rrn: approved.message.get('37') as string, amount: '1000' } });
    expect(lane.x(voidOut).approved).toBe(true);
    expect(lane.terminal.state().batchJournal.records[0]!.voided).toBe(true);
    lane.terminal.cannotComplete(voidOut);
    expect(lane.terminal.state().batchJournal.records[0]!.voided).toBe(false);
    lane.x(lane.terminal.pendingReversal()!);
    expect(hostStatus(lane, sale.stan)).toBe('approved');
    expect(lane.x(lane.terminal.settle()).reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('reverses a chip sale the card declined at its second GENERATE AC with the card final TVR and script results and the reason chosen (D13)', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '10000', card: chip(PAN) });
    expect(lane.x(sale).approved).toBe(true);
    lane.terminal.cannotComplete(sale, {
      reason: '06',
      icc: [{ tag: '95', value: '0000048000' }, { tag: 'DF31', value: '2000000000' }, { tag: '9F26', value: 'AABBCCDDEEFF0011' }],
    });
    const reversal = lane.terminal.pendingReversal()!;
    expect(reversal.message.get('39')).toBe('06');
    expect(reversal.message.toObject().fields['55']).toEqual([
      { tag: '9F10', value: '07010103A0A000010A010000000000' },
      { tag: '9F36', value: '0042' },
      { tag: '95', value: '0000048000' },
      { tag: 'DF31', value: '2000000000' },
    ]);
    expect(lane.terminal.state().batchJournal.records[0]!.voided).toBe(true);
    lane.x(reversal);
    expect(hostStatus(lane, sale.stan)).toBe('reversed');
  });
});

describe('STAN', () => {
  it('runs on across 999999 → 000001 inside a batch without repeating one', () => {
    const lane = signedInLane();
    const start = TerminalSession.restore({ ...lane.terminal.state(), stan: 999998 }, { now });
    const stans = [start.echo()];
    start.noResponse();
    stans.push(start.echo());
    start.noResponse();
    stans.push(start.echo());
    expect(stans.map((o) => o.stan)).toEqual(['999999', '000001', '000002']);
  });

  it('refuses new business once a batch has used so many STANs that the next ones could repeat, until it is settled', () => {
    const lane = signedInLane();
    const full = TerminalSession.restore({ ...lane.terminal.state(), stansInBatch: 998_999 }, { now });
    const e = caught(() => full.sale({ amount: '1000', card: SWIPED }));
    expect(e.code).toBe('BATCH_FULL');
    expect(e.message).toBe('the batch has used nearly every STAN: settle it before new business');
    expect(full.settle().kind).toBe('settlement');
  });
});

describe('CUP settlement as real hosts check it', () => {
  it('ends the upload with 207 and a count of 0000 after a balanced settlement (D1, D2)', () => {
    const lane = signedInLane();
    lane.x(lane.terminal.sale({ amount: '1000', card: SWIPED }));
    expect(lane.x(lane.terminal.settle()).reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
    expect(lane.terminal.nextBatchUpload()).toBeNull();
    const end = lane.terminal.batchUploadEnd();
    expect([end.message.get('60.3'), end.message.get('48.1')]).toEqual(['207', '0000']);
    expect(lane.x(end).approved).toBe(true);
  });

  it('uploads magstripe sales in 201, a refund in its own 0320 and a chip sale as a 205 TC record, leaves the QR sale out, and ends with 202 and the count uploaded (D1, D2, D3)', () => {
    const lane = signedInLane({ host: { disputeSettlement: true } });
    const swipe = lane.x(lane.terminal.sale({ amount: '1000', card: SWIPED }));
    lane.x(lane.terminal.sale({ amount: '2000', card: chip(PAN) }));
    lane.x(lane.terminal.sale({ amount: '3000', card: QR }));
    lane.x(lane.terminal.refund({ amount: '400', card: SWIPED, original: { rrn: swipe.message.get('37') as string, date: swipe.message.get('13') as string } }));
    lane.x(lane.terminal.settle());
    const sent: string[] = [];
    for (let out = lane.terminal.nextBatchUpload(); out !== null; out = lane.terminal.nextBatchUpload()) {
      sent.push(`${out.kind} ${out.message.mti} ${out.message.get('60.3')}`);
      if (out.kind === 'batch-upload') expect(out.message.get('48.1')).toBe('01');
      if (out.kind === 'advice-upload') expect(out.message.toObject().fields).toMatchObject({ '3': '200000', '4': '000000000400', '61': { '3': swipe.message.get('13') } });
      if (out.kind === 'ic-tc-upload') expect(out.message.toObject().fields['55']).toContainEqual({ tag: '9F26', value: '1122334455667788' });
      expect(lane.x(out).approved).toBe(true);
    }
    expect(sent).toEqual(['batch-upload 0320 201', 'advice-upload 0320 201', 'ic-tc-upload 0320 205']);
    const end = lane.terminal.batchUploadEnd();
    expect([end.message.get('60.3'), end.message.get('48.1')]).toEqual(['202', '0003']);
    lane.x(end);
    expect(lane.host.ledger.uploadReport(TID, '000100')).toMatchObject({ uploaded: 3, matched: 3, unknownToHost: [], announced: 3 });
  });

  it('counts a UnionPay card outside the 62/9 BINs as domestic because the approval says CUP in 63.1 (D4)', () => {
    const lane = signedInLane();
    lane.x(lane.terminal.sale({ amount: '5000', card: swiped(CUP_436742) }));
    lane.x(lane.terminal.sale({ amount: '700', card: swiped(VISA) }));
    expect(lane.terminal.state().batchJournal.records.map((r) => [r.cardClass, r.cardOrganisation])).toEqual([
      ['domestic', 'CUP'],
      ['foreign', 'VIS'],
    ]);
    const settle = lane.terminal.settle();
    expect([settle.message.get('48.1.1'), settle.message.get('48.2.1')]).toEqual(['000000005000', '000000000700']);
    expect(lane.x(settle).reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('puts a tip into the original sale record and the totals, as the host does (D5)', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: swiped(VISA) });
    const approved = lane.x(sale);
    const tip = lane.terminal.tip({
      card: swiped(VISA),
      tip: '200',
      original: { stan: sale.stan, batch: '000100', amount: '1000', rrn: approved.message.get('37') as string },
    });
    expect(lane.x(tip).approved).toBe(true);
    expect(lane.terminal.state().batchJournal.records).toMatchObject([{ stan: sale.stan, amount: '000000001200' }]);
    const settle = lane.terminal.settle();
    expect(settle.message.get('48.2.1')).toBe('000000001200');
    expect(lane.x(settle).reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('gives the original sale the adjusted amount of an accepted settlement adjustment, as the host does (D5)', () => {
    const lane = signedInLane();
    const sale = lane.terminal.sale({ amount: '1000', card: SWIPED });
    const approved = lane.x(sale);
    const adjust = lane.terminal.adjustment({ card: SWIPED, amount: '850', original: { stan: sale.stan, batch: '000100', rrn: approved.message.get('37') as string } });
    expect(lane.x(adjust).approved).toBe(true);
    expect(lane.terminal.state().batchJournal.records).toMatchObject([{ stan: sale.stan, amount: '000000000850' }]);
    expect(lane.host.ledger.totals(TID, '000100').domestic.debitAmount).toBe('000000000850');
    expect(lane.x(lane.terminal.settle()).reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
  });

  it('chooses 202 after an unbalanced 0510 without being told', () => {
    const lane = signedInLane();
    lane.x(lane.terminal.sale({ amount: '1000', card: SWIPED }));
    lane.host.setSettlementDispute(true);
    lane.x(lane.terminal.settle());
    lane.x(lane.terminal.nextBatchUpload()!);
    expect(lane.terminal.batchUploadEnd().message.get('60.3')).toBe('202');
  });
});
