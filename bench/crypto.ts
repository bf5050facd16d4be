// Crypto costs per operation, each beside a floor row measured in the same run: the same work written by hand over
// a cipher keyed before the timing starts (or, for AES DUKPT, over raw AES parts), so what a ratio shows is what
// the library adds: key resolution, checks, copies, wiping. Portable provider rows carry the targets; the
// node:crypto provider is shown beside them.
import { unsafe } from '@noble/ciphers/aes';
import { bytesEqual, fromHex, toHex } from '../src/bytes/hex.js';
import type { BlockCipher, CipherProvider } from '../src/crypto/block-cipher.js';
import { deriveTransactionKeyAes, deriveTransactionKeyTdes, ksnCounterAes, ksnCounterTdes } from '../src/crypto/dukpt/index.js';
import { expandAes128Into } from '../src/crypto/aes-key-schedule.js';
import { adoptKeyBytes, SecretKey } from '../src/crypto/key.js';
import { generateCupEcbMac } from '../src/crypto/mac/cup-ecb-mac.js';
import { encryptPinBlock } from '../src/crypto/pin/pin-block.js';
import { portableProvider } from '../src/crypto/portable-provider.js';
import { translatePinBlock } from '../src/host/pin-translation.js';
import { nodeProvider } from '../src/node/crypto-provider.js';
import { measure, report } from './harness.js';
import type { TargetFigure } from './hot-path.js';

// A 280-byte MAC input, the size of a contactless sale with field 55; its content does not change the cost.
const MAB = Uint8Array.from({ length: 280 }, (_, i) => (i * 37 + 11) & 0xff);
const MAK_HEX = '313215FDA2C4AB4C';
const MAK = SecretKey.fromHex('des', MAK_HEX);
// Terminal PIK and zone PIK of a PIN translation (format 0 in, format 0 out, both TDES).
const PIK_IN = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
const PIK_OUT = SecretKey.fromHex('tdes', '89ABCDEF0123456776543210FEDCBA98');
const PAN = '4012345678909';
const PIN_BLOCK = encryptPinBlock(0, PIK_IN, '1234', PAN);
// X9.24-1 example IPEK; counter 0x1FF800 has 10 one-bits, the most an X9.24-1 device uses: the longest host walk.
const IPEK_TDES = SecretKey.fromHex('tdes', '6AC292FAA1315B4D858AB3A3D7D5933A');
const KSN_TDES = fromHex('FFFF9876543210FFF800');
// X9.24-3 example AES-128 initial key; a counter with 16 one-bits, the most a valid AES KSN may have.
const IK_AES = SecretKey.fromHex('aes', '1273671EA26AC29AFA4D1084127652A1');
const KSN_AES = fromHex('123456789012345600FFFF00');

const HEX = '0123456789ABCDEF';

/** The CUP ECB MAC written out over a cipher keyed in advance: the least a CUP MAC with a key object can cost. */
function floorCupMac(cipher: BlockCipher, mab: Uint8Array): Uint8Array {
  const r = new Uint8Array(8);
  for (let i = 0; i < mab.length; i++) r[i & 7]! ^= mab[i]!;
  const expanded = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    expanded[2 * i] = HEX.charCodeAt(r[i]! >> 4);
    expanded[2 * i + 1] = HEX.charCodeAt(r[i]! & 15);
  }
  const e = new Uint8Array(8);
  cipher.encryptBlock(expanded, 0, e, 0);
  for (let i = 0; i < 8; i++) e[i]! ^= expanded[8 + i]!;
  cipher.encryptBlock(e, 0, e, 0);
  const mac = new Uint8Array(8);
  for (let i = 0; i < 4; i++) {
    mac[2 * i] = HEX.charCodeAt(e[i]! >> 4);
    mac[2 * i + 1] = HEX.charCodeAt(e[i]! & 15);
  }
  return mac;
}

// The 8-byte format 0 PAN field: 0000 and the 12 PAN digits left of the check digit.
function panField(pan: string): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 12; i++) {
    const d = pan.charCodeAt(pan.length - 13 + i) - 48;
    out[2 + (i >> 1)]! |= i & 1 ? d : d << 4;
  }
  return out;
}

