import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Iso8583Error } from '../../src/errors.js';
import { connectClient, type ClientOptions, type Iso8583Client, type UnmatchedInfo } from '../../src/node/client.js';
import type { FrameAnswer, FramedChannel } from '../../src/node/framed-channel.js';
import { createFramedServer, type FramedServer } from '../../src/node/server.js';
import { connectFramed } from '../../src/node/tcp.js';
import { startHostSimulator } from '../../src/node/host-server.js';
import { createClientPool } from '../../src/node/pool.js';
import { afterTest, framedServer, freePort, pause, rawServer, until, WAIT_MS } from './support/loopback.js';
import { answerTo, dialect, profile, read, request, summary } from './support/messages.js';
import { selfSignedCertificate } from './support/self-signed.js';
import { cupDialect } from '../../src/index.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { AcquirerHostSimulator, type HostExchange } from '../../src/testing/host-simulator.js';
import type { ResponseOutcome } from '../../src/txn/response.js';
import { TerminalSession } from '../../src/txn/session.js';
import { CONFIG, MID, TID as TID_CUP, TMK, now, seeded } from '../support/simulated-terminal.js';

/** A host that records every frame it gets (with the connection) and answers through `answer` (default: approve at once). */
async function host(
  answer: (frame: Uint8Array, channel: FramedChannel) => FrameAnswer | Promise<FrameAnswer> = (f) => answerTo(f),
  extra: Partial<Parameters<typeof createFramedServer>[0]> = {},
): Promise<{ server: FramedServer; got: string[]; channels: FramedChannel[] }> {
  const got: string[] = [];
  const channels: FramedChannel[] = [];
  const server = await framedServer({
    profile,
    answerOrder: 'completion',
    ...extra,
    handler: (frame, channel) => {
      got.push(summary(frame));
      channels.push(channel);
      return answer(frame, channel);
    },
  });
  return { server, got, channels };
}

