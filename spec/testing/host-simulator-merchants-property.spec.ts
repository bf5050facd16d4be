// A merchant's daily limit and statement as properties: the host approves a day's debits exactly while they fit
// the limit, and the statement it owes the merchant sums what it approved, paid the same day (T+0) or the next (T+1).
import BN from 'bn.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD, MID, PAN, now } from '../support/simulated-terminal.js';
import { simulatorRig } from '../support/simulator-rig.js';

describe("a simulated merchant's limits and statement", () => {
  it('approves debits while the day stays within the limit, declines the rest 61, and owes exactly the approved sum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('T+0', 'T+1') as fc.Arbitrary<'T+0' | 'T+1'>,
        fc.integer({ min: 1, max: 90_000 }),
        fc.array(fc.integer({ min: 1, max: 30_000 }), { minLength: 1, maxLength: 6 }),
        (settlement, limit, amounts) => {
          // The card's funds exceed every day's sum, so only the merchant's limit can decline.
          const r = simulatorRig({ cards: [{ pan: PAN, balance: '100000000' }], merchants: [{ merchantId: MID, settlement, dailyLimit: String(limit) }] });
          let running = 0;
          const expected: string[] = [];
          const codes = amounts.map((amount) => {
            const fits = running + amount <= limit;
            if (fits) running += amount;
            expected.push(fits ? '00' : '61');
            return r.send(r.session.sale({ amount: String(amount), card: CARD }))!.code;
          });
          expect(codes).toEqual(expected);
          const statement = r.sim.merchantStatement(MID);
          expect(statement.settlement).toBe(settlement);
          const approved = expected.filter((c) => c === '00').length;
          if (approved === 0) {
            expect(statement.days).toEqual([]);
            return;
          }
          expect(statement.days).toHaveLength(1);
          const [day] = statement.days;
          expect([day!.debitCount, day!.debitAmount, day!.net, day!.creditCount]).toEqual([approved, String(running), String(running), 0]);
          const next = new Date(now().getFullYear(), Number(day!.date.slice(0, 2)) - 1, Number(day!.date.slice(2)) + 1);
          const nextMmdd = String(next.getMonth() + 1).padStart(2, '0') + String(next.getDate()).padStart(2, '0');
          expect(day!.valueDate).toBe(settlement === 'T+0' ? day!.date : nextMmdd);
          expect(new BN(day!.debitAmount, 10).lten(limit)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
