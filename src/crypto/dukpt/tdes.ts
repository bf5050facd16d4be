// TDES DUKPT (ANSI X9.24-1:2009): the initial key from the BDK, transaction keys, working keys, and the host's one call.
import { badArgument, shapeOf } from '../../arguments.js';
import { Iso8583Error } from '../../errors.js';
import type { BlockCipher, CipherProvider } from '../block-cipher.js';
import { ecbWith } from '../cipher.js';
import { copyBytes, optionsArg } from '../input.js';
import { adoptKeyBytes, CipherKey, type KeyInput, keyClassOf, providerOf, scheduleOf, SecretKey } from '../key.js';
import { requireKey, xorBytes } from './inputs.js';
import { ksnCounterTdes, requireKsnTdes } from './tdes-ksn.js';

/** What a TDES DUKPT working key is for; each selects one X9.24-1 variant of the transaction key. */
export type DukptTdesKeyUsage = 'pin' | 'mac-request' | 'mac-response' | 'data-request' | 'data-response';

/** Options of the DUKPT functions. */
export interface DukptOptions {
  provider?: CipherProvider;
}

/** Options of `deriveHostKeysTdes`. */
export interface DukptTdesHostOptions<U extends DukptTdesKeyUsage> extends DukptOptions {
  /** The working keys wanted (default: all five). */
  usages?: readonly U[];
}

// The key register mask of X9.24-1 (used for the IPEK's right half and the non-reversible step).
const KEY_MASK = fromBytes(0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0, 0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0);

const VARIANTS: Readonly<Record<DukptTdesKeyUsage, Uint8Array>> = {
  pin: variant(7),
  'mac-request': variant(6),
  'mac-response': variant(4),
  'data-request': variant(5),
  'data-response': variant(3),
};

const ALL_USAGES = Object.keys(VARIANTS) as DukptTdesKeyUsage[];

/** The initial key (IPEK) loaded into a device, from the BDK and the device's KSN (X9.24-1:2009). */
export function deriveInitialKeyTdes(bdk: KeyInput, ksn: Uint8Array, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), bdk);
  return adoptKeyBytes('tdes', initialKeyTdes(bdk, ksn, provider), provider, keyClassOf(bdk, SecretKey));
}

/**
 * The transaction key for `ksn`, derived from the initial key by one non-reversible step per one-bit of the
 * counter, high bit first (the host's view of X9.24-1:2009). Counter 0 names no transaction.
 */
export function deriveTransactionKeyTdes(initialKey: KeyInput, ksn: Uint8Array, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), initialKey);
  const ik = requireKey(initialKey, 'tdes', [16], 'DUKPT_BAD_KEY', 'TDES DUKPT initial key');
  return adoptKeyBytes('tdes', transactionKeyTdes(ik, ksn, provider, keptLeftHalf(initialKey, provider)), provider, keyClassOf(initialKey, SecretKey));
}

/**
 * The key for `ksn` from the key of its parent counter (the counter without its lowest one-bit): the
 * step an originating device takes to fill a future key register.
 */
export function deriveChildKeyTdes(parentKey: KeyInput, ksn: Uint8Array, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), parentKey);
  const parent = requireKey(parentKey, 'tdes', [16], 'DUKPT_BAD_KEY', 'TDES DUKPT parent key');
  requireTransactionCounter(ksn);
  return adoptKeyBytes('tdes', nonReversibleStep(parent, copyBytes(ksn, 2, 10), provider, keptLeftHalf(parentKey, provider)), provider, keyClassOf(parentKey, SecretKey));
}

/**
 * The working key of a transaction key for one usage: the X9.24-1 variant, and for data keys also the
 * one-way step that encrypts each half of the variant key under the variant key itself.
 */
export function deriveWorkingKeyTdes(transactionKey: KeyInput, usage: DukptTdesKeyUsage, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), transactionKey);
  const txnKey = requireKey(transactionKey, 'tdes', [16], 'DUKPT_BAD_KEY', 'TDES DUKPT transaction key');
  return adoptKeyBytes('tdes', workingKeyTdes(txnKey, usage, provider), provider, keyClassOf(transactionKey, SecretKey));
}

/**
 * The working keys of one transaction, straight from the BDK and the KSN the device sent: what a host needs
 * to decrypt the PIN block and check the MACs of a request (and MAC or encrypt its answer). The initial and
 * transaction keys never leave the call.
 */
export function deriveHostKeysTdes<U extends DukptTdesKeyUsage = DukptTdesKeyUsage>(
  bdk: KeyInput,
  ksn: Uint8Array,
  options?: DukptTdesHostOptions<U>,
): Record<U, SecretKey> {
  const o = optionsArg(options);
  const usages = usageList(o.usages, ALL_USAGES, 'TDES') as readonly U[];
  const provider = providerOf(o, bdk);
  const ik = initialKeyTdes(bdk, ksn, provider);
  const txn = transactionKeyTdes(ik, ksn, provider);
  ik.fill(0);
  try {
    const out = {} as Record<U, SecretKey>;
    for (const usage of usages) out[usage] = adoptKeyBytes('tdes', workingKeyTdes(txn, usage, provider), provider, keyClassOf(bdk, SecretKey));
    return out;
  } finally {
    txn.fill(0);
  }
}

