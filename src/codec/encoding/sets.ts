/**
 * The sets of value encodings dialects are compiled with. A spec names its encodings as data; the function that
 * compiles it brings their code, so a bundle carries only the encodings (and EBCDIC code pages) of the sets it uses.
 */
import { ebcdicToLatin1Table, latin1ToEbcdicTable, type EbcdicCodePage } from '../../bytes/ebcdic.js';
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
  /** The tables of an EBCDIC code page; without them EBCDIC fields and length prefixes are refused (`NO_EBCDIC_TABLES`). */
  readonly ebcdicTables?: (page: EbcdicCodePage) => EbcdicTables;
}

/** The encodings the built-in tables name (CUP and the ISO 8583 ones): no EBCDIC. */
export const BUILT_IN_ENCODINGS: CodecParts = {
  encodings: { ascii: asciiEncoding, bcd: bcdEncoding, binary: binaryEncoding, hex: hexEncoding, gbk: gbkEncoding },
};

/** Every encoding a spec may name, with both EBCDIC code pages. */
export const EVERY_ENCODING: CodecParts = {
  encodings: { ascii: asciiEncoding, ebcdic: ebcdicEncoding, gbk: gbkEncoding, bcd: bcdEncoding, binary: binaryEncoding, hex: hexEncoding },
  ebcdicTables: (page) => ({ toLatin1: ebcdicToLatin1Table(page), fromLatin1: latin1ToEbcdicTable(page) }),
};
