import { expectBytes, expectInteger, expectObject, expectString } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { checkRoom } from './room.js';
import { fromHex, toHex } from '../bytes/hex.js';

/**
 * The CUP POS message header (报文头): 12 BCD digits in 6 bytes, between the TPDU and the MTI.
 * Members are digit strings. Decoding keeps a non-decimal nibble as its hex letter rather than
 * failing, so a header from a non-conforming host can still be read.
 */
export interface CupHeader {
  /** Digits 1–2, 应用类别定义: `60`–`63`, see {@link CUP_APPLICATION_TYPES}. */
  readonly applicationType: string;
  /** Digits 3–4, 软件总版本号: e.g. `22`, `31`, `32`. */
  readonly specVersion: string;
  /** Digit 5, 终端状态: `0` normal, `1` test, see {@link CUP_TERMINAL_STATUSES}. */
  readonly terminalStatus: string;
  /** Digit 6, 处理要求: what the host asks the terminal to do next, see {@link CUP_PROCESSING_REQUIREMENTS}. */
  readonly processingRequirement: string;
  /** Digits 7–12, 软件分版本号: free six digits, often the terminal application version. */
  readonly subVersion: string;
}

/** Bytes the CUP header takes on the wire. */
export const CUP_HEADER_LENGTH = 6;

/** Meanings of the application type digits (Newland constant table; many terminals send `60` for everything). */
export const CUP_APPLICATION_TYPES = {
  '60': 'magstripeFinancial',
  '61': 'icFinancial',
  '62': 'magstripeValueAdded',
  '63': 'icValueAdded',
} as const;

/** Meanings of the terminal status digit. */
export const CUP_TERMINAL_STATUSES = {
  '0': 'normal',
  '1': 'test',
} as const;

/**
 * Meanings of the processing-requirement digit a host sets in a response. `0`–`3` are stable
 * across CUP specifications; `4`–`9` follow the current POS specification but depend on the
 * acquirer's version (an older list reads 6 = download program, 7 = clear statistics, 9 = keys
 * and IC parameters).
 */
export const CUP_PROCESSING_REQUIREMENTS = {
  '0': 'none',
  '1': 'downloadParameters',
  '2': 'uploadStatus',
  '3': 'signInAgain',
  '4': 'downloadCaPublicKeys',
  '5': 'downloadIcParameters',
  '6': 'downloadTmsParameters',
  '7': 'downloadBlacklist',
  '8': 'downloadRates',
  '9': 'downloadContactlessParameters',
} as const;

/** A processing-requirement digit with a known meaning. */
export type CupProcessingRequirementDigit = keyof typeof CUP_PROCESSING_REQUIREMENTS;
/** What a host can ask of the terminal through the header. */
export type CupProcessingRequirement = (typeof CUP_PROCESSING_REQUIREMENTS)[CupProcessingRequirementDigit];

/** The meaning of a header's processing-requirement digit, or `undefined` for a digit without one. */
export function cupProcessingRequirement(header: CupHeader): CupProcessingRequirement | undefined {
  const digit = expectString(expectObject(header, 'header').processingRequirement, 'header.processingRequirement');
  return Object.prototype.hasOwnProperty.call(CUP_PROCESSING_REQUIREMENTS, digit)
    ? CUP_PROCESSING_REQUIREMENTS[digit as CupProcessingRequirementDigit]
    : undefined;
}

const MEMBERS = [
  ['applicationType', 2, 'CUP header application type must be 2 digits'],
  ['specVersion', 2, 'CUP header spec version must be 2 digits'],
  ['terminalStatus', 1, 'CUP header terminal status must be 1 digit'],
  ['processingRequirement', 1, 'CUP header processing requirement must be 1 digit'],
  ['subVersion', 6, 'CUP header sub-version must be 6 digits'],
] as const;

/**
 * The 6 header bytes of `header`; throws `BAD_CUP_HEADER` when a member is not digits of its width. A member
 * may also hold the upper-case hex letters `decodeCupHeader` reads from a non-decimal nibble, so a header read
 * off the wire is written back exactly as it came.
 */
export function encodeCupHeader(header: CupHeader): Uint8Array {
  expectObject(header, 'header');
  let digits = '';
  for (const [name, width, detail] of MEMBERS) {
    const value: unknown = header[name];
    if (typeof value !== 'string' || value.length !== width || !isNibbleText(value)) {
      throw new Iso8583Error('BAD_CUP_HEADER', detail, {
        path: `header.${name}`,
        expected: `${width} decimal digit${width > 1 ? 's' : ''} (or A-F as read)`,
        found: typeof value === 'string' ? `${value.length} characters` : typeof value,
      });
    }
    digits += value;
  }
  return fromHex(digits);
}

/** The CUP header at `bytes[offset]`; throws `FRAME_TRUNCATED` when fewer than 6 bytes remain. */
export function decodeCupHeader(bytes: Uint8Array, offset = 0): CupHeader {
  expectBytes(bytes, 'bytes');
  expectInteger(offset, 'offset', 0, bytes.length);
  checkRoom(bytes, offset, CUP_HEADER_LENGTH, 'the CUP header');
  const digits = toHex(bytes, offset, offset + CUP_HEADER_LENGTH);
  return {
    applicationType: digits.slice(0, 2),
    specVersion: digits.slice(2, 4),
    terminalStatus: digits.slice(4, 5),
    processingRequirement: digits.slice(5, 6),
    subVersion: digits.slice(6, 12),
  };
}

/** Decimal digits, or the upper-case hex letters a non-decimal nibble reads as. */
function isNibbleText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}
