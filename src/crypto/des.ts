// DES and triple DES (EDE), written from the FIPS 46-3 description. Tables are the standard's own; the fast
// lookup tables (combined S-box + P permutation, byte-wise IP/FP, byte-wise PC-1 and chunk-wise PC-2) are
// derived from them once at load time.
import { type BlockCipher, type CipherModule, checkBlockOffsets, checkKeyLength, keyWipedError, maskCipherRenderings } from './block-cipher.js';
import { bytesArg } from './input.js';

// FIPS 46-3 tables, bit numbers counted from 1 at the most significant bit, as printed in the standard.
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24,
  16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39,
  31, 23, 15, 7,
];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55,
  47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30,
  40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
// The eight S-boxes as printed, each entry one hex digit: a line a box, its four rows of 16 in order.
const S =
  'e4d12fb83a6c5907' + '0f74e2d1a6cb9538' + '41e8d62bfc973a50' + 'fc8249175b3ea06d' +
  'f18e6b34972dc05a' + '3d47f28ec01a69b5' + '0e7ba4d158c6932f' + 'd8a13f42b67c05e9' +
  'a09e63f51dc7b428' + 'd709346a285ecbf1' + 'd6498f30b12c5ae7' + '1ad069874fe3b52c' +
  '7de3069a1285bc4f' + 'd8b56f03472c1ae9' + 'a690cb7df13e5284' + '3f06a1d8945bc72e' +
  '2c417ab6853fd0e9' + 'eb2c47d150fa3986' + '421bad78f9c5630e' + 'b8c71e2d6f09a453' +
  'c1af92680d34e75b' + 'af427c9561de0b38' + '9ef528c3704a1db6' + '432c95fabe17608d' +
  '4b2ef08d3c975a61' + 'd0b7491ae35c2f86' + '14bdc37eaf680592' + '6bd814a7950fe23c' +
  'd2846fb1a93e50c7' + '1fd8a374c56b0e92' + '7b419ce206adf358' + '21e74a8dfc90356b';

// SP[box * 64 + six] = P applied to S-box `box`'s output for the 6-bit input `six`, placed in its nibble.
const SP = new Int32Array(8 * 64);
// Byte-wise permutation tables: the 64-bit image (hi, lo) of input byte `pos` holding value `v`.
const IP_HI = new Int32Array(8 * 256);
const IP_LO = new Int32Array(8 * 256);
const FP_HI = new Int32Array(8 * 256);
const FP_LO = new Int32Array(8 * 256);

function buildTables(): void {
  for (let box = 0; box < 8; box++) {
    for (let six = 0; six < 64; six++) {
      // Row from the outer bits (b1, b6), column from the inner four.
      const row = ((six >> 4) & 2) | (six & 1);
      const col = (six >> 1) & 15;
      const nibbleWord = parseInt(S[box * 64 + row * 16 + col]!, 16) << (28 - 4 * box);
      let out = 0;
      for (let i = 0; i < 32; i++) if ((nibbleWord >>> (32 - P[i]!)) & 1) out |= 1 << (31 - i);
      SP[box * 64 + six] = out;
    }
  }
  // FP is the inverse of IP: output bit IP[i] takes input bit i+1.
  const fp = new Array<number>(64);
  for (let i = 0; i < 64; i++) fp[IP[i]! - 1] = i + 1;
  fillBytePermutation(IP, IP_HI, IP_LO, 32);
  fillBytePermutation(fp, FP_HI, FP_LO, 32);
}

/**
 * Fills `hi` and `lo` so that entry `pos * 256 + v` is the image of input byte `pos` holding `v` under the bit
 * permutation `table`: its first `half` outputs in `hi`, the rest in `lo`, each word's first output on top.
 */
function fillBytePermutation(table: readonly number[], hi: Int32Array, lo: Int32Array, half: number): void {
  for (let out = 0; out < table.length; out++) {
    const src = table[out]! - 1;
    const pos = src >> 3;
    const mask = 0x80 >> (src & 7);
    const words = out < half ? hi : lo;
    const bit = 1 << (half - 1 - (out % half));
    for (let v = 0; v < 256; v++) if (v & mask) words[pos * 256 + v]! |= bit;
  }
}

buildTables();

// Key-schedule tables. PC1_C/PC1_D[pos * 256 + v]: the C and D bits (28 each, C1/D1 at bit 27) that key
// byte `pos` holding `v` contributes through PC-1. PC2_C/PC2_D[chunk * 128 + v]: the round-key bits that
// seven-bit chunk `chunk` (0 = most significant) of C or D holding `v` contributes through PC-2, as a
// 24-bit word whose top six bits are the first S-box group. PC-2 takes its first 24 outputs from C only
// and its last 24 from D only, so each half maps to one word.
const PC1_C = new Int32Array(8 * 256);
const PC1_D = new Int32Array(8 * 256);
const PC2_C = new Int32Array(4 * 128);
const PC2_D = new Int32Array(4 * 128);

