/**
 * The declarative field and dialect specification. Everything here is plain data that could be
 * JSON: the engine in `src/message` compiles it once into per-field functions.
 */

/** Character class of a field value (ISO 8583 attribute). `z` is track data, `x+n` a C/D sign then digits. */
export type Attribute = 'n' | 'a' | 'an' | 'ans' | 'ns' | 'as' | 's' | 'anp' | 'b' | 'z' | 'x+n';

/**
 * How the value is written on the wire.
 * - `ascii`, `ebcdic`, `gbk`: one or more bytes per character;
 * - `bcd`: packed, two digits (or track nibbles) per byte;
 * - `binary`: raw bytes (values are `Uint8Array`);
 * - `hex`: raw bytes carried as hex ASCII characters, two per byte.
 */
export type ValueEncoding = 'ascii' | 'ebcdic' | 'gbk' | 'bcd' | 'binary' | 'hex';

/** How a variable-length prefix is written. */
export type PrefixEncoding = 'ascii' | 'ebcdic' | 'bcd' | 'binary';

/** What the length (fixed length, maximum or prefix) counts. */
export type LengthUnit = 'digits' | 'bytes' | 'chars';

/** Kinds of sensitive data; a field that declares one is masked in every printable output. */
export type Sensitivity = 'pan' | 'track' | 'pin' | 'cvv' | 'key' | 'secret';

export interface FieldSpec {
  /** English name. */
  name: string;
  /** Name in the dialect's own language (Chinese for CUP), shown beside the English one. */
  localName?: string;
  attr: Attribute;
  /** Exact length of a fixed field or maximum of a variable one, in `lengthUnit`s. */
  length: number;
  /** 0 (or absent) for a fixed field; otherwise the number of length digits: 1 = L, 2 = LL, 3 = LLL … 6. */
  lengthDigits?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Encoding of the length prefix (default `ascii`). */
  prefixEncoding?: PrefixEncoding;
  /** Width of a `binary` prefix in bytes (default: as few bytes as the digit count needs: 1 for L/LL, 2 for LLL/LLLL, 4 above). */
  prefixBytes?: 1 | 2 | 4;
  /** The prefix counts its own bytes too. */
  prefixInclusive?: boolean;
  /** What `length` and the prefix count. Default: `digits` for `bcd`, `bytes` for `binary`/`hex`/`gbk`, `chars` for `ascii`/`ebcdic`. */
  lengthUnit?: LengthUnit;
  encoding: ValueEncoding;
  /** Where a value shorter than its room sits: `left` (pad follows) or `right` (pad precedes). */
  align?: 'left' | 'right';
  /** Pad character (text), or pad nibble `'0'`/`'F'` (BCD). Fixed text fields without `pad` must be given at full length. */
  pad?: string;
  /** BCD pad nibbles accepted on decode besides `pad` (e.g. `'0F'`); the one found is kept for byte-identical re-encoding. */
  acceptPad?: string;
  sensitivity?: Sensitivity;
  /**
   * Packed (BCD) field that may carry enciphered nibbles, as CUP tracks do when 53.3 = 1: every nibble 0–F is
   * accepted on decode and build and kept as its upper-case hex digit, while the length still counts nibbles.
   */
  anyNibble?: boolean;
  /**
   * A fixed `hex` field whose wire characters are not all hex digits decodes to those wire bytes as they are
   * (a value twice the declared length) instead of failing the message, and such a value is written back
   * unchanged. For a CUP field 64 that some acquirers fill with a binary MAC.
   */
  rawWhenNotHex?: boolean;
  /** Sub-structure of the value. */
  composite?: CompositeSpec;
}

/** A subfield of a positional or bitmapped composite: a field spec whose default encoding follows its parent. */
export type SubfieldSpec = FieldSpec;

/** Positional subfields, numbered `'1'`, `'2'`…; trailing subfields may be absent. */
export interface PositionalComposite {
  kind: 'positional';
  subfields: Record<string, SubfieldSpec>;
  /** Keep any bytes past the last declared subfield under this key (lenient parse of longer values). */
  rest?: string;
  /**
   * The structure of those bytes when they have one (CUP 62 answers: a one-character control code, then a
   * TLV list). Without it they are kept as Latin-1 text.
   */
  tail?: PositionalTail;
}

/** A positional composite's remainder with a structure of its own, kept under the composite's `rest` key. */
export interface PositionalTail {
  name: string;
  localName?: string;
  layout: BerTlvComposite | AsciiTlvComposite;
}

/** BER-TLV (EMV). Values are ordered `{tag, value}` lists; constructed tags hold `{tag, children}`. */
export interface BerTlvComposite {
  kind: 'ber-tlv';
  /** Known tags: names and sensitivity (for masking and describe). Unknown tags are kept as they are. */
  tags?: Record<string, TagInfo>;
}

/** ASCII TLV: a tag of `tagLength` characters, a length of `lengthDigits` decimal digits, then the value. */
export interface AsciiTlvComposite {
  kind: 'ascii-tlv';
  tagLength: number;
  lengthDigits: number;
  tags?: Record<string, TagInfo & { nested?: AsciiTlvComposite }>;
}

/** A bitmap (one 8-byte block, or more with continuation bits) followed by the subfields it marks. */
export interface BitmappedComposite {
  kind: 'bitmapped';
  bitmapEncoding: BitmapEncoding;
  subfields: Record<string, SubfieldSpec>;
}

/**
 * A layout chosen by the rest of the message (CUP 48 and 62 depend on the MTI and 60.3).
 * The first case whose every condition matches wins; with none, the value stays raw.
 */
export interface ContextComposite {
  kind: 'context';
  cases: ContextCase[];
}

export interface ContextCase {
  /** Conditions: `mti` against the message type, any other key a field path (`'60.3'`) against its value. */
  when: Record<string, readonly string[]>;
  /** Layout when matched; `null` keeps the value raw. */
  layout: Exclude<CompositeSpec, ContextComposite> | null;
  /** A short name for the layout, shown by describe(). */
  label?: string;
}

export type CompositeSpec =
  | PositionalComposite
  | BerTlvComposite
  | AsciiTlvComposite
  | BitmappedComposite
  | ContextComposite;

export interface TagInfo {
  name: string;
  localName?: string;
  sensitivity?: Sensitivity;
}

/** How bitmaps are written: 8 raw bytes per block, 16 hex ASCII characters, or hex in EBCDIC. */
export type BitmapEncoding = 'binary' | 'hex' | 'hex-ebcdic';

export interface DialectSpec {
  name: string;
  description?: string;
  /** How the 4-digit MTI is written. */
  mtiEncoding: 'ascii' | 'ebcdic' | 'bcd';
  bitmapEncoding: BitmapEncoding;
  /** Highest bitmap allowed: 1 (fields 2–64), 2 (to 128) or 3 (to 192). */
  maxBitmaps: 1 | 2 | 3;
  /** EBCDIC code page for `ebcdic` encodings, prefixes, MTI and bitmap (default `cp037`). */
  ebcdicCodePage?: 'cp037' | 'cp1047';
  /** Field specs keyed by field number `'2'`…`'192'`. */
  fields: Record<string, FieldSpec>;
}
