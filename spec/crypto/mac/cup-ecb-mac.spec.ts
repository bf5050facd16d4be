import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { type BlockCipher, type CipherAlgorithm, encryptEcb } from '../../../src/crypto/cipher.js';
import { portableProvider } from '../../../src/crypto/portable-provider.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { generateCupEcbMac, verifyCupEcbMac } from '../../../src/crypto/mac/cup-ecb-mac.js';
import { hex, macGroup, providers } from './mac-vectors.js';
import { caught } from '../../support/errors.js';

interface CupMacs {
  macs: Array<{ id: string; source: string; frame?: string; mab?: string; mab_offset?: number; mab_trailer?: number;
    mak?: string; tak_clear?: string; mac_field?: string; mac_ascii: string }>;
}
const cup = JSON.parse(
  readFileSync(new URL('../../../fixtures/vectors/cup-keys.json', import.meta.url), 'utf8'),
) as CupMacs;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

// The steps of the CUP algorithm written out one by one with plain ECB calls, keeping every
// intermediate value so they can be compared with a published worked example.
function stepByStep(alg: CipherAlgorithm, key: Uint8Array, mab: Uint8Array) {
  const bs = alg === 'sm4' ? 16 : 8;
  const padded = new Uint8Array(Math.ceil(mab.length / bs) * bs);
  padded.set(mab);
  const xorBlock = new Uint8Array(bs);
  for (let o = 0; o < padded.length; o += bs) for (let i = 0; i < bs; i++) xorBlock[i]! ^= padded[o + i]!;
  const expanded = ascii(toHex(xorBlock));
  const encLeft = encryptEcb(alg, key, expanded.subarray(0, bs));
  const xorRight = encLeft.map((b, i) => b ^ expanded[bs + i]!);
  const finalBlock = encryptEcb(alg, key, xorRight);
  return { xorBlock, expanded, encLeft, xorRight, finalBlock, mac: ascii(toHex(finalBlock).slice(0, 8)) };
}

