import { Iso8583Error } from '../../errors.js';

/** A source of `n` cryptographically secure random bytes (injectable so tests and firmware can supply their own). */
export type RandomSource = (n: number) => Uint8Array;

interface WebCryptoLike {
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/** `n` random bytes from `random`, or from `globalThis.crypto.getRandomValues` when no source is given. */
export function randomBytes(n: number, random?: RandomSource): Uint8Array {
  if (random !== undefined) {
    const out = random(n);
    if (!(out instanceof Uint8Array) || out.length !== n) {
      throw new Iso8583Error('BAD_RANDOM_SOURCE', 'random source returned the wrong number of bytes', {
        expected: `${n} bytes`,
        found: out instanceof Uint8Array ? `${out.length} bytes` : 'not a Uint8Array',
      });
    }
    return out;
  }
  // Looked up on every call: the portable core may run where `crypto` appears late or never.
  const webCrypto = (globalThis as { crypto?: WebCryptoLike }).crypto;
  if (webCrypto === undefined || typeof webCrypto.getRandomValues !== 'function') {
    throw new Iso8583Error(
      'NO_RANDOM_SOURCE',
      'no secure random source is available in this runtime; pass the random option',
    );
  }
  return webCrypto.getRandomValues(new Uint8Array(n));
}

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