/**
 * A format 0 → format 0 PIN translation over ciphers keyed in advance: decrypt, take the PAN out, check the
 * control and length nibbles, the digits and the F fill, put the PAN back, encrypt. No PIN text is made.
 */
function floorTranslate(from: BlockCipher, to: BlockCipher, block: Uint8Array, pan: string): Uint8Array {
  const field = new Uint8Array(8);
  from.decryptBlock(block, 0, field, 0);
  const p = panField(pan);
  for (let i = 0; i < 8; i++) field[i]! ^= p[i]!;
  const n = field[0]! & 15;
  if (field[0]! >> 4 !== 0 || n < 4 || n > 12) throw new Error('not a format 0 PIN block');
  for (let i = 2; i < 16; i++) {
    const nibble = i & 1 ? field[i >> 1]! & 15 : field[i >> 1]! >> 4;
    if (i < 2 + n ? nibble > 9 : nibble !== 15) throw new Error('not a format 0 PIN block');
  }
  for (let i = 0; i < 8; i++) field[i]! ^= p[i]!;
  const out = new Uint8Array(8);
  to.encryptBlock(field, 0, out, 0);
  field.fill(0);
  return out;
}

/**
 * AES DUKPT's intermediate-key walk with raw AES parts (the key expansion, noble's rounds): one block per one-bit of
 * the counter, each under the key the step before derived, expanded then into one schedule array kept for the walk
 * and zeroed after each step; the initial key's schedule is expanded in advance, as a key object keeps it.
 */
function floorAesDukpt(ikSchedule: Uint32Array, stepSchedule: Uint32Array, ksn: Uint8Array): Uint8Array {
  const counter = ksnCounterAes(ksn);
  // The derivation data as noble's four little-endian words (no typed-array view: taking `.buffer` of a small
  // array moves its bytes out of the heap, which costs more than the words do).
  const d0 = 0x00800101;
  const d1 = 0x80000200;
  const d2 = ksn[4]! | (ksn[5]! << 8) | (ksn[6]! << 16) | (ksn[7]! << 24);
  const key = new Uint8Array(16);
  let walked = 0;
  for (let bit = 0x80000000; bit >= 1; bit /= 2) {
    if ((counter & bit) === 0) continue;
    walked = (walked | bit) >>> 0;
    const d3 = (walked >>> 24) | ((walked >>> 8) & 0xff00) | ((walked << 8) & 0xff0000) | (walked << 24);
    // Every step after the first runs under the key the one before derived.
    const first = walked === bit;
    if (!first) expandAes128Into(key, stepSchedule);
    const s = unsafe.encrypt(first ? ikSchedule : stepSchedule, d0, d1, d2, d3);
    if (!first) stepSchedule.fill(0);
    writeWordLE(key, 0, s.s0);
    writeWordLE(key, 4, s.s1);
    writeWordLE(key, 8, s.s2);
    writeWordLE(key, 12, s.s3);
  }
  return key;
}

