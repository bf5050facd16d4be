// GBK (code page 936 with the GBK extensions) through iconv-lite. iconv-lite works on Node's Buffer,
// so this module is wired in only by the Node-facing entry; the portable entry never imports it.
import iconv from 'iconv-lite';
import { Iso8583Error } from '../errors.js';
import { escapedByte, isUndecodableText } from '../bytes/escaped-text.js';
import { concatBytes } from '../bytes/hex.js';
import { latin1Bytes } from '../bytes/latin1.js';
import { asciiCodec, checkRange, checkText, type TextCodec } from '../bytes/text-codec.js';

const ENCODING = 'gbk';
const REPLACEMENT = '\uFFFD';

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Index (UTF-16) of the first character iconv-lite cannot carry through GBK and back, or -1. */
function firstUnmappable(text: string): number {
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const ch = String.fromCodePoint(c);
    if (c > 0x7f && iconv.decode(iconv.encode(ch, ENCODING), ENCODING) !== ch) return i;
    i += ch.length;
  }
  return -1;
}

/** Bytes of text holding escaped bytes (from a decoder that had no GBK codec): each run of text through GBK, each escape as its byte. */
function encodeWithEscapes(text: string, path?: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const b = i < text.length ? escapedByte(text.charCodeAt(i)) : -1;
    if (b < 0 && i < text.length) continue;
    if (i > from) parts.push(gbkEncode(text.slice(from, i), path));
    if (b >= 0) parts.push(Uint8Array.of(b));
    from = i + 1;
  }
  return concatBytes(...parts);
}

function gbkEncode(text: string, path?: string): Uint8Array {
  checkText(text, path);
  // ASCII is a subset of GBK byte for byte: most CUP text takes this path and never meets iconv-lite.
  if (isAscii(text)) return latin1Bytes(text);
  if (isUndecodableText(text)) return encodeWithEscapes(text, path);
  const encoded = iconv.encode(text, ENCODING);
  // iconv-lite writes '?' for a character it cannot map; a round trip shows every such loss.
  if (iconv.decode(encoded, ENCODING) !== text) {
    throw new Iso8583Error('UNMAPPABLE_CHARACTER', 'text has a character that GBK cannot represent', {
      path,
      expected: 'characters of the GBK set',
      found: `another character at position ${firstUnmappable(text)}`,
    });
  }
  // A plain Uint8Array copy: the Buffer may be a view into a shared pool.
  return new Uint8Array(encoded);
}

/** Offset of the first byte that does not start a valid GBK character in `bytes[start, end)`. */
function firstInvalid(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const width = lead === 0x80 ? 1 : 2;
    if (i + width > end) return i;
    if (iconv.decode(bytes.subarray(i, i + width), ENCODING).indexOf(REPLACEMENT) >= 0) return i;
    i += width;
  }
  return start;
}

function gbkDecode(bytes: Uint8Array, start: number, end: number, path?: string): string {
  checkRange(bytes, start, end, path);
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiCodec.decode(bytes, start, end, path);
  const text = iconv.decode(bytes.subarray(start, end), ENCODING);
  // iconv-lite writes U+FFFD for bytes that are not GBK; no GBK character decodes to U+FFFD itself.
  if (text.indexOf(REPLACEMENT) >= 0) {
    throw new Iso8583Error('BAD_TEXT', 'text has bytes that are not GBK', {
      path,
      offset: firstInvalid(bytes, start, end),
      expected: 'GBK text',
      found: 'an invalid byte sequence',
    });
  }
  return text;
}

/** GBK text (Chinese merchant names, CUP 62/63 texts): 1 byte per ASCII character, 2 per hanzi. Strict both ways. */
export const gbkCodec: TextCodec = { name: 'gbk', encode: gbkEncode, decode: gbkDecode };
