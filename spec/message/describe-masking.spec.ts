import { describe, expect, it } from 'vitest';
import { defineDialect } from '../../src/index.js';

const PAN = '6212345678901234567';

describe('describe() masking of containers', () => {
  it('hides the hex of a field whose TLV child holds a PAN', () => {
    const d = defineDialect({
      name: 'tlv-test',
      mtiEncoding: 'ascii',
      bitmapEncoding: 'hex',
      maxBitmaps: 1,
      fields: {
        '55': {
          name: 'ICC data',
          attr: 'b',
          length: 255,
          lengthDigits: 3,
          encoding: 'binary',
          composite: { kind: 'ber-tlv', tags: { '5A': { name: 'PAN', sensitivity: 'pan' } } },
        },
      },
    });
    const body = d.encode({ mti: '0200', fields: { '55': [{ tag: '5A', value: `${PAN}F` }, { tag: '9F02', value: '000000000100' }] } });
    const text = d.describe(body).toString();
    expect(text).not.toContain(PAN);
    const row55 = d.describe(body).rows.find((r) => r.path === '55')!;
    expect(row55.hex).toMatch(/^\*+$/);
    const row9f02 = d.describe(body).rows.find((r) => r.path === '55.9F02')!;
    expect(row9f02.hex).toBe('000000000100');
  });
});
