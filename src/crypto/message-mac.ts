// Message-level MAC: which bytes of an encoded body are authenticated, and where the MAC goes.
import { badArgument, expectBytes, shapeOf } from '../arguments.js';
import { latin1Bytes, latin1Text } from '../bytes/latin1.js';
import { Iso8583Error } from '../errors.js';
import { concatBytes, fromHex, writeHexCodes } from '../bytes/hex.js';
import type { FieldSpec } from '../codec/spec.js';
import type { CompositeValue, FieldValue } from '../codec/values.js';
import { expectDialect, type Dialect } from '../message/dialect.js';
import { expectMessage, Message } from '../message/message.js';
import { bytesArg, optionsArg } from './input.js';
import type { CipherProvider } from './cipher.js';
import { constantTimeEqual } from './constant-time.js';
import { type CupKeyLayout, type CupKeyOptions, type CupWorkingKeys, decryptCupWorkingKeys, decryptCupWorkingKeysExplicit } from './cup-keys.js';
import { explicitProviderOf, type KeyInput, keyAlgorithmOf, providerOf, type ProviderResolver } from './key.js';
import { ansiX99Mac } from './mac/cbc-mac.js';
import { cmac } from './mac/cmac.js';
import { type CupEcbMacOptions, cupEcbMac } from './mac/cup-ecb-mac.js';
import { retailMac } from './mac/retail-mac.js';

/**
 * How a message is MACed: `cup-ecb` the China UnionPay POS "ECB" MAC (its ASCII hex characters are
 * the MAC field's wire bytes), `retail` ANSI X9.19 (ISO/IEC 9797-1 algorithm 3, 16-byte key),
 * `x9.9` ANSI X9.9 single-DES CBC-MAC, `cmac` CMAC under the key's own algorithm (raw bytes are
 * DES or TDES by length: pass an AES or SM4 `SecretKey` for those). The ISO schemes' MACs are as
 * long as the MAC field's value (8 bytes in the ISO dialects, 4 in CUP's ASCII hex field 64).
 */
export type MessageMacScheme = 'cup-ecb' | 'retail' | 'x9.9' | 'cmac';

/** Options of the message-level MAC functions. */
export interface MessageMacOptions {
  /** The MAC scheme, by name or as a part (default `cup-ecb`, the CUP POS terminal MAC); the explicit forms take parts only. */
  scheme?: MessageMacScheme | MessageMacPart;
  /** Settings of the CUP ECB MAC (its `length` is decided by the MAC field and ignored here). */
  cupEcb?: Omit<CupEcbMacOptions, 'length'>;
  provider?: CipherProvider;
}

/** Options of the explicit message-MAC forms: the scheme, when not the CUP ECB MAC, is given as a part. */
export interface ExplicitMessageMacOptions extends Omit<MessageMacOptions, 'scheme'> {
  /** The MAC scheme as a part (`retailScheme`, …); default `cupEcbScheme`. */
  scheme?: MessageMacPart;
}

/** Options of `cupWorkingKeysFromMessage`. */
export interface CupWorkingKeysFromMessageOptions extends CupKeyOptions {
  /** Key layout when the message has no usable 60.3 (default: the message's 60.3). */
  layout?: CupKeyLayout;
}

interface MacField {
  /** Field number: 64, or 128 when the message has a secondary bitmap. */
  id: number;
  /** Bytes of the field's value (not of its wire form). */
  valueLength: number;
  /** The value travels as ASCII hex characters, two per byte. */
  hexOnWire: boolean;
  /** Bytes the field takes on the wire: it is fixed and the last field, so the MAC input is everything before them. */
  wireLength: number;
}

// A secondary bitmap is present exactly when a field above 64 is; its MAC then goes in 128.
function macFieldNumber(fieldNumbers: readonly number[]): number {
  const last = fieldNumbers[fieldNumbers.length - 1];
  return last !== undefined && last > 64 ? 128 : 64;
}

function macFieldOf(dialect: Dialect, id: number): MacField {
  const path = String(id);
  const spec: FieldSpec | undefined = dialect.fieldSpec(path);
  if (spec === undefined) {
    throw new Iso8583Error('NO_MAC_FIELD', `dialect ${dialect.name} does not define the MAC field`, { path });
  }
  const fixed = spec.lengthDigits === undefined || spec.lengthDigits === 0;
  if (spec.attr !== 'b' || !fixed || (spec.encoding !== 'binary' && spec.encoding !== 'hex') || spec.composite) {
    throw new Iso8583Error('BAD_MAC_FIELD', 'MAC field must be fixed-length binary or hex bytes', {
      path,
      expected: 'fixed b, binary or hex',
      found: `${fixed ? 'fixed' : 'variable'} ${spec.attr}, ${spec.encoding}`,
    });
  }
  const hexOnWire = spec.encoding === 'hex';
  // A hex field's length counts bytes unless it says characters.
  const chars = hexOnWire && spec.lengthUnit !== undefined && spec.lengthUnit !== 'bytes';
  const valueLength = chars ? spec.length >> 1 : spec.length;
  return { id, valueLength, hexOnWire, wireLength: hexOnWire ? 2 * valueLength : valueLength };
}

