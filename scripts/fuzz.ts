// `npm run fuzz`: a seeded, time-bounded fuzz of every built-in dialect, the frame layer and the TLV codecs.
// Inputs are valid messages (fixtures and generated ones) mutated byte by byte, spliced, cut, plus random bytes.
// Every case must end in success or an Iso8583Error with printable text, within 20 ms of CPU time, and whatever decodes must
// encode back to exactly the bytes it came from. FUZZ_CASES, FUZZ_SECONDS and FUZZ_SEED set the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { bytesEqual, fromHex, toHex } from '../src/bytes/hex.js';
import { compileAsciiTlv } from '../src/codec/composite/ascii-tlv.js';
import { compileBerTlv } from '../src/codec/composite/ber-tlv.js';
import { encodeContent } from '../src/codec/composite/parts.js';
import type { CompositeCodec } from '../src/codec/composite/types.js';
import type { TlvNode } from '../src/codec/values.js';
import { CUP_FIELD59 } from '../src/dialects/cup-field59.js';
import { EMV_TAGS } from '../src/dialects/emv-tags.js';
import {
  Iso8583Error,
  createDeframer,
  cupFrameProfile,
  decodeCupHeader,
  decodeLengthHeader,
  decodeTpdu,
  dialects,
  encodeCupHeader,
  encodeLengthHeader,
  encodeTpdu,
  frameMessage,
  lengthHeaders,
  lengthOnlyFrameProfile,
  plainFrameProfile,
  tpduFrameProfile,
  unframeMessage,
  type Dialect,
  type FrameProfile,
  type LengthHeaderSpec,
} from '../src/index.js';
import { anyCupTransaction, emvTlvSet, messageFor } from '../src/testing/index.js';
import { loadCupFixtures, splitFixture } from '../spec/fixtures/cup-fixtures.js';

/** A case that broke a rule, with what is needed to replay it. */
export interface FuzzFailure {
  target: string;
  rule: 'foreign error' | 'not exact' | 'unprintable error' | 'slow' | 'rendering failed';
  detail: string;
  hex: string;
}

/** Figures of one target. */
export interface TargetFigures {
  target: string;
  cases: number;
  /** Cases the decoder (or reader) accepted; each of them was re-encoded and compared. */
  accepted: number;
  /** Cases refused with an Iso8583Error. */
  refused: number;
  /**
   * Dialects only: accepted cases whose plain object (`toObject()`) does not encode back to the same bytes.
   * Not a failure: building from plain values is strict (see FUZZING.md); the decoded Message is exact.
   */
  objectDiffers?: number;
  /** The slowest case, in milliseconds of CPU time. */
  maxMs: number;
  totalMs: number;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  seconds: number;
  targets: TargetFigures[];
  failures: FuzzFailure[];
}

export interface FuzzOptions {
  /** Cases in all, shared round-robin among the targets. */
  cases: number;
  /** Stop early after this many seconds (default: no limit). */
  seconds?: number;
  seed: number;
  /** A case taking more CPU time than this, three runs in a row, is a failure (default 20 ms). */
  maxCaseMs?: number;
  /** Stop at the first failure (default true). */
  stopAtFirst?: boolean;
}

/** What one case did: accepted (and checked exact) or refused with an Iso8583Error. */
type Outcome = 'accepted' | 'refused';

interface Target {
  name: string;
  seeds: Uint8Array[];
  /** Dialects only: accepted cases whose plain object does not encode back exactly. */
  objectDiffers?: number;
  /** Runs one case; throws a `Broken` for a rule the library broke. */
  run(bytes: Uint8Array): Outcome;
}

class Broken extends Error {
  constructor(
    readonly rule: FuzzFailure['rule'],
    detail: string,
  ) {
    super(detail);
  }
}

// ---- the rules every case is held to ----

const PRINTABLE = /^[\x20-\x7e]*$/;

