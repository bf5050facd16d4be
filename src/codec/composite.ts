import { Iso8583Error } from '../errors.js';
import { compileAsciiTlv } from './ascii-tlv.js';
import { compileBerTlv } from './ber-tlv.js';
import { compileBitmapped } from './bitmapped.js';
import { compilePositional } from './positional.js';
import type { CodecEnvironment } from './primitive.js';
import type { CompositeSpec, ContextCase, TagInfo } from './spec.js';
import type { CompositeValue, ContentPlacement, DecodeContext, FieldValue, TlvNode, TraceRow } from './values.js';

/** The message an encoder is writing, as composite encoders see it (context layouts depend on it). */
export interface EncodeContext {
  readonly mti: string;
  lookup(path: string): FieldValue | undefined;
}

/** A compiled sub-structure: decodes content bytes into subfields and back. */
export interface CompositeCodec {
  readonly kind: CompositeSpec['kind'];
  /** Structured value of `content`, or `undefined` to keep the field's plain value (no layout applies). */
  decode(
    content: Uint8Array,
    path: string,
    ctx: DecodeContext | null,
    at: ContentPlacement,
    trace: TraceRow[] | null,
  ): CompositeValue | TlvNode[] | undefined;
  /** Content bytes of a structured value. */
  encode(value: CompositeValue | TlvNode[], path: string, ctx: EncodeContext | null): Uint8Array;
  /** Name and sensitivity of a child (`'9F26'`, `'1'`) for masking and describe. */
  child(key: string, ctx: DecodeContext | null): ChildInfo | undefined;
  /** Whether decoding needs the whole message first (context layouts). */
  readonly needsContext: boolean;
}

export interface ChildInfo extends TagInfo {
  composite?: CompositeCodec;
}

/** Compiles a composite spec; `path` is the parent field's path. */
export function compileComposite(spec: CompositeSpec, path: string, env: CodecEnvironment): CompositeCodec {
  switch (spec.kind) {
    case 'positional':
      return compilePositional(spec, path, env, compileComposite);
    case 'ber-tlv':
      return compileBerTlv(spec);
    case 'ascii-tlv':
      return compileAsciiTlv(spec);
    case 'bitmapped':
      return compileBitmapped(spec, path, env, compileComposite);
    case 'context':
      return compileContext(spec.cases, path, env);
  }
}

function compileContext(cases: ContextCase[], path: string, env: CodecEnvironment): CompositeCodec {
  const compiled = cases.map((c) => ({
    when: Object.entries(c.when),
    label: c.label,
    codec: c.layout === null ? null : compileComposite(c.layout, path, env),
  }));
  const choose = (ctx: EncodeContext | DecodeContext | null) => {
    if (ctx === null) return undefined;
    for (const c of compiled) {
      let ok = true;
      for (const [key, allowed] of c.when) {
        const v = key === 'mti' ? ctx.mti : ctx.lookup(key);
        if (typeof v !== 'string' || !allowed.includes(v)) {
          ok = false;
          break;
        }
      }
      if (ok) return c;
    }
    return undefined;
  };
  return {
    kind: 'context',
    needsContext: true,
    decode(content, p, ctx, at, trace) {
      const c = choose(ctx);
      if (!c || !c.codec) return undefined;
      if (trace && c.label && trace.length > 0) trace[trace.length - 1]!.layout = c.label;
      return c.codec.decode(content, p, ctx, at, trace);
    },
    encode(value, p, ctx) {
      const c = choose(ctx);
      if (!c || !c.codec) {
        throw new Iso8583Error('NO_LAYOUT', 'structured value given but no layout applies to this message; give the raw value', { path: p });
      }
      return c.codec.encode(value, p, ctx);
    },
    child(key, ctx) {
      return choose(ctx)?.codec?.child(key, ctx);
    },
  };
}

/** The same error, its offset moved from content position to body offset. */
export function relocate(e: unknown, at: ContentPlacement): unknown {
  if (!(e instanceof Iso8583Error) || e.offset === undefined) return e;
  const base = Math.floor(e.offset * at.scale) + at.base;
  return e.within(undefined, base - e.offset);
}

/** True for a plain object holding subfields (not bytes, not a TLV list). */
export function isSubfieldObject(v: unknown): v is CompositeValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}