function writeWordLE(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

function oneBits(n: number): number {
  let c = 0;
  for (let v = n >>> 0; v !== 0; v &= v - 1) c++;
  return c;
}

/** Runs the crypto benchmark: its printed lines and the figures the crypto targets are checked against. */
export function runCrypto(): { lines: string[]; targets: TargetFigure[] } {
  const floorMak = portableProvider.createCipher('des', fromHex(MAK_HEX));
  const fromCipher = portableProvider.createCipher('tdes', PIK_IN.exportBytes());
  const toCipher = portableProvider.createCipher('tdes', PIK_OUT.exportBytes());
  const ikSchedule = unsafe.expandKeyLE(IK_AES.exportBytes());
  const stepSchedule = new Uint32Array(44);
  const from = { key: PIK_IN, format: 0 as const };
  const to = { key: PIK_OUT, format: 0 as const };

  // Each floor must give the library's answer before it may be timed.
  if (!bytesEqual(floorCupMac(floorMak, MAB), generateCupEcbMac(MAK, MAB))) throw new Error('the MAC floor differs');
  const translated = translatePinBlock(PIN_BLOCK, from, to, PAN, { provider: portableProvider });
  if (!bytesEqual(floorTranslate(fromCipher, toCipher, PIN_BLOCK, PAN), translated)) throw new Error('the PIN floor differs');
  const dukpt = deriveTransactionKeyAes(IK_AES, KSN_AES, { provider: portableProvider });
  if (toHex(floorAesDukpt(ikSchedule, stepSchedule, KSN_AES)) !== toHex(dukpt.exportBytes())) throw new Error('the AES DUKPT floor differs');
  if (oneBits(ksnCounterTdes(KSN_TDES)) !== 10 || oneBits(ksnCounterAes(KSN_AES)) !== 16) throw new Error('counters');

  const run = (p: CipherProvider) => ({
    cupMac: () => generateCupEcbMac(MAK, MAB, { provider: p }),
    cupMacRaw: () => generateCupEcbMac(fromHex(MAK_HEX), MAB, { provider: p }),
    translate: () => translatePinBlock(PIN_BLOCK, from, to, PAN, { provider: p }),
    tdesDukpt: () => deriveTransactionKeyTdes(IPEK_TDES, KSN_TDES, { provider: p }),
    aesDukpt: () => deriveTransactionKeyAes(IK_AES, KSN_AES, { provider: p }),
  });
  const portable = run(portableProvider);
  const node = run(nodeProvider);
  const t = measure({
    cupMacFloor: () => floorCupMac(floorMak, MAB),
    cupMac: portable.cupMac,
    cupMacRaw: portable.cupMacRaw,
    translateFloor: () => floorTranslate(fromCipher, toCipher, PIN_BLOCK, PAN),
    translate: portable.translate,
    aesDukptFloor: () => floorAesDukpt(ikSchedule, stepSchedule, KSN_AES),
    // The same walk handing its result out as a key object, as every derivation must.
    aesDukptKeyFloor: () => adoptKeyBytes('aes', floorAesDukpt(ikSchedule, stepSchedule, KSN_AES), portableProvider, SecretKey),
    aesDukpt: portable.aesDukpt,
    tdesDukpt: portable.tdesDukpt,

    nodeCupMac: node.cupMac,
    nodeTranslate: node.translate,
    nodeTdesDukpt: node.tdesDukpt,
    nodeAesDukpt: node.aesDukpt,
  });
  const macFloor = { 'pre-keyed floor': t.cupMacFloor };
  const pinFloor = { 'pre-keyed floor': t.translateFloor };
  const aesFloor = { 'raw AES floor': t.aesDukptFloor };
  const lines = [
    report('floor: CUP MAC, 280 B, cipher keyed in advance', t.cupMacFloor),
    report('CUP MAC, 280 B, SecretKey MAK', t.cupMac, macFloor),
    report('CUP MAC, 280 B, raw MAK (keyed per call)', t.cupMacRaw, macFloor),
    report('  node provider: CUP MAC, SecretKey MAK', t.nodeCupMac, macFloor),
    report('floor: PIN translation 0 → 0, TDES keyed in advance', t.translateFloor),
    report('PIN translation 0 → 0, TDES SecretKeys', t.translate, pinFloor),
    report('  node provider: PIN translation', t.nodeTranslate, pinFloor),
    report('floor: AES-128 DUKPT walk, 16 steps, raw AES parts', t.aesDukptFloor),
    report('floor: the same walk, its result a SecretKey', t.aesDukptKeyFloor, aesFloor),
    report('AES-128 DUKPT transaction key, 16 steps', t.aesDukpt, { ...aesFloor, 'key-object floor': t.aesDukptKeyFloor }),
    report('  node provider: AES-128 DUKPT', t.nodeAesDukpt, aesFloor),
    report('TDES DUKPT transaction key, 10 steps (max)', t.tdesDukpt),
    report('  node provider: TDES DUKPT', t.nodeTdesDukpt, { portable: t.tdesDukpt }),
  ];
  const targets: TargetFigure[] = [
    { target: 'CUP MAC, SecretKey / pre-keyed floor', ratio: t.cupMac / t.cupMacFloor, limit: 1.5 },
    { target: 'PIN translation / pre-keyed floor', ratio: t.translate / t.translateFloor, limit: 2 },
    // Its floor row is the raw walk handing its result out as a key object, which every derivation must return.
    { target: 'AES DUKPT / raw AES floor', ratio: t.aesDukpt / t.aesDukptFloor, limit: 1.2, floor: t.aesDukptKeyFloor / t.aesDukptFloor },
  ];
  return { lines, targets };
}
