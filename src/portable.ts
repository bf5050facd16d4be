// The portable entry: everything that runs in any JavaScript engine (no Node APIs, no BigInt).
export { Iso8583Error } from './errors.js';
export type { Iso8583ErrorDetails } from './errors.js';
export { toHex, fromHex, isHex, bytesEqual, concatBytes } from './bytes/hex.js';
export type * from './codec/spec.js';
