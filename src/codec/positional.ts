import { Iso8583Error } from '../errors.js';
import { latin1Text } from '../bytes/latin1.js';
import { ByteWriter } from '../bytes/writer.js';
import { isSubfieldObject, relocate, type CompositeCodec } from './composite.js';
import { compilePrimitive, READ, type CodecEnvironment, type PrimitiveCodec } from './primitive.js';
import type { CompositeSpec, PositionalComposite, SubfieldSpec } from './spec.js';
import type { CompositeValue, FieldValue, TlvNode, TraceRow } from './values.js';

type CompileComposite = (spec: CompositeSpec, path: string, env: CodecEnvironment) => CompositeCodec;

/** A subfield compiled once: its codec and, when it has one, its own sub-structure. */
export interface CompiledSubfield {
  key: string;
  spec: SubfieldSpec;
  prim: PrimitiveCodec;
  composite: CompositeCodec | undefined;
}

/** Compiles each subfield of a composite under `path`. */
export function compileSubfields(
  subfields: Record<string, SubfieldSpec>,
  path: string,
  env: CodecEnvironment,
  compile: CompileComposite,
): CompiledSubfield[] {
  return Object.keys(subfields).map((key) => {
    const spec = subfields[key]!;
    const p = `${path}.${key}`;
    return {
      key,
      spec,
      prim: compilePrimitive(spec, p, env),
      composite: spec.composite ? compile(spec.composite, p, env) : undefined,
    };
  });
}

/** Reads one subfield at `pos` of `content`; returns the next position. Offsets in errors are content positions. */
export function readSubfield(
  sub: CompiledSubfield,
  content: Uint8Array,
  pos: number,
  out: CompositeValue,
  path: string,
  ctx: Parameters<CompositeCodec['decode']>[2],
  at: Parameters<CompositeCodec['decode']>[3],
  trace: TraceRow[] | null,
): number {
  let next: number;
  try {
    next = sub.prim.read(content, pos, content.length);
  } catch (e) {
    throw relocate(e, at);
  }
  const start = READ[0]!;
  const end = READ[1]!;
  const units = READ[2]!;
  const pad = READ[3]!;
  const p = `${path}.${sub.key}`;
  let row: TraceRow | undefined;
  if (trace) {
    row = {
      path: p,
      name: sub.spec.name,
      localName: sub.spec.localName,
      start: at.base + Math.floor(pos * at.scale),
      contentStart: at.base + Math.floor(start * at.scale),
      end: at.base + Math.ceil(next * at.scale),
      depth: at.depth,
      sensitivity: sub.spec.sensitivity,
    };
    if (at.scale !== 1) row.digits = { prefix: latin1Text(content, pos, start), content: latin1Text(content, start, end) };
    trace.push(row);
  }
  let value: FieldValue | undefined;
  if (sub.composite) {
    const inner = sub.prim.contentBytes(content, start, end, units);
    const scale = sub.spec.encoding === 'bcd' ? at.scale / 2 : at.scale;
    value = sub.composite.decode(inner, p, ctx, { base: at.base + Math.floor(start * at.scale), scale, depth: at.depth + 1 }, trace);
  }
  if (value === undefined) {
    // Building the value can fail too (GBK text without a codec): its offset is a content position.
    try {
      value = sub.prim.value(content, start, end, units, pad);
    } catch (e) {
      throw relocate(e, at);
    }
  }
  if (row) row.value = value;
  out[sub.key] = value;
  return next;
}

/** Writes one subfield value (plain or structured) into `w`. */
export function writeSubfield(
  sub: CompiledSubfield,
  w: ByteWriter,
  value: FieldValue,
  path: string,
  ctx: Parameters<CompositeCodec['encode']>[2],
): void {
  if (sub.composite && (isSubfieldObject(value) || Array.isArray(value))) {
    sub.prim.writeContent(w, sub.composite.encode(value, `${path}.${sub.key}`, ctx));
  } else {
    sub.prim.write(w, value);
  }
}

