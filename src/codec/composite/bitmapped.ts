/** Bitmapped subfields (as in a jPOS-style field 127): a bitmap, then the subfields it marks. */
import { Iso8583Error } from '../../errors.js';
import { ByteReader } from '../../bytes/reader.js';
import { bitmapForm, bitmapSize, readBitmap, writeBitmap } from '../bitmap.js';
import type { CodecEnvironment } from '../environment.js';
import type { BitmappedComposite } from '../spec.js';
import type { CompositeValue, ContentPlacement } from '../values.js';
import { isSubfieldObject, relocate } from './parts.js';
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

/** Compiles bitmapped subfields under `path`. */
export function compileBitmapped(spec: BitmappedComposite, path: string, env: CodecEnvironment, compile: CompileComposite): CompositeCodec {
  const subs = compileSubfields(spec.subfields, path, env, compile);
  const byNumber = new Map(subs.map((s) => [Number(s.key), s]));
  const highest = Math.max(0, ...byNumber.keys());
  const maxBitmaps: 1 | 2 | 3 = highest > 128 ? 3 : highest > 64 ? 2 : 1;
  const form = bitmapForm(spec.bitmapEncoding);

  /** Reads the bitmap and each subfield it marks, calling `visit` with each one's range. */
  const walk = (content: Uint8Array, p: string, at: ContentPlacement, visit: (sub: CompiledSubfield, start: number, end: number) => void): void => {
    const r = new ByteReader(content);
    const ids: number[] = [];
    try {
      readBitmap(r, form, maxBitmaps, ids);
    } catch (e) {
      throw relocate(e instanceof Iso8583Error ? e.within(p) : e, at);
    }
    for (const id of ids) {
      const sub = byNumber.get(id);
      if (!sub) {
        throw new Iso8583Error('UNKNOWN_FIELD', 'bitmap marks a subfield this field does not define', { path: `${p}.${id}`, offset: at.base });
      }
      const start = readSubfield(sub, r, at);
      visit(sub, start, r.pos);
    }
    if (r.pos < content.length) {
      throw new Iso8583Error('TRAILING_BYTES', 'value has data after its last subfield', { path: p, offset: at.base + r.pos });
    }
  };

  return {
    kind: 'bitmapped',
    needsContext: subs.some((s) => s.composite?.needsContext),
    check(content, p, ctx, at) {
      walk(content, p, at, (sub, start, end) => checkSubfield(sub, content, start, end, ctx, at));
    },
    decode(content, p, ctx, at, form) {
      const out: CompositeValue = {};
      walk(content, p, at, (sub, start, end) => {
        out[sub.key] = subfieldValue(sub, content, start, end, ctx, at, form);
      });
      return out;
    },
    describe(content, p, ctx, at, rows) {
      walk(content, p, at, (sub, start, end) => describeSubfield(sub, content, start, end, ctx, at, rows));
      return true;
    },
    encodeTo(w, value, p, ctx) {
      if (!isSubfieldObject(value)) {
        throw new Iso8583Error('BAD_TYPE', 'bitmapped subfields must be an object keyed by subfield number', { path: p });
      }
      const ids: number[] = [];
      for (const k of Object.keys(value)) {
        const n = Number(k);
        if (!byNumber.has(n) || String(n) !== k) {
          throw new Iso8583Error('UNKNOWN_FIELD', 'subfield is not defined for this field', { path: `${p}.${k}` });
        }
        if (value[k] !== undefined) ids.push(n);
      }
      ids.sort((a, b) => a - b);
      w.ensure(bitmapSize(ids, form, maxBitmaps));
      w.pos = writeBitmap(w.buf, w.pos, ids, form);
      for (const id of ids) writeSubfield(byNumber.get(id)!, w, value[String(id)]!, ctx);
    },
    child(key) {
      const sub = byNumber.get(Number(key));
      return sub ? { name: sub.spec.name, localName: sub.spec.localName, sensitivity: sub.spec.sensitivity, composite: sub.composite } : undefined;
    },
  };
}
