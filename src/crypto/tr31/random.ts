import { Iso8583Error } from '../../errors.js';

/** A source of `n` cryptographically secure random bytes. */
export type Tr31RandomSource = (n: number) => Uint8Array;

interface WebCryptoLike {
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/** `n` random bytes from `random`, else from `globalThis.crypto.getRandomValues`; else `NO_RANDOM_SOURCE`. */
export function tr31RandomBytes(n: number, random?: Tr31RandomSource): Uint8Array {
  if (random !== undefined) {
    const out = random(n);
    if (!(out instanceof Uint8Array) || out.length !== n) {
      throw new Iso8583Error('BAD_RANDOM_SOURCE', 'random source returned the wrong number of bytes', {
        expected: `${n} bytes`,
        found: out instanceof Uint8Array ? `${out.length} bytes` : 'not a byte array',
      });
    }
    return out;
  }
  // Looked up per call: some embedded engines install a Web Crypto object late, others never.
  const webCrypto = (globalThis as { crypto?: WebCryptoLike }).crypto;
  if (webCrypto === undefined || typeof webCrypto.getRandomValues !== 'function') {
    throw new Iso8583Error('NO_RANDOM_SOURCE', 'no secure random source is available; pass the random option');
  }
  return webCrypto.getRandomValues(new Uint8Array(n));
}
