import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { defineDialect } from '../../src/message/dialect.js';
import { caught, shape } from '../support/errors.js';

// Field 55 is bit 7 of byte 7 of the bitmap; its LLL prefix is 2 BCD bytes, so content starts at byte 12.
const d = defineDialect({
  name: 'emv',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 1,
  fields: {
    '55': {
      name: 'ICC data',
      attr: 'b',
      length: 999,
      lengthDigits: 3,
      prefixEncoding: 'bcd',
      encoding: 'binary',
      composite: { kind: 'ber-tlv', tags: { '9F26': { name: 'Application cryptogram' }, '5A': { name: 'PAN', sensitivity: 'pan' } } },
    },
  },
});

const HEAD = '0200' + '0000000000000200';
/** A body holding `tlv` (hex) as field 55. */
const body = (tlv: string): Uint8Array => fromHex(HEAD + String(tlv.length / 2).padStart(4, '0') + tlv);

describe('BER-TLV composites', () => {
  it('read tags in order with their values as bytes', () => {
    const m = d.decode(body('9F260811223344556677889F270180'));
    expect(m.toObject().fields['55']).toStrictEqual([
      { tag: '9F26', value: '1122334455667788' },
      { tag: '9F27', value: '80' },
    ]);
    expect(toHex(m.get('55.9F26') as Uint8Array)).toBe('1122334455667788');
  });

  it('write a list of tags with one-byte lengths', () => {
    const out = d.encode({ mti: '0200', fields: { '55': [{ tag: '9f26', value: '1122334455667788' }, { tag: '82', value: '5C00' }] } });
    expect(toHex(out)).toBe(`${HEAD}0015` + '9F2608112233445566778882025C00');
  });

  it('read tags of two and three bytes', () => {
    const m = d.decode(body('DF810101AA5F2A020156'));
    expect(m.toObject().fields['55']).toStrictEqual([
      { tag: 'DF8101', value: 'AA' },
      { tag: '5F2A', value: '0156' },
    ]);
  });

  it('use the long length forms 81 and 82 for values of 128 bytes and more', () => {
    const v128 = '00'.repeat(128);
    const v256 = '11'.repeat(256);
    const out = d.encode({ mti: '0200', fields: { '55': [{ tag: '9F10', value: v128 }, { tag: '9F11', value: v256 }] } });
    expect(toHex(out)).toBe(`${HEAD}0393` + `9F108180${v128}` + `9F11820100${v256}`);
    expect(toHex(d.encode(d.decode(out).toObject()))).toBe(toHex(out));
  });

  it('keep a non-minimal long length as it came, so the bytes re-encode identically', () => {
    const b = body('9F2781018050820003AABBCC');
    const m = d.decode(b);
    expect(m.toObject().fields['55']).toStrictEqual([
      { tag: '9F27', value: '80', lengthBytes: 2 },
      { tag: '50', value: 'AABBCC', lengthBytes: 3 },
    ]);
    expect(toHex(d.encode(m.toObject()))).toBe(toHex(b));
  });

  it('nest the children of constructed tags', () => {
    const b = body('70089F2701805A021234');
    const obj = d.decode(b).toObject();
    expect(obj.fields['55']).toStrictEqual([
      { tag: '70', children: [{ tag: '9F27', value: '80' }, { tag: '5A', value: '1234' }] },
    ]);
    expect(toHex(d.encode(obj))).toBe(toHex(b));
    expect(d.decode(b).get('55.70.5A')).toBeInstanceOf(Uint8Array);
  });

  it('write a constructed tag whose children need a long length, values given as bytes or hex', () => {
    const v200 = 'AB'.repeat(200);
    const fields = { '55': [{ tag: '70', children: [{ tag: '5A', value: fromHex('1234') }, { tag: '9F10', value: v200 }] }, { tag: '9F27', value: '80' }] };
    const out = d.encode({ mti: '0200', fields });
    expect(toHex(out)).toBe(`${HEAD}0215` + `7081D05A0212349F1081C8${v200}` + '9F270180');
    expect(toHex(d.encode(d.decode(out).toObject()))).toBe(toHex(out));
  });

  it('keep repeated and unknown tags in their order', () => {
    const b = body('9F2701809F270140DF7F0101');
    const obj = d.decode(b).toObject();
    expect(obj.fields['55']).toStrictEqual([
      { tag: '9F27', value: '80' },
      { tag: '9F27', value: '40' },
      { tag: 'DF7F', value: '01' },
    ]);
    expect(toHex(d.encode(obj))).toBe(toHex(b));
  });

  it('accept an empty value and an empty list', () => {
    expect(d.decode(body('9F0300')).toObject().fields['55']).toStrictEqual([{ tag: '9F03', value: '' }]);
    expect(toHex(d.encode({ mti: '0200', fields: { '55': [] } }))).toBe(`${HEAD}0000`);
  });

  it('refuse a value length that runs past the field, at the length byte', () => {
    const e = caught(() => d.decode(body('9F2609112233445566778899'.slice(0, 22))));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TLV', message: 'TLV value runs past the end of the field (field 55.9F26, byte 14)', path: '55.9F26', offset: 14 });
    expect([e.expected, e.found]).toStrictEqual(['9 bytes', '8 bytes']);
  });

  it('refuse a child whose length runs past its constructed parent', () => {
    const e = caught(() => d.decode(body('70049F27028000')));
    expect([e.code, e.message]).toStrictEqual(['BAD_TLV', 'TLV value runs past the end of the field (field 55.70.9F27, byte 16)']);
  });

  it('refuse a tag or a length cut off by the end of the field', () => {
    expect(shape(caught(() => d.decode(body('9F'))))).toStrictEqual({
      code: 'BAD_TLV',
      message: 'TLV tag runs past the end of the value (field 55, byte 12)',
      path: '55',
      offset: 12,
    });
    expect(caught(() => d.decode(body('9F26'))).message).toBe('TLV length runs past the end of the value (field 55.9F26, byte 14)');
    expect(caught(() => d.decode(body('9F2682'))).message).toBe('TLV length runs past the end of the value (field 55.9F26, byte 14)');
    expect(caught(() => d.decode(body('DF81818101'))).message).toBe('TLV tag is longer than 4 bytes (field 55, byte 12)');
  });

  it('refuse indefinite and over-long length forms', () => {
    const e = caught(() => d.decode(body('9F268400000001AA')));
    expect(shape(e)).toStrictEqual({ code: 'BAD_TLV', message: 'TLV length form is not supported (field 55.9F26, byte 14)', path: '55.9F26', offset: 14 });
    expect([e.expected, e.found]).toStrictEqual(['1 to 3 length bytes', '4 length bytes']);
    expect(caught(() => d.decode(body('708000'))).found).toBe('0 length bytes');
  });

  it('refuse nesting deeper than eight levels', () => {
    let tlv = '7000';
    for (let i = 0; i < 7; i++) tlv = `70${(tlv.length / 2).toString(16).padStart(2, '0').toUpperCase()}${tlv}`;
    const e = caught(() => d.decode(body(tlv)));
    expect([e.code, e.message.startsWith('TLV nesting is too deep (field 55.70.70.70.70.70.70.70.70, byte ')]).toStrictEqual(['BAD_TLV', true]);
    expect(d.decode(body(tlv.slice(4))).toObject().fields['55']).toHaveLength(1);
  });

  it('refuse tags that are not one well-formed BER tag', () => {
    const enc = (tag: string) => caught(() => d.encode({ mti: '0200', fields: { '55': [{ tag, value: '00' }] } }));
    expect(shape(enc('XYZ'))).toStrictEqual({ code: 'BAD_TAG', message: 'TLV tag must be 1 to 4 bytes of hex (field 55.XYZ)', path: '55.XYZ', offset: undefined });
    expect(enc('9F').message).toBe('TLV tag bytes do not form one BER tag (field 55.9F)');
    expect(enc('5A5A').code).toBe('BAD_TAG');
    expect(enc('9F8180').code).toBe('BAD_TAG');
    expect(enc('').code).toBe('BAD_TAG');
  });

  it('refuse children under a primitive tag and entries without a value', () => {
    const c = caught(() => d.encode({ mti: '0200', fields: { '55': [{ tag: '5A', children: [] }] } }));
    expect(shape(c)).toStrictEqual({ code: 'BAD_TLV', message: 'primitive TLV tag cannot hold children (field 55.5A)', path: '55.5A', offset: undefined });
    const v = caught(() => d.encode({ mti: '0200', fields: { '55': [{ tag: '5A' }] } }));
    expect(shape(v)).toStrictEqual({ code: 'BAD_TYPE', message: 'TLV entry needs a value (bytes or hex) or children (field 55.5A)', path: '55.5A', offset: undefined });
    const l = caught(() => d.encode({ mti: '0200', fields: { '55': [{ tag: '5A', value: '00'.repeat(200), lengthBytes: 1 }] } }));
    expect([l.code, l.message]).toStrictEqual(['BAD_TLV', 'TLV length form cannot hold the value length (field 55.5A)']);
  });

  it('refuse children that are not a list of entries', () => {
    for (const children of [{}, '9F2701', 7]) {
      const e = caught(() => d.encode({ mti: '0200', fields: { '55': [{ tag: '70', children } as never] } }));
      expect(shape(e)).toStrictEqual({ code: 'BAD_TYPE', message: 'TLV children must be a list of tag entries (field 55.70)', path: '55.70', offset: undefined });
    }
  });

  it('re-encodes any list of primitive tags byte for byte', () => {
    const tag = fc.constantFrom('9F26', '9F27', '5A', '82', 'DF8101', '50');
    const node = fc.record({ tag, value: fc.uint8Array({ maxLength: 140 }).map((b) => toHex(b)) });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), (nodes) => {
        const out = d.encode({ mti: '0200', fields: { '55': nodes } });
        expect(d.decode(out).toObject().fields['55']).toStrictEqual(JSON.parse(JSON.stringify(nodes)));
      }),
      { seed: 8583, numRuns: 200 },
    );
  });

  it('reads nested lists with kept length forms the same from toObject(), from get() and from the raw bytes set again', () => {
    // Primitive and constructed tags of one to three bytes; lengths in their least form or a longer one kept.
    const primitiveTag = fc.constantFrom('9F26', '5A', '82', 'DF8101', '50');
    const constructedTag = fc.constantFrom('70', 'BF0C', 'FF8101');
    const lengthBytes = fc.option(fc.constantFrom(2, 3, 4), { nil: undefined });
    const { list } = fc.letrec((tie) => ({
      leaf: fc.record({ tag: primitiveTag, lengthBytes, value: fc.uint8Array({ maxLength: 140 }).map((b) => toHex(b)) }),
      inner: fc.record({ tag: constructedTag, lengthBytes, children: tie('list') }),
      list: fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('inner')), { maxLength: 4 }),
    }));
    /** The list as a decode gives it: a length form kept only where it is longer than the value needs. */
    const canonical = (nodes: unknown): unknown =>
      (nodes as { tag: string; lengthBytes?: number; value?: string; children?: unknown }[]).map((n) => {
        const size = n.value !== undefined ? n.value.length / 2 : encodedSize(n.children);
        const least = size < 0x80 ? 1 : size < 0x100 ? 2 : size < 0x10000 ? 3 : 4;
        const out: Record<string, unknown> = { tag: n.tag };
        if (n.lengthBytes !== undefined && n.lengthBytes > least) out.lengthBytes = n.lengthBytes;
        if (n.value !== undefined) out.value = n.value;
        else out.children = canonical(n.children);
        return out;
      });
    /** Bytes a list takes encoded. */
    const encodedSize = (nodes: unknown): number =>
      toHex(d.encode({ mti: '0200', fields: { '55': nodes as never } })).length / 2 - 12;
    fc.assert(
      fc.property(list, (nodes) => {
        // A length form shorter than the value needs is refused by encode: those are left to the refusal specs.
        let out: Uint8Array;
        try {
          out = d.encode({ mti: '0200', fields: { '55': nodes as never } });
        } catch {
          return;
        }
        const expected = canonical(nodes);
        const m = d.decode(out);
        expect(m.toObject().fields['55']).toStrictEqual(expected);
        expect(toHex(d.encode(m.toObject()))).toBe(toHex(out));
        const raw = d.message('0200', { '55': out.subarray(12) });
        expect(raw.toObject().fields['55']).toStrictEqual(expected);
        expect(toHex(d.encode(d.message('0200', { '55': m.get('55') as never })))).toBe(toHex(out));
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});
