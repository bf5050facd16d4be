// Reads the published MAC vectors kept in fixtures/vectors/mac.json.
import { readFileSync } from 'node:fs';
import { fromHex } from '../../../src/bytes/hex.js';
import type { CipherProvider } from '../../../src/crypto/cipher.js';
import { portableProvider } from '../../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../../src/node/crypto-provider.js';

export interface MacVector {
  id: string;
  sources: string[];
  request: { alg: string; key: string; data: string; padding?: 1 | 2 | 3; length?: number };
  expect: Record<string, string>;
}

interface MacFile {
  sources: Record<string, unknown>;
  groups: Record<string, { vectors: MacVector[] }>;
}

export const macFile = JSON.parse(
  readFileSync(new URL('../../../fixtures/vectors/mac.json', import.meta.url), 'utf8'),
) as MacFile;

/** The vectors of one group, with their hex already turned into bytes. */
export function macGroup(name: string): MacVector[] {
  const g = macFile.groups[name];
  if (g === undefined) throw new Error(`missing vector group ${name}`);
  return g.vectors;
}

export const providers: ReadonlyArray<readonly [string, CipherProvider]> = [
  ['portable', portableProvider],
  ['node', nodeProvider],
];

export const hex = fromHex;

/** The shared exact-error helper, under the name the MAC specs have used. */
export { caught as thrown } from '../../support/errors.js';
