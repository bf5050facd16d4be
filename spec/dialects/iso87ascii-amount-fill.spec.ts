import { describe, expect, it } from 'vitest';
import { dialects } from '../../src/index.js';

describe('iso87ascii signed amounts (x+n)', () => {
  it('zero-fills a short amount after its sign, not before it', () => {
    const body = dialects.iso87ascii.encode({ mti: '0200', fields: { '28': 'C100' } });
    // MTI (4) + hex bitmap (16) then field 28: sign, then 8 digits.
    expect(String.fromCharCode(...body.subarray(20))).toBe('C00000100');
    expect(dialects.iso87ascii.decode(body).get('28')).toBe('C00000100');
  });
});
