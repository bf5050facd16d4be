import { describe, expect, it } from 'vitest';
import { dialects, toHex } from '../../src/index.js';

describe('setting hex text on a binary field that has subfields', () => {
  it('stores the bytes, so the layout chosen by the message reads them', () => {
    const keys = '46F161A743497B32EAC760DF5EA57DF5900ECCE3977731A7EA402DDF0000000000000000CFF1592A';
    const m = dialects.cup.message('0810', { '39': '00', '60': { '1': '00', '2': '000519', '3': '003' } });
    m.set('62', keys);
    expect(m.get('62')).toBeInstanceOf(Uint8Array);
    expect(toHex(m.get('62.2') as Uint8Array)).toBe('900ECCE3');
    const back = dialects.cup.decode(dialects.cup.encode(m));
    expect(toHex(back.get('62.2') as Uint8Array)).toBe('900ECCE3');
  });
});
