import { badArgument, expectBytes, expectInteger, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { checkRoom } from './room.js';
import { readUnsigned, writeUnsigned } from '../bytes/unsigned.js';
import { BINARY2 } from './binary2.js';

/**
 * How a frame announces its length, as plain data.
 * - `binary`: unsigned big-endian integer of `size` bytes (1–4);
 * - `bcd`: `2 × size` packed decimal digits (1–4 bytes);
 * - `ascii`: `size` ASCII decimal digits (1–9 characters);
 * - `none`: no length at all (the frame is whatever bytes the caller holds; not streamable).
 * With `inclusive`, the number counts the header's own bytes too.
 */
export type LengthHeaderSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'binary' | 'bcd' | 'ascii'; readonly size: number; readonly inclusive?: boolean };

/** The length headers seen in the field, ready to use (CUP uses `binary2`). */
export const lengthHeaders = {
  /** 2-byte unsigned big-endian binary, not counting itself (CUP POS default). */
  binary2: BINARY2,
  /** 4-byte unsigned big-endian binary, not counting itself. */
  binary4: { kind: 'binary', size: 4 },
  /** 2-byte packed BCD (4 digits, at most 9999), not counting itself. */
  bcd2: { kind: 'bcd', size: 2 },
  /** 4 ASCII decimal digits, not counting itself. */
  ascii4: { kind: 'ascii', size: 4 },
  /** No length header. */
  none: { kind: 'none' },
} as const satisfies Record<string, LengthHeaderSpec>;

const MAX_SIZE = { binary: 4, bcd: 4, ascii: 9 } as const;

/** Throws `BAD_FRAME_PROFILE` unless `spec` is a length header this library can read and write. */
export function checkLengthHeaderSpec(spec: LengthHeaderSpec): void {
  if (spec === null || typeof spec !== 'object') {
    throw new Iso8583Error('BAD_FRAME_PROFILE', 'length header must be an object', { path: 'lengthHeader' });
  }
  if (spec.kind === 'none') return;
  if (spec.kind !== 'binary' && spec.kind !== 'bcd' && spec.kind !== 'ascii') {
    throw new Iso8583Error('BAD_FRAME_PROFILE', 'length header kind is not one of binary, bcd, ascii, none', {
      path: 'lengthHeader.kind',
      expected: 'binary | bcd | ascii | none',
    });
  }
  const max = MAX_SIZE[spec.kind];
  if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > max) {
    throw new Iso8583Error('BAD_FRAME_PROFILE', `${spec.kind} length header size must be an integer from 1 to ${max}`, {
      path: 'lengthHeader.size',
      expected: `1..${max}`,
    });
  }
}

/** Number of bytes the length header takes on the wire (0 for `none`). */
export function lengthHeaderSize(spec: LengthHeaderSpec): number {
  checkLengthHeaderSpec(spec);
  return spec.kind === 'none' ? 0 : spec.size;
}

/** Longest message (bytes after the header) that the header can announce. */
export function maxMessageLength(spec: LengthHeaderSpec): number {
  checkLengthHeaderSpec(spec);
  if (spec.kind === 'none') return Number.MAX_SAFE_INTEGER;
  // The largest number the header holds: 256^size - 1 in binary, 10^digits - 1 in digits (two a byte in BCD).
  const largest = spec.kind === 'binary' ? 256 ** spec.size - 1 : 10 ** (spec.kind === 'bcd' ? 2 * spec.size : spec.size) - 1;
  return largest - (spec.inclusive ? spec.size : 0);
}

/** The header bytes announcing `messageLength` bytes after the header; throws `LENGTH_HEADER_OVERFLOW` when it cannot. */
export function encodeLengthHeader(spec: LengthHeaderSpec, messageLength: number): Uint8Array {
  checkLengthHeaderSpec(spec);
  if (typeof messageLength !== 'number') throw badArgument('messageLength', 'a number of bytes', shapeOf(messageLength));
  if (spec.kind === 'none') return new Uint8Array(0);
  const max = maxMessageLength(spec);
  if (!Number.isInteger(messageLength) || messageLength < 0 || messageLength > max) {
    throw new Iso8583Error('LENGTH_HEADER_OVERFLOW', 'message is too long for the length header', {
      expected: `at most ${max} bytes`,
      found: `${messageLength} bytes`,
    });
  }
  const out = new Uint8Array(spec.size);
  writeUnsigned(out, 0, spec.size, spec.kind, messageLength + (spec.inclusive ? spec.size : 0));
  return out;
}

/**
 * Reads the header at `bytes[offset]` and returns how many bytes follow it (for `none`: all the
 * rest). Throws `FRAME_TRUNCATED` when the header is cut short and `BAD_LENGTH_HEADER` when it is
 * not a number of its kind or is an inclusive length smaller than the header itself.
 */
export function decodeLengthHeader(spec: LengthHeaderSpec, bytes: Uint8Array, offset = 0): number {
  checkLengthHeaderSpec(spec);
  expectBytes(bytes, 'bytes');
  expectInteger(offset, 'offset', 0, bytes.length);
  if (spec.kind === 'none') return bytes.length - offset;
  checkRoom(bytes, offset, spec.size, 'its length header');
  const value = readUnsigned(bytes, offset, spec.size, spec.kind);
  if (value < 0) {
    const bcd = spec.kind === 'bcd';
    throw new Iso8583Error('BAD_LENGTH_HEADER', `length header has a ${bcd ? 'nibble' : 'character'} that is not a decimal digit`, {
      offset: offset - 1 - value,
      expected: bcd ? 'BCD digits' : 'ASCII digits',
      found: bcd ? 'non-decimal nibble' : 'non-digit character',
    });
  }
  if (spec.inclusive) {
    if (value < spec.size) {
      throw new Iso8583Error('BAD_LENGTH_HEADER', 'inclusive length is smaller than the length header itself', {
        offset,
        expected: `at least ${spec.size}`,
        found: `${value}`,
      });
    }
    return value - spec.size;
  }
  return value;
}
