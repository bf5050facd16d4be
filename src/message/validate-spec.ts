import { Iso8583Error } from '../errors.js';
import { prefixRange } from '../codec/prefix.js';
import type { CompositeSpec, DialectSpec, FieldSpec } from '../codec/spec.js';

// What a spec may name, as listed in the errors that refuse anything else.
const ATTRS = ['n', 'a', 'an', 'ans', 'ns', 'as', 's', 'anp', 'b', 'z', 'x+n'];
const ENCODINGS = ['ascii', 'ebcdic', 'gbk', 'bcd', 'binary', 'hex'];
const PREFIXES = ['ascii', 'ebcdic', 'bcd', 'binary'];

function bad(path: string, detail: string): Iso8583Error {
  return new Iso8583Error('BAD_SPEC', detail, { path });
}

/** Throws `BAD_SPEC` naming the first field whose spec the engine cannot compile. */
export function validateDialectSpec(spec: DialectSpec): void {
  if (typeof spec !== 'object' || spec === null || typeof spec.name !== 'string' || spec.name === '') {
    throw bad('dialect', 'dialect needs a name');
  }
  if (!['ascii', 'ebcdic', 'bcd'].includes(spec.mtiEncoding)) throw bad('MTI', 'MTI encoding must be ascii, ebcdic or bcd');
  if (!['binary', 'hex', 'hex-ebcdic'].includes(spec.bitmapEncoding)) throw bad('bitmap', 'bitmap encoding must be binary, hex or hex-ebcdic');
  if (![1, 2, 3].includes(spec.maxBitmaps)) throw bad('bitmap', 'maxBitmaps must be 1, 2 or 3');
  const highest = spec.maxBitmaps * 64;
  for (const key of Object.keys(spec.fields ?? {})) {
    const id = Number(key);
    if (!Number.isInteger(id) || String(id) !== key || id < 2 || id > highest) {
      throw bad(key, `field number must be from 2 to ${highest}`);
    }
    if (id === 65 && spec.maxBitmaps === 3) throw bad(key, 'field 65 is the tertiary bitmap bit in a three-bitmap dialect');
    validateField(spec.fields[key]!, key);
  }
}

function validateField(fs: FieldSpec, path: string): void {
  if (typeof fs !== 'object' || fs === null) throw bad(path, 'field spec must be an object');
  if (typeof fs.name !== 'string') throw bad(path, 'field needs a name');
  if (!ATTRS.includes(fs.attr)) throw bad(path, `field attribute is not one of ${ATTRS.join(', ')}`);
  if (!ENCODINGS.includes(fs.encoding)) throw bad(path, `field encoding is not one of ${ENCODINGS.join(', ')}`);
  if (!Number.isInteger(fs.length) || fs.length < 0) throw bad(path, 'field length must be a whole number');
  const digits = fs.lengthDigits ?? 0;
  if (!Number.isInteger(digits) || digits < 0 || digits > 6) throw bad(path, 'lengthDigits must be 0 to 6');
  if (digits > 0 && fs.prefixEncoding !== undefined && !PREFIXES.includes(fs.prefixEncoding)) {
    throw bad(path, `prefix encoding is not one of ${PREFIXES.join(', ')}`);
  }
  if (digits > 0 && fs.length > prefixRange(fs).most) throw bad(path, 'field maximum is larger than its length prefix can state');
  if (fs.encoding === 'bcd' && fs.lengthUnit === 'bytes' && (fs.attr === 'n' || fs.attr === 'z') && fs.pad !== 'F' && fs.pad !== 'f') {
    // Counting bytes, only an F pad tells an odd digit count from an even one that starts with 0.
    throw bad(path, 'BCD digits counted in bytes need the pad nibble F');
  }
  if (fs.encoding === 'bcd' && fs.pad !== undefined && !['0', 'F', 'f'].includes(fs.pad)) {
    throw bad(path, 'BCD pad must be the nibble 0 or F');
  }
  if (fs.pad !== undefined && fs.pad.length !== 1) throw bad(path, 'pad must be one character');
  if (fs.composite) validateComposite(fs.composite, path);
}

function validateComposite(c: CompositeSpec, path: string): void {
  switch (c.kind) {
    case 'positional':
      if (c.tail !== undefined) {
        if (c.rest === undefined) throw bad(path, 'a positional tail needs the rest key it is kept under');
        if (c.tail.layout?.kind !== 'ber-tlv' && c.tail.layout?.kind !== 'ascii-tlv') throw bad(path, 'a positional tail must be a BER-TLV or ASCII TLV list');
        validateComposite(c.tail.layout, `${path}.${c.rest}`);
      }
      for (const key of Object.keys(c.subfields)) validateField(c.subfields[key]!, `${path}.${key}`);
      return;
    case 'bitmapped':
      for (const key of Object.keys(c.subfields)) validateField(c.subfields[key]!, `${path}.${key}`);
      return;
    case 'context':
      for (const k of c.cases) if (k.layout) validateComposite(k.layout, path);
      return;
    case 'ascii-tlv':
      if (!(c.tagLength > 0) || !(c.lengthDigits > 0)) throw bad(path, 'ASCII TLV needs tag and length widths');
      return;
    case 'ber-tlv':
      return;
    default:
      throw bad(path, 'composite kind is not one of positional, ber-tlv, ascii-tlv, bitmapped, context');
  }
}
