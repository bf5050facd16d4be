import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import {
  decryptCbc,
  decryptEcb,
  encryptCbc,
  encryptEcb,
  keyLengthsOf,
  type CipherAlgorithm,
} from '../../src/crypto/cipher.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { Iso8583Error } from '../../src/errors.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';

const algorithms: CipherAlgorithm[] = ['des', 'tdes', 'aes', 'sm4'];

// A key of an allowed length, whole blocks of data (up to 4) and one block of IV for `alg`.
function inputs(alg: CipherAlgorithm) {
  const bs = alg === 'des' || alg === 'tdes' ? 8 : 16;
  const key = fc
    .constantFrom(...keyLengthsOf(alg))
    .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
  const data = fc.integer({ min: 0, max: 4 }).chain((n) => fc.uint8Array({ minLength: n * bs, maxLength: n * bs }));
  const iv = fc.uint8Array({ minLength: bs, maxLength: bs });
  return fc.tuple(key, data, iv);
}

describe('the node:crypto provider', () => {
  it('is named node', () => {
    expect(nodeProvider.name).toBe('node');
  });

  for (const alg of algorithms) {
    it(`gives the same ${alg} results as the portable provider in ECB and CBC, both directions`, () => {
      fc.assert(
        fc.property(inputs(alg), ([key, data, iv]) => {
          for (const op of [encryptEcb, decryptEcb]) {
            expect(toHex(op(alg, key, data, { provider: nodeProvider }))).toBe(toHex(op(alg, key, data, { provider: portableProvider })));
          }
          for (const op of [encryptCbc, decryptCbc]) {
            expect(toHex(op(alg, key, data, { iv, provider: nodeProvider }))).toBe(toHex(op(alg, key, data, { iv, provider: portableProvider })));
          }
        }),
        { seed: 8583, numRuns: 60 },
      );
    });

    it(`round-trips ${alg} data through encryption and decryption`, () => {
      fc.assert(
        fc.property(inputs(alg), ([key, data, iv]) => {
          expect(decryptEcb(alg, key, encryptEcb(alg, key, data, { provider: nodeProvider }), { provider: nodeProvider })).toEqual(data);
          expect(decryptCbc(alg, key, encryptCbc(alg, key, data, { iv: iv, provider: nodeProvider }), { iv: iv, provider: nodeProvider })).toEqual(data);
        }),
        { seed: 8583, numRuns: 40 },
      );
    });
  }

  it('keeps one context per direction: interleaved blocks and directions stay independent', () => {
    const key = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const c = nodeProvider.createCipher('tdes', key);
    const p = portableProvider.createCipher('tdes', key);
    const block = fromHex('3132333435363738');
    const a = new Uint8Array(8);
    const b = new Uint8Array(8);
    for (let i = 0; i < 5; i++) {
      c.encryptBlock(block, 0, a, 0);
      expect(toHex(a)).toBe('41D2FFBA3CDC15FE');
      c.decryptBlock(a, 0, b, 0);
      expect(b).toEqual(block);
    }
    p.encryptBlock(block, 0, a, 0);
    expect(toHex(a)).toBe('41D2FFBA3CDC15FE');
  });

  it('gives the same results through its bulk paths as block by block, and returns plain Uint8Arrays', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...algorithms).chain((alg) => fc.tuple(fc.constant(alg), inputs(alg))),
        ([alg, [key, data, iv]]) => {
          const c = nodeProvider.createCipher(alg, key);
          const bs = c.blockSize;
          const ecb = c.processEcb!(true, data);
          const cbc = c.processCbc!(true, data, iv);
          expect(Object.getPrototypeOf(ecb)).toBe(Uint8Array.prototype);
          expect(Object.getPrototypeOf(cbc)).toBe(Uint8Array.prototype);
          const block = new Uint8Array(bs);
          let chain: Uint8Array = iv;
          for (let o = 0; o < data.length; o += bs) {
            c.encryptBlock(data, o, block, 0);
            expect(block).toEqual(ecb.subarray(o, o + bs));
            const x = data.slice(o, o + bs).map((b, i) => b ^ chain[i]!);
            c.encryptBlock(x, 0, block, 0);
            expect(block).toEqual(cbc.subarray(o, o + bs));
            chain = cbc.subarray(o, o + bs);
          }
          expect(c.processEcb!(false, ecb)).toEqual(data);
          expect(c.processCbc!(false, cbc, iv)).toEqual(data);
        },
      ),
      { seed: 8583, numRuns: 60 },
    );
  });

  it('encrypts in place and at offsets', () => {
    const c = nodeProvider.createCipher('aes', fromHex('000102030405060708090A0B0C0D0E0F'));
    const buf = new Uint8Array(19);
    buf.set(fromHex('00112233445566778899AABBCCDDEEFF'), 3);
    c.encryptBlock(buf, 3, buf, 3);
    expect(toHex(buf, 3)).toBe('69C4E0D86A7B0430D8CDB78070B4C55A');
  });

  it('rejects wrong key sizes and misplaced blocks with the same errors as the portable provider', () => {
    for (const [alg, n] of [['des', 16], ['tdes', 8], ['aes', 20], ['sm4', 8]] as const) {
      let nodeError: unknown;
      let portableError: unknown;
      try {
        nodeProvider.createCipher(alg, new Uint8Array(n));
      } catch (e) {
        nodeError = e;
      }
      try {
        portableProvider.createCipher(alg, new Uint8Array(n));
      } catch (e) {
        portableError = e;
      }
      expect(nodeError).toBeInstanceOf(Iso8583Error);
      expect((nodeError as Iso8583Error).code).toBe('BAD_KEY_LENGTH');
      expect((nodeError as Error).message).toBe((portableError as Error).message);
    }
    const c = nodeProvider.createCipher('sm4', new Uint8Array(16));
    expect(() => c.decryptBlock(new Uint8Array(16), 1, new Uint8Array(16), 0)).toThrow(
      'a block of 16 bytes does not fit at the given offset',
    );
  });
});
