import { Iso8583Error } from '../errors.js';

/** The four positions of an MTI, spelled out. */
export interface MtiParts {
  /** `'0'` 1987, `'1'` 1993, `'2'` 2003, `'8'` national, `'9'` private. */
  version: string;
  /** `'1'` authorization, `'2'` financial, `'3'` file actions, `'4'` reversal/chargeback, `'5'` reconciliation, `'6'` administrative, `'7'` fee collection, `'8'` network management. */
  messageClass: string;
  /** `'0'` request, `'1'` request response, `'2'` advice, `'3'` advice response, `'4'` notification, `'5'` notification acknowledgement, `'6'` instruction, `'7'` instruction acknowledgement. */
  messageFunction: string;
  /** `'0'` acquirer, `'1'` acquirer repeat, `'2'` issuer, `'3'` issuer repeat, `'4'` other, `'5'` other repeat. */
  origin: string;
}

// Indexed by the MTI's digit; a hole is a reserved value.
const VERSIONS = ['ISO 8583:1987', 'ISO 8583:1993', 'ISO 8583:2003', , , , , , 'national use', 'private use'];
const CLASSES = [, 'authorization', 'financial', 'file action', 'reversal', 'reconciliation', 'administrative', 'fee collection', 'network management'];
// Even functions are requests of a kind; the odd one after each answers it.
const FUNCTIONS = ['request', 'advice', 'notification', 'instruction'];
const ORIGINS = ['from the acquirer', 'repeated by the acquirer', 'from the issuer', 'repeated by the issuer', 'from another party', 'repeated by another party'];

/** Throws unless `mti` is four decimal digits. */
export function checkMti(mti: unknown): asserts mti is string {
  if (typeof mti !== 'string' || mti.length !== 4 || !isDigit(mti, 0) || !isDigit(mti, 1) || !isDigit(mti, 2) || !isDigit(mti, 3)) {
    throw badMti();
  }
}

/** The error for an MTI that is not four decimal digits (at `offset` of a body being decoded). */
export function badMti(offset?: number): Iso8583Error {
  return new Iso8583Error('BAD_MTI', 'MTI must be 4 digits', { path: 'MTI', offset, expected: '4 digits' });
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Splits an MTI into version, class, function and origin. */
export function parseMti(mti: string): MtiParts {
  checkMti(mti);
  return { version: mti[0]!, messageClass: mti[1]!, messageFunction: mti[2]!, origin: mti[3]! };
}

/** A one-line English reading of an MTI, e.g. `0200` → `ISO 8583:1987 financial request from the acquirer`. */
export function describeMti(mti: string): string {
  checkMti(mti);
  const f = Number(mti[2]);
  const kind = FUNCTIONS[f >> 1];
  const fn = kind === undefined ? 'reserved function' : f & 1 ? `${kind} ${f < 4 ? 'response' : 'acknowledgement'}` : kind;
  return `${VERSIONS[Number(mti[0])] ?? 'reserved version'} ${CLASSES[Number(mti[1])] ?? 'reserved class'} ${fn} ${ORIGINS[Number(mti[3])] ?? 'of reserved origin'}`;
}

/** True for request, advice, notification and instruction MTIs (function digit even). */
export function isRequestMti(mti: string): boolean {
  return Number(parseMti(mti).messageFunction) % 2 === 0;
}

/** True for the MTIs that answer another (function digit odd). */
export function isResponseMti(mti: string): boolean {
  return !isRequestMti(mti);
}

/** The MTI answering a request or advice: `0200` → `0210`, `0220` → `0230`, `0401` → `0410`. */
export function responseMti(mti: string): string {
  const p = parseMti(mti);
  const f = Number(p.messageFunction);
  if (f % 2 === 1) {
    throw new Iso8583Error('BAD_MTI', 'MTI is already a response', { path: 'MTI', expected: 'a request, advice, notification or instruction' });
  }
  // A repeat is answered like the original: the origin's repeat bit is cleared.
  const origin = Number(p.origin);
  return `${p.version}${p.messageClass}${f + 1}${origin - (origin % 2)}`;
}

/** The repeat of a request or advice: `0200` → `0201`, `0420` → `0421`. */
export function repeatMti(mti: string): string {
  const p = parseMti(mti);
  const origin = Number(p.origin);
  if (origin % 2 === 1) return mti;
  return `${p.version}${p.messageClass}${p.messageFunction}${origin + 1}`;
}

/** The advice form of a request: `0100` → `0120`, `0200` → `0220`, `0400` → `0420`. */
export function adviceMti(mti: string): string {
  const p = parseMti(mti);
  if (p.messageFunction !== '0') {
    throw new Iso8583Error('BAD_MTI', 'only a request MTI has an advice form', { path: 'MTI', expected: 'function digit 0' });
  }
  return `${p.version}${p.messageClass}2${p.origin}`;
}

/** True when the origin digit marks a repeat (odd origin). */
export function isRepeatMti(mti: string): boolean {
  return Number(parseMti(mti).origin) % 2 === 1;
}
