import { describe, it, expect } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import {
  buildBalanceInquiry,
  buildPreauth,
  buildPreauthCompletion,
  buildRefund,
  buildSale,
  type CardInput,
} from '../../../src/txn/builders/index.js';
import { cupDialect } from '../../dialects/cup-dialect.js';
import { splitFixture } from '../../fixtures/cup-fixtures.js';
import { context, fixture, unsignedBody } from './support.js';

type Fields = Record<string, unknown>;
const text = (f: Fields, key: string): string => f[key] as string;
const hexBytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16));

describe('builders against the captured and synthetic CUP fixtures', () => {
  it('builds the captured qPBOC sale (cup-0200-sale-1) from its inputs to the same body up to field 64', () => {
    const fx = fixture('cup-0200-sale-1.json');
    const f = fx.fields;
    const dialect = cupDialect({ trackPad: 'F' });
    const tlv = (f['55.tlv'] as { tag: string; value: string }[]).map(({ tag, value }) => ({ tag, value }));
    const m = buildSale(
      context({ dialect, terminalId: text(f, '41'), merchantId: text(f, '42'), stan: text(f, '11'), batch: '000757', readCapability: '6' }),
      {
        amount: '1',
        card: { entry: 'contactless', pan: text(f, '2'), expiry: text(f, '14'), sequence: text(f, '23'), track2: text(f, '35'), icc: tlv },
      },
    );
    expect(toHex(dialect.encode(m))).toBe(toHex(unsignedBody(fx)));
  });

  it('builds the synthetic pre-authorisation (cup-0100-preauth) with a PIN and partial approval to the same body', () => {
    const fx = fixture('cup-0100-preauth.json');
    const f = fx.fields;
    const dialect = cupDialect();
    const icc = dialect.decode(splitFixture(fx).body).toObject().fields['55'] as { tag: string; value: string }[];
    const card: CardInput = { entry: 'contact', pan: text(f, '2'), expiry: text(f, '14'), sequence: '001', track2: text(f, '35'), icc };
    const m = buildPreauth(context({ dialect, stan: '000241', batch: '000012', readCapability: '6' }), {
      amount: '50000',
      card,
      pin: { block: hexBytes(text(f, '52')) },
      partialApproval: true,
    });
    expect(toHex(dialect.encode(m))).toBe(toHex(unsignedBody(fx)));
  });

  it('builds the synthetic completion (cup-0200-completion) of a manually keyed card to the same body', () => {
    const fx = fixture('cup-0200-completion.json');
    const f = fx.fields;
    const m = buildPreauthCompletion(context({ stan: '000242', readCapability: '5' }), {
      amount: '48000',
      card: { entry: 'manual', pan: text(f, '2'), expiry: text(f, '14') },
      original: { authCode: 'A51234', date: '0611' },
    });
    expect(toHex(context().dialect.encode(m))).toBe(toHex(unsignedBody(fx)));
  });

  it('builds the synthetic refund (cup-0220-refund) of a swiped card to the same body, card organisation in 63', () => {
    const fx = fixture('cup-0220-refund.json');
    const f = fx.fields;
    const m = buildRefund(context({ stan: '000233', readCapability: '5', operator: '01' }), {
      amount: '2000',
      card: { entry: 'magstripe', track2: text(f, '35') },
      original: { rrn: '183015002310', date: '0611' },
      cardOrganisation: 'CUP',
    });
    expect(toHex(context().dialect.encode(m))).toBe(toHex(unsignedBody(fx)));
  });

  it('builds the swiped sale with PIN of cup-0200-sale-3 with the same fields and values, 60 extended to 60.5', () => {
    const fx = fixture('cup-0200-sale-3.json');
    const f = fx.fields;
    const dialect = cupDialect({ macFormat: 'binary' });
    const m = buildSale(context({ dialect, terminalId: text(f, '41'), merchantId: text(f, '42'), stan: text(f, '11'), batch: '000001' }), {
      amount: '51',
      card: { entry: 'magstripe', track2: text(f, '35') },
      pin: { block: hexBytes(text(f, '52')) },
    });
    const want = dialect.decode(splitFixture(fx).body);
    expect(m.fieldNumbers()).toEqual((f['present'] as number[]).filter((n) => n !== 64));
    for (const id of m.fieldNumbers().filter((n) => n !== 60)) {
      expect(m.toObject().fields[id], `field ${id}`).toEqual(want.toObject().fields[id]);
    }
    expect(m.get('60.1')).toBe(want.get('60.1'));
    expect(m.get('60.2')).toBe(want.get('60.2'));
  });

  it('builds the contactless sale with PIN of cup-0200-sale-4 with its fields except the local date and time (12, 13)', () => {
    const fx = fixture('cup-0200-sale-4.json');
    const f = fx.fields;
    const dialect = cupDialect();
    const want = dialect.decode(splitFixture(fx).body);
    const icc = want.toObject().fields['55'] as { tag: string; value: string }[];
    const m = buildSale(context({ terminalId: text(f, '41'), merchantId: text(f, '42'), stan: text(f, '11'), batch: '000001', readCapability: '6' }), {
      amount: '1',
      card: { entry: 'contactless', pan: text(f, '2'), expiry: text(f, '14'), sequence: '001', track2: text(f, '35'), icc },
      pin: { block: hexBytes(text(f, '52')), maxLength: '12' },
    });
    expect(m.fieldNumbers()).toEqual((f['present'] as number[]).filter((n) => n !== 12 && n !== 13 && n !== 64));
    for (const id of m.fieldNumbers().filter((n) => n !== 60)) {
      expect(m.toObject().fields[id], `field ${id}`).toEqual(want.toObject().fields[id]);
    }
    for (const sub of ['60.1', '60.2', '60.3', '60.4']) expect(m.get(sub), sub).toBe(want.get(sub));
  });

  it('builds the balance inquiry of cup-0200-balance-1 with its card, PIN and security fields', () => {
    const fx = fixture('cup-0200-balance-1.json');
    const f = fx.fields;
    const dialect = cupDialect({ macFormat: 'binary', trackPad: 'F' });
    const want = dialect.decode(splitFixture(fx).body);
    const m = buildBalanceInquiry(context({ dialect, terminalId: text(f, '41'), merchantId: text(f, '42'), stan: text(f, '11') }), {
      card: { entry: 'magstripe', pan: text(f, '2'), track2: text(f, '35') },
      pin: { block: hexBytes(text(f, '52')) },
    });
    // The captured acquirer sends 12/13 and its private condition code 65; the table's request has neither.
    expect(m.fieldNumbers()).toEqual((f['present'] as number[]).filter((n) => n !== 12 && n !== 13 && n !== 64));
    for (const id of [2, 3, 11, 22, 26, 35, 41, 42, 49, 52, 53]) {
      expect(m.toObject().fields[id], `field ${id}`).toEqual(want.toObject().fields[id]);
    }
    expect(m.get('25')).toBe('00');
    expect(m.get('60.1')).toBe(want.get('60.1'));
  });
});
