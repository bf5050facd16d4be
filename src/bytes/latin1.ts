/** Text of `buf[start, end)` taking each byte as one character (U+0000–U+00FF). */
export function latin1Text(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    return s;
  }
  let s = '';
  // Chunks keep the argument count far below every engine's limit.
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

/** True when every character of `text` is below 0x80. */
export function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
