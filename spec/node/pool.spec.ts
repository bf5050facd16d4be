import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Iso8583Error } from '../../src/errors.js';
import type { FramedChannel } from '../../src/node/framed-channel.js';
import { createClientPool, type ClientPool } from '../../src/node/pool.js';
import { afterTest, framedServer, freePort, until } from './support/loopback.js';
import { answerTo, dialect, profile, request, summary } from './support/messages.js';

/** A host that answers at once and notes which connection carried each request. */
async function host(): Promise<{ port: number; carriers: FramedChannel[]; connections: () => ReadonlySet<FramedChannel> }> {
  const carriers: FramedChannel[] = [];
  const server = await framedServer({
    profile,
    handler: (f, channel) => {
      carriers.push(channel);
      return answerTo(f);
    },
  });
  return { port: server.port, carriers, connections: () => server.connections };
}

async function pool(port: number, size: number): Promise<ClientPool> {
  const p = await createClientPool({ port, profile, dialect, size, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
  afterTest(() => p.close({ deadlineMs: 0 }));
  return p;
}

const stan = (i: number) => String(i).padStart(6, '0');

describe('a client pool', { timeout: 20_000 }, () => {
  it('sends requests round-robin over its connections', async () => {
    const h = await host();
    const p = await pool(h.port, 3);
    expect(p.readyCount).toBe(3);
    for (let i = 1; i <= 6; i++) expect(summary(await p.send(request('0200', stan(i))))).toBe(`0210 ${stan(i)}`);
    const perConnection = new Map<FramedChannel, number>();
    for (const c of h.carriers) perConnection.set(c, (perConnection.get(c) ?? 0) + 1);
    expect([...perConnection.values()]).toEqual([2, 2, 2]);
  });

  it('skips a lost connection, replaces it, and loses no request meanwhile', async () => {
    const h = await host();
    const p = await pool(h.port, 3);
    const victim = [...h.connections()][0]!;
    victim.destroy();
    await until(() => p.readyCount === 2);
    const answers = await Promise.all([1, 2, 3, 4].map((i) => p.send(request('0200', stan(100 + i)))));
    expect(answers.map(summary)).toEqual(['0210 000101', '0210 000102', '0210 000103', '0210 000104']);
    // Sent while a member was down, they went to the two ready members at once, none waiting for the reconnect.
    expect(new Set(h.carriers).size).toBe(2);
    await until(() => p.readyCount === 3);
    expect(h.connections().size).toBe(3);
    expect(p.members.map((m) => m.connectCount).sort()).toEqual([1, 1, 2]);
  });

  it('drops a member whose link stopped answering (its echo goes unanswered) and replaces it, the others untouched', async () => {
    let sick: FramedChannel | undefined;
    const server = await framedServer({
      profile,
      // The first connection hangs: it reads requests and answers none, as a half-dead link does.
      onConnection: (channel) => (sick ??= channel),
      handler: (f, channel) => (channel === sick ? null : answerTo(f)),
    });
    const errors: Iso8583Error[] = [];
    let echoStan = 900_000;
    const p = await createClientPool({
      port: server.port,
      profile,
      dialect,
      size: 3,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      heartbeat: { idleMs: 100, timeoutMs: 1_000, beat: (link) => link.send(request('0820', stan(++echoStan))) },
      onError: (e) => errors.push(e),
    });
    afterTest(() => p.close({ deadlineMs: 0 }));
    await until(() => sick!.isClosed && p.readyCount === 3);
    expect(errors.map((e) => e.code)).toEqual(['HEARTBEAT_FAILED']);
    expect(p.members.map((m) => m.connectCount).sort()).toEqual([1, 1, 2]);
    const answers = await Promise.all([1, 2, 3].map((i) => p.send(request('0200', stan(200 + i)))));
    expect(answers.map(summary)).toEqual(['0210 000201', '0210 000202', '0210 000203']);
  });

  it('refuses to start when no member can connect, with the first error', async () => {
    const e = (await createClientPool({ port: await freePort(), profile, dialect, size: 2 }).catch((x: unknown) => x)) as Iso8583Error;
    expect(e.code).toBe('CONNECT_FAILED');
  });

  it('refuses a size outside 1 to 64', async () => {
    const e = (await createClientPool({ port: 1, profile, dialect, size: 0 }).catch((x: unknown) => x)) as Iso8583Error;
    expect([e.code, e.message]).toEqual(['BAD_ARGUMENT', 'size must be an integer from 1 to 64 (field size)']);
  });

  it('prints its size and health only', async () => {
    const h = await host();
    const p = await pool(h.port, 2);
    expect(inspect(p)).toBe('ClientPool { size: 2, ready: 2 }');
  });
});
