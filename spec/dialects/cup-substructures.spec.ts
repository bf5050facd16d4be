import { describe, it, expect } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { MessageInput } from '../../src/message/engine.js';
import { cup, cupDialect } from './cup-dialect.js';
import { caught } from '../support/errors.js';
import { ascii } from '../codec/support.js';

/** Hex with the spaces that group it for reading removed. */
function hex(...parts: string[]): string {
  return parts.join('').replace(/ /g, '');
}

/** Encodes `input` with `dialect`, expects `expected` hex, decodes it back and returns the canonical fields. */
function roundTrip(input: MessageInput, expected: string, dialect = cup): Record<string, unknown> {
  expect(toHex(dialect.encode(input))).toBe(expected);
  const m = dialect.decode(fromHex(expected));
  expect(m.mti).toBe(input.mti);
  return m.toObject().fields;
}

describe('CUP fields 2, 22 and 23', () => {
  it('packs 22 left-aligned (051 as 05 10), 23 right-aligned (001 as 00 01) and closes an odd PAN with a 0 nibble', () => {
    const fields = roundTrip(
      { mti: '0200', fields: { '2': '6212260200000000014', '3': '000000', '22': '051', '23': '001' } },
      hex('0200', '6000060000000000', '19 62122602000000000140', '000000', '0510', '0001'),
    );
    expect(fields).toEqual({ '2': '6212260200000000014', '3': '000000', '22': { '1': '05', '2': '1' }, '23': '001' });
  });

  it('builds 22 from its entry mode and PIN capability subfields', () => {
    expect(toHex(cup.encode({ mti: '0200', fields: { '22': { '1': '07', '2': '2' } } }))).toBe(
      hex('0200', '0000040000000000', '0720'),
    );
  });

  it('refuses a field 22 of four digits', () => {
    const e = caught(() => cup.encode({ mti: '0200', fields: { '22': { '1': '051', '2': '1' } } }));
    expect(e.code).toBe('BAD_LENGTH');
    expect(e.path).toBe('22.1');
    expect(e.message).toBe('value length does not match the fixed field length (field 22.1)');
  });
});

describe('CUP tracks 35 and 36', () => {
  const track = '6225880123456783D28122010000000000000';

  it('writes an odd track 2 with a 0 pad nibble by default', () => {
    roundTrip({ mti: '0200', fields: { '35': track } }, hex('0200', '0000000020000000', '37 6225880123456783D281220100000000000000'));
  });

  it('writes an F pad nibble when the dialect asks for it', () => {
    roundTrip(
      { mti: '0200', fields: { '35': track } },
      hex('0200', '0000000020000000', '37 6225880123456783D28122010000000000000F'),
      cupDialect({ trackPad: 'F' }),
    );
  });

  it('reads an F-padded track with the default dialect and keeps the F when re-encoding it', () => {
    const body = fromHex(hex('0200', '0000000020000000', '37 6225880123456783D28122010000000000000F'));
    const m = cup.decode(body);
    expect(m.get('35')).toBe(track);
    expect(toHex(cup.encode(m))).toBe(toHex(body));
  });

  it('accepts = as the track separator on encode', () => {
    expect(toHex(cup.encode({ mti: '0200', fields: { '35': track.replace('D', '=') } }))).toBe(
      hex('0200', '0000000020000000', '37 6225880123456783D281220100000000000000'),
    );
  });

  it('gives track 3 a two-byte length prefix', () => {
    roundTrip(
      { mti: '0200', fields: { '36': '996225880123456783D1561560000000000000000000' } },
      hex('0200', '0000000010000000', '0044 996225880123456783D1561560000000000000000000'),
    );
  });

  it('refuses a nibble other than 0 or F after an odd track', () => {
    const e = caught(() => cup.decode(fromHex(hex('0200', '0000000020000000', '37 6225880123456783D28122010000000000000E'))));
    expect(e.code).toBe('BAD_PAD');
    expect(e.message).toBe('packed BCD has an unexpected pad nibble (field 35, byte 11)');
  });
});

describe('CUP field 44', () => {
  const ids = ascii('01020000   01055800   ');

  it('splits issuer and acquirer codes of 11 space-padded characters', () => {
    const fields = roundTrip({ mti: '0210', fields: { '44': { '1': '01020000', '2': '01055800' } } }, hex('0210', '0000000000100000', '22', ids));
    expect(fields['44']).toEqual({ '1': '01020000', '2': '01055800' });
  });

  it('keeps characters past the two codes under 44.rest', () => {
    const fields = roundTrip(
      { mti: '0210', fields: { '44': { '1': '01020000', '2': '01055800', rest: '   ' } } },
      hex('0210', '0000000000100000', '25', ids, '202020'),
    );
    expect(fields['44']).toEqual({ '1': '01020000', '2': '01055800', rest: '   ' });
  });
});