function buildKeyScheduleTables(): void {
  fillBytePermutation(PC1, PC1_C, PC1_D, 28);
  for (let o = 0; o < 48; o++) {
    // Position of the chosen bit inside its 28-bit half, counted from the most significant end.
    const src = (PC2[o]! - 1) % 28;
    const table = o < 24 ? PC2_C : PC2_D;
    const chunk = Math.floor(src / 7);
    const mask = 0x40 >> (src % 7);
    const bit = 1 << (23 - (o % 24));
    for (let v = 0; v < 128; v++) if (v & mask) table[chunk * 128 + v]! |= bit;
  }
}

buildKeyScheduleTables();

/**
 * The 16 round keys of one DES key, in encryption order, as two 24-bit words per round: `c[i]` holds the
 * six-bit groups for S-boxes 1–4 (from C), `d[i]` those for S-boxes 5–8 (from D), first group on top.
 * Two arrays of 16 rather than one of 32: engines keep typed arrays of up to 64 bytes on the heap and
 * allocate larger ones elsewhere, at several times the cost of the whole schedule. A class rather than an object
 * literal, for the reason given at `KeyState` in key.ts: TDES DUKPT keys two DES ciphers a step.
 */
class RoundKeys {
  readonly c = new Int32Array(16);
  readonly d = new Int32Array(16);

  constructor(key: Uint8Array, offset: number) {
    let c = 0;
    let d = 0;
    for (let pos = 0; pos < 8; pos++) {
      const idx = pos * 256 + key[offset + pos]!;
      c |= PC1_C[idx]!;
      d |= PC1_D[idx]!;
    }
    for (let round = 0; round < 16; round++) {
      const s = SHIFTS[round]!;
      c = ((c << s) | (c >>> (28 - s))) & 0x0fffffff;
      d = ((d << s) | (d >>> (28 - s))) & 0x0fffffff;
      this.c[round] = PC2_C[c >>> 21]! | PC2_C[128 + ((c >>> 14) & 127)]! | PC2_C[256 + ((c >>> 7) & 127)]! | PC2_C[384 + (c & 127)]!;
      this.d[round] = PC2_D[d >>> 21]! | PC2_D[128 + ((d >>> 14) & 127)]! | PC2_D[256 + ((d >>> 7) & 127)]! | PC2_D[384 + (d & 127)]!;
    }
  }
}

function wipeRoundKeys(keys: RoundKeys): void {
  keys.c.fill(0);
  keys.d.fill(0);
}

// The 16 Feistel rounds on (l, r), ending with the standard's final swap; results land in `state`.
function rounds(state: Int32Array, keys: RoundKeys, decrypt: boolean): void {
  let l = state[0]!;
  let r = state[1]!;
  for (let round = 0; round < 16; round++) {
    const i = decrypt ? 15 - round : round;
    const kc = keys.c[i]!;
    const kd = keys.d[i]!;
    // E expansion: group g is bits 4g..4g+5 of r (bit 0 wrapping to bit 32), read by rotating it to the top.
    const f =
      SP[((((r >>> 1) | (r << 31)) >>> 26) ^ (kc >>> 18))]! ^
      SP[64 + ((((r << 3) | (r >>> 29)) >>> 26) ^ ((kc >>> 12) & 63))]! ^
      SP[128 + ((((r << 7) | (r >>> 25)) >>> 26) ^ ((kc >>> 6) & 63))]! ^
      SP[192 + ((((r << 11) | (r >>> 21)) >>> 26) ^ (kc & 63))]! ^
      SP[256 + ((((r << 15) | (r >>> 17)) >>> 26) ^ (kd >>> 18))]! ^
      SP[320 + ((((r << 19) | (r >>> 13)) >>> 26) ^ ((kd >>> 12) & 63))]! ^
      SP[384 + ((((r << 23) | (r >>> 9)) >>> 26) ^ ((kd >>> 6) & 63))]! ^
      SP[448 + ((((r << 27) | (r >>> 5)) >>> 26) ^ (kd & 63))]!;
    const t = r;
    r = l ^ f;
    l = t;
  }
  state[0] = r;
  state[1] = l;
}

// IP by table: each input byte contributes its bits' images, OR-ed into the two 32-bit halves.
function permuteIn(input: Uint8Array, off: number, state: Int32Array): void {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 8; i++) {
    const idx = i * 256 + input[off + i]!;
    hi |= IP_HI[idx]!;
    lo |= IP_LO[idx]!;
  }
  state[0] = hi;
  state[1] = lo;
}

