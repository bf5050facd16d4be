// Every crypto export, called with a wrong-typed value in each argument position (and in each option), throws an
// Iso8583Error: never a TypeError, a RangeError or a wrong answer.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex.js';
import * as crypto from '../../src/crypto/index.js';
import { SecretKey } from '../../src/crypto/key.js';
import { nodeProvider } from '../../src/node/crypto-provider.js';
import { Iso8583Error } from '../../src/errors.js';

const TDES = fromHex('0123456789ABCDEFFEDCBA9876543210');
const DES = fromHex('0123456789ABCDEF');
const AES = fromHex('2B7E151628AED2A6ABF7158809CF4F3C');
const TMK = fromHex('258FB0AB70D025CDB99DF2C4D302D646');
const DATA = fromHex('0102030405060708');
const KSN_TDES = fromHex('FFFF9876543210E00001');
const KSN_AES = fromHex('123456789012345600000001');
const PAN = '4012345678909';
const FIELD62 = crypto.encryptCupWorkingKeys({ pik: TDES, mak: DES }, TMK, '003');
const SM_TMK = SecretKey.fromHex('sm4', '0123456789ABCDEFFEDCBA9876543210');
const SM62 = crypto.encryptSmWorkingKeys({ pik: AES, mak: AES.slice().reverse(), tdk: TDES }, SM_TMK);
const HEADER = { versionId: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', exportability: 'E' } as const;
const BLOCK = crypto.wrapTr31(TDES, AES, HEADER, { random: (n) => new Uint8Array(n).fill(1) });
const TRACK = fromHex('6210810840003424940D2706220700100010');

/** Values of the wrong type for almost any argument. */
const WRONG: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['a number', 7],
  ['NaN', Number.NaN],
  ['a string', 'DEADBEEF'],
  ['an array', [1, 2, 3]],
  ['a plain object', {}],
  ['a Uint16Array', new Uint16Array(8)],
  ['a function', () => 1],
];

const NUMERIC_OPTIONS = ['length', 'maskedKeyLength'];

interface Call {
  name: string;
  fn: (...args: never[]) => unknown;
  /** Arguments that work; each position is then replaced in turn. */
  args: readonly unknown[];
  /** Positions left out of the sweep, with the reason (a value of any type is allowed there). */
  anyAt?: readonly number[];
  /** Positions where a number is the right type (the sweep's number may then be a valid one). */
  numberAt?: readonly number[];
  /** Option names to set to a wrong value, on the last argument. */
  options?: readonly string[];
}

