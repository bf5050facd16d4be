import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { plainFrameProfile } from '../../src/frame/profile.js';
import { createFramedServer } from '../../src/node/server.js';
import { connectFramed } from '../../src/node/tcp.js';
import { closedWithin, framedClient, framedServer, rawClient, until, WAIT_MS } from './support/loopback.js';
import { selfSignedCertificate } from './support/self-signed.js';

const { cert, key } = selfSignedCertificate();

describe('framed TLS on the loopback', { timeout: 20_000 }, () => {
  it('answers over TLS a client that trusts the server certificate', async () => {
    const server = await framedServer({ profile: plainFrameProfile, tls: { cert, key }, handler: (f) => f });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile, tls: { ca: cert } });
    await client.send(fromHex('0003AABBCC'));
    expect(toHex(await client.receive(WAIT_MS))).toBe('0003AABBCC');
    expect(server.connections.size).toBe(1);
  });

  it('refuses a server certificate the client does not trust, reporting TLS_FAILED on both sides', async () => {
    const serverErrors: Iso8583Error[] = [];
    const server = await framedServer({ profile: plainFrameProfile, tls: { cert, key }, handler: (f) => f, onError: (e) => serverErrors.push(e) });
    const e = await connectFramed({ port: server.port, profile: plainFrameProfile, tls: {} }).catch((x: unknown) => x);
    expect([(e as Iso8583Error).code, (e as Iso8583Error).message]).toEqual(['TLS_FAILED', 'TLS handshake failed']);
    expect(((e as { cause?: { code?: string } }).cause)?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    await until(() => serverErrors.length === 1);
    expect(serverErrors[0]!.code).toBe('TLS_FAILED');
    expect(server.connections.size).toBe(0);
  });

  it('closes a peer that never starts its handshake within the smaller of the idle and read timeouts', async () => {
    const server = await framedServer({ profile: plainFrameProfile, tls: { cert, key }, handler: (f) => f, idleTimeoutMs: 5_000, frameTimeoutMs: 250 });
    const t0 = performance.now();
    const peer = await rawClient(server.port);
    peer.on('error', () => undefined);
    const t = await closedWithin(peer, t0);
    expect(t).toBeGreaterThanOrEqual(249);
    expect(t).toBeLessThan(250 + 2_000);
  });

  it('applies the idle timeout and the connection cap to TLS connections', async () => {
    const refused: unknown[] = [];
    const server = await framedServer({
      profile: plainFrameProfile,
      tls: { cert, key },
      handler: (f) => f,
      idleTimeoutMs: 300,
      maxConnections: 1,
      onRefused: (r) => refused.push(r),
    });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile, tls: { ca: cert } });
    const second = await rawClient(server.port);
    second.on('error', () => undefined);
    await closedWithin(second);
    expect(refused.length).toBe(1);
    await client.closed;
    expect(client.error).toBeUndefined();
  });

  it('closes gracefully over TLS: the answer in flight arrives, then the connection ends', async () => {
    const server = await createFramedServer({
      profile: plainFrameProfile,
      tls: { cert, key },
      handler: (f) => new Promise((r) => setTimeout(() => r(f), 100)),
    });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile, tls: { ca: cert } });
    await client.send(fromHex('0001AA'));
    await until(() => [...server.connections].some((c) => c.inFlight === 1));
    const closing = server.close({ deadlineMs: WAIT_MS });
    expect(toHex(await client.receive(WAIT_MS))).toBe('0001AA');
    await closing;
    const after = await client.receive(WAIT_MS).catch((x: unknown) => x);
    expect((after as Iso8583Error).code).toBe('CONNECTION_CLOSED');
  });
});
