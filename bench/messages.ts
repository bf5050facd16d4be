// The messages the bench times: three iso87ascii shapes (a purchase, a large 0200, a 0210 of short fields) and
// the captured CUP chip sale from fixtures/, with its MAC key.
import { readFileSync } from 'node:fs';
import { fromHex } from '../src/index.js';
import type { CupDialectOptions } from '../src/index.js';

/** A typical magnetic-stripe purchase: 17 fields, 185 characters. */
export const PURCHASE_FIELDS: Record<string, string> = {
  '2': '4761739001010119',
  '3': '000000',
  '4': '000000005000',
  '7': '0911131411',
  '11': '000123',
  '12': '131411',
  '13': '0911',
  '14': '2212',
  '18': '5999',
  '22': '051',
  '25': '00',
  '35': '4761739001010119=22122011758928889',
  '37': '123456789012',
  '41': '12345678',
  '42': 'MERCHANT0000001',
  '43': 'POS8583 TEST MERCHANT    SHANGHAI     CN',
  '49': '156',
};

const text = (seed: string, n: number): string => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

/** The purchase with long private and descriptive fields and a secondary bitmap: most bytes are in long text. */
export const LARGE_FIELDS: Record<string, string> = {
  ...PURCHASE_FIELDS,
  '48': text('LOYALTY ID 0000123456; BASKET 3 ITEMS; ', 300),
  '54': text('1002156C000000012345', 120),
  '60': text('POS TERMINAL CAPABILITIES 5 CHIP CONTACTLESS ', 200),
  '61': text('ORIGINAL DATA 0200 000122 0911131411; ', 150),
  '62': text('INVOICE 00001234 ORDER 987654321 ', 250),
  '63': text('FREE TEXT FOR THE ACQUIRER, PRINTED ON THE RECEIPT. ', 250),
  '102': '6222021234567890123',
  '103': '6222029876543210987',
  '104': text('PURCHASE OF GOODS AND SERVICES ', 100),
};

/** An approval answer made of short fixed fields, where per-field costs outweigh per-byte ones. */
export const SHORT_0210_FIELDS: Record<string, string> = {
  '3': '000000',
  '4': '000000005000',
  '7': '0911131411',
  '11': '000123',
  '12': '131412',
  '13': '0911',
  '15': '0912',
  '25': '00',
  '37': '123456789012',
  '38': 'A1B2C3',
  '39': '00',
  '41': '12345678',
  '49': '156',
};

/** The captured CUP contactless chip sale (`fixtures/cup/cup-0200-sale-1.json`): frame, body and what reads it. */
export interface CupSale {
  /** The whole frame as captured: 2-byte length, TPDU, CUP header, body. */
  readonly frame: Uint8Array;
  /** MTI, bitmap and fields. */
  readonly body: Uint8Array;
  /** The MAC key the fixture's source published (single DES). */
  readonly mak: Uint8Array;
  /** The dialect options its host needs (tracks padded with F). */
  readonly options: CupDialectOptions;
}

/** Loads the CUP sale fixture. */
export function cupSale(): CupSale {
  const url = new URL('../fixtures/cup/cup-0200-sale-1.json', import.meta.url);
  const fixture = JSON.parse(readFileSync(url, 'utf8')) as { hex: string; dialect: CupDialectOptions; fields: { mak: string } };
  const frame = fromHex(fixture.hex);
  // 2-byte length header, 5-byte TPDU, 6-byte CUP header.
  return { frame, body: frame.slice(13), mak: fromHex(fixture.fields.mak), options: fixture.dialect };
}
