import { expectBytes, expectString, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { latin1Text } from './latin1.js';

/**
 * Text to bytes and back for one character set. `decode` reads `bytes[start, end)` so a field can be
 * read in place from the whole message; error offsets are indexes into `bytes`.
 */
export interface TextCodec {
  /** Character set name, e.g. `'ascii'`, `'cp037'`, `'gbk'`. */
  readonly name: string;
  /** Bytes of `text`; throws `UNMAPPABLE_CHARACTER` for a character the set cannot hold. */
  encode(text: string, path?: string): Uint8Array;
  /** Text of `bytes[start, end)`; throws `BAD_TEXT` for bytes that are not text in this set. */
  decode(bytes: Uint8Array, start: number, end: number, path?: string): string;
}

/**
 * Throws `BAD_ARGUMENT` unless `bytes` is a `Uint8Array` and `path` text or absent, and `BAD_RANGE` unless `start`
 * and `end` are whole numbers with `0 <= start <= end <= bytes.length` (reading past the end would yield text
 * from nothing).
 */
export function checkRange(bytes: Uint8Array, start: number, end: number, path?: string): void {
  expectBytes(bytes, 'bytes');
  if (path !== undefined) expectString(path, 'path');
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= bytes.length)) {
    throw new Iso8583Error('BAD_RANGE', 'byte range lies outside the input', {
      path,
      expected: `a range within ${bytes.length} bytes`,
      found: typeof start === 'number' && typeof end === 'number' ? `range ${start} to ${end}` : `range of ${shapeOf(start)} to ${shapeOf(end)}`,
    });
  }
}

/** Throws `BAD_ARGUMENT` unless `text` is a string and `path` text or absent: what every encoder checks first. */
export function checkText(text: string, path: string | undefined, name = 'text'): void {
  expectString(text, name);
  if (path !== undefined) expectString(path, 'path');
}

/** Bytes of `text` whose every character is at most `max`, or throws `UNMAPPABLE_CHARACTER` naming `setName`. */
function bytesUpTo(text: string, max: number, setName: string, expected: string, path?: string): Uint8Array {
  checkText(text, path);
  const n = text.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > max) {
      throw new Iso8583Error('UNMAPPABLE_CHARACTER', `text has a character that ${setName} cannot represent`, {
        path,
        expected,
        found: `another character at position ${i}`,
      });
    }
    out[i] = c;
  }
  return out;
}

/** US-ASCII: characters and bytes 0x00–0x7F only. */
export const asciiCodec: TextCodec = {
  name: 'ascii',
  encode: (text, path) => bytesUpTo(text, 0x7f, 'ASCII', 'characters U+0000 to U+007F', path),
  decode: (bytes, start, end, path) => {
    checkRange(bytes, start, end, path);
    for (let i = start; i < end; i++) {
      if (bytes[i]! > 0x7f) {
        throw new Iso8583Error('BAD_TEXT', 'text has a byte that is not ASCII', {
          path,
          offset: i,
          expected: 'bytes 00 to 7F',
          found: 'a byte above 7F',
        });
      }
    }
    return latin1Text(bytes, start, end);
  },
};

/** ISO 8859-1: each byte is the character with the same code; every byte decodes. */
export const latin1Codec: TextCodec = {
  name: 'latin1',
  encode: (text, path) => bytesUpTo(text, 0xff, 'Latin-1', 'characters U+0000 to U+00FF', path),
  decode: (bytes, start, end, path) => {
    checkRange(bytes, start, end, path);
    return latin1Text(bytes, start, end);
  },
};
