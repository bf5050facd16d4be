// Caller arrays handed to the crypto layer come back unharmed: Node Buffers (small ones share one pooled
// ArrayBuffer), subarray views and plain arrays alike, whatever the library keeps, changes or wipes.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { createCipher, decryptCbc, encryptCbc, encryptEcb } from '../../src/crypto/cipher.js';
import { decryptCupWorkingKeys, encryptCupWorkingKeys, encryptKeyUnderTmk } from '../../src/crypto/cup-keys.js';
import { deriveTransactionKeyAes, withCounterAes, nextKsnAes } from '../../src/crypto/dukpt/index.js';
import { deriveChildKeyTdes, deriveInitialKeyTdes, deriveTransactionKeyTdes, nextKsnTdes, withCounterTdes } from '../../src/crypto/dukpt/index.js';
import { kcv } from '../../src/crypto/kcv.js';
import { SecretKey } from '../../src/crypto/key.js';
import { generateCbcMac, generateCmac, generateCupEcbMac, generateRetailMac } from '../../src/crypto/mac/index.js';
import { decodePinBlockIso0, decodePinBlockIso3, decryptPinBlock, encryptPinBlock } from '../../src/crypto/pin/index.js';
import { decryptTrackData, encryptTrackData } from '../../src/crypto/track-encryption.js';
import { unwrapTr31, wrapTr31 } from '../../src/crypto/tr31/index.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { AcquirerHost, createKeyStore, issueWorkingKeys, translatePinBlock, type TerminalKeys } from '../../src/host/index.js';

const TMK = '258FB0AB70D025CDB99DF2C4D302D646';
const PIK = '0123456789ABCDEFFEDCBA9876543210';
const MAK = 'C24A8FB57AA20123';
const AES = '2B7E151628AED2A6ABF7158809CF4F3C';
// Byte 7 holds key-set bits below the counter, which derivation masks off (in its own copy).
const KSN_TDES = 'FFFF9876543210E20009';
const KSN_AES = '123456789012345600000005';
const MAB = '0200302004C020C09811000000000000000051001834021000';
const PAN = '4012345678909';

/**
 * A pooled Buffer holding `hex`, with a guard Buffer allocated right after it from the same pool: the
 * check fails if either changed, which is what zeroing or writing through a view would do.
 */
function pooled(hex: string): { buf: Buffer; unharmed(): void } {
  const buf = Buffer.from(hex, 'hex');
  const guard = Buffer.from('A5'.repeat(16), 'hex');
  expect(buf.buffer.byteLength).toBeGreaterThan(buf.length);
  expect(guard.buffer).toBe(buf.buffer);
  return {
    buf,
    unharmed() {
      expect(buf.toString('hex').toUpperCase()).toBe(hex.toUpperCase());
      expect(guard.toString('hex').toUpperCase()).toBe('A5'.repeat(16));
    },
  };
}

// A view into the middle of a larger plain array, as a caller slicing a received frame would pass.
function view(hex: string): { bytes: Uint8Array; unharmed(): void } {
  const frame = new Uint8Array(4 + hex.length / 2 + 4).fill(0x5a);
  frame.set(fromHex(hex), 4);
  const before = toHex(frame);
  return {
    bytes: frame.subarray(4, 4 + hex.length / 2),
    unharmed() {
      expect(toHex(frame)).toBe(before);
    },
  };
}

const field62 = encryptCupWorkingKeys({ pik: fromHex(PIK), mak: fromHex(MAK) }, fromHex(TMK), '003');
const pinBlock = encryptPinBlock(0, fromHex(PIK), '1234', PAN);
const tr31 = wrapTr31(fromHex(PIK), fromHex(AES), { versionId: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', exportability: 'E' }, {
  random: (n) => new Uint8Array(n).fill(7),
});

