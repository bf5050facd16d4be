// A small pool of client connections to one host: requests go round-robin to the healthy ones, and each
// member replaces a lost or unhealthy connection by reconnecting on its own.
import { badArgument, expectInteger, shapeOf } from '../arguments.js';
import { defineMaskedRendering } from '../redaction.js';
import { Iso8583Client, type ClientLink, type ClientOptions, type SendOptions } from './client.js';
import { checkOptionsObject } from './options.js';

/** A pool: `size` clients with the same options (each runs `onConnect` and its own heartbeat). */
export interface ClientPoolOptions extends ClientOptions {
  /** Connections in the pool, 1 to 64. */
  readonly size: number;
}

/** Several {@link Iso8583Client}s to one host behind one `send`. */
export class ClientPool implements ClientLink {
  private readonly clients: readonly Iso8583Client[];
  private turn = 0;

  /** The members, started by {@link createClientPool}. */
  constructor(clients: readonly Iso8583Client[]) {
    if (!Array.isArray(clients) || !clients.every((c) => c instanceof Iso8583Client)) throw badArgument('clients', 'an array of clients', shapeOf(clients));
    this.clients = clients;
  }

  /** The members, in round-robin order. */
  get members(): readonly Iso8583Client[] {
    return this.clients;
  }

  /** Members whose connection is up. */
  get readyCount(): number {
    return this.clients.filter((c) => c.state === 'ready').length;
  }

  /**
   * Sends on the next ready member in turn (see {@link Iso8583Client.send}); when none is ready, on the next
   * member in turn, where the request waits for its connection within its timeout.
   */
  send(request: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    const n = this.clients.length;
    for (let i = 0; i < n; i++) {
      const client = this.clients[(this.turn + i) % n]!;
      if (client.state === 'ready') {
        this.turn = (this.turn + i + 1) % n;
        return client.send(request, options);
      }
    }
    const client = this.clients[this.turn]!;
    this.turn = (this.turn + 1) % n;
    return client.send(request, options);
  }

  /** Closes every member gracefully (see {@link Iso8583Client.close}). */
  async close(options?: { readonly deadlineMs?: number }): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close(options)));
  }
}

defineMaskedRendering(ClientPool.prototype, {
  name: 'ClientPool',
  masked: (p) => ({ size: p.members.length, ready: p.readyCount }),
});

/**
 * Opens `size` connections and resolves once each has made its first attempt and at least one is ready;
 * members whose first attempt failed keep trying in the background. Rejects with the first error (and
 * closes the pool) when none could connect.
 */
export async function createClientPool(options: ClientPoolOptions): Promise<ClientPool> {
  checkOptionsObject(options, 'options');
  const { size, ...clientOptions } = options;
  expectInteger(size, 'size', 1, 64);
  const clients = Array.from({ length: size }, () => new Iso8583Client(clientOptions));
  const pool = new ClientPool(clients);
  const firsts = await Promise.allSettled(clients.map((c) => c.start(true)));
  if (!firsts.some((r) => r.status === 'fulfilled')) {
    await pool.close({ deadlineMs: 0 });
    throw (firsts[0] as PromiseRejectedResult).reason;
  }
  return pool;
}
