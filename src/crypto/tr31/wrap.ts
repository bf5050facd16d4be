import { Iso8583Error } from '../../errors.js';
import { concatBytes, toHex } from '../../bytes/hex.js';
import type { CipherProvider } from '../block-cipher.js';
import { cbcWith } from '../cipher.js';
import { copyBytes, optionOr, optionsArg } from '../input.js';
import { badArgument, shapeOf, isPrintableAscii } from '../../arguments.js';
import { CipherKey, type KeyInput, providerOf } from '../key.js';
import { borrowKeyBytes, requireKbpk, tr31BindingKeys } from './binding-keys.js';
import { cmacWithCipher } from '../cmac-core.js';
import { type Tr31KeyContext, type Tr31OptionalBlock, isAlnum, isKeyContext, tr31BlockSize } from './header.js';
import { latin1Bytes } from '../../bytes/latin1.js';
import { TR31_MAC_LENGTHS, buildKeyData } from './key-data.js';
import { type RandomSource, randomBytes } from '../random.js';

/** The header fields a caller chooses when wrapping; lengths, counts and padding are computed. */
export interface Tr31WrapHeader {
  /** `'B'` (TDES KBPK) or `'D'` (AES KBPK); the variant versions A and C are read, never written. */
  readonly versionId: 'B' | 'D';
  readonly keyUsage: string;
  readonly algorithm: string;
  readonly modeOfUse: string;
  /** Two characters; `'00'` when omitted. */
  readonly keyVersion?: string;
  readonly exportability: string;
  /** Key context (header byte 14): `'0'` (default) by the wrapping key, `'1'` storage only, `'2'` key exchange only. */
  readonly keyContext?: Tr31KeyContext;
  /** Optional blocks in order; the padding block `PB` is added by wrapping and may not be given. */
  readonly optionalBlocks?: readonly Tr31OptionalBlock[];
}

/** Options of `wrapTr31`. */
export interface Tr31WrapOptions {
  /** Pad the key data as if the key had this many bytes, hiding its real length (default: no masking). */
  readonly maskedKeyLength?: number;
  /** Source of the random padding; default `globalThis.crypto.getRandomValues`. */
  readonly random?: RandomSource;
  readonly provider?: CipherProvider;
}

const MAX_BLOCK_LENGTH = 9999;

/**
 * Wraps `key` into a TR-31 key block of version B or D under the key block protection key: the header
 * and the clear key data are bound by a CMAC, which is also the IV that encrypts the key data.
 */
export function wrapTr31(
  kbpk: KeyInput,
  keyInput: KeyInput,
  header: Tr31WrapHeader,
  options?: Tr31WrapOptions,
): string {
  const o = optionsArg(options);
  if (typeof header !== 'object' || header === null) throw badArgument('header', 'a key block header', shapeOf(header));
  const version = header.versionId;
  if (version !== 'B' && version !== 'D') {
    throw new Iso8583Error('TR31_UNSUPPORTED_VERSION', 'key blocks are wrapped in version B or D only', {
      path: 'versionId',
      expected: 'B or D',
    });
  }
  requireKbpk(version, kbpk);
  const blockSize = tr31BlockSize(version);
  const macLength = TR31_MAC_LENGTHS[version];
  const key = borrowKeyBytes(keyInput, keyInput instanceof CipherKey ? keyInput.algorithm : 'aes', 'key');
  if (key.length === 0) {
    throw new Iso8583Error('TR31_BAD_KEY_LENGTH', 'key to wrap must be a non-empty byte array');
  }
  const masked = optionOr(o.maskedKeyLength, key.length);
  if (!Number.isInteger(masked) || masked < key.length) {
    throw new Iso8583Error(
      'TR31_BAD_KEY_LENGTH',
      'masked key length must be a whole number of bytes, at least the key length',
      { path: 'maskedKeyLength', expected: `at least ${key.length}` },
    );
  }
  const dataLength = Math.ceil((2 + masked) / blockSize) * blockSize;
  const blocks = headerBlocks(header, blockSize);
  const blockLength = 16 + blocks.text.length + 2 * dataLength + 2 * macLength;
  if (blockLength > MAX_BLOCK_LENGTH) {
    throw new Iso8583Error('TR31_BAD_KEY_LENGTH', 'key block would be longer than 9999 characters', {
      expected: `at most ${MAX_BLOCK_LENGTH} characters`,
      found: `${blockLength} characters`,
    });
  }
  const headerText =
    version +
    String(blockLength).padStart(4, '0') +
    field(header.keyUsage, 2, 'keyUsage') +
    field(header.algorithm, 1, 'algorithm') +
    field(header.modeOfUse, 1, 'modeOfUse') +
    field(optionOr(header.keyVersion, '00'), 2, 'keyVersion') +
    field(header.exportability, 1, 'exportability') +
    String(blocks.count).padStart(2, '0') +
    keyContextOf(header.keyContext) +
    '0' +
    blocks.text;

  const provider = providerOf(o, kbpk);
  const padding = randomBytes(dataLength - 2 - key.length, o.random);
  const clear = buildKeyData(key, padding);
  const keys = tr31BindingKeys(version, kbpk, provider);
  try {
    const alg = version === 'B' ? 'tdes' : 'aes';
    const mac = cmacWithCipher(provider.createCipher(alg, keys.macKey), concatBytes(latin1Bytes(headerText), clear));
    const encrypted = cbcWith(provider.createCipher(alg, keys.encryptionKey), clear, copyBytes(mac), true);
    return headerText + toHex(encrypted) + toHex(mac);
  } finally {
    clear.fill(0);
    keys.encryptionKey.fill(0);
    keys.macKey.fill(0);
  }
}

