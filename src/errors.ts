// The one error type of pos8583 and the closed list of its codes.

/**
 * Every code an `Iso8583Error` can carry, grouped by the layer that raises it. The README's error-code table
 * documents each one; a test keeps the two in step and checks that every code is raised somewhere.
 */
export const ISO8583_ERROR_CODES = [
  // argument checks shared by every exported function
  'BAD_ARGUMENT',
  'TOO_DEEP',
  // bytes and text
  'BAD_RANGE',
  'BAD_TEXT',
  'UNMAPPABLE_CHARACTER',
  'UNSUPPORTED_CODE_PAGE',
  'NO_GBK_CODEC',
  'NO_EBCDIC_TABLES',
  // field codecs, bitmaps and composites
  'BAD_BCD',
  'BAD_BITMAP',
  'BAD_CHARACTER',
  'BAD_HEX',
  'BAD_LENGTH',
  'BAD_LENGTH_PREFIX',
  'BAD_PAD',
  'BAD_SIGN',
  'BAD_TAG',
  'BAD_TLV',
  'BAD_TYPE',
  'LENGTH_EXCEEDS_MAX',
  'MISSING_SUBFIELD',
  'NO_LAYOUT',
  'TRAILING_BYTES',
  'TRUNCATED',
  'UNKNOWN_FIELD',
  'VALUE_TOO_LONG',
  // messages and dialects
  'BAD_MTI',
  'BAD_PATH',
  'BAD_SPEC',
  'BUFFER_TOO_SMALL',
  'NO_DIALECT',
  // framing
  'BAD_CUP_HEADER',
  'BAD_FRAME_OPTIONS',
  'BAD_FRAME_PART',
  'BAD_FRAME_PROFILE',
  'BAD_LENGTH_HEADER',
  'BAD_TPDU',
  'FRAME_LENGTH_MISMATCH',
  'FRAME_TOO_LARGE',
  'FRAME_TRUNCATED',
  'LENGTH_HEADER_OVERFLOW',
  'MISSING_FRAME_PART',
  'STREAM_ENDED',
  'STREAM_FAILED',
  'UNEXPECTED_FRAME_PART',
  // crypto: ciphers, keys, MACs, PIN blocks, tracks
  'BAD_BLOCK_OFFSET',
  'BAD_DATA',
  'BAD_DATA_LENGTH',
  'BAD_IV_LENGTH',
  'BAD_KCV_LENGTH',
  'BAD_KCV_METHOD',
  'BAD_KEY_BLOCK',
  'BAD_KEY_BLOCK_LENGTH',
  'BAD_KEY_LENGTH',
  'BAD_KEY_TYPE',
  'BAD_MAC_FIELD',
  'BAD_MAC_LENGTH',
  'BAD_MAC_PADDING',
  'BAD_PIN',
  'BAD_PIN_BLOCK',
  'BAD_PIN_BLOCK_FORMAT',
  'BAD_RANDOM_SOURCE',
  'BAD_TRACK_DATA',
  'BAD_TRACK_LENGTH',
  'BAD_TRACK_SCHEME',
  'CIPHER_NOT_PROVIDED',
  'KCV_MISMATCH',
  'KEY_ALGORITHM_MISMATCH',
  'KEY_WIPED',
  'MAC_NOT_LAST',
  'MISSING_KEY',
  'MISSING_MAC',
  'NO_MAC_FIELD',
  'NO_PROVIDER',
  'NO_RANDOM_SOURCE',
  'UNEXPECTED_KEY',
  'UNKNOWN_ALGORITHM',
  'UNKNOWN_MAC_SCHEME',
  'WEAK_KEY',
  // DUKPT and TR-31
  'DUKPT_BAD_BDK',
  'DUKPT_BAD_COUNTER',
  'DUKPT_BAD_KEY',
  'DUKPT_BAD_KEY_TYPE',
  'DUKPT_BAD_KSN',
  'DUKPT_BAD_USAGE',
  'DUKPT_EXHAUSTED',
  'TR31_BAD_HEADER',
  'TR31_BAD_KBPK',
  'TR31_BAD_KEY_BLOCK',
  'TR31_BAD_KEY_LENGTH',
  'TR31_MAC_MISMATCH',
  'TR31_UNSUPPORTED_KEY',
  'TR31_UNSUPPORTED_VERSION',
  // transaction builders' inputs
  'BAD_AMOUNT',
  'BAD_AUTH_CODE',
  'BAD_BATCH',
  'BAD_CARD_CLASS',
  'BAD_CARD_ORGANISATION',
  'BAD_CODE',
  'BAD_COUNT',
  'BAD_CURRENCY',
  'BAD_DATE',
  'BAD_DIGITS',
  'BAD_ENTRY',
  'BAD_EXPIRY',
  'BAD_ICC',
  'BAD_KEY_LAYOUT',
  'BAD_LUHN',
  'BAD_MERCHANT_ID',
  'BAD_OPERATOR',
  'BAD_PAN',
  'BAD_PAYMENT_CODE',
  'BAD_PIN_OPTION',
  'BAD_RECORD',
  'BAD_RECORDS',
  'BAD_RRN',
  'BAD_STAN',
  'BAD_TOTALS',
  'BAD_TRACK',
  'CARD_MISMATCH',
  'INVALID_INPUT',
  'MISSING_INPUT',
  'UNEXPECTED_INPUT',
  // requests and responses against the transaction table
  'BAD_REVERSAL_REASON',
  'CONDITION_CODE_MISMATCH',
  'INVALID_REQUEST',
  'MISSING_FIELD',
  'MISSING_FIELDS',
  'NETWORK_CODE_MISMATCH',
  'NOT_A_REQUEST',
  'NOT_REVERSIBLE',
  'PROCESSING_CODE_MISMATCH',
  'RESPONSE_MISMATCH',
  'TRANSACTION_TYPE_MISMATCH',
  'UNKNOWN_ORIGINAL',
  'UNKNOWN_TRANSACTION',
  // terminal session, journals, settlement
  'ADVICES_PENDING',
  'BAD_STATE',
  'BATCH_FULL',
  'BATCH_SETTLING',
  'DUPLICATE_RESPONSE',
  'DUPLICATE_STAN',
  'EXCHANGE_PENDING',
  'INVALID_CONFIG',
  'INVALID_STAN',
  'LATE_RESPONSE',
  'NOT_SETTLING',
  'NOT_SIGNED_IN',
  'NOT_STORABLE',
  'NO_PAYMENT_PENDING',
  'NO_PENDING_REVERSAL',
  'NO_TRACK_KEY',
  'REVERSAL_PENDING',
  'SETTLEMENT_ANSWERED',
  'SETTLEMENT_UNANSWERED',
  'STAN_EXHAUSTED',
  'TOTALS_OUT_OF_RANGE',
  'UPLOAD_PENDING',
  // testing helpers and the host simulator
  'BAD_OPTION',
  'NO_TIMER',
  'UNKNOWN_CARD',
  'UNSUPPORTED_FIELD',
  // the acquirer host kit (pos8583/host, its PostgreSQL store, its cluster)
  'BAD_STORE_RECORD',
  'NOT_SYNCHRONOUS',
  'SEQUENCE_EXHAUSTED',
  'STORE_CONFLICT',
  'STORE_FAILED',
  'UNKNOWN_TERMINAL',
  'WORKER_FAILED',
  // connections (pos8583/node)
  'ACCEPT_FAILED',
  'CLIENT_CLOSED',
  'CLOSE_DEADLINE',
  'CONNECT_FAILED',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_FAILED',
  'DUPLICATE_REQUEST',
  'FRAME_HANDLER_FAILED',
  'FRAME_TIMEOUT',
  'HEARTBEAT_FAILED',
  'HOST_FAILED',
  'IDLE_TIMEOUT',
  'LISTEN_FAILED',
  'NOT_CONNECTED',
  'RECEIVE_TIMEOUT',
  'RESPONSE_TIMEOUT',
  'TLS_FAILED',
  'TOO_MANY_PENDING',
] as const;

