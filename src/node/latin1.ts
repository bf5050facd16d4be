// Latin-1 text of a byte range through Node's Buffer: one native copy, many times faster than building the string in JavaScript.
import type { HexOfBytes, Latin1Text, Latin1Write } from '../codec/text-parts.js';

const { latin1Slice, latin1Write, hexSlice } = Buffer.prototype as unknown as {
  latin1Slice?: (this: Uint8Array, start: number, end: number) => string;
  latin1Write?: (this: Uint8Array, text: string, offset: number, length: number) => number;
  hexSlice?: (this: Uint8Array, start: number, end: number) => string;
};

/**
 * The Latin-1 text of `bytes[start, end)`, one character a byte; the main entry hands it to every dialect. Its
 * `write` puts such text back into bytes, where a loop over the characters takes about eight times as long; its
 * `hex` makes the hex of a whole body at once, which toObject() cuts packed digits and bytes from (a text made per
 * value costs about twice a cut).
 */
export const nodeLatin1Text: Latin1Text & { write?: Latin1Write; hex?: HexOfBytes } = Object.assign(
  typeof latin1Slice === 'function'
    ? (bytes: Uint8Array, start: number, end: number) => latin1Slice.call(bytes, start, end)
    : (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', start, end),
  {
    write: typeof latin1Write === 'function' ? (text: string, out: Uint8Array) => void latin1Write.call(out, text, 0, text.length) : undefined,
    hex: typeof hexSlice === 'function' ? (bytes: Uint8Array, end: number) => hexSlice.call(bytes, 0, end).toUpperCase() : undefined,
  },
);
