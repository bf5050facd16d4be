import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import {
  blockSizeOf,
  createCipher,
  decryptCbc,
  decryptEcb,
  encryptCbc,
  encryptEcb,
  getDefaultProvider,
  isCipherAlgorithm,
  keyLengthsOf,
  setDefaultProvider,
  type CipherAlgorithm,
  type CipherProvider,
} from '../../src/crypto/cipher.js';
import { isWeakKey } from '../../src/crypto/key-checks.js';
import { keyBytesFor, SecretKey } from '../../src/crypto/key.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { caught } from '../support/errors.js';
import { expectClean, forms } from '../support/planted.js';

interface CipherVector {
  id: string;
  sources: string[];
  request: {
    op: 'ecb' | 'cbc';
    alg: CipherAlgorithm;
    key: string;
    data: string;
    iv?: string;
    direction?: 'decrypt';
    iterations?: number;
  };
  expect: { result: string };
}
interface VectorFile {
  sources: Record<string, unknown>;
  groups: Record<string, { vectors: CipherVector[] }>;
}

const file = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/ciphers.json', import.meta.url), 'utf8'),
) as VectorFile;
const vectors = Object.values(file.groups).flatMap((g) => g.vectors);
const providers: CipherProvider[] = [portableProvider, nodeProvider];

// Raw bytes, or for the vectors that use a weak key (all-zero DES, K1 = K2) a key object that allows it.
function vectorKey(alg: CipherAlgorithm, hex: string): Uint8Array | SecretKey {
  const bytes = fromHex(hex);
  return isWeakKey(alg, bytes) ? SecretKey.fromBytes(alg, bytes, { allowWeakKeys: true }) : bytes;
}

function run(v: CipherVector, provider: CipherProvider): string {
  const { op, alg, direction } = v.request;
  const key = vectorKey(alg, v.request.key);
  const data = fromHex(v.request.data);
  const iv = v.request.iv === undefined ? undefined : fromHex(v.request.iv);
  if (op === 'cbc') {
    return toHex(direction === 'decrypt' ? decryptCbc(alg, key, data, { iv: iv, provider }) : encryptCbc(alg, key, data, { iv: iv, provider }));
  }
  return toHex(direction === 'decrypt' ? decryptEcb(alg, key, data, { provider }) : encryptEcb(alg, key, data, { provider }));
}

describe('published block-cipher vectors', () => {
  it('refuses the weak keys among them as raw bytes, with the way out in the text', () => {
    const weak = vectors.filter((v) => isWeakKey(v.request.alg, fromHex(v.request.key)));
    expect(weak.map((v) => v.id).sort()).toEqual(['botan-2key-k1eqk2', 'botan-5', 'botan-zero-key']);
    for (const v of weak) {
      const e = caught(() => encryptEcb(v.request.alg, fromHex(v.request.key), fromHex(v.request.data)));
      expect(e.code).toBe('WEAK_KEY');
      expect(e.message).toMatch(/^(des|tdes) key .+ \(make it a SecretKey with allowWeakKeys for test vectors\)$/);
    }
  });

  it('names a known source for every vector and covers every algorithm', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(30);
    for (const v of vectors) for (const s of v.sources) expect(file.sources).toHaveProperty(s);
    expect(new Set(vectors.map((v) => v.request.alg))).toEqual(new Set(['des', 'tdes', 'aes', 'sm4']));
  });

  for (const provider of providers) {
    describe(`with the ${provider.name} provider`, () => {
      for (const v of vectors.filter((x) => x.request.iterations === undefined)) {
        it(`gives the published result for ${v.request.alg} ${v.id}`, () => {
          expect(run(v, provider)).toBe(v.expect.result.toUpperCase());
        });
        it(`inverts ${v.request.alg} ${v.id} back to its input`, () => {
          const back: CipherVector = {
            ...v,
            request: {
              ...v.request,
              data: v.expect.result,
              direction: v.request.direction === 'decrypt' ? undefined : 'decrypt',
            },
          } as CipherVector;
          expect(run(back, provider)).toBe(v.request.data.toUpperCase());
        });
      }
    });
  }

  for (const v of vectors.filter((x) => x.request.iterations !== undefined)) {
    it(`reaches the published result of ${v.id} after ${v.request.iterations} encryptions with one key schedule`, () => {
      const cipher = createCipher(v.request.alg, vectorKey(v.request.alg, v.request.key), { provider: portableProvider });
      const block = fromHex(v.request.data);
      for (let i = 0; i < v.request.iterations!; i++) cipher.encryptBlock(block, 0, block, 0);
      expect(toHex(block)).toBe(v.expect.result);
    });
  }
});

