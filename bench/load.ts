// The load benchmark: terminals on 127.0.0.1 sending the captured CUP sale to a host in its own process that
// verifies the MAC, answers and MACs the answer (the Host pipeline section measures that work alone); messages/s
// and round-trip p50/p99 with 1, 50 and 500 terminals, the same with 4 peers that never read their answers, and
// the floor measured in the same run: the same terminals against a host that echoes each frame untouched. Each
// row is driven in several short rounds interleaved with the rows it is compared with, and keeps its best round,
// so other work on the machine slows the rows alike rather than whichever ran while it peaked.
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { connect as connectTcp } from 'node:net';
import { pathToFileURL } from 'node:url';
import { cupFrameProfile } from '../src/frame/profile.js';
import { connectFramed } from '../src/node/tcp.js';
import { cupSale } from './messages.js';

/** Each round drives a configuration this long after a warm-up that is not counted. */
const WARM_UP_MS = 250;
const MEASURE_MS = 1_000;
/** Rounds per configuration; each row keeps the round with the most messages per second. */
const ROUNDS = 3;

interface Host {
  port: number;
  stop(): Promise<void>;
}

/** Starts the host in a child process of its own, so it has its own event loop as a real host would. */
async function startHost(mode: 'mac' | 'echo'): Promise<Host> {
  // Beside the compiled bench (`npm run bench`) the host is compiled too; beside this source it runs through tsx.
  const compiled = import.meta.url.endsWith('.mjs');
  const child: ChildProcess = fork(new URL(compiled ? './load-host.mjs' : './load-host.ts', import.meta.url), [mode], {
    execArgv: compiled ? [] : ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`load host exited with ${String(code)}`)));
  });
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

interface Result {
  perSecond: number;
  p50: number;
  p99: number;
}

/** A peer that sends the sale over and over as fast as its socket takes it and never reads an answer. */
function neverReads(port: number, frame: Uint8Array): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: '127.0.0.1', port }, () => {
      socket.pause();
      const burst = Buffer.concat(Array.from({ length: 64 }, () => frame));
      const pump = (): void => {
        while (socket.writable && socket.write(burst));
        if (socket.writable) socket.once('drain', pump);
      };
      pump();
      resolve(socket);
    });
    socket.on('error', () => undefined);
  });
}

/** `terminals` connections, each sending the sale and waiting for its answer in a loop; `flooders` peers never read. */
async function drive(port: number, frame: Uint8Array, terminals: number, flooders = 0): Promise<Result> {
  const connections = await Promise.all(
    Array.from({ length: terminals }, () => connectFramed({ port, profile: cupFrameProfile, connectTimeoutMs: 10_000 })),
  );
  // One untimed exchange each: the host accepts one connection per turn of its event loop, so a terminal is
  // known to be admitted only once it has been answered; the rows measure terminals at work, not their admission.
  await Promise.all(connections.map(async (c) => (await c.send(frame), await c.receive(30_000))));
  const bad = await Promise.all(Array.from({ length: flooders }, () => neverReads(port, frame)));
  const latencies: number[] = [];
  const start = performance.now();
  const measureFrom = start + WARM_UP_MS;
  const end = measureFrom + MEASURE_MS;
  await Promise.all(
    connections.map(async (c) => {
      for (;;) {
        const t0 = performance.now();
        if (t0 >= end) return;
        await c.send(frame);
        await c.receive(10_000);
        if (t0 >= measureFrom) latencies.push(performance.now() - t0);
      }
    }),
  );
  for (const c of connections) c.destroy();
  for (const s of bad) s.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!;
  return { perSecond: latencies.length / (MEASURE_MS / 1000), p50: at(0.5), p99: at(0.99) };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function row(name: string, r: Result, against?: { label: string; base: Result }): string {
  const figures = `${fmt(r.perSecond).padStart(8)} msg/s   p50 ${fmt(r.p50, 2).padStart(7)} ms   p99 ${fmt(r.p99, 2).padStart(7)} ms`;
  const ratio = against
    ? `   (${(r.perSecond / against.base.perSecond).toFixed(2)}× the msg/s, p99 ${(r.p99 / against.base.p99).toFixed(2)}× the p99 of ${against.label})`
    : '';
  return `${name.padEnd(50)} ${figures}${ratio}`;
}

const terminalsText = (n: number): string => `${n} terminal${n === 1 ? '' : 's'}`;

/** The round with the most messages per second. */
const best = (rounds: Result[]): Result => rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

/**
 * Runs the load benchmark and returns its printed lines. Both hosts run side by side, and the rounds of each row
 * alternate with those of the rows it is compared with, so a change in the machine's load skews the ratios least.
 */
export async function runLoad(): Promise<string[]> {
  const { frame } = cupSale();
  const lines = [
    `the captured CUP sale (${frame.length} bytes framed); best of ${ROUNDS} rounds of ${MEASURE_MS / 1000} s after ${WARM_UP_MS} ms of warm-up`,
  ];
  const [echo, host] = await Promise.all([startHost('echo'), startHost('mac')]);
  try {
    for (const n of [1, 50, 500]) {
      const rounds: { floor: Result[]; alone: Result[]; beside: Result[] } = { floor: [], alone: [], beside: [] };
      for (let r = 0; r < ROUNDS; r++) {
        rounds.floor.push(await drive(echo.port, frame, n));
        rounds.alone.push(await drive(host.port, frame, n));
        rounds.beside.push(await drive(host.port, frame, n, 4));
      }
      const [floor, alone, beside] = [best(rounds.floor), best(rounds.alone), best(rounds.beside)];
      lines.push(row(`floor: echo host, ${terminalsText(n)}`, floor));
      lines.push(row(`MAC host, ${terminalsText(n)}`, alone, { label: 'the echo floor', base: floor }));
      lines.push(row(`MAC host, ${terminalsText(n)} + 4 peers never reading`, beside, { label: 'the MAC host without them', base: alone }));
    }
  } finally {
    await Promise.all([echo.stop(), host.stop()]);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runLoad()) console.log(line);
}
