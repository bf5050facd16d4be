import { describe, expect, it } from 'vitest';
import { defineDialect, type Dialect, type TagInfo } from '../../src/index.js';

const PAN = '6212345678901234567';

/** A dialect of one field, 55, read as BER-TLV with the given tag table. */
function iccDialect(tags: Record<string, TagInfo>): Dialect {
  return defineDialect({
    name: 'tlv-test',
    mtiEncoding: 'ascii',
    bitmapEncoding: 'hex',
    maxBitmaps: 1,
    fields: { '55': { name: 'ICC data', attr: 'b', length: 255, lengthDigits: 3, encoding: 'binary', composite: { kind: 'ber-tlv', tags } } },
  });
}

describe('describe() masking of containers', () => {
  it('hides the hex of a field whose TLV child holds a PAN', () => {
    const d = iccDialect({ '5A': { name: 'PAN', sensitivity: 'pan' }, '9F02': { name: 'Amount, authorised' } });
    const body = d.encode({ mti: '0200', fields: { '55': [{ tag: '5A', value: `${PAN}F` }, { tag: '9F02', value: '000000000100' }] } });
    const text = d.describe(body).toString();
    expect(text).not.toContain(PAN);
    const row55 = d.describe(body).rows.find((r) => r.path === '55')!;
    expect(row55.hex).toMatch(/^\*+$/);
    const row9f02 = d.describe(body).rows.find((r) => r.path === '55.9F02')!;
    expect(row9f02.hex).toBe('000000000100');
  });

  it('hides a tag its table does not know, with everything inside it, in describe() and toJSON()', () => {
    const d = iccDialect({ '9F26': { name: 'Cryptogram' } });
    const fields = { '55': [{ tag: 'DF01', value: `${PAN}F` }, { tag: 'E1', children: [{ tag: '9F26', value: '1122334455667788' }] }, { tag: '9F26', value: '0102030405060708' }] };
    const body = d.encode({ mti: '0200', fields });
    const rows = d.describe(body).rows;
    expect(rows.filter((r) => r.path.startsWith('55.')).map((r) => [r.path, r.name, r.hex, r.value])).toStrictEqual([
      ['55.DF01', 'unknown tag', '*'.repeat(20), '*'.repeat(20)],
      ['55.E1', 'unknown tag', '*'.repeat(22), ''],
      ['55.E1.9F26', 'Cryptogram', '*'.repeat(16), '*'.repeat(16)],
      ['55.9F26', 'Cryptogram', '0102030405060708', '0102030405060708'],
    ]);
    expect(d.decode(body).toJSON().fields['55']).toStrictEqual([
      { tag: 'DF01', value: '*'.repeat(20) },
      { tag: 'E1', children: [{ tag: '9F26', value: '*'.repeat(16) }] },
      { tag: '9F26', value: '0102030405060708' },
    ]);
    expect(d.decode(body).toObject().fields['55']).toStrictEqual([
      { tag: 'DF01', value: `${PAN}F` },
      { tag: 'E1', children: [{ tag: '9F26', value: '1122334455667788' }] },
      { tag: '9F26', value: '0102030405060708' },
    ]);
  });
});