/** How a scheme computes the MAC field's value of `input`. */
type MacCompute = (field: MacField, input: Uint8Array, mak: KeyInput, options: MessageMacOptions, resolve: ProviderResolver) => Uint8Array;

/**
 * A message MAC scheme as a part: what the explicit forms take in `options.scheme`, so that a build links the one
 * scheme it names (`signMessage` and `verifyMessageMac` also take the scheme's name, which links all four).
 */
export interface MessageMacPart {
  readonly scheme: MessageMacScheme;
}

interface SchemePart extends MessageMacPart {
  readonly compute: MacCompute;
}

/** The CUP POS "ECB" MAC as a message MAC part (the default scheme). */
export const cupEcbScheme: MessageMacPart = {
  scheme: 'cup-ecb',
  // The MAC is ASCII hex characters on the wire: a hex-on-wire field holds the bytes those characters spell.
  compute: (field, input, mak, options, resolve) => {
    const cup: CupEcbMacOptions = { ...options.cupEcb };
    if (options.provider !== undefined) cup.provider = options.provider;
    cup.length = field.hexOnWire ? 2 * field.valueLength : field.valueLength;
    const text = cupEcbMac(mak, input, cup, resolve);
    return field.hexOnWire ? fromHex(latin1Text(text, 0, text.length), String(field.id)) : text;
  },
} as SchemePart;

/** ANSI X9.19 (ISO/IEC 9797-1 algorithm 3) as a message MAC part. */
export const retailScheme: MessageMacPart = {
  scheme: 'retail',
  compute: (field, input, mak, options, resolve) => retailMac(mak, input, { length: field.valueLength, provider: options.provider }, resolve),
} as SchemePart;

/** ANSI X9.9 as a message MAC part. */
export const x99Scheme: MessageMacPart = {
  scheme: 'x9.9',
  compute: (field, input, mak, options, resolve) => ansiX99Mac(mak, input, { length: field.valueLength, provider: options.provider }, resolve),
} as SchemePart;

/** CMAC under the key's own algorithm as a message MAC part. */
export const cmacScheme: MessageMacPart = {
  scheme: 'cmac',
  compute: (field, input, mak, options, resolve) =>
    cmac(mak, input, { algorithm: keyAlgorithmOf(mak), length: field.valueLength, provider: options.provider }, resolve),
} as SchemePart;

// The scheme a default form runs: a part, or the part a name names.
function schemeNamed(scheme: MessageMacOptions['scheme']): SchemePart {
  if (isPart(scheme)) return scheme;
  switch (scheme ?? 'cup-ecb') {
    case 'cup-ecb':
      return cupEcbScheme as SchemePart;
    case 'retail':
      return retailScheme as SchemePart;
    case 'x9.9':
      return x99Scheme as SchemePart;
    case 'cmac':
      return cmacScheme as SchemePart;
    default:
      throw new Iso8583Error('UNKNOWN_MAC_SCHEME', 'MAC scheme must be cup-ecb, retail, x9.9 or cmac', {
        expected: 'cup-ecb, retail, x9.9 or cmac',
        found: typeof scheme === 'string' ? 'another name' : typeof scheme,
      });
  }
}

// The scheme an explicit form runs: a part, by default the CUP ECB MAC; a name would link every scheme.
function schemePart(scheme: MessageMacOptions['scheme']): SchemePart {
  if (scheme === undefined) return cupEcbScheme as SchemePart;
  if (isPart(scheme)) return scheme;
  throw badArgument('options.scheme', 'a message MAC part (cupEcbScheme, retailScheme, x99Scheme or cmacScheme)', shapeOf(scheme));
}

function isPart(scheme: unknown): scheme is SchemePart {
  return typeof scheme === 'object' && scheme !== null && typeof (scheme as SchemePart).compute === 'function';
}

/** How a form finds its provider and its MAC scheme: the default forms may fall back to every scheme and cipher. */
interface Resolution {
  readonly provider: ProviderResolver;
  readonly scheme: (scheme: MessageMacOptions['scheme']) => SchemePart;
}