describe('CUP POS "ECB" MAC', () => {
  for (const [name, provider] of providers) {
    describe(`with the ${name} provider`, () => {
      for (const v of macGroup('mac-unionpay-ecb')) {
        it(`gives the published MAC for ${v.id}`, () => {
          const mac = generateCupEcbMac(hex(v.request.key), hex(v.request.data), { provider });
          expect(toHex(mac)).toBe(v.expect.mac);
          expect(text(mac)).toBe(v.expect.mac_ascii);
          expect(verifyCupEcbMac(hex(v.request.key), hex(v.request.data), mac, { provider })).toBe(true);
        });
      }

      it('reproduces the MAC carried in field 64 of the captured qPBOC sale (cup-0200-sale-1)', () => {
        const m = cup.macs.find((x) => x.id === 'cup-0200-sale-1')!;
        const frame = hex(m.frame!);
        const mab = frame.subarray(m.mab_offset!, frame.length - m.mab_trailer!);
        const field64 = frame.subarray(frame.length - 8);
        expect(toHex(field64)).toBe(m.mac_field);
        const mak = SecretKey.fromHex('des', m.mak!);
        expect(text(generateCupEcbMac(mak, mab, { provider }))).toBe('B7133B57');
        expect(verifyCupEcbMac(mak, mab, field64, { provider })).toBe(true);
      });
    });
  }

  it('matches every intermediate value of the published worked example', () => {
    const v = macGroup('mac-unionpay-ecb').find((x) => x.id === 'pgate-example')!;
    const s = stepByStep('des', hex(v.request.key), hex(v.request.data));
    expect(toHex(s.xorBlock)).toBe(v.expect.xor_block);
    expect(toHex(s.expanded)).toBe(v.expect.expanded);
    expect(toHex(s.encLeft)).toBe(v.expect.enc_left);
    expect(toHex(s.xorRight)).toBe(v.expect.xor_right);
    expect(toHex(s.finalBlock)).toBe(v.expect.final_block);
  });

  it('uses 2-key TDES for a 16-byte TDES MAK unless told to use its left half', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const mab = hex('0200302004C020C09811000000000000000051001834021000');
    expect(generateCupEcbMac(key, mab, { algorithm: 'tdes' })).toEqual(stepByStep('tdes', key, mab).mac);
    expect(generateCupEcbMac(SecretKey.fromBytes('tdes', key), mab)).toEqual(stepByStep('tdes', key, mab).mac);
    expect(generateCupEcbMac(key, mab, { algorithm: 'tdes', doubleLengthMak: 'left-half' })).toEqual(
      stepByStep('des', key.subarray(0, 8), mab).mac,
    );
    expect(generateCupEcbMac(key, mab, { algorithm: 'tdes' })).not.toEqual(
      generateCupEcbMac(key, mab, { algorithm: 'tdes', doubleLengthMak: 'left-half' }),
    );
  });

  it('asks which cipher a raw 16-byte MAK is for, since TDES and SM4 both take 16 bytes', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const mab = hex('0200302004C020C09811000000000000000051001834021000');
    expect(caught(() => generateCupEcbMac(key, mab))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'a raw 16-byte key could be tdes or sm4 for CUP ECB MAC: name it in options.algorithm or pass a SecretKey',
    });
    expect(generateCupEcbMac(key, mab, { algorithm: 'sm4' })).toEqual(stepByStep('sm4', key, mab).mac);
  });

  it('runs the SM4 variant over 16-byte blocks and keeps 8 ASCII hex characters', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const mab = hex('0200302004C020C09811000000000000000051001834021000063243922600099428');
    for (const [, provider] of providers) {
      const mac = generateCupEcbMac(SecretKey.fromBytes('sm4', key), mab, { provider });
      expect(mac).toEqual(stepByStep('sm4', key, mab).mac);
      expect(text(mac)).toMatch(/^[0-9A-F]{8}$/);
      expect(generateCupEcbMac(key, mab, { algorithm: 'sm4', provider })).toEqual(mac);
    }
  });

  it('can keep more hex characters when a host asks for them', () => {
    const v = macGroup('mac-unionpay-ecb').find((x) => x.id === 'pgate-example')!;
    const mac = generateCupEcbMac(hex(v.request.key), hex(v.request.data), { length: 16 });
    expect(text(mac)).toBe(v.expect.final_block);
    expect(caught(() => generateCupEcbMac(hex(v.request.key), hex(v.request.data), { length: 17 }))).toMatchObject({
      code: 'BAD_MAC_LENGTH',
      message: 'MAC length must be 4 to 16 characters',
    });
  });

  it('refuses an AES MAK with an exact message', () => {
    const key = SecretKey.fromHex('aes', '000102030405060708090A0B0C0D0E0F');
    expect(caught(() => generateCupEcbMac(key, new Uint8Array(8)))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'CUP ECB MAC needs a des, tdes or sm4 key',
      found: 'aes',
    });
  });

  it('fails verification on any single-bit change of the MAB or of the MAC', () => {
    const key = hex('313215FDA2C4AB4C');
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        (data, pos, bit, inMac) => {
          const mac = generateCupEcbMac(key, data);
          const badData = inMac ? data : data.slice();
          const badMac = inMac ? mac.slice() : mac;
          const target = inMac ? badMac : badData;
          target[pos % target.length]! ^= 1 << bit;
          expect(verifyCupEcbMac(key, data, mac)).toBe(true);
          expect(verifyCupEcbMac(key, badData, badMac)).toBe(false);
        },
      ),
      { seed: 8583, numRuns: 200 },
    );
  });
});

