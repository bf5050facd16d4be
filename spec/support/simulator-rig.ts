/** A terminal session wired to an in-process simulated acquirer, for specs of whole exchanges. */
import { AcquirerHostSimulator, type HostSimulatorOptions } from '../../src/testing/host-simulator.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing, type SessionOptions, type TerminalConfig } from '../../src/txn/session.js';
import type { TerminalState } from '../../src/txn/session-state.js';
import { CONFIG, MID, PAN, TID, TMK, now, seeded } from './simulated-terminal.js';

export interface SimulatorRig {
  sim: AcquirerHostSimulator;
  session: TerminalSession;
  /** Every state the session persisted, oldest first. */
  saved: TerminalState[];
  /** Sends `out` to the host; applies the answer, or the missing answer, to the session. */
  send(out: Outgoing): ResponseOutcome | null;
  /** Sends whatever is due until nothing is; returns the outcomes. */
  drain(): ResponseOutcome[];
  /** A new session restored from the last persisted state (a restart), wired to the same host. */
  restart(): SimulatorRig;
}

/** A rig: the simulator with the shared terminal (batch 000100) and card, a session, signed in unless told not to. */
export function simulatorRig(
  options: Partial<HostSimulatorOptions> = {},
  config: Partial<TerminalConfig> = {},
  signIn = true,
  sessionOptions: Omit<SessionOptions, 'persist' | 'now'> = {},
): SimulatorRig {
  const sim = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: [{ pan: PAN, pin: '123456', balance: '100000' }],
    random: seeded(8583),
    now,
    ...options,
  });
  const make = (session: (persist: (s: TerminalState) => void) => TerminalSession): SimulatorRig => {
    const saved: TerminalState[] = [];
    const s = session((x) => saved.push(x));
    const send = (out: Outgoing): ResponseOutcome | null => {
      const answer = sim.handle(out.frame);
      if (answer === null) {
        s.noResponse(out);
        return null;
      }
      return s.handleResponse(out, answer);
    };
    const drain = (): ResponseOutcome[] => {
      const out: ResponseOutcome[] = [];
      for (let due = s.due(); due !== null; due = s.due()) {
        const o = send(due);
        if (o !== null) out.push(o);
      }
      return out;
    };
    const rig: SimulatorRig = {
      sim,
      session: s,
      saved,
      send,
      drain,
      restart: () => make((persist) => TerminalSession.restore(saved.at(-1)!, { ...sessionOptions, persist, now })),
    };
    return rig;
  };
  const rig = make((persist) => TerminalSession.create({ ...CONFIG, ...config }, { ...sessionOptions, persist, now }));
  if (signIn) rig.send(rig.session.signIn());
  return rig;
}
