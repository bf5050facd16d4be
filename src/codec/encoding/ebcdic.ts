/** EBCDIC text: one byte per character through the dialect's code page tables. */
import { fieldError } from '../field-error.js';
import { textLength, writeText } from './ascii.js';
import { badSign, isSign, type EncodingSetup, type ValueEncoding } from './encoding.js';

/** The EBCDIC encoding of a field; throws `NO_EBCDIC_TABLES` when the dialect gave none. */
export function ebcdicEncoding(setup: EncodingSetup): ValueEncoding {
  const tables = setup.env.ebcdic;
  if (!tables) throw fieldError(setup.path, 'NO_EBCDIC_TABLES', 'EBCDIC field needs code page tables');
  const toLatin1 = tables.toLatin1;
  const fromLatin1 = tables.fromLatin1;
  const signBytes = setup.spec.attr === 'x+n' ? 1 : 0;
  const translate = (buf: Uint8Array, start: number, end: number): Uint8Array => {
    const out = new Uint8Array(end - start);
    for (let i = start; i < end; i++) out[i - start] = toLatin1[buf[i]!]!;
    return out;
  };
  return {
    wireBytes: (n) => signBytes + n,
    check(buf, start) {
      if (signBytes === 1 && !isSign(toLatin1[buf[start]!]!)) throw badSign(setup, start);
      return -1;
    },
    value(buf, start, end) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(toLatin1[buf[i]!]!);
      return s;
    },
    content: translate,
    length: (value) => (typeof value === 'string' ? textLength(setup, value) : value.length),
    write(buf, p, value, length) {
      if (typeof value === 'string') return writeText(setup, buf, p, value, length, fromLatin1);
      for (let i = 0; i < value.length; i++) buf[p++] = value[i]!;
      return p;
    },
    contentLength: (_content, count) => count,
    writeContent(buf, p, content, count) {
      for (let i = 0; i < count; i++) buf[p++] = fromLatin1[content[i]!]!;
      return p;
    },
  };
}
