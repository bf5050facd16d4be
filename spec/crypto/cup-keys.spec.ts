import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { CipherProvider } from '../../src/crypto/cipher.js';
import {
  type CupKeyLayout,
  decryptCupWorkingKeys,
  decryptKeyUnderTmk,
  encryptCupWorkingKeys,
  encryptKeyUnderTmk,
} from '../../src/crypto/cup-keys.js';
import { SecretKey } from '../../src/crypto/key.js';
import { generateCupEcbMac } from '../../src/crypto/mac/cup-ecb-mac.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { caught } from '../support/errors.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/vectors/cup-keys.json', import.meta.url), 'utf8')) as {
  macs: Array<{ id: string; mab?: string; tmk?: string; tak_encrypted?: string; tak_clear?: string; mac_ascii: string }>;
  signins: Array<{ id: string; tmk: string; frame: string; layout: string; field62: string; pik: string; pik_kcv: string; mak: string; mak_kcv: string }>;
  field62_shapes: Array<{ id: string; layout: string; field62: string; double_length_mak: boolean }>;
};

const providers: ReadonlyArray<readonly [string, CipherProvider]> = [
  ['portable', portableProvider],
  ['node', nodeProvider],
];


const text = (b: Uint8Array) => String.fromCharCode(...b);
const hexOf = (k: SecretKey) => toHex(k.exportBytes());

