import { Iso8583Error } from '../../errors.js';
import { concatBytes } from '../../bytes/hex.js';
import { type CipherProvider, ecbWith, getDefaultProvider } from '../cipher.js';
import type { KeyInput } from '../key.js';
import { requireKey, xorBytes } from './inputs.js';
import { ksnCounterTdes, requireKsnTdes } from './tdes-ksn.js';
import { copyBytes } from '../input.js';

/** What a TDES DUKPT working key is for; each selects one X9.24-1 variant of the transaction key. */
export type DukptTdesKeyUsage = 'pin' | 'mac-request' | 'mac-response' | 'data-request' | 'data-response';

// The key register mask of X9.24-1 (used for the IPEK's right half and the non-reversible step).
const KEY_MASK = fromBytes(0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0, 0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0);

const VARIANTS: Readonly<Record<DukptTdesKeyUsage, Uint8Array>> = {
  pin: variant(7),
  'mac-request': variant(6),
  'mac-response': variant(4),
  'data-request': variant(5),
  'data-response': variant(3),
};

/** The initial PIN encryption key (IPEK) loaded into a device, from the BDK and the device's KSN (X9.24-1:2009). */
export function deriveIpekTdes(
  bdk: KeyInput,
  ksn: Uint8Array,
  provider: CipherProvider = getDefaultProvider(),
): Uint8Array {
  const bdkBytes = requireKey(bdk, 'tdes', [16], 'DUKPT_BAD_BDK', 'TDES DUKPT BDK');
  requireKsnTdes(ksn);
  const base = copyBytes(ksn, 0, 8);
  base[7]! &= 0xe0;
  return concatBytes(
    ecbWith(provider.createCipher('tdes', bdkBytes), base, true),
    ecbWith(provider.createCipher('tdes', xorBytes(bdkBytes, KEY_MASK)), base, true),
  );
}

/**
 * The transaction key for `ksn`, derived from the IPEK by one non-reversible step per one-bit of the
 * counter, high bit first (the host's view of X9.24-1:2009). Counter 0 names no transaction.
 */
export function deriveTransactionKeyTdes(
  ipek: KeyInput,
  ksn: Uint8Array,
  provider: CipherProvider = getDefaultProvider(),
): Uint8Array {
  let key: Uint8Array = requireKey(ipek, 'tdes', [16], 'DUKPT_BAD_KEY', 'TDES DUKPT initial key');
  const counter = requireTransactionCounter(ksn);
  const register = copyBytes(ksn, 2, 10);
  let walked = 0;
  for (let bit = 1 << 20; bit > 0; bit >>>= 1) {
    if ((counter & bit) === 0) continue;
    walked |= bit;
    setRegisterCounter(register, walked);
    key = nonReversibleStep(key, register, provider);
  }
  return key;
}

/**
 * The key for `ksn` from the key of its parent counter (the counter without its lowest one-bit): the
 * step an originating device takes to fill a future key register.
 */
export function deriveChildKeyTdes(
  parentKey: KeyInput,
  ksn: Uint8Array,
  provider: CipherProvider = getDefaultProvider(),
): Uint8Array {
  const parent = requireKey(parentKey, 'tdes', [16], 'DUKPT_BAD_KEY', 'TDES DUKPT parent key');
  requireTransactionCounter(ksn);
  return nonReversibleStep(parent, copyBytes(ksn, 2, 10), provider);
}

/**
 * The working key of a transaction key for one usage: the X9.24-1 variant, and for data keys also the
 * one-way step that encrypts each half of the variant key under the variant key itself.
 */
export function dukptTdesWorkingKey(
  transactionKey: KeyInput,
  usage: DukptTdesKeyUsage,
  provider: CipherProvider = getDefaultProvider(),
): Uint8Array {
  const txnKey = requireKey(transactionKey, 'tdes', [16], 'DUKPT_BAD_KEY', 'TDES DUKPT transaction key');
  const mask = Object.prototype.hasOwnProperty.call(VARIANTS, usage) ? VARIANTS[usage] : undefined;
  if (mask === undefined) {
    throw new Iso8583Error('DUKPT_BAD_USAGE', 'unknown TDES DUKPT key usage', {
      expected: Object.keys(VARIANTS).join(' | '),
    });
  }
  const key = xorBytes(txnKey, mask);
  return usage === 'data-request' || usage === 'data-response' ? ecbWith(provider.createCipher('tdes', key), key, true) : key;
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

// The X9.24-1 non-reversible key generation process: each half is DES(data XOR right) XOR right,
// the left half computed under the masked key.
function nonReversibleStep(key: Uint8Array, data: Uint8Array, provider: CipherProvider): Uint8Array {
  const out = new Uint8Array(16);
  halfStep(key, data, provider, out, 8);
  halfStep(xorBytes(key, KEY_MASK), data, provider, out, 0);
  return out;
}

function halfStep(key: Uint8Array, data: Uint8Array, provider: CipherProvider, out: Uint8Array, outOff: number): void {
  const block = new Uint8Array(8);
  for (let i = 0; i < 8; i++) block[i] = data[i]! ^ key[8 + i]!;
  provider.createCipher('des', key.subarray(0, 8)).encryptBlock(block, 0, out, outOff);
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
