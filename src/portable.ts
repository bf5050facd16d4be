// The portable entry: the message library for any JavaScript engine (no Node APIs, no BigInt, no iconv-lite): bytes,
// codecs, dialects, framing and crypto. The transaction layer is `pos8583/transactions`, as portable, imported apart.
// Firmware builds import `pos8583/portable`; GBK text then needs a codec passed to `defineDialect`.
import { createDialects } from './message/builtin-dialects.js';

export { Iso8583Error, ISO8583_ERROR_CODES, isIso8583ErrorCode } from './errors.js';
export type { Iso8583ErrorCode, Iso8583ErrorDetails } from './errors.js';
export { toHex, fromHex, isHex, bytesEqual, concatBytes } from './bytes/hex.js';
export { asciiCodec, latin1Codec } from './bytes/text-codec.js';
export { isUndecodableText, undecodableBytes } from './bytes/escaped-text.js';
export type { TextCodec } from './bytes/text-codec.js';
export { encodeEbcdic, decodeEbcdic, ebcdicToLatin1Table, latin1ToEbcdicTable, ebcdicCodec } from './bytes/ebcdic.js';
export type { EbcdicCodePage } from './bytes/ebcdic.js';
export type * from './codec/spec.js';
export type { TextCodecLike, Latin1Text } from './codec/environment.js';
export type { FieldValue, CompositeValue, TlvNode } from './codec/values.js';

export { Message } from './message/message.js';
export type {
  MessageObject,
  MessageInput,
  CanonicalValue,
  CanonicalComposite,
  CanonicalTlv,
  DescriptionRow,
  MessageDescription,
  DescribeOptions,
} from './message/engine.js';
export { defineDialect } from './message/dialect.js';
export type { Dialect, DialectOptions, DialectOverrides } from './message/dialect.js';
export { parseMti, describeMti, responseMti, repeatMti, adviceMti, isRequestMti, isResponseMti, isRepeatMti } from './message/mti.js';
export type { MtiParts } from './message/mti.js';
export { maskPan, maskTrack } from './message/mask.js';

export { createDialects, cupDialect, cupDialectSpec, cupSpec, iso87asciiSpec, iso87binarySpec, iso93asciiSpec } from './message/builtin-dialects.js';
export type { Dialects, CupDialectOptions } from './message/builtin-dialects.js';
export { EMV_TAGS } from './dialects/emv-tags.js';
export { CUP_PARAMETER_TAGS } from './dialects/cup-emv-parameters.js';

export * from './frame/index.js';
export * from './crypto/index.js';

/** The built-in dialects (GBK text limited to ASCII here: pass a GBK codec to `createDialects` for more). */
// Pure: a bundle that never reads `dialects` leaves the built-in tables out.
export const dialects = /* @__PURE__ */ createDialects();
