import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { ebcdicToLatin1Table, latin1ToEbcdicTable } from '../bytes/ebcdic.js';
import { ByteWriter } from '../bytes/writer.js';
import { readBitmap, writeBitmap } from '../codec/bitmap.js';
import { compileComposite, isSubfieldObject, type CompositeCodec, type EncodeContext } from '../codec/composite.js';
import { compilePrimitive, putAsciiText, READ, writeAsciiText, type AsciiTextLayout, type CodecEnvironment, type PrimitiveCodec, type TextCodecLike } from '../codec/primitive.js';
import type { DialectSpec, FieldSpec } from '../codec/spec.js';
import type { DecodeContext, FieldValue, TraceRow } from '../codec/values.js';
import type {
  CanonicalValue,
  DescribeOptions,
  MessageDescription,
  MessageEngine,
  MessageInput,
} from './engine.js';
import { formatDescription, toDescriptionRows } from './describe.js';
import { canon } from './canonical.js';
import { fieldNumber, Message } from './message.js';
import { sameValue } from './same-value.js';
import { checkMti } from './mti.js';
import { validateDialectSpec } from './validate-spec.js';

/** What a dialect may need beyond its spec. */
export interface DialectOptions {
  /** GBK text codec for `gbk` fields (the Node entry supplies one through iconv-lite). */
  gbk?: TextCodecLike;
}

/** Changes that make a new dialect from an existing one; a field set to `null` is removed. */
export interface DialectOverrides {
  name: string;
  description?: string;
  mtiEncoding?: DialectSpec['mtiEncoding'];
  bitmapEncoding?: DialectSpec['bitmapEncoding'];
  maxBitmaps?: DialectSpec['maxBitmaps'];
  ebcdicCodePage?: DialectSpec['ebcdicCodePage'];
  fields?: Record<string, FieldSpec | null>;
}

/** A compiled dialect: decodes and encodes message bodies (MTI + bitmap + fields). */
export interface Dialect {
  readonly name: string;
  /** The plain-data spec this dialect was compiled from. */
  readonly spec: DialectSpec;
  /** Decodes a body: MTI, bitmap and fields, with no length header, TPDU or CUP header. */
  decode(body: Uint8Array): Message;
  /** Encodes a message, or a plain `{ mti, fields }` object, to a body. */
  encode(message: Message | MessageInput): Uint8Array;
  /** Encodes into `target` at `offset` without allocating; returns the number of bytes written. */
  encodeInto(message: Message | MessageInput, target: Uint8Array, offset?: number): number;
  /** An annotated byte map of a body or message, masked unless asked otherwise. */
  describe(input: Uint8Array | Message, options?: DescribeOptions): MessageDescription;
  /** A new message bound to this dialect (so `set` turns hex into bytes and printing knows field names). */
  message(mti: string, fields?: MessageInput['fields']): Message;
  /** A new dialect with some settings or fields replaced. */
  derive(overrides: DialectOverrides): Dialect;
  /** The spec of a field or positional subfield (`'60.3'`), if the dialect defines it. */
  fieldSpec(path: string): FieldSpec | undefined;
}

interface CompiledField {
  id: number;
  path: string;
  spec: FieldSpec;
  prim: PrimitiveCodec;
  composite: CompositeCodec | undefined;
  /** Content positions are BCD digits (half a byte each). */
  scale: number;
  /** The ASCII fast path's layout, for plain text fields without subfields. */
  asciiText: AsciiTextLayout | null;
  /** The decoder's inline path for ASCII length prefixes (`prim.plainAsciiPrefix`), held here to save a load per field. */
  asciiPrefix: number;
  /** Most units the field holds (`spec.length`). */
  maxUnits: number;
}

/** Compiles a dialect spec once into a fast encoder/decoder. */
export function defineDialect(spec: DialectSpec, options: DialectOptions = {}): Dialect {
  validateDialectSpec(spec);
  return new CompiledDialect(spec, options);
}

class CompiledDialect implements Dialect, MessageEngine {
  readonly name: string;
  readonly spec: DialectSpec;
  private readonly options: DialectOptions;
  private readonly fields: (CompiledField | undefined)[];
  private readonly contextual: number[];
  private readonly writer = new ByteWriter(1024);
  /** Per field number: wire width when reading the field is only a bounds check (`prim.plainFixedWire`), else 0. */
  private readonly fixedWireOf: Int32Array;
  /** Per field number: 1 when its value is built while decoding, 0 when on first use. */
  private readonly eagerOf: Uint8Array;
  private readonly ebcdicOut: Uint8Array | undefined;
  private readonly ebcdicIn: Uint8Array | undefined;

