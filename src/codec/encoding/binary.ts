/** Raw bytes: the content is the value. */
import { hexOf } from '../../bytes/hex.js';
import { byteEncoding } from './ascii.js';
import type { EncodingSetup, ValueEncoding } from './encoding.js';

/** The binary encoding of a field (text given to a non-`b` field is written one byte per character). */
export function binaryEncoding(setup: EncodingSetup): ValueEncoding {
  return byteEncoding(setup, (buf, start, end) => buf.slice(start, end), hexOf);
}
