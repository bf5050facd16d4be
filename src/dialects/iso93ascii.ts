/**
 * ISO 8583:1993 in ASCII, laid out as jPOS's ISO93APackager: the same wire conventions as the 1987 ASCII
 * dialect (ASCII digits, hex-text bitmaps and fixed binary fields), with the 1993 field table. Its
 * variable binary fields (53, 55, 96) are raw bytes behind an ASCII count of bytes, as jPOS sends them.
 */
import type { DialectSpec } from '../codec/spec.js';
import { mapFieldTable } from './iso87-fields.js';
import { asciiFieldSpec } from './iso87ascii.js';
import { ISO93_FIELDS } from './iso93-fields.js';

export const iso93asciiSpec: DialectSpec = {
  name: 'iso93ascii',
  description: 'ISO 8583:1993, ASCII (jPOS ISO93APackager layout; field 55 as binary BER-TLV)',
  mtiEncoding: 'ascii',
  bitmapEncoding: 'hex',
  maxBitmaps: 2,
  fields: mapFieldTable(ISO93_FIELDS, asciiFieldSpec),
};
