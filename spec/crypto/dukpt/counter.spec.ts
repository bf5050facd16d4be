import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countOneBits, lowestOneBit, nextValidCounter } from '../../../src/crypto/dukpt/counter.js';

function slowCountOneBits(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

describe('DUKPT counter arithmetic', () => {
  it('counts one-bits of any 32-bit unsigned value', () => {
    expect(countOneBits(0)).toBe(0);
    expect(countOneBits(0xffffffff)).toBe(32);
    expect(countOneBits(0x80000000)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        expect(countOneBits(n)).toBe(slowCountOneBits(n));
      }),
      { seed: 8583, numRuns: 500 },
    );
  });

  it('finds the lowest one-bit, including the top bit of a 32-bit value', () => {
    expect(lowestOneBit(0)).toBe(0);
    expect(lowestOneBit(0x0001fffe)).toBe(2);
    expect(lowestOneBit(0x80000000)).toBe(0x80000000);
  });

  it('steps to the smallest larger counter within the one-bit limit, as a brute-force search does, in small widths', () => {
    for (const [maxOnes, bits] of [
      [1, 6],
      [3, 8],
      [4, 10],
      [10, 12],
    ] as const) {
      for (let c = 0; c < 2 ** bits; c++) {
        let brute: number | undefined;
        for (let m = c + 1; m < 2 ** bits; m++) {
          if (slowCountOneBits(m) <= maxOnes) {
            brute = m;
            break;
          }
        }
        expect(nextValidCounter(c, maxOnes, bits)).toBe(brute);
      }
    }
  });

  it('visits every one of the 1048575 TDES counters with at most 10 one-bits, in order, then stops', () => {
    let visited = 0;
    let previous = 0;
    for (let c = nextValidCounter(0, 10, 21); c !== undefined; c = nextValidCounter(c, 10, 21)) {
      if (c <= previous || countOneBits(c) > 10) throw new Error('counter out of order or over the limit');
      previous = c;
      visited++;
    }
    // Half of all 21-bit values have at most 10 one-bits (21 is odd), less counter 0.
    expect(visited).toBe(2 ** 20 - 1);
    expect(previous).toBe(0x1ff800);
  });
});
