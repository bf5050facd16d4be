import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/bytes/hex.js';
import { constantTimeEqual } from '../../src/crypto/constant-time.js';
import { caught } from '../support/errors.js';

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

describe('constantTimeEqual given something other than bytes', () => {
  const bytes = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
  it.each([
    ['two hex strings', 'DEADBEEF', 'CAFEBABE', 'a', 'string'],
    ['a string and bytes', 'DEADBEEF', bytes, 'a', 'string'],
    ['bytes and a number array', bytes, [0xde, 0xad, 0xbe, 0xef], 'b', 'array'],
    ['bytes and a Uint16Array', bytes, new Uint16Array(4), 'b', 'another typed array'],
    ['null and bytes', null, bytes, 'a', 'null'],
    ['bytes and undefined', bytes, undefined, 'b', 'undefined'],
    ['bytes and an ArrayBuffer', bytes, new ArrayBuffer(4), 'b', 'ArrayBuffer'],
  ])('throws BAD_ARGUMENT for %s instead of comparing', (_name, a, b, which, found) => {
    const e = caught(() => constantTimeEqual(a as Uint8Array, b as Uint8Array));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe(`${which} must be a Uint8Array (field ${which})`);
    expect(e.path).toBe(which);
    expect(e.found).toBe(found);
  });
});
