// Which provider runs a cipher when the caller names none: the portable one unless the host chose another.
import { badArgument, shapeOf } from '../arguments.js';
import type { CipherProvider } from './block-cipher.js';
import { portableProvider } from './portable-provider.js';

let defaultProvider: CipherProvider | undefined;

/** The provider used when none is passed: the portable one unless `setDefaultProvider` changed it. */
export function getDefaultProvider(): CipherProvider {
  // Resolved on call rather than at load so the modules may be evaluated in any order.
  return defaultProvider ?? portableProvider;
}

/** Makes `p` the provider used when none is passed (e.g. `nodeProvider` on a Node.js host). */
export function setDefaultProvider(p: CipherProvider): void {
  if (!(typeof p === 'object' && p !== null && typeof p.createCipher === 'function')) throw badArgument('p', 'a cipher provider', shapeOf(p));
  defaultProvider = p;
}

/** `options.provider`, or the default provider when it is left out; anything else without `createCipher` is BAD_ARGUMENT. */
export function providerOf(options: { readonly provider?: CipherProvider | undefined }): CipherProvider {
  const p = options.provider;
  if (p === undefined) return getDefaultProvider();
  if (typeof p === 'object' && p !== null && typeof p.createCipher === 'function') return p;
  throw badArgument('options.provider', 'a cipher provider', shapeOf(p));
}