// FP (IP⁻¹) by table from the two halves, written back as 8 big-endian bytes.
function permuteOut(state: Int32Array, output: Uint8Array, off: number): void {
  let hi = 0;
  let lo = 0;
  const a = state[0]!;
  const b = state[1]!;
  for (let i = 0; i < 4; i++) {
    const ia = i * 256 + ((a >>> (24 - 8 * i)) & 255);
    const ib = (i + 4) * 256 + ((b >>> (24 - 8 * i)) & 255);
    hi |= FP_HI[ia]! | FP_HI[ib]!;
    lo |= FP_LO[ia]! | FP_LO[ib]!;
  }
  output[off] = hi >>> 24;
  output[off + 1] = hi >>> 16;
  output[off + 2] = hi >>> 8;
  output[off + 3] = hi;
  output[off + 4] = lo >>> 24;
  output[off + 5] = lo >>> 16;
  output[off + 6] = lo >>> 8;
  output[off + 7] = lo;
}

function checkBlock(wiped: boolean, input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
  if (wiped) throw keyWipedError();
  checkBlockOffsets(8, input, inOff, output, outOff);
}

/** Single DES (FIPS 46-3) with its key schedule expanded once; parity bits of the key are ignored. */
export class DesCipher implements BlockCipher {
  readonly algorithm = 'des' as const;
  readonly blockSize = 8 as const;
  private readonly keys: RoundKeys;
  private readonly state = new Int32Array(2);
  private wiped = false;

  constructor(key: Uint8Array) {
    checkKeyLength('des', key.length);
    this.keys = new RoundKeys(key, 0);
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    checkBlock(this.wiped, input, inOff, output, outOff);
    permuteIn(input, inOff, this.state);
    rounds(this.state, this.keys, false);
    permuteOut(this.state, output, outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    checkBlock(this.wiped, input, inOff, output, outOff);
    permuteIn(input, inOff, this.state);
    rounds(this.state, this.keys, true);
    permuteOut(this.state, output, outOff);
  }

  /** Zeroes the round keys; any later block throws `KEY_WIPED`. */
  wipe(): void {
    wipeRoundKeys(this.keys);
    this.wiped = true;
  }
}

maskCipherRenderings(DesCipher.prototype, 'DesCipher');

/**
 * Triple DES EDE (NIST SP 800-67): 16-byte keys are K1‖K2 with K3 = K1, 24-byte keys are K1‖K2‖K3.
 * The inner FP/IP pairs cancel, so one IP and one FP frame the 48 rounds.
 */
export class TdesCipher implements BlockCipher {
  readonly algorithm = 'tdes' as const;
  readonly blockSize = 8 as const;
  private readonly k1: RoundKeys;
  private readonly k2: RoundKeys;
  private readonly k3: RoundKeys;
  private readonly state = new Int32Array(2);
  private wiped = false;

  constructor(key: Uint8Array) {
    checkKeyLength('tdes', key.length);
    this.k1 = new RoundKeys(key, 0);
    this.k2 = new RoundKeys(key, 8);
    this.k3 = key.length === 24 ? new RoundKeys(key, 16) : this.k1;
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    checkBlock(this.wiped, input, inOff, output, outOff);
    const st = this.state;
    permuteIn(input, inOff, st);
    rounds(st, this.k1, false);
    rounds(st, this.k2, true);
    rounds(st, this.k3, false);
    permuteOut(st, output, outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    checkBlock(this.wiped, input, inOff, output, outOff);
    const st = this.state;
    permuteIn(input, inOff, st);
    rounds(st, this.k3, true);
    rounds(st, this.k2, false);
    rounds(st, this.k1, true);
    permuteOut(st, output, outOff);
  }

  /** Zeroes the round keys of all three stages; any later block throws `KEY_WIPED`. */
  wipe(): void {
    wipeRoundKeys(this.k1);
    wipeRoundKeys(this.k2);
    wipeRoundKeys(this.k3);
    this.wiped = true;
  }
}

maskCipherRenderings(TdesCipher.prototype, 'TdesCipher');

/** DES as a part of a provider: `createProvider({ des, tdes })`. */
export const des: CipherModule<'des'> = { algorithm: 'des', create: (key) => new DesCipher(bytesArg(key, 'key')) };

/** TDES (two- or three-key) as a part of a provider. */
export const tdes: CipherModule<'tdes'> = { algorithm: 'tdes', create: (key) => new TdesCipher(bytesArg(key, 'key')) };
