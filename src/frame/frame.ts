import { expectBytes, expectObject } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { checkRoom } from './room.js';
import { concatBytes } from '../bytes/hex.js';
import { defineMaskedRendering, redactedBytes } from '../redaction.js';
import { checkLengthHeaderSpec, decodeLengthHeader, encodeLengthHeader, lengthHeaderSize, type LengthHeaderSpec } from './length-header.js';
import { decodeTpdu, encodeTpdu, TPDU_LENGTH, type Tpdu } from './tpdu.js';
import { CUP_HEADER_LENGTH, decodeCupHeader, encodeCupHeader, type CupHeader } from './cup-header.js';
import { checkFrameProfile, type FrameProfile } from './profile.js';

/** The TPDU value type a profile yields: `Tpdu` when `tpdu` is true, `undefined` when false. */
export type TpduOf<T extends boolean> = T extends true ? Tpdu : undefined;

/** The header value type a profile yields: `CupHeader`, raw bytes, or `undefined`. */
export type HeaderOf<H extends FrameProfile['header']> = H extends 'cup' ? CupHeader : H extends 'none' ? undefined : Uint8Array;

/** The parts of one frame, as read by {@link unframeMessage}. Byte members are views into the frame, not copies. */
export interface UnframedMessage<P extends FrameProfile = FrameProfile> {
  /** The number written in the length header (counting the header itself when inclusive); `undefined` without one. */
  readonly length: number | undefined;
  readonly tpdu: TpduOf<P['tpdu']>;
  /** The extra blocks by name (empty when the profile has none). */
  readonly extra: Readonly<Record<string, Uint8Array>>;
  readonly header: HeaderOf<P['header']>;
  /** The ISO 8583 message: MTI, bitmap and fields. */
  readonly body: Uint8Array;
}

/** What {@link frameMessage} wraps: the parts the profile asks for, and the body. */
export interface FrameParts {
  readonly tpdu?: Tpdu;
  readonly extra?: Readonly<Record<string, Uint8Array>>;
  /** A `CupHeader` for a `'cup'` profile, bytes of the declared length for `{ length }`. */
  readonly header?: CupHeader | Uint8Array;
  readonly body: Uint8Array;
}

const checkedProfiles = new WeakSet<object>();

function ensureProfile(profile: FrameProfile): void {
  if (checkedProfiles.has(profile)) return;
  checkFrameProfile(profile);
  checkedProfiles.add(profile);
}

/** One frame holding `parts` as `profile` lays them out; throws on a missing, unexpected or ill-sized part. */
export function frameMessage(profile: FrameProfile, parts: FrameParts): Uint8Array {
  ensureProfile(profile);
  expectObject(parts, 'parts');
  const pieces: Uint8Array[] = [];
  if (profile.tpdu) {
    if (parts.tpdu === undefined) throw missing('tpdu', 'frame profile needs a TPDU');
    pieces.push(encodeTpdu(parts.tpdu));
  } else if (parts.tpdu !== undefined) {
    throw unexpected('tpdu', 'frame profile has no TPDU');
  }
  const blocks = profile.extraBlocks ?? [];
  const extra = parts.extra ?? {};
  for (const block of blocks) {
    const bytes = Object.prototype.hasOwnProperty.call(extra, block.name) ? extra[block.name] : undefined;
    if (bytes === undefined) throw missing(`extra.${block.name}`, 'frame profile needs an extra block');
    pieces.push(sized(bytes, block.length, `extra.${block.name}`, 'extra block has the wrong length'));
  }
  for (const name of Object.keys(extra)) {
    if (!blocks.some((b) => b.name === name)) throw unexpected(`extra.${name}`, 'frame profile has no such extra block');
  }
  const header = profile.header;
  if (header === 'cup') {
    if (parts.header === undefined) throw missing('header', 'frame profile needs a CUP header');
    if (parts.header instanceof Uint8Array) {
      throw new Iso8583Error('BAD_FRAME_PART', 'CUP header must be given as an object, not bytes', {
        path: 'header',
        expected: 'CupHeader',
        found: 'bytes',
      });
    }
    pieces.push(encodeCupHeader(parts.header));
  } else if (header === 'none') {
    if (parts.header !== undefined) throw unexpected('header', 'frame profile has no header');
  } else {
    if (parts.header === undefined) throw missing('header', 'frame profile needs a header');
    if (!(parts.header instanceof Uint8Array)) {
      throw new Iso8583Error('BAD_FRAME_PART', 'header must be given as bytes', {
        path: 'header',
        expected: `${header.length} bytes`,
        found: 'object',
      });
    }
    pieces.push(sized(parts.header, header.length, 'header', 'header has the wrong length'));
  }
  if (!(parts.body instanceof Uint8Array)) {
    throw new Iso8583Error('BAD_FRAME_PART', 'body must be bytes', { path: 'body', expected: 'Uint8Array' });
  }
  pieces.push(parts.body);
  let messageLength = 0;
  for (const p of pieces) messageLength += p.length;
  return concatBytes(encodeLengthHeader(profile.lengthHeader, messageLength), ...pieces);
}

