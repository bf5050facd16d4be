// Naming the ciphers: providers composed from cipher parts, keys bound to a provider, and the explicit forms that
// never fall back to the default provider.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { aes } from '../../src/crypto/aes.js';
import type { CipherProvider } from '../../src/crypto/block-cipher.js';
import { decryptEcb, encryptEcb, encryptEcbExplicit, decryptEcbExplicit, getDefaultProvider, setDefaultProvider } from '../../src/crypto/cipher.js';
import { createProvider } from '../../src/crypto/cipher-set.js';
import { decryptCupWorkingKeys, decryptCupWorkingKeysExplicit } from '../../src/crypto/cup-keys.js';
import { des, tdes } from '../../src/crypto/des.js';
import { CipherKey, SecretKey } from '../../src/crypto/key.js';
import { kcv } from '../../src/crypto/kcv.js';
import {
  cmacScheme,
  cupEcbScheme,
  cupWorkingKeysFromMessage,
  cupWorkingKeysFromMessageExplicit,
  type MessageMacScheme,
  retailScheme,
  signMessage,
  signMessageExplicit,
  verifyMessageMac,
  verifyMessageMacExplicit,
  x99Scheme,
} from '../../src/crypto/message-mac.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { sm4 } from '../../src/crypto/sm4.js';
import { Iso8583Error } from '../../src/errors.js';
import { dialects } from '../../src/index.js';
import { loadCupFixtures, splitFixture } from '../fixtures/cup-fixtures.js';
import { caught, shape } from '../support/errors.js';

// The Easy8583Ans sign-in answer and its TMK (fixtures/vectors/cup-keys.json names both sources).
const signin = JSON.parse(readFileSync(new URL('../../fixtures/vectors/cup-keys.json', import.meta.url), 'utf8')).signins[0] as {
  tmk: string;
  field62: string;
  pik: string;
  mak: string;
};
const answer = dialects.cup.decode(splitFixture(loadCupFixtures().find((f) => f.file === 'cup-0810-signin-2.json')!).body);
const TDES_HEX = '0123456789ABCDEFFEDCBA9876543210';
const AES_HEX = '2B7E151628AED2A6ABF7158809CF4F3C';
const BLOCK = fromHex('0412AC89ABCDEF67');

/** A provider made of DES and TDES that records which algorithms it was asked for. */
function counting(): { provider: CipherProvider; calls: string[] } {
  const inner = createProvider({ des, tdes });
  const calls: string[] = [];
  return {
    calls,
    provider: {
      name: 'counting',
      algorithms: inner.algorithms!,
      createCipher(alg, key) {
        calls.push(alg);
        return inner.createCipher(alg, key);
      },
    },
  };
}

describe('createProvider', () => {
  it('runs the ciphers it is given exactly as the portable provider does, named after them', () => {
    const p = createProvider({ des, tdes });
    expect(p.name).toBe('des+tdes');
    expect(p.algorithms).toEqual(['des', 'tdes']);
    expect(createProvider({ sm4 }, { name: 'sm' }).name).toBe('sm');
    const key = fromHex(TDES_HEX);
    expect(toHex(encryptEcb('tdes', key, BLOCK, { provider: p }))).toBe(toHex(encryptEcb('tdes', key, BLOCK, { provider: portableProvider })));
    expect(toHex(encryptEcb('des', key.subarray(0, 8), BLOCK, { provider: p }))).toBe(toHex(encryptEcb('des', key.subarray(0, 8), BLOCK)));
  });

  it('refuses a cipher it was not made with: CIPHER_NOT_PROVIDED, naming the algorithms and never the key', () => {
    const p = createProvider({ des, tdes });
    const e = caught(() => encryptEcb('aes', fromHex(AES_HEX), new Uint8Array(16), { provider: p }));
    expect(shape(e)).toEqual({ code: 'CIPHER_NOT_PROVIDED', message: 'the provider has no aes cipher (it has des, tdes)', path: undefined, offset: undefined });
    expect({ expected: e.expected, found: e.found }).toEqual({ expected: 'des, tdes', found: 'aes' });
    expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain(AES_HEX);
    expect(caught(() => p.createCipher('rc4' as never, new Uint8Array(8))).code).toBe('UNKNOWN_ALGORITHM');
  });

  it.each([
    ['not an object', null, 'ciphers must be an object of one or more cipher parts (field ciphers)'],
    ['no cipher at all', {}, 'ciphers must be an object of one or more cipher parts (field ciphers)'],
    ['a name that is no algorithm', { rc4: des }, 'ciphers must be cipher parts, each under its algorithm (des, tdes, aes, sm4) (field ciphers)'],
    ['a part under another name', { aes: des }, 'ciphers must be cipher parts, each under its algorithm (des, tdes, aes, sm4) (field ciphers)'],
    ['something that is no part', { des: {} }, 'ciphers must be cipher parts, each under its algorithm (des, tdes, aes, sm4) (field ciphers)'],
  ])('refuses %s as its ciphers (BAD_ARGUMENT)', (_, ciphers, message) => {
    expect(shape(caught(() => createProvider(ciphers as never)))).toMatchObject({ code: 'BAD_ARGUMENT', message });
  });

  it('is what the portable provider is made of: the four ciphers, under its own name', () => {
    expect(portableProvider.name).toBe('portable');
    expect(portableProvider.algorithms).toEqual(['des', 'tdes', 'aes', 'sm4']);
    expect(toHex(kcv('aes', fromHex(AES_HEX), { provider: createProvider({ aes }) }))).toBe(toHex(kcv('aes', fromHex(AES_HEX))));
  });
});

