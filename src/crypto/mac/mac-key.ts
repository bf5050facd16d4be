import { Iso8583Error } from '../../errors.js';
import type { CipherAlgorithm } from '../cipher.js';
import type { KeyInput } from '../key.js';

/**
 * The cipher a MAC key runs under: a key object says so itself; raw bytes are read as DES (8 bytes)
 * or TDES (16 or 24) unless `requested` names the algorithm. Throws `BAD_KEY_TYPE` when the result
 * is not one of `allowed`.
 */
export function macAlgorithm(
  key: KeyInput,
  allowed: readonly CipherAlgorithm[],
  what: string,
  requested?: CipherAlgorithm,
): CipherAlgorithm {
  let alg: CipherAlgorithm | undefined = requested;
  if (!(key instanceof Uint8Array)) {
    if (requested !== undefined && requested !== key.algorithm) {
      throw new Iso8583Error('BAD_KEY_TYPE', `${what} key object is ${key.algorithm}, not the requested ${requested}`, {
        expected: requested,
        found: key.algorithm,
      });
    }
    alg = key.algorithm;
  } else if (alg === undefined) {
    alg = key.length === 8 ? 'des' : 'tdes';
  }
  if (!allowed.includes(alg)) {
    const names = allowed.length === 1 ? allowed[0]! : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]!}`;
    throw new Iso8583Error('BAD_KEY_TYPE', `${what} needs a ${names} key`, {
      expected: names,
      found: alg,
    });
  }
  return alg;
}
