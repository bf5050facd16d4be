/**
 * Small builders for the CUP field and subfield specs. They only fill in plain objects, so the
 * dialect stays data: every spec they return could be written out as JSON.
 */
import type { Attribute, FieldSpec, Sensitivity } from '../codec/spec.js';

/** Names of a field or subfield: English first, then the wording of the CUP specification. */
export interface Names {
  readonly name: string;
  readonly localName: string;
}

/** Optional extras a builder copies onto the spec it returns. */
export interface SpecExtras {
  readonly sensitivity?: Sensitivity;
  readonly composite?: FieldSpec['composite'];
  readonly anyNibble?: boolean;
}

function withExtras(spec: FieldSpec, extras: SpecExtras | undefined): FieldSpec {
  if (extras?.sensitivity !== undefined) spec.sensitivity = extras.sensitivity;
  if (extras?.composite !== undefined) spec.composite = extras.composite;
  if (extras?.anyNibble !== undefined) spec.anyNibble = extras.anyNibble;
  return spec;
}

/** A fixed `n` field packed as BCD, right-aligned with a leading `0` nibble when the digit count is odd. */
export function bcdFixed(names: Names, digits: number, extras?: SpecExtras): FieldSpec {
  return withExtras(
    { ...names, attr: 'n', length: digits, encoding: 'bcd', align: 'right', pad: '0' },
    extras,
  );
}

/**
 * A variable BCD field (`n` or `z`): a BCD length prefix of 2 digits (1 byte) or 3 digits (2 bytes)
 * counting digits, the digits left-aligned, an odd count closed by a pad nibble.
 */
export function bcdVar(
  names: Names,
  attr: 'n' | 'z',
  maxDigits: number,
  lengthDigits: 2 | 3,
  pad: '0' | 'F',
  acceptPad: string,
  extras?: SpecExtras,
): FieldSpec {
  return withExtras(
    {
      ...names,
      attr,
      length: maxDigits,
      lengthDigits,
      prefixEncoding: 'bcd',
      lengthUnit: 'digits',
      encoding: 'bcd',
      align: 'left',
      pad,
      acceptPad,
    },
    extras,
  );
}

/** A fixed ASCII field that must be given at full length. */
export function asciiFixed(names: Names, attr: Attribute, length: number, extras?: SpecExtras): FieldSpec {
  return withExtras({ ...names, attr, length, encoding: 'ascii' }, extras);
}

/** A variable field whose BCD length prefix counts bytes: ASCII, GBK text or raw bytes. */
export function bytesVar(
  names: Names,
  attr: Attribute,
  maxBytes: number,
  lengthDigits: 2 | 3,
  encoding: 'ascii' | 'gbk' | 'binary',
  extras?: SpecExtras,
): FieldSpec {
  return withExtras(
    {
      ...names,
      attr,
      length: maxBytes,
      lengthDigits,
      prefixEncoding: 'bcd',
      lengthUnit: encoding === 'ascii' ? 'chars' : 'bytes',
      encoding,
    },
    extras,
  );
}

/**
 * A fixed run of decimal digits inside a composite. BCD parents hand their digits to subfields as
 * ASCII characters, so the subfield is ASCII even though the wire carries nibbles.
 */
export function digits(names: Names, length: number, extras?: SpecExtras): FieldSpec {
  return withExtras({ ...names, attr: 'n', length, encoding: 'ascii' }, extras);
}

/** A fixed text subfield padded with spaces on the right (trailing spaces are dropped on decode). */
export function spacePadded(
  names: Names,
  attr: Attribute,
  length: number,
  encoding: 'ascii' | 'gbk',
  extras?: SpecExtras,
): FieldSpec {
  return withExtras({ ...names, attr, length, encoding, align: 'left', pad: ' ' }, extras);
}

/** Fixed raw bytes inside a binary composite (key blocks of field 62). */
export function rawBytes(names: Names, length: number, extras?: SpecExtras): FieldSpec {
  return withExtras({ ...names, attr: 'b', length, encoding: 'binary' }, extras);
}

/** A deep copy of plain spec data, so a caller may adjust one built spec without touching another. */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyData(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyData(v);
    return out as T;
  }
  return value;
}
