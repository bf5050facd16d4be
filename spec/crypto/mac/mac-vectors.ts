// Reads the published MAC vectors kept in fixtures/vectors/mac.json.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
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

/** A MAC under test: how it is made over data and how a MAC is checked against data. */
export interface MacUnderTest {
  generate(data: Uint8Array): Uint8Array;
  verify(data: Uint8Array, mac: Uint8Array): boolean;
}

/** Property (fixed seed): a fresh MAC verifies, and any single-bit change of the data or of the MAC fails verification. */
export function expectSingleBitChangesRejected(mac: MacUnderTest, maxDataLength: number): void {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: maxDataLength }),
      fc.nat(),
      fc.integer({ min: 0, max: 7 }),
      fc.boolean(),
      (data, pos, bit, inMac) => {
        const good = mac.generate(data);
        expect(mac.verify(data, good)).toBe(true);
        const badData = inMac ? data : data.slice();
        const badMac = inMac ? good.slice() : good;
        const target = inMac ? badMac : badData;
        target[pos % target.length]! ^= 1 << bit;
        expect(mac.verify(badData, badMac)).toBe(false);
      },
    ),
    { seed: 8583, numRuns: 200 },
  );
}
