import { describe, expect, it } from 'vitest';
import { adviceMti, describeMti, isRepeatMti, isRequestMti, isResponseMti, parseMti, repeatMti, responseMti } from '../../src/message/mti.js';
import { caught, shape } from '../support/errors.js';

describe('MTI helpers', () => {
  it('split an MTI into version, class, function and origin', () => {
    expect(parseMti('0421')).toStrictEqual({ version: '0', messageClass: '4', messageFunction: '2', origin: '1' });
  });

  it('answer requests and advices, and repeats like their originals', () => {
    expect(['0100', '0200', '0220', '0400', '0420', '0800', '1200'].map(responseMti)).toStrictEqual(['0110', '0210', '0230', '0410', '0430', '0810', '1210']);
    expect(responseMti('0201')).toBe('0210');
    expect(responseMti('0421')).toBe('0430');
    expect(responseMti('0203')).toBe('0212');
  });

  it('refuse to answer a response', () => {
    const e = caught(() => responseMti('0210'));
    expect(shape(e)).toStrictEqual({ code: 'BAD_MTI', message: 'MTI is already a response (field MTI)', path: 'MTI', offset: undefined });
  });

  it('make repeats and advices', () => {
    expect(repeatMti('0200')).toBe('0201');
    expect(repeatMti('0420')).toBe('0421');
    expect(repeatMti('0421')).toBe('0421');
    expect(adviceMti('0100')).toBe('0120');
    expect(adviceMti('0400')).toBe('0420');
    expect(caught(() => adviceMti('0220')).message).toBe('only a request MTI has an advice form (field MTI)');
  });

  it('tell requests, responses and repeats apart', () => {
    expect([isRequestMti('0200'), isRequestMti('0210'), isResponseMti('0830'), isRepeatMti('0401'), isRepeatMti('0400')]).toStrictEqual([true, false, true, true, false]);
  });

  it('read an MTI out in English', () => {
    expect(describeMti('0200')).toBe('ISO 8583:1987 financial request from the acquirer');
    expect(describeMti('1421')).toBe('ISO 8583:1993 reversal advice repeated by the acquirer');
    expect(describeMti('0810')).toBe('ISO 8583:1987 network management request response from the acquirer');
    expect(describeMti('3079')).toBe('reserved version reserved class instruction acknowledgement of reserved origin');
  });

  it('refuse anything but four digits', () => {
    for (const bad of ['020', '02000', '02a0', '']) expect(caught(() => parseMti(bad)).code).toBe('BAD_MTI');
  });
});

describe('MTI on the wire', () => {
  it('decodes every one of the 10,000 MTIs to its own text in ASCII, BCD and EBCDIC dialects', async () => {
    const { defineDialect, dialects } = await import('../../src/index.js');
    const ebcdic = defineDialect({ ...dialects.iso87ascii.spec, name: 'mti-ebcdic', mtiEncoding: 'ebcdic' });
    for (const d of [dialects.iso87ascii, dialects.cup, ebcdic]) {
      const wrong: string[] = [];
      for (let code = 0; code < 10000; code++) {
        const mti = String(code).padStart(4, '0');
        // Twice each: the second decode reads the text the first one made.
        for (let round = 0; round < 2; round++) {
          if (d.decode(d.encode({ mti, fields: { '11': '000001' } })).mti !== mti) wrong.push(`${d.name} ${mti}`);
        }
      }
      expect(wrong).toEqual([]);
    }
  });
});
