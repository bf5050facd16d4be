/**
 * GBK text (CUP fields 43, 63): bytes through the dialect's GBK codec. Without one the bytes are kept: those above
 * 0x7F become escapes (lone surrogates) that encode back to themselves.
 */
import { escapeBytes, escapedByte } from '../../bytes/escaped-text.js';
import { fieldError } from '../field-error.js';
import { writeBytes } from './ascii.js';
import { checkCharacters, type EncodingSetup, type ValueEncoding } from './encoding.js';

/** The GBK encoding of a field. */
export function gbkEncoding(setup: EncodingSetup): ValueEncoding {
  const gbk = setup.env.gbk;
  const path = setup.path;
  const signBytes = setup.spec.attr === 'x+n' ? 1 : 0;

  const decode = (buf: Uint8Array, start: number, end: number): string =>
    gbk ? gbk.decode(buf, start, end, path) : escapeBytes(buf, start, end, path);

  const encode = (text: string): Uint8Array => {
    if (gbk) return gbk.encode(text, path);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const b = c < 0x80 ? c : escapedByte(c);
      if (b < 0) throw fieldError(path, 'NO_GBK_CODEC', 'GBK text needs a GBK codec', undefined, undefined, `character at position ${i}`);
      out[i] = b;
    }
    return out;
  };

  // GBK's validity is a matter of whole characters, so reading checks by decoding; a field with subfields leaves
  // that to them, so an error names the subfield.
  const checked = setup.spec.composite === undefined;
  return {
    wireBytes: (n) => signBytes + n,
    check(buf, start, end) {
      if (checked) decode(buf, start, end);
      return -1;
    },
    value: decode,
    content: (buf, start, end) => buf.subarray(start, end),
    length(value) {
      if (typeof value !== 'string') return value.length;
      checkCharacters(setup, value, true);
      const n = encode(value).length;
      return n + setup.padding.fill(n);
    },
    write(buf, p, value, length) {
      if (typeof value !== 'string') return writeBytes(buf, p, value);
      const bytes = encode(value);
      const fill = length - bytes.length;
      const { code, right } = setup.padding;
      if (right) for (let i = 0; i < fill; i++) buf[p++] = code;
      p = writeBytes(buf, p, bytes);
      if (!right) for (let i = 0; i < fill; i++) buf[p++] = code;
      return p;
    },
    contentLength: (_content, count) => count,
    writeContent: writeBytes,
  };
}
