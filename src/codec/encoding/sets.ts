/**
 * The sets of value encodings and composite kinds dialects are compiled with. A spec names its encodings and kinds as
 * data; the function that compiles it brings their code, so a bundle carries only the encodings (and EBCDIC code
 * pages) and composite kinds of the sets it uses.
 */
import { ebcdicToLatin1Table, latin1ToEbcdicTable, type EbcdicCodePage } from '../../bytes/ebcdic.js';
import { compileAsciiTlv } from '../composite/ascii-tlv.js';
import { compileBerTlv } from '../composite/ber-tlv.js';
import { compileBitmapped } from '../composite/bitmapped.js';
import type { CompositeKinds } from '../composite/compile.js';
import { compileContext } from '../composite/context.js';
import { compilePositional } from '../composite/positional.js';
import type { EbcdicTables } from '../text-parts.js';
import { asciiEncoding } from './ascii.js';
import { bcdEncoding } from './bcd.js';
import { binaryEncoding } from './binary.js';
import { ebcdicEncoding } from './ebcdic.js';
import type { EncodingFactories } from './encoding.js';
import { gbkEncoding } from './gbk.js';
import { hexEncoding } from './hex.js';

/** What a dialect is compiled with beyond its spec's data. */
export interface CodecParts {
  readonly encodings: EncodingFactories;
  /** The composite kinds fields may name; a composite of another kind is refused (`BAD_SPEC`) when compiled. */
  readonly composites: CompositeKinds;
  /** The tables of an EBCDIC code page; without them EBCDIC fields and length prefixes are refused (`NO_EBCDIC_TABLES`). */
  readonly ebcdicTables?: (page: EbcdicCodePage) => EbcdicTables;
}

/** The encodings and composite kinds the built-in tables name (CUP and the ISO 8583 ones): no EBCDIC, no bitmapped composite. */
export const BUILT_IN_ENCODINGS: CodecParts = {
  encodings: { ascii: asciiEncoding, bcd: bcdEncoding, binary: binaryEncoding, hex: hexEncoding, gbk: gbkEncoding },
  composites: { positional: compilePositional, 'ber-tlv': compileBerTlv, 'ascii-tlv': compileAsciiTlv, context: compileContext },
};

/** Every encoding a spec may name, with both EBCDIC code pages, and every composite kind. */
export const EVERY_ENCODING: CodecParts = {
  encodings: { ascii: asciiEncoding, ebcdic: ebcdicEncoding, gbk: gbkEncoding, bcd: bcdEncoding, binary: binaryEncoding, hex: hexEncoding },
  composites: { positional: compilePositional, 'ber-tlv': compileBerTlv, 'ascii-tlv': compileAsciiTlv, bitmapped: compileBitmapped, context: compileContext },
  ebcdicTables: (page) => ({ toLatin1: ebcdicToLatin1Table(page), fromLatin1: latin1ToEbcdicTable(page) }),
};