/** Runs `f`; an Iso8583Error means refused (its text must be printable), anything else thrown breaks a rule. */
function attempt<T>(f: () => T): T | Iso8583Error {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw new Broken('foreign error', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    for (const text of [e.message, e.path ?? '', e.expected ?? '', e.found ?? '']) {
      if (!PRINTABLE.test(text)) throw new Broken('unprintable error', `${e.code}: ${JSON.stringify(text)}`);
    }
    return e;
  }
}

function expectExact(what: string, out: Uint8Array | Iso8583Error, input: Uint8Array): void {
  if (out instanceof Iso8583Error) throw new Broken('not exact', `${what} throws ${out.code} at ${out.path ?? '-'}: ${out.message}`);
  if (!bytesEqual(out, input)) throw new Broken('not exact', `${what} gives ${toHex(out)}`);
}

// ---- targets ----

function dialectTarget(d: Dialect, seeds: Uint8Array[]): Target {
  const target: Target = {
    name: `dialect ${d.name}`,
    seeds,
    objectDiffers: 0,
    run(bytes) {
      const m = attempt(() => d.decode(bytes));
      if (m instanceof Iso8583Error) return 'refused';
      expectExact('encode(decode(b))', attempt(() => d.encode(m)), bytes);
      // Reading every value (and every rendering) builds the structured values: encoding must still be exact.
      const read = d.decode(bytes);
      const rendered = attempt(() => {
        for (const id of read.fieldNumbers()) read.get(String(id));
        return JSON.stringify(read) + String(read) + read.describe().toString() + JSON.stringify(read.toObject());
      });
      if (rendered instanceof Iso8583Error) throw new Broken('rendering failed', `${rendered.code}: ${rendered.message}`);
      expectExact('encode(decode(b)) after reading every field', attempt(() => d.encode(read)), bytes);
      expectExact('encode(clone of decode(b))', attempt(() => d.encode(read.clone())), bytes);
      const viaObject = attempt(() => d.encode(read.toObject()));
      if (viaObject instanceof Iso8583Error || !bytesEqual(viaObject, bytes)) target.objectDiffers! += 1;
      return 'accepted';
    },
  };
  return target;
}

function frameTarget(name: string, profile: FrameProfile, seeds: Uint8Array[]): Target {
  return {
    name: `frame ${name}`,
    seeds,
    run(bytes) {
      const parts = attempt(() => unframeMessage(profile, bytes));
      if (parts instanceof Iso8583Error) return 'refused';
      expectExact('frameMessage(unframeMessage(b))', attempt(() => frameMessage(profile, parts)), bytes);
      return 'accepted';
    },
  };
}

/** Cuts the stream into chunks (sizes from the first bytes), so frames straddle chunk edges. */
function deframerTarget(seeds: Uint8Array[]): Target {
  return {
    name: 'frame deframer',
    seeds,
    run(bytes) {
      const frames: Uint8Array[] = [];
      const result = attempt(() => {
        const deframer = createDeframer(cupFrameProfile, { maxFrameSize: 4096 });
        let at = 0;
        let k = 0;
        while (at < bytes.length) {
          const size = 1 + ((bytes[k++ % bytes.length]! * 7) % 97);
          deframer.push(bytes.subarray(at, at + size), (f) => frames.push(f));
          at += size;
        }
        deframer.end();
        return true;
      });
      if (result instanceof Iso8583Error) return 'refused';
      const joined = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      let at = 0;
      for (const f of frames) {
        joined.set(f, at);
        at += f.length;
      }
      expectExact('the frames a deframer cut, joined', joined, bytes);
      return 'accepted';
    },
  };
}

