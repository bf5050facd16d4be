import { createCipheriv } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { CipherProvider } from '../../src/crypto/cipher.js';
import { SecretKey } from '../../src/crypto/key.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { decryptTrackData, encryptTrackData, type TrackCipherScheme } from '../../src/crypto/track-encryption.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { caught } from '../support/errors.js';

const providers: ReadonlyArray<readonly [string, CipherProvider]> = [
  ['portable', portableProvider],
  ['node', nodeProvider],
];


// node:crypto directly, outside the library, as an independent TDES-ECB (2-key: K1 K2 K1).
function nodeTdesEcb(key: Uint8Array, block: Uint8Array): string {
  const k = Buffer.concat([key, key.subarray(0, 8)]);
  const c = createCipheriv('des-ede3', k, null).setAutoPadding(false);
  return toHex(Buffer.concat([c.update(block), c.final()]));
}

// Track 2 of the captured qPBOC sale (cup-0200-sale-1): 37 digits, packed with a trailing F.
const TRACK2 = fromHex('6210810840003424940D27062207001000100F');
const TDK = fromHex('11223344556677888877665544332211');

describe('track data encryption with the TDK', () => {
  it('encrypts exactly the 8 bytes that end one byte before the last packed byte', () => {
    const n = TRACK2.length;
    const expected =
      toHex(TRACK2.subarray(0, n - 9)) + nodeTdesEcb(TDK, TRACK2.subarray(n - 9, n - 1)) + toHex(TRACK2.subarray(n - 1));
    for (const [, provider] of providers) {
      const enc = encryptTrackData(TRACK2, TDK, { provider });
      expect(toHex(enc)).toBe(expected);
      expect(enc.length).toBe(TRACK2.length);
      expect(toHex(decryptTrackData(enc, TDK, { provider }))).toBe(toHex(TRACK2));
    }
    expect(toHex(TRACK2)).toBe('6210810840003424940D27062207001000100F');
  });

  it('accepts the TDK as a SecretKey', () => {
    const tdk = SecretKey.fromBytes('tdes', TDK);
    expect(encryptTrackData(TRACK2, tdk)).toEqual(encryptTrackData(TRACK2, TDK));
  });

  it('encrypts every block in the whole-track scheme', () => {
    const padded = fromHex('6210810840003424940D27062207001000100F0000000000');
    const enc = encryptTrackData(padded, TDK, { scheme: 'whole', provider: portableProvider });
    expect(toHex(enc)).toBe(nodeTdesEcb(TDK, padded));
    expect(decryptTrackData(enc, TDK, { scheme: 'whole' })).toEqual(padded);
  });

  it('runs a scheme supplied by the caller', () => {
    const reversed: TrackCipherScheme = {
      encrypt: (p) => p.slice().reverse(),
      decrypt: (p) => p.slice().reverse(),
    };
    expect(encryptTrackData(fromHex('0102'), TDK, { scheme: reversed })).toEqual(fromHex('0201'));
  });

  it('refuses tracks too short for the scheme with exact messages', () => {
    expect(caught(() => encryptTrackData(new Uint8Array(8), TDK))).toMatchObject({
      code: 'BAD_TRACK_LENGTH',
      message: 'track data must be at least 9 bytes for CUP track encryption',
      expected: '9 or more bytes',
      found: '8 bytes',
    });
    expect(caught(() => encryptTrackData(new Uint8Array(9), TDK, { scheme: 'whole' }))).toMatchObject({
      code: 'BAD_TRACK_LENGTH',
      message: 'track data must be a multiple of 8 bytes for whole-track encryption',
      found: '9 bytes',
    });
    expect(caught(() => encryptTrackData(TRACK2, SecretKey.fromBytes('aes', TDK)))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'TDK needs a des or tdes key',
    });
  });

  it('round-trips any packed track and leaves all but the encrypted block untouched', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 9, maxLength: 52 }), (track) => {
        const [a, b] = providers.map(([, provider]) => encryptTrackData(track, TDK, { provider }));
        expect(toHex(a!)).toBe(toHex(b!));
        const n = track.length;
        expect(toHex(a!.subarray(0, n - 9))).toBe(toHex(track.subarray(0, n - 9)));
        expect(a![n - 1]).toBe(track[n - 1]);
        expect(decryptTrackData(a!, TDK)).toEqual(track);
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});

describe('a TDK made in another realm', () => {
  it('is read as raw key bytes, like a local Uint8Array', () => {
    const foreign = runInNewContext('new Uint8Array(16)') as Uint8Array;
    foreign.set(TDK);
    expect(toHex(encryptTrackData(TRACK2, foreign))).toBe(toHex(encryptTrackData(TRACK2, TDK)));
  });
});
