import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectFramed } from '../../src/node/tcp.js';
import { framedClient, framedServer, freePort, pause, rawClient, rawServer, until, WAIT_MS, within } from './support/loopback.js';
import { frameMessage, unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile, lengthOnlyFrameProfile, plainFrameProfile } from '../../src/frame/profile.js';
import { swapTpdu } from '../../src/frame/tpdu.js';
import { lengthHeaders } from '../../src/frame/length-header.js';
import { cupProcessingRequirement } from '../../src/frame/cup-header.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';

interface Fixture {
  hex: string;
}
const signIn = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/frames/cup-0800-signin-1.json', import.meta.url)), 'utf8'),
) as Fixture;

describe('framed TCP on the loopback', { timeout: 10_000 }, () => {
  it('answers a captured CUP sign-in with a swapped TPDU and a processing requirement', async () => {
    const server = await framedServer({
      profile: cupFrameProfile,
      handler: (frame) => {
        const request = unframeMessage(cupFrameProfile, frame);
        const body = fromHex('0810' + toHex(request.body, 2));
        return frameMessage(cupFrameProfile, {
          tpdu: swapTpdu(request.tpdu),
          header: { ...request.header, processingRequirement: '3' },
          body,
        });
      },
    });
    const client = await framedClient({ port: server.port, profile: cupFrameProfile });
    await client.send(fromHex(signIn.hex));
    const answer = unframeMessage(cupFrameProfile, await client.receive(WAIT_MS));
    expect(answer.tpdu).toEqual({ id: '60', destination: '0000', source: '0601' });
    expect(cupProcessingRequirement(answer.header)).toBe('signInAgain');
    expect(toHex(answer.body, 0, 2)).toBe('0810');
    expect(answer.body.length).toBe(unframeMessage(cupFrameProfile, fromHex(signIn.hex)).body.length);
  });

  it('assembles frames from a peer that sends one byte at a time', async () => {
    const got: string[] = [];
    const all = within<void>((done) => {
      void framedServer({
        profile: plainFrameProfile,
        handler: (frame) => {
          got.push(toHex(frame));
          if (got.length === 2) done();
          return null;
        },
      }).then(async (server) => {
        const raw = await rawClient(server.port);
        for (const b of fromHex('0003AABBCC' + '0001DD')) {
          raw.write(Uint8Array.of(b));
          await pause(1);
        }
      });
    });
    await all;
    expect(got).toEqual(['0003AABBCC', '0001DD']);
  });

  it('receives several frames sent in one write, in order, and ends cleanly when the peer closes', async () => {
    const port = await rawServer((s) => s.end(fromHex('0001AA' + '0002BBCC' + '0000' + '0001DD')));
    const client = await framedClient({ port, profile: plainFrameProfile });
    const frames: string[] = [];
    for await (const f of client) frames.push(toHex(f));
    expect(frames).toEqual(['0001AA', '0002BBCC', '0000', '0001DD']);
    expect(client.error).toBeUndefined();
    const e = await client.receive(WAIT_MS).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('CONNECTION_CLOSED');
  });

  it('closes a connection that sends garbage, after handing out the frame before it', async () => {
    const profile = lengthOnlyFrameProfile(lengthHeaders.ascii4);
    const got: string[] = [];
    let errorSeen!: (e: Iso8583Error) => void;
    const failed = within<Iso8583Error>((done) => (errorSeen = done));
    const server = await framedServer({
      profile,
      handler: (frame) => void got.push(toHex(frame)),
      onError: (e) => errorSeen(e),
    });
    const raw = await rawClient(server.port);
    const closed = within<void>((done) => raw.once('close', () => done()));
    raw.on('error', () => undefined);
    raw.write(fromHex('303030324142' + '474554202F20485454502F312E310D0A'));
    const e = await failed;
    expect(e).toBeInstanceOf(Iso8583Error);
    expect(e.code).toBe('BAD_LENGTH_HEADER');
    expect(e.message).toBe('length header has a character that is not a decimal digit (byte 6)');
    expect(got).toEqual(['303030324142']);
    await closed;
  });

  it('closes a connection announcing an oversize frame without waiting for its bytes', async () => {
    let errorSeen!: (e: Iso8583Error) => void;
    const failed = within<Iso8583Error>((done) => (errorSeen = done));
    const got: string[] = [];
    const server = await framedServer({
      profile: plainFrameProfile,
      maxFrameSize: 64,
      handler: (frame) => void got.push(toHex(frame)),
      onError: (e) => errorSeen(e),
    });
    const raw = await rawClient(server.port);
    raw.on('error', () => undefined);
    const closed = within<void>((done) => raw.once('close', () => done()));
    raw.write(fromHex('0001AA' + 'FFFF'));
    const e = await failed;
    expect(e.code).toBe('FRAME_TOO_LARGE');
    expect(e.message).toBe('frame is larger than the maximum frame size (byte 3)');
    expect(got).toEqual(['0001AA']);
    await closed;
    expect(server.connections.size).toBe(0);
  });

  it('gives the client the frames before an oversize one, then the error', async () => {
    const port = await rawServer((s) => s.write(fromHex('0001AA' + '7FFF' + '00')));
    const client = await framedClient({ port, profile: plainFrameProfile, maxFrameSize: 100 });
    expect(toHex(await client.receive(WAIT_MS))).toBe('0001AA');
    const e = await client.receive(WAIT_MS).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('FRAME_TOO_LARGE');
    expect(client.error).toBe(e);
    await client.closed;
    const sent = await client.send(fromHex('0001AA')).catch((x: unknown) => x);
    expect((sent as Iso8583Error).code).toBe('CONNECTION_CLOSED');
  });

  it('reports a stream that ends inside a frame', async () => {
    const port = await rawServer((s) => s.end(fromHex('0005AABB')));
    const client = await framedClient({ port, profile: plainFrameProfile });
    const e = await client.receive(WAIT_MS).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('FRAME_TRUNCATED');
    expect((e as Iso8583Error).message).toBe('stream ends inside a frame (byte 4)');
  });

  it('refuses to send a frame whose length header disagrees with its size', async () => {
    const port = await rawServer(() => undefined);
    const client = await framedClient({ port, profile: plainFrameProfile });
    const e = await client.send(fromHex('0003AABB')).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('FRAME_LENGTH_MISMATCH');
  });

  it('gives up waiting for a frame after the receive timeout', async () => {
    const port = await rawServer(() => undefined);
    const client = await framedClient({ port, profile: plainFrameProfile });
    const e = await client.receive(30).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('RECEIVE_TIMEOUT');
    expect((e as Iso8583Error).message).toBe('no frame arrived in time');
    expect((e as Iso8583Error).expected).toBe('a frame within 30 ms');
  });

  it('reports a port where nothing listens', async () => {
    const port = await freePort();
    const e = await connectFramed({ port, profile: plainFrameProfile, connectTimeoutMs: WAIT_MS }).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('CONNECT_FAILED');
    expect((e as Iso8583Error).message).toBe('connection could not be opened');
  });

  it('ends a connection whose frame handler throws or rejects', async () => {
    for (const handler of [
      () => {
        throw new Error('boom');
      },
      () => Promise.reject(new Error('boom')),
    ]) {
      let errorSeen!: (e: Iso8583Error) => void;
      const failed = within<Iso8583Error>((done) => (errorSeen = done));
      const server = await framedServer({ profile: plainFrameProfile, handler, onError: (e) => errorSeen(e) });
      const client = await framedClient({ port: server.port, profile: plainFrameProfile });
      await client.send(fromHex('0001AA'));
      const e = await failed;
      expect(e.code).toBe('FRAME_HANDLER_FAILED');
      expect(e.message).toBe('the frame handler failed');
      await client.closed;
    }
  });

  it('closes politely from the client side and lets the server see the connection go', async () => {
    const server = await framedServer({ profile: plainFrameProfile, handler: (f) => f });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    await client.send(fromHex('0002ABCD'));
    expect(toHex(await client.receive(WAIT_MS))).toBe('0002ABCD');
    await client.close();
    await until(() => server.connections.size === 0);
  });

  it('stops reading while its receive queue is full, and reads on as frames are taken', async () => {
    const flood = Buffer.concat(Array.from({ length: 100 }, () => fromHex('0004DEADBEEF')));
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
    const client = await framedClient({ port, profile: plainFrameProfile, maxQueuedFrames: 8 });
    await until(() => client.queued >= 8);
    await pause(300);
    const [pushedThen, queuedThen] = [pushed, client.queued];
    await pause(300);
    // The host can push no more: TCP stopped it once the client stopped reading.
    expect(pushed).toBe(pushedThen);
    expect(client.queued).toBe(queuedThen);
    // At most the queue and the frames of one socket read (64 KiB of 6-byte frames).
    expect(client.queued).toBeLessThanOrEqual(8 + Math.ceil(65_536 / 6));
    // Taking the queued frames lets reading resume: the queue fills again from the socket.
    for (let i = 0; i < queuedThen; i++) expect(toHex(await client.receive(WAIT_MS))).toBe('0004DEADBEEF');
    await until(() => client.queued >= 8);
  });

  it('refuses a profile without a length header before opening any socket', async () => {
    const e = await connectFramed({ port: 1, profile: { lengthHeader: lengthHeaders.none } }).catch((x: unknown) => x);
    expect((e as Iso8583Error).code).toBe('BAD_FRAME_PROFILE');
  });
});
