/**
 * Packed BCD: two digits (or track nibbles) a byte, the length counting digits or bytes, odd digit counts
 * closed by a pad nibble on the aligned side; an `x+n` amount keeps its sign as one character before the digits.
 */
import { checkBcd, cutBcd, nibbleOf, nibbleTable, packBcd, packNibbles, unpackBcd, unpackBcdCodes } from '../../bytes/bcd.js';
import { hexNibble } from '../../bytes/hex.js';
import { fieldError } from '../field-error.js';
import { isRightAligned } from '../padding.js';
import { writeBytes } from './ascii.js';
import { badCharacter, badSign, checkCharacters, isSign, type EncodingSetup, type ValueEncoding } from './encoding.js';

/** The BCD encoding of a field. */
export function bcdEncoding(setup: EncodingSetup): ValueEncoding {
  const { spec, path } = setup;
  const digitsUnit = setup.unit === 'digits';
  const signBytes = spec.attr === 'x+n' ? 1 : 0;
  const track = spec.attr === 'z';
  const any = spec.anyNibble === true;
  const right = isRightAligned(spec);
  const fixed = !spec.lengthDigits;
  const max = spec.length;
  const padChar = spec.pad;
  const padNibble = padChar === undefined ? 0 : hexNibble(padChar.charCodeAt(0));
  const accepted = new Set<number>([padNibble]);
  for (const c of spec.acceptPad ?? '') accepted.add(hexNibble(c.charCodeAt(0)));
  // Only a digit pad can fill a short value: an F nibble would not read back as a digit.
  const fillsShort = fixed && digitsUnit && padChar !== undefined && padNibble <= 9;
  // The characters a value may hold, with their nibbles: packing a value checks it.
  const packTable = nibbleTable(track, any, setup.table);

  /** Digits held by content of `n` length units at [start, end): a length in bytes drops an F pad at the aligned end. */
  const digitsOf = (buf: Uint8Array, start: number, end: number, n: number): number => {
    if (digitsUnit) return n;
    let digits = 2 * (end - start - signBytes);
    if (padChar !== undefined && digits > 0) {
      const edge = right ? buf[start + signBytes]! >> 4 : buf[end - 1]! & 15;
      if (edge === 15 && padNibble === 15) digits--;
    }
    return digits;
  };

  const text = (buf: Uint8Array, start: number, end: number, n: number, hex?: string): string => {
    const count = digitsOf(buf, start, end, n);
    const off = start + signBytes;
    // The digits are the hex of their bytes (a separator D, enciphered nibbles A-F), after an odd count's pad.
    const digits = hex !== undefined ? cutBcd(hex, off, count, right) : unpackBcd(buf, off, count, right);
    return signBytes === 1 ? String.fromCharCode(buf[start]!) + digits : digits;
  };

  return {
    wireBytes: (n) => signBytes + (digitsUnit ? (n + 1) >> 1 : n),
    check(buf, start, end, n) {
      const digits = digitsOf(buf, start, end, n);
      const found = checkBcd(buf, start + signBytes, digits, right, track, any);
      if (found < 0) throw fieldError(path, 'BAD_BCD', 'packed BCD has a nibble that is not allowed', start, track ? 'digits or D' : 'digits');
      let pad = -1;
      if (digits & 1) {
        if (!accepted.has(found)) {
          const allowed = [...accepted].map((v) => v.toString(16).toUpperCase()).join(' or ');
          throw fieldError(path, 'BAD_PAD', 'packed BCD has an unexpected pad nibble', start, `pad ${allowed}`, 'another nibble');
        }
        if (found !== padNibble) pad = found;
      }
      if (signBytes === 1 && !isSign(buf[start]!)) throw badSign(setup, start);
      return pad;
    },
    value: text,
    canonical: text,
    contentUnits: (buf, start, end, n) => signBytes + digitsOf(buf, start, end, n),
    content(buf, start, end, n) {
      const digits = digitsOf(buf, start, end, n);
      const out = new Uint8Array(signBytes + digits);
      if (signBytes === 1) out[0] = buf[start]!;
      unpackBcdCodes(buf, start + signBytes, digits, right, out, signBytes);
      return out;
    },
    length(value) {
      // Binary data in a BCD-declared field is written nibble for nibble.
      if (typeof value !== 'string') return digitsUnit ? 2 * value.length : value.length;
      // Its characters are checked as they are packed.
      let digits = value.length - signBytes;
      if (fillsShort && digits < max) digits = max;
      return digitsUnit ? digits : ((digits + 1) >> 1) + signBytes;
    },
    write(buf, p, value, length, pad) {
      if (typeof value !== 'string') return writeBytes(buf, p, value);
      const given = value.length - signBytes;
      const digits = digitsUnit ? length : given;
      let s = signBytes === 1 ? value.slice(1) : value;
      if (digits > given) {
        const fill = padChar!.repeat(digits - given);
        s = right ? fill + s : s + fill;
      }
      if (signBytes === 1) {
        if (!isSign(value.charCodeAt(0))) checkCharacters(setup, value, false);
        buf[p++] = value.charCodeAt(0);
      }
      const end = packNibbles(packTable, s, buf, p, right, pad >= 0 ? pad : padNibble);
      if (end >= 0) return end;
      // A character the attribute refuses is told as such; one it allows but packing cannot hold, as packing tells it.
      checkCharacters(setup, value, false);
      return packBcd(s, buf, p, right, pad >= 0 ? pad : padNibble, track, path, any);
    },
    pack: signBytes === 0 && digitsUnit ? (buf, p, text) => packNibbles(packTable, text, buf, p, right, padNibble) : undefined,
    contentLength(content, count) {
      // Composite content: digits that may not pad short fixed fields (the subfields fix the size).
      for (let i = 0; i < count; i++) {
        if (nibbleOf(content[i]!, track, any) < 0) throw badCharacter(setup.path, setup.spec.attr, i);
      }
      return digitsUnit ? count : (count + 1) >> 1;
    },
    writeContent(buf, p, content, count) {
      // Packed straight from the content's characters, which contentLength found all have nibbles.
      let i = 0;
      if (count & 1 && right) buf[p++] = (padNibble << 4) | nibbleOf(content[i++]!, track, any);
      for (; i + 1 < count; i += 2) buf[p++] = (nibbleOf(content[i]!, track, any) << 4) | nibbleOf(content[i + 1]!, track, any);
      if (i < count) buf[p++] = (nibbleOf(content[i]!, track, any) << 4) | padNibble;
      return p;
    },
  };
}
