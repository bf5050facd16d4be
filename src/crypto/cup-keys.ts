// CUP POS sign-in key download: the working keys of an 0810's field 62, encrypted under the TMK.
import { Iso8583Error } from '../errors.js';
import type { CipherAlgorithm, CipherProvider } from './block-cipher.js';
import { ecbWith } from './cipher.js';
import { checkValueWithCipher } from './cmac-core.js';
import { constantTimeEqual } from './constant-time.js';
import { badArgument, shapeOf } from '../arguments.js';
import { copyBytes, isAllZero, isBytes, optionsArg } from './input.js';
import { checkKeyStrength, hasEqualHalves, type WeakKeyOptions } from './key-checks.js';
import {
  adoptKeyBytes,
  CipherKey,
  cipherFor,
  explicitProviderOf,
  type KeyInput,
  keyBytesOf,
  keyOfBytes,
  type KeyClass,
  keyClassOf,
  providerOf,
  type ProviderResolver,
  resolveKeyAlgorithm,
  SecretKey,
} from './key.js';

/** Field 60.3 of the sign-in: `001` single-length keys, `003` double-length, `004` double-length plus a TDK. */
export type CupKeyLayout = '001' | '003' | '004';

/** The clear working keys of a sign-in. */
export interface CupWorkingKeys {
  pik: SecretKey;
  mak: SecretKey;
  tdk?: SecretKey;
}

/** Working keys to send (host side), as key objects or raw bytes. */
export interface CupWorkingKeyInput {
  pik: KeyInput;
  mak: KeyInput;
  tdk?: KeyInput;
}

/** Options of the key-download functions. */
export interface CupKeyOptions extends WeakKeyOptions {
  provider?: CipherProvider;
}

type KeyName = 'PIK' | 'MAK' | 'TDK';

const BLOCK_LENGTH: Readonly<Record<CupKeyLayout, number>> = { '001': 24, '003': 40, '004': 60 };
const KCV_LENGTH = 4;

function checkLayout(layout: CupKeyLayout): void {
  if (layout !== '001' && layout !== '003' && layout !== '004') {
    throw new Iso8583Error('BAD_KEY_LAYOUT', 'working-key layout must be 001, 003 or 004', {
      path: '60.3',
      expected: '001, 003 or 004',
    });
  }
}

// The TMK decides single DES (8 bytes) or TDES (16/24 bytes) for every block.
function tmkCipher(tmk: KeyInput, provider: CipherProvider) {
  return cipherFor(resolveKeyAlgorithm(tmk, ['des', 'tdes'], 'TMK'), tmk, provider);
}

// Working keys are DES when 8 bytes long and TDES when 16, whatever the TMK is.
function algorithmOfLength(length: number): CipherAlgorithm {
  return length === 8 ? 'des' : 'tdes';
}

// The 4-byte check value of clear working-key bytes.
function checkValue(bytes: Uint8Array, provider: CipherProvider): Uint8Array {
  return checkValueWithCipher(provider.createCipher(algorithmOfLength(bytes.length), bytes), 'zero-block', KCV_LENGTH);
}

function checkEncrypted(encrypted: Uint8Array): void {
  if (!isBytes(encrypted) || encrypted.length === 0 || encrypted.length % 8 !== 0) {
    throw new Iso8583Error('BAD_DATA_LENGTH', 'encrypted key must be a Uint8Array of whole 8-byte blocks', {
      expected: 'multiple of 8 bytes',
      found: isBytes(encrypted) ? `${encrypted.length} bytes` : shapeOf(encrypted),
    });
  }
}

/**
 * The key `encrypted` under the TMK (DES or TDES ECB, block by block): DES when 8 bytes, TDES when 16 or 24.
 * Checked like a key download checks its keys (`WEAK_KEY` unless `options.allowWeakKeys`).
 */
export function decryptKeyUnderTmk(encrypted: Uint8Array, tmk: KeyInput, options?: CupKeyOptions): SecretKey {
  const o = optionsArg(options);
  checkEncrypted(encrypted);
  const provider = providerOf(o, tmk);
  const clear = ecbWith(tmkCipher(tmk, provider), encrypted, false);
  try {
    return keyOfBytes(algorithmOfLength(clear.length), clear, { allowWeakKeys: o.allowWeakKeys === true }, provider, keyClassOf(tmk, SecretKey));
  } finally {
    clear.fill(0);
  }
}

