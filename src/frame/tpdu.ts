import { expectBytes, expectInteger, expectObject } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { checkRoom } from './room.js';
import { fromHex, isHex, toHex } from '../bytes/hex.js';

/**
 * Transport Protocol Data Unit: 1 byte id (`60` for ISO 8583 traffic) and two 2-byte addresses
 * (NIIs). Every member is upper-case hex text, e.g. `{ id: '60', destination: '0501', source: '0000' }`.
 */
export interface Tpdu {
  readonly id: string;
  readonly destination: string;
  readonly source: string;
}

/** Bytes a TPDU takes on the wire. */
export const TPDU_LENGTH = 5;

/** The TPDU bytes of `tpdu`; throws `BAD_TPDU` when a member is not hex of the right width. */
export function encodeTpdu(tpdu: Tpdu): Uint8Array {
  expectObject(tpdu, 'tpdu');
  checkMember(tpdu.id, 2, 'tpdu.id', 'TPDU id must be 2 hex digits');
  checkMember(tpdu.destination, 4, 'tpdu.destination', 'TPDU destination address must be 4 hex digits');
  checkMember(tpdu.source, 4, 'tpdu.source', 'TPDU source address must be 4 hex digits');
  return fromHex(tpdu.id + tpdu.destination + tpdu.source);
}

/**
 * The TPDU at `bytes[offset]`. Any id and addresses are accepted (hosts differ); throws
 * `FRAME_TRUNCATED` when fewer than 5 bytes remain.
 */
export function decodeTpdu(bytes: Uint8Array, offset = 0): Tpdu {
  expectBytes(bytes, 'bytes');
  expectInteger(offset, 'offset', 0, bytes.length);
  checkRoom(bytes, offset, TPDU_LENGTH, 'the TPDU');
  return {
    id: toHex(bytes, offset, offset + 1),
    destination: toHex(bytes, offset + 1, offset + 3),
    source: toHex(bytes, offset + 3, offset + 5),
  };
}

/** The TPDU a response usually carries: same id, addresses swapped. Hosts may answer otherwise; parsing never insists on it. */
export function swapTpdu(tpdu: Tpdu): Tpdu {
  encodeTpdu(tpdu);
  return { id: tpdu.id, destination: tpdu.source, source: tpdu.destination };
}

function checkMember(value: unknown, digits: number, path: string, detail: string): void {
  if (typeof value !== 'string' || value.length !== digits || !isHex(value)) {
    throw new Iso8583Error('BAD_TPDU', detail, {
      path,
      expected: `${digits} hex digits`,
      found: typeof value === 'string' ? `${value.length} characters` : typeof value,
    });
  }
}
