import { Iso8583Error } from '../errors.js';
import { ByteWriter } from '../bytes/writer.js';
import { readBitmap, writeBitmap } from './bitmap.js';
import { isSubfieldObject, relocate, type CompositeCodec } from './composite.js';
import { compileSubfields, readSubfield, writeSubfield } from './positional.js';
import type { CodecEnvironment } from './primitive.js';
import type { BitmappedComposite, CompositeSpec } from './spec.js';
import type { CompositeValue } from './values.js';

type CompileComposite = (spec: CompositeSpec, path: string, env: CodecEnvironment) => CompositeCodec;

/** Compiles bitmapped subfields (as in a jPOS-style field 127): a bitmap, then the subfields it marks. */
export function compileBitmapped(
  spec: BitmappedComposite,
  path: string,
  env: CodecEnvironment,
  compile: CompileComposite,
): CompositeCodec {
  const subs = compileSubfields(spec.subfields, path, env, compile);
  const byNumber = new Map(subs.map((s) => [Number(s.key), s]));
  const highest = Math.max(0, ...byNumber.keys());
  const maxBitmaps: 1 | 2 | 3 = highest > 128 ? 3 : highest > 64 ? 2 : 1;

  return {
    kind: 'bitmapped',
    needsContext: subs.some((s) => s.composite?.needsContext),
    decode(content, p, ctx, at, trace) {
      const ids: number[] = [];
      let pos: number;
      try {
        pos = readBitmap(content, 0, content.length, spec.bitmapEncoding, maxBitmaps, ids);
      } catch (e) {
        throw relocate(e instanceof Iso8583Error ? e.within(p) : e, at);
      }
      const out: CompositeValue = {};
      for (const id of ids) {
        const sub = byNumber.get(id);
        if (!sub) {
          throw new Iso8583Error('UNKNOWN_FIELD', 'bitmap marks a subfield this field does not define', {
            path: `${p}.${id}`,
            offset: at.base,
          });
        }
        pos = readSubfield(sub, content, pos, out, p, ctx, at, trace);
      }
      if (pos < content.length) {
        throw new Iso8583Error('TRAILING_BYTES', 'value has data after its last subfield', { path: p, offset: at.base + pos });
      }
      return out;
    },
    encode(value, p, ctx) {
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
      const w = new ByteWriter(64);
      writeBitmap(w, ids, spec.bitmapEncoding, maxBitmaps);
      for (const id of ids) writeSubfield(byNumber.get(id)!, w, value[String(id)]!, p, ctx);
      return w.result();
    },
    child(key) {
      const sub = byNumber.get(Number(key));
      return sub ? { name: sub.spec.name, localName: sub.spec.localName, sensitivity: sub.spec.sensitivity, composite: sub.composite } : undefined;
    },
  };
}
