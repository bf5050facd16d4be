/** A terminal session wired in process to the simulated acquirer, with helpers to hold, repeat and forge answers. */
import { fromHex } from '../../src/bytes/hex.js';
import { signMessage } from '../../src/crypto/message-mac.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import type { Message } from '../../src/message/message.js';
import { AcquirerHostSimulator, type HostCard, type HostSimulatorOptions } from '../../src/testing/host-simulator.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing, type SessionOptions, type TerminalConfig, type TerminalState } from '../../src/txn/session.js';
import { CONFIG, MID, PAN, TID, TMK, now, seeded } from './simulated-terminal.js';

const cup = cupDialect();

/** A UnionPay card whose BIN (4367 42) a prefix rule counts as foreign, though CUP issues it domestically. */
export const CUP_436742 = '4367420012345673';
/** A Visa test card. */
export const VISA = '4761739001010010';

export interface Lane {
  host: AcquirerHostSimulator;
  terminal: TerminalSession;
  /** Every state the terminal persisted, oldest first. */
  saved: TerminalState[];
  /** Sends `out` and applies the host's answer. */
  x(out: Outgoing): ResponseOutcome;
  /** The host processes `out`, and its framed answer is handed back instead of being applied. */
  hold(out: Outgoing): Uint8Array;
  /** A power cycle: the terminal is rebuilt from its last persisted state, through JSON. */
  restart(): void;
  /** Makes the next call of the persist hook throw. */
  failNextPersist(): void;
}

export interface LaneOptions {
  config?: Partial<TerminalConfig>;
  cards?: HostCard[];
  host?: Partial<HostSimulatorOptions>;
  session?: Partial<SessionOptions>;
}

/** A signed-in terminal (batch 000100) and the simulated acquirer that knows it and its cards. */
export function signedInLane(options: LaneOptions = {}): Lane {
  const host = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: options.cards ?? [
      { pan: PAN, balance: '1000000' },
      { pan: CUP_436742, balance: '1000000', organisation: 'CUP' },
      { pan: VISA, balance: '1000000' },
    ],
    random: seeded(17),
    now,
    ...options.host,
  });
  const saved: TerminalState[] = [];
  let failing = false;
  const sessionOptions: SessionOptions = {
    now,
    ...options.session,
    persist: (s) => {
      if (failing) {
        failing = false;
        throw new Error('storage unavailable');
      }
      saved.push(s);
    },
  };
  const lane: Lane = {
    host,
    terminal: TerminalSession.create({ ...CONFIG, ...options.config }, sessionOptions),
    saved,
    x: (out) => lane.terminal.handleResponse(out, host.handle(out.frame)!),
    hold: (out) => host.handle(out.frame)!,
    restart: () => {
      const stored = JSON.parse(JSON.stringify(saved.at(-1))) as TerminalState;
      lane.terminal = TerminalSession.restore(stored, sessionOptions);
    },
    failNextPersist: () => {
      failing = true;
    },
  };
  const signIn = lane.x(lane.terminal.signIn());
  if (!signIn.approved) throw new Error('sign-in was not approved');
  return lane;
}

/** The answer inside `frame` changed by `edit`, then MACed with `mak` (hex) or left without a MAC when `mak` is null. */
export function forged(frame: Uint8Array, edit: (m: Message) => void, mak: string | null): Uint8Array {
  const parts = unframeMessage(cupFrameProfile, frame);
  const m = cup.decode(parts.body.slice());
  m.delete('64');
  edit(m);
  const body = mak === null ? cup.encode(m) : signMessage(cup, m, fromHex(mak));
  return frameMessage(cupFrameProfile, { tpdu: parts.tpdu, header: parts.header, body });
}

export const SWIPED = { entry: 'magstripe' as const, track2: `${PAN}=27062207001000100` };
export const swiped = (pan: string) => ({ entry: 'magstripe' as const, track2: `${pan}=27062207001000100` });
/** A contact chip read: the ARQC data the card gave at its first GENERATE AC. */
export const chip = (pan: string) => ({
  entry: 'contact' as const,
  pan,
  expiry: '2706',
  sequence: '001',
  icc: [
    { tag: '9F26', value: '1122334455667788' },
    { tag: '9F27', value: '80' },
    { tag: '9F10', value: '07010103A0A000010A010000000000' },
    { tag: '9F37', value: '0A0B0C0D' },
    { tag: '9F36', value: '0042' },
    { tag: '95', value: '0000000000' },
    { tag: '9A', value: '240611' },
    { tag: '9C', value: '00' },
    { tag: '9F02', value: '000000010000' },
    { tag: '5F2A', value: '0156' },
    { tag: '82', value: '7C00' },
    { tag: '9F1A', value: '0156' },
    { tag: '9F03', value: '000000000000' },
    { tag: '9F33', value: 'E0E1C8' },
  ],
});
export const QR = { entry: 'qr' as const, code: '6220123456789012345' };
