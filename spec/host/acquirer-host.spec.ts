import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { SecretKey } from '../../src/crypto/key.js';
import { verifyMessageMac } from '../../src/crypto/message-mac.js';
import { decryptPinBlock } from '../../src/crypto/pin/pin-block.js';
import { Iso8583Error } from '../../src/errors.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { AcquirerHost, type HostRequest } from '../../src/host/acquirer-host.js';
import { keyCheckValues } from '../../src/host/key-issuance.js';
import type { LedgerOriginal } from '../../src/host/reversal-ledger.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { TerminalSession } from '../../src/txn/session.js';
import { CONFIG, now } from '../support/simulated-terminal.js';
import { CARD, hostLane, PAN, pinBlock, SlowStore, TID } from './support.js';

const cup = cupDialect();

/** The body of a framed answer, decoded. */
function decoded(frame: Uint8Array) {
  return cup.decode(unframeMessage(cupFrameProfile, frame).body);
}

/** `frame` with its body replaced by `edit` of the decoded body (the MAC is left as it was). */
function edited(frame: Uint8Array, edit: (m: ReturnType<typeof decoded>) => void): Uint8Array {
  const parts = unframeMessage(cupFrameProfile, frame);
  const m = cup.decode(parts.body.slice());
  edit(m);
  return frameMessage(cupFrameProfile, { tpdu: parts.tpdu, header: parts.header, body: cup.encode(m) });
}