const zeros = (n: number): Uint8Array => new Uint8Array(n);
const seq = (n: number, start = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (start + i * 29) & 255);

describe('key, data and iv sizes', () => {
  it.each([
    ['des', 7, 'des key must be 8 bytes, found 7 bytes', '8 bytes'],
    ['des', 16, 'des key must be 8 bytes, found 16 bytes', '8 bytes'],
    ['tdes', 8, 'tdes key must be 16 or 24 bytes, found 8 bytes', '16 or 24 bytes'],
    ['tdes', 32, 'tdes key must be 16 or 24 bytes, found 32 bytes', '16 or 24 bytes'],
    ['aes', 15, 'aes key must be 16, 24 or 32 bytes, found 15 bytes', '16, 24 or 32 bytes'],
    ['aes', 0, 'aes key must be 16, 24 or 32 bytes, found 0 bytes', '16, 24 or 32 bytes'],
    ['sm4', 24, 'sm4 key must be 16 bytes, found 24 bytes', '16 bytes'],
  ] as const)('rejects a %s key of %i bytes with BAD_KEY_LENGTH', (alg, length, message, expected) => {
    const e = caught(() => encryptEcb(alg, zeros(length), zeros(16)));
    expect(e.code).toBe('BAD_KEY_LENGTH');
    expect(e.message).toBe(message);
    expect(e.expected).toBe(expected);
    expect(e.found).toBe(`${length} bytes`);
  });

  it.each([
    ['des', 8, 12, 'des data must be a multiple of 8 bytes, found 12 bytes'],
    ['tdes', 16, 7, 'tdes data must be a multiple of 8 bytes, found 7 bytes'],
    ['aes', 16, 8, 'aes data must be a multiple of 16 bytes, found 8 bytes'],
    ['sm4', 16, 33, 'sm4 data must be a multiple of 16 bytes, found 33 bytes'],
  ] as const)('rejects %s data that is not whole blocks with BAD_DATA_LENGTH', (alg, keyLength, dataLength, message) => {
    for (const op of [encryptEcb, decryptEcb]) {
      const e = caught(() => op(alg, seq(keyLength), zeros(dataLength)));
      expect(e.code).toBe('BAD_DATA_LENGTH');
      expect(e.message).toBe(message);
    }
    for (const op of [encryptCbc, decryptCbc]) {
      expect(caught(() => op(alg, seq(keyLength), zeros(dataLength))).message).toBe(message);
    }
  });

  it('rejects an iv that is not one block with BAD_IV_LENGTH', () => {
    const e = caught(() => encryptCbc('aes', seq(16), zeros(32), { iv: zeros(8) }));
    expect(e.code).toBe('BAD_IV_LENGTH');
    expect(e.message).toBe('aes iv must be 16 bytes, found 8 bytes');
    expect(e.expected).toBe('16 bytes');
    expect(e.found).toBe('8 bytes');
    expect(caught(() => decryptCbc('tdes', seq(16), zeros(8), { iv: zeros(16) })).message).toBe(
      'tdes iv must be 8 bytes, found 16 bytes',
    );
  });

  it('rejects an unknown algorithm name with UNKNOWN_ALGORITHM and does not echo it', () => {
    const e = caught(() => encryptEcb('rc4' as CipherAlgorithm, seq(16), zeros(16)));
    expect(e.code).toBe('UNKNOWN_ALGORITHM');
    expect(e.message).toBe('cipher algorithm must be one of des, tdes, aes, sm4');
    expect(() => blockSizeOf('3des' as CipherAlgorithm)).toThrow('cipher algorithm must be one of des, tdes, aes, sm4');
    expect(caught(() => portableProvider.createCipher('rc4' as CipherAlgorithm, seq(16))).code).toBe('UNKNOWN_ALGORITHM');
  });

  it('never puts key or data bytes in an error message', () => {
    const key = fromHex('0123456789ABCDEFFEDCBA98765432');
    const e = caught(() => encryptEcb('tdes', key, fromHex('0011223344556677')));
    expect(e.message).not.toMatch(/0123|89AB|0011/i);
  });

  it('rejects a key, data or iv that is not bytes, without repeating it', () => {
    const hexKey = '0123456789ABCDEFFEDCBA9876543210' as unknown as Uint8Array;
    const e = caught(() => encryptEcb('tdes', hexKey, zeros(8)));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe('key must be a Uint8Array or a SecretKey (field key)');
    expect(e.path).toBe('key');
    expect(e.found).toBe('string');
    expect(caught(() => encryptEcb('tdes', null as unknown as Uint8Array, zeros(8))).found).toBe('null');
    const d = caught(() => encryptEcb('des', seq(8), '0011223344556677' as unknown as Uint8Array));
    expect(d.code).toBe('BAD_ARGUMENT');
    expect(d.message).toBe('data must be a Uint8Array (field data)');
    const v = caught(() => encryptCbc('des', seq(8), zeros(8), { iv: [0, 0, 0, 0, 0, 0, 0, 0] as unknown as Uint8Array }));
    expect(v.message).toBe('options.iv must be a Uint8Array (field options.iv)');
    expect(encryptEcb('des', seq(8), zeros(8))).toEqual(encryptEcb('des', Buffer.from(seq(8)), Buffer.alloc(8)));
  });

  it('accepts empty data as zero blocks', () => {
    expect(encryptEcb('des', seq(8), zeros(0))).toEqual(zeros(0));
    expect(decryptCbc('sm4', seq(16), zeros(0))).toEqual(zeros(0));
  });

  it('knows the block size and key sizes of each algorithm', () => {
    expect([blockSizeOf('des'), blockSizeOf('tdes'), blockSizeOf('aes'), blockSizeOf('sm4')]).toEqual([8, 8, 16, 16]);
    expect(keyLengthsOf('tdes')).toEqual([16, 24]);
    expect(keyLengthsOf('aes')).toEqual([16, 24, 32]);
    expect(isCipherAlgorithm('sm4')).toBe(true);
    expect(isCipherAlgorithm('SM4')).toBe(false);
  });
});

