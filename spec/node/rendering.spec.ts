import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { plainFrameProfile } from '../../src/frame/profile.js';
import type { FramedChannel } from '../../src/node/framed-channel.js';
import { framedClient, framedServer, rawServer, until, WAIT_MS } from './support/loopback.js';

const PAN = '6225880123456783';

/** A plain frame whose body is a PAN in ASCII, as a track or field 2 would carry it. */
function panFrame(): Uint8Array {
  const body = new TextEncoder().encode(PAN);
  return Uint8Array.from([0, body.length, ...body]);
}

/** Every way a program might print `value`, each as text. */
function renderings(value: object): string[] {
  return [inspect(value, { depth: Infinity }), inspect({ wrapped: value }, { depth: Infinity }), JSON.stringify(value), String(value), `${value}`];
}

/** True when `text` holds the PAN as text, as hex, or as the byte values util.inspect or JSON print. */
function leaks(text: string): boolean {
  const bytes = [...new TextEncoder().encode(PAN)].join(',');
  const hex = Buffer.from(PAN).toString('hex');
  const numbers = (text.match(/\d+/g) ?? []).join(',');
  const jsonValues = [...text.matchAll(/":(\d+)/g)].map((m) => m[1]).join(',');
  return text.includes(PAN) || text.toLowerCase().includes(hex) || numbers.includes(bytes) || jsonValues.includes(bytes);
}

describe('connections print their state, never the frames they hold', { timeout: 10_000 }, () => {
  it('masks a server connection with requests waiting for its handler', async () => {
    const server = await framedServer({ profile: plainFrameProfile, maxInFlight: 1, handler: () => new Promise<null>(() => undefined) });
    const client = await framedClient({ port: server.port, profile: plainFrameProfile });
    for (let i = 0; i < 3; i++) await client.send(panFrame());
    await until(() => [...server.connections].some((c) => c.inFlight === 3));
    const channel = [...server.connections][0] as FramedChannel;
    for (const text of renderings(channel)) expect(leaks(text)).toBe(false);
    expect(JSON.parse(JSON.stringify(channel))).toMatchObject({ inFlight: 3, closed: false });
    expect(inspect(channel, { breakLength: Infinity })).toMatch(/^FramedChannel \{ remote: '127\.0\.0\.1:\d+', inFlight: 3, bufferedBytes: \d+, closed: false \}$/);
    for (const text of renderings(server)) expect(leaks(text)).toBe(false);
  });

  it('masks a client connection with unread frames in its queue', async () => {
    const port = await rawServer((s) => s.write(Buffer.concat([panFrame(), panFrame()])));
    const client = await framedClient({ port, profile: plainFrameProfile });
    await until(() => client.queued === 2, WAIT_MS);
    for (const text of renderings(client)) expect(leaks(text)).toBe(false);
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({ queued: 2, closed: false });
  });
});