/** The key `clear` encrypted under the TMK with DES or TDES ECB, block by block. */
export function encryptKeyUnderTmk(clear: KeyInput, tmk: KeyInput, options?: Pick<CupKeyOptions, 'provider'>): Uint8Array {
  const cipher = tmkCipher(tmk, providerOf(optionsArg(options), tmk));
  const bytes = keyBytes('key', 'clear', clear);
  try {
    checkEncrypted(bytes);
    return ecbWith(cipher, bytes, true);
  } finally {
    bytes.fill(0);
  }
}

interface Slot {
  name: KeyName;
  offset: number;
  length: number;
  kcvOffset: number;
  /** The layout allows this key to be single DES. */
  singleAllowed: boolean;
}

// Where each key and its check value sit; for 003/004 the MAK area is 16 bytes: a single-length MAK
// followed by eight zero bytes, or (some hosts) a double-length MAK filling it.
function slots(layout: CupKeyLayout, field62: Uint8Array): Slot[] {
  if (layout === '001') {
    return [
      { name: 'PIK', offset: 0, length: 8, kcvOffset: 8, singleAllowed: true },
      { name: 'MAK', offset: 12, length: 8, kcvOffset: 20, singleAllowed: true },
    ];
  }
  const makLength = isAllZero(field62.subarray(28, 36)) ? 8 : 16;
  const out: Slot[] = [
    { name: 'PIK', offset: 0, length: 16, kcvOffset: 16, singleAllowed: false },
    { name: 'MAK', offset: 20, length: makLength, kcvOffset: 36, singleAllowed: true },
  ];
  if (layout === '004') out.push({ name: 'TDK', offset: 40, length: 16, kcvOffset: 56, singleAllowed: false });
  return out;
}

/**
 * The key object for the clear bytes of one slot. A 16-byte key with equal halves is single DES in
 * disguise: where the layout allows a single-length key (the MAK of 003 and 004) it becomes the DES key it
 * is; where a double-length key is required (PIK and TDK of 003 and 004) it is refused.
 */
function slotKey(slot: Slot, clear: Uint8Array, layout: CupKeyLayout, options: WeakKeyOptions, provider: CipherProvider, cls: KeyClass): SecretKey {
  let bytes = clear;
  // An all-zero key has equal halves too, but its fault is being zero.
  if (hasEqualHalves(clear) && !isAllZero(clear)) {
    if (slot.singleAllowed) bytes = clear.subarray(0, 8);
    else if (options.allowWeakKeys !== true) {
      throw new Iso8583Error(
        'WEAK_KEY',
        `${slot.name} of layout ${layout} must be double-length, but its halves are equal: it is single DES`,
        { path: '62', expected: 'a double-length key' },
      );
    }
  }
  const alg = algorithmOfLength(bytes.length);
  checkKeyStrength(alg, bytes, slot.name, options, 'allowWeakKeys accepts it for test vectors', '62');
  return adoptKeyBytes(alg, copyBytes(bytes), provider, cls);
}

/**
 * The clear PIK, MAK (and TDK for layout `004`) of a sign-in response's field 62, each checked against
 * its 4-byte check value. On any mismatch it throws `KCV_MISMATCH` naming the key, so the caller keeps
 * its old keys; a weak key (all zeros, weak DES, a required double-length key that is single DES) throws
 * `WEAK_KEY` unless `options.allowWeakKeys`.
 */
export function decryptCupWorkingKeys(
  field62: Uint8Array,
  tmk: KeyInput,
  layout: CupKeyLayout,
  options?: CupKeyOptions,
): CupWorkingKeys {
  return workingKeys(field62, tmk, layout, options, providerOf, keyClassOf(tmk, SecretKey));
}

/**
 * `decryptCupWorkingKeys` on the provider of `options.provider` or of the TMK key object, never the default
 * provider: the keys it gives are bound to that provider; a raw TMK without `options.provider` throws `NO_PROVIDER`.
 */
export function decryptCupWorkingKeysExplicit(
  field62: Uint8Array,
  tmk: KeyInput,
  layout: CupKeyLayout,
  options?: CupKeyOptions,
): CupWorkingKeys {
  return workingKeys(field62, tmk, layout, options, explicitProviderOf, keyClassOf(tmk, CipherKey));
}

