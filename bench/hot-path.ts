// The encode/decode hot path: a typical 0200 purchase in iso87ascii, against a plain byte loop over the same
// encoded bytes and against the npm package iso_8583 handling the same field values.
import { createRequire } from 'node:module';
import { bytesEqual, dialects } from '../src/index.js';
import { floorEncoder } from './floor-encoder.js';
import { measure, report } from './harness.js';

export const PURCHASE_FIELDS: Record<string, string> = {
  '2': '4761739001010119',
  '3': '000000',
  '4': '000000005000',
  '7': '0911131411',
  '11': '000123',
  '12': '131411',
  '13': '0911',
  '14': '2212',
  '18': '5999',
  '22': '051',
  '25': '00',
  '35': '4761739001010119=22122011758928889',
  '37': '123456789012',
  '41': '12345678',
  '42': 'MERCHANT0000001',
  '43': 'POS8583 TEST MERCHANT    SHANGHAI     CN',
  '49': '156',
};

/** Runs the hot-path benchmark and returns its printed lines. */
export function runHotPath(): string[] {
  const d = dialects.iso87ascii;
  const input = { mti: '0200', fields: PURCHASE_FIELDS };
  const bytes = d.encode(input);
  const message = d.decode(bytes);

  const built = d.message('0200', PURCHASE_FIELDS);
  const target = new Uint8Array(1024);
  const texts = Object.values(PURCHASE_FIELDS);
  const textLength = texts.reduce((n, text) => n + text.length, 0);
  const floor = floorEncoder(d, Object.keys(PURCHASE_FIELDS).map(Number));
  const floorLength = floor('0200', texts, target);
  if (floorLength < 0 || !bytesEqual(target.subarray(0, floorLength), bytes)) {
    throw new Error('the hand-resolved floor encoder does not produce the library\'s bytes');
  }
  const t = measure({
    byteLoop: () => byteSum(bytes),
    textCopy: () => copyText(texts, target),
    freshBuffer: () => new Uint8Array(bytes.length),
    floorEncode: () => floor('0200', texts, target),
    decode: () => d.decode(bytes),
    decodeAll: () => {
      const m = d.decode(bytes);
      let n = 0;
      for (const id of m.fieldNumbers()) n += (m.get(String(id)) as string).length;
      return n;
    },
    encodeBuilt: () => d.encode(built),
    encodeInto: () => d.encodeInto(built, target),
    encodeObject: () => d.encode(input),
    reencode: () => d.encode(message),
  });
  const byteLoop = t.byteLoop;
  const decode = t.decode;
  const decodeAll = t.decodeAll;
  const encodeObject = t.encodeObject;
  const encodeMessage = t.reencode;

  const lines = [
    `iso87ascii 0200 purchase, ${bytes.length} bytes, fields ${Object.keys(PURCHASE_FIELDS).join(',')}`,
    report('byte loop (reads every byte once)', byteLoop),
    report('decode (structure, validation; values on demand)', decode, { 'byte loop': byteLoop }),
    report('decode + read every field value', decodeAll, { 'byte loop': byteLoop }),
    report('encode a built message (full validation)', t.encodeBuilt, { 'byte loop': byteLoop }),
    report('encodeInto a caller buffer (no allocation)', t.encodeInto, { 'byte loop': byteLoop }),
    report('encode from a plain object (full validation)', encodeObject, { 'byte loop': byteLoop }),
    report('re-encode a decoded message', encodeMessage, { 'byte loop': byteLoop }),
    // What any encoder of these strings pays before validating or framing anything: reading the characters,
    // and (for encode()) the fresh result buffer.
    report(`floor: copy the ${textLength} field characters (charCodeAt)`, t.textCopy, { 'byte loop': byteLoop }),
    report(`floor: a fresh Uint8Array(${bytes.length})`, t.freshBuffer, { 'byte loop': byteLoop }),
    // The same checks as encodeInto with every layout decision made before the call: what generality costs.
    report('floor: hand-resolved encoder for this message alone', t.floorEncode, { 'byte loop': byteLoop }),
  ];

  const peer = loadPeer();
  if (peer) {
    const data: Record<number, string> = { 0: '0200' };
    for (const [k, v] of Object.entries(PURCHASE_FIELDS)) data[Number(k)] = k === '35' ? v.replace('=', 'D') : v;
    const peerBytes = new peer(data).getBufferMessage();
    const p = measure({ encode: () => new peer(data).getBufferMessage(), decode: () => new peer().getIsoJSON(peerBytes, {}) }, 3);
    const peerEncode = p.encode;
    const peerDecode = p.decode;
    lines.push(
      report('iso_8583 2.6.7 encode (same field values)', peerEncode, { 'pos8583 encode': encodeObject }),
      report('iso_8583 2.6.7 decode (same field values)', peerDecode, { 'pos8583 decode + read all': decodeAll }),
    );
  }
  return lines;
}

/** The least work that turns the field texts into bytes: one charCodeAt and one store per character, no checks. */
function copyText(texts: readonly string[], out: Uint8Array): number {
  let p = 0;
  for (let f = 0; f < texts.length; f++) {
    const text = texts[f]!;
    for (let i = 0; i < text.length; i++) out[p++] = text.charCodeAt(i);
  }
  return p;
}

/** The baseline: one pass that reads every byte. */
function byteSum(b: Uint8Array): number {
  let sum = 0;
  const n = b.length;
  for (let i = 0; i < n; i++) sum = (sum + b[i]!) | 0;
  return sum;
}

type PeerCtor = new (data?: Record<number, string>) => { getBufferMessage(): Uint8Array; getIsoJSON(b: Uint8Array, o: object): unknown };

function loadPeer(): PeerCtor | undefined {
  try {
    return createRequire(import.meta.url)('iso_8583') as PeerCtor;
  } catch {
    return undefined;
  }
}
