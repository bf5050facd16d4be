// A dialect compiled once from its spec: decodes and encodes message bodies, describes them, and derives new dialects.
import { badArgument, expectBytes, expectOptions, expectPlainObject, expectString, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';
import { latin1Bytes, latin1Text } from '../bytes/latin1.js';
import { ByteReader } from '../bytes/reader.js';
import { ByteWriter } from '../bytes/writer.js';
import { readUnsigned } from '../bytes/unsigned.js';
import { bitmapForm, bitmapSize, readBitmap, writeBitmap, type BitmapForm } from '../codec/bitmap.js';
import { compositeCompiler } from '../codec/composite/compile.js';
import { encodeContent, isSubfieldObject } from '../codec/composite/parts.js';
import type { CompositeCodec, LeafForm } from '../codec/composite/types.js';
import type { CodecEnvironment, Latin1Text, TextCodecLike } from '../codec/environment.js';
import type { HexOfBytes, Latin1Write } from '../codec/text-parts.js';
import { EVERY_ENCODING, type CodecParts } from '../codec/encoding/sets.js';
import { compileField, type FieldCodec } from '../codec/field.js';
import type { DialectSpec, FieldSpec } from '../codec/spec.js';
import type { ContentPlacement, FieldValue, MessageContext, TraceRow } from '../codec/values.js';
import { canon, sizedFields } from './canonical.js';
import { formatDescription, toDescriptionRows } from './describe.js';
import type { CanonicalValue, DescribeOptions, MessageDescription, MessageInput, MessageObject } from './engine.js';
import { DecodedBody } from './decoded-body.js';
import { childValue, fieldNumber, Message, type MessageEngine } from './message.js';
import { badMti, checkMti } from './mti.js';
import { sameValue } from './same-value.js';
import { validateDialectSpec } from './validate-spec.js';

/** What a dialect may need beyond its spec. */
export interface DialectOptions {
  /** GBK text codec for `gbk` fields (the Node entry supplies one through iconv-lite). */
  gbk?: TextCodecLike;
  /** Latin-1 text of a byte range, faster than the portable one (the Node entry supplies one through `Buffer`). */
  latin1?: Latin1Text;
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
  /** Encodes into `target` at `offset` without allocating; returns the number of bytes written. On failure the range it may have written to is zeroed. */
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
  readonly path: string;
  readonly spec: FieldSpec;
  readonly codec: FieldCodec;
  readonly composite: CompositeCodec | undefined;
  /** Content positions are BCD digits (half a byte each). */
  readonly scale: number;
  /** The composite's check reads the field's wire bytes in place: its content is those bytes, and it needs no context. */
  readonly checksInPlace: boolean;
  /** Fixed, with content as many units long as the field, which its composite passes on that length alone: decode checks nothing. */
  readonly passes: boolean;
}

/**
 * One message about to be written: its fields in order and, for each, what goes on the wire: the bytes of a
 * decoded field copied as they came (`copies[k]` its decoded index), a composite's content, or a value.
 */
interface EncodePlan {
  readonly mti: string;
  /** An unchanged decode of ours: everything after the MTI is its bytes as they came. */
  readonly whole: DecodedBody | null;
  readonly ids: readonly number[];
  readonly values: readonly (FieldValue | undefined)[];
  readonly copies: number[] | null;
  readonly from: DecodedBody | null;
  readonly contents: (Uint8Array | undefined)[] | null;
  /** Pad nibbles of fields decoded by another dialect, to write them as they came. */
  readonly pads: number[] | null;
  readonly size: number;
}

/** A message's MTI and its fields' values, as a built message holds them. */
interface MessageValues {
  readonly mti: string;
  readonly ids: readonly number[];
  readonly vals: readonly (FieldValue | undefined)[];
}

/** `value` when it is a dialect (an object that decodes and encodes), else BAD_ARGUMENT naming the argument. */
export function expectDialect(value: unknown, name = 'dialect'): Dialect {
  const d = value as Partial<Dialect> | null;
  if (typeof d === 'object' && d !== null && typeof d.decode === 'function' && typeof d.encode === 'function') return value as Dialect;
  throw badArgument(name, 'a Dialect', shapeOf(value));
}

/** Compiles a dialect spec once into a fast encoder/decoder (every value encoding, EBCDIC code page and composite kind available). */
export function defineDialect(spec: DialectSpec, options?: DialectOptions): Dialect {
  return compileDialect(spec, options, EVERY_ENCODING);
}

/**
 * Compiles a dialect spec with the encodings and composite kinds of `parts` alone (so a bundle carries no others); the
 * dialects it derives keep them.
 */
export function compileDialect(spec: DialectSpec, options: DialectOptions | undefined, parts: CodecParts): Dialect {
  options = expectOptions(options);
  validateDialectSpec(spec);
  return new CompiledDialect(spec, options, parts);
}

class CompiledDialect implements Dialect, MessageEngine {
  readonly name: string;
  readonly spec: DialectSpec;
  private readonly options: DialectOptions;
  private readonly parts: CodecParts;
  /** Per field number: the compiled field, or undefined when the dialect does not define it. */
  private readonly fields: (CompiledField | undefined)[];
  /** Per field number: its codec (what the decode loop reads with). */
  private readonly codecs: (FieldCodec | undefined)[];
  /** Per field number: its composite, when it has one (what decode checks). */
  private readonly compositeOf: (CompositeCodec | undefined)[];
  /** Per field number: the most bytes it takes on the wire, or UNDEFINED_SIZE when the dialect does not define it. */
  private readonly maxSizeOf: Int32Array;
  /** Per field number: 1 when its canonical text is made from the Latin-1 text of its bytes (no composite), read from a body kept as text. */
  private readonly plainText: Uint8Array;
  private readonly mtiWidth: number;
  private readonly bitmap: BitmapForm;
  private readonly latin1: Latin1Text;
  /**
   * Buffers this dialect reuses, taken while in use (so a call started meanwhile makes its own) and zeroed after
   * each use: the message `encode()` writes before copying it out (or the bytes of a body kept as text while
   * `toObject()` reads them), and the content of an encode's composites.
   */
  private spareOut: Uint8Array | null = null;
  private spareWriter: ByteWriter | null = null;

  constructor(spec: DialectSpec, options: DialectOptions, parts: CodecParts) {
    this.name = spec.name;
    this.spec = spec;
    this.options = options;
    this.parts = parts;
    this.mtiWidth = spec.mtiEncoding === 'bcd' ? 2 : 4;
    this.latin1 = options.latin1 ?? latin1Text;
    const usesEbcdic = spec.mtiEncoding === 'ebcdic' || spec.bitmapEncoding === 'hex-ebcdic' || JSON.stringify(spec.fields).includes('"ebcdic"');
    const env: CodecEnvironment = {
      encodings: parts.encodings,
      gbk: options.gbk,
      latin1: options.latin1,
      ebcdic: usesEbcdic && parts.ebcdicTables !== undefined ? parts.ebcdicTables(spec.ebcdicCodePage ?? 'cp037') : undefined,
    };
    this.bitmap = bitmapForm(spec.bitmapEncoding);
    const compileComposite = compositeCompiler(parts.composites);
    const slots = spec.maxBitmaps * 64 + 1;
    this.fields = new Array<CompiledField | undefined>(slots).fill(undefined);
    this.codecs = new Array<FieldCodec | undefined>(slots).fill(undefined);
    this.compositeOf = new Array<CompositeCodec | undefined>(slots).fill(undefined);
    this.maxSizeOf = new Int32Array(slots).fill(UNDEFINED_SIZE);
    this.plainText = new Uint8Array(slots);
    for (const key of Object.keys(spec.fields)) {
      const fs = spec.fields[key]!;
      const codec = compileField(fs, key, env);
      const composite = fs.composite ? compileComposite(fs.composite, key, env) : undefined;
      // Text and binary fields' content is their wire bytes after the prefix (other encodings convert them).
      const checksInPlace = composite?.checkSpan !== undefined && !composite.needsContext && (fs.encoding === 'ascii' || fs.encoding === 'binary');
      const fixedUnits = !fs.lengthDigits && fs.attr !== 'x+n' && (fs.encoding === 'bcd' ? (fs.lengthUnit ?? 'digits') === 'digits' : fs.encoding === 'ascii' || fs.encoding === 'binary');
      const passes = fixedUnits && composite?.fits?.(fs.length) === true;
      const id = Number(key);
      this.fields[id] = { path: key, spec: fs, codec, composite, scale: fs.encoding === 'bcd' ? 0.5 : 1, checksInPlace, passes };
      this.codecs[id] = codec;
      this.compositeOf[id] = composite;
      this.maxSizeOf[id] = codec.maxSize;
      this.plainText[id] = codec.textCanonical && composite === undefined ? 1 : 0;
    }
  }

  // ---- decoding ----

  decode(body: Uint8Array): Message {
    if (!(body instanceof Uint8Array)) {
      throw new Iso8583Error('BAD_TYPE', 'message body must be a Uint8Array', { expected: 'Uint8Array' });
    }
    const r = new ByteReader(body);
    const mti = this.readMti(r);
    const ids: number[] = [];
    readBitmap(r, this.bitmap, this.spec.maxBitmaps, ids);
    // Each field the bitmap marks is read in turn; `starts` has where each starts, and where the last ends.
    const n = ids.length;
    const starts = new Array<number>(n + 1);
    const codecs = this.codecs;
    let contextual = false;
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      const codec = codecs[id] ?? this.fieldAt(id, r.pos).codec;
      const start = r.pos;
      starts[k] = start;
      codec.read(r);
      // A composite is walked while its bytes are at hand, building nothing; one whose layout the rest of the
      // message chooses waits until every field is read.
      const composite = this.compositeOf[id];
      if (composite === undefined || this.fields[id]!.passes) continue;
      if (composite.needsContext) contextual = true;
      else this.compositeAt(body, start, r.pos, id, null, null);
    }
    starts[n] = r.pos;
    if (r.pos !== r.limit) {
      throw new Iso8583Error('TRAILING_BYTES', 'data remains after the last field', { offset: r.pos, expected: `${r.pos} bytes`, found: `${r.limit} bytes` });
    }
    // The message keeps a private copy (values are made from it on first use, whatever becomes of `body`: a
    // socket's pooled Buffer holds other frames); the composites that read other fields are checked against it.
    const m = Message.decoded(this, mti, ids, DecodedBody.of(body, starts, this.options.latin1));
    if (contextual) this.checkContextual(m, body);
    return m;
  }

  /** Field `id` of this dialect; throws `UNKNOWN_FIELD` for one the bitmap marks at `offset` that it does not define. */
  private fieldAt(id: number, offset: number): CompiledField {
    const f = this.fields[id];
    if (f === undefined) throw new Iso8583Error('UNKNOWN_FIELD', `bitmap marks a field that dialect ${this.name} does not define`, { path: String(id), offset });
    return f;
  }

  private readMti(r: ByteReader): string {
    const need = this.mtiWidth;
    const raw = r.buf;
    if (r.remaining() < need) {
      throw new Iso8583Error('TRUNCATED', 'message is shorter than its MTI', { path: 'MTI', offset: 0, expected: `${need} bytes`, found: `${raw.length} bytes` });
    }
    const code = readUnsigned(raw, 0, need, this.spec.mtiEncoding);
    if (code < 0) throw badMti(-1 - code);
    r.pos = need;
    return mtiText(code);
  }

  /** Walks the composites of a decoded message whose layout the rest of it chooses (once every field is read), building nothing. */
  private checkContextual(m: Message, bytes: Uint8Array): void {
    const ids = m.ids;
    const starts = m.body!.starts;
    const ctx = contextOf(m);
    for (let k = 0; k < ids.length; k++) {
      if (this.compositeOf[ids[k]!]?.needsContext) this.compositeAt(bytes, starts[k]!, starts[k + 1]!, ids[k]!, ctx, null);
    }
  }

  /**
   * Checks composite field `id` at `bytes[start, end)` (`form` null), gives its structure in `form`, or adds its
   * rows to `form` (whether a layout applied); `ctx` is needed only by a composite that needs context. Errors
   * without an offset get the content's.
   */
  private compositeAt(bytes: Uint8Array, start: number, end: number, id: number, ctx: MessageContext | null, form: LeafForm | TraceRow[] | null, hex?: string): FieldValue | boolean | undefined {
    const f = this.fields[id]!;
    const contentStart = start + f.codec.prefixWidth;
    try {
      // A composite whose content passes on its length alone is checked without making the content.
      if (form === null && f.composite!.fits?.(f.codec.contentUnits(bytes, start, end))) return;
      if (form === null && f.checksInPlace) return void f.composite!.checkSpan!(bytes, contentStart, end, f.path);
      // Packed digits give their content's text at once (the digits as characters, their value and canonical text
      // alike, cut from the body's hex when given), without making its bytes; content checked in place (at decode)
      // is read in place.
      const v =
        typeof form !== 'string'
          ? undefined
          : f.spec.encoding === 'bcd'
            ? f.composite!.fromText?.(f.codec.canonical(bytes, start, end, hex))
            : f.checksInPlace
              ? f.composite!.decodeRange?.(bytes, contentStart, end, form, hex)
              : undefined;
      if (v !== undefined) return v;
      const content = f.codec.content(bytes, start, end);
      const at: ContentPlacement = { base: contentStart, scale: f.scale, depth: 1 };
      if (form === null) return void f.composite!.check(content, f.path, ctx, at);
      return typeof form === 'object' ? f.composite!.describe(content, f.path, ctx, at, form) : f.composite!.decode(content, f.path, ctx, at, form);
    } catch (e) {
      throw e instanceof Iso8583Error && e.offset === undefined ? e.within(undefined, contentStart) : e;
    }
  }

  // ---- MessageEngine ----

  valueOf(m: Message, k: number): FieldValue {
    return this.leafAt(m, k, 'value') as FieldValue;
  }

  structure(m: Message, id: number, value: FieldValue): FieldValue | undefined {
    return this.structureIn(contextOf(m), id, value);
  }

  /** The structure of a raw value (text or bytes) of composite field `id` in a message seen as `ctx`, or undefined. */
  structureIn(ctx: MessageContext, id: number, value: FieldValue): FieldValue | undefined {
    const f = this.fields[id];
    if (!f?.composite || !(typeof value === 'string' || value instanceof Uint8Array)) return undefined;
    const content = typeof value === 'string' ? this.textContent(f, value) : value;
    return f.composite.decode(content, f.path, ctx, { base: 0, scale: f.scale, depth: 1 }, 'value');
  }

  /** Content bytes of a raw text value of a composite field, as its composite reads them. */
  private textContent(f: CompiledField, value: string): Uint8Array {
    if (f.spec.encoding === 'gbk' && this.options.gbk) return this.options.gbk.encode(value, f.path);
    return latin1Bytes(value);
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
    // Hex text set on any binary field is its raw bytes; structured values (objects, TLV lists) are not text.
    return this.fields[id]?.spec.attr === 'b';
  }

  fieldName(id: number): string | undefined {
    const f = this.fields[id];
    if (!f) return undefined;
    return f.spec.localName ? `${f.spec.name} ${f.spec.localName}` : f.spec.name;
  }

  canonicalObject(m: Message, masked: boolean): MessageObject {
    const ids = m.ids;
    const fields = sizedFields(ids);
    const body = m.body;
    if (!masked && body !== null && m.src === null) {
      // A decode whose fields are all still where they were decoded: text fields are substrings of the body text.
      const codecs = this.codecs;
      const plainText = this.plainText;
      const starts = body.starts;
      const vals = m.vals;
      let text: string | undefined;
      // The other fields read its bytes: of a body kept as text, a spare array filled from it and zeroed after (a
      // fresh one costs more than the fill), taken for the call so that another call makes its own.
      let bytes = body.held;
      let spare: Uint8Array | null = null;
      // Packed digits and bytes are cut from the body's hex, made at once where the Latin-1 text maker can.
      const hexOfBytes = (this.latin1 as { hex?: HexOfBytes }).hex;
      let hex: string | undefined;
      try {
        for (let k = 0; k < ids.length; k++) {
          const id = ids[k]!;
          const v = vals[k];
          if (v !== undefined) fields[id] = this.canonical(m, id, v, false);
          else if (plainText[id] === 1) fields[id] = codecs[id]!.textValue((text ??= body.text(this.latin1)), starts[k]!, starts[k + 1]!);
          else {
            if (bytes === undefined) {
              spare = this.takeOut(body.length);
              body.fill((bytes = spare), (this.latin1 as { write?: Latin1Write }).write);
            }
            hex ??= hexOfBytes?.(bytes, body.length);
            fields[id] = this.compositeOf[id] === undefined ? codecs[id]!.canonical(bytes, starts[k]!, starts[k + 1]!, hex) : (this.leafAt(m, k, 'canonical', bytes, hex) as CanonicalValue);
          }
        }
      } finally {
        if (spare !== null && spare.fill(0, 0, body.length).length <= ONE_PASS_MOST) this.spareOut = spare;
      }
      return { mti: m.mti, fields };
    }
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const v = m.vals[k];
      // Unbuilt decoded fields go from their bytes straight to canonical form; the rest through their values.
      fields[id] = v === undefined && !masked ? (this.leafAt(m, k, 'canonical') as CanonicalValue) : this.canonical(m, id, v ?? m.peekAt(k), masked);
    }
    return { mti: m.mti, fields };
  }

  /**
   * Decoded field `k` as `form` asks: its value, or its unmasked canonical form without building the value; made from
   * `bytes` (its body's, when the caller has them) or from the body's text where the field reads that.
   */
  private leafAt(m: Message, k: number, form: 'value' | 'canonical', bytes?: Uint8Array, hex?: string): FieldValue | CanonicalValue {
    const id = m.ids[k]!;
    const f = this.fields[id]!;
    const body = m.body!;
    const b = m.decodedIndex(k);
    const start = body.starts[b]!;
    const end = body.starts[b + 1]!;
    const composite = f.composite;
    if (composite !== undefined) {
      const v = this.compositeAt(bytes ?? body.bytes, start, end, id, composite.needsContext ? contextOf(m) : null, form, hex) as FieldValue | undefined;
      if (v !== undefined) return v;
    }
    const codec = f.codec;
    if (form === 'value' ? codec.latin1Value : codec.textCanonical) return codec.textValue(body.text(this.latin1), start, end);
    bytes ??= body.bytes;
    return form === 'value' ? codec.value(bytes, start, end) : codec.canonical(bytes, start, end, hex);
  }

  private canonical(m: Message, id: number, input: FieldValue, masked: boolean): CanonicalValue {
    let value = input;
    const f = this.fields[id];
    // Canonical form shows a composite's structure even when it was set as raw text or bytes.
    if (f?.composite && (typeof value === 'string' || value instanceof Uint8Array)) value = this.structureOrRaw(m, id, value);
    // A composite field's own sensitivity covers its raw form; once structured, each part says its own.
    const structured = typeof value === 'object' && !(value instanceof Uint8Array);
    // A field the dialect does not define says nothing of what it holds: its bytes are hidden like a plain message's.
    const rendering = !masked ? 'clear' : f === undefined ? 'masked-plain' : 'masked';
    return canon(value, rendering, structured ? undefined : f?.spec.sensitivity, f?.composite, contextOf(m), String(id));
  }

  // ---- encoding ----

  encode(input: Message | MessageInput): Uint8Array {
    // Values only (a plain object or a built message): written in one pass into this dialect's buffer when it is
    // free and the message fits it at its longest, then copied out.
    const values = input instanceof Message ? (input.body === null ? input : null) : this.inputFields(input);
    const most = values === null ? Infinity : this.mostBytes(values.ids);
    if (most <= ONE_PASS_MOST) {
      const out = this.takeOut(most);
      let n = 0;
      try {
        n = this.writeValues(values!, input, out, 0);
        // A fresh array of the exact size, never a pooled view: callers may hand `.buffer` to sockets or workers.
        return out.slice(0, n);
      } finally {
        out.fill(0, 0, n);
        this.spareOut = out;
      }
    }
    // The values already read are sized as they are: reading a plain object again would run its getters twice.
    const plan = this.plan(input, values ?? undefined);
    const out = new Uint8Array(plan.size);
    this.writePlan(plan, out, 0);
    return out;
  }

  /** This dialect's spare buffer with room for `size` bytes, taken until given back (a fresh one while another call holds it). */
  private takeOut(size: number): Uint8Array {
    const out = this.spareOut;
    this.spareOut = null;
    return out !== null && out.length >= size ? out : new Uint8Array(Math.max(size, 512));
  }

  encodeInto(input: Message | MessageInput, target: Uint8Array, offset = 0): number {
    expectBytes(target, 'target');
    // Where a whole offset lies outside the target, the size check below tells it as BUFFER_TOO_SMALL.
    if (!Number.isInteger(offset)) throw badArgument('offset', 'a whole number', shapeOf(offset));
    // A built message that fits however long its values are is written in one pass, each field checked as written.
    if (input instanceof Message && input.body === null && offset >= 0) {
      const room = target.length - offset;
      if (room >= 0 && this.mostBytes(input.ids) <= room) return this.writeValues(input, input, target, offset);
    }
    const plan = this.plan(input);
    if (offset < 0 || offset + plan.size > target.length) {
      wipeContents(plan.contents);
      throw new Iso8583Error('BUFFER_TOO_SMALL', 'target buffer is too small for the encoded message', {
        expected: `${plan.size} bytes from offset ${offset}`,
        found: `${Math.max(0, target.length - offset)} bytes`,
      });
    }
    this.writePlan(plan, target, offset);
    return plan.size;
  }

  /** The most bytes a message of fields `ids` takes (MTI, bitmap, each field at its longest); more than any buffer when one is unknown. */
  private mostBytes(ids: readonly number[]): number {
    const maxSizeOf = this.maxSizeOf;
    let most = this.mtiWidth + 3 * this.bitmap.width;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      most += id < maxSizeOf.length ? maxSizeOf[id]! : UNDEFINED_SIZE;
    }
    return most;
  }

  /**
   * Writes the values of a built message or plain object (`source`, for context layouts) into `out` at `offset`,
   * which has room for it at its longest, each field checked as written; on failure the range is zeroed.
   */
  private writeValues({ mti, ids, vals }: MessageValues, source: Message | MessageInput, out: Uint8Array, offset: number): number {
    const codecs = this.codecs;
    const compositeOf = this.compositeOf;
    let p = offset;
    let k = -1;
    // Composite content is written into this dialect's spare writer (a fresh one while another encode holds it).
    let w: ByteWriter | null = null;
    try {
      p = this.writeMti(out, p, mti);
      p = writeBitmap(out, p, ids, this.bitmap);
      let ctx: MessageContext | null = null;
      for (k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        const value = vals[k]!;
        const composite = compositeOf[id];
        if (composite !== undefined && (isSubfieldObject(value) || Array.isArray(value))) {
          if (w === null) {
            w = this.spareWriter ?? new ByteWriter(256);
            this.spareWriter = null;
          }
          if (composite.needsContext) ctx ??= source instanceof Message ? contextOf(source) : inputContext(this, source);
          composite.encodeTo(w, value, this.fields[id]!.path, ctx);
          p = codecs[id]!.writeContent(out, p, w.buf, w.pos);
          w.buf.fill(0, 0, w.pos);
          w.pos = 0;
        } else {
          p = codecs[id]!.write(out, p, value);
        }
      }
      return p - offset;
    } catch (e) {
      // A field that fails may have written part of itself, at most its longest; a composite, past the writer's cursor.
      out.fill(0, offset, k >= 0 && k < ids.length ? p + this.maxSizeOf[ids[k]!]! : p);
      w?.buf.fill(0);
      throw e;
    } finally {
      if (w !== null) {
        w.buf.fill(0, 0, w.pos);
        w.pos = 0;
        this.spareWriter = w;
      }
    }
  }

  /** Checks and sizes everything to be written (a plain object's values as `read` holds them, if given), so writing allocates nothing and needs no shared buffer. */
  private plan(input: Message | MessageInput, read?: MessageValues): EncodePlan {
    if (input instanceof Message) return this.planMessage(input);
    const { mti, ids, vals } = read ?? this.inputFields(input);
    return this.sized(mti, ids, vals, null, null, null, () => inputContext(this, input));
  }

  /** The MTI and fields of a plain `{ mti, fields }` object, checked as a message: fields ascending, each defined by the dialect. */
  private inputFields(input: MessageInput): MessageValues {
    if (typeof input !== 'object' || input === null || typeof input.fields !== 'object' || input.fields === null) {
      throw new Iso8583Error('BAD_TYPE', 'message must be a Message or an object with mti and fields', { expected: '{ mti, fields }' });
    }
    checkMti(input.mti);
    const fields = input.fields;
    let ids: number[] = [];
    let values: FieldValue[] = [];
    const keys = Object.keys(fields);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const id = fieldNumber(key);
      // Read by number where the key is one: a plain object's element, found without parsing the key again.
      const value = (id < 0 ? fields[key] : fields[id]) as FieldValue | undefined;
      if (value === undefined) continue;
      if (id < 0 || this.fields[id] === undefined) throw this.unknownField(key);
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
    return { mti: input.mti, ids, vals: values };
  }

  private planMessage(m: Message): EncodePlan {
    const ids = m.ids;
    const n = ids.length;
    const body = m.body;
    if (body === null) return this.sized(m.mti, ids, m.vals, null, null, null, () => contextOf(m));
    if (m.engine !== this) {
      // Decoded by another dialect: its values, with the pad nibbles they came with.
      const pads = ids.map((_, k) => m.engine!.padOf(m, k));
      return this.sized(m.mti, ids, ids.map((_, k) => m.valueAt(k)), null, null, pads, () => contextOf(m));
    }
    // Unchanged fields of a decode of ours are copied as they arrived: exact, and the fastest path. That holds for
    // text and bytes, and for a structured value that still equals what its bytes decode to: decoding is lenient
    // where building is strict (a subfield may hold a character its attribute does not allow).
    const copies = new Array<number>(n);
    let unchanged = m.src === null;
    for (let k = 0; k < n; k++) {
      const v = m.vals[k];
      const b = m.decodedIndex(k);
      copies[k] = b >= 0 && (v === undefined || typeof v === 'string' || v instanceof Uint8Array || this.unchangedAt(m, k, v)) ? b : -1;
      if (copies[k]! < 0) {
        unchanged = false;
        if (v === undefined) m.valueAt(k);
      }
    }
    // Nothing set, deleted or changed in place: after the MTI the encoding is the decoded bytes themselves (even a
    // bitmap written in lower-case hex).
    if (unchanged) return { mti: m.mti, whole: body, ids, values: m.vals, copies: null, from: null, contents: null, pads: null, size: body.length };
    return this.sized(m.mti, ids, m.vals, copies, body, null, () => contextOf(m));
  }

  /** Whether the structured value held at entry `k` of a decoded message equals what its bytes decode to now. */
  private unchangedAt(m: Message, k: number, held: FieldValue): boolean {
    let fresh: FieldValue;
    try {
      fresh = this.valueOf(m, k);
    } catch (e) {
      // The bytes no longer decode (a field their layout depends on was changed): the value is written anew.
      if (e instanceof Iso8583Error) return false;
      throw e;
    }
    return sameValue(held, fresh);
  }

  /** Sizes each field (encoding composites to their content), and the whole. */
  private sized(
    mti: string,
    ids: readonly number[],
    values: readonly (FieldValue | undefined)[],
    copies: number[] | null,
    from: DecodedBody | null,
    pads: number[] | null,
    context: () => MessageContext,
  ): EncodePlan {
    const fields = this.fields;
    // Every field must be known before anything is sized; the last one bounds the bitmap.
    for (let k = 0; k < ids.length; k++) if (fields[ids[k]!] === undefined) throw this.unknownField(String(ids[k]));
    let size = this.mtiWidth + bitmapSize(ids, this.bitmap, this.spec.maxBitmaps);
    let contents: (Uint8Array | undefined)[] | null = null;
    let ctx: MessageContext | null = null;
    try {
      for (let k = 0; k < ids.length; k++) {
        const b = copies === null ? -1 : copies[k]!;
        if (b >= 0) {
          size += from!.starts[b + 1]! - from!.starts[b]!;
          continue;
        }
        const f = fields[ids[k]!]!;
        const value = values[k]!;
        if (f.composite !== undefined && (isSubfieldObject(value) || Array.isArray(value))) {
          const content = encodeContent(f.composite, value, f.path, (ctx ??= context()));
          (contents ??= new Array<Uint8Array | undefined>(ids.length))[k] = content;
          size += f.codec.contentSize(content, content.length);
        } else {
          size += f.codec.size(value);
        }
      }
    } catch (e) {
      wipeContents(contents);
      throw e;
    }
    return { mti, whole: null, ids, values, copies, from, contents, pads, size };
  }

  /** Writes a sized plan at `offset` of `out`; on failure the bytes written are zeroed again. */
  private writePlan(plan: EncodePlan, out: Uint8Array, offset: number): void {
    try {
      let p = this.writeMti(out, offset, plan.mti);
      if (plan.whole !== null) {
        plan.whole.copy(out, p, this.mtiWidth, plan.whole.length);
        return;
      }
      const { ids, values, copies, from, contents, pads } = plan;
      const bitmapAt = p;
      p = writeBitmap(out, p, ids, this.bitmap);
      if (from !== null && this.spec.bitmapEncoding !== 'binary') this.keepDecodedBitmap(out, bitmapAt, p, from, ids);
      const codecs = this.codecs;
      for (let k = 0; k < ids.length; k++) {
        const b = copies === null ? -1 : copies[k]!;
        if (b >= 0) {
          p = from!.copy(out, p, from!.starts[b]!, from!.starts[b + 1]!);
          continue;
        }
        const codec = codecs[ids[k]!]!;
        const content = contents === null ? undefined : contents[k];
        p = content !== undefined ? codec.writeContent(out, p, content, content.length) : codec.write(out, p, values[k], pads === null ? -1 : pads[k]);
      }
    } catch (e) {
      out.fill(0, offset, offset + plan.size);
      throw e;
    } finally {
      wipeContents(plan.contents);
    }
  }

  /**
   * Puts a decoded message's hex bitmap back as it arrived when it marks the same fields: hex may come in lower
   * case, which the bitmap just written at `out[at, end)` (in upper case) would not reproduce.
   */
  private keepDecodedBitmap(out: Uint8Array, at: number, end: number, from: DecodedBody, ids: readonly number[]): void {
    const r = new ByteReader(from.bytes, this.mtiWidth, from.starts[0]);
    const marked: number[] = [];
    readBitmap(r, this.bitmap, this.spec.maxBitmaps, marked);
    if (r.pos - this.mtiWidth !== end - at || marked.length !== ids.length) return;
    for (let i = 0; i < marked.length; i++) if (marked[i] !== ids[i]) return;
    from.copy(out, at, this.mtiWidth, r.pos);
  }

  /** The error for a field the dialect does not define, given as `path`. */
  private unknownField(path: string): Iso8583Error {
    return new Iso8583Error('UNKNOWN_FIELD', `field is not defined by dialect ${this.name}`, { path });
  }

  private writeMti(buf: Uint8Array, p: number, mti: string): number {
    checkMti(mti);
    const enc = this.spec.mtiEncoding;
    if (enc === 'bcd') {
      buf[p] = ((mti.charCodeAt(0) - 48) << 4) | (mti.charCodeAt(1) - 48);
      buf[p + 1] = ((mti.charCodeAt(2) - 48) << 4) | (mti.charCodeAt(3) - 48);
      return p + 2;
    }
    const base = enc === 'ascii' ? 48 : 0xf0;
    for (let i = 0; i < 4; i++) buf[p + i] = base + mti.charCodeAt(i) - 48;
    return p + 4;
  }

  padOf(m: Message, k: number): number {
    const b = m.decodedIndex(k);
    const body = m.body;
    if (b < 0 || body === null) return -1;
    return this.fields[m.ids[k]!]!.codec.padOf(body.bytes, body.starts[b]!, body.starts[b + 1]!);
  }

  // ---- the rest of the Dialect API ----

  describe(input: Uint8Array | Message, options?: DescribeOptions): MessageDescription {
    options = expectOptions(options);
    const bytes = input instanceof Message ? this.encode(input) : input;
    const rows: TraceRow[] = [];
    let error: Iso8583Error | undefined;
    if (options.partial === true && bytes instanceof Uint8Array) {
      // Only a decode error is returned; a wrong-typed input is still thrown.
      error = this.annotateUpToError(bytes, rows);
    } else {
      const m = this.decode(bytes);
      this.annotate(bytes, contextOf(m), rows);
    }
    const described = toDescriptionRows(bytes, rows, options.unmasked === true);
    const text = (): string => formatDescription(this.name, bytes.length, described) + (error ? `\nerror ${error.code}: ${error.message}` : '');
    return { dialect: this.name, rows: described, ...(error && { error }), toString: text };
  }

  /** Annotates what can be read of `bytes` and returns the error that stopped its decode, masking rows that reach past it. */
  private annotateUpToError(bytes: Uint8Array, rows: TraceRow[]): Iso8583Error | undefined {
    let m: Message | undefined;
    try {
      m = this.decode(bytes);
    } catch (e) {
      if (!(e instanceof Iso8583Error)) throw e;
      try {
        this.annotate(bytes, null, rows);
      } catch (again) {
        if (!(again instanceof Iso8583Error)) throw again;
      }
      // A row reaching past the error (a container cut short, a field read after it) may hold card data it never got to mark.
      const cut = e.offset ?? 0;
      for (const t of rows) if (t.end > cut) t.sensitivity ??= 'secret';
      return e;
    }
    this.annotate(bytes, contextOf(m), rows);
    return undefined;
  }

  /**
   * Adds the rows of an annotated byte map of `bytes` (MTI, bitmap, each field and each part of a structured one, in
   * wire order) as it reads them again; context layouts are chosen by `ctx`, the finished decode, when there is one.
   */
  private annotate(bytes: Uint8Array, ctx: MessageContext | null, rows: TraceRow[]): void {
    const r = new ByteReader(bytes);
    const mti = this.readMti(r);
    // The MTI row goes first, so a description cut short by a bad bitmap still shows it.
    rows.push({ path: 'MTI', name: 'Message type indicator', start: 0, contentStart: 0, end: r.pos, depth: 0, value: mti });
    const ids: number[] = [];
    const bitmapStart = r.pos;
    readBitmap(r, this.bitmap, this.spec.maxBitmaps, ids);
    rows.push({ path: 'bitmap', name: 'Bitmap', start: bitmapStart, contentStart: bitmapStart, end: r.pos, depth: 0, value: ids.join(' ') });
    for (const id of ids) {
      const f = this.fieldAt(id, r.pos);
      const start = r.pos;
      f.codec.read(r);
      const row: TraceRow = { path: f.path, name: f.spec.name, localName: f.spec.localName, start, contentStart: start + f.codec.prefixWidth, end: r.pos, depth: 0, sensitivity: f.spec.sensitivity };
      rows.push(row);
      if (f.composite !== undefined && this.compositeAt(bytes, start, r.pos, id, ctx, rows)) continue;
      row.value = f.codec.value(bytes, start, r.pos);
    }
  }

  message(mti: string, fields?: MessageInput['fields']): Message {
    fields = expectOptions(fields, 'fields');
    const m = new Message(mti);
    m.engine = this;
    for (const key of Object.keys(fields)) {
      const v = fields[key];
      if (v !== undefined) m.set(key, v);
    }
    return m;
  }

  derive(overrides: DialectOverrides): Dialect {
    expectPlainObject(overrides, 'overrides');
    const fields: Record<string, FieldSpec> = { ...this.spec.fields };
    for (const [key, fs] of Object.entries(overrides.fields ?? {})) {
      if (fs === null) delete fields[key];
      else fields[key] = fs;
    }
    const spec: Record<string, unknown> = { ...this.spec };
    for (const key of ['mtiEncoding', 'bitmapEncoding', 'maxBitmaps', 'ebcdicCodePage'] as const) if (overrides[key]) spec[key] = overrides[key];
    spec.name = overrides.name;
    spec.description = overrides.description ?? this.spec.description;
    spec.fields = fields;
    return compileDialect(spec as unknown as DialectSpec, this.options, this.parts);
  }

  fieldSpec(path: string): FieldSpec | undefined {
    const parts = expectString(path, 'path').split('.');
    let fs: FieldSpec | undefined = this.spec.fields[parts[0]!];
    for (let i = 1; i < parts.length && fs; i++) {
      const c = fs.composite;
      fs = c && (c.kind === 'positional' || c.kind === 'bitmapped') ? c.subfields[parts[i]!] : undefined;
    }
    return fs;
  }
}

