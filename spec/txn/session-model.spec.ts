// Model-based test of the terminal session against the simulated acquirer behind a faulty line: answers lost,
// late, duplicated, delivered out of order, stripped of their MAC, signed with the wrong key or replaced by an
// unMACed decline; the persist hook failing and the terminal restarting at every step. The host's ledger is the
// model: after every command the terminal's books are checked against it, and at every settlement the two must
// agree as a real acquirer would see them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { signMessage } from '../../src/crypto/message-mac.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { AcquirerHostSimulator, type LedgerEntry } from '../../src/testing/host-simulator.js';
import { uploadRoute } from '../../src/txn/batch-journal.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing, type TerminalState } from '../../src/txn/session.js';
import { TRANSACTIONS } from '../../src/txn/transaction-table.js';
import { respondTo } from '../../src/txn/host-responder.js';
import { swapTpdu } from '../../src/frame/tpdu.js';
import type { BatchRecord } from '../../src/txn/types.js';
import type { Message } from '../../src/message/message.js';
import { chip } from '../support/acquirer-lane.js';
import { CONFIG, MID, TID, TMK, now, seeded } from '../support/simulated-terminal.js';

const cup = cupDialect();
/** A key the host never issued. */
const WRONG_MAK = '0123456789ABCDEF';
/** The last STAN before a run starts: near 999999, so runs cross the wrap to 000001. */
const START_STAN = 999_970;

const CARDS = {
  domestic: { entry: 'manual' as const, pan: '6225880123456783', expiry: '2706' },
  foreign: { entry: 'magstripe' as const, track2: '4761739001010010=27062207001000100' },
  // A UnionPay card outside the 62/9 BINs: only 63.1 of the approval says it is domestic.
  cup436742: { entry: 'magstripe' as const, track2: '4367420012345673=27062207001000100' },
  chip: chip('6225880123456783'),
};
type CardName = keyof typeof CARDS;

/** What the line or the terminal does to one exchange. */
type Fault =
  | 'ok'
  | 'lose-request'
  | 'lose-answer'
  | 'late'
  | 'duplicate'
  | 'no-mac'
  | 'wrong-mac'
  | 'forged-decline'
  | 'spoofed-approval'
  | 'wrong-amount'
  | 'persist-fails-sending'
  | 'persist-fails-answering'
  | 'restart-before-answer'
  | 'restart-no-answer'
  | 'restart-after-answer'
  | 'cannot-complete'
  | 'card-declines';

/** Faults after which a non-reversible request's fate is unknown to the terminal, while the host may have booked it. */
const UNSETTLED: readonly Fault[] = ['lose-answer', 'late', 'no-mac', 'wrong-mac', 'forged-decline', 'restart-no-answer'];

/** An approval made by someone without the MAK for a request the host never saw. */
function spoofed(out: Outgoing): Uint8Array {
  const answer = respondTo(out.message, { dialect: cup, now });
  return frameMessage(cupFrameProfile, { tpdu: swapTpdu(CONFIG.tpdu), header: CONFIG.header, body: cup.encode(answer) });
}

interface Real {
  host: AcquirerHostSimulator;
  terminal: TerminalSession;
  saved: TerminalState[];
  failNextPersist: boolean;
  /** Answers held back, delivered later: late, repeated, out of order. */
  held: Array<{ out: Outgoing; frame: Uint8Array }>;
  /** `batch:stan` of every new request (not reversals or detail uploads, which repeat their original's). */
  stans: Set<string>;
  /** `batch:stan` of records whose booking the terminal cannot know: unanswered refunds, tips' originals. */
  unsettled: Set<string>;
  /** Whether the host is answering settlements as disputed. */
  dispute: boolean;
}

type Model = Record<string, never>;
type Command = fc.Command<Model, Real>;

function open(r: Real, state: TerminalState): TerminalSession {
  return TerminalSession.restore(state, {
    now,
    persist: (s) => {
      if (r.failNextPersist) {
        r.failNextPersist = false;
        throw new Error('storage unavailable');
      }
      r.saved.push(s);
    },
  });
}

function restart(r: Real): void {
  const stored = JSON.parse(JSON.stringify(r.saved.at(-1))) as TerminalState;
  r.terminal = open(r, stored);
  expect(r.terminal.state()).toEqual(stored);
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (e instanceof Iso8583Error) return e.code;
    throw e;
  }
}

