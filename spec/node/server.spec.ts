import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { fromHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { lengthHeaders } from '../../src/frame/length-header.js';
import { lengthOnlyFrameProfile, plainFrameProfile } from '../../src/frame/profile.js';
import type { FramedChannel } from '../../src/node/framed-channel.js';
import { createFramedServer } from '../../src/node/server.js';
import { connectFramed } from '../../src/node/tcp.js';
import { startHostSimulator } from '../../src/node/host-server.js';
import { AcquirerHostSimulator } from '../../src/testing/host-simulator.js';
import { MID, TID, TMK, now, seeded } from '../support/simulated-terminal.js';
import { afterTest, closedWithin, framedClient, framedServer, pause, rawClient, until, WAIT_MS, within } from './support/loopback.js';

/** A plain frame (2-byte length) holding `text` as ASCII. */
function frame(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  return Uint8Array.from([body.length >> 8, body.length & 0xff, ...body]);
}

/** The text of a plain frame. */
function text(f: Uint8Array): string {
  return new TextDecoder().decode(f.subarray(2));
}

/** A handler that answers each frame with its own text after `delays[text]` ms (0 when absent). */
function delayedEcho(delays: Record<string, number>) {
  return (f: Uint8Array): Promise<Uint8Array> => new Promise((resolve) => setTimeout(() => resolve(f), delays[text(f)] ?? 0));
}

/** Collects the errors a server reports, and waits for the next one. */
function errorLog() {
  const errors: Iso8583Error[] = [];
  let waiting: ((e: Iso8583Error) => void) | undefined;
  return {
    errors,
    onError: (e: Iso8583Error) => {
      errors.push(e);
      waiting?.(e);
    },
    next: () => within<Iso8583Error>((done) => (waiting = done)),
  };
}

describe('a framed server closes idle and slow peers', { timeout: 20_000 }, () => {
  it('closes connections that send nothing within the idle timeout, reporting IDLE_TIMEOUT', async () => {
    const log = errorLog();
    const server = await framedServer({ profile: plainFrameProfile, handler: (f) => f, idleTimeoutMs: 200, onError: log.onError });
    const t0 = performance.now();
    const peers = await Promise.all(Array.from({ length: 30 }, () => rawClient(server.port)));
    const times = await Promise.all(peers.map((p) => closedWithin(p, t0)));
    // Timers fire no earlier than asked (a millisecond of rounding aside); the upper bound leaves room for a busy machine.
    for (const t of times) expect(t).toBeGreaterThanOrEqual(199);
    for (const t of times) expect(t).toBeLessThan(200 + 2_000);
    await until(() => server.connections.size === 0);
    expect(log.errors.length).toBe(30);
    expect(log.errors.map((e) => [e.code, e.message, e.expected])[0]).toEqual(['IDLE_TIMEOUT', 'connection was idle too long', 'a whole frame within 200 ms']);
  });

  it('closes a slowloris peer that trickles the bytes of a frame it never finishes, by the idle timeout alone', async () => {
    const log = errorLog();
    const server = await framedServer({ profile: plainFrameProfile, handler: (f) => f, idleTimeoutMs: 300, frameTimeoutMs: 0, onError: log.onError });
    const t0 = performance.now();
    const peer = await rawClient(server.port);
    const closed = closedWithin(peer, t0);
    peer.on('error', () => undefined);
    // A frame announcing 200 bytes, one byte every 20 ms: it would take 4 s to complete.
    const trickle = setInterval(() => peer.writable && peer.write(Uint8Array.of(0)), 20);
    peer.write(Uint8Array.of(0x00, 0xc8));
    try {
      const t = await closed;
      expect(t).toBeGreaterThanOrEqual(299);
      expect(t).toBeLessThan(300 + 2_000);
    } finally {
      clearInterval(trickle);
    }
    expect(log.errors.map((e) => e.code)).toEqual(['IDLE_TIMEOUT']);
  });

  it('closes a peer whose frame does not complete within the read timeout, reporting FRAME_TIMEOUT', async () => {
    const log = errorLog();
    const server = await framedServer({ profile: plainFrameProfile, handler: (f) => f, idleTimeoutMs: 0, frameTimeoutMs: 200, onError: log.onError });
    const peer = await rawClient(server.port);
    peer.on('error', () => undefined);
    const t0 = performance.now();
    const closed = closedWithin(peer, t0);
    peer.write(fromHex('0005AABB'));
    const t = await closed;
    // The read timeout starts when the server reads the first byte, after t0.
    expect(t).toBeGreaterThanOrEqual(199);
    expect(t).toBeLessThan(200 + 2_000);
    expect(log.errors.map((e) => [e.code, e.message, e.expected, e.found])).toEqual([
      ['FRAME_TIMEOUT', 'frame did not complete in time', 'a whole frame within 200 ms of its first byte', '4 bytes'],
    ]);
  });

  it('keeps a peer that completes a frame within every idle period, and times each frame from its own first byte', async () => {
    const server = await framedServer({ profile: plainFrameProfile, handler: (f) => f, idleTimeoutMs: 1_000, frameTimeoutMs: 1_000 });
    const peer = await rawClient(server.port);
    let received = 0;
    peer.on('data', (d: Uint8Array) => (received += d.length));
    // Eight exchanges about 200 ms apart (1.6 s in all, beyond both timeouts), each frame sent in two halves 150 ms apart.
    for (let i = 0; i < 8; i++) {
      const f = frame(`ping ${i}`);
      peer.write(f.subarray(0, 3));
      await pause(150);
      peer.write(f.subarray(3));
      await until(() => received === (i + 1) * f.length);
      await pause(50);
    }
    expect(server.connections.size).toBe(1);
    expect(peer.closed).toBe(false);
  });

  it('does not count idle time while a request is being handled', async () => {
    const server = await framedServer({ profile: plainFrameProfile, handler: delayedEcho({ slow: 600 }), idleTimeoutMs: 200 });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    await client.send(frame('slow'));
    expect(text(await client.receive(WAIT_MS))).toBe('slow');
    expect(client.error).toBeUndefined();
  });
});

describe('a framed server caps its connections', { timeout: 20_000 }, () => {
  it('refuses connections beyond maxConnections as they arrive and admits one again after another leaves', async () => {
    const refused: (string | undefined)[] = [];
    const server = await framedServer({
      profile: plainFrameProfile,
      handler: (f) => f,
      maxConnections: 3,
      onRefused: (remote) => refused.push(remote.address),
    });
    const clients = [];
    for (let i = 0; i < 3; i++) clients.push(await framedClient({ port: server.port, profile: plainFrameProfile }));
    await until(() => server.connections.size === 3);
    for (let i = 0; i < 2; i++) {
      const extra = await rawClient(server.port);
      let got = 0;
      extra.on('data', (d: Uint8Array) => (got += d.length));
      extra.on('error', () => undefined);
      extra.write(frame('let me in'));
      await closedWithin(extra);
      expect(got).toBe(0);
    }
    expect(refused).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(server.connections.size).toBe(3);
    await clients[0]!.close();
    await until(() => server.connections.size === 2);
    const fourth = await framedClient({ port: server.port, profile: plainFrameProfile });
    await fourth.send(frame('in'));
    expect(text(await fourth.receive(WAIT_MS))).toBe('in');
  });
});

describe('a framed server paces each connection', { timeout: 20_000 }, () => {
  it('hands a connection at most maxInFlight requests at once and the next as one is answered', async () => {
    const started: string[] = [];
    const release: (() => void)[] = [];
    const server = await framedServer({
      profile: plainFrameProfile,
      maxInFlight: 2,
      handler: (f) => {
        started.push(text(f));
        return new Promise((resolve) => release.push(() => resolve(f)));
      },
    });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    for (const t of ['a', 'b', 'c', 'd', 'e']) await client.send(frame(t));
    await until(() => started.length === 2);
    await pause(100);
    expect(started).toEqual(['a', 'b']);
    const [channel] = [...server.connections];
    expect(channel!.inFlight).toBe(5);
    release.shift()!();
    expect(text(await client.receive(WAIT_MS))).toBe('a');
    await until(() => started.length === 3);
    while (release.length > 0 || started.length < 5) {
      await until(() => release.length > 0);
      release.shift()!();
    }
    expect(await Promise.all([1, 2, 3, 4].map(() => client.receive(WAIT_MS).then(text)))).toEqual(['b', 'c', 'd', 'e']);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sends the answers of one connection in request order, a slow one holding back the faster ones behind it', async () => {
    const server = await framedServer({ profile: plainFrameProfile, handler: delayedEcho({ first: 150, second: 0, third: 50 }) });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    for (const t of ['first', 'second', 'third']) await client.send(frame(t));
    const got = await Promise.all([1, 2, 3].map(() => client.receive(WAIT_MS).then(text)));
    expect(got).toEqual(['first', 'second', 'third']);
  });

  it("sends each answer as soon as it is ready with answerOrder 'completion'", async () => {
    const server = await framedServer({
      profile: plainFrameProfile,
      answerOrder: 'completion',
      handler: delayedEcho({ first: 300, second: 0, third: 100 }),
    });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    for (const t of ['first', 'second', 'third']) await client.send(frame(t));
    const got = await Promise.all([1, 2, 3].map(() => client.receive(WAIT_MS).then(text)));
    expect(got).toEqual(['second', 'third', 'first']);
  });

  it('sends nothing for a null answer and keeps the order of the answers around it', async () => {
    const server = await framedServer({
      profile: plainFrameProfile,
      handler: (f) => (text(f) === 'quiet' ? new Promise((r) => setTimeout(() => r(null), 100)) : f),
    });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    for (const t of ['quiet', 'loud']) await client.send(frame(t));
    expect(text(await client.receive(WAIT_MS))).toBe('loud');
  });

  it('ends a connection whose handler answers with a frame its length header disagrees with', async () => {
    const log = errorLog();
    const server = await framedServer({ profile: plainFrameProfile, handler: () => fromHex('0009AA'), onError: log.onError });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    await client.send(frame('x'));
    const e = await log.next();
    expect([e.code, e.message]).toEqual(['FRAME_HANDLER_FAILED', 'the frame handler failed']);
    expect(((e as { cause?: Iso8583Error }).cause as Iso8583Error).code).toBe('FRAME_LENGTH_MISMATCH');
    await client.closed;
  });

  it('lets a handler send a frame of its own on the connection, outside the answer order', async () => {
    const server = await framedServer({
      profile: plainFrameProfile,
      handler: async (f, channel) => {
        await channel.send(frame('notice'));
        return f;
      },
    });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    await client.send(frame('request'));
    expect([text(await client.receive(WAIT_MS)), text(await client.receive(WAIT_MS))]).toEqual(['notice', 'request']);
  });
});

/** A peer that sends requests as fast as its socket takes them and never reads an answer. */
function neverReads(socket: Socket, request: Uint8Array): () => number {
  let sent = 0;
  let stopped = false;
  const burst = Buffer.concat(Array.from({ length: 256 }, () => request));
  const pump = (): void => {
    while (!stopped && socket.writable) {
      sent += 256;
      if (!socket.write(burst)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  socket.on('error', () => undefined);
  socket.pause();
  pump();
  socket.once('close', () => (stopped = true));
  return () => sent;
}

describe('a framed server under peers that never read their answers', { timeout: 30_000 }, () => {
  it("stops reading them, holds a bounded number of bytes for each, and keeps a good terminal's p99 under 50 ms", async () => {
    let handled = 0;
    // Each 10-byte request gets a 4 KiB answer, so unread answers pile up fast.
    const answer = new Uint8Array(4096 + 2);
    answer[0] = 0x10;
    const server = await framedServer({
      profile: plainFrameProfile,
      idleTimeoutMs: 20_000,
      handler: (f) => {
        handled++;
        return text(f) === 'bulkbulk' ? answer : f;
      },
    });
    const rssBefore = process.memoryUsage().rss;
    const flooders = await Promise.all([1, 2, 3, 4].map(() => rawClient(server.port)));
    const sentBy = flooders.map((s) => neverReads(s, frame('bulkbulk')));

    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    const latencies: number[] = [];
    const end = performance.now() + 2_000;
    let i = 0;
    while (performance.now() < end || latencies.length < 200) {
      const t0 = performance.now();
      await client.send(frame(`ping ${i}`));
      expect(text(await client.receive(WAIT_MS))).toBe(`ping ${i++}`);
      latencies.push(performance.now() - t0);
      if (latencies.length >= 2_000) break;
    }
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    expect(p99).toBeLessThan(50);

    // The server stopped reading the flooders: what they sent is far more than what it handled.
    const handledThen = handled;
    await pause(200);
    expect(handled - handledThen).toBeLessThan(5);
    const sent = sentBy.reduce((n, f) => n + f(), 0);
    expect(sent).toBeGreaterThan(handled);
    const channels = [...server.connections] as FramedChannel[];
    expect(channels.length).toBe(5);
    for (const c of channels) expect(c.bufferedBytes).toBeLessThan(1024 * 1024);
    // Whole-process growth stays small beside the hundreds of MB an unbounded server reaches.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * 1024 * 1024);
  });

  it('reads on once the peer reads its answers again (drain), answering every request it sent meanwhile in order', async () => {
    const handled: number[] = [];
    // Each request gets a 64 KiB answer: a few unread ones fill the socket buffers and stop the server reading.
    const answerSize = 2 + 65_535;
    const server = await framedServer({
      profile: plainFrameProfile,
      handler: (f) => {
        const n = Number(text(f));
        handled.push(n);
        const answer = new Uint8Array(answerSize).fill(n);
        answer[0] = 0xff;
        answer[1] = 0xff;
        return answer;
      },
    });
    const peer = await rawClient(server.port);
    peer.on('error', () => undefined);
    peer.pause();
    const total = 200;
    peer.write(Buffer.concat(Array.from({ length: total }, (_, i) => frame(String(i)))));
    await until(() => handled.length > 0);
    // The server stops taking requests while its answers wait to drain.
    let before = -1;
    while (handled.length !== before) {
      before = handled.length;
      await pause(200);
    }
    expect(handled.length).toBeLessThan(total);
    // The peer reads again: the server resumes and answers the rest, in request order.
    const firstBytes: number[] = [];
    let got = 0;
    peer.on('data', (d: Uint8Array) => {
      for (let i = 0; i < d.length; i++, got++) if (got % answerSize === 2) firstBytes.push(d[i]!);
    });
    peer.resume();
    await until(() => got === total * answerSize, 15_000);
    expect(handled).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(firstBytes).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('closes a peer that stopped reading once its idle timeout passes', async () => {
    const log = errorLog();
    const big = new Uint8Array(65_002);
    big[0] = 0xfd;
    big[1] = 0xe8;
    const server = await framedServer({ profile: plainFrameProfile, idleTimeoutMs: 300, handler: () => big, onError: log.onError });
    const peer = await rawClient(server.port);
    neverReads(peer, frame('bulk'));
    await closedWithin(peer);
    expect(log.errors.map((e) => e.code)).toContain('IDLE_TIMEOUT');
  });
});

describe('a framed server closes gracefully', { timeout: 20_000 }, () => {
  it('stops accepting, answers what it has read, then closes each connection', async () => {
    const server = await createFramedServer({ profile: plainFrameProfile, handler: delayedEcho({ a: 200, b: 100, c: 0 }) });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    const idle = await framedClient({ port: server.port, profile: plainFrameProfile });
    for (const t of ['a', 'b', 'c']) await client.send(frame(t));
    await until(() => [...server.connections].some((c) => c.inFlight === 3));
    const t0 = performance.now();
    const closing = server.close({ deadlineMs: 10_000 });
    // A connection with nothing in flight closes at once, not at the deadline.
    await idle.closed;
    expect(performance.now() - t0).toBeLessThan(3_000);
    const refused = await connectFramed({ port: server.port, profile: plainFrameProfile }).catch((e: unknown) => e);
    expect((refused as Iso8583Error).code).toBe('CONNECT_FAILED');
    expect(await Promise.all([1, 2, 3].map(() => client.receive(WAIT_MS).then(text)))).toEqual(['a', 'b', 'c']);
    await closing;
    const after = await client.receive(WAIT_MS).catch((e: unknown) => e);
    expect((after as Iso8583Error).code).toBe('CONNECTION_CLOSED');
    expect(server.connections.size).toBe(0);
  });

  it('drops what is still unanswered at the deadline, reporting CLOSE_DEADLINE', async () => {
    const log = errorLog();
    const server = await createFramedServer({ profile: plainFrameProfile, handler: delayedEcho({ slow: 5_000 }), onError: log.onError });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    await client.send(frame('slow'));
    await until(() => [...server.connections].some((c) => c.inFlight === 1));
    const t0 = performance.now();
    await server.close({ deadlineMs: 100 });
    expect(performance.now() - t0).toBeLessThan(100 + 2_000);
    expect(log.errors.map((e) => [e.code, e.message, e.expected, e.found])).toEqual([
      ['CLOSE_DEADLINE', 'connection closed with requests still unanswered', 'answers within 100 ms', '1 unanswered'],
    ]);
    await client.closed;
  });
});

describe('a framed server has safe defaults', () => {
  it('turns on an idle timeout, a read timeout, a connection cap, an in-flight limit and a frame size cap', async () => {
    const server = await framedServer({ profile: plainFrameProfile, handler: (f) => f });
    expect(server.limits).toEqual({
      idleTimeoutMs: 120_000,
      frameTimeoutMs: 10_000,
      maxConnections: 1_000,
      maxInFlight: 64,
      answerOrder: 'request',
      closeDeadlineMs: 5_000,
      maxFrameSize: 65_537,
    });
  });

  it('refuses a frame over 65 537 bytes by default and takes it when the cap is turned off', async () => {
    const profile = lengthOnlyFrameProfile(lengthHeaders.binary4);
    const big = new Uint8Array(4 + 70_000);
    new DataView(big.buffer).setUint32(0, 70_000);
    const log = errorLog();
    const capped = await framedServer({ profile, handler: () => null, onError: log.onError });
    const peer = await rawClient(capped.port);
    peer.on('error', () => undefined);
    peer.write(big);
    expect((await log.next()).code).toBe('FRAME_TOO_LARGE');

    const got: number[] = [];
    const open = await framedServer({ profile, maxFrameSize: Infinity, handler: (f) => void got.push(f.length) });
    const client = await framedClient({ port: open.port, profile, maxFrameSize: Infinity });
    await client.send(big);
    await until(() => got.length === 1);
    expect(got).toEqual([70_004]);
  });

  it.each([
    [{ idleTimeoutMs: -1 }, 'idleTimeoutMs must be a whole number of milliseconds from 0 to 2147483647 (0 turns it off)', 'integer'],
    [{ frameTimeoutMs: 1.5 }, 'frameTimeoutMs must be a whole number of milliseconds from 0 to 2147483647 (0 turns it off)', 'number'],
    [{ maxConnections: 0 }, 'maxConnections must be a whole number from 1, or Infinity to turn it off', 'integer'],
    [{ maxInFlight: '8' }, 'maxInFlight must be a whole number from 1, or Infinity to turn it off', 'string'],
    [{ closeDeadlineMs: Number.NaN }, 'closeDeadlineMs must be a whole number of milliseconds from 0 to 2147483647 (0 turns it off)', 'NaN'],
    [{ answerOrder: 'random' }, 'answerOrder must be one of request, completion', 'another string'],
    [{ handler: undefined }, 'handler must be a function', 'undefined'],
  ])('refuses the option %o before listening', async (bad, message, found) => {
    const e = await createFramedServer({ profile: plainFrameProfile, handler: (f: Uint8Array) => f, ...(bad as object) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Iso8583Error);
    const path = Object.keys(bad as object)[0];
    expect([(e as Iso8583Error).code, (e as Iso8583Error).message, (e as Iso8583Error).path, (e as Iso8583Error).found]).toEqual([
      'BAD_ARGUMENT',
      `${message} (field ${path})`,
      path,
      found,
    ]);
  });
});

describe('the host simulator on the framed server', { timeout: 20_000 }, () => {
  const simulator = () => new AcquirerHostSimulator({ terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000001' }], cards: [], random: seeded(3), now });

  it('takes idleTimeoutMs by the same name, closing a peer that sends nothing', async () => {
    const host = await startHostSimulator({ simulator: simulator(), idleTimeoutMs: 300 });
    afterTest(() => host.close({ deadlineMs: 0 }));
    const t0 = performance.now();
    const idle = await rawClient(host.port);
    idle.on('error', () => undefined);
    const t = await closedWithin(idle, t0);
    expect(t).toBeGreaterThanOrEqual(299);
    expect(t).toBeLessThan(300 + 2_000);
  });

  it('takes maxConnections by the same name, closing one connection more as it arrives and telling onRefused', async () => {
    const refused: (string | undefined)[] = [];
    const host = await startHostSimulator({ simulator: simulator(), maxConnections: 1, onRefused: (remote) => refused.push(remote.address) });
    afterTest(() => host.close({ deadlineMs: 0 }));
    const first = await rawClient(host.port);
    first.on('error', () => undefined);
    const extra = await rawClient(host.port);
    extra.on('error', () => undefined);
    // With the default idle timeout (2 min) only the cap can close it within the wait.
    await closedWithin(extra);
    expect(first.closed).toBe(false);
    expect(refused).toEqual(['127.0.0.1']);
  });
});
