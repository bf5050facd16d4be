// Model-based test of the terminal session and its journals: random runs of sign-ins, sales, voids,
// refunds, lost answers, answers with a bad MAC, faults after approval, reversals, restarts from the
// persisted state and settlements, each checked against a small model of what the terminal owes.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cupDialect } from '../../src/index.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { encryptCupWorkingKeys } from '../../src/crypto/cup-keys.js';
import { frameMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { swapTpdu } from '../../src/frame/tpdu.js';
import type { CompositeValue } from '../../src/codec/values.js';
import { respondTo, type RespondOptions } from '../../src/txn/host-responder.js';
import { BatchJournal } from '../../src/txn/batch-journal.js';
import { readReconciliation } from '../../src/txn/settlement.js';
import { followingBatch, TerminalSession, type Outgoing, type TerminalConfig, type TerminalState } from '../../src/txn/session.js';
import type { CardClass, ReconciliationResult, ReversalReason, SettlementTotals } from '../../src/txn/types.js';
import { CONFIG as SIMULATED_TERMINAL, HEADER, TMK, TPDU, now } from '../support/simulated-terminal.js';

const cup = cupDialect();
// Working keys the simulated host hands out in turn, one set per sign-in.
const KEY_SETS: ReadonlyArray<{ pik: string; mak: string }> = [
  { pik: 'D931648F3DE313A4A22C15DCA4F4299E', mak: 'AB7C577CC7A18045' },
  { pik: '0123456789ABCDEFFEDCBA9876543210', mak: '13579BDF02468ACE' },
  { pik: '89ABCDEF0123456776543210FEDCBA98', mak: 'F1E2D3C4B5A69788' },
];
/** A key the host never issued: responses signed with it fail the terminal's MAC check. */
const WRONG_MAK = '0F1E2D3C4B5A6978';
const CONFIG: TerminalConfig = { ...SIMULATED_TERMINAL, keyLayout: '003' };
/** The last STAN before the run starts: close to 999999 so runs cross the wrap to 000001. */
const START_STAN = 999_980;

/** Cards by class: a UnionPay card (62 BIN) and a Visa test card. */
const CARDS: Readonly<Record<CardClass, string>> = { domestic: '6225880123456783', foreign: '4761739001010010' };
const card = (cls: CardClass) => ({ entry: 'manual' as const, pan: CARDS[cls], expiry: '2706' });

// ---- the model ----

interface ModelRecord {
  kind: 'sale' | 'refund';
  amount: number;
  cardClass: CardClass;
  rrn: string;
  voided: boolean;
}

interface Model {
  signedIn: boolean;
  /** The reversal the terminal owes: the original STAN, the reason, and send attempts so far. */
  pending: { stan: string; reason: ReversalReason; attempts: number } | null;
  /** Approved transactions of the open batch, by STAN. */
  records: Map<string, ModelRecord>;
  /** Every STAN a request of the open batch used (reversals re-use their original's and are not counted). */
  stans: Set<string>;
  lastStan: number;
  batch: string;
}

// ---- the system under test and its host ----

interface Real {
  session: TerminalSession;
  saved: TerminalState[];
  /** Index into KEY_SETS of the keys the host issued last. */
  keys: number;
}

function open(state: TerminalState, saved: TerminalState[]): TerminalSession {
  return TerminalSession.restore(state, { persist: (s) => saved.push(s), now });
}

/** The simulated host's framed answer to `out`, made by the library's responder and signed with the current MAK. */
function answer(r: Real, out: Outgoing, options: RespondOptions = {}, badMac = false): Uint8Array {
  const mak = fromHex(badMac ? WRONG_MAK : KEY_SETS[r.keys]!.mak);
  // The host names the card organisation in 63.1, which decides the card class.
  const cardOrganisation = out.message.get('2') === CARDS.foreign ? 'VIS' : 'CUP';
  const response = respondTo(out.message, { dialect: cup, now, mak, cardOrganisation, ...options });
  return frameMessage(cupFrameProfile, { tpdu: swapTpdu(TPDU), header: HEADER, body: cup.encode(response) });
}

function nextStan(n: number): number {
  return n >= 999_999 ? 1 : n + 1;
}

/** Checks a new request's STAN: the one after the last, and unused in this batch. */
function takeStan(m: Model, out: Outgoing): void {
  const expected = nextStan(m.lastStan);
  expect(out.stan).toBe(String(expected).padStart(6, '0'));
  expect(out.message.get('11')).toBe(out.stan);
  expect(m.stans.has(out.stan)).toBe(false);
  m.stans.add(out.stan);
  m.lastStan = expected;
}

/** Totals of the approved, un-voided records, summed as plain integers (exact at these sizes). */
function modelTotals(m: Model): SettlementTotals {
  const cls = (c: CardClass) => {
    const live = [...m.records.values()].filter((r) => !r.voided && r.cardClass === c);
    const debit = live.filter((r) => r.kind === 'sale');
    const credit = live.filter((r) => r.kind === 'refund');
    const sum = (rs: ModelRecord[]) => String(rs.reduce((a, r) => a + r.amount, 0)).padStart(12, '0');
    return { debitAmount: sum(debit), debitCount: debit.length, creditAmount: sum(credit), creditCount: credit.length };
  };
  return { domestic: cls('domestic'), foreign: cls('foreign') };
}

/** What must hold after every command: same reversal owed, same totals, the last persisted state is the current one. */
function agree(m: Model, r: Real): void {
  const state = r.session.state();
  const pending = state.reversal.pending;
  expect(pending === null ? null : { stan: pending.stan, reason: pending.reason, attempts: pending.attempts }).toEqual(m.pending);
  expect(new BatchJournal(state.batchJournal).totals()).toEqual(modelTotals(m));
  expect(state.batchJournal.records.map((x) => x.stan).sort()).toEqual([...m.records.keys()].sort());
  expect(state.batch).toBe(m.batch);
  expect(state.signedIn).toBe(m.signedIn);
  expect(r.saved.at(-1)).toEqual(state);
}

type Command = fc.Command<Model, Real>;

class SignIn implements Command {
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const out = r.session.signIn();
    takeStan(m, out);
    r.keys = (r.keys + 1) % KEY_SETS.length;
    const keys = KEY_SETS[r.keys]!;
    const block = encryptCupWorkingKeys({ pik: fromHex(keys.pik), mak: fromHex(keys.mak) }, fromHex(TMK), '003');
    const outcome = r.session.handleResponse(out, answer(r, out, { fields: { '62': toHex(block) } }));
    expect(outcome.approved).toBe(true);
    expect(r.session.state().keys).toEqual(keys);
    m.signedIn = true;
    agree(m, r);
  }
  toString = (): string => 'signIn';
}