describe('CUP field 48', () => {
  it('lays out settlement totals in 0500 as domestic then foreign blocks', () => {
    const zeros = { '1': '000000000000', '2': '000', '3': '000000000000', '4': '000', '5': '0' };
    const fields = roundTrip(
      {
        mti: '0500',
        fields: {
          '48': { '1': { '1': '000000000007', '2': '007', '3': '000000000000', '4': '000', '5': '0' }, '2': zeros },
          '60': '00000003201',
        },
      },
      hex('0500', '0000000000010010', '0062 000000000007 007 000000000000 000 0 000000000000 000 000000000000 000 0', '0011 000000032010'),
    );
    expect(fields['60']).toEqual({ '1': '00', '2': '000003', '3': '201' });
  });

  it('reads the reconciliation result of a 0510 from 48.1.5 and 48.2.5', () => {
    const body = fromHex(
      hex('0510', '0000000000010010', '0062 000000123450 005 000000002000 001 2 000000000000 000 000000000000 000 1', '0011 000000122010'),
    );
    const m = cup.decode(body);
    expect(m.get('48.1.5')).toBe('2');
    expect(m.get('48.2.5')).toBe('1');
    expect(m.get('48.1.1')).toBe('000000123450');
  });

  it('lays out batch-upload records in 0320 with 60.3 = 201, zero-filling the PAN to 20 digits', () => {
    const fields = roundTrip(
      {
        mti: '0320',
        fields: {
          '48': {
            '1': '02',
            '2': { '1': '00', '2': '000101', '3': '6212260200000000014', '4': '000000001001' },
            '3': { '1': '01', '2': '000102', '3': '3568570110000007', '4': '000000002002' },
          },
          '60': { '1': '00', '2': '000012', '3': '201' },
        },
      },
      hex(
        '0320',
        '0000000000010010',
        '0082 02',
        '00 000101 06212260200000000014 000000001001',
        '01 000102 00003568570110000007 000000002002',
        '0011 000000122010',
      ),
    );
    expect(fields['48']).toEqual({
      '1': '02',
      '2': { '1': '00', '2': '000101', '3': '06212260200000000014', '4': '000000001001' },
      '3': { '1': '01', '2': '000102', '3': '00003568570110000007', '4': '000000002002' },
    });
  });

  it('holds the batch-upload total as n4 in 0320 with 60.3 = 202 or 207', () => {
    for (const code of ['202', '207']) {
      const fields = roundTrip(
        { mti: '0320', fields: { '48': { '1': '0008' }, '60': `000000${'12'}${code}` } },
        hex('0320', '0000000000010010', '0004 0008', `0011 00000012${code}0`),
      );
      expect(fields['48']).toEqual({ '1': '0008' });
    }
  });

  it('holds the tip amount in a 0220 tip advice (60.1 = 34)', () => {
    const fields = roundTrip(
      { mti: '0220', fields: { '48': { '1': '000000000500' }, '60': '3400001200050' } },
      hex('0220', '0000000000010010', '0012 000000000500', '0013 34000012000500'),
    );
    expect(fields['48']).toEqual({ '1': '000000000500' });
  });

  it('keeps 48 raw where no layout applies and refuses subfields there', () => {
    const fields = roundTrip({ mti: '0200', fields: { '48': '1234' } }, hex('0200', '0000000000010000', '0004 1234'));
    expect(fields['48']).toBe('1234');
    const e = caught(() => cup.encode({ mti: '0200', fields: { '48': { '1': '1234' } } }));
    expect(e.code).toBe('NO_LAYOUT');
    expect(e.message).toBe('structured value given but no layout applies to this message; give the raw value (field 48)');
  });
});

describe('CUP fields 53 and 54', () => {
  it('splits 53 into PIN format, algorithm, track encryption and reserved digits', () => {
    const fields = roundTrip({ mti: '0200', fields: { '53': '2610000000000000' } }, hex('0200', '0000000000000800', '2610000000000000'));
    expect(fields['53']).toEqual({ '1': '2', '2': '6', '3': '1', '4': '0000000000000' });
  });

  it('splits the 20 characters of 54 into account type, amount type, currency, sign and amount', () => {
    const fields = roundTrip(
      { mti: '0210', fields: { '54': { '1': '10', '2': '02', '3': '156', '4': 'C', '5': '000000999999' } } },
      hex('0210', '0000000000000400', '0020', ascii('1002156C000000999999')),
    );
    expect(fields['54']).toEqual({ '1': '10', '2': '02', '3': '156', '4': 'C', '5': '000000999999' });
  });
});

