// What the inspector shows for some bytes: frame parts and the library's own description of the message, placed on
// the input's bytes, with what is masked, where errors are, and which transaction it is.
import { Iso8583Error, describeMti, type DescriptionRow, type Dialect, type FieldSpec, type Message } from '../src/portable.js';
import { TRANSACTIONS, classifyResponseCode, identifyReversedTransaction, identifyTransaction, type TransactionKind } from '../src/transactions.js';
import type { DialectName } from './dialects.js';
import { FRAMING_NAMES, splitFrame, type FramingName } from './framing.js';
import type { InspectorRow } from './rows.js';

export interface InspectorError {
  code: string;
  /** The library's error text (it never holds a field value). */
  message: string;
  /** Offset of the byte in the input. */
  offset: number;
  path?: string;
  /** Which part failed: the framing around the message, or the message itself. */
  where: 'frame' | 'message';
}

export interface TransactionName {
  kind: TransactionKind;
  name: string;
  localName?: string;
}

export interface InspectionSummary {
  mti: string;
  /** The library's reading of the MTI (`ISO 8583:1987 financial request from the acquirer`). */
  mtiText: string;
  /** The CUP transaction, when the message decoded and the table names one. */
  transaction?: TransactionName;
  /** For a reversal: the transaction it reverses. */
  reverses?: TransactionName;
  /** Field 39 of a CUP response. */
  response?: { code: string; meaning: string; localMeaning?: string; action: string };
}

export interface Inspection {
  /** The bytes inspected (what the page shows is limited by `hidden`). */
  input: Uint8Array;
  size: number;
  framing: FramingName;
  /** The framing was chosen by detection rather than by the user. */
  framingDetected: boolean;
  dialect: DialectName;
  rows: InspectorRow[];
  /** Per input byte: the deepest row holding it, or -1. */
  byteRow: Int32Array;
  /** Per input byte: the top-level row holding it, or -1. */
  byteTop: Int32Array;
  /** Per input byte: 1 when it must not be shown (masked card data, or bytes the library could not explain). */
  hidden: Uint8Array;
  errors: InspectorError[];
  summary?: InspectionSummary;
  /** The decoded message, when the whole body decoded (for the test-key tools). */
  message?: Message;
  /** The message body (MTI onwards) as framed in the input. */
  body: Uint8Array;
  bodyStart: number;
}

export interface InspectOptions {
  dialect: DialectName;
  framing: FramingName | 'auto';
}

/** Inspects `bytes` with the given dialect; `framing: 'auto'` tries every framing and keeps the one that reads best. */
export function inspect(bytes: Uint8Array, options: InspectOptions, dialectOf: (name: DialectName) => Dialect): Inspection {
  const dialect = dialectOf(options.dialect);
  if (options.framing !== 'auto') return inspectFramed(bytes, options.framing, options.dialect, dialect, false);
  let best: Inspection | undefined;
  let bestScore = -1;
  for (const framing of FRAMING_NAMES) {
    const candidate = inspectFramed(bytes, framing, options.dialect, dialect, true);
    const score = framingScore(candidate);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best!;
}

// A framing whose length agrees and whose message decodes wins outright; otherwise the one that read furthest.
function framingScore(i: Inspection): number {
  const frameOk = !i.errors.some((e) => e.where === 'frame');
  const messageOk = i.message !== undefined;
  const lengthRow = i.rows.some((r) => r.path === 'length');
  const reached = i.errors.length > 0 ? Math.min(...i.errors.map((e) => e.offset)) : i.size;
  let score = reached;
  if (messageOk && frameOk) score += 4 * (i.size + 1);
  else if (messageOk) score += 2 * (i.size + 1);
  // A length header that agrees is strong evidence; one announcing more than arrived is a cut capture.
  if (lengthRow && frameOk) score += i.size + 1;
  return score;
}

function inspectFramed(bytes: Uint8Array, framing: FramingName, name: DialectName, dialect: Dialect, detected: boolean): Inspection {
  const split = splitFrame(bytes, framing);
  const rows: InspectorRow[] = [...split.rows];
  const errors: InspectorError[] = [];
  if (split.error) errors.push(errorAt(split.error, 0, 'frame'));
  const body = bytes.subarray(split.bodyStart, split.bodyEnd);
  let message: Message | undefined;
  if (split.bodyEnd > split.bodyStart || split.error === undefined) {
    const d = dialect.describe(body, { partial: true });
    addFieldRows(rows, d.rows, split.bodyStart, dialect);
    if (d.error) errors.push(errorAt(d.error, split.bodyStart, 'message'));
    else message = dialect.decode(body);
  }
  const size = bytes.length;
  const byteRow = new Int32Array(size).fill(-1);
  const byteTop = new Int32Array(size).fill(-1);
  let top = -1;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.depth === 0) top = r;
    for (let b = row.start; b < Math.min(row.end, size); b++) {
      byteRow[b] = r;
      byteTop[b] = top;
    }
  }
  // A byte shows only when the deepest row holding it shows its hex (prefixes and tags stay visible), so the byte
  // view reveals nothing the table does not; a byte no row explains stays hidden, for it may be card data.
  const hidden = new Uint8Array(size);
  for (let b = 0; b < size; b++) {
    const r = byteRow[b]!;
    const row = rows[r];
    hidden[b] = row === undefined || (row.masked && b >= row.start + Math.floor(row.prefixHex.length / 2)) ? 1 : 0;
  }
  const summary = summarize(rows, message, name);
  const result: Inspection = { input: bytes, size, framing, framingDetected: detected, dialect: name, rows, byteRow, byteTop, hidden, errors, body, bodyStart: split.bodyStart };
  if (summary) result.summary = summary;
  if (message) result.message = message;
  return result;
}

