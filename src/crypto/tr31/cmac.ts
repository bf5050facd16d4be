// CMAC (NIST SP 800-38B) and CBC-MAC over a keyed block cipher, as TR-31 uses them. Internal to the key
// block code; the public MAC functions live in the MAC module.
import type { BlockCipher } from '../cipher.js';

/** The full-block CMAC of `data` (any length) under `cipher`. */
export function cmac(cipher: BlockCipher, data: Uint8Array): Uint8Array {
  const bs = cipher.blockSize;
  const k1 = subkey(cipher);
  const complete = data.length > 0 && data.length % bs === 0;
  const blocks = complete ? data.length / bs : Math.floor(data.length / bs) + 1;
  const x = new Uint8Array(bs);
  for (let b = 0; b < blocks - 1; b++) {
    for (let i = 0; i < bs; i++) x[i]! ^= data[b * bs + i]!;
    cipher.encryptBlock(x, 0, x, 0);
  }
  // A complete last block is masked with K1; a partial one is padded 80 00.. and masked with K2.
  const mask = complete ? k1 : double(k1);
  const lastStart = (blocks - 1) * bs;
  for (let i = 0; i < bs; i++) {
    const at = lastStart + i;
    const m = at < data.length ? data[at]! : at === data.length ? 0x80 : 0;
    x[i]! ^= m ^ mask[i]!;
  }
  cipher.encryptBlock(x, 0, x, 0);
  k1.fill(0);
  mask.fill(0);
  return x;
}

/** The last block of a zero-IV CBC encryption of `data`, which must fill whole blocks (ISO 9797-1 MAC algorithm 1). */
export function cbcMac(cipher: BlockCipher, data: Uint8Array): Uint8Array {
  const bs = cipher.blockSize;
  const x = new Uint8Array(bs);
  for (let o = 0; o < data.length; o += bs) {
    for (let i = 0; i < bs; i++) x[i]! ^= data[o + i]!;
    cipher.encryptBlock(x, 0, x, 0);
  }
  return x;
}

function subkey(cipher: BlockCipher): Uint8Array {
  const l = new Uint8Array(cipher.blockSize);
  cipher.encryptBlock(l, 0, l, 0);
  const k1 = double(l);
  l.fill(0);
  return k1;
}

// Doubling in GF(2^64) or GF(2^128): shift left one bit and fold the carry back with R_b (0x1B or 0x87).
function double(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(block.length);
  let carry = 0;
  for (let i = block.length - 1; i >= 0; i--) {
    const b = block[i]!;
    out[i] = ((b << 1) | carry) & 0xff;
    carry = b >>> 7;
  }
  if (carry !== 0) out[out.length - 1]! ^= block.length === 8 ? 0x1b : 0x87;
  return out;
}