/** How an exchange ends: answered (approved or declined), no answer, an answer failing its MAC, a fault after approval, or a restart before any answer. */
type Ending = 'approve' | 'decline' | 'timeout' | 'bad-mac' | 'cannot-complete' | 'restart';

class Sale implements Command {
  constructor(readonly amount: number, readonly cls: CardClass, readonly ending: Ending) {}
  check = (m: Readonly<Model>): boolean => m.signedIn && m.pending === null;
  run(m: Model, r: Real): void {
    const out = r.session.sale({ amount: String(this.amount), card: card(this.cls) });
    takeStan(m, out);
    // Journalled before it leaves: a crash right now still owes its reversal.
    expect(r.saved.at(-1)!.reversal.pending).toMatchObject({ stan: out.stan, reason: '98' });
    settleFinancial(m, r, out, this.ending, { kind: 'sale', amount: this.amount, cardClass: this.cls });
    agree(m, r);
  }
  toString = (): string => `sale(${this.amount}, ${this.cls}, ${this.ending})`;
}

/** Applies an ending to a reversible request and the model alike. */
function settleFinancial(m: Model, r: Real, out: Outgoing, ending: Ending, record?: Omit<ModelRecord, 'rrn' | 'voided'>, voids?: string): void {
  if (ending === 'timeout' || ending === 'restart') {
    if (ending === 'timeout') r.session.noResponse(out);
    else {
      restartFromStorage(r);
      // After a power cycle the connection is gone: the request in flight is given up.
      r.session.noResponse();
    }
    m.pending = { stan: out.stan, reason: '98', attempts: 0 };
    return;
  }
  if (ending === 'bad-mac') {
    const outcome = r.session.handleResponse(out, answer(r, out, {}, true));
    expect(outcome.approved).toBe(false);
    expect(outcome.action).toBe('reversal-needed');
    m.pending = { stan: out.stan, reason: 'A0', attempts: 0 };
    return;
  }
  const outcome = r.session.handleResponse(out, answer(r, out, { responseCode: ending === 'decline' ? '51' : '00' }));
  expect(outcome.approved).toBe(ending !== 'decline');
  m.pending = null;
  if (ending === 'decline') return;
  if (record) m.records.set(out.stan, { ...record, rrn: outcome.message.get('37') as string, voided: false });
  if (voids !== undefined) m.records.get(voids)!.voided = true;
  if (ending === 'cannot-complete') {
    r.session.cannotComplete(out);
    m.pending = { stan: out.stan, reason: '96', attempts: 0 };
    if (record) m.records.get(out.stan)!.voided = true;
  }
}