function addFieldRows(rows: InspectorRow[], described: readonly DescriptionRow[], base: number, dialect: Dialect): void {
  const parents: number[] = [];
  for (const d of described) {
    parents.length = d.depth;
    const parent = d.depth > 0 ? (parents[d.depth - 1] ?? -1) : -1;
    const row: InspectorRow = {
      path: d.path,
      name: d.name,
      attribute: attributeOf(d, dialect),
      prefixHex: d.prefixHex,
      hex: d.hex,
      value: d.value,
      depth: d.depth,
      start: base + d.offset,
      end: base + d.offset + d.length,
      masked: isMasked(d),
      kind: 'field',
      parent,
    };
    if (d.localName) row.localName = d.localName;
    if (d.layout) row.layout = d.layout;
    parents[d.depth] = rows.length;
    rows.push(row);
  }
}

// The library writes masked hex as asterisks; anything but hex of the row's full width counts as masked, so a change
// in how masking is written can only hide more bytes, never show them.
function isMasked(d: DescriptionRow): boolean {
  if (!/^[0-9A-Fa-f]*$/.test(d.hex)) return true;
  return d.depth === 0 && d.hex.length !== 2 * d.length - d.prefixHex.length;
}

function errorAt(e: Iso8583Error, base: number, where: InspectorError['where']): InspectorError {
  const out: InspectorError = { code: e.code, message: e.message, offset: base + (e.offset ?? 0), where };
  if (e.path !== undefined) out.path = e.path;
  return out;
}

const ENCODINGS: Readonly<Record<string, string>> = { ascii: 'ASCII', ebcdic: 'EBCDIC', gbk: 'GBK', bcd: 'BCD', binary: 'binary', hex: 'hex text' };
const COMPOSITES: Readonly<Record<string, string>> = {
  positional: 'subfields',
  'ber-tlv': 'BER-TLV',
  'ascii-tlv': 'ASCII TLV',
  bitmapped: 'bitmapped subfields',
  context: 'layout by context',
};

/** The attribute column: `n..19 LLVAR · BCD`, `b 8 bytes · binary`, `TLV` for a tag inside a TLV field. */
function attributeOf(d: DescriptionRow, dialect: Dialect): string {
  if (d.path === 'MTI') return `n 4 · ${ENCODINGS[dialect.spec.mtiEncoding] ?? dialect.spec.mtiEncoding}`;
  if (d.path === 'bitmap') return `b · ${dialect.spec.bitmapEncoding === 'binary' ? 'binary' : 'hex text'}`;
  const spec: FieldSpec | undefined = dialect.fieldSpec(d.path);
  if (spec === undefined) return d.depth > 0 ? 'TLV' : '';
  const variable = spec.lengthDigits !== undefined && spec.lengthDigits > 0;
  const unit = spec.attr === 'b' && (spec.encoding === 'binary' || spec.encoding === 'hex') ? ' bytes' : '';
  const size = variable ? `${spec.attr}..${spec.length}${unit} ${'L'.repeat(spec.lengthDigits!)}VAR` : `${spec.attr} ${spec.length}${unit}`;
  const parts = [size];
  // A subfield's bytes are read in its parent's encoding, whatever its own spec says.
  if (d.depth === 0) parts.push(ENCODINGS[spec.encoding] ?? spec.encoding);
  if (spec.composite) parts.push(COMPOSITES[spec.composite.kind] ?? spec.composite.kind);
  return parts.join(' · ');
}

function summarize(rows: readonly InspectorRow[], message: Message | undefined, dialect: DialectName): InspectionSummary | undefined {
  const mtiRow = rows.find((r) => r.path === 'MTI' && r.kind === 'field');
  if (!mtiRow) return undefined;
  const mti = mtiRow.value;
  const summary: InspectionSummary = { mti, mtiText: describeMti(mti) };
  if (message && (dialect === 'cup' || dialect === 'cup-binary-mac')) {
    const kind = identifyTransaction(message);
    if (kind) summary.transaction = transactionName(kind);
    const reversed = identifyReversedTransaction(message);
    if (reversed) summary.reverses = transactionName(reversed);
    const code = message.get('39');
    if (typeof code === 'string') {
      const info = classifyResponseCode(code);
      summary.response = { code, meaning: info.meaning, action: info.action };
      if (info.localMeaning) summary.response.localMeaning = info.localMeaning;
    }
  }
  return summary;
}

function transactionName(kind: TransactionKind): TransactionName {
  const def = TRANSACTIONS[kind];
  const out: TransactionName = { kind, name: def.name };
  if (def.localName) out.localName = def.localName;
  return out;
}
