/**
 * ISO 8583:1987 in binary, laid out as jPOS's ISO87BPackager: MTI and numbers as packed BCD, bitmaps as
 * raw bytes, LL/LLL prefixes as BCD (1 and 2 bytes), text as ASCII, binary fields as raw bytes.
 */
import type { DialectSpec, FieldSpec } from '../codec/spec.js';
import { ISO87_FIELDS, mapFieldTable, type IsoFieldRow } from './iso87-fields.js';

/** The wire form of a table row in a binary dialect (jPOS IFB_* / IF_CHAR conventions). */
export function binaryFieldSpec(row: IsoFieldRow): FieldSpec {
  const encoding = row.packing === 'bytes' ? 'binary' : row.packing === 'chars' ? 'ascii' : 'bcd';
  const spec: FieldSpec = { name: row.name, attr: row.attr, length: row.length, encoding };
  if (row.form !== 'fixed') {
    spec.lengthDigits = row.form === 'LL' ? 2 : 3;
    spec.prefixEncoding = 'bcd';
  }
  if (encoding === 'bcd') {
    if (row.form === 'fixed') {
      // Fixed numbers (and the digits of a signed amount) are right-aligned behind a 0 nibble.
      spec.align = 'right';
      spec.pad = '0';
    } else {
      // Variable digits (PAN, track 2, institution codes) start at the first nibble; jPOS pads with 0,
      // many terminals with F, so both are read and the one found is written back.
      spec.align = 'left';
      spec.pad = '0';
      spec.acceptPad = 'F';
    }
  } else if (encoding === 'ascii' && row.form === 'fixed') {
    spec.align = 'left';
    spec.pad = ' ';
  }
  if (row.sensitivity !== undefined) spec.sensitivity = row.sensitivity;
  if (row.composite !== undefined) spec.composite = row.composite;
  return spec;
}

export const iso87binarySpec: DialectSpec = {
  name: 'iso87binary',
  description: 'ISO 8583:1987, binary (jPOS ISO87BPackager layout; field 55 as binary BER-TLV)',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 2,
  fields: mapFieldTable(ISO87_FIELDS, binaryFieldSpec),
};
