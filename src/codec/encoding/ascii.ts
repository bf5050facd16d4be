/** ASCII text: one byte per character, checked against the attribute when written, taken as sent when read. */
import { latin1Text } from '../../bytes/latin1.js';
import { firstBadChar } from '../charset.js';
import { badCharacter, badSign, isSign, type EncodingSetup, type PrimitiveValue, type ValueEncoding } from './encoding.js';

/** Length units of a text value written one byte per character: its characters (an amount's sign aside) and any pad fill. */
export function textLength(setup: EncodingSetup, text: string): number {
  const units = text.length - (setup.spec.attr === 'x+n' ? 1 : 0);
  return units + setup.padding.fill(units);
}

/**
 * Writes ASCII `text` one byte per character filled to `length` units: a sign first, the pad on its side, each
 * character checked against the attribute (EBCDIC text is written by its own encoding, through its code page).
 */
export function writeText(setup: EncodingSetup, buf: Uint8Array, p: number, text: string, length: number): number {
  const n = text.length;
  const table = setup.table;
  const { code: padCode, right } = setup.padding;
  let i = 0;
  if (setup.spec.attr === 'x+n') {
    const c = text.charCodeAt(0);
    if (!isSign(c)) throw badCharacter(setup.path, setup.spec.attr, 0);
    buf[p++] = c;
    i = 1;
  }
  const fill = length - (n - i);
  if (right) for (let k = 0; k < fill; k++) buf[p++] = padCode;
  // Branch-free: flag a bad character while copying, and look for where it was only if one was seen.
  let bad = 0;
  const from = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    bad |= (c >> 7) | (table[c & 127]! ^ 1);
    buf[p++] = c;
  }
  if (bad !== 0) throw badCharacter(setup.path, setup.spec.attr, firstBadChar(text, table, false, from));
  if (!right) for (let k = 0; k < fill; k++) buf[p++] = padCode;
  return p;
}

/** Copies `bytes[0, n)` to `buf` at `p`; returns the end. */
export function writeBytes(buf: Uint8Array, p: number, bytes: Uint8Array, n = bytes.length): number {
  if (n <= 64) {
    // A loop beats creating a subarray view for the short runs fields are made of.
    for (let i = 0; i < n; i++) buf[p + i] = bytes[i]!;
  } else {
    buf.set(n === bytes.length ? bytes : bytes.subarray(0, n), p);
  }
  return p + n;
}

/** The ASCII encoding of a field. */
export function asciiEncoding(setup: EncodingSetup): ValueEncoding {
  const latin1 = setup.env.latin1 ?? latin1Text;
  return byteEncoding(setup, (buf, start, end) => latin1(buf, start, end));
}

/**
 * A byte a character or a byte a byte, as ASCII and binary fields are laid out: they differ only in their value, the
 * content's text or its bytes (whose canonical text, hex, `canonical` makes without them).
 */
export function byteEncoding(setup: EncodingSetup, value: ValueEncoding['value'], canonical?: ValueEncoding['canonical']): ValueEncoding {
  const signBytes = setup.spec.attr === 'x+n' ? 1 : 0;
  return {
    wireBytes: (n) => signBytes + n,
    check(buf, start) {
      if (signBytes === 1 && !isSign(buf[start]!)) throw badSign(setup, start);
      return -1;
    },
    value,
    canonical,
    content: (buf, start, end) => buf.subarray(start, end),
    length: (value: PrimitiveValue) => (typeof value === 'string' ? textLength(setup, value) : value.length),
    write: (buf, p, value, length) => (typeof value === 'string' ? writeText(setup, buf, p, value, length) : writeBytes(buf, p, value)),
    contentLength: (_content, count) => count,
    writeContent: writeBytes,
  };
}
