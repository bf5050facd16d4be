/** EBCDIC text: one byte per character through the dialect's code page tables. */
import { fieldError } from '../field-error.js';
import { textLength } from './ascii.js';
import { badCharacter, badSign, isSign, unmappable, type EncodingSetup, type ValueEncoding } from './encoding.js';

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
      if (typeof value === 'string') return writeEbcdicText(setup, buf, p, value, length, fromLatin1);
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

/**
 * Writes `text` through the code page filled to `length` units, laid out as ASCII text is (a sign first, the pad
 * on its side), each character checked against the attribute: any Latin-1 character passes where ASCII ends.
 */
function writeEbcdicText(setup: EncodingSetup, buf: Uint8Array, p: number, text: string, length: number, toWire: Uint8Array): number {
  const n = text.length;
  const table = setup.table;
  const { code: padCode, right } = setup.padding;
  let i = 0;
  if (setup.spec.attr === 'x+n') {
    const c = text.charCodeAt(0);
    if (!isSign(c)) throw badCharacter(setup.path, setup.spec.attr, 0);
    buf[p++] = toWire[c]!;
    i = 1;
  }
  const fill = length - (n - i);
  const padByte = padCode >= 0 ? toWire[padCode]! : padCode;
  if (right) for (let k = 0; k < fill; k++) buf[p++] = padByte;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && table[c] === 0) throw badCharacter(setup.path, setup.spec.attr, i);
    if (c > 0xff) throw unmappable(setup, i, 'EBCDIC');
    buf[p++] = toWire[c]!;
  }
  if (!right) for (let k = 0; k < fill; k++) buf[p++] = padByte;
  return p;
}
