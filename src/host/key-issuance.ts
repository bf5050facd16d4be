// Working keys as an acquirer issues them at sign-in: random, odd parity, enciphered under the TMK with check values.
import { badArgument, expectBytes, shapeOf } from '../arguments.js';
import { toHex } from '../bytes/hex.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering, redactedBytes } from '../redaction.js';
import type { CipherProvider } from '../crypto/cipher.js';
import { encryptCupWorkingKeys, type CupKeyLayout } from '../crypto/cup-keys.js';
import { kcv } from '../crypto/kcv.js';
import { CipherKey, type KeyInput, SecretKey } from '../crypto/key.js';
import { type RandomSource, randomBytes } from '../crypto/random.js';
import { optionsObject } from './store.js';

/** How a sign-in's keys are laid out: a CUP key layout (60.3), or `sm` for the SM4 keys of an SM (国密) sign-in. */
export type WorkingKeyLayout = CupKeyLayout | 'sm';

/** The clear working keys of one sign-in, in the layout the terminal asked for (60.3). */
export interface GeneratedKeys {
  layout: WorkingKeyLayout;
  pik: SecretKey;
  mak: SecretKey;
  /** Layout `004` only: the track data key. */
  tdk?: SecretKey;
}

/** Check values of working keys as the sign-in answer carries them: 4 bytes each, upper-case hex. */
export interface KeyCheckValues {
  pik: string;
  mak: string;
  tdk?: string;
}

/** Options of {@link generateWorkingKeys} and {@link issueWorkingKeys}. */
export interface KeyIssueOptions {
  /** Source of key bytes (default: the platform's secure random source); a seeded one makes tests repeatable. */
  random?: RandomSource;
  /**
   * Length of the MAK in layouts `003` and `004`: 8 bytes (default, the CUP standard) or 16, which fills the
   * whole MAK area of field 62 as some hosts send it. Layout `001` keys are always 8 bytes.
   */
  makLength?: 8 | 16;
  provider?: CipherProvider;
}

/** A sign-in's issue: the keys to keep, field 62 to send, and the check values the terminal will compute. */
export interface IssuedWorkingKeys {
  keys: GeneratedKeys;
  /** Field 62 of the 0810: each key under the TMK, followed by its 4-byte check value. */
  field62: Uint8Array;
  checkValues: KeyCheckValues;
}

const LAYOUTS: readonly string[] = ['001', '003', '004'];

/** `bytes` with each byte's low bit set so that the byte has an odd number of one bits (DES key parity). */
export function withOddParity(bytes: Uint8Array): Uint8Array {
  const out = expectBytes(bytes, 'bytes').slice();
  for (let i = 0; i < out.length; i++) {
    let b = out[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    if (ones % 2 === 0) b |= 1;
    out[i] = b;
  }
  return out;
}

function checkLayout(layout: unknown): asserts layout is CupKeyLayout {
  if (typeof layout !== 'string' || !LAYOUTS.includes(layout)) {
    throw new Iso8583Error('BAD_KEY_LAYOUT', 'working-key layout must be 001, 003 or 004', { path: '60.3', expected: '001, 003 or 004' });
  }
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
 * New random working keys with odd DES parity for `layout`: `001` single-length PIK and MAK, `003` a
 * double-length PIK and a single-length MAK (see `makLength`), `004` the same plus a double-length TDK.
 */
export function generateWorkingKeys(layout: CupKeyLayout, options?: KeyIssueOptions): GeneratedKeys {
  checkLayout(layout);
  const o = optionsObject(options);
  const makLength = o.makLength ?? 8;
  if (makLength !== 8 && makLength !== 16) {
    throw new Iso8583Error('BAD_OPTION', 'MAK length must be 8 or 16 bytes', { path: 'makLength', expected: '8 or 16' });
  }
  const single = layout === '001';
  const keys: GeneratedKeys = {
    layout,
    pik: freshKey(single ? 8 : 16, o.random),
    mak: freshKey(single ? 8 : makLength, o.random),
  };
  if (layout === '004') keys.tdk = freshKey(16, o.random);
  return keys;
}

/** The 4-byte check values of working keys, as a terminal computes them from the keys it installed. */
export function keyCheckValues(keys: Pick<GeneratedKeys, 'pik' | 'mak' | 'tdk'>, provider?: CipherProvider): KeyCheckValues {
  const k = keys as Partial<GeneratedKeys> | null;
  if (k === null || typeof k !== 'object' || !(k.pik instanceof CipherKey) || !(k.mak instanceof CipherKey) || (k.tdk !== undefined && !(k.tdk instanceof CipherKey))) {
    throw badArgument('keys', 'working keys { pik, mak, tdk? } as SecretKeys', shapeOf(keys));
  }
  const check = (k: SecretKey) => toHex(kcv(k.algorithm, k, { length: 4, provider }));
  const out: KeyCheckValues = { pik: check(keys.pik), mak: check(keys.mak) };
  if (keys.tdk !== undefined) out.tdk = check(keys.tdk);
  return out;
}

/**
 * Issues a sign-in's working keys: fresh keys for `layout` (see {@link generateWorkingKeys}), field 62 with
 * each key enciphered under `tmk` (DES or TDES ECB) and followed by its check value, and those check values.
 */
export function issueWorkingKeys(layout: CupKeyLayout, tmk: KeyInput, options?: KeyIssueOptions): IssuedWorkingKeys {
  const o = optionsObject(options);
  if (!(tmk instanceof CipherKey) && !(tmk instanceof Uint8Array)) throw badArgument('tmk', 'a SecretKey or key bytes', shapeOf(tmk));
  const keys = generateWorkingKeys(layout, o);
  const { pik, mak, tdk } = keys;
  const field62 = encryptCupWorkingKeys(tdk === undefined ? { pik, mak } : { pik, mak, tdk }, tmk, layout, { provider: o.provider });
  return issued({ keys, field62, checkValues: keyCheckValues(keys, o.provider) });
}

// Field 62 carries the keys under the TMK: renderings show the layout and check values only.
const ISSUED = {} as IssuedWorkingKeys;
defineMaskedRendering(ISSUED, {
  name: 'IssuedWorkingKeys',
  masked: (i) => ({ layout: i.keys.layout, field62: redactedBytes(i.field62), checkValues: i.checkValues }),
});

function issued(fields: IssuedWorkingKeys): IssuedWorkingKeys {
  return Object.assign(Object.create(ISSUED) as IssuedWorkingKeys, fields);
}