const DEFAULT: Resolution = { provider: providerOf, scheme: schemeNamed };
const EXPLICIT: Resolution = { provider: explicitProviderOf, scheme: schemePart };

// The MAC field's value for `input` under the scheme of `options`.
function macValue(field: MacField, input: Uint8Array, mak: KeyInput, options: MessageMacOptions, how: Resolution): Uint8Array {
  return how.scheme(options.scheme).compute(field, input, mak, options, how.provider);
}

/** Writes the MAC field's wire form of `mac` over the last bytes of `body`, where the field sits. */
function patchMac(body: Uint8Array, field: MacField, mac: Uint8Array): void {
  const p = body.length - field.wireLength;
  if (field.hexOnWire) writeHexCodes(body, p, mac, mac.length);
  else body.set(mac, p);
}

/** The MAC field of a decoded `message`, which must be its last field. */
function macFieldOfMessage(dialect: Dialect, message: Message): MacField {
  const ids = message.fieldNumbers();
  const id = macFieldNumber(ids);
  if (!ids.includes(id)) {
    throw new Iso8583Error('MISSING_MAC', 'message carries no MAC field', { path: String(id) });
  }
  if (ids[ids.length - 1] !== id) {
    throw new Iso8583Error('MAC_NOT_LAST', 'MAC field must be the last field of the message', { path: String(id) });
  }
  return macFieldOf(dialect, id);
}

/** The bytes a message MAC covers: `body` (MTI onwards) minus the MAC field's wire bytes (64, or 128 with a secondary bitmap). */
export function messageMacInput(dialect: Dialect, body: Uint8Array): Uint8Array {
  expectDialect(dialect);
  bytesArg(body, 'body');
  const field = macFieldOfMessage(dialect, dialect.decode(body));
  return body.slice(0, body.length - field.wireLength);
}

/**
 * Sets the MAC field (64, or 128 with a secondary bitmap) of `message` to its MAC under `mak` and returns the
 * encoded body. The message is encoded once: the MAC covers the bytes before its field, and is written in place.
 */
export function signMessage(dialect: Dialect, message: Message, mak: KeyInput, options?: MessageMacOptions): Uint8Array {
  return sign(dialect, message, mak, options, DEFAULT);
}

/**
 * `signMessage` on the provider of `options.provider` or of the MAK key object, never the default provider: a raw
 * MAK without `options.provider` throws `NO_PROVIDER`. A build that MACs only through such forms links no cipher
 * its provider does not name.
 */
export function signMessageExplicit(dialect: Dialect, message: Message, mak: KeyInput, options?: ExplicitMessageMacOptions): Uint8Array {
  return sign(dialect, message, mak, options, EXPLICIT);
}

function sign(dialect: Dialect, message: Message, mak: KeyInput, options: MessageMacOptions | undefined, how: Resolution): Uint8Array {
  expectDialect(dialect);
  expectMessage(message);
  options = optionsArg(options);
  const id = macFieldNumber(message.fieldNumbers().filter((n) => n !== 64 && n !== 128));
  const field = macFieldOf(dialect, id);
  // The MAC covers the bitmap, so the field must be present (with a placeholder) before the message is encoded.
  message.delete(id === 64 ? '128' : '64');
  message.set(String(id), new Uint8Array(field.valueLength));
  const body = dialect.encode(message);
  const mac = macValue(field, body.subarray(0, body.length - field.wireLength), mak, options, how);
  patchMac(body, field, mac);
  message.set(String(id), mac);
  return body;
}

/**
 * True when the MAC field of a message is the MAC of the rest under `mak`; compared in constant time. Give the
 * body as received, or the message decoded from it (a host that decodes anyway then decodes once; it encodes the
 * message again: {@link verifyDecodedMessageMac} takes both and does neither).
 */
export function verifyMessageMac(dialect: Dialect, input: Uint8Array | Message, mak: KeyInput, options?: MessageMacOptions): boolean {
  return verify(dialect, input, mak, options, DEFAULT);
}

/** `verifyMessageMac` on the provider of `options.provider` or of the MAK key object, never the default provider (see `signMessageExplicit`). */
export function verifyMessageMacExplicit(dialect: Dialect, input: Uint8Array | Message, mak: KeyInput, options?: ExplicitMessageMacOptions): boolean {
  return verify(dialect, input, mak, options, EXPLICIT);
}

