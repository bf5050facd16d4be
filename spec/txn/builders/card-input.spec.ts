import { describe, it, expect } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import {
  checkCard,
  checkPin,
  iccConditionCode,
  panOf,
  provenReadCapability,
  setCardFields,
  type CardInput,
} from '../../../src/txn/builders/card-input.js';
import { InputProblems } from '../../../src/txn/builders/validate-input.js';
import { cup } from '../../dialects/cup-dialect.js';
import { CHIP, MANUAL, PAN, QR, SWIPED } from './support.js';

const BLOCK = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

/** Problems recorded by one check, as "path code: message". */
function problems(check: (p: InputProblems) => unknown): string[] {
  const p = new InputProblems();
  check(p);
  try {
    p.throwIfAny();
    return [];
  } catch (e) {
    return (e as { problems: { path: string; code: string; message: string }[] }).problems.map((x) => `${x.code}: ${x.message}`);
  }
}

/** The fields a card read sets on an empty 0200, in canonical form. */
function fieldsFor(card: CardInput, options: Parameters<typeof setCardFields>[2] = {}): Record<string, unknown> {
  const m = cup.message('0200');
  setCardFields(m, card, options);
  return m.toObject().fields;
}

describe('field 22 and the card fields of each way of reading a card', () => {
  it('keys a manual entry as 012 with 2 and 14', () => {
    expect(fieldsFor(MANUAL)).toEqual({ '2': PAN, '14': '3012', '22': { '1': '01', '2': '2' } });
  });

  it('swipes as 022 with track 2 only, the PAN staying in the track', () => {
    expect(fieldsFor(SWIPED)).toEqual({ '22': { '1': '02', '2': '2' }, '35': '6225880123456783D28122010000000000000' });
  });

  it('sends an advice of a swiped card as keyed in (22 = 012), with the PAN of its track 2 in field 2 and no track', () => {
    expect(fieldsFor(SWIPED, { advice: true })).toEqual({ '2': '6225880123456783', '22': { '1': '01', '2': '2' } });
    expect(fieldsFor(CHIP, { advice: true })['22']).toEqual({ '1': '05', '2': '2' });
    expect(fieldsFor(CHIP, { advice: true })['35']).toBeUndefined();
  });

  it('sends track 3 and a separately given PAN and expiry of a swiped card', () => {
    const card: CardInput = { entry: 'magstripe', track2: '6225880123456783=2812201', track3: '996225880123456783=1561560', pan: '6225880123456783', expiry: '2812' };
    const checked = checkCard(new InputProblems(), card)!;
    const f = fieldsFor(checked);
    expect(f['35']).toBe('6225880123456783D2812201');
    expect(f['2']).toBe('6225880123456783');
    expect(f['14']).toBe('2812');
    expect(f['36']).toBe('996225880123456783D1561560');
  });

  it('reads a contact chip as 05x with 23 and 55, and contactless as 07x', () => {
    const f = fieldsFor(CHIP, { pin: { block: BLOCK, maxLength: '06', format: 'iso0', algorithm: 'tdes' } });
    expect(f['22']).toEqual({ '1': '05', '2': '1' });
    expect(f['23']).toBe('001');
    expect(f['55']).toEqual([{ tag: '9F26', value: '1A2B3C4D5E6F7081' }, { tag: '9F27', value: '80' }]);
    expect(fieldsFor({ ...CHIP, entry: 'contactless' } as CardInput)['22']).toEqual({ '1': '07', '2': '2' });
  });

  it('puts raw ICC bytes into 55 as they are', () => {
    const icc = Uint8Array.from([0x9f, 0x27, 0x01, 0x80]);
    const m = cup.message('0200');
    setCardFields(m, { entry: 'contact', pan: PAN, icc });
    // MTI, bitmap (2, 22, 55), 2 = 19 digits and a pad nibble, 22 = 052 left-aligned, 55 = 4 bytes.
    expect(toHex(cup.encode(m))).toBe('0200' + '4000040000000200' + '1962122602000000000140' + '0520' + '0004' + '9F270180');
  });

  it('sends a scanned payment code in 59 tag A3 with 22 = 03x and no card fields', () => {
    expect(fieldsFor(QR)).toEqual({ '22': { '1': '03', '2': '2' }, '59': [{ tag: 'A3', value: '6225880123456789012' }] });
  });
});

