/**
 * How the card was read and what the PIN pad produced, and the request fields that follow from
 * them (CUP POS §3.1 field 22, §3.3 tracks, §3.5 field 53, §3.7 field 55, §3.8 field 59 `A3`).
 */
import { isPrintableAscii } from '../../arguments.js';
import { isHex } from '../../bytes/hex.js';
import type { CanonicalTlv } from '../../message/engine.js';
import type { Message } from '../../message/message.js';
import {
  checkDigits,
  checkExpiry,
  checkFlag,
  checkPan,
  isDigits,
  isRecord,
  luhnValid,
  type InputProblems,
} from './validate-input.js';

/** How the card was read. */
export type CardInput =
  | { entry: 'magstripe'; track2: string; track3?: string; pan?: string; expiry?: string; fallback?: boolean }
  | { entry: 'contact'; pan: string; expiry?: string; sequence?: string; track2?: string; icc: CanonicalTlv[] | Uint8Array }
  | { entry: 'contactless'; pan: string; expiry?: string; sequence?: string; track2?: string; icc: CanonicalTlv[] | Uint8Array }
  | { entry: 'manual'; pan: string; expiry: string }
  | QrInput;

/**
 * A scanned-code (QR) payment, 22 = `03x`: in a sale the C2B payment code scanned from the customer's
 * phone (field 59 tag `A3`); in its void or refund the payment voucher (付款凭证码, 59 `A4`) the sale's
 * answer returned, since a payment code is single-use and expires within minutes.
 */
export type QrInput = {
  entry: 'qr';
  /** Further field 59 tags an acquirer asks for (a payment channel marker, an order number). */
  tags?: QrTag[];
} & ({ code: string; voucher?: undefined } | { voucher: string; code?: undefined });

/** One field 59 ASCII TLV entry: a 2-character tag and printable text. */
export interface QrTag {
  tag: string;
  value: string;
}

/** An enciphered PIN block and how it was made (fields 26, 52 and 53). */
export interface PinInput {
  /** The 8-byte PIN block, already enciphered under the PIK. */
  block: Uint8Array;
  /** Most PIN digits the PIN pad accepts (field 26); default `'06'`. */
  maxLength?: '06' | '12';
  /** 53.1: ISO 9564 format 0 with the PAN (`'iso0'`, default) or CUP's format without the PAN. */
  format?: 'iso0' | 'cup-no-pan';
  /** 53.2: the PIK is single DES or double-length TDES (default). */
  algorithm?: 'des' | 'tdes';
}

/** Digits 1–2 of field 22 for each way of reading a card. */
const PAN_ENTRY_MODE: Readonly<Record<CardInput['entry'], string>> = {
  manual: '01',
  magstripe: '02',
  qr: '03',
  contact: '05',
  contactless: '07',
};

/** Most bytes field 55 may hold. */
const MAX_ICC_BYTES = 255;

/** The PAN and expiry that a track 2 image carries before and after its separator. */
function splitTrack2(track2: string): { pan: string; expiry: string | undefined } {
  const sep = track2.indexOf('D');
  const pan = track2.slice(0, sep);
  const rest = track2.slice(sep + 1);
  return { pan, expiry: rest.length >= 4 ? rest.slice(0, 4) : undefined };
}

/** Whether `s` holds track digits and exactly the separators allowed (`=` or `D`). */
function isTrackText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 61 /* = */ || c === 68 /* D */)) return false;
  }
  return true;
}

/** Track 2 with `D` as separator: up to 37 characters, a 12–19 digit PAN, one separator. */
function checkTrack2(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length < 13 || value.length > 37 || !isTrackText(value)) {
    p.add('BAD_TRACK', 'track 2 must be 13 to 37 digits and one separator (= or D)', path, 'z ..37');
    return undefined;
  }
  const track = value.replace('=', 'D');
  const sep = track.indexOf('D');
  if (sep < 12 || sep > 19 || track.indexOf('D', sep + 1) >= 0 || track.indexOf('=') >= 0) {
    p.add('BAD_TRACK', 'track 2 must hold one separator after a 12 to 19 digit PAN', path, 'z ..37');
    return undefined;
  }
  if (!luhnValid(track.slice(0, sep))) {
    p.add('BAD_LUHN', 'PAN in track 2 fails the Luhn check', path, 'Luhn check digit');
    return undefined;
  }
  return track;
}

