import { describe, expect, it } from 'vitest';
import { ReversalLedger, type LedgerRef } from '../../src/host/reversal-ledger.js';
import type { MaybePromise } from '../../src/host/steps.js';
import { MemoryHostStore } from '../../src/host/store.js';
import { caught, shape } from '../support/errors.js';
import { SlowStore, TID } from './support.js';

const REF: LedgerRef = { terminalId: TID, batch: '000100', stan: '000042' };
const SALE = { kind: 'sale', amount: '000000001000' };
const APPROVED = { '37': '634100000001', '38': '000001', '39': '00' };
const REVERSED = { '37': '634100000002', '39': '00' };

/** The value of a ledger call over memory, which answers at once. */
function now<T>(value: MaybePromise<T>): T {
  expect(typeof (value as { then?: unknown }).then).toBe('undefined');
  return value as T;
}

describe('the reversal ledger', () => {
  it('claims a request once, settles it, and gives its approval to the first reversal only', () => {
    const ledger = new ReversalLedger();
    expect(ledger.claim(REF, SALE)).toBe('claimed');
    expect(ledger.claim(REF, SALE)).toBe('pending');
    expect(ledger.settle(REF, 'approved', APPROVED)).toBeUndefined();

    let prepared = 0;
    const answer = () => {
      prepared += 1;
      return REVERSED;
    };
    const first = now(ledger.reverse(REF, answer));
    const again = ledger.reverse(REF, answer);
    expect(first).toEqual({
      answer: REVERSED,
      repeated: false,
      finding: 'approved',
      undo: { ...REF, kind: 'sale', state: 'approved', amount: '000000001000', answer: APPROVED },
    });
    expect(again).toEqual({ answer: REVERSED, repeated: true, finding: 'approved' });
    expect(prepared).toBe(1);
    expect(ledger.claim(REF, SALE)).toBe('reversed');
    expect(ledger.claim({ ...REF, stan: '000099' }, SALE)).toBe('claimed');
    expect(ledger.find(REF)).toEqual({ original: first.undo, reversal: { answer: REVERSED, finding: 'approved' } });
  });

  it('keeps a reversal that came before its original, so the original can no longer be claimed', () => {
    const ledger = new ReversalLedger();
    expect(ledger.reverse(REF, () => REVERSED)).toEqual({ answer: REVERSED, repeated: false, finding: 'unknown' });
    expect(ledger.claim(REF, SALE)).toBe('reversed');
  });

  it('has the original undone by its settlement when its reversal arrived while it was pending', () => {
    const ledger = new ReversalLedger();
    ledger.claim(REF, SALE);
    expect(ledger.reverse(REF, () => REVERSED)).toMatchObject({ finding: 'pending', repeated: false });
    expect(ledger.reverse(REF, () => ({}))).toMatchObject({ finding: 'pending', repeated: true, answer: REVERSED });
    expect(ledger.settle(REF, 'approved', APPROVED)).toMatchObject({ stan: '000042', state: 'approved' });
    expect(now(ledger.find(REF)).reversal).toEqual({ answer: REVERSED, finding: 'approved' });

    const declined = { ...REF, stan: '000043' };
    ledger.claim(declined, SALE);
    ledger.reverse(declined, () => REVERSED);
    expect(ledger.settle(declined, 'declined', { '39': '51' })).toBeUndefined();
  });

  it('undoes an original once when workers race with the same reversal over a slow store', async () => {
    const store = new SlowStore();
    store.delayMs = 1;
    const workers = [new ReversalLedger({ store }), new ReversalLedger({ store }), new ReversalLedger({ store })];
    await workers[0]!.claim(REF, SALE);
    await workers[1]!.settle(REF, 'approved', APPROVED);
    let n = 0;
    const outcomes = await Promise.all(workers.flatMap((w) => [w.reverse(REF, () => ({ '37': String(++n).padStart(12, '0'), '39': '00' })), w.reverse(REF, () => REVERSED)]));
    expect(outcomes.filter((o) => o.undo !== undefined).length).toBe(1);
    expect(new Set(outcomes.map((o) => JSON.stringify(o.answer))).size).toBe(1);
    expect(outcomes.filter((o) => !o.repeated).length).toBe(1);
  });

  it('refuses to settle what was not claimed, bad references, and records it cannot read', () => {
    const store = new MemoryHostStore();
    const ledger = new ReversalLedger({ store });
    expect(shape(caught(() => ledger.settle(REF, 'approved', APPROVED)))).toMatchObject({ code: 'BAD_STATE', message: 'only a claimed, undecided request can be settled' });
    expect(shape(caught(() => ledger.claim({ ...REF, stan: '42' }, SALE)))).toMatchObject({ code: 'BAD_ARGUMENT', message: 'stan must be 6 digits (field stan)' });
    store.compareAndSet(`ledger/${TID}/000100/000042`, 0, '{"original":{"kind":"sale","state":"lost"}}');
    expect(shape(caught(() => ledger.reverse(REF, () => REVERSED)))).toMatchObject({ code: 'BAD_STORE_RECORD', message: 'stored ledger record is not in the expected form' });
    store.compareAndSet(`ledger/${TID}/000100/000042`, 1, 'not json');
    expect(shape(caught(() => ledger.find(REF)))).toMatchObject({ code: 'BAD_STORE_RECORD', message: 'stored ledger record is not a JSON object' });
  });
});
