import { Iso8583Error } from '../errors.js';
import { CP037_CHART, CP1047_CHANGES_FROM_CP037 } from './ebcdic-tables.js';
import { checkRange, checkText, type TextCodec } from './text-codec.js';

/** The EBCDIC code pages the library knows; both cover exactly U+0000–U+00FF. */
export type EbcdicCodePage = 'cp037' | 'cp1047';

interface PageTables {
  /** EBCDIC byte → Latin-1 byte (= code point). */
  readonly toLatin1: Uint8Array;
  /** Latin-1 byte (= code point) → EBCDIC byte. */
  readonly fromLatin1: Uint8Array;
  /** EBCDIC byte → one-character string, so decoding appends strings instead of converting codes. */
  readonly chars: readonly string[];
}

const pages: Partial<Record<EbcdicCodePage, PageTables>> = {};

function chartOf(page: EbcdicCodePage): Uint8Array {
  const table = new Uint8Array(256);
  for (let row = 0; row < 16; row++) {
    const cells = CP037_CHART[row]!.split(' ');
    for (let col = 0; col < 16; col++) table[row * 16 + col] = parseInt(cells[col]!, 16);
  }
  if (page === 'cp1047') {
    for (const key of Object.keys(CP1047_CHANGES_FROM_CP037)) {
      const b = Number(key);
      table[b] = CP1047_CHANGES_FROM_CP037[b]!;
    }
  }
  return table;
}

// Tables are built on first use so a build that never touches EBCDIC pays nothing at load time.
function tablesOf(page: EbcdicCodePage): PageTables {
  const known = pages[page];
  if (known !== undefined) return known;
  if (page !== 'cp037' && page !== 'cp1047') {
    throw new Iso8583Error('UNSUPPORTED_CODE_PAGE', 'EBCDIC code page is not supported', {
      expected: 'cp037 or cp1047',
    });
  }
  const toLatin1 = chartOf(page);
  const fromLatin1 = new Uint8Array(256);
  const chars: string[] = [];
  for (let b = 0; b < 256; b++) {
    fromLatin1[toLatin1[b]!] = b;
    chars.push(String.fromCharCode(toLatin1[b]!));
  }
  const built: PageTables = { toLatin1, fromLatin1, chars };
  pages[page] = built;
  return built;
}

/** A fresh 256-byte table from EBCDIC byte to Latin-1 byte for `page` (fetch once, index in the hot path). */
export function ebcdicToLatin1Table(page: EbcdicCodePage): Uint8Array {
  return tablesOf(page).toLatin1.slice();
}

/** A fresh 256-byte table from Latin-1 byte to EBCDIC byte for `page` (fetch once, index in the hot path). */
export function latin1ToEbcdicTable(page: EbcdicCodePage): Uint8Array {
  return tablesOf(page).fromLatin1.slice();
}

/** EBCDIC bytes of `text`; throws `UNMAPPABLE_CHARACTER` for a character above U+00FF. */
export function encodeEbcdic(text: string, page: EbcdicCodePage, path?: string): Uint8Array {
  checkText(text, path);
  const table = tablesOf(page).fromLatin1;
  const n = text.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) {
      throw new Iso8583Error('UNMAPPABLE_CHARACTER', 'text has a character that EBCDIC cannot represent', {
        path,
        expected: 'characters U+0000 to U+00FF',
        found: `another character at position ${i}`,
      });
    }
    out[i] = table[c]!;
  }
  return out;
}

/** Text of the EBCDIC bytes `bytes[start, end)`; every byte value decodes. Throws `BAD_RANGE` for a range outside `bytes`. */
export function decodeEbcdic(bytes: Uint8Array, start: number, end: number, page: EbcdicCodePage): string {
  checkRange(bytes, start, end);
  return charsOf(bytes, start, end, tablesOf(page).chars);
}

function charsOf(bytes: Uint8Array, start: number, end: number, chars: readonly string[]): string {
  let s = '';
  for (let i = start; i < end; i++) s += chars[bytes[i]!];
  return s;
}

const codecs: Partial<Record<EbcdicCodePage, TextCodec>> = {};

/** The `TextCodec` of an EBCDIC code page (one shared instance per page). */
export function ebcdicCodec(page: EbcdicCodePage): TextCodec {
  let codec = codecs[page];
  if (codec === undefined) {
    const chars = tablesOf(page).chars;
    codec = {
      name: page,
      encode: (text, path) => encodeEbcdic(text, page, path),
      decode: (bytes, start, end, path) => {
        checkRange(bytes, start, end, path);
        return charsOf(bytes, start, end, chars);
      },
    };
    codecs[page] = codec;
  }
  return codec;
}
