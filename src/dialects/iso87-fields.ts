/**
 * The ISO 8583:1987 data elements 2–128 as one table, shared by the ASCII and the binary dialect: the
 * facts (name, attribute, length, length form, sensitivity) live here once, and each dialect maps a row
 * to its wire form.
 *
 * Lengths and length forms are those of the de-facto reference layout, jPOS's ISO87APackager and
 * ISO87BPackager (the two agree field for field), so that messages interoperate with the many hosts
 * built on it. Where jPOS departs from the printed standard the row says so. Field 55 is the exception:
 * jPOS declares it LLLCHAR, but it carries EMV BER-TLV, so here it is binary (at most 255 bytes, as
 * ISO 8583:1993 sets for ICC data) and decoded as TLV.
 */
import type { Attribute, CompositeSpec, FieldSpec, Sensitivity } from '../codec/spec.js';
import { EMV_TAGS } from './emv-tags.js';

/** Length form: fixed, or a 2- or 3-digit length prefix. */
export type LengthForm = 'fixed' | 'LL' | 'LLL';

/**
 * How the value is packed on the wire, independent of the dialect's encoding: `digits` pack as BCD in a
 * binary dialect, `chars` stay characters everywhere, `bytes` are binary data, `amount` is a sign
 * character (`C`/`D`) followed by digits.
 */
export type Packing = 'digits' | 'chars' | 'bytes' | 'amount';

/** One data element of a generic ISO 8583 table, before a dialect gives it a wire form. */
export interface IsoFieldRow {
  name: string;
  attr: Attribute;
  /** Fixed length or maximum: characters or digits, bytes for `b`; for `x+n` the digits after the sign. */
  length: number;
  form: LengthForm;
  packing: Packing;
  sensitivity?: Sensitivity;
  composite?: CompositeSpec;
}

type RowExtras = Pick<IsoFieldRow, 'sensitivity' | 'composite'> & { packing?: Packing };

/** Builds a row; the packing follows from the attribute unless stated. */
export function fieldRow(attr: Attribute, length: number, form: LengthForm, name: string, extras: RowExtras = {}): IsoFieldRow {
  const packing: Packing =
    extras.packing ?? (attr === 'n' || attr === 'z' ? 'digits' : attr === 'b' ? 'bytes' : attr === 'x+n' ? 'amount' : 'chars');
  const r: IsoFieldRow = { name, attr, length, form, packing };
  if (extras.sensitivity !== undefined) r.sensitivity = extras.sensitivity;
  if (extras.composite !== undefined) r.composite = extras.composite;
  return r;
}

/** Field 55 in every generic dialect: EMV data objects, masked tag by tag. */
export const ICC_DATA_COMPOSITE: CompositeSpec = { kind: 'ber-tlv', tags: EMV_TAGS };

/** A reserved ISO, national or private field: free text behind a 3-digit length, as jPOS lays them out. */
export function reservedRow(name: string): IsoFieldRow {
  return fieldRow('ans', 999, 'LLL', name);
}