describe('CUP field 55', () => {
  it('keeps BER-TLV entries in order with a byte-counting two-byte BCD prefix', () => {
    const tlv = [
      { tag: '9F36', value: '0021' },
      { tag: '91', value: '11223344556677883030' },
    ];
    const fields = roundTrip({ mti: '0210', fields: { '55': tlv } }, hex('0210', '0000000000000200', '0017 9F36020021 910A11223344556677883030'));
    expect(fields['55']).toEqual(tlv);
  });

  it('masks an application PAN inside 55 (all of it, being bytes) but not the cryptogram', () => {
    const m = cup.decode(fromHex(hex('0200', '0000000000000200', '0021 5A086212260200000000 9F2608ED1D6BA78357FB25')));
    expect(m.toJSON().fields['55']).toEqual([
      { tag: '5A', value: '****************' },
      { tag: '9F26', value: 'ED1D6BA78357FB25' },
    ]);
  });
});

describe('CUP field 59', () => {
  it('writes ASCII TLV with A2 holding its own subtags and A3 the scanned code', () => {
    const tlv = [
      {
        tag: 'A2',
        children: [
          { tag: '01', value: '04' },
          { tag: '02', value: 'SN12345678' },
          { tag: '05', value: '320006  ' },
        ],
      },
      { tag: 'A3', value: '6225880123456789012' },
    ];
    const fields = roundTrip(
      { mti: '0200', fields: { '59': tlv } },
      hex('0200', '0000000000000020', '0064', ascii('A2035' + '01002' + '04' + '02010' + 'SN12345678' + '05008' + '320006  '), ascii('A3019' + '6225880123456789012')),
    );
    expect(fields['59']).toEqual(tlv);
  });

  it('masks the SM-encrypted PIN in A1 and the scanned payment code in A3', () => {
    const m = cup.decode(fromHex(hex('0200', '0000000000000020', '0033', ascii('A1004ABCD' + 'A3019' + '6225880123456789012'))));
    expect(m.toJSON().fields['59']).toEqual([
      { tag: 'A1', value: '****' },
      { tag: 'A3', value: '*******************' },
    ]);
  });
});

describe('CUP field 60', () => {
  it('reads any number of subfields from 60.1 on', () => {
    const m = cup.decode(fromHex(hex('0200', '0000000000000010', '0008 22000001')));
    expect(m.get('60')).toEqual({ '1': '22', '2': '000001' });
  });

  it('keeps digits past 60.7 under 60.rest', () => {
    const v = { '1': '22', '2': '000012', '3': '000', '4': '6', '5': '0', '6': '1', '7': '065', rest: '12' };
    const fields = roundTrip({ mti: '0200', fields: { '60': v } }, hex('0200', '0000000000000010', '0019 22000012000601065120'));
    expect(fields['60']).toEqual(v);
  });

  it('refuses more than 17 digits when the dialect caps field 60 there', () => {
    const strict = cupDialect({ field60MaxDigits: 17 });
    const e = caught(() => strict.decode(fromHex(hex('0200', '0000000000000010', '0019 22000012000601065120'))));
    expect(e.code).toBe('LENGTH_EXCEEDS_MAX');
    expect(e.message).toBe('length prefix exceeds the field maximum (field 60, byte 10)');
  });
});

describe('CUP field 61', () => {
  it('splits original batch, STAN, date, authorisation method and institution', () => {
    const v = { '1': '000012', '2': '000101', '3': '0611', '4': '00', '5': '01055800000' };
    const fields = roundTrip({ mti: '0200', fields: { '61': v } }, hex('0200', '0000000000000008', '0029 000012000101061100010558000000'));
    expect(fields['61']).toEqual(v);
  });
});