describe('keys bound to a provider', () => {
  it('run on the provider they were made with, and so do the keys derived from them', () => {
    const { provider, calls } = counting();
    const tmk = CipherKey.fromHex('tdes', signin.tmk, { provider });
    const keys = cupWorkingKeysFromMessageExplicit(answer, tmk);
    expect([toHex(keys.pik.exportBytes()), toHex(keys.mak.exportBytes())]).toEqual([signin.pik, signin.mak]);
    const before = calls.length;
    encryptEcbExplicit('tdes', keys.pik, BLOCK);
    expect(calls.length).toBe(before + 1);
    // The default forms use the key's provider too when the call names none.
    encryptEcb('des', keys.mak, BLOCK);
    expect(calls.length).toBe(before + 2);
  });

  it('are CipherKeys, and SecretKeys where the defaulting factories or a SecretKey made them, on every engine', () => {
    const bound = CipherKey.fromHex('tdes', TDES_HEX, { provider: portableProvider });
    const fromDefault = decryptCupWorkingKeys(fromHex(signin.field62), fromHex(signin.tmk), '003');
    const fromSecret = decryptCupWorkingKeysExplicit(fromHex(signin.field62), SecretKey.fromHex('tdes', signin.tmk), '003');
    const fromBound = decryptCupWorkingKeysExplicit(fromHex(signin.field62), CipherKey.fromHex('tdes', signin.tmk, { provider: portableProvider }), '003');
    const fromRaw = decryptCupWorkingKeysExplicit(fromHex(signin.field62), fromHex(signin.tmk), '003', { provider: portableProvider });
    const kinds = (k: unknown) => [k instanceof CipherKey, k instanceof SecretKey];
    expect([SecretKey.fromHex('aes', AES_HEX), fromDefault.pik, fromSecret.mak].map(kinds)).toEqual([[true, true], [true, true], [true, true]]);
    expect([bound, fromBound.pik, fromRaw.mak].map(kinds)).toEqual([[true, false], [true, false], [true, false]]);
    expect(fromHex(TDES_HEX) instanceof CipherKey).toBe(false);
    expect(String(bound)).toBe('SecretKey(tdes, 16 bytes, KCV 08D7B4)');
  });

  it('refuse a provider that cannot run their algorithm when they are made, without the key in the error', () => {
    const e = caught(() => CipherKey.fromHex('aes', AES_HEX, { provider: createProvider({ des, tdes }) }));
    expect(shape(e)).toMatchObject({ code: 'CIPHER_NOT_PROVIDED', message: 'the provider has no aes cipher (it has des, tdes)' });
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain(AES_HEX);
    expect(caught(() => SecretKey.fromHex('sm4', TDES_HEX, { provider: createProvider({ des, tdes }) })).code).toBe('CIPHER_NOT_PROVIDED');
  });

  it('need a provider when CipherKey makes them', () => {
    expect(shape(caught(() => CipherKey.fromHex('tdes', TDES_HEX, undefined as never)))).toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'options.provider must be a cipher provider (field options.provider)',
    });
    expect(caught(() => CipherKey.fromBytes('tdes', fromHex(TDES_HEX), { provider: {} as never })).message).toBe(
      'options.provider must be a cipher provider (field options.provider)',
    );
  });

  it('made without a provider follow the default provider, also after it changes', () => {
    const key = SecretKey.fromHex('tdes', TDES_HEX);
    const { provider, calls } = counting();
    expect(toHex(encryptEcb('tdes', key, BLOCK))).toBe(toHex(encryptEcb('tdes', fromHex(TDES_HEX), BLOCK)));
    try {
      setDefaultProvider(provider);
      encryptEcb('tdes', key, BLOCK);
      expect(calls).toEqual(['tdes']);
      // Kept schedules are kept per provider: the same key again does not key the cipher again.
      decryptEcb('tdes', key, BLOCK);
      expect(calls).toEqual(['tdes']);
    } finally {
      setDefaultProvider(portableProvider);
    }
    expect(getDefaultProvider()).toBe(portableProvider);
  });

  it('give the same check values, MACs and key download results on their provider as on the default', () => {
    const provider = createProvider({ des, tdes });
    const tmk = CipherKey.fromHex('tdes', signin.tmk, { provider });
    const explicit = decryptCupWorkingKeysExplicit(fromHex(signin.field62), tmk, '003');
    const plain = decryptCupWorkingKeys(fromHex(signin.field62), fromHex(signin.tmk), '003');
    expect(explicit.pik.equals(plain.pik) && explicit.mak.equals(plain.mak)).toBe(true);
    expect(toHex(tmk.kcv())).toBe(toHex(kcv('tdes', fromHex(signin.tmk))));
    const sale = dialects.cup.decode(dialects.cup.encode(answer));
    sale.delete('62');
    const signed = signMessageExplicit(dialects.cup, sale, explicit.mak);
    expect(toHex(signed)).toBe(toHex(signMessage(dialects.cup, sale, plain.mak)));
    expect(verifyMessageMacExplicit(dialects.cup, signed, explicit.mak)).toBe(true);
    expect(verifyMessageMac(dialects.cup, signed, plain.mak)).toBe(true);
    expect(toHex(decryptEcbExplicit('tdes', explicit.pik, encryptEcbExplicit('tdes', explicit.pik, BLOCK)))).toBe(toHex(BLOCK));
    expect(cupWorkingKeysFromMessage(answer, fromHex(signin.tmk)).pik.equals(explicit.pik)).toBe(true);
  });
});