class Void implements Command {
  constructor(readonly pick: number, readonly ending: Exclude<Ending, 'cannot-complete'>) {}
  private target(m: Readonly<Model>): [string, ModelRecord] | undefined {
    const sales = [...m.records.entries()].filter(([, x]) => x.kind === 'sale' && !x.voided);
    return sales.length === 0 ? undefined : sales[this.pick % sales.length];
  }
  check = (m: Readonly<Model>): boolean => m.signedIn && m.pending === null && this.target(m) !== undefined;
  run(m: Model, r: Real): void {
    const [stan, rec] = this.target(m)!;
    const original = { stan, batch: m.batch, rrn: rec.rrn, amount: String(rec.amount) };
    const out = r.session.void({ original, card: card(rec.cardClass) });
    takeStan(m, out);
    expect(out.message.get('61.2')).toBe(stan);
    settleFinancial(m, r, out, this.ending, undefined, stan);
    agree(m, r);
  }
  toString = (): string => `void(#${this.pick}, ${this.ending})`;
}

class Refund implements Command {
  constructor(readonly amount: number, readonly cls: CardClass, readonly ending: 'approve' | 'decline' | 'timeout' | 'bad-mac') {}
  check = (m: Readonly<Model>): boolean => m.signedIn && m.pending === null;
  run(m: Model, r: Real): void {
    const out = r.session.refund({ amount: String(this.amount), card: card(this.cls), original: { rrn: '183015000001', date: '0610' } });
    takeStan(m, out);
    // Refunds are never reversed: nothing is owed whatever happens to the answer.
    expect(r.session.state().reversal.pending).toBeNull();
    if (this.ending === 'timeout') {
      r.session.noResponse(out);
    } else if (this.ending === 'bad-mac') {
      expect(r.session.handleResponse(out, answer(r, out, {}, true)).approved).toBe(false);
    } else {
      const outcome = r.session.handleResponse(out, answer(r, out, { responseCode: this.ending === 'decline' ? '51' : '00' }));
      expect(outcome.approved).toBe(this.ending === 'approve');
      if (this.ending === 'approve') {
        m.records.set(out.stan, { kind: 'refund', amount: this.amount, cardClass: this.cls, rrn: outcome.message.get('37') as string, voided: false });
      }
    }
    agree(m, r);
  }
  toString = (): string => `refund(${this.amount}, ${this.cls}, ${this.ending})`;
}

class SendReversal implements Command {
  constructor(readonly ending: 'ack' | 'timeout' | 'bad-mac') {}
  check = (m: Readonly<Model>): boolean => m.pending !== null;
  run(m: Model, r: Real): void {
    const p = m.pending!;
    const out = r.session.pendingReversal()!;
    expect(out.message.mti).toBe('0400');
    expect(out.stan).toBe(p.stan);
    expect(out.message.get('11')).toBe(p.stan);
    expect(out.message.get('39')).toBe(p.reason);
    for (const f of ['26', '35', '36', '52', '53']) expect(out.message.has(f)).toBe(false);
    expect(out.message.has('64')).toBe(true);
    if (this.ending === 'timeout') {
      r.session.noResponse(out);
      p.attempts += 1;
    } else if (this.ending === 'bad-mac') {
      r.session.handleResponse(out, answer(r, out, {}, true));
      p.attempts += 1;
    } else {
      r.session.handleResponse(out, answer(r, out));
      const rec = m.records.get(p.stan);
      if (rec) rec.voided = true;
      m.pending = null;
    }
    agree(m, r);
  }
  toString = (): string => `sendReversal(${this.ending})`;
}

/** While a reversal is owed, new financial requests and settlement are refused and nothing changes. */
class RefusedWhilePending implements Command {
  check = (m: Readonly<Model>): boolean => m.signedIn && m.pending !== null;
  run(m: Model, r: Real): void {
    const before = r.session.state();
    const attempts: Array<() => unknown> = [
      () => r.session.sale({ amount: '100', card: card('domestic') }),
      () => r.session.refund({ amount: '100', card: card('domestic'), original: { rrn: '183015000001', date: '0610' } }),
      () => r.session.settle(),
    ];
    for (const attempt of attempts) {
      let code: string | undefined;
      try {
        attempt();
      } catch (e) {
        if (!(e instanceof Iso8583Error)) throw e;
        code = e.code;
      }
      expect(code).toBe('REVERSAL_PENDING');
    }
    expect(r.session.state()).toEqual(before);
    agree(m, r);
  }
  toString = (): string => 'refusedWhilePending';
}

/** A power cycle: the session is rebuilt from the last state it persisted, through JSON. */
function restartFromStorage(r: Real): void {
  const stored = JSON.parse(JSON.stringify(r.saved.at(-1))) as TerminalState;
  r.saved.length = 0;
  r.session = open(stored, r.saved);
  r.saved.push(r.session.state());
}

