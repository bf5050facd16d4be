import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { readUnsigned, writeUnsigned, type NumberForm } from '../../src/bytes/unsigned.js';

/** Hex of `n` written in `width` bytes in `form`. */
function write(n: number, width: number, form: NumberForm): string {
  const out = new Uint8Array(width + 2);
  expect(writeUnsigned(out, 1, width, form, n)).toBe(width + 1);
  expect([out[0], out[width + 1]]).toStrictEqual([0, 0]);
  return toHex(out.subarray(1, width + 1));
}

describe('small unsigned numbers in a few bytes', () => {
  it('are written big-endian in binary, two digits a byte in BCD, one digit character a byte in ASCII and EBCDIC', () => {
    expect(write(300, 2, 'binary')).toBe('012C');
    expect(write(0xffffffff, 4, 'binary')).toBe('FFFFFFFF');
    expect(write(937, 2, 'bcd')).toBe('0937');
    expect(write(37, 3, 'ascii')).toBe('303337');
    expect(write(37, 3, 'ebcdic')).toBe('F0F3F7');
  });

  it('read back every number they write, in every form and width', () => {
    const forms = fc.constantFrom<NumberForm>('binary', 'bcd', 'ascii', 'ebcdic');
    fc.assert(
      fc.property(forms, fc.integer({ min: 1, max: 4 }), fc.nat(), (form, width, seed) => {
        const most = form === 'binary' ? 256 ** width : form === 'bcd' ? 100 ** width : 10 ** width;
        const n = seed % most;
        const out = new Uint8Array(width + 1);
        writeUnsigned(out, 1, width, form, n);
        expect(readUnsigned(out, 1, width, form)).toBe(n);
      }),
      { seed: 8583, numRuns: 400 },
    );
  });

  it('tell which byte is not a digit of their form, as -1 minus its index', () => {
    expect(readUnsigned(fromHex('0A09'), 0, 2, 'bcd')).toBe(-1);
    expect(readUnsigned(fromHex('09A0'), 0, 2, 'bcd')).toBe(-2);
    expect(readUnsigned(fromHex('3031203030'), 1, 3, 'ascii')).toBe(-2);
    expect(readUnsigned(fromHex('F0F1C1'), 0, 3, 'ebcdic')).toBe(-3);
    expect(readUnsigned(fromHex('303132'), 0, 3, 'ebcdic')).toBe(-1);
    expect(readUnsigned(fromHex('FFFF'), 0, 2, 'binary')).toBe(65535);
  });
});