function workingKeys(
  field62: Uint8Array,
  tmk: KeyInput,
  layout: CupKeyLayout,
  options: CupKeyOptions | undefined,
  resolve: ProviderResolver,
  cls: KeyClass,
): CupWorkingKeys {
  const o = optionsArg(options);
  checkLayout(layout);
  const expected = BLOCK_LENGTH[layout];
  if (!isBytes(field62) || field62.length !== expected) {
    throw new Iso8583Error('BAD_KEY_BLOCK_LENGTH', `working-key block of layout ${layout} must be ${expected} bytes`, {
      path: '62',
      expected: `${expected} bytes`,
      found: isBytes(field62) ? `${field62.length} bytes` : 'not a Uint8Array',
    });
  }
  const provider = resolve(o, tmk);
  const cipher = tmkCipher(tmk, provider);
  const made: Array<[KeyName, SecretKey]> = [];
  try {
    for (const s of slots(layout, field62)) {
      const clear = ecbWith(cipher, field62.subarray(s.offset, s.offset + s.length), false);
      try {
        const given = field62.subarray(s.kcvOffset, s.kcvOffset + KCV_LENGTH);
        if (!constantTimeEqual(checkValue(clear, provider), given)) {
          throw new Iso8583Error('KCV_MISMATCH', `${s.name} check value does not match`, { path: '62' });
        }
        made.push([s.name, slotKey(s, clear, layout, o, provider, cls)]);
      } finally {
        clear.fill(0);
      }
    }
  } catch (e) {
    // Keys already made must not outlive a refused download.
    for (const [, key] of made) key.wipe();
    throw e;
  }
  const keyOf = (name: KeyName) => made.find(([n]) => n === name)?.[1];
  const result: CupWorkingKeys = { pik: keyOf('PIK')!, mak: keyOf('MAK')! };
  const tdk = keyOf('TDK');
  if (tdk !== undefined) result.tdk = tdk;
  return result;
}

// A private copy of a working key's bytes: a key object's, or raw bytes checked for type and strength.
function keyBytes(name: string, arg: string, key: KeyInput): Uint8Array {
  if (key instanceof CipherKey) return copyBytes(keyBytesOf(key));
  if (!isBytes(key)) throw badArgument(arg, 'a Uint8Array or a SecretKey', shapeOf(key));
  if (key.length === 8 || key.length === 16 || key.length === 24) {
    checkKeyStrength(algorithmOfLength(key.length), key, name, undefined, 'make it a SecretKey with allowWeakKeys for test vectors');
  }
  return copyBytes(key);
}

function checkLengthInLayout(name: KeyName, bytes: Uint8Array, allowed: readonly number[], layout: CupKeyLayout): void {
  if (!allowed.includes(bytes.length)) {
    const expected = `${allowed.join(' or ')} bytes`;
    throw new Iso8583Error('BAD_KEY_LENGTH', `${name} of layout ${layout} must be ${expected}`, {
      expected,
      found: `${bytes.length} bytes`,
    });
  }
}

/**
 * Field 62 of a sign-in response for `keys` under the TMK (host simulators and tests): each key
 * encrypted with DES/TDES ECB and followed by its 4-byte check value. A 16-byte MAK in layout `003`
 * or `004` fills the whole MAK area, as some hosts send it.
 */
export function encryptCupWorkingKeys(
  keys: CupWorkingKeyInput,
  tmk: KeyInput,
  layout: CupKeyLayout,
  options?: Pick<CupKeyOptions, 'provider'>,
): Uint8Array {
  checkLayout(layout);
  const provider = providerOf(optionsArg(options), tmk);
  if (typeof keys !== 'object' || keys === null) throw badArgument('keys', 'an object of PIK, MAK and TDK', shapeOf(keys));
  const cipher = tmkCipher(tmk, provider);
  if (layout !== '004' && keys.tdk !== undefined) {
    throw new Iso8583Error('UNEXPECTED_KEY', `layout ${layout} carries no TDK`, { expected: 'PIK and MAK' });
  }
  if (layout === '004' && keys.tdk === undefined) {
    throw new Iso8583Error('MISSING_KEY', 'layout 004 needs a TDK', { expected: 'PIK, MAK and TDK' });
  }
  const parts: Array<[KeyName, Uint8Array]> = [];
  try {
    parts.push(['PIK', keyBytes('PIK', 'keys.pik', keys.pik)], ['MAK', keyBytes('MAK', 'keys.mak', keys.mak)]);
    if (keys.tdk !== undefined) parts.push(['TDK', keyBytes('TDK', 'keys.tdk', keys.tdk)]);
    const out = new Uint8Array(BLOCK_LENGTH[layout]);
    let o = 0;
    for (const [name, bytes] of parts) {
      const single = layout === '001';
      checkLengthInLayout(name, bytes, single ? [8] : name === 'MAK' ? [8, 16] : [16], layout);
      out.set(ecbWith(cipher, bytes, true), o);
      // The single-length MAK of 003/004 is followed by eight zero bytes (already zero in `out`).
      o += single || name !== 'MAK' ? bytes.length : 16;
      out.set(checkValue(bytes, provider), o);
      o += KCV_LENGTH;
    }
    return out;
  } finally {
    for (const [, bytes] of parts) bytes.fill(0);
  }
}
