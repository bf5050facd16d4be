import { describe, expect, it } from 'vitest';
import { cupDialect, dialects, SecretKey, toHex } from '../../src/index.js';
import { floorCupDecoder } from '../../bench/floor-cup.js';
import { floorCupEncoder } from '../../bench/floor-cup-encoder.js';
import { floorDecoder } from '../../bench/floor-decoder.js';
import { floorHost } from '../../bench/floor-host.js';
import { floorTableEncoder } from '../../bench/floor-table-encoder.js';
import { caught } from '../support/errors.js';
import { answerRequest } from '../../bench/host-pipeline.js';
import { cupSale, LARGE_FIELDS, PURCHASE_FIELDS, SHORT_0210_FIELDS } from '../../bench/messages.js';

const latin1 = (bytes: Uint8Array, start: number, end: number): string => String.fromCharCode(...bytes.subarray(start, end));
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

// The bench's table floors are only fair while they do the library's work on the bench messages.
describe('the bench table floors', () => {
  const d = dialects.iso87ascii;
  const decode = floorDecoder(d, latin1);
  const encode = floorTableEncoder(d);
  const shapes = [
    ['0200', PURCHASE_FIELDS],
    ['0200', LARGE_FIELDS],
    ['0210', SHORT_0210_FIELDS],
  ] as const;

  it.each(shapes)('decode %s messages to what toObject() gives, and encode them to the library\'s bytes', (mti, fields) => {
    const bytes = d.encode({ mti, fields });
    expect(decode(bytes)).toStrictEqual(d.decode(bytes).toObject());
    expect(toHex(encode({ mti, fields }))).toBe(toHex(bytes));
  });

  it('pads a short fixed value and strips the pad again, as the library does', () => {
    const fields = { ...SHORT_0210_FIELDS, '41': 'T1', '4': '5000' };
    const bytes = d.encode({ mti: '0210', fields });
    expect(toHex(encode({ mti: '0210', fields }))).toBe(toHex(bytes));
    expect(decode(bytes)).toStrictEqual(d.decode(bytes).toObject());
  });

  it('rejects what the library rejects: a bad MTI, a non-digit prefix, an overlong or truncated field, trailing bytes', () => {
    const good = d.encode({ mti: '0200', fields: PURCHASE_FIELDS });
    const text = String.fromCharCode(...good);
    const bad = [text.replace('0200', '02X0'), text.replace('164761', '1X4761'), text.replace('164761', '994761'), text.slice(0, -1), `${text}0`];
    for (const body of bad) {
      expect(() => decode(ascii(body))).toThrow();
      expect(() => d.decode(ascii(body))).toThrow();
    }
    for (const fields of [{ ...PURCHASE_FIELDS, '4': '00000000500A' }, { ...PURCHASE_FIELDS, '2': '4'.repeat(20) }]) {
      expect(() => encode({ mti: '0200', fields })).toThrow();
      expect(() => d.encode({ mti: '0200', fields })).toThrow();
    }
  });

  it('refuses a field it cannot read or write instead of handling it wrongly', () => {
    const withPin = d.encode({ mti: '0200', fields: { '3': '000000', '52': '0123456789ABCDEF' } });
    expect(() => decode(withPin)).toThrow('field 52 is not plain ASCII text');
    expect(() => encode({ mti: '0200', fields: { '52': '0123456789ABCDEF' } })).toThrow('field 52 is not plain ASCII text');
  });
});

describe('the bench lean host', () => {
  const sale = cupSale();
  const d = cupDialect(sale.options);
  const mak = SecretKey.fromBytes('des', sale.mak);
  const clock = new Date(2024, 6, 11, 13, 14, 15);
  const answer = answerRequest(d, sale.frame, mak, () => clock);

  it('answers the bench request with exactly the library\'s answer frame', () => {
    expect(toHex(floorHost(d, sale.frame, answer, mak)(sale.frame))).toBe(toHex(answer));
  });

  it('refuses a request whose MAC does not verify, as the library does', () => {
    const forged = sale.frame.slice();
    forged[40] = forged[40]! ^ 1;
    expect(() => floorHost(d, sale.frame, answer, mak)(forged)).toThrow('request MAC');
    expect(() => answerRequest(d, forged, mak, () => clock)).toThrow('request MAC does not verify');
  });
});

describe('the bench hand-resolved CUP decoder', () => {
  const sale = cupSale();
  const d = cupDialect(sale.options);
  const decode = floorCupDecoder(latin1, (body) => toHex(body));
  const check = floorCupDecoder(latin1, (body) => toHex(body), true);

  it('gives what toObject() gives of the captured sale, and checks it to the same Latin-1 text', () => {
    expect(decode(sale.body)).toStrictEqual(d.decode(sale.body).toObject());
    expect(check(sale.body)).toBe(latin1(sale.body, 0, sale.body.length));
  });

  it('rejects what the library rejects: a bad BCD digit, a bad pad, an overlong length, a truncated or longer body', () => {
    const at = (i: number, b: number): Uint8Array => {
      const body = sale.body.slice();
      body[i] = b;
      return body;
    };
    // Byte 10 is field 2's length (19 digits), 11 its first digits, 20 its last digit and pad; 21 starts field 3.
    const bad = [at(11, 0x6a), at(20, 0x03), at(10, 0x20), at(21, 0xa0), sale.body.subarray(0, -1), Uint8Array.of(...sale.body, 0)];
    for (const body of bad) {
      expect(() => check(body)).toThrow();
      expect(() => d.decode(body)).toThrow();
    }
  });
});

describe('the bench hand-resolved CUP encoder', () => {
  const sale = cupSale();
  const d = cupDialect(sale.options);
  const encode = floorCupEncoder();
  const object = d.decode(sale.body).toObject();

  it('gives the captured sale\'s bytes from its object form', () => {
    expect(toHex(encode(object))).toBe(toHex(sale.body));
  });

  it('refuses what the library refuses: a letter in a BCD field, a long PAN, a bad hex value, a subfield of the wrong length', () => {
    const fields = object.fields as Record<string, unknown>;
    const with60 = (sub: Record<string, string>) => ({ ...(fields['60'] as Record<string, string>), ...sub });
    const bad = [
      { ...fields, '4': '00000000000A' },
      { ...fields, '2': '6'.repeat(20) },
      { ...fields, '55': [{ tag: '9F26', value: 'ED1D6BA78357FB2G' }] },
      { ...fields, '60': with60({ '2': '00075' }) },
    ];
    for (const f of bad) {
      expect(() => encode({ mti: '0200', fields: f })).toThrow();
      expect(() => d.encode({ mti: '0200', fields: f as never })).toThrow();
    }
  });

  it('refuses, when asked, keys the library refuses: a field number CUP does not define, a subfield of 22 or 60 it does not define', () => {
    const strict = floorCupEncoder(true);
    expect(toHex(strict(object))).toBe(toHex(sale.body));
    const fields = object.fields as Record<string, unknown>;
    const bad = [
      { ...fields, '1': '00' },
      { ...fields, '22': { ...(fields['22'] as object), '3': '0' } },
      { ...fields, '60': { ...(fields['60'] as object), '8': '0' } },
    ];
    for (const f of bad) {
      expect(() => strict({ mti: '0200', fields: f })).toThrow();
      expect(caught(() => d.encode({ mti: '0200', fields: f as never })).code).toBe('UNKNOWN_FIELD');
    }
    // The plain floor does not look: it encodes the first of them.
    expect(() => encode({ mti: '0200', fields: bad[0]! })).not.toThrow();
  });
});
