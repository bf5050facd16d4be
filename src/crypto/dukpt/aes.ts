// AES DUKPT (ANSI X9.24-3-2017): the initial key from the BDK, the intermediate derivation keys, working keys of
// every type and usage, and the host's one call.
import { Iso8583Error } from '../../errors.js';
import { type BlockCipher, type CipherAlgorithm, type CipherProvider, currentProvider } from '../block-cipher.js';
import { optionOr, optionsArg } from '../input.js';
import { AesCipher, encryptWordsWith, readLE } from '../aes.js';
import { portableProvider } from '../portable-provider.js';
import { adoptKeyBytes, CipherKey, type KeyInput, keyClassOf, providerOf, scheduleOf, SecretKey } from '../key.js';
import { requireKey } from './inputs.js';
import { ksnCounterAes, requireKsnAes } from './aes-ksn.js';
import { type DukptOptions, usageList } from './tdes.js';

/** Key types AES DUKPT derives (X9.24-3-2017 algorithm indicator); BDKs and derivation keys are AES only. */
export type DukptAesKeyType = 'tdes2' | 'tdes3' | 'aes128' | 'aes192' | 'aes256';

/** What an AES DUKPT working key is for (X9.24-3-2017 key usage indicator). */
export type DukptAesKeyUsage =
  | 'key-encryption'
  | 'pin-encryption'
  | 'mac-generation'
  | 'mac-verification'
  | 'mac-both-ways'
  | 'data-encryption'
  | 'data-decryption'
  | 'data-both-ways';

/** Options of `deriveWorkingKeyAes`. */
export interface DukptAesWorkingKeyOptions extends DukptOptions {
  /** The working key's type (default: AES of the derivation key's own length). */
  keyType?: DukptAesKeyType;
}

/** Options of `deriveHostKeysAes`. */
export interface DukptAesHostOptions<U extends DukptAesKeyUsage> extends DukptAesWorkingKeyOptions {
  /** The working keys wanted (default: all eight usages). */
  usages?: readonly U[];
}

interface KeyTypeInfo {
  readonly indicator: number;
  readonly bytes: number;
  readonly algorithm: CipherAlgorithm;
}

const KEY_TYPES: Readonly<Record<DukptAesKeyType, KeyTypeInfo>> = {
  tdes2: { indicator: 0x0000, bytes: 16, algorithm: 'tdes' },
  tdes3: { indicator: 0x0001, bytes: 24, algorithm: 'tdes' },
  aes128: { indicator: 0x0002, bytes: 16, algorithm: 'aes' },
  aes192: { indicator: 0x0003, bytes: 24, algorithm: 'aes' },
  aes256: { indicator: 0x0004, bytes: 32, algorithm: 'aes' },
};

const USAGES: Readonly<Record<DukptAesKeyUsage, number>> = {
  'key-encryption': 0x0002,
  'pin-encryption': 0x1000,
  'mac-generation': 0x2000,
  'mac-verification': 0x2001,
  'mac-both-ways': 0x2002,
  'data-encryption': 0x3000,
  'data-decryption': 0x3001,
  'data-both-ways': 0x3002,
};

const ALL_USAGES = Object.keys(USAGES) as DukptAesKeyUsage[];
const USAGE_INTERMEDIATE = 0x8000;
const USAGE_INITIAL_KEY = 0x8001;
const AES_LENGTHS = [16, 24, 32] as const;

/**
 * The 16-byte derivation data block of X9.24-3-2017: version 01, block counter 01, key usage,
 * algorithm, length in bits, then the initial key ID (for the initial key) or the derivation ID and
 * counter (for every other key).
 */
export function derivationDataAes(
  usage: DukptAesKeyUsage | 'initial-key' | 'intermediate-key',
  keyType: DukptAesKeyType,
  ksn: Uint8Array,
): Uint8Array {
  requireKsnAes(ksn);
  const info = keyTypeInfo(keyType);
  const usageCode =
    usage === 'initial-key'
      ? USAGE_INITIAL_KEY
      : usage === 'intermediate-key'
        ? USAGE_INTERMEDIATE
        : usageCodeOf(usage);
  const data = new Uint8Array(16);
  data[0] = 0x01;
  data[1] = 0x01;
  data[2] = usageCode >>> 8;
  data[3] = usageCode & 0xff;
  data[4] = info.indicator >>> 8;
  data[5] = info.indicator & 0xff;
  data[6] = (info.bytes * 8) >>> 8;
  data[7] = (info.bytes * 8) & 0xff;
  // Copied byte by byte: a view (`subarray`) of a small fresh array, as a KSN read from a message is, makes V8 move
  // its bytes out of the heap first, which costs more than the copy.
  const from = usage === 'initial-key' ? 0 : 4;
  for (let i = 0; i < 8; i++) data[8 + i] = ksn[from + i]!;
  return data;
}

