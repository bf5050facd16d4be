/**
 * ISO 8583:1987 in ASCII, laid out as jPOS's ISO87APackager: MTI as 4 ASCII digits, bitmaps as 16 hex
 * characters each, numbers as ASCII digits, LL/LLL prefixes as ASCII digits, fixed binary fields as hex
 * characters (two per byte) so the whole message stays printable.
 */
import type { DialectSpec, FieldSpec } from '../codec/spec.js';
import { ISO87_FIELDS, mapFieldTable, type IsoFieldRow } from './iso87-fields.js';

/** The wire form of a table row in an ASCII dialect (jPOS IFA_* / IF_CHAR conventions). */
export function asciiFieldSpec(row: IsoFieldRow): FieldSpec {
  const spec: FieldSpec = { name: row.name, attr: row.attr, length: row.length, encoding: 'ascii' };
  if (row.form !== 'fixed') {
    spec.lengthDigits = row.form === 'LL' ? 2 : 3;
    spec.prefixEncoding = 'ascii';
  }
  if (row.packing === 'bytes') {
    // Fixed binary fields travel as hex text; variable ones (jPOS IFA_LLBINARY) as raw bytes counted in bytes.
    spec.encoding = row.form === 'fixed' ? 'hex' : 'binary';
  } else if (row.form === 'fixed' && (row.packing === 'digits' || row.packing === 'amount')) {
    // Numbers and the digits after an amount's sign are zero-filled on the left.
    spec.align = 'right';
    spec.pad = '0';
  } else if (row.form === 'fixed' && row.packing === 'chars') {
    spec.align = 'left';
    spec.pad = ' ';
  }
  if (row.sensitivity !== undefined) spec.sensitivity = row.sensitivity;
  if (row.composite !== undefined) spec.composite = row.composite;
  return spec;
}

const fields = mapFieldTable(ISO87_FIELDS, asciiFieldSpec);
// EMV data as hex text behind an LLL count of hex characters, so the message stays printable like the
// rest of this dialect; these are the bytes jPOS sends when its LLLCHAR field 55 is given the TLV's hex.
fields['55'] = { ...asciiFieldSpec(ISO87_FIELDS['55']!), encoding: 'hex', lengthUnit: 'chars', length: 510 };

export const iso87asciiSpec: DialectSpec = {
  name: 'iso87ascii',
  description: 'ISO 8583:1987, ASCII (jPOS ISO87APackager layout; field 55 as hex BER-TLV)',
  mtiEncoding: 'ascii',
  bitmapEncoding: 'hex',
  maxBitmaps: 2,
  fields,
};
