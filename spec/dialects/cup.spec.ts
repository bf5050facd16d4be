import { describe, it, expect } from 'vitest';
import type { CompositeSpec, FieldSpec } from '../../src/codec/spec.js';
import { cupDialectSpec, cupSpec } from '../../src/dialects/cup.js';

/** Every field and subfield spec in a composite, with its path. */
function* walk(path: string, spec: FieldSpec): Generator<[string, FieldSpec]> {
  yield [path, spec];
  if (spec.composite) yield* walkComposite(path, spec.composite);
}

function* walkComposite(path: string, composite: CompositeSpec): Generator<[string, FieldSpec]> {
  switch (composite.kind) {
    case 'positional':
    case 'bitmapped':
      for (const [key, sub] of Object.entries(composite.subfields)) yield* walk(`${path}.${key}`, sub);
      return;
    case 'context':
      for (const c of composite.cases) if (c.layout) yield* walkComposite(`${path}[${c.label ?? '?'}]`, c.layout);
      return;
    default:
      return;
  }
}

function allSpecs(): [string, FieldSpec][] {
  return Object.entries(cupSpec.fields).flatMap(([id, spec]) => [...walk(id, spec)]);
}

function field(id: string, spec = cupSpec): FieldSpec {
  const f = spec.fields[id];
  if (!f) throw new Error(`no field ${id}`);
  return f;
}

describe('the CUP POS dialect spec', () => {
  it('defines every field from 2 to 64 and nothing else', () => {
    const ids = Object.keys(cupSpec.fields).map(Number).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 63 }, (_, i) => i + 2));
  });

  it('writes the MTI in BCD and one binary bitmap', () => {
    expect(cupSpec.mtiEncoding).toBe('bcd');
    expect(cupSpec.bitmapEncoding).toBe('binary');
    expect(cupSpec.maxBitmaps).toBe(1);
    expect(cupSpec.name).toBe('cup');
  });

  it('gives every field and subfield an English and a Chinese name and an explicit encoding', () => {
    const specs = allSpecs();
    expect(specs.length).toBeGreaterThan(120);
    for (const [path, spec] of specs) {
      expect(spec.name, path).toMatch(/^[A-Z][\w (),/'-]+$/);
      expect(spec.localName, path).toMatch(/[\u4e00-\u9fff]/);
      expect(spec.encoding, path).toBeDefined();
    }
  });

  it('states alignment and pad on every BCD field', () => {
    const bcd = allSpecs().filter(([, s]) => s.encoding === 'bcd');
    expect(bcd.length).toBeGreaterThan(25);
    for (const [path, spec] of bcd) {
      expect(spec.align, path).toMatch(/^(left|right)$/);
      expect(spec.pad, path).toMatch(/^[0F]$/);
    }
  });

  it('is plain data that survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(cupSpec))).toEqual(cupSpec);
  });

  it('packs fixed numerics right-aligned except field 22, which is left-aligned', () => {
    expect(field('3')).toMatchObject({ attr: 'n', length: 6, encoding: 'bcd', align: 'right', pad: '0' });
    expect(field('22')).toMatchObject({ attr: 'n', length: 3, encoding: 'bcd', align: 'left', pad: '0' });
    expect(field('23')).toMatchObject({ attr: 'n', length: 3, encoding: 'bcd', align: 'right', pad: '0' });
  });

  it('uses a one-byte BCD prefix for LL fields and a two-byte one for LLL fields', () => {
    expect(field('2')).toMatchObject({ lengthDigits: 2, prefixEncoding: 'bcd', lengthUnit: 'digits', length: 19 });
    expect(field('32')).toMatchObject({ lengthDigits: 2, prefixEncoding: 'bcd', lengthUnit: 'digits', length: 11 });
    expect(field('35')).toMatchObject({ lengthDigits: 2, prefixEncoding: 'bcd', lengthUnit: 'digits', length: 37 });
    expect(field('44')).toMatchObject({ lengthDigits: 2, prefixEncoding: 'bcd', lengthUnit: 'chars', length: 25 });
    expect(field('36')).toMatchObject({ lengthDigits: 3, prefixEncoding: 'bcd', lengthUnit: 'digits', length: 104 });
    expect(field('48')).toMatchObject({ lengthDigits: 3, prefixEncoding: 'bcd', lengthUnit: 'digits', length: 322 });
    expect(field('55')).toMatchObject({ lengthDigits: 3, prefixEncoding: 'bcd', lengthUnit: 'bytes', length: 255 });
    expect(field('63')).toMatchObject({ lengthDigits: 3, prefixEncoding: 'bcd', lengthUnit: 'bytes', encoding: 'gbk' });
  });

  it('closes the PAN with a 0 nibble and accepts both 0 and F after a track', () => {
    expect(field('2')).toMatchObject({ align: 'left', pad: '0' });
    expect(field('35')).toMatchObject({ attr: 'z', align: 'left', pad: '0', acceptPad: '0F' });
    expect(field('36')).toMatchObject({ attr: 'z', align: 'left', pad: '0', acceptPad: '0F' });
  });

  it('marks the PAN, expiry, tracks, PIN block, SM PIN and working keys as sensitive', () => {
    const sensitive = Object.fromEntries(
      allSpecs()
        .filter(([, s]) => s.sensitivity !== undefined)
        .map(([p, s]) => [p, s.sensitivity]),
    );
    expect(sensitive).toMatchObject({ '2': 'pan', '14': 'secret', '35': 'track', '36': 'track', '45': 'track', '52': 'pin' });
    expect(sensitive['64']).toBeUndefined();
    const keyPaths = Object.entries(sensitive).filter(([, s]) => s === 'key').map(([p]) => p);
    expect(keyPaths).toEqual(
      expect.arrayContaining([
        '62[double-length working keys].1',
        '62[double-length working keys].3',
        '62[double-length working keys and track key].5',
        '62[single-length working keys].1',
      ]),
    );
    const f59 = field('59').composite;
    expect(f59?.kind === 'ascii-tlv' && f59.tags?.['A1']?.sensitivity).toBe('pin');
    const f55 = field('55').composite;
    expect(f55?.kind === 'ber-tlv' && f55.tags?.['5A']?.sensitivity).toBe('pan');
  });

  it('splits field 60 into 60.1 to 60.7 and keeps surplus digits under 60.rest', () => {
    const c = field('60').composite;
    expect(c?.kind).toBe('positional');
    if (c?.kind !== 'positional') return;
    expect(Object.entries(c.subfields).map(([k, s]) => [k, s.length])).toEqual([
      ['1', 2],
      ['2', 6],
      ['3', 3],
      ['4', 1],
      ['5', 1],
      ['6', 1],
      ['7', 3],
    ]);
    expect(c.rest).toBe('rest');
  });

  it('lays out the 24, 40 and 60 byte key blocks of field 62 by 60.3 in 0810', () => {
    const c = field('62').composite;
    expect(c?.kind).toBe('context');
    if (c?.kind !== 'context') return;
    const sizes = c.cases
      .filter((k) => k.when['mti']?.includes('0810') && k.label?.includes('working keys'))
      .map((k) => {
        const layout = k.layout;
        const total =
          layout?.kind === 'positional' ? Object.values(layout.subfields).reduce((sum, s) => sum + s.length, 0) : 0;
        return [k.when['60.3'], total];
      });
    expect(sizes).toEqual([
      [['001'], 24],
      [['003'], 40],
      [['004'], 60],
    ]);
  });

  it('gives field 48 one record count and eight 40-digit records for magstripe batch upload', () => {
    const c = field('48').composite;
    if (c?.kind !== 'context') throw new Error('48 is not a context composite');
    const upload = c.cases.find((k) => k.when['60.3']?.includes('201'));
    expect(upload?.when['mti']).toEqual(['0320', '0330']);
    const layout = upload?.layout;
    if (layout?.kind !== 'positional') throw new Error('no positional batch-upload layout');
    expect(Object.entries(layout.subfields).map(([k, s]) => [k, s.length])).toEqual([
      ['1', 2],
      ...Array.from({ length: 8 }, (_, i) => [String(i + 2), 40]),
    ]);
  });
});

