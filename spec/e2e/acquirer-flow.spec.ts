import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { kcv } from '../../src/crypto/kcv.js';
import { SecretKey } from '../../src/crypto/key.js';
import { encryptPinBlock } from '../../src/crypto/pin/pin-block.js';
import { Iso8583Error } from '../../src/errors.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { startHostSimulator, type HostServer } from '../../src/node/host-server.js';
import { connectFramed, type FramedConnection } from '../../src/node/tcp.js';
import { AcquirerHostSimulator } from '../../src/testing/host-simulator.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession, type Outgoing } from '../../src/txn/session.js';
import { CARD, CONFIG, MID, PAN, TID, TMK, now, seeded } from '../support/simulated-terminal.js';

/** How long the terminal waits for an answer that should come. */
const ANSWER_MS = 2_000;
/** How long it waits for one that a fault holds back: short, so the suite stays fast. */
const TIMEOUT_MS = 250;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Lane {
  sim: AcquirerHostSimulator;
  server: HostServer;
  session: TerminalSession;
  errors: Iso8583Error[];
  connect(): Promise<FramedConnection>;
  /** Sends `out` on `conn` and applies the answer, or the silence after `timeoutMs`, to the session. */
  transact(conn: FramedConnection, out: Outgoing, timeoutMs?: number): Promise<ResponseOutcome | null>;
}

async function lane(): Promise<Lane> {
  const sim = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: [{ pan: PAN, pin: '123456', balance: '500000' }],
    random: seeded(8583),
    now,
  });
  const errors: Iso8583Error[] = [];
  const server = await startHostSimulator({ simulator: sim, host: '127.0.0.1', port: 0, onError: (e) => errors.push(e) });
  cleanups.push(() => server.close());
  const session = TerminalSession.create(CONFIG, { now });
  const connect = async () => {
    const conn = await connectFramed({ profile: cupFrameProfile, host: '127.0.0.1', port: server.port, connectTimeoutMs: ANSWER_MS });
    cleanups.push(async () => {
      conn.destroy();
      await conn.closed;
    });
    return conn;
  };
  const transact = async (conn: FramedConnection, out: Outgoing, timeoutMs = ANSWER_MS) => {
    await conn.send(out.frame);
    let answer: Uint8Array;
    try {
      answer = await conn.receive(timeoutMs);
    } catch (e) {
      if (e instanceof Iso8583Error && e.code === 'RECEIVE_TIMEOUT') {
        session.noResponse(out);
        return null;
      }
      throw e;
    }
    return session.handleResponse(out, answer);
  };
  return { sim, server, session, errors, connect, transact };
}

function pinBlock(session: TerminalSession, pin: string): { block: Uint8Array } {
  return { block: encryptPinBlock(0, SecretKey.fromHex('tdes', session.state().keys!.pik), pin, PAN) };
}

function text(o: ResponseOutcome | null, path: string): string {
  return o!.message.get(path) as string;
}