describe('CUP sign-in working keys (field 62)', () => {
  const signin = fixture.signins[0]!;

  for (const [name, provider] of providers) {
    it(`recovers the published PIK and MAK of the captured 0810 with the ${name} provider`, () => {
      const frame = fromHex(signin.frame);
      const field62 = frame.subarray(frame.length - 40);
      expect(toHex(field62)).toBe(signin.field62);
      const keys = decryptCupWorkingKeys(field62, SecretKey.fromHex('tdes', signin.tmk), '003', { provider });
      expect(hexOf(keys.pik)).toBe(signin.pik);
      expect(keys.pik.algorithm).toBe('tdes');
      expect(hexOf(keys.mak)).toBe(signin.mak);
      expect(keys.mak.algorithm).toBe('des');
      expect(toHex(keys.pik.kcv({ length: 4 }))).toBe(signin.pik_kcv);
      expect(toHex(keys.mak.kcv({ length: 4 }))).toBe(signin.mak_kcv);
      expect(keys.tdk).toBeUndefined();
    });

    it(`decrypts the published TAK and then reproduces the published MAC with the ${name} provider`, () => {
      const m = fixture.macs.find((x) => x.id === 'cup-0200-sale-3')!;
      const tak = decryptKeyUnderTmk(fromHex(m.tak_encrypted!), fromHex(m.tmk!), { provider });
      expect(tak.algorithm).toBe(m.tak_clear!.length === 16 ? 'des' : 'tdes');
      expect(hexOf(tak)).toBe(m.tak_clear);
      expect(text(generateCupEcbMac(tak, fromHex(m.mab!), { provider }))).toBe(m.mac_ascii);
    });
  }

  it('gives back the same field 62 when the recovered keys are encrypted again', () => {
    const tmk = fromHex(signin.tmk);
    const keys = decryptCupWorkingKeys(fromHex(signin.field62), tmk, '003');
    expect(toHex(encryptCupWorkingKeys(keys, tmk, '003'))).toBe(signin.field62);
  });

  it('throws KCV_MISMATCH naming only the key when a check value is wrong', () => {
    const tmk = fromHex(signin.tmk);
    const badPik = fromHex(signin.field62);
    badPik[16]! ^= 1;
    const e = caught(() => decryptCupWorkingKeys(badPik, tmk, '003'));
    expect(e).toMatchObject({ code: 'KCV_MISMATCH', message: 'PIK check value does not match (field 62)', path: '62' });
    const badMak = fromHex(signin.field62);
    badMak[39]! ^= 0x80;
    expect(caught(() => decryptCupWorkingKeys(badMak, tmk, '003')).message).toBe(
      'MAK check value does not match (field 62)',
    );
    const wrongTmk = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const e2 = caught(() => decryptCupWorkingKeys(fromHex(signin.field62), wrongTmk, '003'));
    expect(e2.code).toBe('KCV_MISMATCH');
    for (const secret of [signin.pik, signin.mak, signin.pik_kcv, signin.mak_kcv, signin.tmk]) {
      expect(JSON.stringify({ ...e2, message: e2.message })).not.toContain(secret);
    }
  });

  it('checks the TDK of layout 004 too', () => {
    const tmk = fromHex(signin.tmk);
    const keys = { pik: fromHex(signin.pik), mak: fromHex(signin.mak), tdk: fromHex('11223344556677888877665544332211') };
    const field62 = encryptCupWorkingKeys(keys, tmk, '004');
    expect(field62.length).toBe(60);
    expect(toHex(field62.subarray(0, 40))).toBe(signin.field62);
    const back = decryptCupWorkingKeys(field62, tmk, '004');
    expect(hexOf(back.tdk!)).toBe('11223344556677888877665544332211');
    field62[59]! ^= 1;
    expect(caught(() => decryptCupWorkingKeys(field62, tmk, '004')).message).toBe(
      'TDK check value does not match (field 62)',
    );
  });

  it('reads a 40-byte block whose MAK part has no zero padding as a double-length MAK', () => {
    const shape = fixture.field62_shapes.find((s) => s.double_length_mak)!;
    expect(shape.field62.slice(56, 72)).not.toBe('0000000000000000');
    const tmk = fromHex('258FB0AB70D025CDB99DF2C4D302D646');
    const mak = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const field62 = encryptCupWorkingKeys({ pik: fromHex(signin.pik), mak }, tmk, '003');
    const keys = decryptCupWorkingKeys(field62, tmk, '003');
    expect(keys.mak.algorithm).toBe('tdes');
    expect(hexOf(keys.mak)).toBe(toHex(mak));
  });

  it('sees the zero-padded single-length MAK in the other captured sign-ins', () => {
    for (const s of fixture.field62_shapes.filter((x) => !x.double_length_mak)) {
      expect(s.field62.length, s.id).toBe(80);
      expect(s.field62.slice(56, 72), s.id).toBe('0000000000000000');
    }
  });

  it('uses single DES for layout 001 and for an 8-byte TMK', () => {
    const tmk = fromHex('0123456789ABCDEF');
    const keys = { pik: fromHex('1111111111111111'), mak: fromHex('2222222222222222') };
    const field62 = encryptCupWorkingKeys(keys, tmk, '001');
    expect(field62.length).toBe(24);
    const back = decryptCupWorkingKeys(field62, tmk, '001');
    expect(back.pik.algorithm).toBe('des');
    expect(hexOf(back.mak)).toBe('2222222222222222');
    expect(toHex(field62.subarray(8, 12))).toBe(toHex(back.pik.kcv({ length: 4 })));
  });

  it('refuses a block of the wrong length and an unknown layout with exact messages', () => {
    const tmk = fromHex(signin.tmk);
    expect(caught(() => decryptCupWorkingKeys(new Uint8Array(24), tmk, '003'))).toMatchObject({
      code: 'BAD_KEY_BLOCK_LENGTH',
      message: 'working-key block of layout 003 must be 40 bytes (field 62)',
      expected: '40 bytes',
      found: '24 bytes',
    });
    expect(caught(() => decryptCupWorkingKeys(new Uint8Array(40), tmk, '005' as CupKeyLayout))).toMatchObject({
      code: 'BAD_KEY_LAYOUT',
      message: 'working-key layout must be 001, 003 or 004 (field 60.3)',
    });
    expect(caught(() => decryptCupWorkingKeys(new Uint8Array(40), SecretKey.fromHex('aes', '000102030405060708090A0B0C0D0E0F'), '003'))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'TMK needs a des or tdes key',
    });
  });

  it('refuses keys that do not fit the layout when building field 62', () => {
    const tmk = fromHex(signin.tmk);
    const pik = fromHex(signin.pik);
    const mak = fromHex(signin.mak);
    expect(caught(() => encryptCupWorkingKeys({ pik, mak }, tmk, '001'))).toMatchObject({
      code: 'BAD_KEY_LENGTH',
      message: 'PIK of layout 001 must be 8 bytes',
      found: '16 bytes',
    });
    expect(caught(() => encryptCupWorkingKeys({ pik, mak }, tmk, '004'))).toMatchObject({
      code: 'MISSING_KEY',
      message: 'layout 004 needs a TDK',
    });
    expect(caught(() => encryptCupWorkingKeys({ pik, mak, tdk: pik }, tmk, '003'))).toMatchObject({
      code: 'UNEXPECTED_KEY',
      message: 'layout 003 carries no TDK',
    });
    expect(caught(() => encryptCupWorkingKeys({ pik, mak: new Uint8Array(12) }, tmk, '003')).message).toBe(
      'MAK of layout 003 must be 8 or 16 bytes',
    );
  });

  it('round-trips random keys of every layout through both providers', () => {
    const key = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.constantFrom<CupKeyLayout>('001', '003', '004'),
        fc.boolean(),
        key(16),
        key(16),
        key(16),
        key(16),
        (layout, doubleMak, tmk, pik, mak, tdk) => {
          const single = layout === '001';
          const keys = {
            pik: single ? pik.subarray(0, 8) : pik,
            // A double-length MAK whose second half encrypts to zeros cannot be told apart; 2^-64, ignored.
            mak: single || !doubleMak ? mak.subarray(0, 8) : mak,
            ...(layout === '004' ? { tdk } : {}),
          };
          const [a, b] = providers.map(([, provider]) => encryptCupWorkingKeys(keys, tmk, layout, { provider }));
          expect(toHex(a!)).toBe(toHex(b!));
          const back = decryptCupWorkingKeys(a!, tmk, layout, { provider: nodeProvider });
          expect(hexOf(back.pik)).toBe(toHex(keys.pik));
          expect(hexOf(back.mak)).toBe(toHex(keys.mak));
          if (layout === '004') expect(hexOf(back.tdk!)).toBe(toHex(tdk));
        },
      ),
      { seed: 8583, numRuns: 100 },
    );
  });
});

