import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { CompositeSpec, DialectSpec, FieldSpec } from '../../src/codec/spec.js';
import { Message, cupDialect, defineDialect, dialects } from '../../src/index.js';
import { BUILT_IN_ENCODINGS } from '../../src/codec/encoding/sets.js';
import { cupDialectSpec, cupSpec, iso87asciiSpec, iso87binarySpec, iso93asciiSpec } from '../../src/message/builtin-dialects.js';
import { PAN, PIN_BLOCK, SALE_FIELDS, SALE_HEX, TRACK2 } from './support.js';
import { caught, shape } from '../support/errors.js';

const cup = dialects.cup;

describe('a decoded message', () => {
  const m = cup.decode(fromHex(SALE_HEX));

  it('gives fields, subfields and TLV tags by path', () => {
    expect(m.mti).toBe('0200');
    expect(m.fieldNumbers()).toStrictEqual([2, 3, 11, 22, 35, 52, 55, 60]);
    expect(m.get('2')).toBe(PAN);
    expect(m.get('35')).toBe(TRACK2);
    expect(toHex(m.get('52') as Uint8Array)).toBe(PIN_BLOCK);
    expect(m.get('60.1')).toBe('22');
    expect(m.get('22.2')).toBe('1');
    expect(toHex(m.get('55.9F26') as Uint8Array)).toBe('ED1D6BA78357FB25');
    expect(toHex(m.get('55.9f26') as Uint8Array)).toBe('ED1D6BA78357FB25');
  });

  it('answers undefined for what is absent', () => {
    expect(m.get('4')).toBeUndefined();
    expect(m.get('60.7')).toBeUndefined();
    expect(m.get('55.9F27')).toBeUndefined();
    expect(m.has('60.3')).toBe(true);
    expect(m.has('60.4')).toBe(false);
    expect(m.has('4')).toBe(false);
  });

  it('refuses a path that does not start with a field number', () => {
    for (const p of ['x', '1', '193', '02', '']) {
      const e = caught(() => m.get(p));
      expect(shape(e)).toStrictEqual({ code: 'BAD_PATH', message: `field path must start with a field number from 2 to 192 (field ${p})`, path: p, offset: undefined });
    }
  });

  it('gives the lossless canonical object, which encodes to the same bytes', () => {
    expect(m.toObject()).toStrictEqual({ mti: '0200', fields: { ...SALE_FIELDS, '22': { '1': '02', '2': '1' } } });
    expect(toHex(cup.encode(m.toObject()))).toBe(SALE_HEX);
    expect(toHex(cup.encode(m))).toBe(SALE_HEX);
  });

  it('masks card data in toJSON, toString and JSON.stringify', () => {
    const json = m.toJSON();
    expect(json.fields['2']).toBe('621081*********4940');
    expect(json.fields['35']).toBe('621081*********4940D*****************');
    expect(json.fields['52']).toBe('****************');
    expect(json.fields['60']).toStrictEqual({ '1': '22', '2': '000757', '3': '000' });
    expect(JSON.parse(JSON.stringify(m))).toStrictEqual(json);
    const text = m.toString();
    expect(text.split('\n')[0]).toBe('MTI 0200 (ISO 8583:1987 financial request from the acquirer)');
    expect(text).toContain('  2    Primary account number 主账号: 621081*********4940');
    expect(text).toContain('    60.1: 22');
    expect(text).not.toContain(PAN);
  });
});