describe('an acquirer host built from the kit', () => {
  it('signs a terminal in, approves its MACed sale with a unique RRN and authorisation code, and answers a repeated reversal with the same bytes', async () => {
    const undone: LedgerOriginal[] = [];
    const { host, session, send, answer } = await hostLane({ onReversal: (o) => void undone.push(o) });

    const signIn = await send(session.signIn());
    expect(signIn!.approved).toBe(true);
    const installed = (await host.keys.get(TID))!.current!;
    const terminalKeys = session.state().keys!;
    expect(keyCheckValues(installed)).toEqual(
      keyCheckValues({ pik: SecretKey.fromHex('tdes', terminalKeys.pik), mak: SecretKey.fromHex('des', terminalKeys.mak) }),
    );

    const sale = await send(session.sale({ amount: '12000', card: CARD, pin: pinBlock(session, '123456') }));
    expect([sale!.code, sale!.macValid, sale!.message.get('38')]).toEqual(['00', true, '000001']);
    expect(sale!.message.get('37')).toMatch(/^4163[0-9]{8}$/);

    // The answer to the next sale is lost: the terminal owes a reversal and sends it twice.
    const lost = session.sale({ amount: '7000', card: CARD });
    expect(await answer(lost)).not.toBeNull();
    session.noResponse(lost);
    const reversal = session.pendingReversal()!;
    const first = await answer(reversal);
    const again = await answer(reversal);
    expect(toHex(again!)).toBe(toHex(first!));
    expect(session.handleResponse(reversal, first!).code).toBe('00');
    expect(undone).toEqual([
      { terminalId: TID, batch: '000001', stan: lost.stan, kind: 'sale', state: 'approved', amount: '000000007000', answer: expect.objectContaining({ '39': '00' }) },
    ]);
    expect(await host.ledger.find({ terminalId: TID, batch: '000001', stan: lost.stan })).toMatchObject({
      original: { state: 'approved' },
      reversal: { finding: 'approved' },
    });
  });

  it('verifies a request MACed with the keys of the sign-in before, and MACs the answer with those keys', async () => {
    const { host, session, send } = await hostLane();
    await send(session.signIn());
    // The sale is made under the first keys; the same terminal signs in again (a second session) before it arrives.
    const sale = session.sale({ amount: '100', card: CARD });
    const again = TerminalSession.create(CONFIG, { now });
    const signIn = again.signIn();
    again.handleResponse(signIn, (await host.handle(signIn.frame))!);
    const keys = (await host.keys.get(TID))!;
    expect([keys.current!.generation, keys.previous!.generation]).toEqual([2, 1]);
    const reply = await host.exchange(sale.frame);
    expect(reply.summary).toMatchObject({ kind: 'sale', responseCode: '00', keyGeneration: 1 });
    const body = unframeMessage(cupFrameProfile, reply.response!).body;
    expect(verifyMessageMac(cup, body, keys.previous!.mak)).toBe(true);
  });

  it('decodes each MACed request once and encodes its answer once, also when only the keys of the sign-in before verify it', async () => {
    const dialect = cupDialect();
    const { host, session, send } = await hostLane({ dialect });
    await send(session.signIn());
    const calls = { decode: 0, encode: 0 };
    const decode = dialect.decode.bind(dialect);
    const encode = dialect.encode.bind(dialect);
    dialect.decode = (body) => (calls.decode++, decode(body));
    dialect.encode = (message) => (calls.encode++, encode(message));
    let response: Uint8Array | null = null;
    const counted = async (frame: Uint8Array) => {
      Object.assign(calls, { decode: 0, encode: 0 });
      const reply = await host.exchange(frame);
      response = reply.response;
      return { code: reply.summary.responseCode, generation: reply.summary.keyGeneration, ...calls };
    };

    const sale = session.sale({ amount: '100', card: CARD });
    expect(await counted(sale.frame)).toEqual({ code: '00', generation: 1, decode: 1, encode: 1 });
    session.handleResponse(sale, response!);
    // A sale MACed under the first keys arrives after a second sign-in: the MAC is checked under two keys, over one decode.
    const late = session.sale({ amount: '200', card: CARD });
    const again = TerminalSession.create(CONFIG, { now });
    const signIn = again.signIn();
    again.handleResponse(signIn, (await host.handle(signIn.frame))!);
    expect(await counted(late.frame)).toEqual({ code: '00', generation: 1, decode: 1, encode: 1 });
  });

  it('answers A0 to a wrong MAC, 97 to a terminal it does not know, 30 to a request lacking fields, 94 to a used STAN', async () => {
    const { host, session, send } = await hostLane();
    await send(session.signIn());
    const sale = session.sale({ amount: '100', card: CARD });
    const code = async (frame: Uint8Array) => (await host.exchange(frame)).summary;

    expect(await code(edited(sale.frame, (m) => m.set('4', '000000000101')))).toMatchObject({ responseCode: 'A0', reason: 'MAC mismatch' });
    expect(await code(edited(sale.frame, (m) => m.set('41', '12345678')))).toMatchObject({ responseCode: '97', reason: 'terminal not registered' });
    expect(await code(edited(sale.frame, (m) => m.delete('25')))).toMatchObject({ responseCode: '30' });
    expect(await code(sale.frame)).toMatchObject({ responseCode: '00' });
    expect(await code(sale.frame)).toMatchObject({ responseCode: '94', reason: 'duplicate transaction: this STAN was already approved in the batch' });
  });

  it('acknowledges a reversal that overtook its original, then refuses that original as a duplicate', async () => {
    const undone: LedgerOriginal[] = [];
    const { host, session, send } = await hostLane({ onReversal: (o) => void undone.push(o) });
    await send(session.signIn());
    const sale = session.sale({ amount: '500', card: CARD });
    session.noResponse(sale);
    const reversal = await host.exchange(session.pendingReversal()!.frame);
    expect(reversal.summary).toMatchObject({ responseCode: '00', reason: 'acknowledged: the host never approved the original' });
    expect((await host.exchange(sale.frame)).summary).toMatchObject({ responseCode: '94', reason: 'duplicate transaction: this STAN was already reversed' });
    expect(undone).toEqual([]);
  });

  it('undoes an original approved after its reversal arrived while it was being decided', async () => {
    const undone: LedgerOriginal[] = [];
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { host, session, send } = await hostLane({
      authorize: async (r) => {
        if (r.kind === 'sale') await held;
        return '00';
      },
      onReversal: (o) => void undone.push(o),
    });
    await send(session.signIn());
    const sale = session.sale({ amount: '500', card: CARD });
    const deciding = host.exchange(sale.frame);
    session.noResponse(sale);
    const reversal = await host.exchange(session.pendingReversal()!.frame);
    expect(reversal.summary.reason).toBe('acknowledged: the original is reversed once it is decided');
    expect(undone).toEqual([]);
    release!();
    expect((await deciding).summary.responseCode).toBe('00');
    expect(undone.map((o) => [o.stan, o.state])).toEqual([[sale.stan, 'approved']]);
  });

  it('hands authorize the PIN block translated to the zone key and format', async () => {
    const zone = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
    const seen: HostRequest[] = [];
    const { session, send } = await hostLane({
      pinZone: { key: zone, format: 3 },
      authorize: (r) => {
        seen.push(r);
        return '00';
      },
    });
    await send(session.signIn());
    await send(session.sale({ amount: '100', card: CARD, pin: pinBlock(session, '4321') }));
    const sale = seen.find((r) => r.kind === 'sale')!;
    expect(decryptPinBlock(3, zone, sale.pinBlock!, PAN)).toBe('4321');
    expect(toHex(sale.pinBlock!)).not.toBe(toHex(sale.message.get('52') as Uint8Array));
  });

  it('answers 99 to a PIN block that does not decode', async () => {
    const zone = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
    const { session, send } = await hostLane({ pinZone: { key: zone, format: 0 } });
    await send(session.signIn());
    const wrongKey = { block: fromHex('0000000000000000') };
    const sale = await send(session.sale({ amount: '100', card: CARD, pin: wrongKey }));
    expect(sale!.code).toBe('99');
  });

  it('answers 96 when authorize fails, and reports why', async () => {
    const errors: Iso8583Error[] = [];
    const { session, send } = await hostLane({
      authorize: (r) => {
        if (r.kind === 'sale') throw new Error('issuer link down');
        return '00';
      },
      onError: (e) => void errors.push(e),
    });
    await send(session.signIn());
    expect((await send(session.sale({ amount: '100', card: CARD })))!.code).toBe('96');
    expect(errors.map((e) => [e.code, e.message])).toEqual([['HOST_FAILED', 'authorize failed']]);
  });

  it('gives no answer while its store fails, and reports STORE_FAILED', async () => {
    const store = new SlowStore();
    const errors: Iso8583Error[] = [];
    const { session, send } = await hostLane({ store, storageKey: fromHex('0123456789ABCDEFFEDCBA9876543210'), onError: (e) => void errors.push(e) });
    await send(session.signIn());
    store.failing = new Error('connection refused');
    expect(await send(session.sale({ amount: '100', card: CARD }))).toBeNull();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['STORE_FAILED', 'the host store failed']]);
    expect(((errors[0] as { cause?: unknown }).cause as Error).message).toBe('connection refused');
  });

  it('answers the same over a store that answers later as over memory', async () => {
    const slow = new SlowStore();
    const a = await hostLane({ store: slow, storageKey: fromHex('0123456789ABCDEFFEDCBA9876543210') });
    const b = await hostLane();
    for (const lane of [a, b]) {
      await lane.send(lane.session.signIn());
      await lane.send(lane.session.sale({ amount: '100', card: CARD }));
    }
    const last = (lane: typeof a) => lane.session.state().batchJournal.records.map((r) => r.amount);
    expect(last(a)).toEqual(last(b));
    expect(slow.reads).toBeGreaterThan(0);
  });

  it('runs synchronously over memory state, and refuses with NOT_SYNCHRONOUS when a store answers later', async () => {
    const { host, session } = await hostLane();
    const signIn = session.signIn();
    expect(session.handleResponse(signIn, host.exchangeNow(signIn.frame).response!).approved).toBe(true);

    const slow = await hostLane({ store: new SlowStore(), storageKey: fromHex('0123456789ABCDEFFEDCBA9876543210') });
    let e: unknown;
    try {
      slow.host.exchangeNow(slow.session.signIn().frame);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(Iso8583Error);
    expect([(e as Iso8583Error).code, (e as Iso8583Error).message]).toEqual(['NOT_SYNCHRONOUS', 'the host waited on a promise; use the asynchronous form']);
  });

  it('gives no answer to bytes that are no CUP request, and says why', async () => {
    const errors: Iso8583Error[] = [];
    const { host, session } = await hostLane({ onError: (e) => void errors.push(e) });
    expect(await host.handle(fromHex('0003600501'))).toBeNull();
    const signIn = session.signIn();
    const reply = await host.exchange(signIn.frame);
    expect(await host.handle(edited(signIn.frame, (m) => (m.mti = '0810')))).toBeNull();
    expect(reply.response).not.toBeNull();
    expect(errors.map((e) => e.code)).toEqual(['FRAME_TRUNCATED', 'NOT_A_REQUEST']);
  });

  it('needs an authorize function and a one-digit processing requirement', () => {
    const shapeOf = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return [(e as Iso8583Error).code, (e as Iso8583Error).message];
      }
      return undefined;
    };
    expect(shapeOf(() => new AcquirerHost({} as never))).toEqual(['INVALID_CONFIG', 'the host needs an authorize function (field authorize)']);
    expect(shapeOf(() => new AcquirerHost({ authorize: () => '00', processingRequirement: '33' }))).toEqual([
      'INVALID_CONFIG',
      'processing requirement must be one digit (field processingRequirement)',
    ]);
  });
});

describe('two hosts sharing one store, as two workers do', () => {
  it('answer the same reversal sent to both at once identically, and undo its original once', async () => {
    const store = new SlowStore();
    store.delayMs = 2;
    const storageKey = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const undone: LedgerOriginal[] = [];
    const options = { store, storageKey, onReversal: (o: LedgerOriginal) => void undone.push(o) };
    const one = await hostLane(options);
    const two = new AcquirerHost({ authorize: () => '00', now, ...options });
    await one.send(one.session.signIn());
    const sale = one.session.sale({ amount: '900', card: CARD });
    expect(await two.handle(sale.frame)).not.toBeNull();
    one.session.noResponse(sale);
    const reversal = one.session.pendingReversal()!;
    const answers = await Promise.all([one.host.handle(reversal.frame), two.handle(reversal.frame), two.handle(reversal.frame), one.host.handle(reversal.frame)]);
    expect(new Set(answers.map((a) => toHex(a!))).size).toBe(1);
    expect(undone.map((o) => o.stan)).toEqual([sale.stan]);
    expect(decoded(answers[0]!).get('39')).toBe('00');
  });
});
