// The framings the inspector reads (library frame profiles), and a frame split into its parts even when it is broken.
import {
  CUP_APPLICATION_TYPES,
  CUP_HEADER_LENGTH,
  CUP_PROCESSING_REQUIREMENTS,
  CUP_TERMINAL_STATUSES,
  Iso8583Error,
  TPDU_LENGTH,
  checkFrameLength,
  cupFrameProfile,
  decodeCupHeader,
  decodeLengthHeader,
  decodeTpdu,
  lengthHeaderSize,
  lengthHeaders,
  lengthOnlyFrameProfile,
  plainFrameProfile,
  toHex,
  type FrameProfile,
  type LengthHeaderSpec,
} from '../src/portable.js';
import type { InspectorRow } from './rows.js';

export type FramingName = 'cup' | 'tpdu-header' | 'length' | 'ascii-length' | 'none';

/** Each framing's label and library frame profile, in the order auto-detection prefers them. */
export const FRAMINGS: Readonly<Record<FramingName, { label: string; profile: FrameProfile }>> = {
  cup: { label: 'CUP: 2-byte length, TPDU, header', profile: cupFrameProfile },
  'tpdu-header': { label: 'TPDU and CUP header, no length', profile: { lengthHeader: lengthHeaders.none, tpdu: true, header: 'cup' } },
  length: { label: '2-byte length only', profile: plainFrameProfile },
  'ascii-length': { label: '4-digit ASCII length only', profile: lengthOnlyFrameProfile(lengthHeaders.ascii4) },
  none: { label: 'none: the message alone', profile: { lengthHeader: lengthHeaders.none, tpdu: false, header: 'none' } },
};

export const FRAMING_NAMES = Object.keys(FRAMINGS) as FramingName[];

export function isFramingName(name: string): name is FramingName {
  return Object.prototype.hasOwnProperty.call(FRAMINGS, name);
}

/** A frame taken apart: rows for its parts, where the body lies, and the first framing error. */
export interface FrameSplit {
  rows: InspectorRow[];
  bodyStart: number;
  /** Just past the body: the frame's end as the length header announces it, or the input's end. */
  bodyEnd: number;
  /** The length header announces more bytes than the input holds, or fewer. */
  error?: Iso8583Error;
  /** A length header was read and agrees with the bytes that follow. */
  lengthAgrees: boolean;
}

/** Splits `bytes` as `framing` lays a frame out, reading on past a length that disagrees with the input. */
export function splitFrame(bytes: Uint8Array, framing: FramingName): FrameSplit {
  const profile = FRAMINGS[framing].profile;
  const rows: InspectorRow[] = [];
  let pos = 0;
  let end = bytes.length;
  let error: Iso8583Error | undefined;
  let lengthAgrees = false;
  try {
    const lh = profile.lengthHeader;
    if (lh.kind !== 'none') {
      const size = lengthHeaderSize(lh);
      const announced = decodeLengthHeader(lh, bytes, 0);
      const held = bytes.length - size;
      try {
        checkFrameLength(lh, bytes);
        lengthAgrees = true;
      } catch (e) {
        if (!(e instanceof Iso8583Error)) throw e;
        error = e;
      }
      // The frame ends where its length says; bytes past that are not part of it.
      end = Math.min(bytes.length, size + announced);
      const agreement = announced === held ? 'as many as follow' : announced > held ? `${held} follow` : `${held} follow, ${held - announced} too many`;
      rows.push(frameRow('length', 'Length header', '报文长度', lengthAttribute(lh), toHex(bytes, 0, size), `${announced} bytes (${agreement})`, 0, size));
      pos = size;
    }
    const frame = bytes.subarray(0, end);
    if (profile.tpdu) {
      const tpdu = decodeTpdu(frame, pos);
      const parent = rows.length;
      rows.push(frameRow('tpdu', 'TPDU', '传输协议数据单元', 'b 5', toHex(frame, pos, pos + TPDU_LENGTH), '', pos, pos + TPDU_LENGTH));
      rows.push(frameRow('tpdu.id', 'TPDU id', '', 'b 1', tpdu.id, tpdu.id === '60' ? '60 (ISO 8583 message)' : tpdu.id, pos, pos + 1, parent));
      rows.push(frameRow('tpdu.dest', 'Destination address', '目的地址', 'b 2', tpdu.destination, tpdu.destination, pos + 1, pos + 3, parent));
      rows.push(frameRow('tpdu.src', 'Source address', '源地址', 'b 2', tpdu.source, tpdu.source, pos + 3, pos + 5, parent));
      pos += TPDU_LENGTH;
    }
    if (profile.header === 'cup') {
      const h = decodeCupHeader(frame, pos);
      const parent = rows.length;
      rows.push(frameRow('header', 'CUP message header', '报文头', 'n 12 BCD', toHex(frame, pos, pos + CUP_HEADER_LENGTH), '', pos, pos + CUP_HEADER_LENGTH));
      const part = (path: string, name: string, localName: string, digits: string, at: number, meanings: Readonly<Record<string, string>>): void => {
        const meaning = Object.prototype.hasOwnProperty.call(meanings, digits) ? meanings[digits] : undefined;
        const first = pos + Math.floor(at / 2);
        const last = pos + Math.ceil((at + digits.length) / 2);
        rows.push(frameRow(`header.${path}`, name, localName, `n ${digits.length}`, digits, meaning ? `${digits} (${words(meaning)})` : digits, first, last, parent));
      };
      part('type', 'Application type', '应用类别定义', h.applicationType, 0, CUP_APPLICATION_TYPES);
      part('version', 'Specification version', '软件总版本号', h.specVersion, 2, {});
      part('status', 'Terminal status', '终端状态', h.terminalStatus, 4, CUP_TERMINAL_STATUSES);
      part('request', 'Processing requirement', '处理要求', h.processingRequirement, 5, CUP_PROCESSING_REQUIREMENTS);
      part('sub', 'Software sub-version', '软件分版本号', h.subVersion, 6, {});
      pos += CUP_HEADER_LENGTH;
    }
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    // The frame is too short for its parts: no body to read.
    return { rows, bodyStart: Math.min(pos, end), bodyEnd: Math.min(pos, end), error: error ?? e, lengthAgrees };
  }
  return error ? { rows, bodyStart: pos, bodyEnd: end, error, lengthAgrees } : { rows, bodyStart: pos, bodyEnd: end, lengthAgrees };
}

function lengthAttribute(lh: Exclude<LengthHeaderSpec, { kind: 'none' }>): string {
  if (lh.kind === 'ascii') return `n ${lh.size} ASCII`;
  if (lh.kind === 'bcd') return `n ${2 * lh.size} BCD`;
  return `b ${lh.size}`;
}

function frameRow(path: string, name: string, localName: string, attribute: string, hex: string, value: string, start: number, end: number, parent = -1): InspectorRow {
  const row: InspectorRow = { path, name, attribute, prefixHex: '', hex, value, depth: parent < 0 ? 0 : 1, start, end, masked: false, kind: 'frame', parent };
  if (localName) row.localName = localName;
  return row;
}

// The library names meanings in camelCase (`downloadCaPublicKeys`); people read "download CA public keys".
const ACRONYMS: Readonly<Record<string, string>> = { ic: 'IC', ca: 'CA', tms: 'TMS' };

function words(camel: string): string {
  return camel
    .split(/(?=[A-Z])/)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase())
    .join(' ');
}
