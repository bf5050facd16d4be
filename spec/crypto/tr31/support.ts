// Shared by the TR-31 specs: the vector file and both cipher providers.
import { readFileSync } from 'node:fs';
import { getDefaultProvider, type CipherProvider } from '../../../src/crypto/cipher.js';
import { nodeProvider } from '../../../src/node/crypto-provider.js';

export interface Tr31Vector {
  id: string;
  sources: string[];
  request: { op: 'tr31-unwrap'; kbpk: string; key_block: string };
  expect: { key: string; version_id: string };
  notes?: string;
}

export interface CmacVector {
  id: string;
  request: { op: 'mac'; alg: 'aes-cmac' | 'tdes-cmac'; key: string; data: string };
  expect: { mac: string };
}

interface Tr31VectorFile {
  sources: Record<string, unknown>;
  tr31: { vectors: Tr31Vector[] };
  cmac: { vectors: CmacVector[] };
}

export const vectors = JSON.parse(
  readFileSync(new URL('../../../fixtures/vectors/tr31.json', import.meta.url), 'utf8'),
) as Tr31VectorFile;

export const providers: readonly CipherProvider[] = [getDefaultProvider(), nodeProvider];

/** A deterministic stand-in for a random source: the bytes 1, 2, 3, … */
export function countingRandom(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i + 1) & 0xff);
}
