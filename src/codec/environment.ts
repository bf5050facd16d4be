/** What compiling a field may need beyond its spec: text codecs and tables that live outside the portable core. */

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

/** What a dialect hands its field codecs. */
export interface CodecEnvironment {
  gbk?: TextCodecLike;
  ebcdic?: EbcdicTables;
  /** A faster Latin-1 text maker than the portable one (the Node entry supplies Buffer's). */
  latin1?: Latin1Text;
}
