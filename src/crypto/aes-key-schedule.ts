// The AES-128 key expansion (FIPS 197, 5.2) into an array the caller owns, in the layout noble's round functions take
// (each word little-endian, the key's own bytes first). noble's own expansion allocates a fresh schedule on every
// call, which in Node is an ArrayBuffer of its own (about 1 µs to make and to free, more than the expansion); a
// DUKPT walk keys one block per step, so it expands into one array it keeps and zeroes instead.

// The S-box, computed rather than listed: each byte's inverse in GF(2^8) (through powers of the generator 3),
// then the affine map, rotating the inverse left by 1 to 4 bits and adding 0x63.
const SBOX = /* @__PURE__ */ (() => {
  const power = new Uint8Array(255);
  const logOf = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++) {
    power[i] = x;
    logOf[x] = i;
    x = (x ^ (x << 1) ^ (x & 0x80 ? 0x11b : 0)) & 0xff;
  }
  const box = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    const inv = b === 0 ? 0 : power[(255 - logOf[b]!) % 255]!;
    let out = inv ^ 0x63;
    for (let r = 1; r <= 4; r++) out ^= ((inv << r) | (inv >>> (8 - r))) & 0xff;
    box[b] = out;
  }
  return box;
})();

/**
 * Expands a 16-byte AES key into `schedule` (44 words): the encryption schedule noble's `encrypt` takes. A round of
 * four words at a time, in locals.
 */
export function expandAes128Into(key: Uint8Array, schedule: Uint32Array): void {
  let w0 = key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24);
  let w1 = key[4]! | (key[5]! << 8) | (key[6]! << 16) | (key[7]! << 24);
  let w2 = key[8]! | (key[9]! << 8) | (key[10]! << 16) | (key[11]! << 24);
  let w3 = key[12]! | (key[13]! << 8) | (key[14]! << 16) | (key[15]! << 24);
  let rcon = 1;
  for (let o = 0; o < 44; o += 4) {
    if (o > 0) {
      // RotWord moves the first byte last (in a little-endian word, a rotation right by 8 bits), then SubWord.
      const t = (w3 >>> 8) | (w3 << 24);
      w0 ^= (SBOX[t & 0xff]! | (SBOX[(t >>> 8) & 0xff]! << 8) | (SBOX[(t >>> 16) & 0xff]! << 16) | (SBOX[t >>> 24]! << 24)) ^ rcon;
      w1 ^= w0;
      w2 ^= w1;
      w3 ^= w2;
      rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0);
    }
    schedule[o] = w0;
    schedule[o + 1] = w1;
    schedule[o + 2] = w2;
    schedule[o + 3] = w3;
  }
}
