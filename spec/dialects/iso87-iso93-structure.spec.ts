import { describe, expect, it } from 'vitest';
import type { DialectSpec, FieldSpec } from '../../src/codec/spec.js';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';
import { iso87asciiSpec } from '../../src/dialects/iso87ascii.js';
import { iso87binarySpec } from '../../src/dialects/iso87binary.js';
import { iso93asciiSpec } from '../../src/dialects/iso93ascii.js';

const DIALECTS: ReadonlyArray<readonly [string, DialectSpec]> = [
  ['iso87ascii', iso87asciiSpec],
  ['iso87binary', iso87binarySpec],
  ['iso93ascii', iso93asciiSpec],
];

const ids = Array.from({ length: 127 }, (_, i) => String(i + 2));

/** Largest count a prefix of `digits` decimal digits can state. */
const prefixCeiling = (digits: number): number => 10 ** digits - 1;

describe.each(DIALECTS)('the %s dialect', (name, spec) => {
  const entries = Object.entries(spec.fields) as Array<[string, FieldSpec]>;

  it('is named for what it is and allows a secondary bitmap', () => {
    expect(spec.name).toBe(name);
    expect(spec.maxBitmaps).toBe(2);
  });

  it('declares every field from 2 to 128 and nothing else (field 1 is the bitmap)', () => {
    expect(Object.keys(spec.fields).sort((a, b) => Number(a) - Number(b))).toEqual(ids);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
  });

  it('states alignment and a 0 or F pad nibble on every packed BCD field', () => {
    const bcd = entries.filter(([, f]) => f.encoding === 'bcd');
    for (const [id, f] of bcd) {
      expect(['left', 'right'], `field ${id}`).toContain(f.align);
      expect(['0', 'F'], `field ${id}`).toContain(f.pad);
    }
    for (const [id, f] of entries.filter(([, f]) => f.acceptPad !== undefined)) {
      expect(f.encoding, `field ${id}`).toBe('bcd');
    }
  });

  it('zero-fills fixed numbers and amounts on the left and space-fills fixed text on the right', () => {
    for (const [id, f] of entries) {
      if (f.lengthDigits || f.attr === 'b') continue;
      if (f.attr === 'n' || f.attr === 'x+n') expect([f.align, f.pad], `field ${id}`).toEqual(['right', '0']);
      else expect([f.align, f.pad], `field ${id}`).toEqual(['left', ' ']);
    }
  });

  it('keeps every length positive, whole and within what its prefix can state', () => {
    for (const [id, f] of entries) {
      expect(Number.isInteger(f.length) && f.length >= 1, `field ${id}`).toBe(true);
      if (f.lengthDigits) {
        expect([2, 3], `field ${id}`).toContain(f.lengthDigits);
        expect(f.prefixEncoding, `field ${id}`).toBeDefined();
        expect(f.length, `field ${id}`).toBeLessThanOrEqual(prefixCeiling(f.lengthDigits));
      } else {
        expect(f.prefixEncoding, `field ${id}`).toBeUndefined();
        expect(f.length, `field ${id}`).toBeLessThanOrEqual(42);
      }
      if (f.encoding === 'hex' && f.lengthUnit === 'chars') expect(f.length % 2, `field ${id}`).toBe(0);
    }
  });

  it('writes binary values as bytes or hex text and never writes text as binary', () => {
    for (const [id, f] of entries) {
      const binaryWire = f.encoding === 'binary' || f.encoding === 'hex';
      expect(binaryWire, `field ${id}`).toBe(f.attr === 'b');
    }
  });

  it('marks the card data fields sensitive and no others', () => {
    const sensitive = Object.fromEntries(entries.filter(([, f]) => f.sensitivity).map(([id, f]) => [id, f.sensitivity]));
    expect(sensitive).toEqual({
      '2': 'pan',
      '14': 'secret',
      '34': 'pan',
      '35': 'track',
      '36': 'track',
      '45': 'track',
      '52': 'pin',
      '96': name === 'iso93ascii' ? 'key' : 'secret',
      '102': 'pan',
      '103': 'pan',
    });
  });

  it('reads field 55 as BER-TLV with the EMV tag dictionary, binary and at most 255 bytes', () => {
    const f55 = spec.fields['55']!;
    expect(f55.attr).toBe('b');
    expect(f55.lengthDigits).toBe(3);
    expect(f55.composite).toEqual({ kind: 'ber-tlv', tags: EMV_TAGS });
    const maxBytes = f55.encoding === 'hex' && f55.lengthUnit === 'chars' ? f55.length / 2 : f55.length;
    expect(maxBytes).toBe(255);
  });

  it('names every field without stray spaces', () => {
    for (const [id, f] of entries) {
      expect(f.name.length > 0 && f.name.trim() === f.name, `field ${id}`).toBe(true);
    }
  });
});
