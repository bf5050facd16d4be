// The main entry: the portable library and its transaction layer, with GBK text (through iconv-lite) and fast Latin-1
// text (through Node's Buffer) wired in.
import { expectOptions } from './arguments.js';
import { createDialects as createPortableDialects, cupDialect as portableCupDialect } from './message/builtin-dialects.js';
import type { Dialect, DialectOptions } from './message/dialect.js';
import { defineDialect as definePortableDialect } from './message/dialect.js';
import type { CupDialectOptions, Dialects } from './message/builtin-dialects.js';
import type { DialectSpec } from './codec/spec.js';
import { nodeLatin1Text } from './node/latin1.js';
import { gbkCodec } from './text/gbk.js';

export * from './portable.js';
export * from './transactions.js';
export { gbkCodec } from './text/gbk.js';

/** Compiles a dialect spec; GBK fields use iconv-lite unless `options.gbk` says otherwise. */
export function defineDialect(spec: DialectSpec, options?: DialectOptions): Dialect {
  options = expectOptions(options);
  return definePortableDialect(spec, { gbk: gbkCodec, latin1: nodeLatin1Text, ...options });
}

/** The built-in dialects compiled with `options` (GBK through iconv-lite by default). */
export function createDialects(options?: DialectOptions): Dialects {
  options = expectOptions(options);
  return createPortableDialects({ gbk: gbkCodec, latin1: nodeLatin1Text, ...options });
}

/** A CUP dialect with acquirer-specific options, GBK through iconv-lite by default. */
export function cupDialect(cupOptions?: CupDialectOptions, options?: DialectOptions): Dialect {
  options = expectOptions(options);
  cupOptions = expectOptions(cupOptions, 'cupOptions');
  return portableCupDialect(cupOptions, { gbk: gbkCodec, latin1: nodeLatin1Text, ...options });
}

/** The built-in dialects, with GBK text for CUP fields 62/63. */
export const dialects: Dialects = /* @__PURE__ */ createDialects();
