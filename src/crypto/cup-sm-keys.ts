// SM (国密) working keys of a CUP SM sign-in: SM4 keys under an SM4 terminal master key, each followed by its
// check value. No acquirer's SM layout is public (one 0810 60.3 005 carries 104 bytes of field 62), so the
// layout is given by the caller; the default is the 004 arrangement with SM4 keys.
import { Iso8583Error } from '../errors.js';
import { type CipherProvider, decryptEcb, encryptEcb } from './cipher.js';
import { constantTimeEqual } from './constant-time.js';
import { kcv } from './kcv.js';
import { type KeyInput, SecretKey } from './key.js';

/** One key of an SM working-key block: which key, its length (16 bytes for SM4) and how many check-value bytes follow it. */
export interface SmKeySlot {
  key: 'pik' | 'mak' | 'tdk';
  keyLength: number;
  checkLength: number;
}

/**
 * The default SM layout: PIK, MAK and TDK of 16 bytes each, each followed by 4 check-value bytes (60 bytes),
 * the CUP 004 arrangement with SM4 keys. Check values are the leading bytes of SM4 over a zero block.
 */
export const SM_KEY_LAYOUT: readonly SmKeySlot[] = Object.freeze([
  Object.freeze({ key: 'pik', keyLength: 16, checkLength: 4 }),
  Object.freeze({ key: 'mak', keyLength: 16, checkLength: 4 }),
  Object.freeze({ key: 'tdk', keyLength: 16, checkLength: 4 }),
] as const);

/** The clear SM4 working keys of an SM sign-in. */
export interface SmWorkingKeys {
  pik: SecretKey;
  mak: SecretKey;
  tdk?: SecretKey;
}

function checkSmTmk(tmk: KeyInput): void {
  const alg = tmk instanceof SecretKey ? tmk.algorithm : tmk instanceof Uint8Array && tmk.length === 16 ? 'sm4' : undefined;
  if (alg !== 'sm4') throw new Iso8583Error('BAD_KEY_TYPE', 'SM working keys need a 16-byte SM4 master key', { expected: 'SM4 key, 16 bytes' });
}

function checkLayout(layout: readonly SmKeySlot[]): number {
  if (!Array.isArray(layout) || layout.length === 0) throw new Iso8583Error('BAD_KEY_LAYOUT', 'SM key layout must list at least one key', { expected: 'SmKeySlot[]' });
  let total = 0;
  const seen = new Set<string>();
  for (const s of layout) {
    if (!['pik', 'mak', 'tdk'].includes(s?.key) || seen.has(s.key)) throw new Iso8583Error('BAD_KEY_LAYOUT', 'SM key layout names pik, mak and tdk at most once each', { expected: 'pik, mak, tdk' });
    if (s.keyLength !== 16) throw new Iso8583Error('BAD_KEY_LAYOUT', 'SM4 keys are 16 bytes', { expected: '16 bytes' });
    if (!Number.isInteger(s.checkLength) || s.checkLength < 0 || s.checkLength > 16) {
      throw new Iso8583Error('BAD_KEY_LAYOUT', 'check values are 0 to 16 bytes', { expected: '0..16 bytes' });
    }
    seen.add(s.key);
    total += s.keyLength + s.checkLength;
  }
  if (!seen.has('pik') || !seen.has('mak')) throw new Iso8583Error('BAD_KEY_LAYOUT', 'SM key layout needs a PIK and a MAK', { expected: 'pik and mak' });
  return total;
}

/** The clear SM4 keys of an SM sign-in's field 62 under the SM4 `tmk`, each checked against its check value (`KCV_MISMATCH` names the first that fails). */
export function decryptSmWorkingKeys(
  field62: Uint8Array,
  tmk: KeyInput,
  layout: readonly SmKeySlot[] = SM_KEY_LAYOUT,
  provider?: CipherProvider,
): SmWorkingKeys {
  checkSmTmk(tmk);
  const total = checkLayout(layout);
  if (!(field62 instanceof Uint8Array) || field62.length !== total) {
    throw new Iso8583Error('BAD_KEY_BLOCK_LENGTH', `SM working-key block must be ${total} bytes`, {
      path: '62',
      expected: `${total} bytes`,
      found: field62 instanceof Uint8Array ? `${field62.length} bytes` : 'not a Uint8Array',
    });
  }
  const clear: Array<[SmKeySlot['key'], Uint8Array]> = [];
  try {
    let o = 0;
    for (const s of layout) {
      const key = decryptEcb('sm4', tmk, field62.subarray(o, o + s.keyLength), provider);
      clear.push([s.key, key]);
      o += s.keyLength;
      const given = field62.subarray(o, o + s.checkLength);
      o += s.checkLength;
      if (s.checkLength > 0 && !constantTimeEqual(kcv('sm4', key, { method: 'zero-block', length: s.checkLength }, provider), given)) {
        throw new Iso8583Error('KCV_MISMATCH', `${s.key.toUpperCase()} check value does not match`, { path: '62' });
      }
    }
    const of = (name: SmKeySlot['key']) => {
      const bytes = clear.find(([n]) => n === name)?.[1];
      return bytes === undefined ? undefined : SecretKey.fromBytes('sm4', bytes);
    };
    const keys: SmWorkingKeys = { pik: of('pik')!, mak: of('mak')! };
    const tdk = of('tdk');
    if (tdk !== undefined) keys.tdk = tdk;
    return keys;
  } finally {
    for (const [, bytes] of clear) bytes.fill(0);
  }
}

/** Field 62 of an SM sign-in answer for `keys` (host side): each SM4 key under the SM4 `tmk`, then its check value. */
export function encryptSmWorkingKeys(
  keys: { pik: KeyInput; mak: KeyInput; tdk?: KeyInput },
  tmk: KeyInput,
  layout: readonly SmKeySlot[] = SM_KEY_LAYOUT,
  provider?: CipherProvider,
): Uint8Array {
  checkSmTmk(tmk);
  const total = checkLayout(layout);
  const out = new Uint8Array(total);
  let o = 0;
  for (const s of layout) {
    const key = keys[s.key];
    if (key === undefined) throw new Iso8583Error('MISSING_KEY', `the SM layout needs a ${s.key.toUpperCase()}`, { expected: s.key });
    const bytes = key instanceof Uint8Array ? key.slice() : key.exportBytes();
    try {
      if (bytes.length !== 16) {
        throw new Iso8583Error('BAD_KEY_LENGTH', `${s.key.toUpperCase()} must be a 16-byte SM4 key`, { expected: '16 bytes', found: `${bytes.length} bytes` });
      }
      out.set(encryptEcb('sm4', tmk, bytes, provider), o);
      o += 16;
      out.set(kcv('sm4', bytes, { method: 'zero-block', length: s.checkLength }, provider).subarray(0, s.checkLength), o);
      o += s.checkLength;
    } finally {
      bytes.fill(0);
    }
  }
  return out;
}
