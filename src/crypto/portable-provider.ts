// The provider that runs anywhere: DES, TDES and SM4 in TypeScript, AES through @noble/ciphers. It is the default
// provider, so every function that may fall back to the default brings all four ciphers into a bundle.
import { aes } from './aes.js';
import { createProvider } from './cipher-set.js';
import { des, tdes } from './des.js';
import { sm4 } from './sm4.js';

/** Block ciphers in plain TypeScript (no Node APIs, no BigInt); each checks its own key length. */
export const portableProvider = /* @__PURE__ */ createProvider({ des, tdes, aes, sm4 }, { name: 'portable' });
