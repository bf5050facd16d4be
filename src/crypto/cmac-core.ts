// CMAC (NIST SP 800-38B) and key check values over an already keyed block cipher: the one implementation
// behind the public CMAC, every KCV (key objects included) and TR-31 key derivation and MACs.
import { Iso8583Error } from '../errors.js';
import { blockSizeOf, type BlockCipher, type CipherAlgorithm } from './block-cipher.js';

// SP 800-38B §5.3: R_b for 64- and 128-bit blocks.
const RB_64 = 0x1b;
const RB_128 = 0x87;

// Doubling in GF(2^n): shift left by one bit, folding the carry back in with R_b.
function double(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(block.length);
  let carry = 0;
  for (let i = block.length - 1; i >= 0; i--) {
    const b = block[i]!;
    out[i] = ((b << 1) | carry) & 0xff;
    carry = b >>> 7;
  }
  if (carry) out[out.length - 1]! ^= block.length === 8 ? RB_64 : RB_128;
  return out;
}

/** The full-length CMAC tag of `data` (any length, including empty) under `cipher`. */
export function cmacWithCipher(cipher: BlockCipher, data: Uint8Array): Uint8Array {
  const bs = cipher.blockSize;
  const l = new Uint8Array(bs);
  cipher.encryptBlock(l, 0, l, 0);
  const k1 = double(l);
  const complete = data.length > 0 && data.length % bs === 0;
  const n = complete ? data.length / bs : Math.floor(data.length / bs) + 1;
  const x = new Uint8Array(bs);
  for (let blk = 0; blk < n - 1; blk++) {
    for (let i = 0; i < bs; i++) x[i] = x[i]! ^ data[blk * bs + i]!;
    cipher.encryptBlock(x, 0, x, 0);
  }
  // The last block is masked with K1 when complete, else padded with 10…0 and masked with K2.
  const last = data.subarray((n - 1) * bs);
  const mask = complete ? k1 : double(k1);
  for (let i = 0; i < bs; i++) {
    const m = i < last.length ? last[i]! : i === last.length ? 0x80 : 0;
    x[i] = x[i]! ^ m ^ mask[i]!;
  }
  cipher.encryptBlock(x, 0, x, 0);
  l.fill(0);
  k1.fill(0);
  mask.fill(0);
  return x;
}

/**
 * How a key check value is computed. `zero-block`: encrypt one block of zeros (the DES/TDES method, also seen
 * for AES). `cmac`: CMAC of one block of zeros (ANSI X9.24-1:2017 A.3, the AES method).
 */
export type KcvMethod = 'zero-block' | 'cmac';

/** The method an algorithm's check value uses unless told otherwise: zero-block for DES/TDES, CMAC for AES/SM4. */
export function defaultKcvMethod(alg: CipherAlgorithm): KcvMethod {
  return alg === 'des' || alg === 'tdes' ? 'zero-block' : 'cmac';
}

/** Leading bytes kept unless told otherwise: 3 for zero-block (the operators' habit), 5 for CMAC (X9.24-1:2017). */
export function defaultKcvLength(method: KcvMethod): number {
  return method === 'cmac' ? 5 : 3;
}

/** `method` when it is a KCV method, else `BAD_KCV_METHOD`. */
export function checkKcvMethod(method: unknown): KcvMethod {
  if (method === 'zero-block' || method === 'cmac') return method;
  throw new Iso8583Error('BAD_KCV_METHOD', 'KCV method must be zero-block or cmac', { expected: 'zero-block or cmac' });
}

/** `length` when it is 1 to the block size of `alg`, else `BAD_KCV_LENGTH`. */
export function checkKcvLength(alg: CipherAlgorithm, length: unknown): number {
  const bs = blockSizeOf(alg);
  if (typeof length === 'number' && Number.isInteger(length) && length >= 1 && length <= bs) return length;
  const found = typeof length === 'number' ? String(length) : typeof length;
  throw new Iso8583Error('BAD_KCV_LENGTH', `${alg} KCV length must be 1 to ${bs} bytes, found ${found}`, {
    expected: `1 to ${bs} bytes`,
    found,
  });
}

/** The leading `length` bytes of the check value of `cipher`'s key by `method`. */
export function checkValueWithCipher(cipher: BlockCipher, method: KcvMethod, length: number): Uint8Array {
  // A zero block encrypted: the zero-block check value, and CMAC's L.
  const full = new Uint8Array(cipher.blockSize);
  cipher.encryptBlock(full, 0, full, 0);
  if (method === 'cmac') {
    // The CMAC of one zero block is E(0 ⊕ K1) = E(K1): a whole block is masked with K1 alone. Computed so, a
    // key check value needs no general CMAC (and a bundle that never MACs with CMAC carries none).
    const k1 = double(full);
    cipher.encryptBlock(k1, 0, full, 0);
    k1.fill(0);
  }
  const check = full.slice(0, length);
  full.fill(0);
  return check;
}