describe('fields 26, 52 and 53', () => {
  it('sends the PIN block with 26 = 06 and 53 = 2600000000000000 by default (ISO 0, TDES, clear tracks)', () => {
    const f = fieldsFor(SWIPED, { pin: { block: BLOCK, maxLength: '06', format: 'iso0', algorithm: 'tdes' } });
    expect(f['22']).toEqual({ '1': '02', '2': '1' });
    expect(f['26']).toBe('06');
    expect(f['52']).toBe('0102030405060708');
    expect(f['53']).toEqual({ '1': '2', '2': '6', '3': '0', '4': '0000000000000' });
  });

  it('marks CUP no-PAN blocks, single DES and track encryption in 53.1 to 53.3', () => {
    const f = fieldsFor(SWIPED, { pin: { block: BLOCK, maxLength: '12', format: 'cup-no-pan', algorithm: 'des' }, trackEncrypted: true });
    expect(f['26']).toBe('12');
    expect(f['53']).toEqual({ '1': '1', '2': '0', '3': '1', '4': '0000000000000' });
  });

  it('sends 53 = 0610000000000000 for enciphered tracks without a PIN, and no 53 without either', () => {
    const m = cup.message('0200');
    setCardFields(m, SWIPED, { trackEncrypted: true });
    expect(m.toObject().fields['53']).toEqual({ '1': '0', '2': '6', '3': '1', '4': '0000000000000' });
    expect(fieldsFor(SWIPED)['53']).toBeUndefined();
  });
});

describe('60.4, 60.5 and the PAN of a card', () => {
  it('proves read capability 6 for contactless, 5 for chip and fallback, 0 otherwise', () => {
    expect(provenReadCapability({ ...CHIP, entry: 'contactless' } as CardInput)).toBe('6');
    expect(provenReadCapability(CHIP)).toBe('5');
    expect(provenReadCapability({ entry: 'magstripe', track2: '6225880123456783D2812', fallback: true })).toBe('5');
    expect(provenReadCapability(SWIPED)).toBe('0');
    expect(provenReadCapability(MANUAL)).toBe('0');
    expect(provenReadCapability(QR)).toBe('0');
  });

  it('sets the IC condition code 2 only for a fallback swipe', () => {
    expect(iccConditionCode({ entry: 'magstripe', track2: '6225880123456783D2812', fallback: true })).toBe('2');
    expect(iccConditionCode(SWIPED)).toBe('0');
    expect(iccConditionCode(CHIP)).toBe('0');
  });

  it('reads the PAN from track 2 when none is given, and has none for a scanned code', () => {
    expect(panOf(SWIPED)).toBe('6225880123456783');
    expect(panOf(MANUAL)).toBe(PAN);
    expect(panOf(QR)).toBeUndefined();
  });
});