describe('ECB and CBC', () => {
  const key = fromHex('0123456789ABCDEFFEDCBA9876543210');

  it('chains CBC blocks: each ciphertext block is the ECB encryption of plaintext xor the previous one', () => {
    const iv = fromHex('1122334455667788');
    const data = seq(24, 5);
    const cbc = encryptCbc('tdes', key, data, { iv: iv });
    let prev = iv;
    for (let o = 0; o < 24; o += 8) {
      const x = data.slice(o, o + 8).map((b, i) => b ^ prev[i]!);
      expect(toHex(cbc.subarray(o, o + 8))).toBe(toHex(encryptEcb('tdes', key, x)));
      prev = cbc.subarray(o, o + 8);
    }
    expect(decryptCbc('tdes', key, cbc, { iv: iv })).toEqual(data);
  });

  it('uses a zero iv when none is given', () => {
    const data = seq(32, 9);
    expect(encryptCbc('sm4', key, data)).toEqual(encryptCbc('sm4', key, data, { iv: zeros(16) }));
    expect(encryptCbc('sm4', key, data.subarray(0, 16))).toEqual(encryptEcb('sm4', key, data.subarray(0, 16)));
  });

  it('leaves its inputs untouched', () => {
    const data = seq(16, 3);
    const iv = seq(8, 7);
    const dataCopy = data.slice();
    const ivCopy = iv.slice();
    const keyCopy = key.slice();
    encryptCbc('tdes', key, data, { iv: iv });
    decryptCbc('tdes', key, data, { iv: iv });
    encryptEcb('tdes', key, data);
    decryptEcb('tdes', key, data);
    expect(data).toEqual(dataCopy);
    expect(iv).toEqual(ivCopy);
    expect(key).toEqual(keyCopy);
  });

  it('accepts a SecretKey wherever it accepts key bytes', () => {
    const sk = SecretKey.fromBytes('tdes', key);
    const data = seq(16);
    expect(encryptEcb('tdes', sk, data)).toEqual(encryptEcb('tdes', key, data));
    expect(decryptCbc('tdes', sk, data, { iv: seq(8) })).toEqual(decryptCbc('tdes', key, data, { iv: seq(8) }));
    expect(createCipher('tdes', sk).blockSize).toBe(8);
    expect(keyBytesFor('tdes', sk)).toEqual(key);
  });

  it('refuses a SecretKey made for another algorithm', () => {
    const sk = SecretKey.fromBytes('aes', key);
    const e = caught(() => encryptEcb('sm4', sk, zeros(16)));
    expect(e.code).toBe('KEY_ALGORITHM_MISMATCH');
    expect(e.message).toBe('key is for aes and cannot be used for sm4');
  });
});