/** A client closed at once after the test. */
async function client(port: number, options: Partial<ClientOptions> = {}): Promise<Iso8583Client> {
  const c = await connectClient({ port, profile, dialect, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, ...options });
  afterTest(() => c.close({ deadlineMs: 0 }));
  return c;
}

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('a client matches answers to requests', { timeout: 20_000 }, () => {
  it('resolves each request with the answer carrying its answer MTI class, STAN and terminal id, in whatever order the host answers', async () => {
    const delays: Record<string, number> = { '000001': 200, '000002': 0, '000003': 100 };
    const { server } = await host((f) => later(delays[read(f).get('11') as string]!, answerTo(f)));
    const c = await client(server.port);
    const answers = await Promise.all(['000001', '000002', '000003'].map((stan) => c.send(request('0800', stan))));
    expect(answers.map(summary)).toEqual(['0810 000001', '0810 000002', '0810 000003']);
    expect(c.pendingCount).toBe(0);
  });

  it('tells apart requests that differ only in their terminal or message class', async () => {
    const { server } = await host();
    const c = await client(server.port);
    const [a, b, r] = await Promise.all([
      c.send(request('0800', '000007', 'TERM0001')),
      c.send(request('0800', '000007', 'TERM0002')),
      c.send(request('0400', '000007', 'TERM0001')),
    ]);
    expect([a, b, r].map((f) => `${summary(f)} ${String(read(f).get('41'))}`)).toEqual([
      '0810 000007 TERM0001',
      '0810 000007 TERM0002',
      '0410 000007 TERM0001',
    ]);
  });

  it('rejects with RESPONSE_TIMEOUT, hands the late answer to onUnmatched, and never to a later request', async () => {
    const unmatched: [string, UnmatchedInfo['late']][] = [];
    const { server } = await host((f) => (read(f).get('11') === '000001' ? later(300, answerTo(f, '05')) : answerTo(f)));
    const c = await client(server.port, { lateAnswerWindowMs: 1_000, onUnmatched: (f, info) => unmatched.push([summary(f), info.late]) });
    const e = await c.send(request('0200', '000001'), { timeoutMs: 100 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Iso8583Error);
    expect([(e as Iso8583Error).code, (e as Iso8583Error).message, (e as Iso8583Error).expected]).toEqual([
      'RESPONSE_TIMEOUT',
      'no answer arrived in time',
      'an answer within 100 ms',
    ]);
    // The same key may not be used while its late answer may still come: that answer would be taken for this one.
    const dup = await c.send(request('0200', '000001')).catch((x: unknown) => x);
    expect([(dup as Iso8583Error).code, (dup as Iso8583Error).message]).toEqual([
      'DUPLICATE_REQUEST',
      'a request with the same match key is waiting for its answer, or was answered late',
    ]);
    const next = await c.send(request('0200', '000002'));
    expect(read(next).get('39')).toBe('00');
    await until(() => unmatched.length === 1);
    expect(unmatched).toEqual([['0210 000001', true]]);
  });

  it('lets a key be used again once its late-answer window has passed', async () => {
    let first = true;
    const { server } = await host((f) => {
      if (!first) return answerTo(f);
      first = false;
      return null;
    });
    const c = await client(server.port, { lateAnswerWindowMs: 150 });
    expect(((await c.send(request('0800', '000009'), { timeoutMs: 50 }).catch((x: unknown) => x)) as Iso8583Error).code).toBe('RESPONSE_TIMEOUT');
    await pause(200);
    expect(summary(await c.send(request('0800', '000009')))).toBe('0810 000009');
  });

  it('lets a retransmission take over the key of a request that timed out, and resolves it with the late answer', async () => {
    let seen = 0;
    // The host answers the first reversal late and ignores its retransmission: the late answer is the only one.
    const { server } = await host((f) => (++seen === 1 ? later(200, answerTo(f)) : null));
    const unmatched: string[] = [];
    const c = await client(server.port, { onUnmatched: (f) => unmatched.push(summary(f)) });
    const first = (await c.send(request('0400', '000077'), { timeoutMs: 50 }).catch((x: unknown) => x)) as Iso8583Error;
    expect(first.code).toBe('RESPONSE_TIMEOUT');
    expect(summary(await c.send(request('0400', '000077'), { repeats: true }))).toBe('0410 000077');
    expect(unmatched).toEqual([]);
  });

  it('refuses a second request with the key of one still waiting', async () => {
    const { server } = await host((f) => later(100, answerTo(f)));
    const c = await client(server.port);
    const first = c.send(request('0800', '000003'));
    const dup = await c.send(request('0800', '000003')).catch((x: unknown) => x);
    expect((dup as Iso8583Error).code).toBe('DUPLICATE_REQUEST');
    expect(summary(await first)).toBe('0810 000003');
  });

  it('hands an answer nobody asked for to onUnmatched as not late, and a frame it cannot decode to onError', async () => {
    const unmatched: [string, boolean][] = [];
    const errors: string[] = [];
    const { server } = await host(async (f, channel) => {
      await channel.send(answerTo(request('0200', '000042')));
      await channel.send(Uint8Array.of(0, 3, 0x39, 0x39, 0x39));
      return answerTo(f);
    });
    const c = await client(server.port, { onUnmatched: (f, i) => unmatched.push([summary(f), i.late]), onError: (e) => errors.push(e.code) });
    expect(summary(await c.send(request('0800', '000001')))).toBe('0810 000001');
    expect(unmatched).toEqual([['0210 000042', false]]);
    expect(errors).toEqual(['TRUNCATED']);
    expect(c.state).toBe('ready');
  });

  it('uses a caller-given match key function for requests and answers alike', async () => {
    const { server } = await host();
    const c = await client(server.port, { matchKey: (m) => String(m.get('11')) });
    expect(summary(await c.send(request('0800', '000005')))).toBe('0810 000005');
    expect(summary(await c.send(request('0820', '000006'), { key: '000006' }))).toBe('0830 000006');
  });
});

describe('a client takes requests from the host', { timeout: 20_000 }, () => {
  it('hands them to onRequest and sends its answers back in their order', async () => {
    const fromClient: string[] = [];
    const server = await framedServer({
      profile,
      onConnection: (channel) => {
        for (const stan of ['000101', '000102']) void channel.send(request('0800', stan, 'HOST0001'));
      },
      handler: (f) => void fromClient.push(summary(f)),
    });
    const seen: string[] = [];
    await client(server.port, {
      onRequest: (f, m) => {
        seen.push(`${m.mti} ${String(m.get('41'))}`);
        // The first answer takes longer; the order still holds.
        return later(m.get('11') === '000101' ? 100 : 0, answerTo(f));
      },
    });
    await until(() => fromClient.length === 2);
    expect(seen).toEqual(['0800 HOST0001', '0800 HOST0001']);
    expect(fromClient).toEqual(['0810 000101', '0810 000102']);
  });

  it('bounds its receive queue under a host that floods it with requests, and stops reading', async () => {
    const flood = Buffer.concat(Array.from({ length: 200 }, (_, i) => request('0800', String(100000 + i), 'HOST0001')));
    let pushed = 0;
    const port = await rawServer((s) => {
      const pump = (): void => {
        while (s.writable) {
          pushed += flood.length;
          if (!s.write(flood)) break;
        }
        if (s.writable) s.once('drain', pump);
      };
      pump();
    });
    let handled = 0;
    const c = await client(port, { maxQueuedFrames: 16, onRequest: () => (handled++, new Promise<null>(() => undefined)) });
    await until(() => handled === 16);
    await pause(300);
    const [pushedThen, queuedThen] = [pushed, c.queuedFrames];
    await pause(300);
    // The host can push no more: the client stopped reading, and TCP stopped the host.
    expect(pushed).toBe(pushedThen);
    expect(handled).toBe(16);
    expect(c.queuedFrames).toBe(queuedThen);
    // What waits is at most the queue and the frames of one socket read (64 KiB).
    expect(c.queuedFrames).toBeLessThanOrEqual(16 + Math.ceil(65_536 / (flood.length / 200)));
  });
});

describe('a client keeps its link', { timeout: 30_000 }, () => {
  it('runs onConnect after every connect and reconnect before any other request, and sends what waited meanwhile', async () => {
    const { server, got, channels } = await host();
    let hooks = 0;
    let stan = 0;
    const next = () => String(++stan).padStart(6, '0');
    const c = await client(server.port, {
      onConnect: async (link) => {
        hooks++;
        expect(summary(await link.send(request('0800', next())))).toMatch(/^0810 /);
      },
    });
    expect([hooks, got]).toEqual([1, ['0800 000001']]);
    expect(summary(await c.send(request('0200', next())))).toBe('0210 000002');
    channels[0]!.destroy();
    await until(() => c.state === 'connecting');
    const waited = c.send(request('0200', '000099'));
    expect(summary(await waited)).toBe('0210 000099');
    expect(hooks).toBe(2);
    expect(c.connectCount).toBe(2);
    expect(got).toEqual(['0800 000001', '0200 000002', '0800 000003', '0200 000099']);
  });

  it('rejects a request written on a connection that is then lost with CONNECTION_CLOSED', async () => {
    const { server, channels } = await host(() => new Promise<null>(() => undefined));
    const c = await client(server.port);
    const lost = c.send(request('0200', '000001'));
    await until(() => channels.length === 1);
    channels[0]!.destroy();
    const e = (await lost.catch((x: unknown) => x)) as Iso8583Error;
    expect([e.code, e.message]).toEqual(['CONNECTION_CLOSED', 'connection closed before the answer arrived']);
  });

  it('reconnects with growing back-off while the host is down, and carries on when it is back', async () => {
    const port = await freePort();
    const answer = (f: Uint8Array): Uint8Array => answerTo(f);
    let server = await createFramedServer({ profile, port, handler: answer });
    const failures: number[] = [];
    const c = await client(port, {
      reconnect: { initialDelayMs: 40, maxDelayMs: 320, factor: 2 },
      onError: (e) => e.code === 'CONNECT_FAILED' && failures.push(performance.now()),
    });
    await server.close({ deadlineMs: 0 });
    await until(() => failures.length >= 5);
    const gaps = failures.slice(1).map((t, i) => t - failures[i]!);
    // 80, 160, 320, 320 ms (±20% each); the machine may add, never take away.
    expect(gaps[0]!).toBeGreaterThanOrEqual(80 * 0.8 - 5);
    expect(gaps[1]!).toBeGreaterThanOrEqual(160 * 0.8 - 5);
    expect(gaps[2]!).toBeGreaterThanOrEqual(320 * 0.8 - 5);
    expect(gaps[3]!).toBeGreaterThanOrEqual(320 * 0.8 - 5);
    expect(gaps[3]!).toBeLessThan(320 * 1.2 + 1_500);
    server = await createFramedServer({ profile, port, handler: answer });
    afterTest(() => server.close({ deadlineMs: 0 }));
    expect(summary(await c.send(request('0800', '000001'), { timeoutMs: WAIT_MS }))).toBe('0810 000001');
    expect(c.state).toBe('ready');
  });

  it('rejects with NOT_CONNECTED a request that found no connection in time, having sent nothing', async () => {
    const port = await freePort();
    const server = await createFramedServer({ profile, port, handler: (f) => answerTo(f) });
    const c = await client(port, { reconnect: { initialDelayMs: 5_000 } });
    await server.close({ deadlineMs: 0 });
    await until(() => c.state === 'connecting');
    const e = (await c.send(request('0800', '000001'), { timeoutMs: 100 }).catch((x: unknown) => x)) as Iso8583Error;
    expect([e.code, e.message, e.expected]).toEqual(['NOT_CONNECTED', 'no connection to send the request on in time; nothing was sent', 'a connection within 100 ms']);
  });

  it('stops after a lost connection when reconnect is off', async () => {
    const { server, channels } = await host();
    const c = await client(server.port, { reconnect: false });
    await c.send(request('0800', '000001'));
    channels[0]!.destroy();
    await until(() => c.state === 'closing' || c.state === 'closed');
    const e = (await c.send(request('0800', '000002')).catch((x: unknown) => x)) as Iso8583Error;
    expect(e.code).toBe('CLIENT_CLOSED');
  });

  it('rejects connectClient when the first connection fails, and when onConnect fails', async () => {
    const e = (await connectClient({ port: await freePort(), profile, dialect }).catch((x: unknown) => x)) as Iso8583Error;
    expect(e.code).toBe('CONNECT_FAILED');
    const { server } = await host((f) => answerTo(f, '96'));
    const hookError = await connectClient({
      port: server.port,
      profile,
      dialect,
      onConnect: async (link) => {
        if (read(await link.send(request('0800', '000001'))).get('39') !== '00') throw new Error('sign-in refused');
      },
    }).catch((x: unknown) => x);
    expect((hookError as Iso8583Error).code).toBe('CONNECTION_FAILED');
    expect(((hookError as { cause?: Error }).cause as Error).message).toBe('sign-in refused');
    await until(() => server.connections.size === 0);
  });
});

describe('a client heartbeat', { timeout: 20_000 }, () => {
  it('sends an echo whenever the link has been idle, and none while traffic flows', async () => {
    const { server, got } = await host();
    let stan = 500;
    const c = await client(server.port, {
      heartbeat: { idleMs: 400, beat: (link) => link.send(request('0820', String(++stan).padStart(6, '0'))) },
    });
    // Traffic every 50 ms for 800 ms: no echo.
    for (let i = 1; i <= 16; i++) {
      await c.send(request('0200', String(i).padStart(6, '0')));
      await pause(50);
    }
    expect(got.filter((g) => g.startsWith('0820'))).toEqual([]);
    await until(() => got.filter((g) => g.startsWith('0820')).length >= 2);
    expect(c.connectCount).toBe(1);
  });

  it('drops and replaces a connection whose echo goes unanswered, reporting HEARTBEAT_FAILED', async () => {
    let answerEchoes = false;
    const { server } = await host((f) => (read(f).mti === '0820' && !answerEchoes ? null : answerTo(f)));
    const errors: Iso8583Error[] = [];
    let stan = 0;
    const c = await client(server.port, {
      heartbeat: { idleMs: 100, timeoutMs: 100, beat: (link) => link.send(request('0820', String(++stan).padStart(6, '0'))) },
      onError: (e) => errors.push(e),
    });
    await until(() => errors.some((e) => e.code === 'HEARTBEAT_FAILED'));
    const failed = errors.find((e) => e.code === 'HEARTBEAT_FAILED')!;
    expect(failed.message).toBe('heartbeat got no good answer; the connection is dropped');
    expect(((failed as { cause?: Iso8583Error }).cause as Iso8583Error).code).toBe('RESPONSE_TIMEOUT');
    answerEchoes = true;
    await until(() => c.connectCount >= 2 && c.state === 'ready');
    expect(summary(await c.send(request('0200', '000900')))).toBe('0210 000900');
  });
  it('sends the CUP echo test (0820, 60.3 = 301) of a signed-in terminal session when idle, and the session takes the 0830', async () => {
    const exchanges: HostExchange[] = [];
    const sim = new AcquirerHostSimulator({
      terminals: [{ terminalId: TID_CUP, merchantId: MID, tmk: TMK, batch: '000100' }],
      cards: [],
      random: seeded(15),
      now,
    });
    const server = await startHostSimulator({ simulator: sim, onExchange: (x) => exchanges.push(x) });
    afterTest(() => server.close({ deadlineMs: 0 }));
    const session = TerminalSession.create(CONFIG, { now });
    const echoes: ResponseOutcome[] = [];
    const c = await client(server.port, {
      profile: cupFrameProfile,
      dialect: cupDialect(),
      onConnect: async (link) => {
        const out = session.signIn();
        if (!session.handleResponse(out, await link.send(out.frame)).approved) throw new Error('sign-in refused');
      },
      heartbeat: {
        idleMs: 150,
        beat: async (link) => {
          const out = session.echo();
          echoes.push(session.handleResponse(out, await link.send(out.frame)));
        },
      },
    });
    await until(() => echoes.length >= 2);
    const echoRequests = exchanges.filter((x) => x.request?.mti === '0820');
    expect(echoRequests.length).toBeGreaterThanOrEqual(2);
    expect(echoRequests.map((x) => `${String(x.request?.get('60.3'))} ${String(x.answer?.mti)}`)).toEqual(echoRequests.map(() => '301 0830'));
    expect(echoes.map((o) => `${o.kind} ${String(o.code)}`)).toEqual(echoes.map(() => 'echo 00'));
    expect(c.connectCount).toBe(1);
  });
});

describe('a client closes gracefully', { timeout: 20_000 }, () => {
  it('waits for the answers in flight, refuses new requests, then ends the connection', async () => {
    const { server } = await host((f) => later(150, answerTo(f)));
    const c = await connectClient({ port: server.port, profile, dialect });
    const inFlight = [c.send(request('0200', '000001')), c.send(request('0200', '000002'))];
    const closing = c.close({ deadlineMs: WAIT_MS });
    const refused = (await c.send(request('0200', '000003')).catch((x: unknown) => x)) as Iso8583Error;
    expect([refused.code, refused.message]).toEqual(['CLIENT_CLOSED', 'client is closing and sends no more requests']);
    expect((await Promise.all(inFlight)).map(summary)).toEqual(['0210 000001', '0210 000002']);
    await closing;
    expect(c.state).toBe('closed');
    await until(() => server.connections.size === 0);
  });

  it('rejects what is still unanswered at its deadline with CONNECTION_CLOSED', async () => {
    const { server } = await host(() => new Promise<null>(() => undefined));
    const c = await connectClient({ port: server.port, profile, dialect });
    const stuck = c.send(request('0200', '000001'));
    await c.close({ deadlineMs: 100 });
    expect(((await stuck.catch((x: unknown) => x)) as Iso8583Error).code).toBe('CONNECTION_CLOSED');
  });
});

describe('a client over TLS', { timeout: 20_000 }, () => {
  it('matches answers over a TLS connection and prints no key of its options', async () => {
    const { cert, key } = selfSignedCertificate();
    const { server } = await host(undefined, { tls: { cert, key } });
    const c = await client(server.port, { tls: { ca: cert, key, cert } });
    expect(summary(await c.send(request('0800', '000001')))).toBe('0810 000001');
    const texts = [inspect(c, { depth: Infinity }), JSON.stringify(c), String(c)];
    for (const t of texts) expect(t).not.toContain('PRIVATE KEY');
    expect(JSON.parse(JSON.stringify(c))).toEqual({ state: 'ready', pending: 0, connects: 1 });
  });
});

describe('the connection layer refuses wrong arguments with BAD_ARGUMENT', () => {
  it.each([
    ['connectClient without options', () => connectClient(undefined as never), 'options'],
    ['connectClient with no dialect', () => connectClient({ port: 1, profile } as never), 'dialect'],
    ['connectClient with a bad back-off factor', () => connectClient({ port: 1, profile, dialect, reconnect: { factor: 0.5 } }), 'reconnect.factor'],
    ['connectClient with a heartbeat without beat', () => connectClient({ port: 1, profile, dialect, heartbeat: { idleMs: 10 } as never }), 'heartbeat.beat'],
    ['startHostSimulator without a simulator', () => startHostSimulator({} as never), 'simulator'],
    ['createClientPool without options', () => createClientPool(undefined as never), 'options'],
    ['createFramedServer with TLS options that are no object', () => createFramedServer({ profile, handler: () => null, tls: 'x' as never }), 'tls'],
  ])('%s', async (_, call, path) => {
    const e = (await call().catch((x: unknown) => x)) as Iso8583Error;
    expect([e.code, e.path]).toEqual(['BAD_ARGUMENT', path]);
  });

  it('refuses a request that is not bytes, a close with options that are no object, and a receive timeout that is no duration', async () => {
    const { server } = await host();
    const c = await client(server.port);
    const sent = (await c.send('0800' as never).catch((x: unknown) => x)) as Iso8583Error;
    expect([sent.code, sent.message]).toEqual(['BAD_ARGUMENT', 'request must be a Uint8Array (field request)']);
    const closed = (await c.close(null as never).catch((x: unknown) => x)) as Iso8583Error;
    expect([closed.code, closed.path]).toEqual(['BAD_ARGUMENT', 'options']);
    const raw = await connectFramed({ port: server.port, profile });
    afterTest(() => raw.destroy());
    expect(((await raw.receive(-1).catch((x: unknown) => x)) as Iso8583Error).path).toBe('timeoutMs');
    expect(((await raw.send([1, 2] as never).catch((x: unknown) => x)) as Iso8583Error).path).toBe('frame');
  });
});