/** ISO 8583:1987 fields 2–128 keyed by field number. */
export const ISO87_FIELDS: Readonly<Record<string, IsoFieldRow>> = {
  '2': fieldRow('n', 19, 'LL', 'Primary account number (PAN)', { sensitivity: 'pan' }),
  '3': fieldRow('n', 6, 'fixed', 'Processing code'),
  '4': fieldRow('n', 12, 'fixed', 'Amount, transaction'),
  '5': fieldRow('n', 12, 'fixed', 'Amount, settlement'),
  '6': fieldRow('n', 12, 'fixed', 'Amount, cardholder billing'),
  '7': fieldRow('n', 10, 'fixed', 'Transmission date and time'),
  '8': fieldRow('n', 8, 'fixed', 'Amount, cardholder billing fee'),
  '9': fieldRow('n', 8, 'fixed', 'Conversion rate, settlement'),
  '10': fieldRow('n', 8, 'fixed', 'Conversion rate, cardholder billing'),
  '11': fieldRow('n', 6, 'fixed', 'System trace audit number'),
  '12': fieldRow('n', 6, 'fixed', 'Time, local transaction'),
  '13': fieldRow('n', 4, 'fixed', 'Date, local transaction'),
  // Expiry beside a PAN is cardholder data; masking it keeps logs out of PCI scope.
  '14': fieldRow('n', 4, 'fixed', 'Date, expiration', { sensitivity: 'secret' }),
  '15': fieldRow('n', 4, 'fixed', 'Date, settlement'),
  '16': fieldRow('n', 4, 'fixed', 'Date, conversion'),
  '17': fieldRow('n', 4, 'fixed', 'Date, capture'),
  '18': fieldRow('n', 4, 'fixed', 'Merchant type'),
  '19': fieldRow('n', 3, 'fixed', 'Acquiring institution country code'),
  '20': fieldRow('n', 3, 'fixed', 'PAN extended, country code'),
  '21': fieldRow('n', 3, 'fixed', 'Forwarding institution country code'),
  '22': fieldRow('n', 3, 'fixed', 'Point of service entry mode'),
  '23': fieldRow('n', 3, 'fixed', 'Card sequence number'),
  '24': fieldRow('n', 3, 'fixed', 'Network international identifier'),
  '25': fieldRow('n', 2, 'fixed', 'Point of service condition code'),
  '26': fieldRow('n', 2, 'fixed', 'Point of service PIN capture code'),
  '27': fieldRow('n', 1, 'fixed', 'Authorization identification response length'),
  '28': fieldRow('x+n', 8, 'fixed', 'Amount, transaction fee'),
  '29': fieldRow('x+n', 8, 'fixed', 'Amount, settlement fee'),
  '30': fieldRow('x+n', 8, 'fixed', 'Amount, transaction processing fee'),
  '31': fieldRow('x+n', 8, 'fixed', 'Amount, settlement processing fee'),
  '32': fieldRow('n', 11, 'LL', 'Acquiring institution identification code'),
  '33': fieldRow('n', 11, 'LL', 'Forwarding institution identification code'),
  '34': fieldRow('ns', 28, 'LL', 'Primary account number, extended', { sensitivity: 'pan' }),
  '35': fieldRow('z', 37, 'LL', 'Track 2 data', { sensitivity: 'track' }),
  // jPOS packs track 3 as characters (LLLCHAR) in both variants, not as BCD digits.
  '36': fieldRow('z', 104, 'LLL', 'Track 3 data', { sensitivity: 'track', packing: 'chars' }),
  '37': fieldRow('an', 12, 'fixed', 'Retrieval reference number'),
  '38': fieldRow('an', 6, 'fixed', 'Authorization identification response'),
  '39': fieldRow('an', 2, 'fixed', 'Response code'),
  '40': fieldRow('an', 3, 'fixed', 'Service restriction code'),
  '41': fieldRow('ans', 8, 'fixed', 'Card acceptor terminal identification'),
  '42': fieldRow('ans', 15, 'fixed', 'Card acceptor identification code'),
  '43': fieldRow('ans', 40, 'fixed', 'Card acceptor name/location'),
  // 44 and 46–48 carry free text in practice (spaces, punctuation): `ans`, not the standard's `an`.
  '44': fieldRow('ans', 25, 'LL', 'Additional response data'),
  // Track 1 carries `^` separators and the cardholder name, hence `ans` rather than the standard's `an`.
  '45': fieldRow('ans', 76, 'LL', 'Track 1 data', { sensitivity: 'track' }),
  '46': fieldRow('ans', 999, 'LLL', 'Additional data, ISO'),
  '47': fieldRow('ans', 999, 'LLL', 'Additional data, national'),
  '48': fieldRow('ans', 999, 'LLL', 'Additional data, private'),
  '49': fieldRow('an', 3, 'fixed', 'Currency code, transaction'),
  '50': fieldRow('an', 3, 'fixed', 'Currency code, settlement'),
  '51': fieldRow('an', 3, 'fixed', 'Currency code, cardholder billing'),
  '52': fieldRow('b', 8, 'fixed', 'Personal identification number (PIN) data', { sensitivity: 'pin' }),
  // Names the PIN block format and key index; no secret of its own.
  '53': fieldRow('n', 16, 'fixed', 'Security related control information'),
  '54': fieldRow('an', 120, 'LLL', 'Additional amounts'),
  '55': fieldRow('b', 255, 'LLL', 'ICC system related data', { composite: ICC_DATA_COMPOSITE }),
  '56': reservedRow('Reserved for ISO use'),
  '57': reservedRow('Reserved for national use'),
  '58': reservedRow('Reserved for national use'),
  '59': reservedRow('Reserved for national use'),
  '60': reservedRow('Reserved for private use'),
  '61': reservedRow('Reserved for private use'),
  '62': reservedRow('Reserved for private use'),
  '63': reservedRow('Reserved for private use'),
  '64': fieldRow('b', 8, 'fixed', 'Message authentication code (MAC)'),
  // jPOS reads bit 65 as a one-byte field, not as a third bitmap.
  '65': fieldRow('b', 1, 'fixed', 'Bitmap, extended'),
  '66': fieldRow('n', 1, 'fixed', 'Settlement code'),
  '67': fieldRow('n', 2, 'fixed', 'Extended payment code'),
  '68': fieldRow('n', 3, 'fixed', 'Receiving institution country code'),
  '69': fieldRow('n', 3, 'fixed', 'Settlement institution country code'),
  '70': fieldRow('n', 3, 'fixed', 'Network management information code'),
  '71': fieldRow('n', 4, 'fixed', 'Message number'),
  '72': fieldRow('n', 4, 'fixed', 'Message number, last'),
  '73': fieldRow('n', 6, 'fixed', 'Date, action'),
  '74': fieldRow('n', 10, 'fixed', 'Credits, number'),
  '75': fieldRow('n', 10, 'fixed', 'Credits, reversal number'),
  '76': fieldRow('n', 10, 'fixed', 'Debits, number'),
  '77': fieldRow('n', 10, 'fixed', 'Debits, reversal number'),
  '78': fieldRow('n', 10, 'fixed', 'Transfer, number'),
  '79': fieldRow('n', 10, 'fixed', 'Transfer, reversal number'),
  '80': fieldRow('n', 10, 'fixed', 'Inquiries, number'),
  '81': fieldRow('n', 10, 'fixed', 'Authorizations, number'),
  '82': fieldRow('n', 12, 'fixed', 'Credits, processing fee amount'),
  '83': fieldRow('n', 12, 'fixed', 'Credits, transaction fee amount'),
  '84': fieldRow('n', 12, 'fixed', 'Debits, processing fee amount'),
  '85': fieldRow('n', 12, 'fixed', 'Debits, transaction fee amount'),
  '86': fieldRow('n', 16, 'fixed', 'Credits, amount'),
  '87': fieldRow('n', 16, 'fixed', 'Credits, reversal amount'),
  '88': fieldRow('n', 16, 'fixed', 'Debits, amount'),
  '89': fieldRow('n', 16, 'fixed', 'Debits, reversal amount'),
  '90': fieldRow('n', 42, 'fixed', 'Original data elements'),
  '91': fieldRow('an', 1, 'fixed', 'File update code'),
  '92': fieldRow('an', 2, 'fixed', 'File security code'),
  // The standard prints an5; jPOS uses 6 characters.
  '93': fieldRow('an', 6, 'fixed', 'Response indicator'),
  '94': fieldRow('an', 7, 'fixed', 'Service indicator'),
  '95': fieldRow('an', 42, 'fixed', 'Replacement amounts'),
  // The standard prints b64 (8 bytes); jPOS uses 16 bytes.
  '96': fieldRow('b', 16, 'fixed', 'Message security code', { sensitivity: 'secret' }),
  '97': fieldRow('x+n', 16, 'fixed', 'Amount, net settlement'),
  '98': fieldRow('ans', 25, 'fixed', 'Payee'),
  '99': fieldRow('n', 11, 'LL', 'Settlement institution identification code'),
  '100': fieldRow('n', 11, 'LL', 'Receiving institution identification code'),
  '101': fieldRow('ans', 17, 'LL', 'File name'),
  // Account numbers: masked like a PAN.
  '102': fieldRow('ans', 28, 'LL', 'Account identification 1', { sensitivity: 'pan' }),
  '103': fieldRow('ans', 28, 'LL', 'Account identification 2', { sensitivity: 'pan' }),
  '104': fieldRow('ans', 100, 'LLL', 'Transaction description'),
  '105': reservedRow('Reserved for ISO use'),
  '106': reservedRow('Reserved for ISO use'),
  '107': reservedRow('Reserved for ISO use'),
  '108': reservedRow('Reserved for ISO use'),
  '109': reservedRow('Reserved for ISO use'),
  '110': reservedRow('Reserved for ISO use'),
  '111': reservedRow('Reserved for ISO use'),
  '112': reservedRow('Reserved for national use'),
  '113': reservedRow('Reserved for national use'),
  '114': reservedRow('Reserved for national use'),
  '115': reservedRow('Reserved for national use'),
  '116': reservedRow('Reserved for national use'),
  '117': reservedRow('Reserved for national use'),
  '118': reservedRow('Reserved for national use'),
  '119': reservedRow('Reserved for national use'),
  '120': reservedRow('Reserved for private use'),
  '121': reservedRow('Reserved for private use'),
  '122': reservedRow('Reserved for private use'),
  '123': reservedRow('Reserved for private use'),
  '124': reservedRow('Reserved for private use'),
  '125': reservedRow('Reserved for private use'),
  '126': reservedRow('Reserved for private use'),
  '127': reservedRow('Reserved for private use'),
  '128': fieldRow('b', 8, 'fixed', 'Message authentication code (MAC), secondary'),
};

/** Maps every row of a field table through `toSpec`, keeping the field numbers. */
export function mapFieldTable(
  table: Readonly<Record<string, IsoFieldRow>>,
  toSpec: (row: IsoFieldRow) => FieldSpec,
): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const [id, row] of Object.entries(table)) fields[id] = toSpec(row);
  return fields;
}
