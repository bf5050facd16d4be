import { Iso8583Error } from '../../errors.js';
import { type CipherAlgorithm, isBytes } from '../cipher.js';
import { type KeyInput, keyAlgorithmOf } from '../key.js';

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
  const own = keyAlgorithmOf(key);
  let alg = own;
  if (isBytes(key)) alg = requested ?? own;
  else if (requested !== undefined && requested !== own) {
    throw new Iso8583Error('BAD_KEY_TYPE', `${what} key object is ${own}, not the requested ${requested}`, {
      expected: requested,
      found: own,
    });
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
