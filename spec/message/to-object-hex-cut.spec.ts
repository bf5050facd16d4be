// toObject() of a decoded message cuts packed digits and TLV values from one hex text of the body where the Latin-1
// text maker can make it (the Node entry's, through Buffer): the same object as made value by value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defineDialect } from '../../src/message/dialect.js';
import { nodeLatin1Text } from '../../src/node/latin1.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { DialectSpec } from '../../src/codec/spec.js';

const SPEC: DialectSpec = {
  name: 'packed',
  mtiEncoding: 'bcd',
  bitmapEncoding: 'binary',
  maxBitmaps: 1,
  fields: {
    // Variable digits, left-aligned, an odd count closed by F.
    '2': { name: 'PAN', attr: 'n', length: 19, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', pad: 'F', acceptPad: '0F' },
    // Fixed digits, right-aligned: an odd count's pad comes first.
    '4': { name: 'Amount', attr: 'n', length: 11, encoding: 'bcd', align: 'right', pad: '0' },
    '11': { name: 'STAN', attr: 'n', length: 6, encoding: 'bcd', align: 'right', pad: '0' },
    '22': { name: 'Entry mode', attr: 'n', length: 3, encoding: 'bcd', align: 'left', pad: '0' },
    // A signed amount: its sign character before the digits (cut the value way).
    '28': { name: 'Fee', attr: 'x+n', length: 8, encoding: 'bcd', align: 'right', pad: '0' },
    // Track data: the separator D, and enciphered nibbles as hex.
    '35': { name: 'Track 2', attr: 'z', length: 37, lengthDigits: 2, prefixEncoding: 'bcd', encoding: 'bcd', pad: 'F', acceptPad: '0F', anyNibble: true },
    // Counted in bytes, right-aligned: an F pad before an odd count of digits is dropped.
    '48': { name: 'Private', attr: 'n', length: 20, lengthDigits: 3, prefixEncoding: 'bcd', lengthUnit: 'bytes', encoding: 'bcd', align: 'right', pad: 'F' },
    '52': { name: 'PIN block', attr: 'b', length: 8, encoding: 'binary' },
    '55': { name: 'ICC data', attr: 'b', length: 255, lengthDigits: 3, prefixEncoding: 'bcd', encoding: 'binary', composite: { kind: 'ber-tlv' } },
    '60': {
      name: 'Reserved',
      attr: 'n',
      length: 17,
      lengthDigits: 3,
      prefixEncoding: 'bcd',
      encoding: 'bcd',
      pad: '0',
      acceptPad: 'F',
      composite: {
        kind: 'positional',
        subfields: {
          '1': { name: 'Type', attr: 'n', length: 2, encoding: 'ascii' },
          '2': { name: 'Batch', attr: 'n', length: 6, encoding: 'ascii' },
          '3': { name: 'Code', attr: 'n', length: 3, encoding: 'ascii' },
        },
      },
    },
  },
};

// The same dialect twice: the Node entry's text maker (with `hex`), and one that has none.
const cut = defineDialect(SPEC, { latin1: nodeLatin1Text });
const each = defineDialect(SPEC, { latin1: (bytes, start, end) => nodeLatin1Text(bytes, start, end) });

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

describe('toObject() cutting packed digits and bytes from the hex of the body', () => {
  it('gives what reading each value gives, for odd and even counts on either side, track data and a signed amount', () => {
    const fields = fc.record({
      '2': digits(1, 19),
      '4': digits(11, 11),
      '11': digits(6, 6),
      '22': digits(3, 3),
      '28': fc.tuple(fc.constantFrom('C', 'D'), digits(8, 8)).map(([s, d]) => s + d),
      '35': fc.tuple(digits(1, 19), fc.stringMatching(/^[0-9A-F]{0,17}$/)).map(([pan, rest]) => `${pan}D${rest}`),
      '48': fc.stringMatching(/^[0-9]{0,39}$/),
      '52': fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => toHex(b)),
      '55': fc.array(fc.record({ tag: fc.constantFrom('9F26', '5A', '82', 'DF8101'), value: fc.uint8Array({ maxLength: 20 }).map((b) => toHex(b)) }), { maxLength: 4 }),
      '60': fc.tuple(digits(2, 2), digits(6, 6), digits(0, 3)).map(([a, b, c]): Record<string, string> => (c.length === 3 ? { '1': a, '2': b, '3': c } : { '1': a, '2': b })),
    });
    fc.assert(
      fc.property(fields, (values) => {
        const body = each.encode({ mti: '0200', fields: values });
        const expected = each.decode(body).toObject();
        const m = cut.decode(body);
        expect(m.toObject()).toStrictEqual(expected);
        // What each value reads as: the digits as given (a sign kept, a separator as D, hex in upper case).
        expect(expected.fields['2']).toBe(values['2']);
        expect(expected.fields['28']).toBe(values['28']);
        expect(expected.fields['35']).toBe(values['35']);
        expect(expected.fields['60']).toStrictEqual(values['60']);
        expect(toHex(cut.encode(m.toObject()))).toBe(toHex(body));
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('reads a pad nibble the spec accepts but does not write as the other path does', () => {
    // Field 2 closed by a 0 pad where the spec writes F; field 48 counted in bytes with no F to drop.
    const body = fromHex('0200' + '4000000000010000' + '05' + '123450' + '0003' + '123456');
    expect(cut.decode(body).toObject()).toStrictEqual(each.decode(body).toObject());
    expect(cut.decode(body).toObject().fields).toStrictEqual({ '2': '12345', '48': '123456' });
  });
});
