/**
 * The value-encoding part of a field codec: how a field's content is laid out on the wire and read back.
 * Each file of this folder implements it for one `ValueEncoding` of the spec; `compileField` picks one.
 */
import type { Iso8583Error } from '../../errors.js';
import { describeCharset, firstBadChar, firstBadSignedAmount } from '../charset.js';
import { fieldError } from '../field-error.js';
import type { TextPadding } from '../padding.js';
import type { Attribute, FieldSpec, LengthUnit, ValueEncoding as EncodingName } from '../spec.js';
import type { TextParts } from '../text-parts.js';

/** A field value as its encoding holds it: text, or bytes for binary (`b`) fields. */
export type PrimitiveValue = string | Uint8Array;

/** What an encoding is built from: the field's spec and the facts the field codec derived from it. */
export interface EncodingSetup {
  readonly spec: FieldSpec;
  readonly path: string;
  /** What the field's length (fixed length, maximum, prefix) counts. */
  readonly unit: LengthUnit;
  /** Allowed characters below 0x80 (1 = allowed). */
  readonly table: Uint8Array;
  readonly padding: TextPadding;
  readonly env: TextParts;
}

/** One value encoding. Lengths are in the field's length unit; offsets in errors are positions in `buf`. */
export interface ValueEncoding {
  /** Wire bytes of content that holds `n` length units. */
  wireBytes(n: number): number;
  /**
   * Checks content just read from the wire (lenient: text is taken as sent, packed digits and hex are checked).
   * Returns the pad nibble found when it is not the field's own, else -1.
   */
  check(buf: Uint8Array, start: number, end: number, n: number): number;
  /** The value of content read earlier, pad kept. */
  value(buf: Uint8Array, start: number, end: number, n: number): PrimitiveValue;
  /**
   * The canonical text of content read earlier (bytes as upper-case hex), where the encoding makes it without the
   * value; cut from `hex`, the upper-case hex of all of `buf`, when given and the encoding can.
   */
  canonical?(buf: Uint8Array, start: number, end: number, n: number, hex?: string): string;
  /** That canonical text made from `wire`, the content's bytes as Latin-1 text, where the encoding's wire characters are its text. */
  canonicalText?(wire: string): string;
  /** The content as a composite's parts read it: BCD digits as ASCII, EBCDIC as Latin-1, hex as bytes. */
  content(buf: Uint8Array, start: number, end: number, n: number): Uint8Array;
  /** The length of that content without making it, where that is cheaper (else `content()` is made and measured). */
  contentUnits?(buf: Uint8Array, start: number, end: number, n: number): number;
  /** Length units `value` takes on the wire, any pad fill included (`value` has the encoding's type). */
  length(value: PrimitiveValue): number;
  /** Writes `value` as `length` units of content (`pad`: a pad nibble found on decode); checks every character; returns the end. */
  write(buf: Uint8Array, p: number, value: PrimitiveValue, length: number, pad: number): number;
  /** Length units of composite content, `content[0, count)` (the inverse of `content`). */
  contentLength(content: Uint8Array, count: number): number;
  /** Writes composite content as this encoding's wire form; returns the end. */
  writeContent(buf: Uint8Array, p: number, content: Uint8Array, count: number): number;
  /**
   * Packed digits counted in digits, with no sign: writes `text` as its digits alone (no fill, the field's pad
   * nibble), each character checked; returns the end, or -1 for a character that has no nibble.
   */
  pack?: (buf: Uint8Array, p: number, text: string) => number;
}

/** Makes the value-encoding part of a field from its setup. */
export type EncodingFactory = (setup: EncodingSetup) => ValueEncoding;

/** The value encodings a dialect is compiled with, by the names its spec uses. */
export type EncodingFactories = { readonly [name in EncodingName]?: EncodingFactory };

/** The error for a character attribute `attr` does not allow, at position `i` of the value of the field at `path`. */
export function badCharacter(path: string, attr: Attribute, i: number): Iso8583Error {
  return fieldError(path, 'BAD_CHARACTER', `value has a character not allowed in ${attr} (${describeCharset(attr)})`, undefined, describeCharset(attr), `another character at position ${i}`);
}

/** Throws `BAD_CHARACTER` for the first character of `text` its attribute refuses (`wide`: characters above 0x7F pass). */
export function checkCharacters(setup: EncodingSetup, text: string, wide: boolean): void {
  const bad = setup.spec.attr === 'x+n' ? firstBadSignedAmount(text) : firstBadChar(text, setup.table, wide);
  if (bad >= 0) throw badCharacter(setup.path, setup.spec.attr, bad);
}

/** True for the sign characters of an `x+n` amount: C (credit) and D (debit). */
export function isSign(code: number): boolean {
  return code === 67 || code === 68;
}

/** The error for an amount whose sign is not C or D, at body offset `offset`. */
export function badSign(setup: EncodingSetup, offset: number): Iso8583Error {
  return fieldError(setup.path, 'BAD_SIGN', 'amount sign must be C or D', offset);
}

/** The error for a character at position `i` that `setName` has no byte for. */
export function unmappable(setup: EncodingSetup, i: number, setName: string): Iso8583Error {
  return fieldError(setup.path, 'UNMAPPABLE_CHARACTER', `value has a character that ${setName} cannot encode`, undefined, undefined, `character at position ${i}`);
}
