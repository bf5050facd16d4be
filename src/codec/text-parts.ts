/** The text codecs and tables a value encoding may be handed: GBK and fast Latin-1 live outside the portable core, EBCDIC pages are chosen per dialect. */

/** A text codec for multi-byte text (GBK); iconv-lite's lives outside the portable core. */
export interface TextCodecLike {
  encode(text: string, path?: string): Uint8Array;
  decode(bytes: Uint8Array, start: number, end: number, path?: string): string;
}

/** EBCDIC translation tables (256 entries each) for one code page. */
export interface EbcdicTables {
  toLatin1: Uint8Array;
  fromLatin1: Uint8Array;
}

/** Text of `bytes[start, end)`, one character per byte (U+0000–U+00FF). */
export type Latin1Text = (bytes: Uint8Array, start: number, end: number) => string;

/**
 * Writes Latin-1 `text` into `out` from its start, one byte a character: what a {@link Latin1Text} may carry as its
 * `write` property (the Node entry's does, through Buffer) for the way back.
 */
export type Latin1Write = (text: string, out: Uint8Array) => void;

/**
 * The upper-case hex of `bytes[0, end)` as one text: what a {@link Latin1Text} may carry as its `hex` property (the
 * Node entry's does, through Buffer), from which a decoded message's packed digits and bytes are cut.
 */
export type HexOfBytes = (bytes: Uint8Array, end: number) => string;

/** What a dialect hands the value encodings of its fields. */
export interface TextParts {
  gbk?: TextCodecLike;
  ebcdic?: EbcdicTables;
  /** A faster Latin-1 text maker than the portable one (the Node entry supplies Buffer's). */
  latin1?: Latin1Text;
}