/** The answer inside `frame` changed by `edit` and signed with `mak`, or left without a MAC when `mak` is null. */
function forged(frame: Uint8Array, edit: (m: Message) => void, mak: string | null): Uint8Array {
  const parts = unframeMessage(cupFrameProfile, frame);
  const m = cup.decode(parts.body.slice());
  m.delete('64');
  edit(m);
  const body = mak === null ? cup.encode(m) : signMessage(cup, m, fromHex(mak));
  return frameMessage(cupFrameProfile, { tpdu: parts.tpdu, header: parts.header, body });
}

function answerCode(frame: Uint8Array): string | undefined {
  const code = cup.decode(unframeMessage(cupFrameProfile, frame).body.slice()).get('39');
  return typeof code === 'string' ? code : undefined;
}

function batchOf(out: Outgoing): string {
  return out.message.get('60.2') as string;
}

/** Notes a new request's STAN, which must not have been used before in its batch. */
function noteStan(r: Real, out: Outgoing): void {
  if (out.kind === 'reversal' || out.kind === 'advice-upload' || out.kind === 'ic-tc-upload') return;
  const key = `${batchOf(out)}:${out.stan}`;
  expect(r.stans.has(key), `STAN ${key} used twice in a batch`).toBe(false);
  r.stans.add(key);
}

/** Applies an answer, retrying once after a persist failure when `failFirst`; checks that a failed call changed nothing. */
function deliver(r: Real, out: Outgoing, frame: Uint8Array, failFirst = false): ResponseOutcome | undefined {
  if (failFirst) {
    const before = r.terminal.state();
    r.failNextPersist = true;
    let failed = false;
    try {
      r.terminal.handleResponse(out, frame);
    } catch (e) {
      if (!(e instanceof Error && e.message === 'storage unavailable')) throw e;
      failed = true;
    }
    r.failNextPersist = false;
    if (failed) {
      expect(r.terminal.state()).toEqual(before);
      expect(r.saved.at(-1)).toEqual(before);
    } else {
      return undefined;
    }
  }
  try {
    return r.terminal.handleResponse(out, frame);
  } catch (e) {
    // The only answer a terminal refuses at once is a KCV failure of a sign-in: it ends the exchange.
    if (e instanceof Iso8583Error && e.code === 'KCV_MISMATCH') return undefined;
    throw e;
  }
}