describe('a CUP ECB MAK held as a SecretKey', () => {
  const mab = hex('0200302004C020C0981100000000000000005100183402100006324392260009942820D1312101120084393136363838303134303030303030303030303030303031313536ACF46E73838A82F92600000000000000000822000001');

  function counting(base: (typeof providers)[number][1]) {
    let created = 0;
    return {
      provider: { name: `counting ${base.name}`, createCipher: (alg: CipherAlgorithm, key: Uint8Array) => (created++, base.createCipher(alg, key)) },
      created: () => created,
    };
  }

  it.each(providers)('keys the %s cipher once for many MACs and gives the same MAC as raw bytes', (_name, base) => {
    const { provider, created } = counting(base);
    const mak = SecretKey.fromHex('des', 'C24A8FB57AA20123');
    for (let i = 0; i < 3; i++) expect(text(generateCupEcbMac(mak, mab, { provider }))).toBe('8A9E91B8');
    expect(created()).toBe(1);
    expect(text(generateCupEcbMac(hex('C24A8FB57AA20123'), mab, { provider }))).toBe('8A9E91B8');
    expect(created()).toBe(2);
  });

  it('keeps one schedule per provider and per double-length mode, and reuses them when switching back', () => {
    const a = counting(providers[0]![1]);
    const b = counting(providers[1]![1]);
    const mak = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
    const full = text(generateCupEcbMac(mak, mab, { provider: a.provider }));
    expect(text(generateCupEcbMac(mak, mab, { provider: b.provider }))).toBe(full);
    const half = text(generateCupEcbMac(mak, mab, { provider: a.provider, doubleLengthMak: 'left-half' }));
    expect(half).toBe(text(generateCupEcbMac(hex('0123456789ABCDEF'), mab)));
    expect(text(generateCupEcbMac(mak, mab, { provider: a.provider }))).toBe(full);
    expect(text(generateCupEcbMac(mak, mab, { provider: a.provider, doubleLengthMak: 'left-half' }))).toBe(half);
    expect(a.created()).toBe(2);
    expect(b.created()).toBe(1);
  });

  function keeping(base: (typeof providers)[number][1]) {
    const ciphers: BlockCipher[] = [];
    const provider = {
      name: `keeping ${base.name}`,
      createCipher: (alg: CipherAlgorithm, key: Uint8Array) => {
        const c = base.createCipher(alg, key);
        ciphers.push(c);
        return c;
      },
    };
    return { provider, ciphers };
  }

  const refusesBlocks = (c: BlockCipher) =>
    caught(() => c.encryptBlock(new Uint8Array(8), 0, new Uint8Array(8), 0));

  it('zeroes and drops its kept cipher when the MAK is wiped', () => {
    const { provider, ciphers } = keeping(portableProvider);
    const mak = SecretKey.fromHex('des', 'C24A8FB57AA20123');
    expect(text(generateCupEcbMac(mak, mab, { provider }))).toBe('8A9E91B8');
    expect(ciphers).toHaveLength(1);
    mak.wipe();
    expect(refusesBlocks(ciphers[0]!)).toMatchObject({ code: 'KEY_WIPED' });
  });

  it('keeps the schedule of each provider until the wipe, and zeroes them all then', () => {
    const first = keeping(portableProvider);
    const second = keeping(portableProvider);
    const mak = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
    const full = text(generateCupEcbMac(mak, mab, { provider: first.provider }));
    expect(text(generateCupEcbMac(mak, mab, { provider: second.provider }))).toBe(full);
    expect(text(generateCupEcbMac(mak, mab, { provider: first.provider }))).toBe(full);
    expect(first.ciphers).toHaveLength(1);
    expect(second.ciphers).toHaveLength(1);
    mak.wipe();
    expect(refusesBlocks(first.ciphers[0]!)).toMatchObject({ code: 'KEY_WIPED' });
    expect(refusesBlocks(second.ciphers[0]!)).toMatchObject({ code: 'KEY_WIPED' });
  });

  it('refuses a wiped MAK even after its cipher was kept', () => {
    const mak = SecretKey.fromHex('des', 'C24A8FB57AA20123');
    generateCupEcbMac(mak, mab);
    mak.wipe();
    expect(caught(() => generateCupEcbMac(mak, mab))).toMatchObject({
      code: 'KEY_WIPED',
      message: 'key has been wiped and can no longer be used',
    });
  });
});

describe('a CUP ECB MAK made in another realm', () => {
  it('is read as raw key bytes, DES for 8 bytes and TDES for 16 when named, like a local Uint8Array', () => {
    const mab = hex('0200302004C020C0981100000000000000005100183402100006');
    for (const key of ['C24A8FB57AA20123', '0123456789ABCDEFFEDCBA9876543210']) {
      const local = hex(key);
      const foreign = runInNewContext(`new Uint8Array(${local.length})`) as Uint8Array;
      foreign.set(local);
      const algorithm = local.length === 8 ? 'des' : 'tdes';
      expect(text(generateCupEcbMac(foreign, mab, { algorithm }))).toBe(text(generateCupEcbMac(local, mab, { algorithm })));
    }
  });
});