// The optional blocks as header text, plus a padding block PB when needed to fill whole cipher blocks.
function headerBlocks(header: Tr31WrapHeader, blockSize: number): { text: string; count: number } {
  const given = optionOr(header.optionalBlocks, []);
  if (!Array.isArray(given)) throw badField('optional blocks must be a list of { id, data }', 'optionalBlocks');
  let text = '';
  given.forEach((block, i) => {
    const path = `optionalBlocks.${i}`;
    if (typeof block !== 'object' || block === null) throw badField('optional block must be { id, data }', path);
    if (typeof block.id !== 'string' || !isAlnumText(block.id, 2)) {
      throw badField('optional block ID must be 2 letters or digits', path);
    }
    if (block.id === 'PB') throw badField('padding block PB is added by wrapping, not given', path);
    if (typeof block.data !== 'string' || !isPrintableAscii(block.data)) {
      throw badField('optional block data must be printable ASCII', path);
    }
    text += block.id + optionalBlockLength(block.data.length) + block.data;
  });
  let count = given.length;
  const filled = (16 + text.length) % blockSize;
  if (filled !== 0) {
    let pad = blockSize - filled;
    if (pad < 4) pad += blockSize;
    text += 'PB' + hex2(pad) + '0'.repeat(pad - 4);
    count++;
  }
  if (count > 99) throw badField('a key block holds at most 99 optional blocks', 'optionalBlocks');
  return { text, count };
}

function keyContextOf(context: Tr31KeyContext | undefined): Tr31KeyContext {
  if (context === undefined) return '0';
  if (!isKeyContext(context)) throw badField('key context must be 0, 1 or 2', 'keyContext');
  return context;
}

// Total block length in hex: 2 digits when it fits, else 00, the width of the length, and the length.
function optionalBlockLength(dataLength: number): string {
  if (4 + dataLength <= 0xff) return hex2(4 + dataLength);
  const total = 10 + dataLength;
  return '0004' + total.toString(16).toUpperCase().padStart(4, '0');
}

function field(value: string, width: number, path: string): string {
  if (typeof value !== 'string' || value.length !== width) {
    throw badField(`header field must be ${width === 1 ? '1 character' : `${width} characters`}`, path);
  }
  if (!isAlnumText(value, width)) throw badField('header field must be letters or digits', path);
  return value;
}

function isAlnumText(text: string, width: number): boolean {
  if (text.length !== width) return false;
  for (let i = 0; i < width; i++) if (!isAlnum(text.charCodeAt(i))) return false;
  return true;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function badField(detail: string, path: string): Iso8583Error {
  return new Iso8583Error('TR31_BAD_HEADER', detail, { path });
}
