import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { TerminalSession, type TerminalState } from '../../src/txn/session.js';
import { upgradeState } from '../../src/txn/session-state.js';
import { caught } from '../support/errors.js';
import { CARD, CONFIG, PAN, now } from '../support/simulated-terminal.js';
import { simulatorRig } from '../support/simulator-rig.js';

describe('the session state of stored advices, downloads, requirements and pending payments', () => {
  it('starts with none of them and restores an older state without them', () => {
    const s = TerminalSession.create(CONFIG, { now }).state();
    expect([s.advices, s.download, s.requirement, s.pendingPayment]).toEqual([[], null, '0', null]);
    const { advices: _a, download: _d, requirement: _r, pendingPayment: _p, ...older } = s;
    const restored = TerminalSession.restore(upgradeState(older as TerminalState)).state();
    expect([restored.advices, restored.download, restored.requirement, restored.pendingPayment]).toEqual([[], null, '0', null]);
  });

  it('refuses a damaged state with the path of the damage', () => {
    const s = TerminalSession.create(CONFIG, { now }).state();
    const bad: [Partial<TerminalState>, string][] = [
      [{ advices: [{ kind: 'sale', stan: '000001', request: { mti: '0200', fields: {} }, attempts: 0 }] as TerminalState['advices'] }, 'stored advice is not valid (field advices.0)'],
      [{ download: { run: 'aids', stage: 'download', items: ['A0'], next: 2 } }, 'parameter download progress is not valid (field download)'],
      [{ requirement: '12' }, 'processing requirement must be one digit (field requirement)'],
      [{ pendingPayment: { kind: 'sale', stan: '1', batch: '000001', amount: '000000000100', request: { mti: '0200', fields: {} } } }, 'pending payment is not valid (field pendingPayment)'],
      [{ keys: { pik: '0'.repeat(32), mak: '0'.repeat(16), algorithm: 'sm4' } }, 'SM4 working keys must be 32 hex digits each (field keys.algorithm)'],
    ];
    for (const [change, message] of bad) {
      const e = caught(() => TerminalSession.restore({ ...s, ...change }));
      expect([e.code, e.message]).toEqual(['BAD_STATE', message]);
    }
  });

  it('refuses an SM sign-in configuration it cannot use, naming each problem', () => {
    const e = caught(() => TerminalSession.create({ ...CONFIG, smSignIn: { code: '007' as '005', tmk: 'ABC' }, inProgressCodes: ['9'] }));
    expect(e.message).toBe('terminal configuration has 3 problems: config.smSignIn.code, config.smSignIn.tmk, config.inProgressCodes');
  });
});

describe('storing advices', () => {
  it('stores only advices, electronic-cash uploads and script results, and not while the batch settles', () => {
    const r = simulatorRig();
    expect(caught(() => r.session.storeAdvice({ kind: 'sale' } as never)).code).toBe('NOT_STORABLE');
    r.send(r.session.settle());
    expect(caught(() => r.session.storeAdvice({ kind: 'offline-settlement', input: { amount: '100', card: CARD } })).code).toBe('BATCH_SETTLING');
  });

  it('hands out stored advices whose printing and serialising mask the card number', () => {
    const r = simulatorRig();
    r.session.storeAdvice({ kind: 'offline-settlement', input: { amount: '100', card: { entry: 'manual', pan: PAN, expiry: '2706' } } });
    const [advice] = r.session.storedAdvices();
    expect(advice!.request.fields['2']).toBe(PAN);
    for (const shown of [JSON.stringify(advice), String(advice), inspect(advice, { depth: 9 }), JSON.stringify(r.session.storedAdvices())]) {
      expect(shown).not.toContain(PAN);
      expect(shown).not.toContain(PAN.slice(6, 12));
    }
  });

  it('builds a stored advice at once, so a bad input is refused when stored, not when sent', () => {
    const r = simulatorRig();
    expect(caught(() => r.session.storeAdvice({ kind: 'offline-settlement', input: { amount: 'x', card: CARD } })).code).toBe('INVALID_INPUT');
    expect(r.session.storedAdvices()).toEqual([]);
  });

  it('keeps an advice stored when its answer does not authenticate, and takes it off once one does', () => {
    const r = simulatorRig();
    r.session.storeAdvice({ kind: 'offline-settlement', input: { amount: '100', card: CARD } });
    const out = r.session.due()!;
    const answer = r.sim.handle(out.frame)!;
    const forged = answer.slice();
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 0x01;
    expect(r.session.handleResponse(out, forged).macValid).toBe(false);
    expect(r.session.storedAdvices()).toHaveLength(1);
    const again = r.session.due()!;
    expect(again.stan).toBe(out.stan);
    // The host took the first send: it acknowledges the repeat without booking it twice.
    expect(r.send(again)!.code).toBe('00');
    expect(r.sim.decisions().at(-1)!.reason).toBe('advice already received');
    expect(r.session.storedAdvices()).toEqual([]);
    expect(r.session.state().batchJournal.records.map((x) => x.stan)).toEqual([out.stan]);
    expect(r.sim.ledger.entries(r.session.state().config.terminalId)).toHaveLength(1);
  });
});

describe('defaults the session fills in', () => {
  it('puts the original sale\'s card organisation in 63.1 of its refund (D6)', () => {
    const r = simulatorRig({ cards: [{ pan: PAN, balance: '100000', organisation: 'JCB' }] });
    const sale = r.send(r.session.sale({ amount: '1000', card: CARD }))!;
    const refund = r.session.refund({ amount: '1000', card: CARD, original: { rrn: sale.message.get('37') as string, date: sale.message.get('13') as string } });
    expect(refund.message.get('63.1')).toBe('JCB');
    expect(r.send(refund)!.code).toBe('00');
  });

  it("sends the terminal's read capability in 60.4 whatever the card proves (6 unless configured), as BCTC asks (D15)", () => {
    const r = simulatorRig();
    const cards = [CARD, { entry: 'manual' as const, pan: PAN, expiry: '2706' }, { entry: 'qr' as const, code: '6220123456789012345' }];
    for (const card of cards) {
      const sale = r.session.sale({ amount: '100', card });
      expect([card.entry, sale.message.get('60.4')]).toEqual([card.entry, '6']);
      r.send(sale);
    }
    const magstripeOnly = simulatorRig({}, { readCapability: '2' });
    expect(magstripeOnly.session.sale({ amount: '100', card: CARD }).message.get('60.4')).toBe('2');
  });

  it('asks for a payment result only while a payment waits for one', () => {
    const r = simulatorRig();
    expect(caught(() => r.session.paymentResultQuery()).code).toBe('NO_PAYMENT_PENDING');
  });

  it('refuses a download run it does not know', () => {
    const r = simulatorRig();
    expect(caught(() => r.session.beginDownload('keys' as 'aids')).message).toBe(
      'download run must be aids, ca-keys, sm-ca-keys, terminal-parameters or blacklist (field run)',
    );
    expect(r.session.nextDownload()).toBeNull();
  });
});
