// Reads the published PIN block vectors kept in fixtures/vectors/pin.json, and test helpers.
import { readFileSync } from 'node:fs';
import { fromHex } from '../../../src/bytes/hex.js';
import type { CipherProvider } from '../../../src/crypto/cipher.js';
import { portableProvider } from '../../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../../src/node/crypto-provider.js';

export interface PinVector {
  id: string;
  sources: string[];
  request: { op: string; format: number; pin?: string; pan?: string; fill?: string; key?: string; pinblock?: string };
  expect: { pinblock?: string; pin?: string; pin_field?: string; pan_field?: string; encrypted_pinblock?: string; error?: boolean };
}

const file = JSON.parse(readFileSync(new URL('../../../fixtures/vectors/pin.json', import.meta.url), 'utf8')) as {
  sources: Record<string, unknown>;
  groups: Record<string, { vectors: PinVector[] }>;
};

export const pinSources = file.sources;

/** The vectors of one group. */
export function pinGroup(name: string): PinVector[] {
  const g = file.groups[name];
  if (g === undefined) throw new Error(`missing vector group ${name}`);
  return g.vectors;
}

/**
 * A random source that hands out the published fill digits first. Extra nibbles are `A`, which every
 * format accepts as fill, so the format's own choice of how many bytes to ask for does not matter.
 */
export function fillSource(fill: string): (n: number) => Uint8Array {
  return (n) => fromHex((fill + 'A'.repeat(2 * n)).slice(0, 2 * n));
}

export const providers: ReadonlyArray<readonly [string, CipherProvider]> = [
  ['portable', portableProvider],
  ['node', nodeProvider],
];

export const hex = fromHex;

/** A deterministic random source (xorshift32) so two runs with the same seed see the same bytes. */
export function seededRandom(seed: number): (n: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}
