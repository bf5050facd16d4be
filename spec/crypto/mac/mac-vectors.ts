// Reads the published MAC vectors kept in fixtures/vectors/mac.json.
import { readFileSync } from 'node:fs';
import { fromHex } from '../../../src/bytes/hex.js';
import type { CipherProvider } from '../../../src/crypto/cipher.js';
import { portableProvider } from '../../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../../src/node/crypto-provider.js';
import { Iso8583Error } from '../../../src/errors.js';

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

/** The Iso8583Error that `run` throws (fails the test when it throws nothing or something else). */
export function thrown(run: () => unknown): { code: string; message: string; expected?: string; found?: string } {
  try {
    run();
  } catch (e) {
    if (e instanceof Iso8583Error) return e as Iso8583Error & { expected?: string; found?: string };
    throw e;
  }
  throw new Error('expected an Iso8583Error, nothing was thrown');
}