/** Compiles positional subfields: `'1'`, `'2'`… one after another, trailing ones optional. */
export function compilePositional(
  spec: PositionalComposite,
  path: string,
  env: CodecEnvironment,
  compile: CompileComposite,
): CompositeCodec {
  const subs = compileSubfields(spec.subfields, path, env, compile);
  const rest = spec.rest;
  const tail = spec.tail;
  const tailCodec = tail !== undefined && rest !== undefined ? compile(tail.layout, `${path}.${rest}`, env) : undefined;
  const keys = new Set(subs.map((s) => s.key));
  if (rest !== undefined) keys.add(rest);
  const byKey = new Map(subs.map((s) => [s.key, s]));

  return {
    kind: 'positional',
    needsContext: subs.some((s) => s.composite?.needsContext),
    decode(content, p, ctx, at, trace) {
      const out: CompositeValue = {};
      let pos = 0;
      for (const sub of subs) {
        if (pos >= content.length) break;
        pos = readSubfield(sub, content, pos, out, p, ctx, at, trace);
      }
      if (pos < content.length) {
        if (rest === undefined) {
          throw new Iso8583Error('TRAILING_BYTES', 'value has data after its last subfield', {
            path: p,
            offset: at.base + Math.floor(pos * at.scale),
            expected: `${pos} ${at.scale === 1 ? 'bytes' : 'digits'}`,
            found: `${content.length} ${at.scale === 1 ? 'bytes' : 'digits'}`,
          });
        }
        out[rest] = tailCodec === undefined ? latin1Text(content, pos, content.length) : readTail(content, pos, `${p}.${rest}`, ctx, at, trace);
      }
      return out;
    },
    encode(value, p, ctx) {
      if (!isSubfieldObject(value)) {
        throw new Iso8583Error('BAD_TYPE', 'positional subfields must be an object keyed by subfield number', { path: p });
      }
      for (const k of Object.keys(value)) {
        if (!keys.has(k)) throw new Iso8583Error('UNKNOWN_FIELD', 'subfield is not defined for this field', { path: `${p}.${k}` });
      }
      const w = new ByteWriter(64);
      let gap: string | undefined;
      for (const sub of subs) {
        const v = value[sub.key];
        if (v === undefined) {
          gap ??= sub.key;
          continue;
        }
        if (gap !== undefined) {
          throw new Iso8583Error('MISSING_SUBFIELD', 'a subfield is missing before a later one that is present', {
            path: `${p}.${gap}`,
          });
        }
        writeSubfield(sub, w, v, p, ctx);
      }
      if (rest !== undefined && value[rest] !== undefined) {
        const r = value[rest];
        const structured = tailCodec !== undefined && Array.isArray(r);
        if (typeof r !== 'string' && !structured) {
          throw new Iso8583Error('BAD_TYPE', tailCodec ? 'surplus data must be a string or a TLV list' : 'surplus data must be a string', { path: `${p}.${rest}` });
        }
        if (gap !== undefined) {
          throw new Iso8583Error('MISSING_SUBFIELD', 'a subfield is missing before a later one that is present', { path: `${p}.${gap}` });
        }
        if (structured) {
          w.bytes(tailCodec!.encode(r as TlvNode[], `${p}.${rest}`, ctx));
          return w.result();
        }
        const text = r as string;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c > 0xff) {
            throw new Iso8583Error('UNMAPPABLE_CHARACTER', 'surplus data has a character above U+00FF', { path: `${p}.${rest}`, found: `character at position ${i}` });
          }
          w.byte(c);
        }
      }
      return w.result();
    },
    child(key) {
      if (key === rest && tail !== undefined) return { name: tail.name, localName: tail.localName, composite: tailCodec };
      const sub = byKey.get(key);
      return sub ? { name: sub.spec.name, localName: sub.spec.localName, sensitivity: sub.spec.sensitivity, composite: sub.composite } : undefined;
    },
  };

  /** The structured remainder from `pos` on, with its own row in a trace; a malformed one is an error like any subfield's. */
  function readTail(
    content: Uint8Array,
    pos: number,
    p: string,
    ctx: Parameters<CompositeCodec['decode']>[2],
    at: Parameters<CompositeCodec['decode']>[3],
    trace: TraceRow[] | null,
  ): FieldValue {
    const start = at.base + Math.floor(pos * at.scale);
    const row: TraceRow | undefined = trace
      ? { path: p, name: tail!.name, localName: tail!.localName, start, contentStart: start, end: at.base + Math.ceil(content.length * at.scale), depth: at.depth }
      : undefined;
    if (row) trace!.push(row);
    const value = tailCodec!.decode(content.subarray(pos), p, ctx, { base: start, scale: at.scale, depth: at.depth + 1 }, trace)!;
    if (row) row.value = value;
    return value;
  }
}
