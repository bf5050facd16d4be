/** Raw bytes: the content is the value. */
import { hexOf } from '../../bytes/hex.js';
import { textLength, writeBytes, writeText } from './ascii.js';
import { badSign, isSign, type EncodingSetup, type ValueEncoding } from './encoding.js';

/** The binary encoding of a field (text given to a non-`b` field is written one byte per character). */
export function binaryEncoding(setup: EncodingSetup): ValueEncoding {
  const signBytes = setup.spec.attr === 'x+n' ? 1 : 0;
  return {
    wireBytes: (n) => signBytes + n,
    check(buf, start) {
      if (signBytes === 1 && !isSign(buf[start]!)) throw badSign(setup, start);
      return -1;
    },
    value: (buf, start, end) => buf.slice(start, end),
    canonical: hexOf,
    content: (buf, start, end) => buf.subarray(start, end),
    length: (value) => (typeof value === 'string' ? textLength(setup, value) : value.length),
    write: (buf, p, value, length) => (typeof value === 'string' ? writeText(setup, buf, p, value, length, null) : writeBytes(buf, p, value)),
    contentLength: (_content, count) => count,
    writeContent: writeBytes,
  };
}
