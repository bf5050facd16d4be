// The encode/decode hot paths: iso87ascii messages of three shapes and the captured CUP chip sale, each against a
// plain byte loop over the same encoded bytes and against floor rows (the least general code doing the same work)
// measured in the same run; the purchase also against the npm package iso_8583 handling the same field values.
import { createRequire } from 'node:module';
import { bytesEqual, cupDialect, dialects, type Dialect } from '../src/index.js';
import { floorDecoder, type Latin1 } from './floor-decoder.js';
import { floorCupDecoder } from './floor-cup.js';
import { floorCupEncoder } from './floor-cup-encoder.js';
import { floorEncoder } from './floor-encoder.js';
import { floorTableEncoder } from './floor-table-encoder.js';
import { measure, report } from './harness.js';
import { cupSale, LARGE_FIELDS, PURCHASE_FIELDS, SHORT_0210_FIELDS } from './messages.js';

export { PURCHASE_FIELDS } from './messages.js';

/** One measured ratio and the most the target allows, for the summary. */
export interface TargetFigure {
  target: string;
  ratio: number;
  limit: number;
  /** The same ratio for the floor row measured beside it, where one bounds the target from below. */
  floor?: number;
}

/** Node's native Latin-1 text of a byte range, the fastest this engine offers: what the floors build text with. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;
const nativeLatin1: Latin1 = (bytes, start, end) => latin1Slice.call(bytes, start, end);
/** Node's native hex of a whole body, in upper case: what the library's Node entry cuts toObject()'s digits and bytes from. */
const hexSlice = (Buffer.prototype as unknown as { hexSlice(this: Uint8Array, start: number, end: number): string }).hexSlice;
const nativeHex = (bytes: Uint8Array): string => hexSlice.call(bytes, 0, bytes.length).toUpperCase();

function sameObject(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rows for one iso87ascii message shape: decode + toObject and encode from a plain object, beside the table floors. */
function shapeRows(title: string, mti: string, fields: Record<string, string>, limits: { decode?: number; encode?: number; decodeFloor?: number; encodeFloor?: number }): { lines: string[]; targets: TargetFigure[] } {
  const d = dialects.iso87ascii;
  const input = { mti, fields };
  const bytes = d.encode(input);
  const tableDecode = floorDecoder(d, nativeLatin1);
  const tableEncode = floorTableEncoder(d);
  if (!sameObject(tableDecode(bytes), d.decode(bytes).toObject())) throw new Error(`the table decoder does not give toObject() of ${title}`);
  if (!bytesEqual(tableEncode(input), bytes)) throw new Error(`the table encoder does not give the library's bytes of ${title}`);
  const t = measure({
    byteLoop: () => byteSum(bytes),
    decode: () => d.decode(bytes),
    decodeObject: () => d.decode(bytes).toObject(),
    encodeObject: () => d.encode(input),
    tableDecode: () => tableDecode(bytes),
    tableEncode: () => tableEncode(input),
  });
  const loop = { 'byte loop': t.byteLoop };
  const lines = [
    `${title}, ${bytes.length} bytes, fields ${Object.keys(fields).join(',')}`,
    report('byte loop (reads every byte once)', t.byteLoop),
    report('decode (structure, validation; values on demand)', t.decode, loop),
    report('decode + toObject()', t.decodeObject, { ...loop, 'table decoder': t.tableDecode }),
    report('encode from a plain object (full validation)', t.encodeObject, { ...loop, 'table encoder': t.tableEncode }),
    report('floor: table decoder (one text slice, substrings)', t.tableDecode, loop),
    report('floor: table encoder into a fresh array', t.tableEncode, loop),
  ];
  const targets: TargetFigure[] = [];
  const add = (target: string, ns: number, base: number, limit: number | undefined, floor?: number) => {
    if (limit !== undefined) targets.push({ target, ratio: ns / base, limit, floor: floor === undefined ? undefined : floor / base });
  };
  add(`${title}: decode + toObject / byte loop`, t.decodeObject, t.byteLoop, limits.decode, t.tableDecode);
  add(`${title}: decode + toObject / table decoder`, t.decodeObject, t.tableDecode, limits.decodeFloor);
  add(`${title}: encode from object / byte loop`, t.encodeObject, t.byteLoop, limits.encode, t.tableEncode);
  add(`${title}: encode from object / table encoder`, t.encodeObject, t.tableEncode, limits.encodeFloor);
  return { lines, targets };
}

/** The purchase's own rows: built-message encodes, re-encode, the per-character floors and the hand-resolved encoder. */
function purchaseRows(): { lines: string[]; targets: TargetFigure[] } {
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
    decodeAll: () => {
      const m = d.decode(bytes);
      let n = 0;
      for (const id of m.fieldNumbers()) n += (m.get(String(id)) as string).length;
      return n;
    },
    encodeBuilt: () => d.encode(built),
    encodeInto: () => d.encodeInto(built, target),
    reencode: () => d.encode(message),
  });
  const loop = { 'byte loop': t.byteLoop };
  const lines = [
    report('decode + read every field value with get()', t.decodeAll, loop),
    report('encode a built message (full validation)', t.encodeBuilt, loop),
    report('encodeInto a caller buffer (no allocation)', t.encodeInto, { ...loop, 'hand-resolved': t.floorEncode }),
    report('re-encode a decoded message', t.reencode, loop),
    // What any encoder of these strings pays before validating or framing anything: reading the characters,
    // and (for encode()) the fresh result buffer.
    report(`floor: copy the ${textLength} field characters (charCodeAt)`, t.textCopy, loop),
    report(`floor: a fresh Uint8Array(${bytes.length})`, t.freshBuffer, loop),
    // The same checks as encodeInto with every layout decision made before the call: what generality costs.
    report('floor: hand-resolved encoder for this message alone', t.floorEncode, loop),
  ];
  const peer = loadPeer();
  if (peer) {
    const data: Record<number, string> = { 0: '0200' };
    for (const [k, v] of Object.entries(PURCHASE_FIELDS)) data[Number(k)] = k === '35' ? v.replace('=', 'D') : v;
    const peerBytes = new peer(data).getBufferMessage();
    const p = measure({
      encode: () => new peer(data).getBufferMessage(),
      decode: () => new peer().getIsoJSON(peerBytes, {}),
      ownEncode: () => d.encode(input),
      ownDecode: () => d.decode(bytes).toObject(),
    }, 3);
    lines.push(
      report('iso_8583 2.6.7 encode (same field values)', p.encode, { 'pos8583 encode from object': p.ownEncode }),
      report('iso_8583 2.6.7 decode (same field values)', p.decode, { 'pos8583 decode + toObject': p.ownDecode }),
    );
  }
  return { lines, targets: [{ target: 'purchase_0200: encodeInto(built) / hand-resolved encoder', ratio: t.encodeInto / t.floorEncode, limit: 1.5 }] };
}

