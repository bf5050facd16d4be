/**
 * Compiles a composite spec into its codec, one file per kind. The kinds come as data (a dialect's `CodecParts`), so a
 * bundle carries only the kinds of the set its dialects are compiled with.
 */
import { fieldError } from '../field-error.js';
import type { CodecEnvironment } from '../environment.js';
import type { CompositeSpec } from '../spec.js';
import type { CompileComposite } from './subfields.js';
import type { CompositeCodec } from './types.js';

/** The compiler of each composite kind a dialect may name; those holding subfields compile theirs through `compile`. */
export type CompositeKinds = {
  readonly [K in CompositeSpec['kind']]?: (spec: Extract<CompositeSpec, { kind: K }>, path: string, env: CodecEnvironment, compile: CompileComposite) => CompositeCodec;
};

/** The compiler of composite specs of `kinds`; a spec of another kind is refused (`BAD_SPEC`) when compiled. */
export function compositeCompiler(kinds: CompositeKinds): CompileComposite {
  const compile: CompileComposite = (spec, path, env) => {
    const make = kinds[spec.kind] as ((spec: CompositeSpec, path: string, env: CodecEnvironment, compile: CompileComposite) => CompositeCodec) | undefined;
    if (make === undefined) throw fieldError(path, 'BAD_SPEC', `${spec.kind} composite is not one this dialect was compiled with (defineDialect has every kind)`);
    return make(spec, path, env, compile);
  };
  return compile;
}
