/** Subfields as positional and bitmapped composites hold them: each a field codec, perhaps with its own structure. */
import { latin1Text } from '../../bytes/latin1.js';
import type { ByteReader } from '../../bytes/reader.js';
import type { ByteWriter } from '../../bytes/writer.js';
import type { CodecEnvironment } from '../environment.js';
import { compileField, type FieldCodec } from '../field.js';
import type { CompositeSpec, SubfieldSpec } from '../spec.js';
import type { ContentPlacement, FieldValue, MessageContext, TraceRow } from '../values.js';
import { bodyOffset, encodeContent, isSubfieldObject, relocate } from './parts.js';
import type { CompositeCodec, LeafForm } from './types.js';

/** How a composite compiles the structure of a subfield (the caller passes its own compiler, so no module imports it back). */
export type CompileComposite = (spec: CompositeSpec, path: string, env: CodecEnvironment) => CompositeCodec;

/** A subfield compiled once: its codec and, when it has one, its own sub-structure. */
export interface CompiledSubfield {
  readonly key: string;
  readonly path: string;
  readonly spec: SubfieldSpec;
  readonly codec: FieldCodec;
  readonly composite: CompositeCodec | undefined;
}

/** Compiles each subfield of a composite under `path`. */
export function compileSubfields(subfields: Record<string, SubfieldSpec>, path: string, env: CodecEnvironment, compile: CompileComposite): CompiledSubfield[] {
  return Object.keys(subfields).map((key) => {
    const spec = subfields[key]!;
    const p = `${path}.${key}`;
    return { key, path: p, spec, codec: compileField(spec, p, env), composite: spec.composite ? compile(spec.composite, p, env) : undefined };
  });
}

/** Reads the subfield at `r.pos` (content positions in errors become body offsets); returns where it started. */
export function readSubfield(sub: CompiledSubfield, r: ByteReader, at: ContentPlacement): number {
  const start = r.pos;
  try {
    sub.codec.read(r);
  } catch (e) {
    throw relocate(e, at);
  }
  return start;
}

/** Where the content of a subfield at `start` sits in the body, for its own structure. */
function innerPlacement(sub: CompiledSubfield, at: ContentPlacement, start: number): ContentPlacement {
  const scale = sub.spec.encoding === 'bcd' ? at.scale / 2 : at.scale;
  return { base: bodyOffset(at, start + sub.codec.prefixWidth), scale, depth: at.depth + 1 };
}

/** Checks the structure of the subfield at `content[start, end)`, if it has one. */
export function checkSubfield(sub: CompiledSubfield, content: Uint8Array, start: number, end: number, ctx: MessageContext | null, at: ContentPlacement): void {
  if (sub.composite) sub.composite.check(sub.codec.content(content, start, end), sub.path, ctx, innerPlacement(sub, at, start));
}

/** What the subfield at `content[start, end)` holds in `form`: its structure, or its plain value. */
export function subfieldValue(sub: CompiledSubfield, content: Uint8Array, start: number, end: number, ctx: MessageContext | null, at: ContentPlacement, form: LeafForm): FieldValue {
  if (sub.composite) {
    const v = sub.composite.decode(sub.codec.content(content, start, end), sub.path, ctx, innerPlacement(sub, at, start), form);
    if (v !== undefined) return v;
  }
  try {
    return form === 'canonical' ? sub.codec.canonical(content, start, end) : sub.codec.value(content, start, end);
  } catch (e) {
    throw relocate(e, at);
  }
}

/** Adds the rows of the subfield at `content[start, end)`: its own, then its structure's. */
export function describeSubfield(sub: CompiledSubfield, content: Uint8Array, start: number, end: number, ctx: MessageContext | null, at: ContentPlacement, rows: TraceRow[]): void {
  const contentStart = start + sub.codec.prefixWidth;
  const row: TraceRow = {
    path: sub.path,
    name: sub.spec.name,
    localName: sub.spec.localName,
    start: bodyOffset(at, start),
    contentStart: bodyOffset(at, contentStart),
    end: at.base + Math.ceil(end * at.scale),
    depth: at.depth,
    sensitivity: sub.spec.sensitivity,
  };
  if (at.scale !== 1) row.digits = { prefix: latin1Text(content, start, contentStart), content: latin1Text(content, contentStart, end) };
  rows.push(row);
  if (sub.composite && sub.composite.describe(sub.codec.content(content, start, end), sub.path, ctx, innerPlacement(sub, at, start), rows)) return;
  row.value = subfieldValue(sub, content, start, end, ctx, at, 'value');
}

/** Writes one subfield value (plain or structured) into `w`. */
export function writeSubfield(sub: CompiledSubfield, w: ByteWriter, value: FieldValue, ctx: MessageContext | null): void {
  if (sub.composite && (isSubfieldObject(value) || Array.isArray(value))) {
    const content = encodeContent(sub.composite, value, sub.path, ctx);
    try {
      w.ensure(sub.codec.contentSize(content, content.length));
      w.pos = sub.codec.writeContent(w.buf, w.pos, content, content.length);
    } finally {
      content.fill(0);
    }
  } else {
    // Writing checks the value as sizing it would; room for its longest is made first.
    w.ensure(sub.codec.maxSize);
    w.pos = sub.codec.write(w.buf, w.pos, value);
  }
}
