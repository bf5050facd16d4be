// A provider composed from the cipher parts an app names (`createProvider({ des, tdes })`): a build that imports
// only those parts carries no other cipher, where the default provider must carry all four.
import { badArgument, expectOptions, expectString, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { type BlockCipher, type CipherAlgorithm, type CipherModule, type CipherProvider, isCipherAlgorithm, unknownAlgorithmError } from './block-cipher.js';
import { bytesArg } from './input.js';

/** The cipher parts of a provider, each under its algorithm's name: `{ des, tdes }`. */
export type CipherModules = { readonly [A in CipherAlgorithm]?: CipherModule<A> };

/** Options of `createProvider`. */
export interface CreateProviderOptions {
  /** The provider's name (default: its algorithms joined by `+`, e.g. `des+tdes`). */
  name?: string;
}

/**
 * A provider that runs the ciphers of `ciphers` and no other: asked for another it throws `CIPHER_NOT_PROVIDED`,
 * and a key of another algorithm cannot be bound to it. `portableProvider` is `createProvider({ des, tdes, aes, sm4 })`.
 */
export function createProvider(ciphers: CipherModules, options?: CreateProviderOptions): CipherProvider {
  const o = expectOptions(options, 'options') as CreateProviderOptions;
  const parts: Partial<Record<CipherAlgorithm, CipherModule>> = {};
  const algorithms: CipherAlgorithm[] = [];
  for (const [name, part] of typeof ciphers === 'object' && ciphers !== null ? Object.entries(ciphers) : []) {
    if (part === undefined) continue;
    // A part must sit under its own algorithm's name: `{ aes: des }` is a mistake, not a renaming.
    if (!(isCipherAlgorithm(name) && typeof part === 'object' && part !== null && part.algorithm === name && typeof part.create === 'function')) {
      throw badArgument('ciphers', 'cipher parts, each under its algorithm (des, tdes, aes, sm4)', shapeOf(part));
    }
    parts[name] = part;
    algorithms.push(name);
  }
  if (algorithms.length === 0) throw badArgument('ciphers', 'an object of one or more cipher parts', shapeOf(ciphers));
  const have = algorithms.join(', ');
  return {
    name: o.name === undefined ? algorithms.join('+') : expectString(o.name, 'options.name'),
    algorithms,
    createCipher(alg: CipherAlgorithm, key: Uint8Array): BlockCipher {
      bytesArg(key, 'key');
      const part = parts[alg];
      if (part !== undefined && isCipherAlgorithm(alg)) return part.create(key);
      throw isCipherAlgorithm(alg) ? notProvided(alg, have) : unknownAlgorithmError();
    },
  };
}

/** The error of a provider asked for a cipher it was not made with. */
export function notProvided(alg: CipherAlgorithm, have: string): Iso8583Error {
  return new Iso8583Error('CIPHER_NOT_PROVIDED', `the provider has no ${alg} cipher (it has ${have})`, { expected: have, found: alg });
}