describe('checkCard', () => {
  it('turns = separators into the D that travels on the wire', () => {
    const p = new InputProblems();
    expect(checkCard(p, { entry: 'magstripe', track2: '6225880123456783=2812201' })).toEqual({
      entry: 'magstripe',
      track2: '6225880123456783D2812201',
      track3: undefined,
      pan: undefined,
      expiry: undefined,
      fallback: false,
    });
    expect(p.count).toBe(0);
  });

  it('reports every problem of a chip card at once, each under its input name', () => {
    const card = { entry: 'contact', pan: '6212260200000000015', expiry: '3013', sequence: '1', icc: 'not tlv' };
    expect(problems((p) => checkCard(p, card))).toEqual([
      'BAD_LUHN: PAN fails the Luhn check (field card.pan)',
      'BAD_EXPIRY: expiry month must be 01 to 12 (field card.expiry)',
      'BAD_DIGITS: card sequence number must be 3 digits (field card.sequence)',
      'BAD_ICC: ICC data must be a TLV list or bytes (field card.icc)',
    ]);
  });

  it('refuses malformed tracks and a track 2 whose PAN fails Luhn', () => {
    const bad = (track2: string) => problems((p) => checkCard(p, { entry: 'magstripe', track2 }));
    expect(bad('6225880123456783')).toEqual(['BAD_TRACK: track 2 must hold one separator after a 12 to 19 digit PAN (field card.track2)']);
    expect(bad('62258801234D56783D2812')).toEqual(['BAD_TRACK: track 2 must hold one separator after a 12 to 19 digit PAN (field card.track2)']);
    expect(bad('6225880123456783D2812D1')).toEqual(['BAD_TRACK: track 2 must hold one separator after a 12 to 19 digit PAN (field card.track2)']);
    expect(bad('6225880123456783^2812')).toEqual(['BAD_TRACK: track 2 must be 13 to 37 digits and one separator (= or D) (field card.track2)']);
    expect(bad(`6225880123456783D${'0'.repeat(21)}`)).toEqual(['BAD_TRACK: track 2 must be 13 to 37 digits and one separator (= or D) (field card.track2)']);
    expect(bad('6225880123456784D2812')).toEqual(['BAD_LUHN: PAN in track 2 fails the Luhn check (field card.track2)']);
    expect(problems((p) => checkCard(p, { ...SWIPED, track3: '12X' }))).toEqual([
      'BAD_TRACK: track 3 must be 1 to 104 digits and separators (= or D) (field card.track3)',
    ]);
  });

  it('refuses a PAN or expiry that disagrees with track 2', () => {
    const card = { entry: 'magstripe', track2: '6225880123456783D2812201', pan: PAN, expiry: '2901' };
    expect(problems((p) => checkCard(p, card))).toEqual([
      'CARD_MISMATCH: PAN differs from the PAN in track 2 (field card.pan)',
      'CARD_MISMATCH: expiry differs from the expiry in track 2 (field card.expiry)',
    ]);
  });

  it('refuses ICC data that is empty, longer than 255 bytes or has entries without hex', () => {
    const icc = (value: unknown) => problems((p) => checkCard(p, { entry: 'contactless', pan: PAN, icc: value }));
    expect(icc([])).toEqual(['BAD_ICC: ICC data must be 1 to 255 bytes (field card.icc)']);
    expect(icc(new Uint8Array(256))).toEqual(['BAD_ICC: ICC data must be 1 to 255 bytes (field card.icc)']);
    expect(icc([{ tag: '9F02', value: '00'.repeat(250) }, { tag: '9A', value: '250611' }])).toEqual([
      'BAD_ICC: ICC data must be 1 to 255 bytes (field card.icc)',
    ]);
    expect(icc([{ tag: '9F26', value: '00' }, { tag: 'XYZ', value: '00' }])).toEqual([
      'BAD_ICC: ICC data entries need a hex tag and a hex value or children (field card.icc.1)',
    ]);
    expect(icc([{ tag: '9F26', value: '0' }])).toEqual(['BAD_ICC: ICC data entries need a hex tag and a hex value or children (field card.icc.0)']);
    expect(icc([{ tag: '70', children: [{ tag: '9F26', value: 'AB' }] }])).toEqual([]);
  });

  it('refuses an unknown entry, a missing card and a payment code that is not 16 to 24 digits', () => {
    expect(problems((p) => checkCard(p, { entry: 'chip', pan: PAN }))).toEqual([
      'BAD_ENTRY: card entry must be magstripe, contact, contactless, manual or qr (field card.entry)',
    ]);
    expect(problems((p) => checkCard(p, undefined))).toEqual(['MISSING_INPUT: card is required (field card)']);
    expect(problems((p) => checkCard(p, { entry: 'qr', code: '62258801' }))).toEqual([
      'BAD_PAYMENT_CODE: payment code must be 16 to 24 digits (field card.code)',
    ]);
    expect(problems((p) => checkCard(p, { entry: 'manual', pan: PAN }))).toEqual(['BAD_EXPIRY: expiry must be 4 digits YYMM (field card.expiry)']);
  });
});

describe('checkPin', () => {
  it('fills in the defaults: 06, ISO 0, TDES', () => {
    const p = new InputProblems();
    expect(checkPin(p, { block: BLOCK })).toEqual({ block: BLOCK, maxLength: '06', format: 'iso0', algorithm: 'tdes' });
  });

  it('reports a block that is not 8 bytes and every unknown option', () => {
    expect(problems((p) => checkPin(p, { block: new Uint8Array(7), maxLength: '08', format: 'iso3', algorithm: 'aes' }))).toEqual([
      'BAD_PIN_BLOCK: PIN block must be 8 bytes (field pin.block)',
      'BAD_PIN_OPTION: maximum PIN length must be 06 or 12 (field pin.maxLength)',
      'BAD_PIN_OPTION: PIN block format must be iso0 or cup-no-pan (field pin.format)',
      'BAD_PIN_OPTION: PIN algorithm must be des or tdes (field pin.algorithm)',
    ]);
    expect(problems((p) => checkPin(p, { block: '0102030405060708' }))).toEqual(['BAD_PIN_BLOCK: PIN block must be 8 bytes (field pin.block)']);
  });
});
