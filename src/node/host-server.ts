/**
 * The acquirer host simulator on a TCP (or TLS) port: each CUP POS frame a terminal sends is handed to the
 * simulator, and its answer goes back on the same connection after any scheduled delay; a dropped
 * answer is simply never sent, as with a host that went quiet. It runs on {@link createFramedServer}, so
 * the same limits apply (idle and read timeouts, connection cap, requests in flight, answer order).
 */
import type { TlsOptions } from 'node:tls';
import { badArgument, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { cupFrameProfile } from '../frame/profile.js';
import type { AcquirerHostSimulator, HostExchange } from '../testing/host-simulator.js';
import type { FrameAnswer } from './framed-channel.js';
import { checkFunction, checkOptionsObject } from './options.js';
import { createFramedServer, type FramedServerLimits, type FramedServerOptions } from './server.js';

/** Where the simulated host listens and whom it tells what happened. */
export interface HostServerOptions extends FramedServerLimits {
  simulator: AcquirerHostSimulator;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: the system picks a free port, read it from the result. */
  port?: number;
  /** Largest frame accepted from a terminal (default 65 537 bytes). */
  maxFrameSize?: number;
  /** Speak TLS: options for `tls.createServer`, as for {@link createFramedServer}. */
  tls?: TlsOptions;
  /** Told of every request the simulator took in, with its decision, before any delay. */
  onExchange?: (exchange: HostExchange) => void;
  /** Told of frames the simulator could not read, answers that could not be sent, and connections that failed. */
  onError?: (error: Iso8583Error) => void;
  /** Told of each connection refused because `maxConnections` were open, as for {@link createFramedServer}. */
  onRefused?: FramedServerOptions['onRefused'];
}

/** A listening simulated host. */
export interface HostServer {
  readonly host: string;
  readonly port: number;
  /**
   * Stops listening, cancels answers still waiting out a delay, and closes every connection once what it
   * has in hand is answered (see {@link FramedServer.close}).
   */
  close(options?: { readonly deadlineMs?: number }): Promise<void>;
}

function asError(e: unknown): Iso8583Error {
  return e instanceof Iso8583Error ? e : new Iso8583Error('HOST_FAILED', 'the host simulator failed', { cause: e });
}

/** Starts the simulator on a TCP port; settles once it listens. */
export async function startHostSimulator(options: HostServerOptions): Promise<HostServer> {
  checkOptionsObject(options, 'options');
  const { simulator, onExchange, onError, ...serverOptions } = options;
  if (simulator === null || typeof simulator !== 'object' || typeof simulator.exchange !== 'function') {
    throw badArgument('simulator', 'an AcquirerHostSimulator', shapeOf(simulator));
  }
  checkFunction(onExchange, 'onExchange');
  checkFunction(onError, 'onError');
  /** Answers waiting out a delay: each settles with nothing when the server closes. */
  const delayed = new Map<ReturnType<typeof setTimeout>, () => void>();
  const report = (e: unknown): void => onError?.(asError(e));
  const server = await createFramedServer({
    ...serverOptions,
    profile: cupFrameProfile,
    handler: (frame): FrameAnswer | Promise<FrameAnswer> => {
      let ex: HostExchange;
      try {
        ex = simulator.exchange(frame);
      } catch (e) {
        // A frame the host cannot read gets no answer; the connection stays up, as a real host's would.
        report(e);
        return null;
      }
      onExchange?.(ex);
      const response = ex.response;
      if (response === null || ex.delayMs <= 0) return response;
      return new Promise<FrameAnswer>((resolve) => {
        const timer = setTimeout(() => {
          delayed.delete(timer);
          resolve(response);
        }, ex.delayMs);
        delayed.set(timer, () => resolve(null));
      });
    },
    onError: (error) => report(error),
  });
  return {
    host: server.host,
    port: server.port,
    close: (closeOptions) => {
      for (const [timer, cancel] of delayed) {
        clearTimeout(timer);
        cancel();
      }
      delayed.clear();
      return server.close(closeOptions);
    },
  };
}