describe('CUP dialect options', () => {
  it('writes the configured pad nibble after tracks and still accepts both', () => {
    const spec = cupDialectSpec({ trackPad: 'F' });
    expect(field('35', spec)).toMatchObject({ pad: 'F', acceptPad: '0F' });
    expect(field('36', spec)).toMatchObject({ pad: 'F', acceptPad: '0F' });
    expect(field('2', spec)).toMatchObject({ pad: '0' });
  });

  it('limits field 60 to the configured number of digits', () => {
    expect(field('60').length).toBe(19);
    expect(field('60', cupDialectSpec({ field60MaxDigits: 17 })).length).toBe(17);
  });

  it('carries field 62 as bytes by default and as ASCII text on request, with the same layouts', () => {
    expect(field('62')).toMatchObject({ attr: 'b', encoding: 'binary', lengthUnit: 'bytes', length: 512 });
    const text = field('62', cupDialectSpec({ field62Attribute: 'ans' }));
    expect(text).toMatchObject({ attr: 'ans', encoding: 'ascii', lengthUnit: 'chars', length: 512 });
    expect(text.composite).toEqual(field('62').composite);
  });

  it('reads the MAC as 8 ASCII hex characters by default and as 8 raw bytes on request', () => {
    expect(field('64')).toMatchObject({ attr: 'b', length: 4, lengthUnit: 'bytes', encoding: 'hex' });
    expect(field('64', cupDialectSpec({ macFormat: 'binary' }))).toMatchObject({ attr: 'b', length: 8, encoding: 'binary' });
  });

  it('takes a dialect name', () => {
    expect(cupDialectSpec({ name: 'cup-bank-x' }).name).toBe('cup-bank-x');
  });

  it('builds a fresh spec each time so callers may change one without touching another', () => {
    const a = cupDialectSpec();
    const b = cupDialectSpec();
    expect(a).toEqual(b);
    expect(a.fields['2']).not.toBe(b.fields['2']);
    expect(a.fields['60']?.composite).not.toBe(b.fields['60']?.composite);
    expect(a.fields['55']?.composite).not.toBe(b.fields['55']?.composite);
  });
});