  constructor(spec: DialectSpec, options: DialectOptions) {
    this.name = spec.name;
    this.spec = spec;
    this.options = options;
    const page = spec.ebcdicCodePage ?? 'cp037';
    const usesEbcdic =
      spec.mtiEncoding === 'ebcdic' ||
      spec.bitmapEncoding === 'hex-ebcdic' ||
      JSON.stringify(spec.fields).includes('"ebcdic"');
    if (usesEbcdic) {
      this.ebcdicIn = ebcdicToLatin1Table(page);
      this.ebcdicOut = latin1ToEbcdicTable(page);
    }
    const env: CodecEnvironment = {
      gbk: options.gbk,
      ebcdic: this.ebcdicIn && this.ebcdicOut ? { toLatin1: this.ebcdicIn, fromLatin1: this.ebcdicOut } : undefined,
    };
    this.fields = new Array<CompiledField | undefined>(spec.maxBitmaps * 64 + 1).fill(undefined);
    this.contextual = [];
    this.fixedWireOf = new Int32Array(spec.maxBitmaps * 64 + 1);
    this.eagerOf = new Uint8Array(spec.maxBitmaps * 64 + 1);
    for (const key of Object.keys(spec.fields)) {
      const id = Number(key);
      const fs = spec.fields[key]!;
      const composite = fs.composite ? compileComposite(fs.composite, key, env) : undefined;
      const prim = compilePrimitive(fs, key, env);
      this.fields[id] = {
        id,
        path: key,
        spec: fs,
        prim,
        composite,
        scale: fs.encoding === 'bcd' ? 0.5 : 1,
        asciiText: composite === undefined ? prim.asciiText : null,
        asciiPrefix: prim.plainAsciiPrefix,
        maxUnits: fs.length,
      };
      if (composite?.needsContext) this.contextual.push(id);
      this.fixedWireOf[id] = prim.plainFixedWire;
      // Built while decoding rather than on first use: composites (to report errors at decode time) and GBK text.
      this.eagerOf[id] = (composite !== undefined && !composite.needsContext) || fs.encoding === 'gbk' ? 1 : 0;
    }
  }

  // ---- decoding ----

  decode(body: Uint8Array): Message {
    return this.decodeBody(body, null);
  }

