import { expectOptions } from '../arguments.js';
import { BUILT_IN_ENCODINGS } from '../codec/encoding/sets.js';
import { compileDialect, type Dialect, type DialectOptions } from './dialect.js';
import { cupDialectSpec, cupSpec, type CupDialectOptions } from '../dialects/cup.js';
import { iso87asciiSpec } from '../dialects/iso87ascii.js';
import { iso87binarySpec } from '../dialects/iso87binary.js';
import { iso93asciiSpec } from '../dialects/iso93ascii.js';

/** The built-in dialects, each compiled on first use. */
export interface Dialects {
  /** ISO 8583:1987, ASCII numerics and hex bitmap (the jPOS ISO87APackager layout). */
  readonly iso87ascii: Dialect;
  /** ISO 8583:1987, packed BCD numerics and binary bitmap (the jPOS ISO87BPackager layout). */
  readonly iso87binary: Dialect;
  /** ISO 8583:1993, ASCII (the jPOS ISO93APackager layout). */
  readonly iso93ascii: Dialect;
  /** China UnionPay POS terminal dialect with its default options. */
  readonly cup: Dialect;
}

/**
 * The built-in dialects compiled with `options` (e.g. a GBK codec), each with the encodings and composite kinds the
 * built-in tables name (no EBCDIC: a dialect derived from one that names EBCDIC is refused with `NO_EBCDIC_TABLES`; no
 * bitmapped composite, refused with `BAD_SPEC`; compile such a spec with `defineDialect`).
 */
export function createDialects(options?: DialectOptions): Dialects {
  options = expectOptions(options);
  let iso87ascii: Dialect | undefined;
  let iso87binary: Dialect | undefined;
  let iso93ascii: Dialect | undefined;
  let cup: Dialect | undefined;
  return {
    get iso87ascii() {
      return (iso87ascii ??= compileDialect(iso87asciiSpec, options, BUILT_IN_ENCODINGS));
    },
    get iso87binary() {
      return (iso87binary ??= compileDialect(iso87binarySpec, options, BUILT_IN_ENCODINGS));
    },
    get iso93ascii() {
      return (iso93ascii ??= compileDialect(iso93asciiSpec, options, BUILT_IN_ENCODINGS));
    },
    get cup() {
      return (cup ??= compileDialect(cupSpec, options, BUILT_IN_ENCODINGS));
    },
  };
}

/**
 * A CUP dialect with acquirer-specific options (track pad, field 60 length, field 62 attribute, MAC form), compiled
 * like the built-in dialects with the encodings and composite kinds their tables name (ASCII, BCD, binary, hex, GBK;
 * no bitmapped composite), so a firmware bundle carries no EBCDIC and no bitmapped composite.
 */
export function cupDialect(cupOptions?: CupDialectOptions, options?: DialectOptions): Dialect {
  options = expectOptions(options);
  cupOptions = expectOptions(cupOptions, 'cupOptions');
  return compileDialect(cupDialectSpec(cupOptions), options, BUILT_IN_ENCODINGS);
}

export { cupDialectSpec, cupSpec, iso87asciiSpec, iso87binarySpec, iso93asciiSpec };
export type { CupDialectOptions };