/** The initial key loaded into a device, from an AES-128/192/256 BDK and the device's 12-byte KSN (X9.24-3-2017). */
export function deriveInitialKeyAes(bdk: KeyInput, ksn: Uint8Array, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), bdk);
  return adoptKeyBytes('aes', initialKeyAes(bdk, ksn, provider), provider, keyClassOf(bdk, SecretKey));
}

/**
 * The intermediate derivation key for the KSN's counter ("transaction key"), walked from the initial
 * key one step per one-bit of the counter, high bit first. Counter 0 names no transaction.
 */
export function deriveTransactionKeyAes(initialKey: KeyInput, ksn: Uint8Array, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), initialKey);
  const ik = requireKey(initialKey, 'aes', AES_LENGTHS, 'DUKPT_BAD_KEY', 'AES DUKPT initial key');
  return adoptKeyBytes('aes', transactionKeyAes(ik, ksn, provider, keptSchedule(initialKey, provider)), provider, keyClassOf(initialKey, SecretKey));
}

/**
 * The derivation key for `ksn` from the one of its parent counter (the counter without its lowest
 * one-bit): the step an originating device takes to fill a register.
 */
export function deriveChildKeyAes(parentKey: KeyInput, ksn: Uint8Array, options?: DukptOptions): SecretKey {
  const provider = providerOf(optionsArg(options), parentKey);
  const parent = requireKey(parentKey, 'aes', AES_LENGTHS, 'DUKPT_BAD_KEY', 'AES DUKPT parent key');
  requireTransactionCounter(ksn);
  const type = aesTypeOfLength(parent.length);
  return adoptKeyBytes('aes', deriveKey(parent, type, derivationDataAes('intermediate-key', type, ksn), provider, keptSchedule(parentKey, provider)), provider, keyClassOf(parentKey, SecretKey));
}

/**
 * A working key for one usage, from the transaction (intermediate derivation) key of `ksn`, of
 * `options.keyType` (default: AES of the derivation key's length). An AES working key may not be longer
 * than the derivation key (X9.24-3-2017 strength rule). TDES types give a `tdes` key, AES types an `aes` one.
 */
export function deriveWorkingKeyAes(
  transactionKey: KeyInput,
  ksn: Uint8Array,
  usage: DukptAesKeyUsage,
  options?: DukptAesWorkingKeyOptions,
): SecretKey {
  const o = optionsArg(options);
  const txnKey = requireKey(transactionKey, 'aes', AES_LENGTHS, 'DUKPT_BAD_KEY', 'AES DUKPT transaction key');
  const keyType = optionOr(o.keyType, aesTypeOfLength(txnKey.length));
  const provider = providerOf(o, transactionKey);
  return adoptKeyBytes(keyTypeInfo(keyType).algorithm, workingKeyAes(txnKey, ksn, usage, keyType, provider, keptSchedule(transactionKey, provider)), provider, keyClassOf(transactionKey, SecretKey));
}

/**
 * The working keys of one transaction, straight from the BDK and the KSN the device sent: what a host needs
 * to decrypt the PIN block and check the MACs of a request (and MAC or encrypt its answer). The initial and
 * intermediate keys never leave the call.
 */
export function deriveHostKeysAes<U extends DukptAesKeyUsage = DukptAesKeyUsage>(
  bdk: KeyInput,
  ksn: Uint8Array,
  options?: DukptAesHostOptions<U>,
): Record<U, SecretKey> {
  const o = optionsArg(options);
  const usages = usageList(o.usages, ALL_USAGES, 'AES') as readonly U[];
  const provider = providerOf(o, bdk);
  const ik = initialKeyAes(bdk, ksn, provider);
  const txn = transactionKeyAes(ik, ksn, provider);
  ik.fill(0);
  try {
    const keyType = optionOr(o.keyType, aesTypeOfLength(txn.length));
    const algorithm = keyTypeInfo(keyType).algorithm;
    const out = {} as Record<U, SecretKey>;
    for (const usage of usages) out[usage] = adoptKeyBytes(algorithm, workingKeyAes(txn, ksn, usage, keyType, provider), provider, keyClassOf(bdk, SecretKey));
    return out;
  } finally {
    txn.fill(0);
  }
}