/**
 * The parts of one whole frame laid out as `profile` says. The length header must agree with the
 * frame's size exactly (`FRAME_LENGTH_MISMATCH` otherwise); a frame too short for its parts throws
 * `FRAME_TRUNCATED`. TPDU addresses and header digits are read as they are, never checked.
 */
export function unframeMessage<P extends FrameProfile>(profile: P, frame: Uint8Array): UnframedMessage<P> {
  ensureProfile(profile);
  expectBytes(frame, 'frame');
  const length = checkFrameLength(profile.lengthHeader, frame);
  let pos = lengthHeaderSize(profile.lengthHeader);
  let tpdu: Tpdu | undefined;
  if (profile.tpdu) {
    tpdu = decodeTpdu(frame, pos);
    pos += TPDU_LENGTH;
  }
  const extra: Record<string, Uint8Array> = {};
  for (const block of profile.extraBlocks ?? []) {
    checkRoom(frame, pos, block.length, 'an extra block', `extra.${block.name}`);
    extra[block.name] = frame.subarray(pos, pos + block.length);
    pos += block.length;
  }
  let header: CupHeader | Uint8Array | undefined;
  if (profile.header === 'cup') {
    header = decodeCupHeader(frame, pos);
    pos += CUP_HEADER_LENGTH;
  } else if (profile.header !== 'none') {
    const n = profile.header.length;
    checkRoom(frame, pos, n, 'the header');
    header = frame.subarray(pos, pos + n);
    pos += n;
  }
  return new UnframedParts(length, tpdu, extra, header, frame.subarray(pos)) as UnframedMessage<P>;
}

/** The parts of a frame, as `unframeMessage` returns them; logs show the body's size, never its bytes. */
class UnframedParts {
  constructor(
    readonly length: number | undefined,
    readonly tpdu: Tpdu | undefined,
    readonly extra: Readonly<Record<string, Uint8Array>>,
    readonly header: CupHeader | Uint8Array | undefined,
    readonly body: Uint8Array,
  ) {}
}

defineMaskedRendering(UnframedParts.prototype, {
  name: 'UnframedMessage',
  masked: (u) => ({
    length: u.length,
    tpdu: u.tpdu,
    extra: Object.fromEntries(Object.entries(u.extra).map(([name, bytes]) => [name, redactedBytes(bytes)])),
    header: u.header instanceof Uint8Array ? redactedBytes(u.header) : u.header,
    body: redactedBytes(u.body),
  }),
});

/**
 * Checks that the length header at the start of `frame` announces exactly the bytes that follow it,
 * and returns the number it holds (`undefined` without a header). Throws `FRAME_LENGTH_MISMATCH`
 * with the offset where the two disagree.
 */
export function checkFrameLength(lengthHeader: LengthHeaderSpec, frame: Uint8Array): number | undefined {
  checkLengthHeaderSpec(lengthHeader);
  expectBytes(frame, 'frame');
  if (lengthHeader.kind === 'none') return undefined;
  const size = lengthHeaderSize(lengthHeader);
  const announced = decodeLengthHeader(lengthHeader, frame, 0);
  const held = frame.length - size;
  if (announced > held) {
    throw new Iso8583Error('FRAME_LENGTH_MISMATCH', 'length header announces more bytes than the frame holds', {
      offset: frame.length,
      expected: `${announced} bytes after the length header`,
      found: `${held} bytes`,
    });
  }
  if (announced < held) {
    throw new Iso8583Error('FRAME_LENGTH_MISMATCH', 'frame holds more bytes than its length header announces', {
      offset: size + announced,
      expected: `${announced} bytes after the length header`,
      found: `${held} bytes`,
    });
  }
  return announced + (lengthHeader.inclusive ? size : 0);
}

function missing(path: string, detail: string): Iso8583Error {
  return new Iso8583Error('MISSING_FRAME_PART', detail, { path });
}

function unexpected(path: string, detail: string): Iso8583Error {
  return new Iso8583Error('UNEXPECTED_FRAME_PART', detail, { path });
}

function sized(bytes: unknown, length: number, path: string, detail: string): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new Iso8583Error('BAD_FRAME_PART', detail, {
      path,
      expected: `${length} bytes`,
      found: bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes,
    });
  }
  return bytes;
}