/** The list of usages a host helper derives: `given` (each known, BAD_ARGUMENT otherwise) or all of them. */
export function usageList<U extends string>(given: readonly U[] | undefined, all: readonly U[], family: string): readonly U[] {
  if (given === undefined) return all;
  if (!Array.isArray(given) || given.length === 0 || given.some((u) => !all.includes(u))) {
    throw badArgument('options.usages', `a non-empty list of ${family} DUKPT key usages`, shapeOf(given));
  }
  return given;
}

function initialKeyTdes(bdk: KeyInput, ksn: Uint8Array, provider: CipherProvider): Uint8Array {
  const bdkBytes = requireKey(bdk, 'tdes', [16], 'DUKPT_BAD_BDK', 'TDES DUKPT BDK');
  requireKsnTdes(ksn);
  const base = copyBytes(ksn, 0, 8);
  base[7]! &= 0xe0;
  const out = new Uint8Array(16);
  // A BDK held as a key object keeps its schedule: a host derives from it for every device.
  out.set(ecbWith(bdk instanceof CipherKey ? scheduleOf(bdk, provider) : provider.createCipher('tdes', bdkBytes), base, true), 0);
  const masked = xorBytes(bdkBytes, KEY_MASK);
  out.set(ecbWith(provider.createCipher('tdes', masked), base, true), 8);
  masked.fill(0);
  return out;
}

function transactionKeyTdes(initialKey: Uint8Array, ksn: Uint8Array, provider: CipherProvider, keptLeft?: BlockCipher): Uint8Array {
  const counter = requireTransactionCounter(ksn);
  const register = copyBytes(ksn, 2, 10);
  let key = initialKey;
  let walked = 0;
  for (let bit = 1 << 20; bit > 0; bit >>>= 1) {
    if ((counter & bit) === 0) continue;
    walked |= bit;
    setRegisterCounter(register, walked);
    const next = nonReversibleStep(key, register, provider, key === initialKey ? keptLeft : undefined);
    if (key !== initialKey) key.fill(0);
    key = next;
  }
  return key;
}

function workingKeyTdes(txnKey: Uint8Array, usage: DukptTdesKeyUsage, provider: CipherProvider): Uint8Array {
  const mask = Object.prototype.hasOwnProperty.call(VARIANTS, usage) ? VARIANTS[usage] : undefined;
  if (mask === undefined) {
    throw new Iso8583Error('DUKPT_BAD_USAGE', 'unknown TDES DUKPT key usage', {
      expected: Object.keys(VARIANTS).join(' | '),
    });
  }
  const key = xorBytes(txnKey, mask);
  if (usage !== 'data-request' && usage !== 'data-response') return key;
  try {
    return ecbWith(provider.createCipher('tdes', key), key, true);
  } finally {
    key.fill(0);
  }
}

function requireTransactionCounter(ksn: Uint8Array): number {
  const counter = ksnCounterTdes(ksn);
  if (counter === 0) {
    throw new Iso8583Error('DUKPT_BAD_KSN', 'TDES DUKPT KSN counter 0 names no transaction key', {
      expected: 'counter from 1',
      found: 'counter 0',
    });
  }
  return counter;
}

// The DES schedule of a key object's left half, kept with it (the first step of a walk runs under it); none for raw bytes.
function keptLeftHalf(key: KeyInput, provider: CipherProvider): BlockCipher | undefined {
  return key instanceof CipherKey ? scheduleOf(key, provider, 'left') : undefined;
}

// The X9.24-1 non-reversible key generation process: each half is DES(data XOR right) XOR right,
// the left half computed under the masked key. `keptLeft` is the schedule of `key`'s left half when it has one.
function nonReversibleStep(key: Uint8Array, data: Uint8Array, provider: CipherProvider, keptLeft?: BlockCipher): Uint8Array {
  const out = new Uint8Array(16);
  halfStep(key, data, keptLeft ?? leftHalfCipher(key, provider), out, 8);
  const masked = xorBytes(key, KEY_MASK);
  halfStep(masked, data, leftHalfCipher(masked, provider), out, 0);
  masked.fill(0);
  return out;
}

// The DES cipher of `key`'s left half, keyed from a copy zeroed at once: a view (`subarray`) of a small fresh array
// makes V8 move its bytes out of the heap first, which costs several times the copy (two per step of a walk).
function leftHalfCipher(key: Uint8Array, provider: CipherProvider): BlockCipher {
  const half = key.slice(0, 8);
  try {
    return provider.createCipher('des', half);
  } finally {
    half.fill(0);
  }
}

// One half of the step under `left`, the DES cipher of `key`'s left half.
function halfStep(key: Uint8Array, data: Uint8Array, left: BlockCipher, out: Uint8Array, outOff: number): void {
  const block = new Uint8Array(8);
  for (let i = 0; i < 8; i++) block[i] = data[i]! ^ key[8 + i]!;
  left.encryptBlock(block, 0, out, outOff);
  for (let i = 0; i < 8; i++) out[outOff + i]! ^= key[8 + i]!;
}

function setRegisterCounter(register: Uint8Array, counter: number): void {
  register[5] = (register[5]! & 0xe0) | (counter >>> 16);
  register[6] = (counter >>> 8) & 0xff;
  register[7] = counter & 0xff;
}

function variant(byteIndex: number): Uint8Array {
  const mask = new Uint8Array(16);
  mask[byteIndex] = 0xff;
  mask[byteIndex + 8] = 0xff;
  return mask;
}

function fromBytes(...bytes: number[]): Uint8Array {
  return new Uint8Array(bytes);
}