describe('building and changing messages', () => {
  it('turns hex into bytes for binary fields when bound to a dialect, and keeps text otherwise', () => {
    const bound = cup.message('0200').set('52', PIN_BLOCK);
    expect(bound.get('52')).toBeInstanceOf(Uint8Array);
    const free = new Message('0200').set('52', PIN_BLOCK);
    expect(free.get('52')).toBe(PIN_BLOCK);
  });

  it('creates subfield objects and TLV lists on a nested set', () => {
    const m = cup.message('0200').set('60.1', '22').set('60.2', '000757').set('55.9f26', 'ED1D6BA78357FB25');
    expect(m.get('60')).toStrictEqual({ '1': '22', '2': '000757' });
    expect(m.toObject().fields['55']).toStrictEqual([{ tag: '9F26', value: 'ED1D6BA78357FB25' }]);
    expect(toHex(cup.encode(m))).toBe('0200' + '0000000000000210' + '0011' + '9F2608ED1D6BA78357FB25' + '0008' + '22000757');
  });

  it('changes a subfield of a decoded field and re-encodes only what changed', () => {
    const m = cup.decode(fromHex(SALE_HEX)).set('60.3', '001');
    expect(toHex(cup.encode(m))).toBe(SALE_HEX.slice(0, -12) + '220007570010');
  });

  it('deletes fields, subfields and tags', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    expect(m.delete('35')).toBe(true);
    expect(m.delete('35')).toBe(false);
    expect(m.delete('60.3')).toBe(true);
    expect(m.delete('55.9F26')).toBe(true);
    expect(m.delete('55.9F27')).toBe(false);
    expect(m.has('35')).toBe(false);
    expect(m.toObject().fields['60']).toStrictEqual({ '1': '22', '2': '000757' });
    expect(m.toObject().fields['55']).toStrictEqual([]);
    expect(toHex(cup.encode(m)).slice(4, 20)).toBe('6020040000001210');
  });

  it('clones deeply, so changing the copy leaves the original alone', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    const c = m.clone();
    c.set('60.1', '23');
    (c.get('52') as Uint8Array)[0] = 0;
    c.delete('2');
    expect(m.get('60.1')).toBe('22');
    expect(toHex(m.get('52') as Uint8Array)).toBe(PIN_BLOCK);
    expect(m.get('2')).toBe(PAN);
    expect(toHex(cup.encode(m))).toBe(SALE_HEX);
  });

  it('refuses an empty value and a subfield of a field without subfields', () => {
    const m = cup.message('0200');
    const e = caught(() => m.set('3', undefined as unknown as string));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'value must not be empty; use delete() (field 3)', path: '3', offset: undefined });
    m.set('3', '000000');
    expect(shape(caught(() => m.set('3.1', '0')))).toStrictEqual({ code: 'BAD_PATH', message: 'field has no subfields (field 3)', path: '3', offset: undefined });
  });

  it('refuses an MTI that is not four digits', () => {
    expect(shape(caught(() => new Message('200')))).toStrictEqual({ code: 'BAD_MTI', message: 'MTI must be 4 digits (field MTI)', path: 'MTI', offset: undefined });
    expect(caught(() => cup.encode({ mti: '02A0', fields: {} })).code).toBe('BAD_MTI');
  });

  it('needs a dialect to describe itself', () => {
    const e = caught(() => new Message('0200').describe());
    expect(shape(e)).toStrictEqual({ code: 'NO_DIALECT', message: 'message has no dialect; build it with dialect.message() or decode it', path: undefined, offset: undefined });
  });

  it('masks the usual card fields even without a dialect', () => {
    const m = new Message('0200', { '2': PAN, '35': TRACK2, '52': PIN_BLOCK, '3': '000000' });
    expect(m.toJSON().fields).toStrictEqual({ '2': '621081*********4940', '3': '000000', '35': '621081*********4940D*****************', '52': '****************' });
    expect(m.toObject().fields['2']).toBe(PAN);
  });
});