/** The captured CUP chip sale: decode, decode + toObject, encode from the object form, against a byte loop and the hand-resolved floors. */
function cupRows(): { lines: string[]; targets: TargetFigure[] } {
  const sale = cupSale();
  const d: Dialect = cupDialect(sale.options);
  const object = d.decode(sale.body).toObject();
  if (!bytesEqual(d.encode(object), sale.body)) throw new Error('the CUP sale does not encode back to its bytes');
  const floorObject = floorCupDecoder(nativeLatin1, nativeHex);
  const floorCheck = floorCupDecoder(nativeLatin1, nativeHex, true);
  const floorEncode = floorCupEncoder();
  const floorEncodeKeys = floorCupEncoder(true);
  if (!sameObject(floorObject(sale.body), object)) throw new Error('the hand-resolved CUP decoder does not give toObject() of the sale');
  if (!bytesEqual(floorEncode(object), sale.body)) throw new Error('the hand-resolved CUP encoder does not give the sale\'s bytes');
  if (!bytesEqual(floorEncodeKeys(object), sale.body)) throw new Error('the hand-resolved CUP encoder refusing unknown keys does not give the sale\'s bytes');
  const t = measure({
    byteLoop: () => byteSum(sale.body),
    decode: () => d.decode(sale.body),
    decodeObject: () => d.decode(sale.body).toObject(),
    encodeObject: () => d.encode(object),
    floorCheck: () => floorCheck(sale.body),
    floorObject: () => floorObject(sale.body),
    floorEncode: () => floorEncode(object),
    floorEncodeKeys: () => floorEncodeKeys(object),
  });
  const loop = { 'byte loop': t.byteLoop };
  return {
    lines: [
      `CUP captured chip sale (fixtures/cup/cup-0200-sale-1.json), ${sale.body.length}-byte body, fields 2,3,4,11,14,22,23,25,35,41,42,49,55,60,64`,
      report('byte loop (reads every byte once)', t.byteLoop),
      report('decode (composites checked, built on first use)', t.decode, { ...loop, 'hand-resolved checks': t.floorCheck }),
      report('decode + toObject()', t.decodeObject, { ...loop, 'hand-resolved decoder': t.floorObject }),
      report('encode from the object form', t.encodeObject, { ...loop, 'hand-resolved encoder': t.floorEncode, 'the same refusing unknown keys': t.floorEncodeKeys }),
      report('floor: hand-resolved checks + Latin-1 copy', t.floorCheck, loop),
      report('floor: hand-resolved decoder building toObject()', t.floorObject, loop),
      report('floor: hand-resolved encoder of the object form', t.floorEncode, loop),
      report('floor: the same, also refusing unknown keys', t.floorEncodeKeys, loop),
    ],
    targets: [
      { target: 'CUP sale: decode / byte loop', ratio: t.decode / t.byteLoop, limit: 6, floor: t.floorCheck / t.byteLoop },
      { target: 'CUP sale: decode + toObject / byte loop', ratio: t.decodeObject / t.byteLoop, limit: 20, floor: t.floorObject / t.byteLoop },
      // Its floor row refuses unknown keys, as encode() must.
      { target: 'CUP sale: encode from object / byte loop', ratio: t.encodeObject / t.byteLoop, limit: 26, floor: t.floorEncodeKeys / t.byteLoop },
    ],
  };
}

/** Runs the hot-path benchmark: its printed lines and the figures the targets are checked against. */
export function runHotPath(): { lines: string[]; targets: TargetFigure[] } {
  const purchase = shapeRows('iso87ascii purchase_0200', '0200', PURCHASE_FIELDS, { decode: 7, decodeFloor: 1.6, encode: 11, encodeFloor: 1.3 });
  const own = purchaseRows();
  const large = shapeRows('iso87ascii large_0200', '0200', LARGE_FIELDS, { decode: 2.5, encode: 6, encodeFloor: 1.3 });
  const short = shapeRows('iso87ascii short-field 0210', '0210', SHORT_0210_FIELDS, {});
  const cup = cupRows();
  return {
    lines: [...purchase.lines, ...own.lines, '', ...large.lines, '', ...short.lines, '', ...cup.lines],
    targets: [...purchase.targets, ...own.targets, ...large.targets, ...cup.targets],
  };
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
