import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/bytes/hex.js';
import { constantTimeEqual } from '../../src/crypto/constant-time.js';

describe('constantTimeEqual', () => {
  it('agrees with plain byte equality on arbitrary pairs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.uint8Array({ maxLength: 24 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(bytesEqual(a, b));
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('finds a difference in any single bit of any byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 24 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (a, at, bit) => {
        const b = a.slice();
        const i = at % a.length;
        b[i] = b[i]! ^ (1 << bit);
        expect(constantTimeEqual(a, a.slice())).toBe(true);
        expect(constantTimeEqual(a, b)).toBe(false);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('treats arrays of different lengths as different, even when one is a prefix of the other', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