describe('a terminal session against the simulated acquirer over TCP', () => {
  it('signs in, sells, voids, refunds, reverses a lost answer and settles balanced, then settles a disputed batch through batch upload', async () => {
    const { sim, session, connect, transact, errors } = await lane();
    const conn = await connect();

    // Sign-in: the terminal installs the keys the host issued (same check values) and the host's batch.
    const signIn = await transact(conn, session.signIn());
    expect(signIn!.approved).toBe(true);
    const keys = session.state().keys!;
    expect({ pik: toHex(kcv('tdes', fromHex(keys.pik), { length: 4 })), mak: toHex(kcv('des', fromHex(keys.mak), { length: 4 })) }).toEqual(
      sim.keyCheckValues(TID),
    );
    expect(session.state().batch).toBe('000100');

    // Two sales with PIN, a void of the second, a partial refund of the first.
    const first = await transact(conn, session.sale({ amount: '12000', card: CARD, pin: pinBlock(session, '123456') }));
    const second = await transact(conn, session.sale({ amount: '3000', card: CARD, pin: pinBlock(session, '123456') }));
    expect([first!.code, second!.code, first!.macValid]).toEqual(['00', '00', true]);
    const voided = await transact(
      conn,
      session.void({ card: CARD, original: { stan: text(second, '11'), batch: '000100', rrn: text(second, '37'), amount: '3000' } }),
    );
    expect(voided!.approved).toBe(true);
    const refund = await transact(conn, session.refund({ card: CARD, amount: '2000', original: { rrn: text(first, '37'), date: text(first, '13') } }));
    expect(refund!.approved).toBe(true);

    // A sale whose answer the host drops: the terminal times out, owes a reversal, and sends it before anything else.
    sim.drop();
    const lost = session.sale({ amount: '7000', card: CARD });
    expect(await transact(conn, lost, TIMEOUT_MS)).toBeNull();
    expect(sim.ledger.entries(TID).find((e) => e.stan === lost.stan)!.status).toBe('approved');
    expect(() => session.sale({ amount: '1', card: CARD })).toThrow(Iso8583Error);
    const reversal = session.pendingReversal()!;
    expect([reversal.stan, reversal.message.get('39')]).toEqual([lost.stan, '98']);
    expect((await transact(conn, reversal))!.code).toBe('00');
    expect(sim.ledger.entries(TID).find((e) => e.stan === lost.stan)!.status).toBe('reversed');
    expect(session.pendingReversal()).toBeNull();
    expect(sim.balanceOf(PAN)).toBe('490000');

    // Settlement: the terminal's totals (12000 debit, 2000 credit) agree with the host's.
    const settled = await transact(conn, session.settle());
    expect(settled!.reconciliation).toEqual({ domestic: 'balanced', foreign: 'balanced' });
    expect(session.state().batchJournal.records.filter((r) => !r.voided).length).toBe(2);
    const balancedEnd = session.batchUploadEnd();
    expect([balancedEnd.message.get('60.3'), balancedEnd.message.get('48.1')]).toEqual(['207', '0000']);
    expect((await transact(conn, balancedEnd))!.approved).toBe(true);
    expect([session.state().batch, sim.batchOf(TID)]).toEqual(['000101', '000101']);

    // Next batch: the host disputes the totals, the terminal uploads its batch and ends with 202.
    expect((await transact(conn, session.sale({ amount: '4500', card: CARD, pin: pinBlock(session, '123456') })))!.approved).toBe(true);
    sim.setSettlementDispute(true);
    const disputed = await transact(conn, session.settle());
    expect(disputed!.reconciliation).toEqual({ domestic: 'unbalanced', foreign: 'balanced' });
    const upload = session.nextBatchUpload()!;
    expect((await transact(conn, upload))!.code).toBe('00');
    expect(session.nextBatchUpload()).toBeNull();
    const unbalancedEnd = session.batchUploadEnd();
    expect([unbalancedEnd.message.get('60.3'), unbalancedEnd.message.get('48.1')]).toEqual(['202', '0001']);
    const end = await transact(conn, unbalancedEnd);
    expect(end!.approved).toBe(true);
    expect(sim.ledger.uploadReport(TID, '000101')).toEqual({ uploaded: 1, matched: 1, unknownToHost: [], missingFromUpload: [], announced: 1 });
    expect(session.state().batch).toBe('000102');
    expect(errors).toEqual([]);
  });

  it('answers late when told to, so a terminal that gives up first reverses on a new connection', async () => {
    const { sim, session, connect, transact, errors } = await lane();
    const first = await connect();
    await transact(first, session.signIn());

    // A delay within the terminal's patience is simply waited out.
    sim.delay({ ms: 100 });
    expect((await transact(first, session.echo()))!.code).toBe('00');

    // A delay beyond it: the terminal hangs up and reverses; the host's late answer finds the line closed.
    sim.delay({ ms: 3 * TIMEOUT_MS });
    const sale = session.sale({ amount: '900', card: CARD });
    expect(await transact(first, sale, TIMEOUT_MS)).toBeNull();
    first.destroy();
    await first.closed;
    const second = await connect();
    expect((await transact(second, session.pendingReversal()!))!.code).toBe('00');
    expect(sim.ledger.entries(TID).map((e) => e.status)).toEqual(['reversed']);
    await new Promise((resolve) => setTimeout(resolve, 3 * TIMEOUT_MS));
    // Whether the socket had fully closed or was still closing decides which of the two the send reports.
    expect(errors.length).toBe(1);
    expect(['CONNECTION_CLOSED', 'CONNECTION_FAILED']).toContain(errors[0]!.code);
  });

  it('gives no answer to bytes that are no CUP frame and keeps serving the connection', async () => {
    const { session, connect, transact, errors } = await lane();
    const conn = await connect();
    await conn.send(fromHex('0003600501'));
    expect((await transact(conn, session.echo()))!.code).toBe('00');
    expect(errors.map((e) => e.code)).toEqual(['FRAME_TRUNCATED']);
  });
});
