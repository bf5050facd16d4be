import { describe, expect, it } from 'vitest';
import { dialects } from '../../src/index.js';
import { floorEncoder } from '../../bench/floor-encoder.js';
import { PURCHASE_FIELDS } from '../../bench/messages.js';

// The bench's hand-resolved encoder is only a fair floor while it does the library's work on the bench message.
describe('the bench floor encoder', () => {
  const d = dialects.iso87ascii;
  const ids = Object.keys(PURCHASE_FIELDS).map(Number);
  const texts = Object.values(PURCHASE_FIELDS);
  const encode = floorEncoder(d, ids);

  it('writes exactly the bytes the library encodes for the bench purchase', () => {
    const out = new Uint8Array(512);
    const n = encode('0200', texts, out);
    expect(out.subarray(0, n)).toEqual(d.encode({ mti: '0200', fields: PURCHASE_FIELDS }));
  });

  const withValue = (id: string, value: string): string[] => texts.map((t, k) => (ids[k] === Number(id) ? value : t));

  it('rejects what the library rejects: a letter in a numeric field, an overlong LL value, a bad MTI', () => {
    const out = new Uint8Array(512);
    for (const [id, value] of [['4', '00000000500A'], ['2', '47617390010101190000']] as const) {
      expect(encode('0200', withValue(id, value), out)).toBe(-1);
      expect(() => d.encode({ mti: '0200', fields: { ...PURCHASE_FIELDS, [id]: value } })).toThrow();
    }
    expect(encode('02X0', texts, out)).toBe(-1);
    expect(() => d.encode({ mti: '02X0', fields: PURCHASE_FIELDS })).toThrow();
  });

  it('hands back a short fixed value, which only the general path pads', () => {
    expect(encode('0200', withValue('11', '00012'), new Uint8Array(512))).toBe(-1);
  });

  it('refuses a field outside its reach instead of encoding it wrongly', () => {
    expect(() => floorEncoder(d, [2, 52])).toThrow('the floor encoder takes plain ASCII fields 2-64 only, not field 52');
  });
});
