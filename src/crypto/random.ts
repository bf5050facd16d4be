// The one place the crypto layer gets random bytes: an injected source, else the platform's Web Crypto.
import { badArgument, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';

/** A source of `n` cryptographically secure random bytes (injectable so tests and firmware can supply their own). */
export type RandomSource = (n: number) => Uint8Array;

interface WebCryptoLike {
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/** `n` random bytes from `random`, or from `globalThis.crypto.getRandomValues` when no source is given. */
export function randomBytes(n: number, random?: RandomSource): Uint8Array {
  if (random !== undefined) {
    if (typeof random !== 'function') throw badArgument('options.random', 'a function giving random bytes', shapeOf(random));
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
