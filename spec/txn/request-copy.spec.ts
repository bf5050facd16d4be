import { describe, expect, it } from 'vitest';
import { keptRequest } from '../../src/txn/request-copy.js';

describe('keptRequest', () => {
  const swiped = {
    mti: '0200',
    fields: {
      '3': '000000',
      '4': '000000001000',
      '11': '000123',
      '26': '06',
      '35': '6225880123456783D27062207001000100',
      '36': '996225880123456783D1561560000000000000003000000214000027060D000000000000D000000000000',
      '52': '0102030405060708',
      '53': { '1': '2', '2': '6', '3': '0', '4': '0000000000000' },
      '55': [
        { tag: '9F26', value: '1122334455667788' },
        { tag: '57', value: '6225880123456783D2706220' },
        { tag: '9F6B', value: '6225880123456783D2706220' },
        { tag: '5F34', value: '01' },
      ],
      '64': 'AABBCCDD',
    },
  };

  it('keeps the card number and expiry read from a clear track 2 and drops PIN data, tracks, track-equivalent chip tags and the MAC', () => {
    expect(keptRequest(swiped)).toEqual({
      mti: '0200',
      fields: {
        '2': '6225880123456783',
        '3': '000000',
        '4': '000000001000',
        '11': '000123',
        '14': '2706',
        '55': [
          { tag: '9F26', value: '1122334455667788' },
          { tag: '5F34', value: '01' },
        ],
      },
    });
  });

  it('reads no card number from an enciphered track (53.3 = 1)', () => {
    const enciphered = { mti: '0200', fields: { ...swiped.fields, '53': { '1': '2', '2': '6', '3': '1', '4': '0000000000000' } } };
    expect(keptRequest(enciphered).fields['2']).toBeUndefined();
  });

  it('copies, so changing the copy leaves the request alone', () => {
    const copy = keptRequest(swiped);
    (copy.fields['55'] as { value: string }[])[0]!.value = '00';
    expect(swiped.fields['55'][0]!.value).toBe('1122334455667788');
  });
});
