// An acquirer host answering the captured CUP sale: unframe, decode, verify the MAC, build the 0210, MAC it,
// encode and frame, as an application written with the library does it, beside the lean floor of the same exchange.
import {
  bytesEqual,
  cupDialect,
  cupFrameProfile,
  frameMessage,
  respondTo,
  SecretKey,
  signMessage,
  swapTpdu,
  unframeMessage,
  verifyDecodedMessageMac,
  type Dialect,
  type KeyInput,
} from '../src/index.js';
import { floorHost } from './floor-host.js';
import { allocationPerCall, measure, report, type Allocation } from './harness.js';
import { cupSale } from './messages.js';

/** What a host does with one framed request: the framed, MACed answer. */
export function answerRequest(d: Dialect, frame: Uint8Array, mak: KeyInput, now: () => Date): Uint8Array {
  const parts = unframeMessage(cupFrameProfile, frame);
  const request = d.decode(parts.body);
  // The MAC is checked over the received bytes with the request decoded from them: one decode, no re-encode.
  if (!verifyDecodedMessageMac(d, parts.body, request, mak)) throw new Error('request MAC does not verify');
  const answer = respondTo(request, { dialect: d, now });
  const body = signMessage(d, answer, mak);
  return frameMessage(cupFrameProfile, { tpdu: swapTpdu(parts.tpdu), header: parts.header, body });
}

/** The measured figures, for the targets summary. */
export interface HostPipelineFigures {
  /** ns per exchange through the library, and through the lean floor. */
  library: number;
  floor: number;
  libraryAllocation: Allocation;
  floorAllocation: Allocation;
}

/** Runs the pipeline benchmark; returns its printed lines and figures. */
export function runHostPipeline(): { lines: string[]; figures: HostPipelineFigures } {
  const sale = cupSale();
  const d = cupDialect(sale.options);
  const mak = SecretKey.fromBytes('des', sale.mak);
  const clock = new Date(2024, 6, 11, 13, 14, 15);
  const now = () => clock;
  const answer = answerRequest(d, sale.frame, mak, now);
  const lean = floorHost(d, sale.frame, answer, mak);
  if (!bytesEqual(lean(sale.frame), answer)) throw new Error('the lean host does not answer with the library\'s bytes');

  const t = measure({
    library: () => answerRequest(d, sale.frame, mak, now),
    floor: () => lean(sale.frame),
  });
  const libraryAllocation = allocationPerCall(() => answerRequest(d, sale.frame, mak, now));
  const floorAllocation = allocationPerCall(() => lean(sale.frame));
  const perSecond = (ns: number) => `${Math.round(1e9 / ns).toLocaleString('en-US')} messages/s on one core`;
  const bytes = (a: Allocation) => `${a.heap.toLocaleString('en-US')} B heap + ${a.arrayBuffers.toLocaleString('en-US')} B ArrayBuffers`;
  const lines = [
    `CUP 0200 -> 0210 with MACs (request ${sale.frame.length} bytes framed, answer ${answer.length}); MAK keyed once`,
    report('host exchange: unframe, decode, verify, answer, MAC, frame', t.library, { 'lean floor': t.floor }),
    `    ${perSecond(t.library)}; allocates ${bytes(libraryAllocation)} per message`,
    report('floor: lean host (2 MACs, copies; layout resolved ahead)', t.floor),
    `    ${perSecond(t.floor)}; allocates ${bytes(floorAllocation)} per message`,
  ];
  return { lines, figures: { library: t.library, floor: t.floor, libraryAllocation, floorAllocation } };
}