describe('a TMK made in another realm', () => {
  it('is read as raw key bytes, like a local Uint8Array', () => {
    const tmk = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const foreign = runInNewContext('new Uint8Array(16)') as Uint8Array;
    foreign.set(tmk);
    const clear = fromHex('1122334455667788');
    expect(toHex(encryptKeyUnderTmk(clear, foreign))).toBe(toHex(encryptKeyUnderTmk(clear, tmk)));
  });
});

describe('weak working keys in a key download', () => {
  const tmk = fromHex('258FB0AB70D025CDB99DF2C4D302D646');
  const PIK = '0123456789ABCDEFFEDCBA9876543210';
  const MAK = 'C24A8FB57AA20123';
  const weak = (alg: 'des' | 'tdes', hex: string) => SecretKey.fromHex(alg, hex, { allowWeakKeys: true });
  const mab = fromHex('0200302004C020C09811000000000000000051001834021000');

  it('takes a double-length MAK with equal halves as the single DES key it is (003 and 004 allow a single MAK)', () => {
    for (const layout of ['003', '004'] as const) {
      const tdk = layout === '004' ? { tdk: SecretKey.fromHex('tdes', '11223344556677888877665544332211') } : {};
      const field62 = encryptCupWorkingKeys({ pik: fromHex(PIK), mak: weak('tdes', MAK + MAK), ...tdk }, tmk, layout);
      const keys = decryptCupWorkingKeys(field62, tmk, layout);
      expect(keys.mak.algorithm).toBe('des');
      expect(hexOf(keys.mak)).toBe(MAK);
      expect(text(generateCupEcbMac(keys.mak, mab))).toBe(text(generateCupEcbMac(fromHex(MAK), mab)));
    }
  });

  it.each([
    ['003', 'pik', 'PIK of layout 003 must be double-length, but its halves are equal: it is single DES (field 62)'],
    ['004', 'pik', 'PIK of layout 004 must be double-length, but its halves are equal: it is single DES (field 62)'],
    ['004', 'tdk', 'TDK of layout 004 must be double-length, but its halves are equal: it is single DES (field 62)'],
  ] as const)('refuses a layout %s %s with equal halves, where a double-length key is required', (layout, which, message) => {
    const keys = {
      pik: fromHex(PIK),
      mak: fromHex(MAK),
      ...(layout === '004' ? { tdk: fromHex('11223344556677888877665544332211') } : {}),
      [which]: weak('tdes', MAK + MAK),
    };
    const field62 = encryptCupWorkingKeys(keys, tmk, layout);
    const e = caught(() => decryptCupWorkingKeys(field62, tmk, layout));
    expect(e).toMatchObject({ code: 'WEAK_KEY', message, path: '62' });
    const allowed = decryptCupWorkingKeys(field62, tmk, layout, { allowWeakKeys: true });
    expect(allowed[which]!.algorithm).toBe('tdes');
  });

  it.each([
    ['001', 'an all-zero PIK', { pik: weak('des', '0000000000000000'), mak: fromHex(MAK) }, 'PIK is all zeros (allowWeakKeys accepts it for test vectors) (field 62)'],
    ['001', 'a weak MAK', { pik: fromHex('1122334455667788'), mak: weak('des', 'FEFEFEFEFEFEFEFE') }, 'MAK is a weak or semi-weak DES key (allowWeakKeys accepts it for test vectors) (field 62)'],
    ['003', 'an all-zero PIK', { pik: weak('tdes', '00'.repeat(16)), mak: fromHex(MAK) }, 'PIK is all zeros (allowWeakKeys accepts it for test vectors) (field 62)'],
    ['003', 'a PIK with a semi-weak half', { pik: weak('tdes', '01FE01FE01FE01FE' + MAK), mak: fromHex(MAK) }, 'PIK has a weak or semi-weak DES part (allowWeakKeys accepts it for test vectors) (field 62)'],
  ] as const)('refuses a layout %s block with %s unless allowWeakKeys', (layout, _what, keys, message) => {
    const field62 = encryptCupWorkingKeys(keys, tmk, layout);
    expect(caught(() => decryptCupWorkingKeys(field62, tmk, layout))).toMatchObject({ code: 'WEAK_KEY', message });
    expect(decryptCupWorkingKeys(field62, tmk, layout, { allowWeakKeys: true }).pik).toBeInstanceOf(SecretKey);
  });

  it('refuses weak raw keys on the host side too, naming the key', () => {
    expect(caught(() => encryptCupWorkingKeys({ pik: fromHex(PIK), mak: new Uint8Array(8) }, tmk, '003')).message).toBe(
      'MAK is all zeros (make it a SecretKey with allowWeakKeys for test vectors)',
    );
  });

  it('refuses a TMK with equal halves given as raw bytes', () => {
    const e = caught(() => decryptCupWorkingKeys(new Uint8Array(40), fromHex(MAK + MAK), '003'));
    expect(e.code).toBe('WEAK_KEY');
    expect(e.message).toBe('tdes key has equal halves, so it is single DES (make it a SecretKey with allowWeakKeys for test vectors)');
  });
});
