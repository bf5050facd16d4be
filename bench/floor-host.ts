// A measuring instrument, not library code: the least work an acquirer host does for one exchange of the bench's
// CUP sale, everything that is not crypto or copying resolved before the timed calls. Per call it checks the
// length header, verifies the request's MAC, builds the answer frame from a template of the library's answer
// (copying the fields the answer echoes from the request, the swapped TPDU and the header), MACs the answer body
// and writes the MAC's characters into it. Only right for the one request it was resolved for.
import { constantTimeEqual, generateCupEcbMac, type Dialect, type KeyInput } from '../src/index.js';

/** Answers a request frame with a fresh answer frame; throws a plain `Error` when the request does not verify. */
export type FloorHost = (request: Uint8Array) => Uint8Array;

// 2-byte length header, then the 5-byte TPDU and the 6-byte CUP header before the body.
const TPDU_AT = 2;
const HEADER_AT = 7;
const BODY_AT = 13;
// Field 64 of the CUP dialect: the MAC's 8 ASCII hex characters, last in the body.
const MAC_CHARS = 8;

/** Wire ranges of a body's top-level fields, by path, as the dialect's describe() lays them out. */
function fieldRanges(d: Dialect, body: Uint8Array): Map<string, { offset: number; length: number }> {
  const out = new Map<string, { offset: number; length: number }>();
  for (const row of d.describe(body).rows) if (row.depth === 0) out.set(row.path, { offset: row.offset, length: row.length });
  return out;
}

/** The lean host for `request`, whose answer under `mak` is `answer` (both whole frames). */
export function floorHost(d: Dialect, request: Uint8Array, answer: Uint8Array, mak: KeyInput): FloorHost {
  const requestFields = fieldRanges(d, request.subarray(BODY_AT));
  const answerFields = fieldRanges(d, answer.subarray(BODY_AT));
  // Answer fields whose wire bytes are the request's, copied per call: [from, to, length] triples.
  const copies: number[] = [];
  for (const [path, to] of answerFields) {
    const from = requestFields.get(path);
    if (from === undefined || from.length !== to.length || path === 'MTI' || path === 'bitmap') continue;
    const a = request.subarray(BODY_AT + from.offset, BODY_AT + from.offset + from.length);
    const b = answer.subarray(BODY_AT + to.offset, BODY_AT + to.offset + to.length);
    if (a.every((x, i) => x === b[i])) copies.push(BODY_AT + from.offset, BODY_AT + to.offset, from.length);
  }
  const template = answer.slice();
  const size = template.length;

  return (frame) => {
    const n = frame.length;
    if (n < BODY_AT + MAC_CHARS || ((frame[0]! << 8) | frame[1]!) !== n - 2) throw new Error('length header');
    const mac = generateCupEcbMac(mak, frame.subarray(BODY_AT, n - MAC_CHARS));
    if (!constantTimeEqual(mac, frame.subarray(n - MAC_CHARS))) throw new Error('request MAC');
    const out = new Uint8Array(size);
    out.set(template);
    for (let i = 0; i < copies.length; i += 3) out.set(frame.subarray(copies[i]!, copies[i]! + copies[i + 2]!), copies[i + 1]!);
    // The TPDU's addresses swap in the answer; the header goes back as it came.
    out[TPDU_AT] = frame[TPDU_AT]!;
    out[TPDU_AT + 1] = frame[TPDU_AT + 3]!;
    out[TPDU_AT + 2] = frame[TPDU_AT + 4]!;
    out[TPDU_AT + 3] = frame[TPDU_AT + 1]!;
    out[TPDU_AT + 4] = frame[TPDU_AT + 2]!;
    for (let i = HEADER_AT; i < BODY_AT; i++) out[i] = frame[i]!;
    out.set(generateCupEcbMac(mak, out.subarray(BODY_AT, size - MAC_CHARS)), size - MAC_CHARS);
    return out;
  };
}
