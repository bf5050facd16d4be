// TR-31 (ANSI X9.143) key blocks: header parsing, wrapping (B, D) and unwrapping (A, B, C, D).
export { parseTr31Header, tr31BlockSize } from './header.js';
export type { Tr31Header, Tr31KeyContext, Tr31OptionalBlock, Tr31Version } from './header.js';
export { wrapTr31 } from './wrap.js';
export type { Tr31WrapHeader, Tr31WrapOptions } from './wrap.js';
export { unwrapTr31 } from './unwrap.js';
export type { Tr31UnwrapOptions, Tr31UnwrapResult } from './unwrap.js';
export type { RandomSource as Tr31RandomSource } from '../random.js';
