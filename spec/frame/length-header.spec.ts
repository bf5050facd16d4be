import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkLengthHeaderSpec,
  decodeLengthHeader,
  encodeLengthHeader,
  lengthHeaders,
  lengthHeaderSize,
  maxMessageLength,
  type LengthHeaderSpec,
} from '../../src/frame/length-header.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { caught } from '../support/errors.js';

// A 300-byte message (0x012C) announced by each kind, plain and self-inclusive; worked by hand.
const VECTORS: [string, LengthHeaderSpec, string][] = [
  ['2-byte binary', lengthHeaders.binary2, '012C'],
  ['2-byte binary, inclusive', { kind: 'binary', size: 2, inclusive: true }, '012E'],
  ['4-byte binary', lengthHeaders.binary4, '0000012C'],
  ['4-byte binary, inclusive', { kind: 'binary', size: 4, inclusive: true }, '00000130'],
  ['2-byte BCD', lengthHeaders.bcd2, '0300'],
  ['2-byte BCD, inclusive', { kind: 'bcd', size: 2, inclusive: true }, '0302'],
  ['4-digit ASCII', lengthHeaders.ascii4, '30333030'],
  ['4-digit ASCII, inclusive', { kind: 'ascii', size: 4, inclusive: true }, '30333034'],
];

describe('length headers', () => {
  for (const [name, spec, hex] of VECTORS) {
    it(`writes and reads a ${name} header for a 300-byte message`, () => {
      expect(toHex(encodeLengthHeader(spec, 300))).toBe(hex);
      expect(decodeLengthHeader(spec, fromHex(hex))).toBe(300);
    });
  }

  it('reads a header in the middle of a buffer', () => {
    expect(decodeLengthHeader(lengthHeaders.binary2, fromHex('FFFF0079AA'), 2)).toBe(121);
  });

  it('writes nothing for a profile without a length header and reads the rest of the buffer as the message', () => {
    expect(encodeLengthHeader(lengthHeaders.none, 42)).toHaveLength(0);
    expect(lengthHeaderSize(lengthHeaders.none)).toBe(0);
    expect(decodeLengthHeader(lengthHeaders.none, new Uint8Array(10), 3)).toBe(7);
  });

  it('knows the longest message each header can announce', () => {
    expect(maxMessageLength(lengthHeaders.binary2)).toBe(65535);
    expect(maxMessageLength({ kind: 'binary', size: 2, inclusive: true })).toBe(65533);
    expect(maxMessageLength(lengthHeaders.binary4)).toBe(4294967295);
    expect(maxMessageLength(lengthHeaders.bcd2)).toBe(9999);
    expect(maxMessageLength(lengthHeaders.ascii4)).toBe(9999);
    expect(toHex(encodeLengthHeader(lengthHeaders.binary4, 4294967295))).toBe('FFFFFFFF');
    expect(decodeLengthHeader(lengthHeaders.binary4, fromHex('FFFFFFFF'))).toBe(4294967295);
  });

  it('refuses a message too long for its header', () => {
    const e = caught(() => encodeLengthHeader(lengthHeaders.bcd2, 10000));
    expect(e.code).toBe('LENGTH_HEADER_OVERFLOW');
    expect(e.message).toBe('message is too long for the length header');
    expect(e.expected).toBe('at most 9999 bytes');
    expect(e.found).toBe('10000 bytes');
    expect(caught(() => encodeLengthHeader(lengthHeaders.binary2, 65536)).code).toBe('LENGTH_HEADER_OVERFLOW');
    expect(caught(() => encodeLengthHeader(lengthHeaders.binary2, -1)).code).toBe('LENGTH_HEADER_OVERFLOW');
    expect(caught(() => encodeLengthHeader(lengthHeaders.binary2, 1.5)).code).toBe('LENGTH_HEADER_OVERFLOW');
  });

  it('rejects a BCD header with a non-decimal nibble and points at its byte', () => {
    const e = caught(() => decodeLengthHeader(lengthHeaders.bcd2, fromHex('010A')));
    expect(e.code).toBe('BAD_LENGTH_HEADER');
    expect(e.message).toBe('length header has a nibble that is not a decimal digit (byte 1)');
    expect(e.offset).toBe(1);
  });

  it('rejects an ASCII header with a non-digit and points at its byte', () => {
    const e = caught(() => decodeLengthHeader(lengthHeaders.ascii4, fromHex('3033203030'), 0));
    expect(e.code).toBe('BAD_LENGTH_HEADER');
    expect(e.message).toBe('length header has a character that is not a decimal digit (byte 2)');
  });

  it('rejects an inclusive length smaller than its own header', () => {
    const e = caught(() => decodeLengthHeader({ kind: 'binary', size: 2, inclusive: true }, fromHex('0001')));
    expect(e.code).toBe('BAD_LENGTH_HEADER');
    expect(e.message).toBe('inclusive length is smaller than the length header itself (byte 0)');
    expect(e.expected).toBe('at least 2');
    expect(decodeLengthHeader({ kind: 'binary', size: 2, inclusive: true }, fromHex('0002'))).toBe(0);
  });

  it('rejects a header cut short', () => {
    const e = caught(() => decodeLengthHeader(lengthHeaders.binary4, fromHex('000001')));
    expect(e.code).toBe('FRAME_TRUNCATED');
    expect(e.message).toBe('frame ends inside its length header (byte 3)');
    expect(e.found).toBe('3 bytes');
  });

  it('refuses header specs it cannot read', () => {
    const bad = [
      { kind: 'binary', size: 5 },
      { kind: 'bcd', size: 0 },
      { kind: 'ascii', size: 10 },
      { kind: 'binary', size: 1.5 },
    ] as LengthHeaderSpec[];
    for (const spec of bad) expect(caught(() => checkLengthHeaderSpec(spec)).code).toBe('BAD_FRAME_PROFILE');
    const e = caught(() => checkLengthHeaderSpec({ kind: 'ebcdic', size: 4 } as unknown as LengthHeaderSpec));
    expect(e.message).toBe('length header kind is not one of binary, bcd, ascii, none (field lengthHeader.kind)');
    expect(caught(() => checkLengthHeaderSpec({ kind: 'binary', size: 5 })).message).toBe(
      'binary length header size must be an integer from 1 to 4 (field lengthHeader.size)',
    );
  });

  it('reads back every length it writes, for every kind and size', () => {
    const spec = fc.oneof(
      fc.record({ kind: fc.constant('binary' as const), size: fc.integer({ min: 1, max: 4 }), inclusive: fc.boolean() }),
      fc.record({ kind: fc.constant('bcd' as const), size: fc.integer({ min: 1, max: 4 }), inclusive: fc.boolean() }),
      fc.record({ kind: fc.constant('ascii' as const), size: fc.integer({ min: 1, max: 9 }), inclusive: fc.boolean() }),
    );
    fc.assert(
      fc.property(spec, fc.double({ min: 0, max: 1, noNaN: true }), (s, fraction) => {
        const n = Math.floor(fraction * maxMessageLength(s));
        const bytes = encodeLengthHeader(s, n);
        expect(bytes).toHaveLength(s.size);
        expect(decodeLengthHeader(s, bytes)).toBe(n);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });
});
