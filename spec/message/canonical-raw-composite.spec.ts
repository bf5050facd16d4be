import { describe, expect, it } from 'vitest';
import { dialects } from '../../src/index.js';

describe('toObject() of a composite field set as raw text', () => {
  it('shows the subfields, as decoding would', () => {
    const m = dialects.cup.message('0320', { '22': '051', '60': '00000001203' });
    expect(m.toObject().fields['22']).toEqual({ '1': '05', '2': '1' });
    expect(m.toObject().fields['60']).toEqual({ '1': '00', '2': '000001', '3': '203' });
    expect(m.toObject()).toEqual(dialects.cup.decode(dialects.cup.encode(m)).toObject());
  });

  it('keeps a raw value that does not parse as its layout', () => {
    const m = dialects.cup.message('0200', { '59': 'A3' });
    expect(m.toObject().fields['59']).toBe('A3');
  });
});