/** Makes a request (through a persist failure first when asked) and runs its exchange through `fault`. */
function exchange(r: Real, make: () => Outgoing | null, fault: Fault): { out: Outgoing; outcome?: ResponseOutcome } | null {
  let out: Outgoing | null;
  if (fault === 'persist-fails-sending') {
    const before = r.terminal.state();
    r.failNextPersist = true;
    const code = (() => {
      try {
        make();
        return 'no failure';
      } catch (e) {
        if (e instanceof Error && e.message === 'storage unavailable') return 'failed';
        throw e;
      }
    })();
    r.failNextPersist = false;
    if (code === 'failed') {
      expect(r.terminal.state()).toEqual(before);
      expect(r.saved.at(-1)).toEqual(before);
    }
    if (code === 'no failure') {
      // The call changed nothing (it persisted nothing to fail): what it made is not in flight.
      expect(r.terminal.awaiting()).toBeNull();
    }
  }
  out = make();
  if (out === null) return null;
  noteStan(r, out);
  expect(r.saved.at(-1)).toEqual(r.terminal.state());
  const k = out.kind;
  const macd = TRANSACTIONS[k].mac;
  switch (fault) {
    case 'lose-request':
      r.terminal.noResponse(out);
      return { out };
    case 'spoofed-approval': {
      if (!macd) {
        r.terminal.noResponse(out);
        return { out };
      }
      const outcome = deliver(r, out, spoofed(out));
      expect(outcome).toMatchObject({ approved: false, macValid: false });
      return { out, outcome: outcome! };
    }
    case 'lose-answer':
      r.host.handle(out.frame);
      r.terminal.noResponse(out);
      return { out };
    case 'late':
      r.held.push({ out, frame: r.host.handle(out.frame)! });
      r.terminal.noResponse(out);
      return { out };
    case 'restart-no-answer':
      r.host.handle(out.frame);
      restart(r);
      r.terminal.noResponse();
      return { out };
    case 'restart-before-answer': {
      const frame = r.host.handle(out.frame)!;
      restart(r);
      return { out, outcome: deliver(r, out, frame) };
    }
    default:
      break;
  }
  const answer = r.host.handle(out.frame)!;
  let frame = answer;
  if (fault === 'no-mac' && macd) frame = forged(answer, () => {}, null);
  if (fault === 'wrong-mac' && macd) frame = forged(answer, () => {}, WRONG_MAK);
  if (fault === 'forged-decline') {
    frame = forged(answer, (m) => {
      m.set('39', '05');
      m.delete('38');
    }, null);
  }
  const mak = r.terminal.state().keys?.mak;
  if (fault === 'wrong-amount' && macd && mak !== undefined && out.message.has('4') && answerCode(answer) === '00') {
    // An approval for another amount, MAC and all: refused, and the exchange still awaits the right answer.
    const before = r.terminal.state();
    const wrong = forged(answer, (m) => m.set('4', '000000000001'), mak);
    expect(codeOf(() => r.terminal.handleResponse(out!, wrong))).toBe('RESPONSE_MISMATCH');
    expect(r.terminal.state()).toEqual(before);
  }
  const outcome = deliver(r, out, frame, fault === 'persist-fails-answering');
  if (fault === 'duplicate') r.held.push({ out, frame });
  if (fault === 'restart-after-answer') restart(r);
  if ((fault === 'cannot-complete' || fault === 'card-declines') && TRANSACTIONS[k].reversible && outcome?.approved && r.terminal.state().settlement === null) {
    r.terminal.cannotComplete(
      out,
      fault === 'card-declines' ? { reason: '06', icc: [{ tag: '95', value: '0000048000' }, { tag: 'DF31', value: '2000000000' }] } : {},
    );
    expect(r.terminal.state().reversal.pending).toMatchObject({ stan: out.stan, reason: fault === 'card-declines' ? '06' : '96' });
  }
  return outcome === undefined ? { out } : { out, outcome };
}

// ---- the invariants ----

function hostEntries(r: Real, batch: string): LedgerEntry[] {
  return r.host.ledger.entries(TID, batch).filter((e) => e.kind !== 'reversal');
}

/** What must hold between commands: storage is memory, nothing in flight, and the terminal's books fit the host's. */
function agree(r: Real): void {
  const state = r.terminal.state();
  expect(r.saved.at(-1)).toEqual(state);
  expect(r.terminal.awaiting()).toBeNull();
  const batch = state.batch;
  const records = state.batchJournal.records;
  expect(new Set(records.map((x) => x.stan)).size).toBe(records.length);
  const entries = hostEntries(r, batch);
  // Nothing booked twice on the host either.
  expect(new Set(entries.map((e) => e.stan)).size).toBe(entries.length);
  const pending = state.reversal.pending;
  const voidOwed = pending?.kind === 'void' ? (pending.request.fields['61'] as Record<string, string> | undefined)?.['2'] : undefined;
  // The terminal books nothing the host does not count, for the amount the host counts.
  for (const rec of records.filter((x) => !x.voided)) {
    const e = entries.find((x) => x.stan === rec.stan);
    if (voidOwed === rec.stan) continue;
    expect(e?.status, `record ${rec.stan} (${rec.kind}) not counted by the host`).toBe('approved');
    if (!r.unsettled.has(`${batch}:${rec.stan}`)) expect(rec.amount).toBe(e!.amount);
  }
  // No reversal is lost: whatever reversible request the host still counts, the terminal booked or owes a reversal of.
  for (const e of entries.filter((x) => x.status === 'approved' && TRANSACTIONS[x.kind].reversible)) {
    if (pending?.stan === e.stan) continue;
    const def = TRANSACTIONS[e.kind];
    if (def.totals !== null) {
      expect(records.find((x) => x.stan === e.stan && !x.voided), `host counts ${e.kind} ${e.stan}, the terminal neither booked nor reverses it`).toBeDefined();
    } else if (def.cancels !== null) {
      expect(records.find((x) => x.stan === e.cancels)?.voided, `host voided ${e.cancels}, the terminal neither did nor reverses the void`).toBe(true);
    }
  }
  // And every record the host counts is the terminal's, unless its fate is unknown to the terminal.
  for (const e of entries.filter((x) => x.status === 'approved' && TRANSACTIONS[x.kind].totals !== null)) {
    if (pending?.stan === e.stan || r.unsettled.has(`${batch}:${e.stan}`)) continue;
    expect(records.find((x) => x.stan === e.stan && !x.voided), `host counts ${e.kind} ${e.stan}, the terminal does not`).toBeDefined();
  }
}

