// Every rendering of a message shows its masked form only: util.inspect at any depth, toJSON without a dialect.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex.js';
import { Message, dialects } from '../../src/index.js';
import { PAN, PIN_BLOCK, SALE_HEX, TRACK2 } from '../message/support.js';
import { expectClean, forms } from '../support/planted.js';

describe('util.inspect of a decoded message', () => {
  it('shows the masked canonical form, never the PAN, track or PIN block', () => {
    const m = dialects.cup.decode(fromHex(SALE_HEX));
    const texts = [inspect(m), inspect(m, { depth: null, showHidden: true }), inspect({ log: { entry: [m] } }, { depth: Infinity, showHidden: true })];
    for (const text of texts) {
      for (const secret of [PAN, PAN.slice(6, 15), TRACK2.slice(20), PIN_BLOCK]) expect(text).not.toContain(secret);
    }
    expect(texts[0]).toContain("Message {\n  mti: '0200',");
    expect(texts[0]).toContain("'2': '621081*********4940'");
    expect(inspect([m], { depth: 0 })).toBe('[ [Message] ]');
  });
});

describe('the private decoded body a message keeps', () => {
  it('renders as its length alone in every form, so reaching it through the message shows no card data', () => {
    const needles = [...forms(PAN, false), ...forms(TRACK2.slice(20), false), ...forms(PIN_BLOCK, true), PAN.slice(6, 15)];
    for (const dialect of [dialects.cup, dialects.iso87ascii]) {
      const m = dialect === dialects.cup ? dialects.cup.decode(fromHex(SALE_HEX)) : dialect.decode(dialect.encode({ mti: '0200', fields: { 2: PAN, 3: '000000', 4: '000000000100', 11: '000001', 41: 'TERM0001', 49: '156' } }));
      const body = (m as unknown as { body: object }).body;
      expectClean(body, 'decoded body', needles);
      expect(inspect(body)).toMatch(/^DecodedBody \[\d+ bytes redacted\]$/);
      expect(JSON.stringify(body)).toMatch(/^"\[\d+ bytes redacted\]"$/);
    }
  });
});

describe('the masked form of a message without a dialect', () => {
  it('masks the card-data fields, hides bytes, and masks chip data tag by tag with unknown tags hidden', () => {
    const m = new Message('0200', {
      '2': PAN,
      '3': '000000',
      '35': fromHex(`${TRACK2}0`),
      '52': fromHex(PIN_BLOCK),
      '55': [
        { tag: '9F26', value: 'ED1D6BA78357FB25' },
        { tag: '5A', value: fromHex(`${PAN}F`) },
        { tag: 'DF01', value: '0102' },
        { tag: 'E1', children: [{ tag: '9F02', value: '000000000100' }] },
      ],
      '62': fromHex('0123456789ABCDEF'),
      '63': 'CUP',
    });
    expect(m.toJSON()).toStrictEqual({
      mti: '0200',
      fields: {
        '2': '621081*********4940',
        '3': '000000',
        '35': '*'.repeat(38),
        '52': '*'.repeat(16),
        '55': [
          { tag: '9F26', value: 'ED1D6BA78357FB25' },
          { tag: '5A', value: '*'.repeat(20) },
          { tag: 'DF01', value: '****' },
          { tag: 'E1', children: [{ tag: '9F02', value: '************' }] },
        ],
        '62': '*'.repeat(16),
        '63': 'CUP',
      },
    });
    expect(m.toObject().fields['62']).toBe('0123456789ABCDEF');
    expect(m.toString()).toContain('62  : ****************');
  });

  it('hides chip data given as raw hex text as a whole', () => {
    expect(new Message('0200', { '55': '5A0862108108400034249F' }).toJSON().fields['55']).toBe('*'.repeat(22));
  });
});