/** Length headers, TPDU and CUP header each read and written back on their own. */
function framePartsTarget(seeds: Uint8Array[]): Target {
  const headers: LengthHeaderSpec[] = [lengthHeaders.binary2, lengthHeaders.binary4, lengthHeaders.bcd2, lengthHeaders.ascii4, { kind: 'binary', size: 2, inclusive: true }, { kind: 'ascii', size: 6 }];
  return {
    name: 'frame length headers, TPDU, CUP header',
    seeds,
    run(bytes) {
      let accepted = false;
      for (const spec of headers) {
        const n = attempt(() => decodeLengthHeader(spec, bytes, 0));
        if (n instanceof Iso8583Error) continue;
        accepted = true;
        const own = spec.kind === 'none' ? 0 : spec.size;
        expectExact(`encodeLengthHeader(decodeLengthHeader(b)) for ${JSON.stringify(spec)}`, attempt(() => encodeLengthHeader(spec, n)), bytes.subarray(0, own));
      }
      const tpdu = attempt(() => decodeTpdu(bytes, 0));
      if (!(tpdu instanceof Iso8583Error)) {
        accepted = true;
        expectExact('encodeTpdu(decodeTpdu(b))', attempt(() => encodeTpdu(tpdu)), bytes.subarray(0, 5));
      }
      const header = attempt(() => decodeCupHeader(bytes, 0));
      if (!(header instanceof Iso8583Error)) {
        accepted = true;
        expectExact('encodeCupHeader(decodeCupHeader(b))', attempt(() => encodeCupHeader(header)), bytes.subarray(0, 6));
      }
      return accepted ? 'accepted' : 'refused';
    },
  };
}

function tlvTarget(name: string, codec: CompositeCodec, path: string, seeds: Uint8Array[]): Target {
  return {
    name: `TLV ${name}`,
    seeds,
    run(bytes) {
      const nodes = attempt(() => codec.decode(bytes, path, null, { base: 0, scale: 1, depth: 1 }, 'value'));
      if (nodes instanceof Iso8583Error) return 'refused';
      expectExact('encode(decode(b))', attempt(() => encodeContent(codec, nodes as TlvNode[], path, null)), bytes);
      return 'accepted';
    },
  };
}

// ---- inputs ----

/** mulberry32: a small seeded generator, so every run with the same seed sees the same cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Bytes that sit on edges the decoders care about: length and nibble limits, separators, pads, tag bits.
const INTERESTING = [0x00, 0x01, 0x09, 0x0a, 0x0f, 0x10, 0x1f, 0x20, 0x30, 0x39, 0x3d, 0x40, 0x7f, 0x80, 0x81, 0x82, 0x99, 0x9f, 0xbf, 0xdf, 0xf0, 0xff];

/** A mutated copy of one seed (1 to 4 edits: bytes set, flipped, inserted, cut, repeated, spliced, letters re-cased), or now and then plain random bytes. */
function mutate(next: () => number, seeds: Uint8Array[]): Uint8Array {
  const pick = (n: number) => Math.floor(next() * n);
  if (next() < 0.05 || seeds.length === 0) return Uint8Array.from({ length: pick(300) }, () => pick(256));
  let b = Array.from(seeds[pick(seeds.length)]!);
  const edits = 1 + pick(4);
  for (let e = 0; e < edits; e++) {
    const at = pick(b.length + 1);
    switch (pick(9)) {
      case 0:
        if (b.length > 0) b[at % b.length] = pick(256);
        break;
      case 1:
        if (b.length > 0) b[at % b.length]! ^= 1 << pick(8);
        break;
      case 2:
        b.splice(at, 0, pick(256));
        break;
      case 3:
        b.splice(at, 1 + pick(4));
        break;
      case 4:
        b = b.slice(0, at);
        break;
      case 5: {
        const from = pick(b.length + 1);
        b.splice(at, 0, ...b.slice(from, from + 1 + pick(16)));
        break;
      }
      case 6: {
        const other = seeds[pick(seeds.length)]!;
        const from = pick(other.length + 1);
        b = b.slice(0, at).concat(Array.from(other.subarray(from)));
        break;
      }
      case 7: {
        // Letters change case: hex digits and text arrive in lower case too.
        const i = at % Math.max(1, b.length);
        const c = b[i];
        if (c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) b[i] = c ^ 0x20;
        break;
      }
      default:
        if (b.length > 0) b[at % b.length] = INTERESTING[pick(INTERESTING.length)]!;
    }
  }
  return Uint8Array.from(b);
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Bodies of the repository's fixtures, by dialect name. */
function fixtureBodies(): Record<string, Uint8Array[]> {
  const out: Record<string, Uint8Array[]> = { cup: loadCupFixtures().map((fx) => splitFixture(fx).body) };
  const dir = `${ROOT}fixtures/iso/`;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const fx = JSON.parse(readFileSync(dir + file, 'utf8')) as { dialect: string; hex: string };
    (out[fx.dialect] ??= []).push(fromHex(fx.hex));
  }
  return out;
}

