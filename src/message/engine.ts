// The message layer's public data shapes: canonical values and objects, and the rows of an annotated byte map.
import type { Sensitivity } from '../codec/spec.js';
import type { FieldValue } from '../codec/values.js';
import type { Iso8583Error } from '../errors.js';

/** A canonical value: what `toObject()` returns and `encode()` accepts (bytes as upper-case hex). */
export type CanonicalValue = string | CanonicalComposite | CanonicalTlv[];

export interface CanonicalComposite {
  [key: string]: CanonicalValue;
}

export interface CanonicalTlv {
  tag: string;
  value?: string;
  children?: CanonicalTlv[];
  lengthBytes?: number;
}

/** The lossless plain-object form of a message. */
export interface MessageObject {
  mti: string;
  fields: Record<string, CanonicalValue>;
}

/** A message given as a plain object: canonical values, or bytes where fields are binary. */
export interface MessageInput {
  mti: string;
  fields: Record<string, FieldValue | CanonicalValue>;
}

/** One row of an annotated byte map. */
export interface DescriptionRow {
  path: string;
  name: string;
  localName?: string;
  /** Offset of the row's first byte in the message body. */
  offset: number;
  /** Bytes the row covers, length prefix included. */
  length: number;
  /** Hex of the length prefix (empty for fixed fields). */
  prefixHex: string;
  /** Hex of the content, masked for sensitive data. */
  hex: string;
  /** The decoded value as text, masked for sensitive data (empty for containers). */
  value: string;
  depth: number;
  /** The layout chosen for a context-dependent field. */
  layout?: string;
}

/** An annotated byte map of one message. `toString()` prints it as an aligned table. */
export interface MessageDescription {
  dialect: string;
  rows: DescriptionRow[];
  /** With `partial`: the error that stopped decoding (the rows are what was read before it). */
  error?: Iso8583Error;
  toString(): string;
}

export interface DescribeOptions {
  /** Show sensitive values in clear. Never do this with real card data. */
  unmasked?: boolean;
  /**
   * On a decode error, return the rows read before it and the error in `error` instead of throwing.
   * Rows reaching past the error are masked whole: what they hold was never checked.
   */
  partial?: boolean;
}

/**
 * Sensitivity of fields when a message has no dialect: the ISO 8583 card-data fields (PAN, expiry, tracks, PIN
 * data, chip data, security codes, account identifications). Chip data given as a TLV list is masked tag by tag.
 */
export const DEFAULT_SENSITIVITY: Readonly<Record<number, Sensitivity>> = {
  2: 'pan',
  14: 'secret',
  34: 'pan',
  35: 'track',
  36: 'track',
  45: 'track',
  52: 'pin',
  55: 'secret',
  96: 'key',
  102: 'pan',
  103: 'pan',
};
