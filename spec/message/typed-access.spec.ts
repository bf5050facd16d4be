// m.text / m.bytes / m.tlv / m.subfields: a value of the shape asked for, or an Iso8583Error naming the path and shapes.
import { describe, expect, it } from 'vitest';
import { dialects, fromHex, toHex, Iso8583Error, Message } from '../../src/index.js';
import { caught } from '../support/errors.js';

// Body of fixtures/cup/cup-0200-sale-1.json, a qPBOC sale captured from github:yangyongzhen/Easy8583Ans.
const SALE = fromHex(
  '02007024068020C08211196210810840003424940000000000000000000100002027060720000100376210810840003424940D27062207001000100F373337383232313438393834313133343133313030313431353601649F2608ED1D6BA78357FB259F2701809F101307010103A00000010A0100000000003B1637329F3704591D37169F360201C0950500000000009A031807119C01009F02060000000000015F2A02015682027C009F1A0201569F03060000000000009F3303E0E1C89F34030200009F3501229F1E0830303030303030308408A0000003330101019F0902008C9F4104000000209F6310303130353030303000000000000000000013220007570006004237313333423537',
);

describe('typed access to a decoded message', () => {
  const m = dialects.cup.decode(SALE);

  it('gives text, bytes, TLV lists and subfields with their own types', () => {
    const pan: string = m.text('2');
    const arqc: Uint8Array = m.bytes('55.9F26');
    expect(pan).toBe('6210810840003424940');
    expect(m.text('60.1')).toBe('22');
    expect(toHex(arqc)).toBe('ED1D6BA78357FB25');
    expect(m.tlv('55').slice(0, 2).map((n) => n.tag)).toEqual(['9F26', '9F27']);
    expect(m.subfields('60')).toEqual({ '1': '22', '2': '000757', '3': '000', '4': '6', '5': '0' });
    expect(toHex(m.bytes('64'))).toBe('B7133B57'); // the MAC, sent as its 8 hex characters
  });

  it('throws MISSING_FIELD for an absent field or subfield, naming the path and the shape expected', () => {
    expect(caught(() => m.text('37'))).toMatchObject({ code: 'MISSING_FIELD', path: '37', expected: 'text', message: 'the message has no value here (text expected) (field 37)' });
    expect(caught(() => m.bytes('55.9F99'))).toMatchObject({ code: 'MISSING_FIELD', path: '55.9F99', expected: 'bytes' });
  });

  it('throws BAD_TYPE for a value of another shape, without the value in its text', () => {
    const e = caught(() => m.text('55.9F26'));
    expect(e).toBeInstanceOf(Iso8583Error);
    expect(e).toMatchObject({ code: 'BAD_TYPE', path: '55.9F26', expected: 'text', found: 'bytes', message: 'value is bytes, not text (field 55.9F26)' });
    expect(caught(() => m.bytes('2'))).toMatchObject({ code: 'BAD_TYPE', found: 'text', message: 'value is text, not bytes (field 2)' });
    expect(caught(() => m.tlv('60'))).toMatchObject({ code: 'BAD_TYPE', found: 'subfields', message: 'value is subfields, not a TLV list (field 60)' });
    expect(caught(() => m.subfields('55'))).toMatchObject({ code: 'BAD_TYPE', found: 'TLV list', message: 'value is a TLV list, not subfields (field 55)' });
    expect(caught(() => m.text('x'))).toMatchObject({ code: 'BAD_PATH' });
  });

  it('works on a message built by hand, with or without a dialect', () => {
    const built = new Message('0200', { '3': '000000', '52': fromHex('0102030405060708') });
    expect(built.text('3')).toBe('000000');
    expect(toHex(built.bytes('52'))).toBe('0102030405060708');
    const bound = dialects.cup.decode(dialects.cup.encode({ mti: '0200', fields: { '60': { '1': '22', '2': '000001' } } }));
    expect(bound.subfields('60')).toEqual({ '1': '22', '2': '000001' });
  });
});
