/** Compiles a composite spec into its codec, one file per kind; the kinds compile their subfields' structures through it. */
import type { CodecEnvironment } from '../environment.js';
import type { CompositeSpec } from '../spec.js';
import { compileAsciiTlv } from './ascii-tlv.js';
import { compileBerTlv } from './ber-tlv.js';
import { compileBitmapped } from './bitmapped.js';
import { compileContext } from './context.js';
import { compilePositional } from './positional.js';
import type { CompositeCodec } from './types.js';

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
      return compileContext(spec.cases, path, env, compileComposite);
  }
}
