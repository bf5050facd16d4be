/**
 * Working keys as a simulated host issues them at sign-in: fresh random PIK, MAK (and TDK) of the
 * lengths the layout in 60.3 asks for, each with odd DES parity. The host responder encrypts them
 * under the terminal's TMK into field 62.
 */
import { toHex } from '../bytes/hex.js';
import type { CipherProvider } from '../crypto/cipher.js';
import type { CupKeyLayout } from '../crypto/cup-keys.js';
import { kcv } from '../crypto/kcv.js';
import { SecretKey } from '../crypto/key.js';
import { type RandomSource, randomBytes } from '../crypto/random.js';

/** The clear working keys of one sign-in. */
export interface IssuedKeys {
  layout: CupKeyLayout;
  pik: SecretKey;
  mak: SecretKey;
  tdk?: SecretKey;
}

/** Check values of issued keys, as the 0810 carries them (4 bytes, upper-case hex). */
export interface IssuedKeyCheckValues {
  pik: string;
  mak: string;
  tdk?: string;
}

/** `bytes` with each byte's low bit set so that the byte has an odd number of one bits (DES key parity). */
export function withOddParity(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.length; i++) {
    let b = out[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    if (ones % 2 === 0) b |= 1;
    out[i] = b;
  }
  return out;
}

function freshKey(length: 8 | 16, random: RandomSource | undefined): SecretKey {
  const raw = randomBytes(length, random);
  const bytes = withOddParity(raw);
  raw.fill(0);
  try {
    return SecretKey.fromBytes(length === 8 ? 'des' : 'tdes', bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * New working keys for `layout`: `001` single-length PIK and MAK, `003` a double-length PIK and a
 * single-length MAK, `004` the same plus a double-length TDK. `random` makes runs repeatable.
 */
export function issueWorkingKeys(layout: CupKeyLayout, random?: RandomSource): IssuedKeys {
  const pik = freshKey(layout === '001' ? 8 : 16, random);
  const mak = freshKey(8, random);
  const tdk = layout === '004' ? freshKey(16, random) : undefined;
  const issued: IssuedKeys = { layout, pik, mak };
  if (tdk !== undefined) issued.tdk = tdk;
  return issued;
}

/** The 4-byte check values of issued keys, comparable with what a terminal computes from the keys it installed. */
export function issuedKeyCheckValues(keys: Pick<IssuedKeys, 'pik' | 'mak' | 'tdk'>, provider?: CipherProvider): IssuedKeyCheckValues {
  const check = (k: SecretKey) => toHex(kcv(k.algorithm, k, { length: 4 }, provider));
  const out: IssuedKeyCheckValues = { pik: check(keys.pik), mak: check(keys.mak) };
  if (keys.tdk !== undefined) out.tdk = check(keys.tdk);
  return out;
}