/** Track 3 with `D` as separator: 1 to 104 digits and separators. */
function checkTrack3(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length < 1 || value.length > 104 || !isTrackText(value)) {
    p.add('BAD_TRACK', 'track 3 must be 1 to 104 digits and separators (= or D)', path, 'z ..104');
    return undefined;
  }
  return value.replace(/=/g, 'D');
}

/** Bytes one TLV entry takes on the wire, or -1 when its tag or value is not hex. */
function tlvSize(node: unknown): number {
  if (!isRecord(node)) return -1;
  const { tag, value, children } = node;
  if (typeof tag !== 'string' || tag.length < 2 || tag.length > 8 || tag.length % 2 !== 0 || !isHex(tag)) return -1;
  let content: number;
  if (Array.isArray(children)) {
    content = 0;
    for (const c of children) {
      const n = tlvSize(c);
      if (n < 0) return -1;
      content += n;
    }
  } else if (typeof value === 'string' && value.length % 2 === 0 && (value.length === 0 || isHex(value))) {
    content = value.length / 2;
  } else {
    return -1;
  }
  const lengthBytes = content < 128 ? 1 : content < 256 ? 2 : 3;
  return tag.length / 2 + lengthBytes + content;
}

/** Field 55 content: a BER-TLV list with hex values, or raw bytes; 1 to 255 bytes either way. */
function checkIcc(p: InputProblems, value: unknown, path: string): CanonicalTlv[] | Uint8Array | undefined {
  let size: number;
  if (value instanceof Uint8Array) {
    size = value.length;
  } else if (Array.isArray(value)) {
    size = 0;
    for (let i = 0; i < value.length; i++) {
      const n = tlvSize(value[i]);
      if (n < 0) {
        p.add('BAD_ICC', 'ICC data entries need a hex tag and a hex value or children', `${path}.${i}`, '{ tag, value }');
        return undefined;
      }
      size += n;
    }
  } else {
    p.add('BAD_ICC', 'ICC data must be a TLV list or bytes', path, 'TLV list or Uint8Array');
    return undefined;
  }
  if (size < 1 || size > MAX_ICC_BYTES) {
    p.add('BAD_ICC', `ICC data must be 1 to ${MAX_ICC_BYTES} bytes`, path, `b 1..${MAX_ICC_BYTES}`);
    return undefined;
  }
  return value;
}

/** A scanned C2B payment code: 16 to 24 digits. */
function checkPaymentCode(p: InputProblems, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length < 16 || value.length > 24 || !isDigits(value)) {
    p.add('BAD_PAYMENT_CODE', 'payment code must be 16 to 24 digits', path, 'n 16..24');
    return undefined;
  }
  return value;
}

/** A payment voucher (付款凭证码) as the sale's answer returned it: 1 to 64 printable characters. */
function checkVoucher(p: InputProblems, value: unknown, path: string): string | undefined {
  if (!isPrintableAscii(value, 1, 64)) {
    p.add('BAD_PAYMENT_CODE', 'payment voucher must be 1 to 64 printable ASCII characters', path, 'ans 1..64');
    return undefined;
  }
  return value;
}

/** Extra field 59 tags: 2 printable characters each (not A1 to A4, which the builders set) and printable values. */
function checkQrTags(p: InputProblems, value: unknown, path: string): QrTag[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    p.add('BAD_DATA', 'QR tags must be a list of { tag, value }', path, 'QrTag[]');
    return undefined;
  }
  const before = p.count;
  value.forEach((t, i) => {
    if (!isRecord(t) || !isPrintableAscii(t.tag, 2, 2) || ['A1', 'A2', 'A3', 'A4'].includes(t.tag as string)) {
      p.add('BAD_DATA', 'QR tag must be 2 printable characters other than A1 to A4', `${path}.${i}.tag`, 'ans 2');
    } else if (!isPrintableAscii(t.value, 0, 512)) {
      p.add('BAD_DATA', 'QR tag value must be printable ASCII', `${path}.${i}.value`, 'ans ..512');
    }
  });
  return p.count > before ? undefined : (value as QrTag[]).map((t) => ({ tag: t.tag, value: t.value }));
}