  private decodeBody(body: Uint8Array, trace: TraceRow[] | null): Message {
    if (!(body instanceof Uint8Array)) {
      throw new Iso8583Error('BAD_TYPE', 'message body must be a Uint8Array', { expected: 'Uint8Array' });
    }
    // A private copy over memory of its own: the caller may change or reuse `body` (a socket's pooled
    // Buffer holds other frames), and a copy carved from a shared slab would keep other messages' card data
    // alive for as long as this message lives.
    const raw = new Uint8Array(new ArrayBuffer(body.length));
    raw.set(body);
    const len = raw.length;
    const mti = this.readMti(raw);
    let off = this.spec.mtiEncoding === 'bcd' ? 2 : 4;
    const ids: number[] = [];
    const bitmapStart = off;
    // The MTI row goes first, so a description cut short by a bad bitmap still shows it.
    if (trace) trace.push({ path: 'MTI', name: 'Message type indicator', start: 0, contentStart: 0, end: bitmapStart, depth: 0, value: mti });
    off = readBitmap(raw, off, len, this.spec.bitmapEncoding, this.spec.maxBitmaps, ids);
    if (trace) trace.push({ path: 'bitmap', name: 'Bitmap', start: bitmapStart, contentStart: bitmapStart, end: off, depth: 0, value: ids.join(' ') });
    const n = ids.length;
    // A plain array of small integers: cheaper to make than a typed view, and as fast to fill and read.
    const spans = new Array<number>(n * 4);
    const vals = new Array<FieldValue | undefined>(n);
    let hints: Map<number, number> | null = null;
    const fields = this.fields;
    const fixedWireOf = this.fixedWireOf;
    const eagerOf = this.eagerOf;
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      const start = off;
      let cStart: number;
      let cEnd: number;
      let units: number;
      let pad = -1;
      let f: CompiledField | undefined;
      const fixedWire = fixedWireOf[id]!;
      if (fixedWire > 0 && off + fixedWire <= len) {
        // Plain fixed field: reading it is a bounds check, read from a typed array without touching the field.
        cStart = off;
        cEnd = off = off + fixedWire;
        units = fixedWire;
      } else {
        f = fields[id];
        if (f === undefined) {
          throw new Iso8583Error('UNKNOWN_FIELD', `bitmap marks a field that dialect ${this.name} does not define`, { path: String(id), offset: off });
        }
        const aw = f.asciiPrefix;
        let n = -1;
        if (aw > 0 && off + aw <= len) {
          // Plain variable field with an ASCII length: read the digits inline; anything odd goes to read().
          n = 0;
          for (let i = off; i < off + aw; i++) {
            const d = raw[i]! - 48;
            if (d < 0 || d > 9) {
              n = -1;
              break;
            }
            n = n * 10 + d;
          }
          if (n > f.maxUnits || off + aw + n > len) n = -1;
        }
        if (n >= 0) {
          cStart = off + aw;
          cEnd = off = cStart + n;
          units = n;
        } else {
          off = f.prim.read(raw, off, len);
          cStart = READ[0]!;
          cEnd = READ[1]!;
          units = READ[2]!;
          pad = READ[3]!;
          if (pad >= 0) (hints ??= new Map()).set(id, pad);
        }
      }
      const s = 4 * k;
      spans[s] = start;
      spans[s + 1] = cStart;
      spans[s + 2] = cEnd;
      spans[s + 3] = units;
      if (eagerOf[id] === 1 || trace !== null) {
        const g = f ?? fields[id]!;
        let row: TraceRow | undefined;
        if (trace) {
          row = { path: g.path, name: g.spec.name, localName: g.spec.localName, start, contentStart: cStart, end: off, depth: 0, sensitivity: g.spec.sensitivity };
          trace.push(row);
        }
        vals[k] = g.composite?.needsContext ? undefined : this.buildValue(g, raw, cStart, cEnd, units, pad, null, trace);
        if (row) row.value = vals[k];
      }
    }
    if (off !== len) {
      throw new Iso8583Error('TRAILING_BYTES', 'data remains after the last field', {
        offset: off,
        expected: `${off} bytes`,
        found: `${len} bytes`,
      });
    }
    const m = Message.decoded(this, mti, ids, vals, raw, spans, hints);
    if (this.contextual.length > 0) this.resolveContext(m, trace);
    return m;
  }

  /** Decodes context-dependent composites once the rest of the message is known. */
  private resolveContext(m: Message, trace: TraceRow[] | null): void {
    const ctx = decodeContext(m);
    for (const id of this.contextual) {
      const k = m.indexOf(id);
      if (k < 0) continue;
      const f = this.fields[id]!;
      const s = 4 * k;
      const spans = m.spans!;
      let sub: TraceRow[] | null = null;
      let at = trace ? trace.findIndex((r) => r.path === f.path && r.depth === 0) : -1;
      if (trace) sub = [trace[at]!];
      const v = this.buildValue(f, m.raw!, spans[s + 1]!, spans[s + 2]!, spans[s + 3]!, m.hints?.get(id) ?? -1, ctx, sub);
      m.vals[k] = v;
      if (trace && sub) {
        sub[0]!.value = v;
        trace.splice(at + 1, 0, ...sub.slice(1));
        at = -1;
      }
    }
  }

  private buildValue(
    f: CompiledField,
    raw: Uint8Array,
    cStart: number,
    cEnd: number,
    units: number,
    pad: number,
    ctx: DecodeContext | null,
    trace: TraceRow[] | null,
  ): FieldValue {
    if (f.composite) {
      const content = f.prim.contentBytes(raw, cStart, cEnd, units);
      let v: FieldValue | undefined;
      try {
        v = f.composite.decode(content, f.path, ctx, { base: cStart, scale: f.scale, depth: 1 }, trace);
      } catch (e) {
        throw e instanceof Iso8583Error && e.offset === undefined ? e.within(undefined, cStart) : e;
      }
      if (v !== undefined) return v;
    }
    return f.prim.value(raw, cStart, cEnd, units, pad);
  }

  private readMti(raw: Uint8Array): string {
    const enc = this.spec.mtiEncoding;
    const need = enc === 'bcd' ? 2 : 4;
    if (raw.length < need) {
      throw new Iso8583Error('TRUNCATED', 'message is shorter than its MTI', { path: 'MTI', offset: 0, expected: `${need} bytes`, found: `${raw.length} bytes` });
    }
    let code = 0;
    for (let i = 0; i < need; i++) {
      const b = raw[i]!;
      if (enc === 'bcd') {
        if (b >> 4 > 9 || (b & 15) > 9) throw badMti(i);
        code = code * 100 + (b >> 4) * 10 + (b & 15);
      } else {
        const d = enc === 'ascii' ? b - 48 : b - 0xf0;
        if (d < 0 || d > 9) throw badMti(i);
        code = code * 10 + d;
      }
    }
    return mtiText(code);
  }

  // ---- MessageEngine ----

  materialize(m: Message, k: number): FieldValue {
    const id = m.ids[k]!;
    const f = this.fields[id]!;
    const s = 4 * m.spanOf(k);
    const spans = m.spans!;
    const pad = m.hints === null ? -1 : (m.hints.get(id) ?? -1);
    if (f.composite === undefined) return f.prim.value(m.raw!, spans[s + 1]!, spans[s + 2]!, spans[s + 3]!, pad);
    return this.buildValue(f, m.raw!, spans[s + 1]!, spans[s + 2]!, spans[s + 3]!, pad, decodeContext(m), null);
  }

  structure(m: Message, id: number, value: FieldValue): FieldValue | undefined {
    const f = this.fields[id];
    if (!f?.composite || !(typeof value === 'string' || value instanceof Uint8Array)) return undefined;
    const content = typeof value === 'string' ? this.textContent(f, value) : value;
    return f.composite.decode(content, f.path, decodeContext(m), { base: 0, scale: f.scale, depth: 1 }, null);
  }

  /** Content bytes of a raw text value of a composite field, as its composite reads them. */
  private textContent(f: CompiledField, value: string): Uint8Array {
    if (f.spec.encoding === 'gbk' && this.options.gbk) return this.options.gbk.encode(value, f.path);
    const out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i) & 0xff;
    return out;
  }

  /** The structure of a raw composite value, or the raw value when it has none or does not parse. */
  private structureOrRaw(m: Message, id: number, value: string | Uint8Array): FieldValue {
    try {
      return this.structure(m, id, value) ?? value;
    } catch (e) {
      if (e instanceof Iso8583Error) return value;
      throw e;
    }
  }

  isBinary(id: number): boolean {
    const f = this.fields[id];
    // Hex text set on any binary field is its raw bytes; structured values (objects, TLV lists) are not text.
    return f !== undefined && f.spec.attr === 'b';
  }

  fieldName(id: number): string | undefined {
    const f = this.fields[id];
    if (!f) return undefined;
    return f.spec.localName ? `${f.spec.name} ${f.spec.localName}` : f.spec.name;
  }

  canonical(m: Message, id: number, input: FieldValue, masked: boolean): CanonicalValue {
    let value = input;
    const f = this.fields[id];
    // Canonical form shows a composite's structure even when it was set as raw text or bytes.
    if (f?.composite && (typeof value === 'string' || value instanceof Uint8Array)) value = this.structureOrRaw(m, id, value);
    // A composite field's own sensitivity covers its raw form; once structured, each part says its own.
    const structured = typeof value === 'object' && !(value instanceof Uint8Array);
    // A field the dialect does not define says nothing of what it holds: its bytes are hidden like a plain message's.
    const rendering = !masked ? 'clear' : f === undefined ? 'masked-plain' : 'masked';
    return canon(value, rendering, structured ? undefined : f?.spec.sensitivity, f?.composite, decodeContext(m), String(id));
  }

  // ---- encoding ----

  encode(input: Message | MessageInput): Uint8Array {
    const w = this.encodeToWriter(input);
    // A fresh buffer, never a pooled view: callers may hand `.buffer` to sockets or workers.
    const out = w.result();
    clearWriter(w);
    return out;
  }

  encodeInto(input: Message | MessageInput, target: Uint8Array, offset = 0): number {
    const w = this.encodeToWriter(input);
    const n = w.pos;
    if (offset < 0 || offset + n > target.length) {
      clearWriter(w);
      throw new Iso8583Error('BUFFER_TOO_SMALL', 'target buffer is too small for the encoded message', {
        expected: `${n} bytes from offset ${offset}`,
        found: `${Math.max(0, target.length - offset)} bytes`,
      });
    }
    target.set(w.buf.subarray(0, n), offset);
    clearWriter(w);
    return n;
  }

  /** Encodes into the dialect's writer, which the caller clears once it has copied the bytes out. */
  private encodeToWriter(input: Message | MessageInput): ByteWriter {
    const w = this.writer;
    w.reset();
    try {
      if (input instanceof Message) {
        this.writeMti(w, input.mti);
        this.encodeMessage(w, input);
      } else {
        if (typeof input !== 'object' || input === null || typeof input.fields !== 'object' || input.fields === null) {
          throw new Iso8583Error('BAD_TYPE', 'message must be a Message or an object with mti and fields', { expected: '{ mti, fields }' });
        }
        checkMti(input.mti);
        this.writeMti(w, input.mti);
        this.encodeObject(w, input);
      }
    } catch (e) {
      // The encoder may have written past `pos` before failing: clear the whole buffer.
      w.buf.fill(0);
      w.reset();
      throw e;
    }
    return w;
  }

  private encodeMessage(w: ByteWriter, m: Message): void {
    const ids = m.ids;
    const fields = this.fields;
    // Every field must be known before anything is written; the last id bounds the bitmap check below.
    for (let k = 0; k < ids.length; k++) if (fields[ids[k]!] === undefined) throw this.unknownField(String(ids[k]));
    const sameBytes = m.engine === this && m.raw !== null;
    if (sameBytes && m.src === null && onlyPlainValues(m.vals)) {
      // Nothing was set or deleted and no structured value is held (those can change in place): after the MTI,
      // the encoding is the decoded bytes themselves.
      w.bytes(m.raw!, this.spec.mtiEncoding === 'bcd' ? 2 : 4, m.raw!.length);
      return;
    }
    const bitmapAt = w.pos;
    writeBitmap(w, ids, this.spec.bitmapEncoding, this.spec.maxBitmaps);
    if (sameBytes && this.spec.bitmapEncoding !== 'binary') this.keepDecodedBitmap(w, bitmapAt, m);
    let ctx: EncodeContext | null = null;
    const vals = m.vals;
    // Plain text is written straight into the buffer, the position kept in a local; the writer catches up
    // before anything else writes through it.
    let buf = w.buf;
    let p = w.pos;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const f = fields[id]!;
      const v = vals[k];
      if (sameBytes) {
        const s = m.spanOf(k);
        // Unchanged text and bytes are copied as they arrived: exact, and the fastest path. So is a structured
        // value that still equals what its bytes decode to: decoding is lenient where building is strict (a
        // subfield may hold a character its attribute does not allow), and the bytes are what it came from.
        if (s >= 0 && (v === undefined || typeof v === 'string' || v instanceof Uint8Array || this.unchangedAt(m, k, v))) {
          w.pos = p;
          w.bytes(m.raw!, m.spans![4 * s]!, m.spans![4 * s + 2]!);
          buf = w.buf;
          p = w.pos;
          continue;
        }
      }
      const value = v ?? m.valueAt(k);
      const layout = f.asciiText;
      if (typeof value === 'string' && layout !== null) {
        const need = layout.prefixWidth + value.length;
        if (p + need > buf.length) {
          w.pos = p;
          w.ensure(need);
          buf = w.buf;
        }
        const end = putAsciiText(buf, p, layout, value);
        if (end >= 0) {
          p = end;
          continue;
        }
      }
      w.pos = p;
      if (f.composite && (isSubfieldObject(value) || Array.isArray(value))) ctx ??= encodeContextOf(m);
      this.writeField(w, f, value, ctx, m.hints?.get(id));
      buf = w.buf;
      p = w.pos;
    }
    w.pos = p;
  }

  /**
   * Puts a decoded message's hex bitmap back as it arrived when it marks the same fields: hex may come in lower
   * case, which the bitmap just written at `at` (in upper case) would not reproduce.
   */
  private keepDecodedBitmap(w: ByteWriter, at: number, m: Message): void {
    const raw = m.raw!;
    const start = this.spec.mtiEncoding === 'bcd' ? 2 : 4;
    const marked: number[] = [];
    const end = readBitmap(raw, start, raw.length, this.spec.bitmapEncoding, this.spec.maxBitmaps, marked);
    if (end - start !== w.pos - at || marked.length !== m.ids.length) return;
    for (let i = 0; i < marked.length; i++) if (marked[i] !== m.ids[i]) return;
    w.buf.set(raw.subarray(start, end), at);
  }

  /** Whether the structured value held at entry `k` of a decoded message equals what its bytes decode to now. */
  private unchangedAt(m: Message, k: number, held: FieldValue): boolean {
    let fresh: FieldValue;
    try {
      fresh = this.materialize(m, k);
    } catch (e) {
      // The bytes no longer decode (a field their layout depends on was changed): the value is written anew.
      if (e instanceof Iso8583Error) return false;
      throw e;
    }
    return sameValue(held, fresh);
  }

  private encodeObject(w: ByteWriter, input: MessageInput): void {
    const fields = input.fields;
    let ids: number[] = [];
    let values: FieldValue[] = [];
    const keys = Object.keys(fields);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = fields[key] as FieldValue | undefined;
      if (value === undefined) continue;
      const id = fieldNumber(key);
      if (id < 0 || this.fields[id] === undefined) {
        throw this.unknownField(key);
      }
      ids.push(id);
      values.push(value);
    }
    // Integer-like keys of plain objects enumerate in ascending order; anything else is put in order here.
    for (let i = 1; i < ids.length; i++) {
      if (ids[i - 1]! > ids[i]!) {
        const order = ids.map((_, k) => k).sort((a, b) => ids[a]! - ids[b]!);
        ids = order.map((k) => ids[k]!);
        values = order.map((k) => values[k]!);
        break;
      }
    }
    writeBitmap(w, ids, this.spec.bitmapEncoding, this.spec.maxBitmaps);
    let ctx: EncodeContext | null = null;
    for (let k = 0; k < ids.length; k++) {
      const f = this.fields[ids[k]!]!;
      const value = values[k]!;
      if (typeof value === 'string' && f.asciiText !== null && writeAsciiText(w, f.asciiText, value)) continue;
      if (f.composite && (isSubfieldObject(value) || Array.isArray(value))) {
        ctx ??= encodeContextOf(this.message(input.mti, fields));
      }
      this.writeField(w, f, value, ctx, undefined);
    }
  }

  /** The error for a field the dialect does not define, given as `path`. */
  private unknownField(path: string): Iso8583Error {
    return new Iso8583Error('UNKNOWN_FIELD', `field is not defined by dialect ${this.name}`, { path });
  }

  private writeField(w: ByteWriter, f: CompiledField, value: FieldValue, ctx: EncodeContext | null, pad: number | undefined): void {
    if (f.composite && (isSubfieldObject(value) || Array.isArray(value))) {
      f.prim.writeContent(w, f.composite.encode(value, f.path, ctx));
    } else {
      f.prim.write(w, value, pad);
    }
  }

  private writeMti(w: ByteWriter, mti: string): void {
    checkMti(mti);
    w.ensure(4);
    const enc = this.spec.mtiEncoding;
    if (enc === 'bcd') {
      w.buf[w.pos++] = ((mti.charCodeAt(0) - 48) << 4) | (mti.charCodeAt(1) - 48);
      w.buf[w.pos++] = ((mti.charCodeAt(2) - 48) << 4) | (mti.charCodeAt(3) - 48);
    } else {
      const base = enc === 'ascii' ? 48 : 0xf0;
      for (let i = 0; i < 4; i++) w.buf[w.pos++] = base + mti.charCodeAt(i) - 48;
    }
  }

  // ---- the rest of the Dialect API ----

  describe(input: Uint8Array | Message, options: DescribeOptions = {}): MessageDescription {
    const bytes = input instanceof Message ? (input.engine === this && input.raw && input.src === null ? input.raw : this.encode(input)) : input;
    const trace: TraceRow[] = [];
    // Only a decode error is returned; a wrong-typed input is still thrown.
    let error: Iso8583Error | undefined;
    if (options.partial === true && bytes instanceof Uint8Array) error = this.decodeUpToError(bytes, trace);
    else this.decodeBody(bytes, trace);
    const rows = toDescriptionRows(bytes, trace, options.unmasked === true);
    const text = (): string => formatDescription(this.name, bytes.length, rows) + (error ? `\nerror ${error.code}: ${error.message}` : '');
    return error ? { dialect: this.name, rows, error, toString: text } : { dialect: this.name, rows, toString: text };
  }

  /** Decodes `bytes` into `trace` and returns the error that stopped it, masking rows that reach past that error. */
  private decodeUpToError(bytes: Uint8Array, trace: TraceRow[]): Iso8583Error | undefined {
    try {
      this.decodeBody(bytes, trace);
      return undefined;
    } catch (e) {
      if (!(e instanceof Iso8583Error)) throw e;
      // A row reaching past the error (a container cut short, a field read after it) may hold card data it never got to mark.
      const cut = e.offset ?? 0;
      for (const t of trace) if (t.end > cut) t.sensitivity ??= 'secret';
      return e;
    }
  }

  message(mti: string, fields: MessageInput['fields'] = {}): Message {
    const m = new Message(mti);
    m.engine = this;
    for (const key of Object.keys(fields)) {
      const v = fields[key];
      if (v !== undefined) m.set(key, v);
    }
    return m;
  }

  derive(overrides: DialectOverrides): Dialect {
    const fields: Record<string, FieldSpec> = { ...this.spec.fields };
    for (const [key, fs] of Object.entries(overrides.fields ?? {})) {
      if (fs === null) delete fields[key];
      else fields[key] = fs;
    }
    const spec: DialectSpec = {
      ...this.spec,
      ...(overrides.mtiEncoding ? { mtiEncoding: overrides.mtiEncoding } : {}),
      ...(overrides.bitmapEncoding ? { bitmapEncoding: overrides.bitmapEncoding } : {}),
      ...(overrides.maxBitmaps ? { maxBitmaps: overrides.maxBitmaps } : {}),
      ...(overrides.ebcdicCodePage ? { ebcdicCodePage: overrides.ebcdicCodePage } : {}),
      name: overrides.name,
      description: overrides.description ?? this.spec.description,
      fields,
    };
    return defineDialect(spec, this.options);
  }

  fieldSpec(path: string): FieldSpec | undefined {
    const parts = path.split('.');
    let fs: FieldSpec | undefined = this.spec.fields[parts[0]!];
    for (let i = 1; i < parts.length && fs; i++) {
      const c = fs.composite;
      fs = c && (c.kind === 'positional' || c.kind === 'bitmapped') ? c.subfields[parts[i]!] : undefined;
    }
    return fs;
  }
}

