import { describe, expect, it } from 'vitest';
import { fromHex, toHex, isHex, concatBytes, bytesEqual } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';

describe('hex', () => {
  it('writes upper-case hex and reads either case', () => {
    expect(toHex(new Uint8Array([0, 0xab, 0x5f, 0xff]))).toBe('00AB5FFF');
    expect(toHex(fromHex('00ab5FfF'))).toBe('00AB5FFF');
  });
  it('writes the hex of any bytes, also past the 64 it keeps argument arrays for, and of any range of them', () => {
    for (const n of [0, 1, 63, 64, 65, 128, 129, 300]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      const expected = Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
      expect(toHex(bytes)).toBe(expected);
      if (n > 2) expect(toHex(bytes, 1, n - 1)).toBe(expected.slice(2, -2));
    }
  });

  it('rejects odd-length hex with a value-free message', () => {
    expect(() => fromHex('ABC', '52')).toThrow('hex text must have an even number of digits (field 52)');
  });
  it('rejects a non-hex character and says where it is', () => {
    try {
      fromHex('12G4');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583Error);
      expect((e as Iso8583Error).code).toBe('BAD_HEX');
      expect((e as Iso8583Error).found).toBe('non-hex character at position 2');
      expect((e as Error).message).toBe('hex text has a character that is not a hex digit');
    }
  });
  it('tells hex text from other text', () => {
    expect(isHex('')).toBe(true);
    expect(isHex('0aF9')).toBe(true);
    expect(isHex('0aF')).toBe(false);
    expect(isHex('0G')).toBe(false);
  });
  it('concatenates and compares byte arrays', () => {
    const joined = concatBytes(new Uint8Array([1]), new Uint8Array([]), new Uint8Array([2, 3]));
    expect(bytesEqual(joined, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(bytesEqual(joined, new Uint8Array([1, 2]))).toBe(false);
  });
});

describe('Iso8583Error', () => {
  it('places a nested error under its parent path and shifts its offset', () => {
    const inner = new Iso8583Error('BAD_TLV', 'TLV length runs past the end of the value', { path: '9F26', offset: 3 });
    const outer = inner.within('55', 40);
    expect(outer.message).toBe('TLV length runs past the end of the value (field 55.9F26, byte 43)');
    expect(outer.path).toBe('55.9F26');
    expect(outer.offset).toBe(43);
    expect(outer.code).toBe('BAD_TLV');
  });
});
