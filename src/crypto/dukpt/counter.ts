/** Number of one-bits in a 32-bit unsigned integer. */
export function countOneBits(n: number): number {
  let v = n >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The lowest set bit of a 32-bit unsigned integer (0 for 0). */
export function lowestOneBit(n: number): number {
  return (n & -n) >>> 0;
}

/**
 * The smallest counter above `counter` with at most `maxOneBits` one-bits, or `undefined` when none
 * fits in `counterBits` bits. Skipping by the lowest set bit is exact: every value strictly between
 * `n` and `n + lowestOneBit(n)` keeps all of `n`'s bits and adds more.
 */
export function nextValidCounter(counter: number, maxOneBits: number, counterBits: number): number | undefined {
  const limit = 2 ** counterBits;
  let n = counter + 1;
  while (n < limit && countOneBits(n) > maxOneBits) n += lowestOneBit(n);
  return n < limit ? n : undefined;
}