describe('dialects', () => {
  const base: DialectSpec = {
    name: 'mini',
    mtiEncoding: 'ascii',
    bitmapEncoding: 'hex',
    maxBitmaps: 1,
    fields: {
      '3': { name: 'Processing code', localName: '交易处理码', attr: 'n', length: 6, encoding: 'ascii' },
      '4': { name: 'Amount', attr: 'n', length: 12, encoding: 'ascii', pad: '0' },
      '41': { name: 'Terminal', attr: 'ans', length: 8, encoding: 'ascii', align: 'left', pad: ' ' },
    },
  };

  it('compile from a spec that went through JSON', () => {
    const d = defineDialect(JSON.parse(JSON.stringify(base)) as DialectSpec);
    const out = d.encode({ mti: '0200', fields: { '3': '000000', '4': '100', '41': 'T1' } });
    expect(new TextDecoder().decode(out)).toBe('0200' + '3000000000800000' + '000000' + '000000000100' + 'T1      ');
    expect(d.decode(out).toObject()).toStrictEqual({ mti: '0200', fields: { '3': '000000', '4': '000000000100', '41': 'T1' } });
  });

  it('derive a new dialect with a field replaced and another removed', () => {
    const d = defineDialect(base);
    const e = d.derive({ name: 'mini-bcd', mtiEncoding: 'bcd', fields: { '4': { name: 'Amount', attr: 'n', length: 12, encoding: 'bcd' }, '41': null } });
    expect(e.name).toBe('mini-bcd');
    expect(toHex(e.encode({ mti: '0200', fields: { '3': '000000', '4': '000000000100' } }))).toBe('0200' + toHex(new TextEncoder().encode('3000000000000000')) + '303030303030' + '000000000100');
    expect(caught(() => e.encode({ mti: '0200', fields: { '41': 'T1' } })).message).toBe('field is not defined by dialect mini-bcd (field 41)');
    expect(d.fieldSpec('41')?.name).toBe('Terminal');
    expect(e.fieldSpec('41')).toBeUndefined();
    expect(cup.fieldSpec('60.3')?.name).toBe('Network management information code');
  });

  it('derive EBCDIC ones from a dialect defineDialect compiled, and refuse them from the built-in ones, which have the built-in encodings alone', () => {
    const ebcdicAmount = { name: 'Amount', attr: 'n', length: 12, encoding: 'ebcdic', pad: '0' } as const;
    const e = defineDialect(iso87asciiSpec).derive({ name: 'iso87-ebcdic-4', mtiEncoding: 'ebcdic', fields: { '4': ebcdicAmount } });
    expect(toHex(e.encode({ mti: '0200', fields: { '4': '100' } }))).toBe('F0F2F0F0' + toHex(new TextEncoder().encode('1000000000000000')) + 'F0F0F0F0F0F0F0F0F0F1F0F0');
    const refused = caught(() => cupDialect().derive({ name: 'cup-ebcdic-4', fields: { '4': ebcdicAmount } }));
    expect(shape(caught(() => dialects.iso87ascii.derive({ name: 'iso87-ebcdic-4', fields: { '4': ebcdicAmount } })))).toStrictEqual(shape(refused));
    expect(shape(refused)).toStrictEqual({
      code: 'NO_EBCDIC_TABLES',
      message: 'EBCDIC field needs code page tables, which this dialect was compiled without (defineDialect has them) (field 4)',
      path: '4',
      offset: undefined,
    });
    // An EBCDIC MTI or bitmap needs no code page tables (their digits are the same in every page).
    expect(toHex(cupDialect().derive({ name: 'cup-ebcdic-mti', mtiEncoding: 'ebcdic' }).encode({ mti: '0800', fields: { '11': '000001' } })).slice(0, 8)).toBe('F0F8F0F0');
  });

  it('derive a bitmapped composite from a dialect defineDialect compiled, and refuse it from the built-in ones, which have the built-in composite kinds alone', () => {
    const bitmapped48 = {
      name: 'Additional data',
      attr: 'ans',
      length: 999,
      lengthDigits: 3,
      encoding: 'ascii',
      composite: { kind: 'bitmapped', bitmapEncoding: 'hex', subfields: { '2': { name: 'Flag', attr: 'an', length: 2, encoding: 'ascii' } } },
    } as const;
    const e = defineDialect(iso87asciiSpec).derive({ name: 'iso87-bitmapped-48', fields: { '48': bitmapped48 } });
    expect(e.decode(e.encode({ mti: '0800', fields: { '48': { '2': 'AB' } } })).toObject().fields['48']).toStrictEqual({ '2': 'AB' });
    const refused = caught(() => cupDialect().derive({ name: 'cup-bitmapped-48', fields: { '48': bitmapped48 } }));
    expect(shape(caught(() => dialects.iso87ascii.derive({ name: 'iso87-bitmapped-48', fields: { '48': bitmapped48 } })))).toStrictEqual(shape(refused));
    expect(shape(refused)).toStrictEqual({
      code: 'BAD_SPEC',
      message: 'bitmapped composite is not one this dialect was compiled with (defineDialect has every kind) (field 48)',
      path: '48',
      offset: undefined,
    });
    // Nested in a kind the built-in set has, it is refused the same way, naming the subfield.
    const nested = { ...bitmapped48, composite: { kind: 'positional', subfields: { '1': { ...bitmapped48, name: 'Nested', length: 99, lengthDigits: 2 } } } } as const;
    expect(shape(caught(() => cupDialect().derive({ name: 'cup-nested', fields: { '48': nested } })))).toMatchObject({ code: 'BAD_SPEC', path: '48.1' });
  });

  it('name no encoding or composite kind outside the built-in set in any built-in table', () => {
    const named = new Set<string>();
    const kinds = new Set<string>();
    const walkLayout = (c: CompositeSpec | null | undefined): void => {
      if (c) kinds.add(c.kind);
      if (c?.kind === 'positional' || c?.kind === 'bitmapped') walk(c.subfields);
      if (c?.kind === 'positional' && c.tail) walkLayout(c.tail.layout);
      if (c?.kind === 'context') for (const k of c.cases) walkLayout(k.layout);
    };
    const walk = (fields: Record<string, FieldSpec>): void => {
      for (const f of Object.values(fields)) {
        named.add(f.encoding);
        walkLayout(f.composite);
      }
    };
    for (const spec of [cupSpec, cupDialectSpec({ field62Attribute: 'ans' }), iso87asciiSpec, iso87binarySpec, iso93asciiSpec]) walk(spec.fields);
    expect([...named].filter((name) => !(name in BUILT_IN_ENCODINGS.encodings))).toEqual([]);
    expect([...kinds].sort()).toEqual(['ascii-tlv', 'ber-tlv', 'context', 'positional']);
    expect(Object.keys(BUILT_IN_ENCODINGS.composites).sort()).toEqual(['ascii-tlv', 'ber-tlv', 'context', 'positional']);
  });

  it('make messages bound to themselves', () => {
    const d = defineDialect(base);
    const m = d.message('0800', { '3': '990000' });
    expect(m.toString()).toBe('MTI 0800 (ISO 8583:1987 network management request from the acquirer)\n  3    Processing code 交易处理码: 990000');
  });
});

describe('the plain object of a message', () => {
  it('is a fresh object each time, whatever an earlier one was given, for every set of fields sharing a highest number', () => {
    const d = dialects.iso87ascii;
    const a = d.decode(d.encode({ mti: '0200', fields: { '3': '000000', '11': '000123', '41': '12345678' } })).toObject();
    (a.fields as Record<string, unknown>)['7'] = 'changed';
    a.fields['41'] = 'changed';
    const b = d.decode(d.encode({ mti: '0200', fields: { '11': '000124', '41': '87654321' } })).toObject();
    const c = d.message('0200', { '41': '11111111' }).toObject();
    expect([b.fields, c.fields, Object.keys(a.fields)]).toEqual([{ '11': '000124', '41': '87654321' }, { '41': '11111111' }, ['3', '7', '11', '41']]);
    expect(Object.keys(d.message('0200', {}).toObject().fields)).toEqual([]);
  });
});