function targets(seed: number): Target[] {
  const bodies = fixtureBodies();
  const generated = (d: Dialect, n: number): Uint8Array[] => fc.sample(messageFor(d), { seed, numRuns: n }).map((m) => d.encode(m));
  const cupBodies = [...(bodies['cup'] ?? []), ...generated(dialects.cup, 60), ...fc.sample(anyCupTransaction(), { seed, numRuns: 80 }).map((g) => dialects.cup.encode(g.request))];
  const all: Target[] = [dialectTarget(dialects.cup, cupBodies)];
  for (const d of [dialects.iso87ascii, dialects.iso87binary, dialects.iso93ascii]) all.push(dialectTarget(d, [...(bodies[d.name] ?? []), ...generated(d, 120)]));

  const tpdu = { id: '60', destination: '0501', source: '0000' };
  const header = { applicationType: '60', specVersion: '31', terminalStatus: '0', processingRequirement: '0', subVersion: '310001' };
  const sample = cupBodies.slice(0, 60);
  const framed = (p: FrameProfile) =>
    sample.map((body) => frameMessage(p, { ...(p.tpdu ? { tpdu } : {}), ...(p.header === 'cup' ? { header } : {}), body }));
  const profiles: Array<[string, FrameProfile]> = [
    ['CUP (binary length, TPDU, CUP header)', cupFrameProfile],
    ['binary length and TPDU', tpduFrameProfile],
    ['binary length', plainFrameProfile],
    ['BCD length', lengthOnlyFrameProfile(lengthHeaders.bcd2)],
    ['ASCII length', lengthOnlyFrameProfile(lengthHeaders.ascii4)],
    ['4-byte length counting itself', lengthOnlyFrameProfile({ kind: 'binary', size: 4, inclusive: true })],
  ];
  for (const [name, p] of profiles) all.push(frameTarget(name, p, framed(p)));
  const streams = framed(cupFrameProfile);
  all.push(deframerTarget(streams.map((f, i) => Uint8Array.from([...f, ...(streams[(i + 1) % streams.length] ?? [])]))));
  all.push(framePartsTarget(streams));

  const ber = compileBerTlv({ kind: 'ber-tlv', tags: EMV_TAGS });
  const berSeeds = fc.sample(emvTlvSet(), { seed, numRuns: 120 }).map((nodes) => encodeContent(ber, nodes as TlvNode[], '55', null));
  all.push(tlvTarget('BER (EMV field 55)', ber, '55', berSeeds));
  const ascii = compileAsciiTlv(CUP_FIELD59);
  const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const asciiSeeds = [
    text('A3019622588012345678901'),
    text('A4020ABCDEFGHIJ0123456789'),
    text('A2040010020202SN0123456789030081234567805004V1.0'),
    text('A1008ABCDEFGHA3003123'),
  ];
  all.push(tlvTarget('ASCII (CUP field 59)', ascii, '59', asciiSeeds));
  return all;
}

/**
 * Milliseconds of CPU time `f` takes. CPU time rather than wall time, so a machine shared with other work (a CI
 * runner, a loaded laptop) does not make a fast case look slow: what is measured is what the case costs.
 */
