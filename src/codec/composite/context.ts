/** Context layouts (CUP 48 and 62): the layout of a field chosen by the rest of the message (its MTI, 60.3…). */
import { Iso8583Error } from '../../errors.js';
import type { CodecEnvironment } from '../environment.js';
import type { ContextComposite } from '../spec.js';
import type { MessageContext } from '../values.js';
import type { CompileComposite } from './subfields.js';
import type { CompositeCodec } from './types.js';

/** Compiles the cases of a context layout; the first whose every condition holds wins, none keeps the value plain. */
export function compileContext(spec: ContextComposite, path: string, env: CodecEnvironment, compile: CompileComposite): CompositeCodec {
  const compiled = spec.cases.map((c) => ({
    when: Object.entries(c.when),
    label: c.label,
    codec: c.layout === null ? null : compile(c.layout, path, env),
  }));
  const choose = (ctx: MessageContext | null) =>
    ctx === null
      ? undefined
      : compiled.find((c) =>
          c.when.every(([key, allowed]) => {
            const v = key === 'mti' ? ctx.mti : ctx.lookup(key);
            return typeof v === 'string' && allowed.includes(v);
          }),
        );
  return {
    kind: 'context',
    needsContext: true,
    check(content, p, ctx, at) {
      choose(ctx)?.codec?.check(content, p, ctx, at);
    },
    decode(content, p, ctx, at, form) {
      return choose(ctx)?.codec?.decode(content, p, ctx, at, form);
    },
    describe(content, p, ctx, at, rows) {
      const c = choose(ctx);
      if (!c?.codec) return false;
      if (c.label && rows.length > 0) rows[rows.length - 1]!.layout = c.label;
      return c.codec.describe(content, p, ctx, at, rows);
    },
    encodeTo(w, value, p, ctx) {
      const c = choose(ctx);
      if (!c?.codec) {
        throw new Iso8583Error('NO_LAYOUT', 'structured value given but no layout applies to this message; give the raw value', { path: p });
      }
      c.codec.encodeTo(w, value, p, ctx);
    },
    child(key, ctx) {
      return choose(ctx)?.codec?.child(key, ctx);
    },
  };
}
