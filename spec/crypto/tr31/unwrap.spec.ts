import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../../src/bytes/hex.js';
import { encryptCbc } from '../../../src/crypto/cipher.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { tr31BindingKeys } from '../../../src/crypto/tr31/binding-keys.js';
import { cmacWithCipher as cmac } from '../../../src/crypto/cmac-core.js';
import { unwrapTr31 } from '../../../src/crypto/tr31/unwrap.js';
import { wrapTr31 } from '../../../src/crypto/tr31/wrap.js';
import { providers, vectors } from './support.js';
import { caught } from '../../support/errors.js';

const MISMATCH = 'key block MAC does not verify: wrong KBPK or altered key block';

function vector(id: string) {
  const v = vectors.tr31.vectors.find((x) => x.id === id);
  if (v === undefined) throw new Error(`no vector ${id}`);
  return { kbpk: fromHex(v.request.kbpk), block: v.request.key_block, key: v.expect.key };
}

// One character replaced by another upper-case hex digit.
function alterHexAt(block: string, at: number): string {
  return block.slice(0, at) + (block[at] === '0' ? '1' : '0') + block.slice(at + 1);
}

describe.each(providers.map((p) => [p.name, p] as const))('TR-31 unwrap with the %s provider', (_name, provider) => {
  it('opens every published key block of versions A, B, C and D', () => {
    expect(vectors.tr31.vectors).toHaveLength(22);
    const versions = new Set<string>();
    for (const v of vectors.tr31.vectors) {
      const { header, key } = unwrapTr31(fromHex(v.request.kbpk), v.request.key_block, { provider });
      expect(toHex(key.exportBytes()), v.id).toBe(v.expect.key);
      expect(header.versionId, v.id).toBe(v.expect.version_id);
      versions.add(header.versionId);
    }
    expect([...versions].sort()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('rejects every version under a wrong KBPK', () => {
    for (const id of ['payshield-a', 'payshield-b', 'payshield-c', 'payshield-d-bdk']) {
      const { kbpk, block } = vector(id);
      const wrong = kbpk.slice();
      // Bit 0 of a DES key byte is parity and does not change the key; flip bit 1.
      wrong[0]! ^= 0x02;
      const e = caught(() => unwrapTr31(wrong, block, { provider }));
      expect(e.code, id).toBe('TR31_MAC_MISMATCH');
      expect(e.message).toBe(MISMATCH);
    }
  });

  it('rejects an altered ciphertext or MAC digit in every version', () => {
    for (const id of ['payshield-a', 'payshield-b', 'payshield-c', 'payshield-d-bdk']) {
      const { kbpk, block } = vector(id);
      for (const at of [16, 20, block.length - 17, block.length - 1]) {
        const e = caught(() => unwrapTr31(kbpk, alterHexAt(block, at), { provider }));
        expect(e.code, `${id} at ${at}`).toBe('TR31_MAC_MISMATCH');
      }
    }
  });
});

describe('TR-31 unwrap checks', () => {
  it('accepts the KBPK as a SecretKey object', () => {
    const { kbpk, block, key } = vector('x9143-8.1');
    expect(toHex(unwrapTr31(SecretKey.fromBytes('aes', kbpk), block).key.exportBytes())).toBe(key);
  });

  it('rejects lower-case hex in the body, naming its offset', () => {
    const { kbpk, block } = vector('payshield-b');
    const at = block.indexOf('C', 16);
    const e = caught(() => unwrapTr31(kbpk, block.slice(0, at) + 'c' + block.slice(at + 1)));
    expect(e.code).toBe('TR31_BAD_KEY_BLOCK');
    expect(e.message).toBe(`key block body must be upper-case hex (byte ${at})`);
    expect(e.offset).toBe(at);
  });

  it('rejects key data that does not fill whole cipher blocks', () => {
    const { kbpk, block } = vector('payshield-b');
    const short = 'B0078' + block.slice(5, 18) + block.slice(20);
    const e = caught(() => unwrapTr31(kbpk, short));
    expect(e.code).toBe('TR31_BAD_KEY_BLOCK');
    expect(e.message).toBe('encrypted key data must fill whole 8-byte cipher blocks (byte 16)');
    expect(e.found).toBe('46 hex digits');
    const none = caught(() => unwrapTr31(fromHex('88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6'), 'D0048P0AE00E0000' + '0'.repeat(32)));
    expect(none.message).toBe('encrypted key data must fill whole 16-byte cipher blocks (byte 16)');
    expect(none.found).toBe('no key data');
  });

  it('rejects a KBPK whose length the version does not allow', () => {
    const b = caught(() => unwrapTr31(new Uint8Array(32), vector('payshield-b').block));
    expect(b.code).toBe('TR31_BAD_KBPK');
    expect(b.message).toBe('version B KBPK must be 16 or 24 bytes');
    expect(b.found).toBe('32 bytes');
    const d = caught(() => unwrapTr31(new Uint8Array(8), vector('payshield-d-bdk').block));
    expect(d.message).toBe('version D KBPK must be 16, 24 or 32 bytes');
  });

  it('rejects a block whose MAC verifies but whose key length field overruns the key data', () => {
    const kbpk = fromHex('DD7515F2BFC17F85CE48F3CA25CB21F6');
    const header = 'B0080P0TE00E0000';
    // 24 bytes of key data claiming a 256-bit key.
    const clear = concatBytes(fromHex('0100'), new Uint8Array(22));
    const keys = tr31BindingKeys('B', kbpk, providers[0]!);
    const macInput = concatBytes(Uint8Array.from(header, (c) => c.charCodeAt(0)), clear);
    const mac = cmac(providers[0]!.createCipher('tdes', keys.macKey), macInput);
    const block = header + toHex(encryptCbc('tdes', keys.encryptionKey, clear, { iv: mac })) + toHex(mac);
    const e = caught(() => unwrapTr31(kbpk, block));
    expect(e.code).toBe('TR31_BAD_KEY_LENGTH');
    expect(e.message).toBe('key length field of the decrypted key data is malformed');
  });

  it('reports a malformed header before touching the KBPK', () => {
    const e = caught(() => unwrapTr31(new Uint8Array(3), 'X0016M3TC00E0000'));
    expect(e.code).toBe('TR31_BAD_HEADER');
    expect(e.message).toBe('key block version must be A, B, C or D (byte 0)');
  });
});

describe('TR-31 unwrap of a weak key', () => {
  const kbpk = fromHex('DD7515F2BFC17F85CE48F3CA25CB21F6');
  const header = { versionId: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', exportability: 'E' } as const;
  const random = (n: number) => Uint8Array.from({ length: n }, (_, i) => i + 1);

  it.each([
    ['T', '0123456789ABCDEF0123456789ABCDEF', 'unwrapped key has equal halves, so it is single DES (allowWeakKeys accepts it for test vectors)'],
    ['T', '00'.repeat(16), 'unwrapped key is all zeros (allowWeakKeys accepts it for test vectors)'],
    ['D', 'E0E0E0E0F1F1F1F1', 'unwrapped key is a weak or semi-weak DES key (allowWeakKeys accepts it for test vectors)'],
    ['A', '00'.repeat(32), 'unwrapped key is all zeros (allowWeakKeys accepts it for test vectors)'],
  ])('refuses a key of algorithm %s that is weak (%s) unless allowWeakKeys', (algorithm, keyHex, message) => {
    const alg = algorithm === 'T' ? 'tdes' : algorithm === 'D' ? 'des' : 'aes';
    const key = SecretKey.fromHex(alg, keyHex, { allowWeakKeys: true });
    const block = wrapTr31(kbpk, key, { ...header, algorithm }, { random });
    expect(caught(() => unwrapTr31(kbpk, block))).toMatchObject({ code: 'WEAK_KEY', message });
    expect(toHex(unwrapTr31(kbpk, block, { allowWeakKeys: true }).key.exportBytes())).toBe(keyHex);
  });
});

describe('TR-31 unwrap gives key objects', () => {
  const kbpk = fromHex('DD7515F2BFC17F85CE48F3CA25CB21F6');
  const random = (n: number) => Uint8Array.from({ length: n }, (_, i) => i + 1);

  it.each([
    ['T', '0123456789ABCDEFFEDCBA9876543210', 'tdes'],
    ['T', '0123456789ABCDEF', 'des'],
    ['D', '0123456789ABCDEF', 'des'],
    ['A', '2B7E151628AED2A6ABF7158809CF4F3C', 'aes'],
  ])('reads algorithm %s with key %s as a %s key object', (algorithm, keyHex, alg) => {
    const block = wrapTr31(kbpk, fromHex(keyHex), { versionId: 'B', keyUsage: 'P0', algorithm, modeOfUse: 'E', exportability: 'E' }, { random });
    const { key } = unwrapTr31(kbpk, block);
    expect(key).toBeInstanceOf(SecretKey);
    expect(key.algorithm).toBe(alg);
    expect(String(key)).not.toContain(keyHex.slice(0, 8));
  });

  it.each([
    ['H', '00112233445566778899AABBCCDDEEFF00112233'],
    ['T', '0123456789ABCDEF01'],
    ['A', '0123456789ABCDEF'],
  ])('refuses to make a key object of algorithm %s with a %s key', (algorithm, keyHex) => {
    const block = wrapTr31(kbpk, fromHex(keyHex), { versionId: 'B', keyUsage: 'M7', algorithm, modeOfUse: 'C', exportability: 'E' }, { random });
    expect(caught(() => unwrapTr31(kbpk, block))).toMatchObject({
      code: 'TR31_UNSUPPORTED_KEY',
      message: 'key block holds a key that is not a DES, TDES or AES key of a length this library takes (byte 7)',
    });
  });
});