/**
 * Zeroes what an encode left in a dialect's writer: the writer is shared by every message the dialect encodes,
 * and must not keep one card's data until the next message overwrites it (or forever, if none does).
 */
function clearWriter(w: ByteWriter): void {
  w.buf.fill(0, 0, w.pos);
  w.reset();
}

/** True when every held value is text or bytes (or not built yet): nothing that can change in place. */
function onlyPlainValues(vals: readonly (FieldValue | undefined)[]): boolean {
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (v !== undefined && typeof v !== 'string' && !(v instanceof Uint8Array)) return false;
  }
  return true;
}

// Every decode names its MTI; each of the 10,000 possible texts is made once instead of per message.
const MTI_TEXT: (string | undefined)[] = new Array<string | undefined>(10000).fill(undefined);

function mtiText(code: number): string {
  let text = MTI_TEXT[code];
  if (text === undefined) MTI_TEXT[code] = text = String(10000 + code).slice(1);
  return text;
}

function badMti(offset: number): Iso8583Error {
  return new Iso8583Error('BAD_MTI', 'MTI must be 4 digits', { path: 'MTI', offset, expected: '4 digits' });
}

// A dialect holds the writer every message it encodes passes through: logs show its name, never its insides.
defineMaskedRendering(CompiledDialect.prototype, { name: 'Dialect', masked: (d) => ({ name: d.name }), text: (d) => `Dialect(${d.name})` });

function decodeContext(m: Message): DecodeContext {
  return { mti: m.mti, lookup: (path) => m.get(path) };
}

function encodeContextOf(m: Message): EncodeContext {
  return { mti: m.mti, lookup: (path) => m.get(path) };
}
