import { describe, expect, it } from 'vitest';
import { dialects, toHex } from '../../src/index.js';

// Fields 3, 4, 5 and 7 make the first bitmap byte 3A, so its hex has a letter to lower-case.
const FIELDS = { '3': '000000', '4': '000000001000', '5': '000000001000', '7': '1122334455', '11': '000001', '41': 'TERM0001', '49': '156' };

describe('re-encoding a decoded message', () => {
  it('gives back the exact bytes, a lower-case hex bitmap included', () => {
    const body = dialects.iso87ascii.encode({ mti: '0200', fields: FIELDS });
    const lower = body.slice();
    for (let i = 4; i < 20; i++) if (lower[i]! >= 0x41 && lower[i]! <= 0x46) lower[i] = lower[i]! + 0x20;
    expect(toHex(lower)).not.toBe(toHex(body));
    const m = dialects.iso87ascii.decode(lower);
    m.get('4');
    expect(toHex(dialects.iso87ascii.encode(m))).toBe(toHex(lower));
  });

  it('writes a changed MTI while keeping the fields', () => {
    const m = dialects.iso87ascii.decode(dialects.iso87ascii.encode({ mti: '0200', fields: FIELDS }));
    m.mti = '0210';
    expect(dialects.iso87ascii.decode(dialects.iso87ascii.encode(m)).toObject()).toEqual({ mti: '0210', fields: FIELDS });
  });

  it('re-encodes a structured value changed in place', () => {
    const m = dialects.cup.decode(dialects.cup.encode({ mti: '0200', fields: { '60': { '1': '22', '2': '000001', '3': '000' } } }));
    (m.get('60') as Record<string, string>)['1'] = '23';
    expect(dialects.cup.decode(dialects.cup.encode(m)).get('60.1')).toBe('23');
  });
});
