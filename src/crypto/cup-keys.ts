// CUP POS sign-in key download: the working keys of an 0810's field 62, encrypted under the TMK.
import { Iso8583Error } from '../errors.js';
import { type CipherAlgorithm, type CipherProvider, decryptEcb, encryptEcb } from './cipher.js';
import { constantTimeEqual } from './constant-time.js';
import { kcv } from './kcv.js';
import { desFamilyAlgorithm, type KeyInput, keyAlgorithmOf, SecretKey } from './key.js';

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
function tmkAlgorithm(tmk: KeyInput): CipherAlgorithm {
  return desFamilyAlgorithm(tmk, 'TMK must be a des or tdes key');
}

function checkValue(bytes: Uint8Array, provider: CipherProvider | undefined): Uint8Array {
  // Working keys are DES when 8 bytes long and TDES when 16, whatever the TMK is.
  return kcv(keyAlgorithmOf(bytes), bytes, { length: KCV_LENGTH }, provider);
}

/** `encrypted` (whole 8-byte blocks) decrypted under the TMK with DES or TDES ECB, block by block. */
export function decryptKeyUnderTmk(encrypted: Uint8Array, tmk: KeyInput, provider?: CipherProvider): Uint8Array {
  return decryptEcb(tmkAlgorithm(tmk), tmk, encrypted, provider);
}

/** `clear` key bytes encrypted under the TMK with DES or TDES ECB, block by block. */
export function encryptKeyUnderTmk(clear: Uint8Array, tmk: KeyInput, provider?: CipherProvider): Uint8Array {
  return encryptEcb(tmkAlgorithm(tmk), tmk, clear, provider);
}

function isZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!;
  return acc === 0;
}

interface Slot {
  name: KeyName;
  offset: number;
  length: number;
  kcvOffset: number;
}

// Where each key and its check value sit; for 003/004 the MAK area is 16 bytes: a single-length MAK
// followed by eight zero bytes, or (some hosts) a double-length MAK filling it.
function slots(layout: CupKeyLayout, field62: Uint8Array): Slot[] {
  if (layout === '001') {
    return [
      { name: 'PIK', offset: 0, length: 8, kcvOffset: 8 },
      { name: 'MAK', offset: 12, length: 8, kcvOffset: 20 },
    ];
  }
  const makLength = isZero(field62.subarray(28, 36)) ? 8 : 16;
  const out: Slot[] = [
    { name: 'PIK', offset: 0, length: 16, kcvOffset: 16 },
    { name: 'MAK', offset: 20, length: makLength, kcvOffset: 36 },
  ];
  if (layout === '004') out.push({ name: 'TDK', offset: 40, length: 16, kcvOffset: 56 });
  return out;
}

/**
 * The clear PIK, MAK (and TDK for layout `004`) of a sign-in response's field 62, each checked against
 * its 4-byte check value. On any mismatch it throws `KCV_MISMATCH` naming the key, so the caller keeps
 * its old keys.
 */
export function decryptCupWorkingKeys(
  field62: Uint8Array,
  tmk: KeyInput,
  layout: CupKeyLayout,
  provider?: CipherProvider,
): CupWorkingKeys {
  checkLayout(layout);
  const expected = BLOCK_LENGTH[layout];
  if (!(field62 instanceof Uint8Array) || field62.length !== expected) {
    throw new Iso8583Error('BAD_KEY_BLOCK_LENGTH', `working-key block of layout ${layout} must be ${expected} bytes`, {
      path: '62',
      expected: `${expected} bytes`,
      found: field62 instanceof Uint8Array ? `${field62.length} bytes` : 'not a Uint8Array',
    });
  }
  const clear: Array<[KeyName, Uint8Array]> = [];
  try {
    for (const s of slots(layout, field62)) {
      const key = decryptKeyUnderTmk(field62.subarray(s.offset, s.offset + s.length), tmk, provider);
      clear.push([s.name, key]);
      const given = field62.subarray(s.kcvOffset, s.kcvOffset + KCV_LENGTH);
      if (!constantTimeEqual(checkValue(key, provider), given)) {
        throw new Iso8583Error('KCV_MISMATCH', `${s.name} check value does not match`, { path: '62' });
      }
    }
    const keyOf = (name: KeyName) => {
      const bytes = clear.find(([n]) => n === name)?.[1];
      return bytes === undefined ? undefined : SecretKey.fromBytes(keyAlgorithmOf(bytes), bytes);
    };
    const result: CupWorkingKeys = { pik: keyOf('PIK')!, mak: keyOf('MAK')! };
    const tdk = keyOf('TDK');
    if (tdk !== undefined) result.tdk = tdk;
    return result;
  } finally {
    // SecretKey keeps its own copy: the intermediate arrays must not outlive this call.
    for (const [, bytes] of clear) bytes.fill(0);
  }
}

function bytesOf(key: KeyInput): Uint8Array {
  return key instanceof Uint8Array ? key.slice() : key.exportBytes();
}

function checkKeyLength(name: KeyName, bytes: Uint8Array, allowed: readonly number[], layout: CupKeyLayout): void {
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
  provider?: CipherProvider,
): Uint8Array {
  checkLayout(layout);
  tmkAlgorithm(tmk);
  if (layout !== '004' && keys.tdk !== undefined) {
    throw new Iso8583Error('UNEXPECTED_KEY', `layout ${layout} carries no TDK`, { expected: 'PIK and MAK' });
  }
  if (layout === '004' && keys.tdk === undefined) {
    throw new Iso8583Error('MISSING_KEY', 'layout 004 needs a TDK', { expected: 'PIK, MAK and TDK' });
  }
  const parts: Array<[KeyName, Uint8Array]> = [
    ['PIK', bytesOf(keys.pik)],
    ['MAK', bytesOf(keys.mak)],
  ];
  if (keys.tdk !== undefined) parts.push(['TDK', bytesOf(keys.tdk)]);
  const out = new Uint8Array(BLOCK_LENGTH[layout]);
  try {
    let o = 0;
    for (const [name, bytes] of parts) {
      const single = layout === '001';
      checkKeyLength(name, bytes, single ? [8] : name === 'MAK' ? [8, 16] : [16], layout);
      out.set(encryptKeyUnderTmk(bytes, tmk, provider), o);
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