const calls: Call[] = [
  { name: 'createCipher', fn: crypto.createCipher, args: ['tdes', TDES, {}], options: ['provider'] },
  { name: 'encryptEcb', fn: crypto.encryptEcb, args: ['tdes', TDES, DATA, {}], options: ['provider'] },
  { name: 'decryptEcb', fn: crypto.decryptEcb, args: ['tdes', TDES, DATA, {}], options: ['provider'] },
  { name: 'encryptCbc', fn: crypto.encryptCbc, args: ['tdes', TDES, DATA, {}], options: ['provider', 'iv'] },
  { name: 'decryptCbc', fn: crypto.decryptCbc, args: ['tdes', TDES, DATA, {}], options: ['provider', 'iv'] },
  { name: 'blockSizeOf', fn: crypto.blockSizeOf, args: ['aes'] },
  { name: 'encryptEcbExplicit', fn: crypto.encryptEcbExplicit, args: ['tdes', TDES, DATA, { provider: crypto.portableProvider }], options: ['provider'] },
  { name: 'decryptEcbExplicit', fn: crypto.decryptEcbExplicit, args: ['tdes', TDES, DATA, { provider: crypto.portableProvider }], options: ['provider'] },
  { name: 'createProvider', fn: crypto.createProvider, args: [{ des: crypto.des, tdes: crypto.tdes }, {}] },
  { name: 'kcv', fn: crypto.kcv, args: ['tdes', TDES, {}], options: ['provider', 'length', 'method'] },
  { name: 'kcvMatches', fn: crypto.kcvMatches, args: ['tdes', TDES, fromHex('08D7B4'), {}], options: ['provider', 'method'] },
  { name: 'constantTimeEqual', fn: crypto.constantTimeEqual, args: [DATA, DATA] },
  { name: 'isWeakKey', fn: crypto.isWeakKey, args: ['des', DES] },
  { name: 'hasOddParity', fn: crypto.hasOddParity, args: [DES] },
  { name: 'adjustOddParity', fn: crypto.adjustOddParity, args: [DES] },
  { name: 'SecretKey.fromBytes', fn: SecretKey.fromBytes, args: ['tdes', TDES, {}], options: ['allowWeakKeys'] },
  { name: 'SecretKey.fromHex', fn: SecretKey.fromHex, args: ['tdes', '0123456789ABCDEFFEDCBA9876543210', {}] },
  { name: 'CipherKey', fn: crypto.CipherKey.fromBytes, args: ['tdes', TDES, { provider: crypto.portableProvider }], options: ['allowWeakKeys', 'provider'] },
  { name: 'CipherKey.fromHex', fn: crypto.CipherKey.fromHex, args: ['tdes', '0123456789ABCDEFFEDCBA9876543210', { provider: crypto.portableProvider }], options: ['provider'] },
  { name: 'generateCbcMac', fn: crypto.generateCbcMac, args: [DES, DATA, {}], options: ['provider', 'length', 'padding', 'algorithm'] },
  { name: 'verifyCbcMac', fn: crypto.verifyCbcMac, args: [DES, DATA, DATA, {}], options: ['provider', 'length', 'padding', 'algorithm'] },
  { name: 'generateAnsiX99Mac', fn: crypto.generateAnsiX99Mac, args: [DES, DATA, {}], options: ['provider', 'length'] },
  { name: 'verifyAnsiX99Mac', fn: crypto.verifyAnsiX99Mac, args: [DES, DATA, DATA, {}], options: ['provider', 'length'] },
  { name: 'generateRetailMac', fn: crypto.generateRetailMac, args: [TDES, DATA, {}], options: ['provider', 'length', 'padding'] },
  { name: 'verifyRetailMac', fn: crypto.verifyRetailMac, args: [TDES, DATA, DATA, {}], options: ['provider', 'length', 'padding'] },
  { name: 'generateAnsiX919Mac', fn: crypto.generateAnsiX919Mac, args: [TDES, DATA, {}], options: ['provider', 'length'] },
  { name: 'verifyAnsiX919Mac', fn: crypto.verifyAnsiX919Mac, args: [TDES, DATA, DATA, {}], options: ['provider', 'length'] },
  { name: 'generateCmac', fn: crypto.generateCmac, args: [AES, DATA, { algorithm: 'aes' }], options: ['provider', 'length', 'algorithm'] },
  { name: 'verifyCmac', fn: crypto.verifyCmac, args: [AES, DATA, DATA, { algorithm: 'aes' }], options: ['provider', 'length', 'algorithm'] },
  { name: 'generateCupEcbMac', fn: crypto.generateCupEcbMac, args: [DES, DATA, {}], options: ['provider', 'length', 'algorithm', 'doubleLengthMak'] },
  { name: 'verifyCupEcbMac', fn: crypto.verifyCupEcbMac, args: [DES, DATA, DATA, {}], options: ['provider', 'length', 'algorithm'] },
  { name: 'padIso9797', fn: crypto.padIso9797, args: [DATA, 1, 8], numberAt: [1] },
  { name: 'encodePinBlockIso0', fn: crypto.encodePinBlockIso0, args: ['1234', PAN] },
  { name: 'decodePinBlockIso0', fn: crypto.decodePinBlockIso0, args: [crypto.encodePinBlockIso0('1234', PAN), PAN] },
  { name: 'encodePinBlockIso1', fn: crypto.encodePinBlockIso1, args: ['1234', {}], options: ['fill', 'random'] },
  { name: 'decodePinBlockIso1', fn: crypto.decodePinBlockIso1, args: [fromHex('141234AAAAAAAAAA')] },
  { name: 'encodePinBlockIso2', fn: crypto.encodePinBlockIso2, args: ['1234'] },
  { name: 'decodePinBlockIso2', fn: crypto.decodePinBlockIso2, args: [fromHex('241234FFFFFFFFFF')] },
  { name: 'encodePinBlockIso3', fn: crypto.encodePinBlockIso3, args: ['1234', PAN, {}], options: ['fill', 'random'] },
  { name: 'decodePinBlockIso3', fn: crypto.decodePinBlockIso3, args: [fromHex('341261AAAAEDCBA9'), '5555555551234567'] },
  { name: 'encodePinBlockCupNoPan', fn: crypto.encodePinBlockCupNoPan, args: ['1234'] },
  { name: 'decodePinBlockCupNoPan', fn: crypto.decodePinBlockCupNoPan, args: [fromHex('041234FFFFFFFFFF')] },
  { name: 'encodePinFieldIso4', fn: crypto.encodePinFieldIso4, args: ['1234', {}], options: ['fill', 'random'] },
  { name: 'decodePinFieldIso4', fn: crypto.decodePinFieldIso4, args: [fromHex('441234AAAAAAAAAA2F69ADDE2E9E7ACE')] },
  { name: 'encodePanFieldIso4', fn: crypto.encodePanFieldIso4, args: [PAN] },
  { name: 'encipherPinBlockIso4', fn: crypto.encipherPinBlockIso4, args: [AES, '1234', PAN, {}], options: ['provider', 'fill', 'random'] },
  { name: 'decipherPinBlockIso4', fn: crypto.decipherPinBlockIso4, args: [AES, crypto.encipherPinBlockIso4(AES, '1234', PAN), PAN, {}], options: ['provider'] },
  { name: 'encryptPinBlock', fn: crypto.encryptPinBlock, args: [3, TDES, '1234', PAN, {}], options: ['provider', 'fill', 'random'] },
  { name: 'decryptPinBlock', fn: crypto.decryptPinBlock, args: [0, TDES, crypto.encryptPinBlock(0, TDES, '1234', PAN), PAN, {}], options: ['provider'] },
  { name: 'decryptCupWorkingKeys', fn: crypto.decryptCupWorkingKeys, args: [FIELD62, TMK, '003', {}], options: ['provider', 'allowWeakKeys'] },
  {
    name: 'decryptCupWorkingKeysExplicit',
    fn: crypto.decryptCupWorkingKeysExplicit,
    args: [FIELD62, TMK, '003', { provider: crypto.portableProvider }],
    options: ['provider', 'allowWeakKeys'],
  },
  { name: 'encryptCupWorkingKeys', fn: crypto.encryptCupWorkingKeys, args: [{ pik: TDES, mak: DES }, TMK, '003', {}], options: ['provider'] },
  { name: 'decryptKeyUnderTmk', fn: crypto.decryptKeyUnderTmk, args: [crypto.encryptKeyUnderTmk(TDES, TMK), TMK, {}], options: ['provider', 'allowWeakKeys'] },
  { name: 'encryptKeyUnderTmk', fn: crypto.encryptKeyUnderTmk, args: [TDES, TMK, {}], options: ['provider'] },
  { name: 'decryptSmWorkingKeys', fn: crypto.decryptSmWorkingKeys, args: [SM62, SM_TMK, {}], options: ['provider', 'layout', 'allowWeakKeys'] },
  { name: 'encryptSmWorkingKeys', fn: crypto.encryptSmWorkingKeys, args: [{ pik: AES, mak: AES, tdk: TDES }, SM_TMK, {}], options: ['provider', 'layout'] },
  { name: 'encryptTrackData', fn: crypto.encryptTrackData, args: [TRACK, TDES, {}], options: ['provider', 'scheme'] },
  { name: 'decryptTrackData', fn: crypto.decryptTrackData, args: [TRACK, TDES, {}], options: ['provider', 'scheme'] },
  { name: 'deriveInitialKeyTdes', fn: crypto.deriveInitialKeyTdes, args: [TDES, KSN_TDES, {}], options: ['provider'] },
  { name: 'deriveTransactionKeyTdes', fn: crypto.deriveTransactionKeyTdes, args: [TDES, KSN_TDES, {}], options: ['provider'] },
  { name: 'deriveChildKeyTdes', fn: crypto.deriveChildKeyTdes, args: [TDES, KSN_TDES, {}], options: ['provider'] },
  { name: 'deriveWorkingKeyTdes', fn: crypto.deriveWorkingKeyTdes, args: [TDES, 'pin', {}], options: ['provider'] },
  { name: 'deriveHostKeysTdes', fn: crypto.deriveHostKeysTdes, args: [TDES, KSN_TDES, {}], options: ['provider', 'usages'] },
  { name: 'deriveInitialKeyAes', fn: crypto.deriveInitialKeyAes, args: [AES, KSN_AES, {}], options: ['provider'] },
  { name: 'deriveTransactionKeyAes', fn: crypto.deriveTransactionKeyAes, args: [AES, KSN_AES, {}], options: ['provider'] },
  { name: 'deriveChildKeyAes', fn: crypto.deriveChildKeyAes, args: [AES, KSN_AES, {}], options: ['provider'] },
  { name: 'deriveWorkingKeyAes', fn: crypto.deriveWorkingKeyAes, args: [AES, KSN_AES, 'pin-encryption', {}], options: ['provider', 'keyType'] },
  { name: 'deriveHostKeysAes', fn: crypto.deriveHostKeysAes, args: [AES, KSN_AES, {}], options: ['provider', 'usages', 'keyType'] },
  { name: 'derivationDataAes', fn: crypto.derivationDataAes, args: ['pin-encryption', 'aes128', KSN_AES] },
  { name: 'ksnCounterTdes', fn: crypto.ksnCounterTdes, args: [KSN_TDES] },
  { name: 'withCounterTdes', fn: crypto.withCounterTdes, args: [KSN_TDES, 5], numberAt: [1] },
  { name: 'nextKsnTdes', fn: crypto.nextKsnTdes, args: [KSN_TDES] },
  { name: 'ksnCounterAes', fn: crypto.ksnCounterAes, args: [KSN_AES] },
  { name: 'withCounterAes', fn: crypto.withCounterAes, args: [KSN_AES, 5], numberAt: [1] },
  { name: 'nextKsnAes', fn: crypto.nextKsnAes, args: [KSN_AES] },
  { name: 'parseTr31Header', fn: crypto.parseTr31Header, args: [BLOCK] },
  { name: 'tr31BlockSize', fn: crypto.tr31BlockSize, args: ['D'] },
  { name: 'wrapTr31', fn: crypto.wrapTr31, args: [TDES, AES, HEADER, {}], options: ['provider', 'random', 'maskedKeyLength'] },
  { name: 'wrapTr31 (header fields)', fn: (h: object) => crypto.wrapTr31(TDES, AES, { ...HEADER, ...h }), args: [{}], anyAt: [0], options: ['versionId', 'keyUsage', 'algorithm', 'modeOfUse', 'keyVersion', 'exportability', 'keyContext', 'optionalBlocks'] },
  { name: 'unwrapTr31', fn: crypto.unwrapTr31, args: [TDES, BLOCK, {}], options: ['provider', 'allowWeakKeys'] },
  { name: 'sha1', fn: crypto.sha1, args: [DATA] },
  ...(['des', 'tdes', 'aes', 'sm4'] as const).flatMap((alg) =>
    [crypto.portableProvider, nodeProvider].flatMap((provider) => {
      const key = alg === 'des' ? DES : alg === 'tdes' ? TDES : AES;
      const cipher = crypto.createCipher(alg, key, { provider });
      const bs = cipher.blockSize;
      const args = [new Uint8Array(bs), 0, new Uint8Array(bs), 0];
      return [
        { name: `${alg} ${provider.name} cipher encryptBlock`, fn: cipher.encryptBlock.bind(cipher), args, numberAt: [1, 3] },
        { name: `${alg} ${provider.name} cipher decryptBlock`, fn: cipher.decryptBlock.bind(cipher), args, numberAt: [1, 3] },
      ];
    }),
  ),
];