function cpuMs(f: () => void): number {
  const before = process.cpuUsage();
  f();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Runs the fuzz and returns its figures and failures. */
export function runFuzz(options: FuzzOptions): FuzzReport {
  const next = random(options.seed);
  const list = targets(options.seed);
  const figures: TargetFigures[] = list.map((t) => ({ target: t.name, cases: 0, accepted: 0, refused: 0, maxMs: 0, totalMs: 0 }));
  const failures: FuzzFailure[] = [];
  const limitMs = options.maxCaseMs ?? 20;
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  let cases = 0;
  while (cases < options.cases && performance.now() < deadline) {
    const k = cases % list.length;
    const t = list[k]!;
    const fig = figures[k]!;
    const bytes = mutate(next, t.seeds);
    cases++;
    fig.cases++;
    let ms = 0;
    try {
      let outcome: Outcome | undefined;
      ms = cpuMs(() => (outcome = t.run(bytes)));
      // A garbage collection can land in any case: only a case slow on two more runs too counts.
      for (let again = 0; again < 2 && ms > limitMs; again++) ms = Math.min(ms, cpuMs(() => t.run(bytes)));
      if (ms > limitMs) throw new Broken('slow', `took ${ms.toFixed(1)} ms of CPU time`);
      fig[outcome!]++;
    } catch (e) {
      if (!(e instanceof Broken)) throw e;
      failures.push({ target: t.name, rule: e.rule, detail: e.message, hex: toHex(bytes) });
      if (options.stopAtFirst !== false) break;
    }
    fig.maxMs = Math.max(fig.maxMs, ms);
    fig.totalMs += ms;
  }
  list.forEach((t, k) => {
    if (t.objectDiffers !== undefined) figures[k]!.objectDiffers = t.objectDiffers;
  });
  return { seed: options.seed, cases, seconds: (performance.now() - started) / 1000, targets: figures, failures };
}

/** The report as the lines `npm run fuzz` prints. */
export function formatReport(r: FuzzReport): string[] {
  const lines = [`fuzz seed ${r.seed}: ${r.cases} cases in ${r.seconds.toFixed(1)} s`];
  lines.push(`${'target'.padEnd(44)} ${'cases'.padStart(9)} ${'accepted'.padStart(9)} ${'refused'.padStart(9)} ${'mean µs'.padStart(8)} ${'max ms'.padStart(7)} ${'object ≠'.padStart(9)}`);
  for (const t of r.targets) {
    const mean = t.cases === 0 ? 0 : (1000 * t.totalMs) / t.cases;
    const differs = t.objectDiffers === undefined ? '' : String(t.objectDiffers);
    lines.push(`${t.target.padEnd(44)} ${String(t.cases).padStart(9)} ${String(t.accepted).padStart(9)} ${String(t.refused).padStart(9)} ${mean.toFixed(0).padStart(8)} ${t.maxMs.toFixed(2).padStart(7)} ${differs.padStart(9)}`);
  }
  lines.push('mean and max are CPU time per case; object ≠ counts accepted cases whose toObject() does not encode back exactly');
  for (const f of r.failures) lines.push(`FAILED ${f.target}: ${f.rule}: ${f.detail}\n  input ${f.hex}`);
  lines.push(r.failures.length === 0 ? 'no failures' : `${r.failures.length} failure(s); replay with FUZZ_SEED=${r.seed}`);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const cases = env['FUZZ_CASES'] !== undefined ? Number(env['FUZZ_CASES']) : 20_000;
  const seconds = env['FUZZ_SECONDS'] !== undefined ? Number(env['FUZZ_SECONDS']) : env['FUZZ_CASES'] !== undefined ? undefined : 60;
  const seed = env['FUZZ_SEED'] !== undefined ? Number(env['FUZZ_SEED']) : 8583;
  const report = runFuzz({ cases, seconds, seed, stopAtFirst: false });
  for (const line of formatReport(report)) console.log(line);
  process.exit(report.failures.length === 0 ? 0 : 1);
}