// What the most bytes of a field the dialect does not define count as: more than any buffer holds.
const UNDEFINED_SIZE = 0x3fffffff;

// The most bytes a message may take at its longest for encode() to write it in one pass into a buffer it keeps.
const ONE_PASS_MOST = 16384;

// Every decode names its MTI; each of the 10,000 possible texts is made once instead of per message.
const MTI_TEXT: (string | undefined)[] = new Array<string | undefined>(10000).fill(undefined);

function mtiText(code: number): string {
  let text = MTI_TEXT[code];
  if (text === undefined) MTI_TEXT[code] = text = String(10000 + code).slice(1);
  return text;
}

// A dialect's renderings show its name, never its insides.
defineMaskedRendering(CompiledDialect.prototype, { name: 'Dialect', masked: (d) => ({ name: d.name }), text: (d) => `Dialect(${d.name})` });

/** What composites see of a message: its MTI and its values by path, looked up without changing it. */
function contextOf(m: Message): MessageContext {
  return { mti: m.mti, lookup: (path) => m.valueAtPath(path, false) };
}

/** What composites see of a plain message object while it is encoded: its MTI and its values by path. */
function inputContext(d: CompiledDialect, input: MessageInput): MessageContext {
  const ctx: MessageContext = {
    mti: input.mti,
    lookup(path) {
      const parts = path.split('.');
      const id = fieldNumber(parts[0]!);
      let v = id < 0 ? undefined : (input.fields[String(id)] as FieldValue | undefined);
      if (v === undefined || parts.length === 1) return v;
      if (typeof v === 'string' || v instanceof Uint8Array) {
        try {
          v = d.structureIn(ctx, id, v);
        } catch (e) {
          if (e instanceof Iso8583Error) return undefined;
          throw e;
        }
      }
      for (let i = 1; i < parts.length && v !== undefined; i++) v = childValue(v, parts[i]!);
      return v;
    },
  };
  return ctx;
}

// A plan's composite contents are copies of field values (field 55's TLV list holds the PAN and track 2): zeroed once
// written, or once the plan is dropped unwritten.
function wipeContents(contents: (Uint8Array | undefined)[] | null): void {
  if (contents !== null) for (const c of contents) c?.fill(0);
}
