// The 2-byte binary length header of CUP POS and the built-in frame profiles, on its own so they bring no other.

/** 2-byte unsigned big-endian binary, not counting itself. */
export const BINARY2 = { kind: 'binary', size: 2 } as const;
