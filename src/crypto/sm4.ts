// SM4, written from GB/T 32907-2016. The S-box and FK are the standard's constants; CK is computed as the
// standard defines it; the round tables (S-box followed by the linear transform L) are derived at load time.
import { type BlockCipher, type CipherModule, checkBlockOffsets, checkKeyLength, keyWipedError, maskCipherRenderings } from './block-cipher.js';
import { bytesArg } from './input.js';

// GB/T 32907-2016 §6.2, the S-box, row by row.
const SBOX = [
  0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
  0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
  0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
  0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
  0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
  0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
  0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
  0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
  0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
  0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
  0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
  0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
  0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
  0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
  0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
  0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
];
// GB/T 32907-2016 §7.3, the system parameter FK.
const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

// T0..T3[b]: the round transform T = L∘τ applied to byte b standing in byte position 0..3 of the word.
const T0 = new Int32Array(256);
const T1 = new Int32Array(256);
const T2 = new Int32Array(256);
const T3 = new Int32Array(256);
// CK[i]: byte j of CK_i is (4i + j) × 7 mod 256 (§7.3).
const CK = new Int32Array(32);

for (let b = 0; b < 256; b++) {
  const s = SBOX[b]! << 24;
  const t = s ^ rotl(s, 2) ^ rotl(s, 10) ^ rotl(s, 18) ^ rotl(s, 24);
  T0[b] = t;
  T1[b] = rotl(t, 24);
  T2[b] = rotl(t, 16);
  T3[b] = rotl(t, 8);
}
for (let i = 0; i < 32; i++) {
  let w = 0;
  for (let j = 0; j < 4; j++) w = (w << 8) | (((4 * i + j) * 7) & 255);
  CK[i] = w;
}

// The key schedule's T' uses L'(B) = B ⊕ (B <<< 13) ⊕ (B <<< 23) after the S-box.
function keyTransform(x: number): number {
  const s =
    (SBOX[x >>> 24]! << 24) | (SBOX[(x >>> 16) & 255]! << 16) | (SBOX[(x >>> 8) & 255]! << 8) | SBOX[x & 255]!;
  return s ^ rotl(s, 13) ^ rotl(s, 23);
}

function readWord(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

function writeWord(b: Uint8Array, o: number, w: number): void {
  b[o] = w >>> 24;
  b[o + 1] = w >>> 16;
  b[o + 2] = w >>> 8;
  b[o + 3] = w;
}

function crypt(rk: Int32Array, input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
  checkBlockOffsets(16, input, inOff, output, outOff);
  let x0 = readWord(input, inOff);
  let x1 = readWord(input, inOff + 4);
  let x2 = readWord(input, inOff + 8);
  let x3 = readWord(input, inOff + 12);
  for (let i = 0; i < 32; i++) {
    const a = x1 ^ x2 ^ x3 ^ rk[i]!;
    const x4 = x0 ^ T0[a >>> 24]! ^ T1[(a >>> 16) & 255]! ^ T2[(a >>> 8) & 255]! ^ T3[a & 255]!;
    x0 = x1;
    x1 = x2;
    x2 = x3;
    x3 = x4;
  }
  // The reverse transform R: output is (X35, X34, X33, X32).
  writeWord(output, outOff, x3);
  writeWord(output, outOff + 4, x2);
  writeWord(output, outOff + 8, x1);
  writeWord(output, outOff + 12, x0);
}

/** SM4 (GB/T 32907-2016) with its 32 round keys expanded once. */
export class Sm4Cipher implements BlockCipher {
  readonly algorithm = 'sm4' as const;
  readonly blockSize = 16 as const;
  private readonly encKeys = new Int32Array(32);
  private readonly decKeys = new Int32Array(32);
  private wiped = false;

  constructor(key: Uint8Array) {
    checkKeyLength('sm4', key.length);
    let k0 = readWord(key, 0) ^ FK[0]!;
    let k1 = readWord(key, 4) ^ FK[1]!;
    let k2 = readWord(key, 8) ^ FK[2]!;
    let k3 = readWord(key, 12) ^ FK[3]!;
    for (let i = 0; i < 32; i++) {
      const k4 = k0 ^ keyTransform(k1 ^ k2 ^ k3 ^ CK[i]!);
      this.encKeys[i] = k4;
      this.decKeys[31 - i] = k4;
      k0 = k1;
      k1 = k2;
      k2 = k3;
      k3 = k4;
    }
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    if (this.wiped) throw keyWipedError();
    crypt(this.encKeys, input, inOff, output, outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    if (this.wiped) throw keyWipedError();
    crypt(this.decKeys, input, inOff, output, outOff);
  }

  /** Zeroes the round keys; any later block throws `KEY_WIPED`. */
  wipe(): void {
    this.encKeys.fill(0);
    this.decKeys.fill(0);
    this.wiped = true;
  }
}

maskCipherRenderings(Sm4Cipher.prototype, 'Sm4Cipher');

/** SM4 (GB/T 32907) as a part of a provider. */
export const sm4: CipherModule<'sm4'> = { algorithm: 'sm4', create: (key) => new Sm4Cipher(bytesArg(key, 'key')) };
