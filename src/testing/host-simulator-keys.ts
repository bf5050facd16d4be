/**
 * Working keys as the simulated host issues them at sign-in, under the names the testing entry has always
 * exported: the host kit's key issuance (fresh random PIK, MAK and TDK with odd DES parity) and check values.
 */
import type { CipherProvider } from '../crypto/cipher.js';
import type { CupKeyLayout } from '../crypto/cup-keys.js';
import type { RandomSource } from '../crypto/random.js';
import { generateWorkingKeys, keyCheckValues, type GeneratedKeys, type KeyCheckValues } from '../host/key-issuance.js';

export { withOddParity } from '../host/key-issuance.js';

/** The clear working keys of one sign-in. */
export type IssuedKeys = GeneratedKeys;

/** Check values of issued keys, as the 0810 carries them (4 bytes, upper-case hex). */
export type IssuedKeyCheckValues = KeyCheckValues;

/**
 * New working keys for `layout`: `001` single-length PIK and MAK, `003` a double-length PIK and a
 * single-length MAK, `004` the same plus a double-length TDK. `random` makes runs repeatable.
 */
export function issueWorkingKeys(layout: CupKeyLayout, random?: RandomSource): IssuedKeys {
  return generateWorkingKeys(layout, random === undefined ? {} : { random });
}

/** The 4-byte check values of issued keys, comparable with what a terminal computes from the keys it installed. */
export function issuedKeyCheckValues(keys: Pick<IssuedKeys, 'pik' | 'mak' | 'tdk'>, provider?: CipherProvider): IssuedKeyCheckValues {
  return keyCheckValues(keys, provider);
}
