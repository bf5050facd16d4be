/**
 * The acquirer host simulator on a TCP port: each CUP POS frame a terminal sends is handed to the
 * simulator, and its answer goes back on the same connection after any scheduled delay; a dropped
 * answer is simply never sent, as with a host that went quiet.
 */
import { Iso8583Error } from '../errors.js';
import { cupFrameProfile } from '../frame/profile.js';
import type { AcquirerHostSimulator, HostExchange } from '../testing/host-simulator.js';
import { createFramedServer } from './tcp.js';

/** Where the simulated host listens and whom it tells what happened. */
export interface HostServerOptions {
  simulator: AcquirerHostSimulator;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: the system picks a free port, read it from the result. */
  port?: number;
  /** Told of every request the simulator took in, with its decision, before any delay. */
  onExchange?: (exchange: HostExchange) => void;
  /** Told of frames the simulator could not read and of answers that could not be sent. */
  onError?: (error: Iso8583Error) => void;
}

/** A listening simulated host. */
export interface HostServer {
  readonly host: string;
  readonly port: number;
  /** Stops listening, cancels answers still waiting out a delay, closes every connection. */
  close(): Promise<void>;
}

function asError(e: unknown): Iso8583Error {
  return e instanceof Iso8583Error ? e : new Iso8583Error('HOST_FAILED', 'the host simulator failed', { cause: e });
}

/** Starts the simulator on a TCP port; settles once it listens. */
export async function startHostSimulator(options: HostServerOptions): Promise<HostServer> {
  const { simulator } = options;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const report = (e: unknown): void => options.onError?.(asError(e));
  const server = await createFramedServer({
    profile: cupFrameProfile,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    onFrame: (frame, reply) => {
      let ex: HostExchange;
      try {
        ex = simulator.exchange(frame);
      } catch (e) {
        // A frame the host cannot read gets no answer; the connection stays up, as a real host's would.
        report(e);
        return;
      }
      options.onExchange?.(ex);
      const response = ex.response;
      if (response === null) return;
      const send = (): void => {
        reply(response).catch(report);
      };
      if (ex.delayMs <= 0) {
        send();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, ex.delayMs);
      timers.add(timer);
    },
    onError: (error) => report(error),
  });
  return {
    host: server.host,
    port: server.port,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await server.close();
    },
  };
}