function verify(dialect: Dialect, input: Uint8Array | Message, mak: KeyInput, options: MessageMacOptions | undefined, how: Resolution): boolean {
  expectDialect(dialect);
  if (!(input instanceof Message)) bytesArg(input, 'input');
  const o = optionsArg(options);
  // A decoded message that was not changed encodes to the bytes it came from.
  if (input instanceof Message) return macOfBodyMatches(dialect, dialect.encode(input), input, mak, o, how);
  return macOfBodyMatches(dialect, input, dialect.decode(input), mak, o, how);
}

/**
 * {@link verifyMessageMac} in the same pass as the decode a host makes anyway: `message` is what
 * `dialect.decode(body)` gave (unchanged), so the body is neither decoded nor encoded again.
 */
export function verifyDecodedMessageMac(
  dialect: Dialect,
  body: Uint8Array,
  message: Message,
  mak: KeyInput,
  options?: MessageMacOptions,
): boolean {
  expectDialect(dialect);
  expectBytes(body, 'body');
  expectMessage(message);
  return macOfBodyMatches(dialect, body, message, mak, optionsArg(options), DEFAULT);
}

// `message` is `body` decoded: it says where the MAC field is and what it holds, `body` gives the bytes it covers.
function macOfBodyMatches(
  dialect: Dialect,
  body: Uint8Array,
  message: Message,
  mak: KeyInput,
  options: MessageMacOptions,
  how: Resolution,
): boolean {
  const field = macFieldOfMessage(dialect, message);
  const found = message.get(String(field.id));
  if (!(found instanceof Uint8Array)) return false;
  // A hex-on-wire field whose characters were no hex decodes to its raw wire bytes: such a MAC is binary.
  const raw = field.hexOnWire && found.length === field.wireLength;
  const compared = raw ? { ...field, valueLength: found.length, hexOnWire: false } : field;
  return constantTimeEqual(macValue(compared, body.subarray(0, body.length - field.wireLength), mak, options, how), found);
}

// Field 62 as its wire bytes, whether it decoded to bytes, text (`ans` dialects) or key subfields.
function rawFieldBytes(value: FieldValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return latin1Bytes(value);
  if (Array.isArray(value)) {
    throw new Iso8583Error('BAD_KEY_BLOCK', 'working-key field must be bytes', { path: '62', expected: 'bytes', found: 'TLV list' });
  }
  const composite: CompositeValue = value;
  const keys = Object.keys(composite).sort((a, b) => subfieldOrder(a) - subfieldOrder(b));
  return concatBytes(...keys.map((key) => rawFieldBytes(composite[key]!)));
}

// Numbered subfields in order, then the positional composite's remainder (`rest`) last.
function subfieldOrder(key: string): number {
  const n = Number(key);
  return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

function layoutOf(message: Message, options: CupWorkingKeysFromMessageOptions): CupKeyLayout {
  if (options.layout !== undefined) return options.layout;
  const v = message.get('60.3');
  if (typeof v !== 'string') {
    throw new Iso8583Error('MISSING_FIELD', 'sign-in response has no key layout', { path: '60.3', expected: '001, 003 or 004' });
  }
  return v as CupKeyLayout;
}

/** The clear working keys of a CUP sign-in response (0810): field 62 under `tmk`, laid out as 60.3 says, each checked against its KCV. */
export function cupWorkingKeysFromMessage(
  message: Message,
  tmk: KeyInput,
  options?: CupWorkingKeysFromMessageOptions,
): CupWorkingKeys {
  return keysFromMessage(message, tmk, options, decryptCupWorkingKeys);
}

/**
 * `cupWorkingKeysFromMessage` on the provider of `options.provider` or of the TMK key object, never the default
 * provider: the keys it gives are bound to that provider; a raw TMK without `options.provider` throws `NO_PROVIDER`.
 */
export function cupWorkingKeysFromMessageExplicit(
  message: Message,
  tmk: KeyInput,
  options?: CupWorkingKeysFromMessageOptions,
): CupWorkingKeys {
  return keysFromMessage(message, tmk, options, decryptCupWorkingKeysExplicit);
}

function keysFromMessage(
  message: Message,
  tmk: KeyInput,
  options: CupWorkingKeysFromMessageOptions | undefined,
  decrypt: typeof decryptCupWorkingKeys,
): CupWorkingKeys {
  expectMessage(message);
  options = optionsArg(options);
  const value = message.get('62');
  if (value === undefined) {
    throw new Iso8583Error('MISSING_FIELD', 'sign-in response has no working keys', { path: '62' });
  }
  const layout = layoutOf(message, options);
  const block = rawFieldBytes(value);
  try {
    return decrypt(block, tmk, layout, options);
  } finally {
    if (block !== value) block.fill(0);
  }
}
