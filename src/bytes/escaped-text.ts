/**
 * Text that stands for bytes no codec could read (GBK text decoded without a GBK codec): ASCII bytes stay
 * themselves and each byte 0x80–0xFF becomes the lone surrogate U+DC80–U+DCFF (the "surrogate escape"
 * convention), which no real text contains. Such text keeps the bytes, shows that it could not be read,
 * and encodes back to exactly the bytes it came from.
 */
import { Iso8583Error } from '../errors.js';
import { checkRange } from './text-codec.js';
import { expectString } from '../arguments.js';

const ESCAPE_BASE = 0xdc00;

/** The text of `bytes[start, end)` with every byte above 0x7F escaped. */
export function escapeBytes(bytes: Uint8Array, start: number, end: number, path?: string): string {
  checkRange(bytes, start, end, path);
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    s += String.fromCharCode(b < 0x80 ? b : ESCAPE_BASE + b);
  }
  return s;
}

/** The byte an escaped character stands for, or -1 when `code` is no escape. */
export function escapedByte(code: number): number {
  return code >= 0xdc80 && code <= 0xdcff ? code - ESCAPE_BASE : -1;
}

/** Whether `text` holds bytes that could not be read as text (escaped by a decoder without the right codec). */
export function isUndecodableText(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  for (let i = 0; i < text.length; i++) if (escapedByte(text.charCodeAt(i)) >= 0) return true;
  return false;
}

/**
 * The bytes a decoded text field held, when it is ASCII with escaped bytes (what `pos8583/portable` gives
 * for GBK text without a codec): hand them to a GBK codec later to read the Chinese. `BAD_TEXT` for text
 * with any other character.
 */
export function undecodableBytes(text: string, path?: string): Uint8Array {
  if (path !== undefined) expectString(path, 'path');
  if (typeof text !== 'string') throw new Iso8583Error('BAD_TYPE', 'text must be a string', { path, expected: 'string' });
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x80 ? c : escapedByte(c);
    if (b < 0) {
      throw new Iso8583Error('BAD_TEXT', 'text holds a character that is neither ASCII nor an escaped byte', {
        path,
        expected: 'ASCII or escaped bytes',
        found: `another character at position ${i}`,
      });
    }
    out[i] = b;
  }
  return out;
}