function initialKeyAes(bdk: KeyInput, ksn: Uint8Array, provider: CipherProvider): Uint8Array {
  const bdkBytes = requireKey(bdk, 'aes', AES_LENGTHS, 'DUKPT_BAD_BDK', 'AES DUKPT BDK');
  const type = aesTypeOfLength(bdkBytes.length);
  return deriveKey(bdkBytes, type, derivationDataAes('initial-key', type, ksn), provider, keptSchedule(bdk, provider));
}

// A key object's own schedule, expanded once and kept with it (a BDK or initial key serves many KSNs); raw bytes
// get none, and each derivation keys a cipher of its own.
function keptSchedule(key: KeyInput, provider: CipherProvider): BlockCipher | undefined {
  return key instanceof CipherKey ? scheduleOf(key, provider) : undefined;
}

function transactionKeyAes(initialKey: Uint8Array, ksn: Uint8Array, provider: CipherProvider, keyed?: BlockCipher): Uint8Array {
  const counter = requireTransactionCounter(ksn);
  // The default provider (a key or call that names none) is the portable one unless a build set another.
  if (initialKey.length === 16 && currentProvider(provider) === portableProvider) {
    return transactionKeyAes128(initialKey, ksn, counter, keyed);
  }
  const type = aesTypeOfLength(initialKey.length);
  const data = derivationDataAes('intermediate-key', type, ksn);
  // Each step's key is spent once its cipher is keyed, so one array of the library's own holds every derived
  // key in turn (the first step writes it, never the caller's initial key).
  let key = initialKey;
  let walked = 0;
  for (let bit = 0x80000000; bit >= 1; bit /= 2) {
    if ((counter & bit) === 0) continue;
    walked = (walked | bit) >>> 0;
    writeCounter(data, walked);
    if (key === initialKey) key = deriveKey(key, type, data, provider, keyed);
    else deriveKeyInto(key, type, data, provider, key);
  }
  return key;
}

// The first eight bytes of an intermediate AES-128 key's derivation data (01 01 8000 0002 0080), as the two
// little-endian words noble's rounds take.
const INTERMEDIATE_128_W0 = 0x00800101;
const INTERMEDIATE_128_W1 = 0x80000200;

// The walk of an AES-128 initial key on the portable provider, its derivation data kept as the four words noble's
// rounds take: the first two fixed, the third the KSN's derivation ID, the counter's word made each step. No data
// block and no cipher object are made: the first step runs under the initial key's kept schedule (`keyed`) when it
// has one, every later step under the key the step before wrote into the one array the walk returns.
function transactionKeyAes128(initialKey: Uint8Array, ksn: Uint8Array, counter: number, keyed: BlockCipher | undefined): Uint8Array {
  const d2 = readLE(ksn, 4);
  const key = new Uint8Array(16);
  let from = initialKey;
  let walked = 0;
  for (let bit = 0x80000000; bit >= 1; bit /= 2) {
    if ((counter & bit) === 0) continue;
    walked = (walked | bit) >>> 0;
    // The counter big-endian in data bytes 12-15, as a little-endian word.
    const d3 = (walked >>> 24) | ((walked >>> 8) & 0xff00) | ((walked << 8) & 0xff0000) | (walked << 24);
    if (from === initialKey && keyed instanceof AesCipher) encryptWordsWith(keyed, INTERMEDIATE_128_W0, INTERMEDIATE_128_W1, d2, d3, key, 0);
    else AesCipher.encryptBlockOnce(from, INTERMEDIATE_128_W0, INTERMEDIATE_128_W1, d2, d3, key, 0);
    from = key;
  }
  return key;
}