describe('CUP field 62', () => {
  it('lays out single-length working keys in an 0810 answering 60.3 = 001', () => {
    const keys = { '1': '0123456789ABCDEF', '2': '11223344', '3': 'FEDCBA9876543210', '4': '55667788' };
    const fields = roundTrip(
      { mti: '0810', fields: { '60': '00000012001', '62': keys } },
      hex('0810', '0000000000000014', '0011 000000120010', '0024 0123456789ABCDEF 11223344 FEDCBA9876543210 55667788'),
    );
    expect(fields['62']).toEqual(keys);
  });

  it('lays out double-length keys and the track key in an 0810 answering 60.3 = 004', () => {
    const keys = {
      '1': '00112233445566778899AABBCCDDEEFF',
      '2': 'A1A2A3A4',
      '3': '01020304050607080000000000000000',
      '4': 'B1B2B3B4',
      '5': 'FFEEDDCCBBAA99887766554433221100',
      '6': 'C1C2C3C4',
    };
    const fields = roundTrip(
      { mti: '0810', fields: { '60': '00000012004', '62': keys } },
      hex('0810', '0000000000000014', '0011 000000120040', '0060', keys['1'], keys['2'], keys['3'], keys['4'], keys['5'], keys['6']),
    );
    expect(fields['62']).toEqual(keys);
  });

  it('masks the enciphered keys but shows their check values', () => {
    const m = cup.decode(
      fromHex(hex('0810', '0000000000000014', '0011 000000120010', '0024 0123456789ABCDEF 11223344 FEDCBA9876543210 55667788')),
    );
    expect(m.toJSON().fields['62']).toEqual({ '1': '****************', '2': '11223344', '3': '****************', '4': '55667788' });
    expect(m.toString()).not.toContain('0123456789ABCDEF');
  });

  it('reads the terminal information block of an 0800 sign-in', () => {
    const info = { '1': 'Sequence No', '2': { '1': '3150', '2': 'SXX-4C304119' } };
    const fields = roundTrip(
      { mti: '0800', fields: { '60': '00000000004', '62': info } },
      hex('0800', '0000000000000014', '0011 000000000040', '0029', ascii('Sequence No163150SXX-4C304119')),
    );
    expect(fields['62']).toEqual(info);
  });

  it('keeps 62 as raw bytes elsewhere, or as text when the dialect declares it ans', () => {
    const body = hex('0400', '0000000000000004', '0019', ascii('ACTN000000000000321'));
    expect(roundTrip({ mti: '0400', fields: { '62': ascii('ACTN000000000000321') } }, body)['62']).toBe(ascii('ACTN000000000000321'));
    const text = cupDialect({ field62Attribute: 'ans' });
    expect(roundTrip({ mti: '0400', fields: { '62': 'ACTN000000000000321' } }, body, text)['62']).toBe('ACTN000000000000321');
  });
});

describe('CUP field 63', () => {
  it('holds the card organisation and a GBK issuer text padded with spaces to 20 bytes', () => {
    const fields = roundTrip(
      { mti: '0210', fields: { '63': { '1': 'CUP', '2': '中国银联' } } },
      hex('0210', '0000000000000002', '0023', ascii('CUP'), 'D6D0B9FAD2F8C1AA', '20'.repeat(12)),
    );
    expect(fields['63']).toEqual({ '1': 'CUP', '2': '中国银联' });
  });

  it('pads a short operator code with a space', () => {
    const fields = roundTrip({ mti: '0220', fields: { '63': { '1': '01' } } }, hex('0220', '0000000000000002', '0003', ascii('01 ')));
    expect(fields['63']).toEqual({ '1': '01' });
  });
});

describe('CUP field 64', () => {
  it('carries the CUP ECB MAC as 8 ASCII hex characters by default', () => {
    const fields = roundTrip({ mti: '0200', fields: { '64': 'B7133B57' } }, hex('0200', '0000000000000001', ascii('B7133B57')));
    expect(fields['64']).toBe('B7133B57');
  });

  it('carries 8 raw bytes when the dialect says so', () => {
    const fields = roundTrip(
      { mti: '0200', fields: { '64': '88756FB0F2216395' } },
      hex('0200', '0000000000000001', '88756FB0F2216395'),
      cupDialect({ macFormat: 'binary' }),
    );
    expect(fields['64']).toBe('88756FB0F2216395');
  });
});

describe('CUP masking', () => {
  it('never prints a PAN, track, PIN block or batch-upload PAN in clear', () => {
    const body = cup.encode({
      mti: '0320',
      fields: {
        '2': '6212260200000000014',
        '35': '6212260200000000014D30122200000000',
        '48': { '1': '01', '2': { '1': '00', '2': '000101', '3': '6212260200000000014', '4': '000000001001' } },
        '52': '0123456789ABCDEF',
        '60': '00000012201',
      },
    });
    const m = cup.decode(body);
    const json = m.toJSON().fields;
    expect(json['2']).toBe('621226*********0014');
    expect(json['35']).toBe('621226*********0014D**************');
    expect(json['52']).toBe('****************');
    expect((json['48'] as Record<string, Record<string, string>>)['2']!['3']).toBe('062122**********0014');
    const printed = m.toString() + JSON.stringify(m);
    expect(printed).not.toContain('6212260200000000014');
    expect(printed).not.toContain('0123456789ABCDEF');
    const rows = m.describe().rows.filter((r) => ['2', '35', '48.2.3', '52'].includes(r.path));
    expect(rows.map((r) => r.path)).toEqual(['2', '35', '48.2.3', '52']);
    for (const r of rows) {
      expect(r.hex).toMatch(/^\**$/);
      expect(r.value).not.toContain('6212260200000000014');
    }
  });
});
