/** The length prefix of a variable field: its width on the wire, a reader and a writer of the content length. */
import { Iso8583Error } from '../errors.js';
import { readUnsigned, writeUnsigned } from '../bytes/unsigned.js';
import type { EbcdicTables } from './environment.js';
import type { FieldSpec, PrefixEncoding } from './spec.js';

/** A compiled length prefix. */
export interface LengthPrefix {
  readonly encoding: PrefixEncoding;
  /** Bytes the prefix takes. */
  readonly width: number;
  /** The content length stated at `off` (inclusive prefixes already reduced); throws on a malformed prefix. */
  read(buf: Uint8Array, off: number, limit: number): number;
  /** Throws `VALUE_TOO_LONG` when the prefix cannot state `contentLength`. */
  check(contentLength: number): void;
  /** Writes the prefix of `contentLength` at `p` (checked already); returns the position after it. */
  write(buf: Uint8Array, p: number, contentLength: number): number;
}

/** Bytes the length prefix of a variable field (`lengthDigits` 1 to 6) takes, and the largest number it states. */
export function prefixRange(spec: FieldSpec): { width: number; most: number } {
  const digits = spec.lengthDigits ?? 0;
  const encoding = spec.prefixEncoding;
  const width = encoding === 'bcd' ? (digits + 1) >> 1 : encoding === 'binary' ? (spec.prefixBytes ?? (digits <= 2 ? 1 : digits <= 4 ? 2 : 4)) : digits;
  return { width, most: encoding === 'binary' ? 2 ** (8 * width) - 1 : 10 ** digits - 1 };
}

/** Compiles the prefix of a variable-length field. */
export function compilePrefix(spec: FieldSpec, path: string, ebcdic?: EbcdicTables): LengthPrefix {
  const digits = spec.lengthDigits ?? 0;
  const encoding = spec.prefixEncoding ?? 'ascii';
  const inclusive = spec.prefixInclusive === true;
  const { width, most: limitValue } = prefixRange(spec);
  const adjust = inclusive ? width : 0;
  if (encoding === 'ebcdic' && !ebcdic) {
    throw new Iso8583Error('NO_EBCDIC_TABLES', 'EBCDIC length prefix needs code page tables', { path });
  }

  const bad = (off: number, found: string): Iso8583Error =>
    new Iso8583Error('BAD_LENGTH_PREFIX', 'length prefix is not a valid length', {
      path,
      offset: off,
      expected: `${digits}-digit ${encoding} length`,
      found,
    });

  const read = (buf: Uint8Array, off: number, limit: number): number => {
    if (off + width > limit) {
      throw new Iso8583Error('TRUNCATED', 'length prefix runs past the end of the data', {
        path,
        offset: off,
        expected: `${width} bytes`,
        found: `${Math.max(0, limit - off)} bytes`,
      });
    }
    const n = readUnsigned(buf, off, width, encoding);
    if (n < 0) throw bad(off, encoding === 'bcd' ? 'a nibble that is not a digit' : 'a non-digit character');
    // Two BCD digits a byte can state more than an odd number of digits declared.
    if (n > limitValue) throw bad(off, 'more digits than declared');
    if (n < adjust) throw bad(off, 'a length smaller than the prefix itself');
    return n - adjust;
  };

  const check = (contentLength: number): void => {
    if (contentLength + adjust > limitValue) {
      throw new Iso8583Error('VALUE_TOO_LONG', 'value is longer than its length prefix can state', {
        path,
        expected: `at most ${limitValue - adjust}`,
        found: `${contentLength}`,
      });
    }
  };

  const write = (buf: Uint8Array, p: number, contentLength: number): number => writeUnsigned(buf, p, width, encoding, contentLength + adjust);

  return { encoding, width, read, check, write };
}
