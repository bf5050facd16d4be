// The simulator runs on the host kit: its reversals, keys and numbering behave as the kit's do.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { AcquirerHostSimulator } from '../../src/testing/host-simulator.js';
import { TerminalSession } from '../../src/txn/session.js';
import { CARD, CONFIG, MID, PAN, TID, TMK, now, seeded } from '../support/simulated-terminal.js';

function simulator(): AcquirerHostSimulator {
  return new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: [{ pan: PAN, balance: '100000' }],
    random: seeded(8583),
    now,
  });
}

describe('the simulator on the host kit', () => {
  it('answers a repeated reversal with the same bytes and gives the money back once', () => {
    const sim = simulator();
    const session = TerminalSession.create(CONFIG, { now });
    const signIn = session.signIn();
    session.handleResponse(signIn, sim.handle(signIn.frame)!);
    sim.drop();
    const sale = session.sale({ amount: '4000', card: CARD });
    expect(sim.handle(sale.frame)).toBeNull();
    session.noResponse(sale);
    expect(sim.balanceOf(PAN)).toBe('96000');
    const reversal = session.pendingReversal()!;
    const first = sim.handle(reversal.frame)!;
    const again = sim.handle(reversal.frame)!;
    expect(toHex(again)).toBe(toHex(first));
    expect(sim.decisions().slice(-2).map((d) => d.reason)).toEqual(['original reversed', 'reversal answered again as before']);
    expect(sim.balanceOf(PAN)).toBe('100000');
    expect(session.handleResponse(reversal, first).code).toBe('00');
  });

  it('verifies a request MACed with the keys of the sign-in before the last, and reports the new keys', () => {
    const sim = simulator();
    const session = TerminalSession.create(CONFIG, { now });
    const signIn = session.signIn();
    session.handleResponse(signIn, sim.handle(signIn.frame)!);
    const before = sim.keyCheckValues(TID);
    const sale = session.sale({ amount: '100', card: CARD });
    // The same terminal signs in again (another session) while the sale is on its way.
    const again = TerminalSession.create(CONFIG, { now });
    const second = again.signIn();
    again.handleResponse(second, sim.handle(second.frame)!);
    expect(sim.keyCheckValues(TID)).not.toEqual(before);
    expect(sim.exchange(sale.frame).decision).toMatchObject({ kind: 'sale', responseCode: '00' });
  });

  it('numbers answers with the kit: RRNs by day and counter, authorisation codes from one counter', () => {
    const sim = simulator();
    const session = TerminalSession.create(CONFIG, { now });
    const signIn = session.signIn();
    session.handleResponse(signIn, sim.handle(signIn.frame)!);
    const sales = [1, 2].map(() => {
      const out = session.sale({ amount: '100', card: CARD });
      return session.handleResponse(out, sim.handle(out.frame)!).message;
    });
    expect(sales.map((m) => [m.get('37'), m.get('38')])).toEqual([
      ['416300000002', '000001'],
      ['416300000003', '000002'],
    ]);
  });
});