function workingKeyAes(
  txnKey: Uint8Array,
  ksn: Uint8Array,
  usage: DukptAesKeyUsage,
  keyType: DukptAesKeyType,
  provider: CipherProvider,
  keyed?: BlockCipher,
): Uint8Array {
  const info = keyTypeInfo(keyType);
  if (info.algorithm === 'aes' && info.bytes > txnKey.length) {
    throw new Iso8583Error('DUKPT_BAD_KEY_TYPE', 'AES DUKPT working key may not be longer than its derivation key', {
      expected: `at most ${txnKey.length * 8} bits`,
      found: `${info.bytes * 8} bits`,
    });
  }
  requireTransactionCounter(ksn);
  return deriveKey(txnKey, keyType, derivationDataAes(usage, keyType, ksn), provider, keyed);
}

/** The key derived from `key` (a fresh array): see {@link deriveKeyInto}. */
function deriveKey(key: Uint8Array, type: DukptAesKeyType, data: Uint8Array, provider: CipherProvider, keyed?: BlockCipher): Uint8Array {
  const out = new Uint8Array(KEY_TYPES[type].bytes);
  deriveKeyInto(key, type, data, provider, out, keyed);
  return out;
}

// One AES-ECB encryption of the derivation data per 16 bytes of output, the block counter (byte 1) counting
// from 1; the result is cut to the key type's length and written to `out`, which may be `key` itself (its
// cipher is keyed before anything is written). `keyed` is `key`'s kept schedule when it has one; a cipher keyed
// here is wiped when done.
function deriveKeyInto(
  key: Uint8Array,
  type: DukptAesKeyType,
  data: Uint8Array,
  provider: CipherProvider,
  out: Uint8Array,
  keyed?: BlockCipher,
): void {
  const length = KEY_TYPES[type].bytes;
  if (length === 16 && keyed === undefined && currentProvider(provider) === portableProvider) {
    // The portable provider's AES without a cipher object: an intermediate key serves one block, then is spent.
    AesCipher.encryptBlockOnce(key, readLE(data, 0), readLE(data, 4), readLE(data, 8), readLE(data, 12), out, 0);
    return;
  }
  const cipher = keyed ?? provider.createCipher('aes', key);
  try {
    if (length === 16) {
      // One block, the block counter already 1: the usual AES-128 step, without copies.
      cipher.encryptBlock(data, 0, out, 0);
      return;
    }
    const blocks = Math.ceil(length / 16);
    const whole = new Uint8Array(blocks * 16);
    const block = data.slice();
    for (let i = 0; i < blocks; i++) {
      block[1] = i + 1;
      cipher.encryptBlock(block, 0, whole, i * 16);
    }
    out.set(whole.subarray(0, length));
    whole.fill(0);
  } finally {
    if (keyed === undefined) cipher.wipe?.();
  }
}

function requireTransactionCounter(ksn: Uint8Array): number {
  const counter = ksnCounterAes(ksn);
  if (counter === 0) {
    throw new Iso8583Error('DUKPT_BAD_KSN', 'AES DUKPT KSN counter 0 names no transaction key', {
      expected: 'counter from 1',
      found: 'counter 0',
    });
  }
  return counter;
}

function writeCounter(data: Uint8Array, counter: number): void {
  data[12] = counter >>> 24;
  data[13] = (counter >>> 16) & 0xff;
  data[14] = (counter >>> 8) & 0xff;
  data[15] = counter & 0xff;
}

function aesTypeOfLength(length: number): DukptAesKeyType {
  return length === 16 ? 'aes128' : length === 24 ? 'aes192' : 'aes256';
}

function keyTypeInfo(keyType: DukptAesKeyType): KeyTypeInfo {
  const info = Object.prototype.hasOwnProperty.call(KEY_TYPES, keyType) ? KEY_TYPES[keyType] : undefined;
  if (info === undefined) {
    throw new Iso8583Error('DUKPT_BAD_KEY_TYPE', 'unknown AES DUKPT key type', {
      expected: Object.keys(KEY_TYPES).join(' | '),
    });
  }
  return info;
}

function usageCodeOf(usage: DukptAesKeyUsage): number {
  const code = Object.prototype.hasOwnProperty.call(USAGES, usage) ? USAGES[usage] : undefined;
  if (code === undefined) {
    throw new Iso8583Error('DUKPT_BAD_USAGE', 'unknown AES DUKPT key usage', {
      expected: Object.keys(USAGES).join(' | '),
    });
  }
  return code;
}