// Each row gives one argument as caller bytes (`arg`) and runs the function with it.
const rows: ReadonlyArray<readonly [string, string, (arg: Uint8Array) => unknown]> = [
  // The host kit keeps keys (enciphered under its storage key) and wipes the clear ones it makes on the way.
  ['createKeyStore: the storage key, then a TMK registered under it', PIK, (k) => createKeyStore({ storageKey: k }).register('10000001', fromHex(TMK))],
  ['KeyStore.register: the TMK', TMK, (k) => createKeyStore().register('10000001', k)],
  ['issueWorkingKeys: the TMK', TMK, (k) => issueWorkingKeys('003', k, { random: (n) => Uint8Array.from({ length: n }, (_, i) => i * 37 + 11) })],
  ['translatePinBlock: the block', toHex(pinBlock), (b) => translatePinBlock(b, { key: fromHex(PIK), format: 0 }, { key: fromHex(TMK), format: 0 }, PAN)],
  ['translatePinBlock: both keys', PIK, (k) => translatePinBlock(encryptPinBlock(0, fromHex(PIK), '1234', PAN), { key: k, format: 0 }, { key: k, format: 1 }, PAN)],
  ['new AcquirerHost: the storage key and the PIN zone key', PIK, (k) => new AcquirerHost({ authorize: () => '00', storageKey: k, pinZone: { key: k, format: 0 } }).register('10000001', TMK)],
  ['SecretKey.fromBytes, then wipe()', PIK, (k) => SecretKey.fromBytes('tdes', k).wipe()],
  ['exportBytes of a key made from caller bytes, then wipe()', MAK, (k) => {
    const key = SecretKey.fromBytes('des', k);
    key.exportBytes().fill(0);
    key.wipe();
  }],
  ['encryptCupWorkingKeys: the PIK', PIK, (k) => encryptCupWorkingKeys({ pik: k, mak: fromHex(MAK) }, fromHex(TMK), '003')],
  ['encryptCupWorkingKeys: the MAK', MAK, (k) => encryptCupWorkingKeys({ pik: fromHex(PIK), mak: k }, fromHex(TMK), '003')],
  ['encryptCupWorkingKeys: the TMK', TMK, (k) => encryptCupWorkingKeys({ pik: fromHex(PIK), mak: fromHex(MAK) }, k, '003')],
  ['decryptCupWorkingKeys: field 62, then wipe the keys', toHex(field62), (b) => {
    const keys = decryptCupWorkingKeys(b, fromHex(TMK), '003');
    keys.pik.wipe();
    keys.mak.wipe();
  }],
  ['decryptCupWorkingKeys: the TMK', TMK, (k) => decryptCupWorkingKeys(field62, k, '003').mak.wipe()],
  ['encryptKeyUnderTmk: the key', PIK, (k) => encryptKeyUnderTmk(k, fromHex(TMK))],
  ['encryptCbc: the IV', '0102030405060708', (iv) => encryptCbc('tdes', fromHex(PIK), new Uint8Array(24), { iv: iv })],
  ['decryptCbc: the IV', '0102030405060708', (iv) => decryptCbc('tdes', fromHex(PIK), new Uint8Array(24), { iv: iv })],
  ['encryptEcb: the key and data', PIK, (k) => encryptEcb('tdes', k, k)],
  ['createCipher with the node provider: the key', AES, (k) => createCipher('aes', k, { provider: nodeProvider })],
  ['kcv: the key', AES, (k) => kcv('aes', k)],
  ['deriveInitialKeyTdes: the KSN', KSN_TDES, (ksn) => deriveInitialKeyTdes(fromHex(PIK), ksn)],
  ['deriveInitialKeyTdes: the BDK', PIK, (bdk) => deriveInitialKeyTdes(bdk, fromHex(KSN_TDES))],
  ['deriveTransactionKeyTdes: the KSN', KSN_TDES, (ksn) => deriveTransactionKeyTdes(fromHex(PIK), ksn)],
  ['deriveChildKeyTdes: the KSN', KSN_TDES, (ksn) => deriveChildKeyTdes(fromHex(PIK), ksn)],
  ['withCounterTdes: the KSN', KSN_TDES, (ksn) => withCounterTdes(ksn, 9)],
  ['nextKsnTdes: the KSN', KSN_TDES, (ksn) => nextKsnTdes(ksn)],
  ['deriveTransactionKeyAes: the KSN', KSN_AES, (ksn) => deriveTransactionKeyAes(fromHex(AES), ksn)],
  ['withCounterAes: the KSN', KSN_AES, (ksn) => withCounterAes(ksn, 9)],
  ['nextKsnAes: the KSN', KSN_AES, (ksn) => nextKsnAes(ksn)],
  ['decodePinBlockIso0: the block', '041274EDCBA9876F', (b) => decodePinBlockIso0(b, PAN)],
  ['decodePinBlockIso3: the block', '341261AAAAEDCBA9', (b) => decodePinBlockIso3(b, '5555555551234567')],
  ['decryptPinBlock: the block', toHex(pinBlock), (b) => decryptPinBlock(0, fromHex(PIK), b, PAN)],
  ['encryptTrackData: the packed track', '6210810840003424940D2706220700100010', (t) => encryptTrackData(t, fromHex(PIK))],
  ['decryptTrackData: the packed track', '6210810840003424940D2706220700100010', (t) => decryptTrackData(t, fromHex(PIK))],
  ['wrapTr31: the KBPK and the key', PIK, (k) => wrapTr31(k, k, { versionId: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', exportability: 'E' })],
  ['unwrapTr31: the KBPK', PIK, (k) => unwrapTr31(k, tr31)],
  ['generateCupEcbMac: the MAK and the data', MAB, (b) => generateCupEcbMac(b.subarray(0, 8), b)],
  ['generateRetailMac: the key', PIK, (k) => generateRetailMac(k, fromHex(MAB))],
  ['generateCbcMac: the key', PIK, (k) => generateCbcMac(k, fromHex(MAB), { algorithm: 'tdes' })],
  ['generateCmac: the key', AES, (k) => generateCmac(k, fromHex(MAB), { algorithm: 'aes' })],
];

describe('caller bytes come back unharmed', () => {
  it.each(rows)('%s, from a pooled Buffer', (_name, hex, run) => {
    const { buf, unharmed } = pooled(hex);
    run(buf);
    unharmed();
  });

  it.each(rows)('%s, from a view into a larger array', (_name, hex, run) => {
    const { bytes, unharmed } = view(hex);
    run(bytes);
    unharmed();
  });

  it('lets a host that issued keys from its own Buffers still sign with them', () => {
    const mak = Buffer.from(MAK, 'hex');
    const expected = toHex(generateCupEcbMac(fromHex(MAK), fromHex(MAB)));
    encryptCupWorkingKeys({ pik: Buffer.from(PIK, 'hex'), mak }, Buffer.from(TMK, 'hex'), '003');
    expect(toHex(generateCupEcbMac(mak, fromHex(MAB)))).toBe(expected);
  });

  it('lets a key store work on when the caller later wipes the Buffers of its storage key and a TMK', () => {
    const storageKey = Buffer.from(PIK, 'hex');
    const tmk = Buffer.from(TMK, 'hex');
    const keys = createKeyStore({ storageKey });
    keys.register('10000001', tmk);
    storageKey.fill(0);
    tmk.fill(0);
    expect(toHex((keys.get('10000001') as TerminalKeys).tmk.exportBytes())).toBe(TMK);
  });

  it('keeps a key object working when the caller later wipes the Buffer it came from', () => {
    const raw = Buffer.from(PIK, 'hex');
    const key = SecretKey.fromBytes('tdes', raw);
    raw.fill(0);
    expect(toHex(key.exportBytes())).toBe(PIK);
  });

  it('keeps a node cipher working when the caller later wipes the Buffer it was keyed from', () => {
    const raw = Buffer.from(AES, 'hex');
    const cipher = createCipher('aes', raw, { provider: nodeProvider });
    const encrypted = new Uint8Array(16);
    cipher.encryptBlock(new Uint8Array(16), 0, encrypted, 0);
    raw.fill(0);
    // The decryption context is made on first use, after the caller's wipe: it must still have the key.
    const back = new Uint8Array(16).fill(1);
    cipher.decryptBlock(encrypted, 0, back, 0);
    expect(toHex(back)).toBe('00'.repeat(16));
  });
});
