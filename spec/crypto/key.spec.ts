import { inspect } from 'node:util';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { createCipher, encryptEcb, type CipherAlgorithm } from '../../src/crypto/cipher.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { kcv } from '../../src/crypto/kcv.js';
import { deriveHostKeysAes, deriveHostKeysTdes, deriveTransactionKeyAes, deriveTransactionKeyTdes } from '../../src/crypto/dukpt/index.js';
import { wrapTr31 } from '../../src/crypto/tr31/index.js';
import { keyAlgorithmOf, resolveKeyAlgorithm, SecretKey } from '../../src/crypto/key.js';
import { caught } from '../support/errors.js';
import { generateCupEcbMac } from '../../src/crypto/mac/cup-ecb-mac.js';
import { Iso8583Error } from '../../src/errors.js';

const HEX = '0123456789ABCDEFFEDCBA9876543210';


describe('SecretKey', () => {
  it('is built from hex or bytes and knows its algorithm and length', () => {
    const a = SecretKey.fromHex('tdes', HEX.toLowerCase());
    const b = SecretKey.fromBytes('tdes', fromHex(HEX));
    expect(a.algorithm).toBe('tdes');
    expect(a.length).toBe(16);
    expect(toHex(a.exportBytes())).toBe(HEX);
    expect(a.equals(b)).toBe(true);
  });

  it('copies the bytes it is given and the bytes it exports', () => {
    const raw = fromHex(HEX);
    const key = SecretKey.fromBytes('tdes', raw);
    raw.fill(0);
    const out = key.exportBytes();
    out.fill(0xff);
    expect(toHex(key.exportBytes())).toBe(HEX);
  });

  it('shows type, algorithm, length and KCV when printed, serialised or inspected', () => {
    const key = SecretKey.fromHex('tdes', HEX);
    expect(String(key)).toBe('SecretKey(tdes, 16 bytes, KCV 08D7B4)');
    expect(`${key}`).toBe('SecretKey(tdes, 16 bytes, KCV 08D7B4)');
    expect(JSON.stringify(key)).toBe('{"type":"SecretKey","algorithm":"tdes","length":16,"kcv":"08D7B4"}');
    // Node's inspector shows the masked view through the library's shared rendering helper.
    expect(inspect(key)).toBe("SecretKey { type: 'SecretKey', algorithm: 'tdes', length: 16, kcv: '08D7B4' }");
    expect(inspect({ nested: [key] }, { depth: 5 })).toBe(
      "{\n  nested: [\n    SecretKey { type: 'SecretKey', algorithm: 'tdes', length: 16, kcv: '08D7B4' }\n  ]\n}",
    );
    expect(inspect({ nested: { deeper: key } }, { depth: 0 })).toBe('{ nested: [Object] }');
    expect(Object.keys(key)).not.toContain('toJSON');
    // AES and SM4 show their CMAC check value at its default 5 bytes, as kcv() gives it.
    expect(String(SecretKey.fromHex('aes', '3F419E1CB7079442AA37474C2EFBF8B8'))).toBe(
      'SecretKey(aes, 16 bytes, KCV 08793E25AB)',
    );
  });

  it('hands its bytes to nothing that reflection finds on it, nor to a forged key object', () => {
    const key = SecretKey.fromHex('tdes', HEX);
    const found: unknown[] = [];
    for (const name of Reflect.ownKeys(key)) {
      const value = (key as unknown as Record<PropertyKey, unknown>)[name];
      found.push(value, typeof value === 'function' ? (value as (...a: unknown[]) => unknown)(key, HEX) : undefined);
    }
    expect(inspect(found, { showHidden: true, depth: 10, customInspect: false }).toUpperCase()).not.toContain(HEX.slice(0, 8));
    // An object posing as a key object, with a hidden slot of the same description, is a wiped key and learns nothing.
    const forged = Object.create(SecretKey.prototype) as SecretKey;
    const heard: unknown[] = [];
    const slot = Reflect.ownKeys(key).find((k) => typeof k === 'symbol')!;
    Object.defineProperty(forged, slot, { value: (...args: unknown[]) => void heard.push(...args) });
    expect(caught(() => forged.exportBytes()).code).toBe('KEY_WIPED');
    expect([forged.wiped, heard]).toEqual([true, []]);
  });

  it('opens its bytes to no other object its hidden slot is copied onto, by spread or by assignment', () => {
    const key = SecretKey.fromHex('tdes', HEX);
    const other = SecretKey.fromHex('tdes', 'FEDCBA98765432100123456789ABCDEF');
    const slot = Reflect.ownKeys(key).find((k) => typeof k === 'symbol')!;
    const posing = Object.assign(Object.create(SecretKey.prototype) as SecretKey, { ...key });
    expect(caught(() => posing.exportBytes()).code).toBe('KEY_WIPED');
    // A key given another key's slot is a wiped key: it neither exports nor runs a cipher under the other's bytes.
    Object.defineProperty(other, slot, { value: (key as unknown as Record<symbol, unknown>)[slot] });
    expect(other.wiped).toBe(true);
    expect(caught(() => other.exportBytes()).code).toBe('KEY_WIPED');
    expect(toHex(key.exportBytes())).toBe(HEX);
  });

  it('derives keys of the class of the key they come from, a caller\'s subclass included, with its own constructor run', () => {
    let made = 0;
    class CountedKey extends SecretKey {
      readonly label: string;
      protected constructor(algorithm: CipherAlgorithm, bytes: Uint8Array, options: undefined, owned: boolean, provider: typeof portableProvider) {
        super(algorithm, bytes, options, owned, provider);
        made++;
        this.label = 'counted';
      }
    }
    const ik = Reflect.construct(CountedKey, ['aes', fromHex('1273671EA26AC29AFA4D1084127652A1'), undefined, false, portableProvider]) as CountedKey;
    const derived = deriveTransactionKeyAes(ik, fromHex('123456789012345600000001'));
    expect([derived instanceof CountedKey, (derived as CountedKey).label, made]).toEqual([true, 'counted', 2]);
    const plain = deriveTransactionKeyAes(SecretKey.fromHex('aes', '1273671EA26AC29AFA4D1084127652A1'), fromHex('123456789012345600000001'));
    expect([plain.constructor === SecretKey, plain instanceof SecretKey, toHex(plain.exportBytes())]).toEqual([true, true, toHex(derived.exportBytes())]);
  });

  it('is a wiped key, not a crash, when made from its prototype and handed to a function that finds its provider', () => {
    const forged = Object.create(SecretKey.prototype) as SecretKey;
    for (const call of [() => deriveTransactionKeyAes(forged, fromHex('123456789012345600000001')), () => generateCupEcbMac(forged, new Uint8Array(8))]) {
      const e = caught(call);
      expect(e instanceof Iso8583Error).toBe(true);
    }
    expect(caught(() => deriveTransactionKeyAes(forged, fromHex('123456789012345600000001'))).code).toBe('KEY_WIPED');
  });

  it('never lets its key hex out through String, JSON, inspect, keys or spread', () => {
    const algs: [CipherAlgorithm, number][] = [['des', 8], ['tdes', 16], ['tdes', 24], ['aes', 16], ['aes', 32], ['sm4', 16]];
    fc.assert(
      fc.property(fc.constantFrom(...algs), fc.uint8Array({ minLength: 32, maxLength: 32 }), ([alg, n], raw) => {
        const bytes = raw.subarray(0, n);
        const key = SecretKey.fromBytes(alg, bytes);
        const hex = toHex(bytes);
        // Any 4-byte run of the key, in either case, would be a leak.
        const shown = [
          String(key),
          JSON.stringify(key),
          JSON.stringify({ k: key }),
          inspect(key, { showHidden: true, depth: 10 }),
          inspect({ ...key }, { showHidden: true, depth: 10 }),
          JSON.stringify(Object.entries(key)),
        ].join('|').toUpperCase();
        for (let i = 0; i + 8 <= hex.length; i += 2) expect(shown).not.toContain(hex.slice(i, i + 8));
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('checks the key length for its algorithm', () => {
    const e = caught(() => SecretKey.fromHex('tdes', '0123456789ABCDEF'));
    expect(e.code).toBe('BAD_KEY_LENGTH');
    expect(e.message).toBe('tdes key must be 16 or 24 bytes, found 8 bytes');
    expect(caught(() => SecretKey.fromBytes('aes', new Uint8Array(17))).message).toBe(
      'aes key must be 16, 24 or 32 bytes, found 17 bytes',
    );
  });

  it('rejects key material that is not bytes', () => {
    const e = caught(() => SecretKey.fromBytes('des', [1, 2, 3, 4, 5, 6, 7, 8] as unknown as Uint8Array));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe('bytes must be a Uint8Array (field bytes)');
  });

  it('rejects bad hex without repeating it', () => {
    const e = caught(() => SecretKey.fromHex('des', '0123456789ABCDEZ'));
    expect(e.code).toBe('BAD_HEX');
    expect(e.message).not.toContain('0123');
  });

  it('gives its check value like kcv() does', () => {
    const key = SecretKey.fromHex('aes', '3F419E1CB7079442AA37474C2EFBF8B8');
    expect(toHex(key.kcv())).toBe('08793E25AB');
    expect(key.kcv({ method: 'zero-block', length: 4 })).toEqual(
      kcv('aes', fromHex('3F419E1CB7079442AA37474C2EFBF8B8'), { method: 'zero-block', length: 4 }),
    );
  });

  it('tells keys apart by algorithm and bytes', () => {
    const k = SecretKey.fromHex('tdes', HEX);
    expect(k.equals(SecretKey.fromHex('tdes', HEX.replace(/0$/, '1')))).toBe(false);
    expect(k.equals(SecretKey.fromHex('aes', HEX))).toBe(false);
    expect(k.equals(SecretKey.fromHex('tdes', HEX + '0123456789ABCDEF'))).toBe(false);
  });

  it('zeroes its bytes on wipe and then refuses every use with KEY_WIPED', () => {
    const key = SecretKey.fromHex('tdes', HEX);
    expect(key.wiped).toBe(false);
    key.wipe();
    expect(key.wiped).toBe(true);
    for (const use of [
      () => key.exportBytes(),
      () => key.kcv(),
      () => encryptEcb('tdes', key, new Uint8Array(8)),
      () => key.equals(SecretKey.fromHex('tdes', HEX)),
    ]) {
      const e = caught(use);
      expect(e.code).toBe('KEY_WIPED');
      expect(e.message).toBe('key has been wiped and can no longer be used');
    }
    expect(String(key)).toBe('SecretKey(tdes, 16 bytes, wiped)');
    expect(JSON.stringify(key)).toBe('{"type":"SecretKey","algorithm":"tdes","length":16,"wiped":true}');
    key.wipe();
    expect(key.wiped).toBe(true);
  });

  it('zeroes the very array it held, not a copy', () => {
    // A cipher borrows the key's array; after wipe that array must be zero, not merely forgotten.
    const key = SecretKey.fromHex('des', '0123456789ABCDEF');
    let borrowed: Uint8Array | undefined;
    const spy = {
      name: 'spy',
      createCipher(_alg: CipherAlgorithm, bytes: Uint8Array) {
        borrowed = bytes;
        return { algorithm: 'des' as const, blockSize: 8 as const, encryptBlock() {}, decryptBlock() {} };
      },
    };
    encryptEcb('des', key, new Uint8Array(8), { provider: spy });
    expect(toHex(borrowed!)).toBe('0123456789ABCDEF');
    key.wipe();
    expect(toHex(borrowed!)).toBe('0000000000000000');
  });
});

describe('the algorithm a key input runs under', () => {
  it('reads raw bytes as DES when 8 bytes long and TDES otherwise, and a key object as its own algorithm', () => {
    expect(keyAlgorithmOf(new Uint8Array(8))).toBe('des');
    expect(keyAlgorithmOf(new Uint8Array(16))).toBe('tdes');
    expect(keyAlgorithmOf(new Uint8Array(24))).toBe('tdes');
    expect(keyAlgorithmOf(SecretKey.fromHex('aes', HEX))).toBe('aes');
    expect(keyAlgorithmOf(SecretKey.fromHex('des', '0123456789ABCDEF'))).toBe('des');
  });

  it('reads a Uint8Array made in another realm as raw bytes', () => {
    const foreign = runInNewContext('new Uint8Array(8)') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(keyAlgorithmOf(foreign)).toBe('des');
  });

  it.each([
    ['an 8-byte raw key for CBC-MAC', 8, ['des', 'tdes', 'aes', 'sm4'], undefined, 'des'],
    ['a 32-byte raw key for CBC-MAC', 32, ['des', 'tdes', 'aes', 'sm4'], undefined, 'aes'],
    ['a 16-byte raw key for a DES-family function', 16, ['des', 'tdes'], undefined, 'tdes'],
    ['a 16-byte raw key named aes', 16, ['des', 'tdes', 'aes', 'sm4'], 'aes', 'aes'],
    ['a 16-byte raw key named sm4 for the CUP MAC', 16, ['des', 'tdes', 'sm4'], 'sm4', 'sm4'],
  ] as const)('resolves %s', (_name, length, allowed, requested, alg) => {
    expect(resolveKeyAlgorithm(new Uint8Array(length), allowed, 'CBC-MAC', requested)).toBe(alg);
  });

  it.each([
    [16, ['des', 'tdes', 'aes', 'sm4'], 'a raw 16-byte key could be tdes, aes or sm4 for CBC-MAC: name it in options.algorithm or pass a SecretKey'],
    [24, ['des', 'tdes', 'aes', 'sm4'], 'a raw 24-byte key could be tdes or aes for CBC-MAC: name it in options.algorithm or pass a SecretKey'],
    [16, ['des', 'tdes', 'sm4'], 'a raw 16-byte key could be tdes or sm4 for CBC-MAC: name it in options.algorithm or pass a SecretKey'],
  ] as const)('never reads a raw %i-byte key as TDES when another algorithm takes it too', (length, allowed, message) => {
    const e = caught(() => resolveKeyAlgorithm(new Uint8Array(length), allowed, 'CBC-MAC'));
    expect(e.code).toBe('BAD_KEY_TYPE');
    expect(e.message).toBe(message);
    expect(e.expected).toBe('options.algorithm or a SecretKey');
  });

  it('refuses a key object of another algorithm than the one named or allowed, without key bytes', () => {
    const sm4 = SecretKey.fromHex('sm4', HEX);
    expect(caught(() => resolveKeyAlgorithm(sm4, ['des', 'tdes'], 'TMK'))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'TMK needs a des or tdes key',
      expected: 'des or tdes',
      found: 'sm4',
    });
    expect(caught(() => resolveKeyAlgorithm(sm4, ['des', 'tdes', 'aes', 'sm4'], 'CMAC', 'aes')).message).toBe(
      'CMAC key object is sm4, not the requested aes',
    );
    expect(caught(() => resolveKeyAlgorithm('0123' as unknown as Uint8Array, ['des'], 'X9.9'))).toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'key must be a Uint8Array or a SecretKey (field key)',
      found: 'string',
    });
  });
});

describe('ciphers made from a key object', () => {
  const plainProvider = {
    // A provider whose ciphers cannot wipe themselves: the library must fence them.
    name: 'no-wipe',
    createCipher(alg: CipherAlgorithm, bytes: Uint8Array) {
      const inner = nodeProvider.createCipher(alg, bytes);
      return {
        algorithm: inner.algorithm,
        blockSize: inner.blockSize,
        encryptBlock: inner.encryptBlock.bind(inner),
        decryptBlock: inner.decryptBlock.bind(inner),
      };
    },
  };
  const keys: Array<[CipherAlgorithm, string]> = [
    ['des', '0123456789ABCDEF'],
    ['tdes', HEX],
    ['aes', '2B7E151628AED2A6ABF7158809CF4F3C'],
    ['sm4', HEX],
  ];
  const cases = keys.flatMap(([alg, hex]) =>
    [portableProvider, nodeProvider, plainProvider].map((p) => [alg, p.name, hex, p] as const),
  );

  it.each(cases)('a %s cipher from the %s provider stops with KEY_WIPED once its key is wiped', (alg, _name, hex, provider) => {
    const key = SecretKey.fromHex(alg, hex);
    const cipher = createCipher(alg, key, { provider });
    const bs = cipher.blockSize;
    const block = new Uint8Array(bs);
    cipher.encryptBlock(block, 0, block, 0);
    key.wipe();
    for (const use of [
      () => cipher.encryptBlock(new Uint8Array(bs), 0, new Uint8Array(bs), 0),
      () => cipher.decryptBlock(new Uint8Array(bs), 0, new Uint8Array(bs), 0),
    ]) {
      expect(caught(use)).toMatchObject({ code: 'KEY_WIPED', message: 'key has been wiped and can no longer be used' });
    }
  });

  it.each(cases)('wiping a %s cipher handle from the %s provider ends that handle only', (alg, _name, hex, provider) => {
    const key = SecretKey.fromHex(alg, hex);
    const first = createCipher(alg, key, { provider });
    const second = createCipher(alg, key, { provider });
    const bs = first.blockSize;
    const a = new Uint8Array(bs);
    first.encryptBlock(new Uint8Array(bs), 0, a, 0);
    first.wipe!();
    expect(caught(() => first.encryptBlock(new Uint8Array(bs), 0, new Uint8Array(bs), 0)).code).toBe('KEY_WIPED');
    const b = new Uint8Array(bs);
    second.encryptBlock(new Uint8Array(bs), 0, b, 0);
    expect(b).toEqual(a);
    expect(toHex(key.kcv({ provider }))).toBe(toHex(kcv(alg, key, { provider })));
  });

  it('keys a key object once per provider, for every operation', () => {
    let made = 0;
    const counting = {
      name: 'counting',
      createCipher(alg: CipherAlgorithm, bytes: Uint8Array) {
        made++;
        return portableProvider.createCipher(alg, bytes);
      },
    };
    const key = SecretKey.fromHex('tdes', HEX);
    encryptEcb('tdes', key, new Uint8Array(16), { provider: counting });
    kcv('tdes', key, { provider: counting });
    createCipher('tdes', key, { provider: counting }).encryptBlock(new Uint8Array(8), 0, new Uint8Array(8), 0);
    key.kcv({ provider: counting });
    expect(made).toBe(1);
  });

  it('keys a BDK, a DUKPT initial key and a KBPK held as key objects once, however many derivations or wraps use them', () => {
    const keyed: string[] = [];
    const counting = {
      name: 'counting',
      createCipher(alg: CipherAlgorithm, bytes: Uint8Array) {
        keyed.push(toHex(bytes));
        return portableProvider.createCipher(alg, bytes);
      },
    };
    const o = { provider: counting };
    const times = (hex: string) => keyed.filter((k) => k === hex).length;
    const bdkTdes = SecretKey.fromHex('tdes', HEX);
    const ipek = SecretKey.fromHex('tdes', '6AC292FAA1315B4D858AB3A3D7D5933A');
    const bdkAes = SecretKey.fromHex('aes', 'FEDCBA9876543210F1F1F1F1F1F1F1F1');
    const ikAes = SecretKey.fromHex('aes', '1273671EA26AC29AFA4D1084127652A1');
    const kbpk = SecretKey.fromHex('tdes', '89ABCDEF0123456776543210FEDCBA98');
    for (const counter of ['E00001', 'E00002', 'E00003']) {
      deriveHostKeysTdes(bdkTdes, fromHex(`FFFF9876543211${counter}`), o);
      deriveTransactionKeyTdes(ipek, fromHex(`FFFF9876543210${counter}`), o);
      deriveHostKeysAes(bdkAes, fromHex(`1234567890123457${counter}00`), o);
      deriveTransactionKeyAes(ikAes, fromHex(`1234567890123456${counter}00`), o);
      wrapTr31(kbpk, fromHex(HEX), { versionId: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', exportability: 'E' }, o);
    }
    // TDES DUKPT's first step runs under the initial key's left half. (The host derivations use other devices'
    // KSNs: under these BDKs the example KSNs give the very initial keys below, as raw bytes keyed afresh.)
    expect([times(HEX), times(toHex(ipek.exportBytes().subarray(0, 8))), times(toHex(bdkAes.exportBytes())), times(toHex(ikAes.exportBytes())), times(toHex(kbpk.exportBytes()))]).toEqual([1, 1, 1, 1, 1]);
  });
});
