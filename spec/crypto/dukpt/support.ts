// Shared by the DUKPT specs: the vector file, both cipher providers, and the MAC and PIN-block steps the
// vectors apply to the working keys (built from the cipher layer, so the working keys are what is tested).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { encryptEcb, getDefaultProvider, type CipherProvider } from '../../../src/crypto/cipher.js';
import { type KeyInput, SecretKey } from '../../../src/crypto/key.js';
import { nodeProvider } from '../../../src/node/crypto-provider.js';

export interface DukptVector {
  id: string;
  sources: string[];
  request: Record<string, string | number | undefined>;
  expect: Record<string, string>;
}

interface DukptVectorFile {
  sources: Record<string, unknown>;
  tdes: { vectors: DukptVector[] };
  aes: { vectors: DukptVector[] };
}

export const vectors = JSON.parse(
  readFileSync(new URL('../../../fixtures/vectors/dukpt.json', import.meta.url), 'utf8'),
) as DukptVectorFile;

export const providers: readonly CipherProvider[] = [getDefaultProvider(), nodeProvider];

/** Latin-1 bytes of text. */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Upper-case hex of raw bytes or of a key object's bytes. */
export function hexOf(value: Uint8Array | SecretKey): string {
  return toHex(value instanceof SecretKey ? value.exportBytes() : value);
}

/** ISO 9797-1 MAC algorithm 3 (ANSI X9.19) with padding method 1, over a double-length key. */
export function retailMac(input: KeyInput, data: Uint8Array, provider: CipherProvider): Uint8Array {
  const key = input instanceof SecretKey ? input.exportBytes() : input;
  const padded = new Uint8Array(Math.max(8, Math.ceil(data.length / 8) * 8));
  padded.set(data);
  const k1 = provider.createCipher('des', key.subarray(0, 8));
  const k2 = provider.createCipher('des', key.subarray(8, 16));
  const x = new Uint8Array(8);
  for (let o = 0; o < padded.length; o += 8) {
    for (let i = 0; i < 8; i++) x[i]! ^= padded[o + i]!;
    k1.encryptBlock(x, 0, x, 0);
  }
  k2.decryptBlock(x, 0, x, 0);
  k1.encryptBlock(x, 0, x, 0);
  return x;
}

/** ISO 9564 format 4 encipherment: encrypt the PIN field, XOR the PAN field, encrypt again. */
export function encipherIso4(key: KeyInput, pinField: Uint8Array, pan: string, provider: CipherProvider): Uint8Array {
  const panDigits = `${pan.length - 12}${pan}`.padEnd(32, '0');
  const panField = Uint8Array.from({ length: 16 }, (_, i) => parseInt(panDigits.slice(2 * i, 2 * i + 2), 16));
  const first = encryptEcb('aes', key, pinField, { provider });
  for (let i = 0; i < 16; i++) first[i]! ^= panField[i]!;
  return encryptEcb('aes', key, first, { provider });
}

/**
 * Checks every expected value of a vector against the computation of the same name and returns how
 * many were checked; an expectation with no computation fails the test.
 */
export function checkExpectations(v: DukptVector, compute: Readonly<Record<string, () => Uint8Array | SecretKey>>): number {
  let checked = 0;
  for (const [name, expected] of Object.entries(v.expect)) {
    const fn = compute[name];
    expect(fn, `no check for ${name}`).toBeDefined();
    expect(hexOf(fn!()), `${v.id} ${name}`).toBe(expected);
    checked++;
  }
  return checked;
}
