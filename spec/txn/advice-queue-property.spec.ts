// Store and forward as a property: whatever advices a terminal stores, and wherever it restarts, each reaches the
// host once, oldest first, before any new business or the settlement, and the books of both sides agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../support/errors.js';
import { CARD } from '../support/simulated-terminal.js';
import { simulatorRig } from '../support/simulator-rig.js';

// The card holds 1000.00: four advices of at most 200.00 and the sale after them fit.
const amounts = fc.array(fc.integer({ min: 1, max: 20_000 }).map(String), { minLength: 1, maxLength: 4 });

describe('the store-and-forward queue', () => {
  it('sends every stored advice once, in the order stored, before new business and the 0500, across a restart at any point', () => {
    fc.assert(
      fc.property(amounts, fc.nat(), (list, at) => {
        let r = simulatorRig();
        const restartAt = at % (list.length + 1);
        const stans: string[] = [];
        list.forEach((amount, i) => {
          if (i === restartAt) r = r.restart();
          stans.push(r.session.storeAdvice({ kind: 'offline-settlement', input: { amount, card: CARD } }).stan);
        });
        if (restartAt === list.length) r = r.restart();
        expect(r.session.storedAdvices().map((a) => a.stan)).toEqual(stans);
        expect(caught(() => r.session.sale({ amount: '100', card: CARD })).code).toBe('ADVICES_PENDING');
        expect(caught(() => r.session.settle()).code).toBe('ADVICES_PENDING');

        const before = r.sim.decisions().length;
        const outcomes = r.drain();
        expect(outcomes.map((o) => o.code)).toEqual(list.map(() => '00'));
        expect(r.sim.decisions().slice(before).map((d) => [d.kind, d.stan])).toEqual(stans.map((s) => ['offline-settlement', s]));
        expect(r.session.storedAdvices()).toEqual([]);
        const booked = r.session.state().batchJournal.records;
        expect(booked.map((x) => [x.stan, x.amount])).toEqual(stans.map((s, i) => [s, list[i]!.padStart(12, '0')]));
        expect(r.sim.ledger.entries(r.session.state().config.terminalId).map((e) => e.stan)).toEqual(stans);
        expect(r.send(r.session.sale({ amount: '100', card: CARD }))!.code).toBe('00');
      }),
      { numRuns: 30 },
    );
  });
});
