/**
 * The copy of a request a terminal may keep once it is authorised (for its reversal, its batch record and
 * its detail upload): no PIN data, track images, track-equivalent chip data or MAC, but the card number and
 * expiry, read from a clear track 2 when the request named the card only there.
 */
import type { CanonicalTlv, CanonicalValue, MessageObject } from '../message/engine.js';

/** Fields never kept: PIN length and block, tracks, security control (PIN and track key flags), the MAC. */
const SECRET_FIELDS: readonly string[] = ['26', '35', '36', '52', '53', '64'];

/** Chip tags holding track images or their discretionary data (EMV book 3, annex A): never kept after authorisation. */
const TRACK_EQUIVALENT_TAGS: readonly string[] = ['56', '57', '9F1F', '9F20', '9F6B'];

/** 53.3 = 1: the track bytes are partly TDK ciphertext, so no PAN can be read from them. */
function trackEncrypted(field53: CanonicalValue | undefined): boolean {
  if (typeof field53 === 'string') return field53.charAt(2) === '1';
  if (field53 !== undefined && !Array.isArray(field53)) return field53['3'] === '1';
  return false;
}

/** `fields` in ascending field-number order. */
export function sortedFields(fields: Record<string, CanonicalValue>): Record<string, CanonicalValue> {
  const out: Record<string, CanonicalValue> = {};
  for (const key of Object.keys(fields).sort((a, b) => Number(a) - Number(b))) out[key] = fields[key]!;
  return out;
}

/** Field 55 without the track-equivalent tags; `undefined` when nothing is left or it is not a TLV list. */
function keptIcc(icc: CanonicalValue | undefined): CanonicalTlv[] | undefined {
  if (!Array.isArray(icc)) return undefined;
  const kept = icc.filter((node) => !TRACK_EQUIVALENT_TAGS.includes(node.tag.toUpperCase())).map((node) => JSON.parse(JSON.stringify(node)) as CanonicalTlv);
  return kept.length > 0 ? kept : undefined;
}

/** What a terminal may keep of `request` (a deep copy); field 39 is left out too, as only a reversal sets it. */
export function keptRequest(request: MessageObject): MessageObject {
  const source = request.fields;
  const fields: Record<string, CanonicalValue> = {};
  for (const key of Object.keys(source)) {
    if (SECRET_FIELDS.includes(key) || key === '39' || key === '55') continue;
    fields[key] = JSON.parse(JSON.stringify(source[key])) as CanonicalValue;
  }
  const track2 = source['35'];
  if (typeof track2 === 'string' && !trackEncrypted(source['53'])) {
    const sep = track2.search(/[D=]/i);
    if (sep > 0 && fields['2'] === undefined) fields['2'] = track2.slice(0, sep);
    const expiry = sep > 0 ? track2.slice(sep + 1, sep + 5) : '';
    if (/^[0-9]{4}$/.test(expiry) && fields['14'] === undefined) fields['14'] = expiry;
  }
  const icc = keptIcc(source['55']);
  if (icc) fields['55'] = icc;
  return { mti: request.mti, fields: sortedFields(fields) };
}