// What each call gives back with wrong values: an Iso8583Error, or (for options that a wrong value cannot
// break, like a boolean flag read as `=== true`) a normal answer.
function outcome(run: () => unknown): 'iso8583' | 'ok' | string {
  try {
    run();
    return 'ok';
  } catch (e) {
    return e instanceof Iso8583Error ? 'iso8583' : `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

describe('crypto exports given wrong-typed arguments', () => {
  it('cover every function the crypto entry exports', () => {
    const functions = Object.entries(crypto)
      .filter(([, v]) => typeof v === 'function' && v !== SecretKey)
      .map(([k]) => k)
      // Message-level MAC functions are tested with the message layer; the provider setters take any provider.
      .filter(
        (k) =>
          ![
            'signMessage',
            'signMessageExplicit',
            'verifyMessageMac',
            'verifyMessageMacExplicit',
            'verifyDecodedMessageMac',
            'messageMacInput',
            'cupWorkingKeysFromMessage',
            'cupWorkingKeysFromMessageExplicit',
            'getDefaultProvider',
            'setDefaultProvider',
          ].includes(k),
      );
    const covered = new Set(calls.map((c) => c.name));
    expect(functions.filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(calls)('$name works with its good arguments', ({ fn, args }) => {
    expect(outcome(() => (fn as (...a: unknown[]) => unknown)(...args))).toBe('ok');
  });

  it.each(calls)('$name throws only Iso8583Error for a wrong value in any position', ({ fn, args, anyAt, numberAt }) => {
    const foreign: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (anyAt?.includes(i)) continue;
      for (const [what, value] of WRONG) {
        if (what === 'a number' && numberAt?.includes(i)) continue;
        const bad = args.slice();
        bad[i] = value;
        const r = outcome(() => (fn as (...a: unknown[]) => unknown)(...bad));
        // A plain object stands for an empty options object, which is a valid options argument.
        if (r !== 'iso8583' && !(r === 'ok' && what === 'a plain object' && i === args.length - 1)) foreign.push(`argument ${i} = ${what}: ${r}`);
      }
    }
    expect(foreign.join('\n')).toBe('');
  });

  it.each(calls.filter((c) => c.options !== undefined))('$name throws only Iso8583Error for a wrong option value', ({ fn, args, options }) => {
    const foreign: string[] = [];
    for (const option of options!) {
      for (const [what, value] of WRONG) {
        // A number is the right type of these options, and the sweep's number may be a valid one.
        if (what === 'a number' && NUMERIC_OPTIONS.includes(option)) continue;
        const bad = args.slice();
        bad[bad.length - 1] = { ...(bad[bad.length - 1] as object), [option]: value };
        const r = outcome(() => (fn as (...a: unknown[]) => unknown)(...bad));
        // A flag read as `=== true` takes anything but true as false, which is no error.
        if (r !== 'iso8583' && !(r === 'ok' && option === 'allowWeakKeys')) foreign.push(`options.${option} = ${what}: ${r}`);
      }
    }
    expect(foreign.join('\n')).toBe('');
  });
});
