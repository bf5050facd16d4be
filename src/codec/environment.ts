/** What compiling a field may need beyond its spec: its value encodings, and text codecs and tables that live outside the portable core. */
import type { EncodingFactories } from './encoding/encoding.js';
import type { TextParts } from './text-parts.js';

export type { EbcdicTables, Latin1Text, TextCodecLike } from './text-parts.js';

/** What a dialect hands its field codecs. */
export interface CodecEnvironment extends TextParts {
  /** The value encodings fields may name; a field naming another is refused when compiled. */
  encodings: EncodingFactories;
}