class Restart implements Command {
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    restartFromStorage(r);
    agree(m, r);
  }
  toString = (): string => 'restart';
}

class Settle implements Command {
  constructor(readonly result: ReconciliationResult) {}
  check = (m: Readonly<Model>): boolean => m.signedIn && m.pending === null;
  run(m: Model, r: Real): void {
    const out = r.session.settle();
    takeStan(m, out);
    const sent = readReconciliation(out.message.get('48') as CompositeValue | string);
    expect(sent.totals).toEqual(modelTotals(m));
    const outcome = r.session.handleResponse(out, answer(r, out, { reconciliation: this.result }));
    expect(outcome.reconciliation).toEqual({ domestic: this.result, foreign: this.result });
    const live = [...m.records.entries()].filter(([, x]) => !x.voided);
    // Manual entries go up in 201 records; refunds each in their own 0320, under their own STAN.
    const swiped = live.filter(([, x]) => x.kind === 'sale');
    const refunds = live.filter(([, x]) => x.kind === 'refund');
    const uploaded: string[] = [];
    if (this.result !== 'balanced') {
      for (let u = r.session.nextBatchUpload(); u !== null; u = r.session.nextBatchUpload()) {
        if (u.kind === 'batch-upload') {
          takeStan(m, u);
          const count = Number(u.message.get('48.1'));
          for (let i = 0; i < count; i++) uploaded.push(u.message.get(`48.${i + 2}.2`) as string);
        } else {
          expect(u.kind).toBe('advice-upload');
          uploaded.push(u.stan);
        }
        r.session.handleResponse(u, answer(r, u));
      }
      expect(uploaded).toEqual([...swiped, ...refunds].map(([stan]) => stan));
    }
    const end = r.session.batchUploadEnd();
    takeStan(m, end);
    expect(end.message.get('60.3')).toBe(this.result === 'balanced' ? '207' : '202');
    expect(end.message.get('48.1')).toBe(String(uploaded.length).padStart(4, '0'));
    expect(r.session.handleResponse(end, answer(r, end)).approved).toBe(true);
    // The batch is closed: a new number, no records, and STANs count afresh for the new batch.
    m.batch = followingBatch(m.batch);
    m.records.clear();
    m.stans.clear();
    agree(m, r);
  }
  toString = (): string => `settle(${this.result})`;
}

const amount = fc.integer({ min: 1, max: 1_000_000_000 });
const cardClass = fc.constantFrom<CardClass>('domestic', 'foreign');
const signIn = fc.constant(new SignIn());
const sale = fc
  .tuple(amount, cardClass, fc.constantFrom<Ending>('approve', 'approve', 'approve', 'decline', 'timeout', 'bad-mac', 'cannot-complete', 'restart'))
  .map(([a, c, e]) => new Sale(a, c, e));
const voidSale = fc
  .tuple(fc.nat(20), fc.constantFrom('approve', 'approve', 'decline', 'timeout', 'bad-mac', 'restart') as fc.Arbitrary<'approve'>)
  .map(([p, e]) => new Void(p, e));
const refund = fc
  .tuple(amount, cardClass, fc.constantFrom('approve', 'approve', 'decline', 'timeout', 'bad-mac') as fc.Arbitrary<'approve'>)
  .map(([a, c, e]) => new Refund(a, c, e));
const sendReversal = fc.constantFrom('ack', 'ack', 'timeout', 'bad-mac').map((e) => new SendReversal(e as 'ack'));
const refused = fc.constant(new RefusedWhilePending());
const restart = fc.constant(new Restart());
const settle = fc.constantFrom<ReconciliationResult>('balanced', 'unbalanced').map((res) => new Settle(res));
// fc.commands picks among its arbitraries evenly: listing one several times makes it that much more frequent.
const commands = [signIn, sale, sale, sale, voidSale, voidSale, refund, sendReversal, sendReversal, refused, restart, settle];

describe('the terminal session against its model', () => {
  it('never loses a pending reversal, never reuses a STAN within a batch, and settles exactly the approved, un-voided transactions', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'max' }), (cmds) => {
        const saved: TerminalState[] = [];
        const start: TerminalState = { ...TerminalSession.create(CONFIG).state(), stan: START_STAN };
        const session = open(start, saved);
        saved.push(session.state());
        const model: Model = { signedIn: false, pending: null, records: new Map(), stans: new Set(), lastStan: START_STAN, batch: '000001' };
        const real: Real = { session, saved, keys: 0 };
        new SignIn().run(model, real);
        fc.modelRun(() => ({ model, real }), cmds);
      }),
      { seed: 8583, numRuns: 120 },
    );
  });
});
