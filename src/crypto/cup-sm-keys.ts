// SM (国密) working keys of a CUP SM sign-in: SM4 keys under an SM4 terminal master key, each followed by its
// check value. No acquirer's SM layout is public (one 0810 60.3 005 carries 104 bytes of field 62), so the
// layout is given by the caller; the default is the 004 arrangement with SM4 keys.
import { badArgument, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import type { CipherProvider } from './block-cipher.js';
import { ecbWith } from './cipher.js';
import { checkValueWithCipher } from './cmac-core.js';
import { constantTimeEqual } from './constant-time.js';
import { copyBytes, isBytes, optionOr, optionsArg } from './input.js';
import { checkKeyStrength, type WeakKeyOptions } from './key-checks.js';
import { adoptKeyBytes, CipherKey, cipherFor, type KeyInput, keyBytesOf, keyClassOf, providerOf, resolveKeyAlgorithm, SecretKey } from './key.js';

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

/** Options of the SM key-download functions. */
export interface SmKeyOptions extends WeakKeyOptions {
  /** Where each key and its check value sit (default `SM_KEY_LAYOUT`). */
  layout?: readonly SmKeySlot[];
  provider?: CipherProvider;
}

/** The clear SM4 working keys of an SM sign-in. */
export interface SmWorkingKeys {
  pik: SecretKey;
  mak: SecretKey;
  tdk?: SecretKey;
}

// The TMK of an SM sign-in is SM4: a raw 16-byte key is read as one.
function smTmkCipher(tmk: KeyInput, provider: CipherProvider) {
  if (!(tmk instanceof CipherKey) && !(isBytes(tmk) && tmk.length === 16)) {
    throw new Iso8583Error('BAD_KEY_TYPE', 'SM working keys need a 16-byte SM4 master key', { expected: 'SM4 key, 16 bytes' });
  }
  const alg = resolveKeyAlgorithm(tmk, ['sm4'], 'SM key download', tmk instanceof CipherKey ? undefined : 'sm4');
  return cipherFor(alg, tmk, provider);
}

function smCheckValue(key: Uint8Array, length: number, provider: CipherProvider): Uint8Array {
  return checkValueWithCipher(provider.createCipher('sm4', key), 'zero-block', 16).subarray(0, length);
}

function checkLayout(layout: readonly SmKeySlot[] | undefined): number {
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

/**
 * The clear SM4 keys of an SM sign-in's field 62 under the SM4 `tmk`, each checked against its check value
 * (`KCV_MISMATCH` names the first that fails) and refused when all zeros (`WEAK_KEY`, unless `allowWeakKeys`).
 */
export function decryptSmWorkingKeys(field62: Uint8Array, tmk: KeyInput, options?: SmKeyOptions): SmWorkingKeys {
  const o = optionsArg(options);
  const layout = optionOr(o.layout, SM_KEY_LAYOUT);
  const provider = providerOf(o, tmk);
  const cipher = smTmkCipher(tmk, provider);
  const total = checkLayout(layout);
  if (!isBytes(field62) || field62.length !== total) {
    throw new Iso8583Error('BAD_KEY_BLOCK_LENGTH', `SM working-key block must be ${total} bytes`, {
      path: '62',
      expected: `${total} bytes`,
      found: isBytes(field62) ? `${field62.length} bytes` : 'not a Uint8Array',
    });
  }
  const made: Array<[SmKeySlot['key'], SecretKey]> = [];
  try {
    let o2 = 0;
    for (const s of layout) {
      const clear = ecbWith(cipher, field62.subarray(o2, o2 + s.keyLength), false);
      try {
        o2 += s.keyLength;
        const given = field62.subarray(o2, o2 + s.checkLength);
        o2 += s.checkLength;
        if (s.checkLength > 0 && !constantTimeEqual(smCheckValue(clear, s.checkLength, provider), given)) {
          throw new Iso8583Error('KCV_MISMATCH', `${s.key.toUpperCase()} check value does not match`, { path: '62' });
        }
        checkKeyStrength('sm4', clear, s.key.toUpperCase(), o, 'allowWeakKeys accepts it for test vectors', '62');
        made.push([s.key, adoptKeyBytes('sm4', copyBytes(clear), provider, keyClassOf(tmk, SecretKey))]);
      } finally {
        clear.fill(0);
      }
    }
  } catch (e) {
    for (const [, key] of made) key.wipe();
    throw e;
  }
  const of = (name: SmKeySlot['key']) => made.find(([n]) => n === name)?.[1];
  const keys: SmWorkingKeys = { pik: of('pik')!, mak: of('mak')! };
  const tdk = of('tdk');
  if (tdk !== undefined) keys.tdk = tdk;
  return keys;
}

/** Field 62 of an SM sign-in answer for `keys` (host side): each SM4 key under the SM4 `tmk`, then its check value. */
export function encryptSmWorkingKeys(
  keys: { pik: KeyInput; mak: KeyInput; tdk?: KeyInput },
  tmk: KeyInput,
  options?: Omit<SmKeyOptions, 'allowWeakKeys'>,
): Uint8Array {
  const o = optionsArg(options);
  const layout = optionOr(o.layout, SM_KEY_LAYOUT);
  const provider = providerOf(o, tmk);
  const cipher = smTmkCipher(tmk, provider);
  const total = checkLayout(layout);
  if (typeof keys !== 'object' || keys === null) throw badArgument('keys', 'an object of PIK, MAK and TDK', shapeOf(keys));
  const out = new Uint8Array(total);
  let at = 0;
  for (const s of layout) {
    const key = keys[s.key];
    if (key === undefined) throw new Iso8583Error('MISSING_KEY', `the SM layout needs a ${s.key.toUpperCase()}`, { expected: s.key });
    if (!(key instanceof CipherKey) && !isBytes(key)) throw badArgument(`keys.${s.key}`, 'a Uint8Array or a SecretKey', shapeOf(key));
    if (!(key instanceof CipherKey)) checkKeyStrength('sm4', key, s.key.toUpperCase(), undefined, 'make it a SecretKey with allowWeakKeys for test vectors');
    // A private copy: the caller's array is never zeroed.
    const bytes = copyBytes(key instanceof CipherKey ? keyBytesOf(key) : key);
    try {
      if (bytes.length !== 16) {
        throw new Iso8583Error('BAD_KEY_LENGTH', `${s.key.toUpperCase()} must be a 16-byte SM4 key`, { expected: '16 bytes', found: `${bytes.length} bytes` });
      }
      out.set(ecbWith(cipher, bytes, true), at);
      at += 16;
      out.set(smCheckValue(bytes, s.checkLength, provider), at);
      at += s.checkLength;
    } finally {
      bytes.fill(0);
    }
  }
  return out;
}