describe('the explicit forms', () => {
  const raw = fromHex(TDES_HEX);
  const signed = () => signMessage(dialects.cup, dialects.cup.decode(dialects.cup.encode(answer)), raw.subarray(0, 8));
  const noProvider = {
    code: 'NO_PROVIDER',
    message: 'raw key bytes need options.provider here: this function has no default provider',
    path: undefined,
    offset: undefined,
  };

  it.each([
    ['encryptEcbExplicit', () => encryptEcbExplicit('tdes', raw, BLOCK)],
    ['decryptEcbExplicit', () => decryptEcbExplicit('tdes', raw, BLOCK)],
    ['decryptCupWorkingKeysExplicit', () => decryptCupWorkingKeysExplicit(fromHex(signin.field62), fromHex(signin.tmk), '003')],
    ['cupWorkingKeysFromMessageExplicit', () => cupWorkingKeysFromMessageExplicit(answer, fromHex(signin.tmk))],
    ['signMessageExplicit', () => signMessageExplicit(dialects.cup, dialects.cup.decode(dialects.cup.encode(answer)), raw.subarray(0, 8))],
    ['verifyMessageMacExplicit', () => verifyMessageMacExplicit(dialects.cup, signed(), raw.subarray(0, 8))],
  ])('%s refuses raw key bytes without options.provider (NO_PROVIDER), never showing them', (_, run) => {
    const e = caught(run);
    expect(e).toBeInstanceOf(Iso8583Error);
    expect(shape(e)).toEqual(noProvider);
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain(TDES_HEX.slice(0, 16));
  });

  it('take raw key bytes with options.provider', () => {
    const provider = createProvider({ tdes });
    expect(toHex(encryptEcbExplicit('tdes', raw, BLOCK, { provider }))).toBe(toHex(encryptEcb('tdes', raw, BLOCK)));
    const keys = cupWorkingKeysFromMessageExplicit(answer, fromHex(signin.tmk), { provider: createProvider({ des, tdes }) });
    expect(toHex(keys.mak.exportBytes())).toBe(signin.mak);
  });
});

describe('message MAC schemes as parts', () => {
  const tdesKey = fromHex(TDES_HEX);
  const iso = dialects.iso87binary;
  const request = () => iso.message('0800', { '11': '000001', '70': '301' });

  it.each([
    ['retail', retailScheme, tdesKey],
    ['x9.9', x99Scheme, tdesKey.subarray(0, 8)],
    ['cmac', cmacScheme, tdesKey],
    ['cup-ecb', cupEcbScheme, tdesKey.subarray(0, 8)],
  ] as const)('the %s part signs in the explicit forms as its name does in the default ones', (name, part, raw) => {
    const provider = createProvider({ des, tdes });
    const byName = signMessage(iso, request(), raw, { scheme: name as MessageMacScheme });
    expect(part.scheme).toBe(name);
    expect(toHex(signMessageExplicit(iso, request(), raw, { scheme: part, provider }))).toBe(toHex(byName));
    // The default forms take a part as well as a name.
    expect(toHex(signMessage(iso, request(), raw, { scheme: part }))).toBe(toHex(byName));
    expect(verifyMessageMacExplicit(iso, byName, raw, { scheme: part, provider })).toBe(true);
  });

  it('are the only schemes the explicit forms take: a name there is BAD_ARGUMENT', () => {
    const e = caught(() => signMessageExplicit(iso, request(), tdesKey, { scheme: 'retail' as never, provider: portableProvider }));
    expect(shape(e)).toEqual({
      code: 'BAD_ARGUMENT',
      message: 'options.scheme must be a message MAC part (cupEcbScheme, retailScheme, x99Scheme or cmacScheme) (field options.scheme)',
      path: 'options.scheme',
      offset: undefined,
    });
  });
});
