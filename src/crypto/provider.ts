// Which provider runs a cipher when the caller names none: the portable one unless the host chose another. This
// module is the one way to the default: a function that never reaches it brings no cipher its keys do not name.
import { badArgument, shapeOf } from '../arguments.js';
import { type CipherProvider, standInFor } from './block-cipher.js';
import { portableProvider } from './portable-provider.js';

let defaultProvider: CipherProvider | undefined;

/** The provider used when none is passed: the portable one unless `setDefaultProvider` changed it. */
export function getDefaultProvider(): CipherProvider {
  // Resolved on call rather than at load so the modules may be evaluated in any order.
  return defaultProvider ?? portableProvider;
}

/** Makes `p` the provider used when none is passed (e.g. `nodeProvider` on a Node.js host). */
export function setDefaultProvider(p: CipherProvider): void {
  defaultProvider = checkedProvider(p, 'p');
}

/** `p` when it is a cipher provider (an object with `createCipher`), else BAD_ARGUMENT naming `name`. */
export function checkedProvider(p: unknown, name: string): CipherProvider {
  if (typeof p === 'object' && p !== null && typeof (p as CipherProvider).createCipher === 'function') return p as CipherProvider;
  throw badArgument(name, 'a cipher provider', shapeOf(p));
}

/**
 * The default provider as a key holds it: whichever provider is the default when a cipher is made, so that keys
 * made without a provider follow `setDefaultProvider` as they always have.
 */
export const followDefaultProvider: CipherProvider = /* @__PURE__ */ standInFor(getDefaultProvider, 'default');
