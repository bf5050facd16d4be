// Random PIN-block fill: nibbles drawn from the shared random source.
import { Iso8583Error } from '../../errors.js';
import { type RandomSource, randomBytes } from '../random.js';

export { type RandomSource, randomBytes } from '../random.js';

// A source that keeps failing to give A–F nibbles is broken; bounded so a bad source cannot hang us.
const MAX_ROUNDS = 64;

/** `count` random nibbles: any value 0–15, or only A–F (unbiased, by discarding 0–9). */
export function randomNibbles(count: number, rule: 'any' | 'A-F', random?: RandomSource): number[] {
  const out: number[] = [];
  if (count === 0) return out;
  if (rule === 'any') {
    const bytes = randomBytes((count + 1) >> 1, random);
    for (let i = 0; i < count; i++) out.push(i & 1 ? bytes[i >> 1]! & 15 : bytes[i >> 1]! >> 4);
    return out;
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bytes = randomBytes(count, random);
    for (let i = 0; i < bytes.length && out.length < count; i++) {
      const hi = bytes[i]! >> 4;
      const lo = bytes[i]! & 15;
      if (hi >= 10) out.push(hi);
      if (lo >= 10 && out.length < count) out.push(lo);
    }
    if (out.length === count) return out;
  }
  throw new Iso8583Error('BAD_RANDOM_SOURCE', 'random source keeps returning bytes that give no A-F fill nibbles');
}