/** The closed union of `Iso8583Error` codes. */
export type Iso8583ErrorCode = (typeof ISO8583_ERROR_CODES)[number];

/** What an error knows besides its code: where it happened and what shape was expected. Never a field value. */
export interface Iso8583ErrorDetails {
  /** Field path such as `'2'`, `'55.9F26'`, `'60.3'`. */
  path?: string;
  /** Byte offset into the input being decoded. */
  offset?: number;
  /** The shape that was expected, e.g. `'n 6'`, `'8 bytes'`. */
  expected?: string;
  /** The shape that was found, e.g. `'5 bytes'`, `'non-digit'`. */
  found?: string;
  /** Every problem when one error reports several (builders validating all inputs). */
  problems?: readonly Iso8583Error[];
  cause?: unknown;
}

/**
 * The one error type of pos8583. `code` is stable and meant for programs; the text is for people,
 * ends with the field and byte position when known, and never contains a field value. Characters outside
 * printable ASCII (a path can hold a tag read off the wire) are written as `\xNN` / `\uNNNN` escapes.
 */
export class Iso8583Error extends Error {
  readonly code: Iso8583ErrorCode;
  readonly path: string | undefined;
  readonly offset: number | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  readonly problems: readonly Iso8583Error[];

  constructor(code: Iso8583ErrorCode, detail: string, details: Iso8583ErrorDetails = {}) {
    const path = printableOrUndefined(details.path);
    super(printableText(detail) + locationSuffix(path, details.offset));
    this.name = 'Iso8583Error';
    this.code = code;
    this.path = path;
    this.offset = details.offset;
    this.expected = printableOrUndefined(details.expected);
    this.found = printableOrUndefined(details.found);
    this.problems = details.problems ?? [];
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }

