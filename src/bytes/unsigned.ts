// Small unsigned numbers in a few bytes (length prefixes, frame length headers, MTIs): big-endian binary, packed
// BCD, or decimal digit characters in ASCII or EBCDIC.

/** How a number is written: big-endian binary, packed BCD, or one ASCII or EBCDIC digit character a byte. */
export type NumberForm = 'binary' | 'bcd' | 'ascii' | 'ebcdic';

/** The number in the `width` bytes at `buf[off]`, or `-1 - i` when byte `i` of them is not a digit of `form`. */
export function readUnsigned(buf: Uint8Array, off: number, width: number, form: NumberForm): number {
  let n = 0;
  for (let i = 0; i < width; i++) {
    const b = buf[off + i]!;
    if (form === 'binary') {
      n = n * 256 + b;
    } else if (form === 'bcd') {
      const hi = b >> 4;
      const lo = b & 15;
      if (hi > 9 || lo > 9) return -1 - i;
      n = n * 100 + hi * 10 + lo;
    } else {
      const d = b - (form === 'ascii' ? 48 : 0xf0);
      if (d < 0 || d > 9) return -1 - i;
      n = n * 10 + d;
    }
  }
  return n;
}

/** Writes `n` (which the `width` bytes can hold) at `buf[p]`; returns the end. */
export function writeUnsigned(buf: Uint8Array, p: number, width: number, form: NumberForm, n: number): number {
  for (let i = p + width - 1; i >= p; i--) {
    if (form === 'binary') {
      buf[i] = n & 255;
      n = Math.floor(n / 256);
    } else {
      const lo = n % 10;
      n = (n - lo) / 10;
      if (form === 'bcd') {
        const hi = n % 10;
        n = (n - hi) / 10;
        buf[i] = (hi << 4) | lo;
      } else {
        buf[i] = (form === 'ascii' ? 48 : 0xf0) + lo;
      }
    }
  }
  return p + width;
}
