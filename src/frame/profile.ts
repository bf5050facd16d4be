import { Iso8583Error } from '../errors.js';
import { BINARY2 } from './binary2.js';
import { checkLengthHeaderSpec, type LengthHeaderSpec } from './length-header.js';

/** A block of fixed length between the TPDU and the header (e.g. a 14-byte LRI/ANI block). */
export interface ExtraBlockSpec {
  readonly name: string;
  readonly length: number;
}

/** The message header a profile expects: the CUP 6-byte header, raw bytes of a fixed length, or none. */
export type HeaderSpec = 'cup' | 'none' | { readonly length: number };

/**
 * How messages are wrapped on the wire, as plain data: length header, then an optional TPDU,
 * then optional extra blocks, then an optional header, then the ISO 8583 body (MTI onwards).
 */
export interface FrameProfile {
  readonly lengthHeader: LengthHeaderSpec;
  readonly tpdu: boolean;
  readonly extraBlocks?: readonly ExtraBlockSpec[];
  readonly header: HeaderSpec;
}

/** CUP POS over TCP: 2-byte binary length, 5-byte TPDU, 6-byte CUP header. */
export const cupFrameProfile = {
  lengthHeader: BINARY2,
  tpdu: true,
  header: 'cup',
} as const satisfies FrameProfile;

/** 2-byte binary length and a TPDU, no message header (common for ISO 8583 terminals outside CUP). */
export const tpduFrameProfile = {
  lengthHeader: BINARY2,
  tpdu: true,
  header: 'none',
} as const satisfies FrameProfile;

/** Only a 2-byte binary length before the body. */
export const plainFrameProfile = {
  lengthHeader: BINARY2,
  tpdu: false,
  header: 'none',
} as const satisfies FrameProfile;

/** A profile with only the given length header before the body. */
export function lengthOnlyFrameProfile<L extends LengthHeaderSpec>(
  lengthHeader: L,
): { readonly lengthHeader: L; readonly tpdu: false; readonly header: 'none' } {
  checkLengthHeaderSpec(lengthHeader);
  return { lengthHeader, tpdu: false, header: 'none' };
}

/** Throws `BAD_FRAME_PROFILE` unless `profile` is complete and consistent. */
export function checkFrameProfile(profile: FrameProfile): void {
  if (profile === null || typeof profile !== 'object') {
    throw new Iso8583Error('BAD_FRAME_PROFILE', 'frame profile must be an object');
  }
  checkLengthHeaderSpec(profile.lengthHeader);
  if (typeof profile.tpdu !== 'boolean') {
    throw new Iso8583Error('BAD_FRAME_PROFILE', 'frame profile must say whether a TPDU is present', {
      path: 'tpdu',
      expected: 'boolean',
    });
  }
  const names = new Set<string>();
  const blocks: unknown = profile.extraBlocks ?? [];
  if (!Array.isArray(blocks)) {
    throw new Iso8583Error('BAD_FRAME_PROFILE', 'extra blocks must be a list', { path: 'extraBlocks' });
  }
  for (const [i, block] of (blocks as ExtraBlockSpec[]).entries()) {
    if (block === null || typeof block !== 'object' || typeof block.name !== 'string' || block.name === '' || names.has(block.name)) {
      throw new Iso8583Error('BAD_FRAME_PROFILE', 'extra block names must be distinct non-empty strings', {
        path: `extraBlocks.${i}.name`,
      });
    }
    names.add(block.name);
    if (!Number.isInteger(block.length) || block.length < 1) {
      throw new Iso8583Error('BAD_FRAME_PROFILE', 'extra block length must be a positive integer', {
        path: `extraBlocks.${i}.length`,
      });
    }
  }
  const header = profile.header;
  if (header === 'cup' || header === 'none') return;
  if (header === null || typeof header !== 'object' || !Number.isInteger(header.length) || header.length < 1) {
    throw new Iso8583Error('BAD_FRAME_PROFILE', "header must be 'cup', 'none' or { length } with a positive integer", {
      path: 'header',
    });
  }
}
