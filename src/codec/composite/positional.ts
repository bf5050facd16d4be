/** Positional subfields (CUP 60, 22, 48…): `'1'`, `'2'`… one after another, trailing ones optional. */
import { Iso8583Error } from '../../errors.js';
import { latin1Text } from '../../bytes/latin1.js';
import { ByteReader } from '../../bytes/reader.js';
import type { CodecEnvironment } from '../environment.js';
import { readsRoomOnly } from '../field.js';
import type { PositionalComposite } from '../spec.js';
import type { CompositeValue, ContentPlacement, TlvNode } from '../values.js';
import { bodyOffset, isSubfieldObject } from './parts.js';
import {
  checkSubfield,
  compileSubfields,
  describeSubfield,
  readSubfield,
  subfieldValue,
  writeSubfield,
  type CompileComposite,
  type CompiledSubfield,
} from './subfields.js';
import type { CompositeCodec } from './types.js';

/** Compiles positional subfields under `path`. */
export function compilePositional(spec: PositionalComposite, path: string, env: CodecEnvironment, compile: CompileComposite): CompositeCodec {
  const subs = compileSubfields(spec.subfields, path, env, compile);
  const rest = spec.rest;
  const tail = spec.tail;
  const restPath = `${path}.${rest}`;
  // The bytes after the last subfield, kept under `rest`: as text, or through the tail's own layout.
  const tailCodec = tail !== undefined && rest !== undefined ? compile(tail.layout, restPath, env) : undefined;
  const tailPlacement = (at: ContentPlacement, pos: number): ContentPlacement => ({ base: bodyOffset(at, pos), scale: at.scale, depth: at.depth + 1 });
  const keys = new Set(subs.map((s) => s.key));
  if (rest !== undefined) keys.add(rest);
  const byKey = new Map(subs.map((s) => [s.key, s]));
  // Subfields that are fixed runs of plain bytes, with no structure of their own and nothing read after them: content
  // that fills whole subfields passes the check whatever it holds, so its length is all decode needs to look at.
  const widths = tail === undefined && subs.every((s) => s.composite === undefined && readsRoomOnly(s.codec)) ? subs.map((s) => s.codec.maxSize) : undefined;
  /** How many of those subfields content of `units` units reaches into, or -1 when it leaves the last one short. */
  const reach =
    widths &&
    ((units: number): number => {
      let count = 0;
      let pos = 0;
      while (count < widths.length && pos < units) pos += widths[count++]!;
      return pos === units || (pos < units && rest !== undefined) ? count : -1;
    });
  const fits = reach && ((units: number): boolean => reach(units) >= 0);
  // When those subfields are all text, content that fits is one text and each subfield a substring of it.
  const texts = fits !== undefined && subs.every((s) => s.codec.latin1Value);
  // What each subfield is read and stored by: its number where its key is one (an element, no key to parse).
  const readKey = subs.map((s) => (String(Number(s.key)) === s.key ? Number(s.key) : s.key));
  // For each count of subfields present, an object with their keys: a copy of it has room for every key at once,
  // where an empty object grows (a call into the runtime) as the first key arrives.
  const shapes: CompositeValue[] = [];
  for (const sub of subs) shapes.push({ ...shapes[shapes.length - 1], [sub.key]: '' });
  /** The subfields of content given as its text, when they are all text and it fits them (each a substring), else undefined. */
  const fromText = texts
    ? (text: string): CompositeValue | undefined => {
        const count = reach!(text.length);
        if (count < 0) return undefined;
        const out = { ...shapes[count - 1]! };
        let pos = 0;
        for (let i = 0; i < count; i++) {
          const end = pos + widths![i]!;
          out[readKey[i]!] = subs[i]!.codec.textValue(text, pos, end);
          pos = end;
        }
        if (pos < text.length) out[rest!] = text.substring(pos);
        return out;
      }
    : undefined;

  /**
   * Reads the subfields present in `content` in order, calling `visit` with each one's range; returns where the
   * declared subfields end. Data after them is the `rest` key's, or an error.
   */
  const walk = (content: Uint8Array, p: string, at: ContentPlacement, visit: (sub: CompiledSubfield, start: number, end: number) => void): number => {
    const r = new ByteReader(content);
    for (const sub of subs) {
      if (r.pos >= content.length) break;
      const start = readSubfield(sub, r, at);
      visit(sub, start, r.pos);
    }
    if (r.pos < content.length && rest === undefined) {
      const unit = at.scale === 1 ? 'bytes' : 'digits';
      throw new Iso8583Error('TRAILING_BYTES', 'value has data after its last subfield', {
        path: p,
        offset: bodyOffset(at, r.pos),
        expected: `${r.pos} ${unit}`,
        found: `${content.length} ${unit}`,
      });
    }
    return r.pos;
  };

  return {
    kind: 'positional',
    needsContext: subs.some((s) => s.composite?.needsContext) || tailCodec?.needsContext === true,
    check(content, p, ctx, at) {
      const end = walk(content, p, at, (sub, start, stop) => checkSubfield(sub, content, start, stop, ctx, at));
      if (end < content.length) tailCodec?.check(content.subarray(end), restPath, ctx, tailPlacement(at, end));
    },
    fits,
    fromText,
    decode(content, p, ctx, at, form) {
      if (fromText !== undefined && fits!(content.length)) return fromText(latin1Text(content, 0, content.length));
      const out: CompositeValue = {};
      const end = walk(content, p, at, (sub, start, stop) => {
        out[sub.key] = subfieldValue(sub, content, start, stop, ctx, at, form);
      });
      if (end < content.length) {
        out[rest!] =
          tailCodec === undefined ? latin1Text(content, end, content.length) : tailCodec.decode(content.subarray(end), restPath, ctx, tailPlacement(at, end), form)!;
      }
      return out;
    },
    describe(content, p, ctx, at, rows) {
      const end = walk(content, p, at, (sub, start, stop) => describeSubfield(sub, content, start, stop, ctx, at, rows));
      if (end < content.length && tailCodec !== undefined) {
        const start = bodyOffset(at, end);
        rows.push({ path: restPath, name: tail!.name, localName: tail!.localName, start, contentStart: start, end: at.base + Math.ceil(content.length * at.scale), depth: at.depth });
        tailCodec.describe(content.subarray(end), restPath, ctx, tailPlacement(at, end), rows);
      }
      return true;
    },
    encodeTo(w, value, p, ctx) {
      if (!isSubfieldObject(value)) {
        throw new Iso8583Error('BAD_TYPE', 'positional subfields must be an object keyed by subfield number', { path: p });
      }
      const given = Object.keys(value);
      for (let i = 0; i < given.length; i++) {
        // Keys come in the subfields' order most often: matched in place, looked up otherwise.
        const k = given[i]!;
        if (k !== subs[i]?.key && !keys.has(k)) throw new Iso8583Error('UNKNOWN_FIELD', 'subfield is not defined for this field', { path: `${p}.${k}` });
      }
      let gap: string | undefined;
      for (let i = 0; i < subs.length; i++) {
        const sub = subs[i]!;
        const v = value[readKey[i]!];
        if (v === undefined) {
          gap ??= sub.key;
          continue;
        }
        if (gap !== undefined) {
          throw new Iso8583Error('MISSING_SUBFIELD', 'a subfield is missing before a later one that is present', { path: `${p}.${gap}` });
        }
        writeSubfield(sub, w, v, ctx);
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
          tailCodec.encodeTo(w, r as TlvNode[], `${p}.${rest}`, ctx);
          return;
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
    },
    child(key) {
      if (key === rest && tail !== undefined) return { name: tail.name, localName: tail.localName, composite: tailCodec };
      const sub = byKey.get(key);
      return sub ? { name: sub.spec.name, localName: sub.spec.localName, sensitivity: sub.spec.sensitivity, composite: sub.composite } : undefined;
    },
  };
}