/** Whether `a`, when given, agrees with `b` from track 2. */
function agrees(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * Checks a card input, recording every problem under `path`; returns the card with tracks in
 * their wire form (`D` separators) when it is usable.
 */
export function checkCard(p: InputProblems, value: unknown, path = 'card'): CardInput | undefined {
  if (!isRecord(value)) {
    p.add('MISSING_INPUT', `${path} is required`, path, 'object');
    return undefined;
  }
  const before = p.count;
  const opt = <T>(v: unknown, check: (v: unknown) => T | undefined): T | undefined => (v === undefined ? undefined : check(v));
  switch (value.entry) {
    case 'magstripe': {
      const track2 = checkTrack2(p, value.track2, `${path}.track2`);
      const track3 = opt(value.track3, (v) => checkTrack3(p, v, `${path}.track3`));
      const pan = opt(value.pan, (v) => checkPan(p, v, `${path}.pan`));
      const expiry = opt(value.expiry, (v) => checkExpiry(p, v, `${path}.expiry`));
      const fallback = checkFlag(p, value.fallback, `${path}.fallback`);
      if (track2 !== undefined) checkAgainstTrack2(p, track2, pan, expiry, path);
      if (p.count > before) return undefined;
      return { entry: 'magstripe', track2: track2!, track3, pan, expiry, fallback };
    }
    case 'contact':
    case 'contactless': {
      const pan = checkPan(p, value.pan, `${path}.pan`);
      const expiry = opt(value.expiry, (v) => checkExpiry(p, v, `${path}.expiry`));
      const sequence = opt(value.sequence, (v) => checkDigits(p, v, `${path}.sequence`, 3, 'card sequence number'));
      const track2 = opt(value.track2, (v) => checkTrack2(p, v, `${path}.track2`));
      const icc = checkIcc(p, value.icc, `${path}.icc`);
      if (track2 !== undefined) checkAgainstTrack2(p, track2, pan, expiry, path);
      if (p.count > before) return undefined;
      return { entry: value.entry, pan: pan!, expiry, sequence, track2, icc: icc! };
    }
    case 'manual': {
      const pan = checkPan(p, value.pan, `${path}.pan`);
      const expiry = checkExpiry(p, value.expiry, `${path}.expiry`);
      if (p.count > before) return undefined;
      return { entry: 'manual', pan: pan!, expiry: expiry! };
    }
    case 'qr': {
      const tags = checkQrTags(p, value.tags, `${path}.tags`);
      let card: QrInput | undefined;
      if (value.voucher !== undefined && value.code !== undefined) {
        p.add('UNEXPECTED_INPUT', 'a QR payment gives either a payment code or a voucher, not both', `${path}.voucher`, 'code or voucher');
      } else if (value.voucher !== undefined) {
        const voucher = checkVoucher(p, value.voucher, `${path}.voucher`);
        if (voucher !== undefined) card = { entry: 'qr', voucher };
      } else {
        const code = checkPaymentCode(p, value.code, `${path}.code`);
        if (code !== undefined) card = { entry: 'qr', code };
      }
      if (p.count > before || card === undefined) return undefined;
      return tags === undefined ? card : { ...card, tags };
    }
    default:
      p.add('BAD_ENTRY', 'card entry must be magstripe, contact, contactless, manual or qr', `${path}.entry`, 'entry mode');
      return undefined;
  }
}

/** Records a problem when a separately given PAN or expiry differs from what track 2 carries. */
function checkAgainstTrack2(p: InputProblems, track2: string, pan: string | undefined, expiry: string | undefined, path: string): void {
  const fromTrack = splitTrack2(track2);
  if (!agrees(pan, fromTrack.pan)) p.add('CARD_MISMATCH', 'PAN differs from the PAN in track 2', `${path}.pan`, 'PAN of track 2');
  if (!agrees(expiry, fromTrack.expiry)) {
    p.add('CARD_MISMATCH', 'expiry differs from the expiry in track 2', `${path}.expiry`, 'expiry of track 2');
  }
}

/** Checks a PIN input, recording every problem under `path`; returns it with its defaults filled in. */
export function checkPin(p: InputProblems, value: unknown, path = 'pin'): Required<PinInput> | undefined {
  if (!isRecord(value)) {
    p.add('MISSING_INPUT', `${path} is required`, path, 'object');
    return undefined;
  }
  const before = p.count;
  const { block, maxLength = '06', format = 'iso0', algorithm = 'tdes' } = value;
  if (!(block instanceof Uint8Array) || block.length !== 8) {
    p.add('BAD_PIN_BLOCK', 'PIN block must be 8 bytes', `${path}.block`, '8 bytes');
  }
  if (maxLength !== '06' && maxLength !== '12') {
    p.add('BAD_PIN_OPTION', 'maximum PIN length must be 06 or 12', `${path}.maxLength`, "'06' or '12'");
  }
  if (format !== 'iso0' && format !== 'cup-no-pan') {
    p.add('BAD_PIN_OPTION', 'PIN block format must be iso0 or cup-no-pan', `${path}.format`, "'iso0' or 'cup-no-pan'");
  }
  if (algorithm !== 'des' && algorithm !== 'tdes') {
    p.add('BAD_PIN_OPTION', 'PIN algorithm must be des or tdes', `${path}.algorithm`, "'des' or 'tdes'");
  }
  if (p.count > before) return undefined;
  return { block: block as Uint8Array, maxLength, format, algorithm } as Required<PinInput>;
}

/** Whether the card input carries a magnetic stripe image (track encryption needs one). */
export function hasTrack(card: CardInput): boolean {
  return (card.entry === 'magstripe' || card.entry === 'contact' || card.entry === 'contactless') && card.track2 !== undefined;
}

/** The card number: given, or read from track 2; a scanned code has none. */
export function panOf(card: CardInput): string | undefined {
  if (card.entry === 'qr') return undefined;
  if (card.pan !== undefined) return card.pan;
  return card.entry === 'magstripe' ? splitTrack2(card.track2).pan : undefined;
}

/** 60.5: `2` when a chip card had to be swiped because its chip could not be read, else `0`. */
export function iccConditionCode(card: CardInput): '0' | '2' {
  return card.entry === 'magstripe' && card.fallback === true ? '2' : '0';
}

/** 60.4 when the context does not give one: the least capability the read itself proves. */
export function provenReadCapability(card: CardInput): string {
  if (card.entry === 'contactless') return '6';
  if (card.entry === 'contact' || (card.entry === 'magstripe' && card.fallback === true)) return '5';
  return '0';
}

/** What `setCardFields` may add besides the card itself. */
export interface CardFieldOptions {
  pin?: Required<PinInput>;
  /** 53.3: the track images are to be sent enciphered with the TDK. */
  trackEncrypted?: boolean;
  /**
   * An offline advice sent after the fact: field 2 even when the PAN only came in track 2, no track
   * images (a terminal may not keep them once the transaction is authorised), and a swiped card
   * reported as keyed in (22 = `012`), as terminals send these advices so that 22 agrees with the
   * absent track.
   */
  advice?: boolean;
}

/**
 * Sets the fields a card read and PIN entry produce: 2, 14, 22, 23, 35, 36, 55 or 59, and with a
 * PIN 26, 52 and 53. Track images stay clear here: enciphering them is the sender's step.
 */
export function setCardFields(m: Message, card: CardInput, options: CardFieldOptions = {}): void {
  const { pin, trackEncrypted = false } = options;
  const advice = options.advice === true;
  const mode = advice && card.entry === 'magstripe' ? PAN_ENTRY_MODE.manual : PAN_ENTRY_MODE[card.entry];
  m.set('22', { '1': mode, '2': pin ? '1' : '2' });
  if (card.entry === 'qr') {
    const first = card.voucher !== undefined ? { tag: 'A4', value: card.voucher } : { tag: 'A3', value: card.code! };
    m.set('59', [first, ...(card.tags ?? [])]);
  } else {
    const pan = advice ? panOf(card) : card.pan;
    if (pan !== undefined) m.set('2', pan);
    if (card.expiry !== undefined) m.set('14', card.expiry);
    if (card.entry !== 'manual') {
      if (card.track2 !== undefined && !advice) m.set('35', card.track2);
      if (card.entry === 'magstripe') {
        if (card.track3 !== undefined && !advice) m.set('36', card.track3);
      } else {
        if (card.sequence !== undefined) m.set('23', card.sequence);
        m.set('55', card.icc);
      }
    }
  }
  if (pin) {
    m.set('26', pin.maxLength);
    m.set('52', pin.block);
  }
  if (pin || trackEncrypted) {
    m.set('53', {
      '1': pin ? (pin.format === 'iso0' ? '2' : '1') : '0',
      '2': pin?.algorithm === 'des' ? '0' : '6',
      '3': trackEncrypted ? '1' : '0',
      '4': '0000000000000',
    });
  }
}
