// ISO/IEC 9797-1 padding methods 1, 2 and 3.
import { badArgument, shapeOf } from '../../arguments.js';
import { Iso8583Error } from '../../errors.js';
import { bytesArg } from '../input.js';

/** ISO/IEC 9797-1 padding method: 1 zeros, 2 a one bit then zeros, 3 a length block then zeros. */
export type MacPadding = 1 | 2 | 3;

/** `data` padded per ISO/IEC 9797-1 method `method` to a whole number of `blockSize` blocks (a new array). */
export function padIso9797(data: Uint8Array, method: MacPadding, blockSize: number): Uint8Array {
  bytesArg(data, 'data');
  if (blockSize !== 8 && blockSize !== 16) throw badArgument('blockSize', '8 or 16', shapeOf(blockSize));
  if (method === 1) {
    // Method 1 turns empty data into one zero block, so every message gets at least one cipher call.
    const n = data.length === 0 ? blockSize : Math.ceil(data.length / blockSize) * blockSize;
    const out = new Uint8Array(n);
    out.set(data);
    return out;
  }
  if (method === 2) {
    const out = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
    out.set(data);
    out[data.length] = 0x80;
    return out;
  }
  if (method === 3) {
    // As method 1 does, empty data pads to one zero block after the length block (psec, GB/T 15852.1).
    const body = data.length === 0 ? blockSize : Math.ceil(data.length / blockSize) * blockSize;
    const out = new Uint8Array(blockSize + body);
    writeBitLength(out, blockSize, data.length);
    out.set(data, blockSize);
    return out;
  }
  throw new Iso8583Error('BAD_MAC_PADDING', 'MAC padding method must be 1, 2 or 3', {
    expected: '1, 2 or 3',
    found: typeof method === 'number' ? String(method) : typeof method,
  });
}

// The data length in bits, big-endian over the first block, by plain division so no big-integer type is needed.
function writeBitLength(out: Uint8Array, blockSize: number, byteLength: number): void {
  let bits = byteLength * 8;
  for (let i = blockSize - 1; i >= 0 && bits > 0; i--) {
    out[i] = bits % 256;
    bits = Math.floor(bits / 256);
  }
}