  /** A copy of this error placed under a parent path and shifted by a byte offset (for nested decoders). */
  within(parentPath: string | undefined, baseOffset = 0): Iso8583Error {
    const path =
      parentPath === undefined ? this.path : this.path === undefined ? parentPath : `${parentPath}.${this.path}`;
    const offset = this.offset === undefined ? (baseOffset || undefined) : this.offset + baseOffset;
    const detail = this.message.slice(0, this.message.length - locationSuffix(this.path, this.offset).length);
    return new Iso8583Error(this.code, detail, {
      path,
      offset,
      expected: this.expected,
      found: this.found,
      problems: this.problems,
      cause: (this as { cause?: unknown }).cause,
    });
  }
}

/** True when `value` is one of the codes an `Iso8583Error` can carry. */
export function isIso8583ErrorCode(value: unknown): value is Iso8583ErrorCode {
  return typeof value === 'string' && (ISO8583_ERROR_CODES as readonly string[]).includes(value);
}

// Printable ASCII passes through; anything else (control bytes, Latin-1 read off the wire) becomes an escape.
const NOT_PRINTABLE = /[^\x20-\x7e]/g;

function printableText(text: string): string {
  // Text with nothing to escape comes back as it is.
  return text.replace(NOT_PRINTABLE, (c) => {
    const u = c.charCodeAt(0);
    const wide = u > 0xff;
    return `\\${wide ? 'u' : 'x'}${u.toString(16).toUpperCase().padStart(wide ? 4 : 2, '0')}`;
  });
}

function printableOrUndefined(text: string | undefined): string | undefined {
  return text === undefined ? undefined : printableText(String(text));
}

function locationSuffix(path: string | undefined, offset: number | undefined): string {
  if (path !== undefined && offset !== undefined) return ` (field ${path}, byte ${offset})`;
  if (path !== undefined) return ` (field ${path})`;
  if (offset !== undefined) return ` (byte ${offset})`;
  return '';
}