describe('the default provider', () => {
  it('is the portable provider until changed, and the one used when none is passed', () => {
    expect(getDefaultProvider()).toBe(portableProvider);
    const calls: string[] = [];
    const counting: CipherProvider = {
      name: 'counting',
      createCipher(alg, key) {
        calls.push(alg);
        return portableProvider.createCipher(alg, key);
      },
    };
    try {
      setDefaultProvider(counting);
      expect(getDefaultProvider()).toBe(counting);
      encryptEcb('des', seq(8), zeros(8));
      encryptCbc('aes', seq(16), zeros(16));
      expect(calls).toEqual(['des', 'aes']);
      encryptEcb('des', seq(8), zeros(8), { provider: portableProvider });
      expect(calls).toEqual(['des', 'aes']);
    } finally {
      setDefaultProvider(portableProvider);
    }
  });

  it('hands whole ECB and CBC runs to a cipher that offers bulk paths', () => {
    const seen: string[] = [];
    const bulk: CipherProvider = {
      name: 'bulk',
      createCipher(alg, key) {
        const inner = portableProvider.createCipher(alg, key);
        return {
          algorithm: inner.algorithm,
          blockSize: inner.blockSize,
          encryptBlock: (i, io, o, oo) => inner.encryptBlock(i, io, o, oo),
          decryptBlock: (i, io, o, oo) => inner.decryptBlock(i, io, o, oo),
          processEcb(encrypt, data) {
            seen.push(`ecb ${encrypt} ${data.length}`);
            return encrypt ? encryptEcb(alg, key, data, { provider: portableProvider }) : decryptEcb(alg, key, data, { provider: portableProvider });
          },
          processCbc(encrypt, data, iv) {
            seen.push(`cbc ${encrypt} ${data.length} ${toHex(iv)}`);
            return encrypt
              ? encryptCbc(alg, key, data, { iv: iv, provider: portableProvider })
              : decryptCbc(alg, key, data, { iv: iv, provider: portableProvider });
          },
        };
      },
    };
    const key = seq(16);
    expect(encryptEcb('aes', key, seq(32), { provider: bulk })).toEqual(encryptEcb('aes', key, seq(32)));
    expect(decryptEcb('aes', key, seq(16), { provider: bulk })).toEqual(decryptEcb('aes', key, seq(16)));
    expect(encryptCbc('tdes', key, seq(16), { provider: bulk })).toEqual(encryptCbc('tdes', key, seq(16)));
    expect(decryptCbc('tdes', key, seq(8), { iv: seq(8, 1), provider: bulk })).toEqual(decryptCbc('tdes', key, seq(8), { iv: seq(8, 1) }));
    expect(seen).toEqual(['ecb true 32', 'ecb false 16', 'cbc true 16 0000000000000000', `cbc false 8 ${toHex(seq(8, 1))}`]);
  });

  it('checks the key length before a custom provider sees the key', () => {
    let reached = false;
    const custom: CipherProvider = {
      name: 'custom',
      createCipher(alg, key) {
        reached = true;
        return portableProvider.createCipher(alg, key);
      },
    };
    expect(caught(() => encryptEcb('aes', seq(20), zeros(16), { provider: custom })).code).toBe('BAD_KEY_LENGTH');
    expect(reached).toBe(false);
  });
});

describe('renderings of a cipher', () => {
  const KEYS: Record<CipherAlgorithm, string> = {
    des: '0123456789ABCDEF',
    tdes: '0123456789ABCDEFFEDCBA9876543210',
    aes: '2B7E151628AED2A6ABF7158809CF4F3C',
    sm4: '0123456789ABCDEFFEDCBA9876543210',
  };
  const cases = (['des', 'tdes', 'aes', 'sm4'] as const).flatMap((alg) =>
    [portableProvider, nodeProvider].map((provider) => [alg, provider.name, provider] as const),
  );

  it.each(cases)('name a %s cipher from the %s provider by its algorithm, never its key or key schedule', (alg, _name, provider) => {
    // A cipher keyed from raw bytes keeps the key (node) or schedules made from it (an AES schedule begins with the key).
    const cipher = createCipher(alg, fromHex(KEYS[alg]), { provider });
    const name = provider === nodeProvider ? 'NodeBlockCipher' : `${alg[0]!.toUpperCase()}${alg.slice(1)}Cipher`;
    const bs = blockSizeOf(alg);
    expect(inspect(cipher, { depth: null, showHidden: true })).toBe(`${name} { algorithm: '${alg}', blockSize: ${bs} }`);
    expect(JSON.stringify({ cipher })).toBe(`{"cipher":{"algorithm":"${alg}","blockSize":${bs}}}`);
    expect(`${cipher as unknown as string}`).toBe(`${name} {"algorithm":"${alg}","blockSize":${bs}}`);
    expectClean(cipher, `${alg} cipher`, forms(KEYS[alg], true));
  });
});