/** After a settlement answer: without unknown fates or a dispute, host and terminal must balance. */
function checkSettlement(r: Real, out: Outgoing, outcome: ResponseOutcome | undefined): void {
  if (out.kind !== 'settlement' || outcome?.reconciliation === undefined || outcome.code !== '00') return;
  const batch = batchOf(out);
  const unknown = [...r.unsettled].some((k) => k.startsWith(`${batch}:`));
  if (!unknown && !r.dispute) expect(outcome.reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
}

/** When the batch-upload end goes out: its code follows the last 0510, its count the records acknowledged. */
function checkEnd(r: Real, out: Outgoing): void {
  if (out.kind !== 'batch-upload-end') return;
  const settlement = r.saved.at(-1)!.settlement!;
  const balanced = settlement.result!.domestic === 'balanced' && settlement.result!.foreign === 'balanced';
  expect(out.message.get('60.3')).toBe(balanced ? '207' : '202');
  expect(Number(out.message.get('48.1'))).toBe(settlement.uploaded.length);
  const records = r.saved.at(-1)!.batchJournal.records;
  const due = records.filter((rec: BatchRecord) => uploadRoute(rec) !== null && (!balanced || uploadRoute(rec) === 'chip'));
  expect([...settlement.uploaded].sort()).toEqual(due.map((rec) => rec.stan).sort());
}

/** Once a batch closed: what the host took in the upload is exactly the terminal's records that go up. */
function checkClosed(r: Real, batch: string, records: BatchRecord[], balanced: boolean): void {
  const report = r.host.ledger.uploadReport(TID, batch);
  const due = records.filter((rec) => uploadRoute(rec) !== null && (!balanced || uploadRoute(rec) === 'chip'));
  expect(report.uploaded).toBe(due.length);
  expect(report.announced).toBe(due.length);
  for (const stan of report.unknownToHost) expect(r.unsettled.has(`${batch}:${stan}`), `uploaded ${stan} unknown to the host`).toBe(true);
}

// ---- commands ----

function originalOf(r: Real, pick: number, usable: (rec: BatchRecord) => boolean): BatchRecord | undefined {
  const list = r.terminal.state().batchJournal.records.filter((x) => !x.voided && usable(x));
  return list.length === 0 ? undefined : list[pick % list.length];
}

type BusinessKind = 'sale' | 'void' | 'refund' | 'tip';

class Business implements Command {
  constructor(
    readonly kind: BusinessKind,
    readonly card: CardName,
    readonly amount: number,
    readonly pick: number,
    readonly fault: Fault,
  ) {}
  check = (): boolean => true;
  run(_: Model, r: Real): void {
    const state = r.terminal.state();
    const make = this.maker(r);
    if (make === null) return;
    const expected = state.reversal.pending !== null ? 'REVERSAL_PENDING' : !state.signedIn ? 'NOT_SIGNED_IN' : state.settlement !== null ? 'BATCH_SETTLING' : undefined;
    if (expected !== undefined) {
      expect(codeOf(make)).toBe(expected);
      expect(r.terminal.state()).toEqual(state);
      agree(r);
      return;
    }
    const done = exchange(r, make, this.fault);
    if (done !== null && UNSETTLED.includes(this.fault) && !TRANSACTIONS[done.out.kind].reversible) {
      const batch = batchOf(done.out);
      r.unsettled.add(`${batch}:${this.kind === 'tip' ? (done.out.message.get('61.2') as string) : done.out.stan}`);
    }
    agree(r);
  }
  private maker(r: Real): (() => Outgoing) | null {
    const t = (): TerminalSession => r.terminal;
    const amount = String(this.amount);
    const batch = r.terminal.state().batch;
    switch (this.kind) {
      case 'sale':
        return () => t().sale({ amount, card: CARDS[this.card] });
      case 'void': {
        const o = originalOf(r, this.pick, (x) => x.kind === 'sale' && x.rrn !== undefined);
        if (o === undefined) return null;
        return () => t().void({ card: CARDS.domestic, original: { stan: o.stan, batch, rrn: o.rrn!, amount: o.amount } });
      }
      case 'refund': {
        const o = originalOf(r, this.pick, (x) => x.kind === 'sale' && x.rrn !== undefined && x.date !== undefined);
        if (o === undefined) return null;
        return () => t().refund({ card: CARDS.domestic, amount: String(1 + (this.amount % Number(o.amount))), original: { rrn: o.rrn!, date: o.date! } });
      }
      case 'tip': {
        const o = originalOf(r, this.pick, (x) => x.kind === 'sale' && x.rrn !== undefined);
        if (o === undefined) return null;
        return () => t().tip({ card: CARDS.domestic, tip: String(1 + (this.amount % 5000)), original: { stan: o.stan, batch, amount: o.amount, rrn: o.rrn! } });
      }
    }
  }
  toString = (): string => `${this.kind}(${this.card}, ${this.amount}, #${this.pick}, ${this.fault})`;
}

/** Sends what the terminal owes before new business: a reversal, then the steps of a settlement. */
class SendDue implements Command {
  constructor(readonly fault: Fault) {}
  check = (): boolean => true;
  run(_: Model, r: Real): void {
    const before = r.terminal.state();
    if (before.reversal.pending === null && before.settlement === null) {
      expect(r.terminal.due()).toBeNull();
      agree(r);
      return;
    }
    if (!before.signedIn) {
      expect(codeOf(() => r.terminal.due())).toBe('NOT_SIGNED_IN');
      agree(r);
      return;
    }
    const batch = before.batch;
    const records = before.batchJournal.records;
    const result = before.settlement?.result;
    let ended: Outgoing | undefined;
    const done = exchange(
      r,
      () => {
        const out = r.terminal.due()!;
        if (out.kind === 'batch-upload-end') {
          checkEnd(r, out);
          ended = out;
        }
        return out;
      },
      this.fault === 'cannot-complete' || this.fault === 'card-declines' || this.fault === 'wrong-amount' ? 'ok' : this.fault,
    );
    if (done !== null) checkSettlement(r, done.out, done.outcome);
    if (ended !== undefined && r.terminal.state().batch !== batch) {
      checkClosed(r, batch, records, result!.domestic === 'balanced' && result!.foreign === 'balanced');
    }
    agree(r);
  }
  toString = (): string => `due(${this.fault})`;
}

class Settle implements Command {
  constructor(readonly dispute: boolean, readonly fault: Fault) {}
  check = (): boolean => true;
  run(_: Model, r: Real): void {
    const state = r.terminal.state();
    const expected =
      state.reversal.pending !== null ? 'REVERSAL_PENDING' : !state.signedIn ? 'NOT_SIGNED_IN' : state.settlement?.result != null ? 'SETTLEMENT_ANSWERED' : undefined;
    if (expected !== undefined) {
      expect(codeOf(() => r.terminal.settle())).toBe(expected);
      agree(r);
      return;
    }
    r.dispute = this.dispute;
    r.host.setSettlementDispute(this.dispute);
    const fault = this.fault === 'cannot-complete' || this.fault === 'card-declines' || this.fault === 'wrong-amount' ? 'ok' : this.fault;
    const done = exchange(r, () => r.terminal.settle(), fault);
    if (done !== null) checkSettlement(r, done.out, done.outcome);
    agree(r);
  }
  toString = (): string => `settle(${this.dispute ? 'disputed' : 'checked'}, ${this.fault})`;
}

/** Delivers an answer held back earlier: it is late or a repeat by now, and changes nothing. */
class DeliverHeld implements Command {
  constructor(readonly pick: number) {}
  check = (): boolean => true;
  run(_: Model, r: Real): void {
    if (r.held.length === 0) return;
    const { out, frame } = r.held.splice(this.pick % r.held.length, 1)[0]!;
    const before = r.terminal.state();
    expect(['LATE_RESPONSE', 'DUPLICATE_RESPONSE']).toContain(codeOf(() => r.terminal.handleResponse(out, frame)));
    expect(r.terminal.state()).toEqual(before);
    agree(r);
  }
  toString = (): string => `deliverHeld(#${this.pick})`;
}

class SignIn implements Command {
  constructor(readonly fault: Fault) {}
  check = (): boolean => true;
  run(_: Model, r: Real): void {
    const fault = ['ok', 'lose-answer', 'late', 'duplicate', 'persist-fails-answering', 'restart-after-answer'].includes(this.fault) ? this.fault : 'ok';
    exchange(r, () => r.terminal.signIn(), fault);
    agree(r);
  }
  toString = (): string => `signIn(${this.fault})`;
}

class Restart implements Command {
  check = (): boolean => true;
  run(_: Model, r: Real): void {
    restart(r);
    agree(r);
  }
  toString = (): string => 'restart';
}

// About half the exchanges go through cleanly, so that money moves between the faults.
const faults = fc.constantFrom<Fault>(
  ...Array.from({ length: 14 }, () => 'ok' as const),
  'lose-request',
  'lose-answer',
  'late',
  'duplicate',
  'no-mac',
  'wrong-mac',
  'forged-decline',
  'spoofed-approval',
  'wrong-amount',
  'persist-fails-sending',
  'persist-fails-answering',
  'restart-before-answer',
  'restart-no-answer',
  'restart-after-answer',
  'cannot-complete',
  'card-declines',
);
const amounts = fc.integer({ min: 1, max: 100_000_000 });
const business = fc
  .tuple(fc.constantFrom<BusinessKind>('sale', 'sale', 'sale', 'void', 'refund', 'tip'), fc.constantFrom<CardName>('domestic', 'foreign', 'cup436742', 'chip'), amounts, fc.nat(50), faults)
  .map(([k, c, a, p, f]) => new Business(k, c, a, p, f));
const due = faults.map((f) => new SendDue(f));
const settle = fc.tuple(fc.boolean(), faults).map(([d, f]) => new Settle(d, f));
const held = fc.nat(20).map((p) => new DeliverHeld(p));
const signIn = faults.map((f) => new SignIn(f));
const restartCmd = fc.constant(new Restart());
// fc.commands picks among its arbitraries evenly: listing one several times makes it that much more frequent.
const commands = [business, business, business, business, business, business, business, business, due, due, due, due, settle, held, signIn, restartCmd];

function startRun(): Real {
  const host = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: [
      { pan: '6225880123456783', balance: '999999999999' },
      { pan: '4761739001010010', balance: '999999999999' },
      { pan: '4367420012345673', balance: '999999999999', organisation: 'CUP' },
    ],
    random: seeded(17),
    now,
  });
  const r: Real = { host, terminal: undefined as unknown as TerminalSession, saved: [], failNextPersist: false, held: [], stans: new Set(), unsettled: new Set(), dispute: false };
  const first: TerminalState = { ...TerminalSession.create(CONFIG).state(), stan: START_STAN };
  r.saved.push(first);
  r.terminal = open(r, first);
  const signIn = r.terminal.signIn();
  r.terminal.handleResponse(signIn, host.handle(signIn.frame)!);
  return r;
}

describe('the terminal session against a faulty acquirer', () => {
  it('never loses a reversal, never books twice, never reuses a STAN in a batch, and settles in agreement with the host', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'max' }), (cmds) => {
        const real = startRun();
        fc.modelRun(() => ({ model: {}, real }), cmds);
        // Finally the line is clean: the terminal signs in, sends everything it owes and settles in agreement with the host.
        new SignIn('ok').run({}, real);
        const owed = (): boolean => real.terminal.state().reversal.pending !== null || real.terminal.state().settlement !== null;
        for (let i = 0; i < 300 && owed(); i++) new SendDue('ok').run({}, real);
        new Settle(false, 'ok').run({}, real);
        for (let i = 0; i < 300 && owed(); i++) new SendDue('ok').run({}, real);
        expect(owed()).toBe(false);
      }),
      { seed: 8583, numRuns: 60 },
    );
  });
});
