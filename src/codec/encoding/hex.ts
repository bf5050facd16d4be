/**
 * Bytes carried as hex characters, two a byte; the length counts bytes or characters. A fixed field marked
 * `rawWhenNotHex` (a CUP 64 some acquirers fill with a binary MAC) decodes characters that are no hex to the wire
 * bytes themselves, and writes such a value (twice the declared length) back as it came.
 */
import { fromHex, hexNibble, hexOf, isHex, writeHexCodes } from '../../bytes/hex.js';
import { latin1Bytes, latin1Text } from '../../bytes/latin1.js';
import { fieldError } from '../field-error.js';
import { textLength, writeBytes, writeText } from './ascii.js';
import type { EncodingSetup, ValueEncoding } from './encoding.js';

/** The hex encoding of a field (text given to a non-`b` field is written as it is, one byte per character). */
export function hexEncoding(setup: EncodingSetup): ValueEncoding {
  const { path, spec } = setup;
  const bytesUnit = setup.unit === 'bytes';
  const rawWhenNotHex = spec.rawWhenNotHex === true && !spec.lengthDigits;
  const wireOf = (n: number): number => (bytesUnit ? 2 * n : n);
  /** Whether `value` is the wire bytes of a field that were no hex, kept as they came. */
  const isRaw = (value: Uint8Array): boolean => rawWhenNotHex && value.length === wireOf(spec.length);
  const bytesOf = (buf: Uint8Array, start: number, end: number): Uint8Array =>
    rawWhenNotHex && firstNonHex(buf, start, end) >= 0 ? buf.slice(start, end) : fromHex(latin1Text(buf, start, end), path);
  /** Hex text as it came, in upper case; wire bytes that were no hex, as the hex of those bytes. */
  const canonicalText = (wire: string): string => (rawWhenNotHex && !isHex(wire) ? hexOf(latin1Bytes(wire), 0, wire.length) : wire.toUpperCase());
  return {
    wireBytes: wireOf,
    check(buf, start, end) {
      if ((end - start) & 1) throw fieldError(path, 'BAD_LENGTH', 'hex field must have an even number of characters', start);
      // Content that is no hex is the raw bytes of a field that allows them: nothing to look for then.
      const bad = rawWhenNotHex ? -1 : firstNonHex(buf, start, end);
      if (bad >= 0) throw fieldError(path, 'BAD_HEX', 'hex field has a character that is not a hex digit', bad);
      return -1;
    },
    value: bytesOf,
    canonical: (buf, start, end) => canonicalText(latin1Text(buf, start, end)),
    canonicalText,
    content: bytesOf,
    length(value) {
      if (typeof value === 'string') return textLength(setup, value);
      return isRaw(value) ? spec.length : bytesUnit ? value.length : 2 * value.length;
    },
    write(buf, p, value, length) {
      if (typeof value === 'string') return writeText(setup, buf, p, value, length);
      return isRaw(value) ? writeBytes(buf, p, value) : writeHexCodes(buf, p, value, value.length);
    },
    contentLength: (_content, count) => (bytesUnit ? count : 2 * count),
    writeContent: writeHexCodes,
  };
}

/** Index of the first byte of `buf[start, end)` that is no hex digit character, or -1. */
function firstNonHex(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (hexNibble(buf[i]!) < 0) return i;
  return -1;
}
