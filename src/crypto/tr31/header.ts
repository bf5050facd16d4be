import { Iso8583Error } from '../../errors.js';

/** Key block version: A and C bind by key variants (TDES), B by TDES key derivation, D by AES key derivation. */
export type Tr31Version = 'A' | 'B' | 'C' | 'D';

/** One optional block of a TR-31 header (two-character ID and printable ASCII data). */
export interface Tr31OptionalBlock {
  readonly id: string;
  readonly data: string;
}

/** The clear header of a TR-31 key block: the fixed 16 characters and the optional blocks after them. */
export interface Tr31Header {
  readonly versionId: Tr31Version;
  /** Total length of the key block in characters, as its header states. */
  readonly blockLength: number;
  /** Key usage, two characters, e.g. `'P0'` PIN encryption, `'B0'` BDK, `'K0'` key encryption. */
  readonly keyUsage: string;
  /** Algorithm of the wrapped key: `'T'` TDES, `'A'` AES, `'D'` DES, … */
  readonly algorithm: string;
  /** Mode of use, e.g. `'E'` encrypt only, `'B'` both, `'N'` no restriction, `'X'` derive keys. */
  readonly modeOfUse: string;
  /** Key version number, two characters (`'00'` when unused). */
  readonly keyVersion: string;
  /** Exportability: `'E'` exportable, `'N'` non-exportable, `'S'` sensitive. */
  readonly exportability: string;
  /**
   * Key context (X9.143:2021 header byte 14): `'0'` decided by the wrapping key, `'1'` storage context
   * only, `'2'` key exchange context only. Earlier editions reserved the byte as `'0'`.
   */
  readonly keyContext: Tr31KeyContext;
  /** The reserved character of byte 15 (always `'0'` in a valid header). */
  readonly reserved: string;
  /** Optional blocks in order; the padding block `PB`, which only fills the header, is left out. */
  readonly optionalBlocks: readonly Tr31OptionalBlock[];
  /** Length in characters of the whole header, optional blocks included. */
  readonly headerLength: number;
}

/** Header byte 14 of X9.143:2021: in which context the key may be used. */
export type Tr31KeyContext = '0' | '1' | '2';

/** Cipher block size of a version, which the header with its optional blocks must fill exactly. */
export function tr31BlockSize(version: Tr31Version): 8 | 16 {
  if (version !== 'A' && version !== 'B' && version !== 'C' && version !== 'D') {
    throw new Iso8583Error('TR31_UNSUPPORTED_VERSION', 'key block version must be A, B, C or D', { expected: 'A, B, C or D' });
  }
  return version === 'D' ? 16 : 8;
}

const FIXED_LENGTH = 16;

/** Parses and checks the header of a TR-31 key block; throws `TR31_BAD_HEADER` with the offending byte offset. */
export function parseTr31Header(keyBlock: string): Tr31Header {
  if (typeof keyBlock !== 'string') throw bad('key block must be text', 0);
  if (keyBlock.length < FIXED_LENGTH) throw bad('key block is shorter than its 16-character header', keyBlock.length);
  const versionId = keyBlock[0]!;
  if (versionId !== 'A' && versionId !== 'B' && versionId !== 'C' && versionId !== 'D') {
    throw bad('key block version must be A, B, C or D', 0);
  }
  const blockLength = digitsAt(keyBlock, 1, 4, 'key block length must be 4 digits');
  if (blockLength !== keyBlock.length) {
    throw bad('key block length field does not match the length of the key block', 1);
  }
  const keyUsage = alnumAt(keyBlock, 5, 2, 'key usage must be 2 letters or digits');
  const algorithm = alnumAt(keyBlock, 7, 1, 'algorithm must be a letter or digit');
  const modeOfUse = alnumAt(keyBlock, 8, 1, 'mode of use must be a letter or digit');
  const keyVersion = alnumAt(keyBlock, 9, 2, 'key version number must be 2 letters or digits');
  const exportability = alnumAt(keyBlock, 11, 1, 'exportability must be a letter or digit');
  const count = digitsAt(keyBlock, 12, 2, 'number of optional blocks must be 2 digits');
  const keyContext = keyBlock[14]!;
  if (!isKeyContext(keyContext)) throw bad('key context must be 0, 1 or 2', 14);
  const reserved = keyBlock[15]!;
  if (reserved !== '0') throw bad('reserved field must be 0', 15);

  const optionalBlocks: Tr31OptionalBlock[] = [];
  let offset = FIXED_LENGTH;
  for (let i = 0; i < count; i++) {
    const block = optionalBlockAt(keyBlock, offset);
    if (block.block.id !== 'PB') optionalBlocks.push(block.block);
    offset = block.end;
  }
  if (offset % tr31BlockSize(versionId) !== 0) {
    throw bad(`header must fill whole ${tr31BlockSize(versionId)}-byte cipher blocks`, offset);
  }
  return {
    versionId,
    blockLength,
    keyUsage,
    algorithm,
    modeOfUse,
    keyVersion,
    exportability,
    keyContext,
    reserved,
    optionalBlocks,
    headerLength: offset,
  };
}

// An optional block: 2-character ID, 2 hex digits of total length, or "00" followed by 2 hex digits
// giving the width of the extended length and then that many hex digits.
function optionalBlockAt(text: string, start: number): { block: Tr31OptionalBlock; end: number } {
  if (start + 4 > text.length) throw bad('optional block runs past the end of the key block', start);
  const id = alnumAt(text, start, 2, 'optional block ID must be 2 letters or digits');
  let length = hexAt(text, start + 2, 2, 'optional block length must be 2 hex digits');
  let dataStart = start + 4;
  if (length === 0) {
    if (start + 6 > text.length) throw bad('optional block runs past the end of the key block', start + 4);
    const width = hexAt(text, start + 4, 2, 'optional block extended length width must be 2 hex digits');
    if (width === 0 || start + 6 + width > text.length) {
      throw bad('optional block extended length is malformed', start + 4);
    }
    length = hexAt(text, start + 6, width, 'optional block extended length must be hex digits');
    dataStart = start + 6 + width;
  }
  const end = start + length;
  if (end < dataStart) throw bad('optional block length is shorter than its own fields', start + 2);
  if (end > text.length) throw bad('optional block runs past the end of the key block', start + 2);
  for (let i = dataStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw bad('optional block data must be printable ASCII', i);
  }
  return { block: { id, data: text.slice(dataStart, end) }, end };
}

function digitsAt(text: string, start: number, width: number, message: string): number {
  let value = 0;
  for (let i = start; i < start + width; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) throw bad(message, i);
    value = value * 10 + (c - 0x30);
  }
  return value;
}

function hexAt(text: string, start: number, width: number, message: string): number {
  let value = 0;
  for (let i = start; i < start + width; i++) {
    const c = text.charCodeAt(i);
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (v < 0) throw bad(message, i);
    value = value * 16 + v;
  }
  return value;
}

function alnumAt(text: string, start: number, width: number, message: string): string {
  for (let i = start; i < start + width; i++) {
    if (!isAlnum(text.charCodeAt(i))) throw bad(message, i);
  }
  return text.slice(start, start + width);
}

/** True for `'0'`, `'1'` and `'2'`, the key contexts of X9.143:2021. */
export function isKeyContext(c: unknown): c is Tr31KeyContext {
  return c === '0' || c === '1' || c === '2';
}

/** True for the character codes of `0-9`, `A-Z` and `a-z`. */
export function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function bad(detail: string, offset: number): Iso8583Error {
  return new Iso8583Error('TR31_BAD_HEADER', detail, { offset });
}
