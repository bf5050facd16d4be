import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { padIso9797 } from '../../../src/crypto/mac/mac-padding.js';
import { hex } from './mac-vectors.js';

describe('ISO/IEC 9797-1 padding', () => {
  it('method 1 adds zeros only up to the block boundary and turns empty data into one zero block', () => {
    expect(toHex(padIso9797(hex('0102030405'), 1, 8))).toBe('0102030405000000');
    expect(toHex(padIso9797(hex('0102030405060708'), 1, 8))).toBe('0102030405060708');
    expect(toHex(padIso9797(new Uint8Array(0), 1, 8))).toBe('0000000000000000');
  });

  it('method 2 always adds 80 then zeros, a whole block when the data is aligned', () => {
    expect(toHex(padIso9797(hex('01020304050607'), 2, 8))).toBe('0102030405060780');
    expect(toHex(padIso9797(hex('0102030405060708'), 2, 8))).toBe('01020304050607088000000000000000');
    expect(toHex(padIso9797(new Uint8Array(0), 2, 16))).toBe('80000000000000000000000000000000');
  });

  it('method 3 puts the data length in bits first, then zero-pads the data', () => {
    expect(toHex(padIso9797(hex('0102030405'), 3, 8))).toBe('00000000000000280102030405000000');
    expect(toHex(padIso9797(new Uint8Array(300), 3, 8)).slice(0, 16)).toBe('0000000000000960');
  });

  it.each([
    [8, '0000000000000000' + '0000000000000000'],
    [16, '00'.repeat(16) + '00'.repeat(16)],
  ])('method 3 pads empty data to a zero length block and one zero block (block size %i), as psec and GB/T 15852.1 do', (bs, padded) => {
    expect(toHex(padIso9797(new Uint8Array(0), 3, bs))).toBe(padded);
  });

  it('always yields whole blocks that start with the data and never changes its input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 70 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        fc.constantFrom(8, 16),
        (data, method, bs) => {
          const before = toHex(data);
          const out = padIso9797(data, method, bs);
          expect(out.length % bs).toBe(0);
          const start = method === 3 ? bs : 0;
          expect(toHex(out.subarray(start, start + data.length))).toBe(before);
          expect(toHex(data)).toBe(before);
        },
      ),
      { seed: 8583, numRuns: 200 },
    );
  });
});
