// Reusable argument arrays, one per length: String.fromCharCode.apply over a plain array of the exact
// length is several times faster than concatenating characters or applying over a typed-array view.
const SCRATCH: number[][] = [];
for (let n = 0; n <= 64; n++) SCRATCH.push(new Array<number>(n).fill(0));

/** Text of `buf[start, end)` taking each byte as one character (U+0000–U+00FF). */
export function latin1Text(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 6) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    return s;
  }
  if (n <= 64) {
    const args = SCRATCH[n]!;
    for (let i = 0; i < n; i++) args[i] = buf[start + i]!;
    return String.fromCharCode.apply(null, args);
  }
  let s = '';
  // Chunks keep the argument count far below every engine's limit.
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

/** The bytes of `text` taking each character as one byte (its code below 256, as in ASCII or Latin-1 text). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
