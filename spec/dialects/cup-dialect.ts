/** The CUP dialects the CUP tests share: compiled once, with GBK text through the GBK codec. */
import { cupDialectSpec, type CupDialectOptions } from '../../src/dialects/cup.js';
import { defineDialect, type Dialect } from '../../src/message/dialect.js';
import { gbkCodec } from '../../src/text/gbk.js';

/** The CUP dialect for `options`, with the GBK codec. */
export function cupDialect(options: CupDialectOptions = {}): Dialect {
  return defineDialect(cupDialectSpec(options), { gbk: gbkCodec });
}

/** The CUP dialect with default options. */
export const cup = cupDialect();
