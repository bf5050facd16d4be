import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import BN from 'bn.js';
import { toHex } from '../../../src/bytes/hex.js';
import { Iso8583Error } from '../../../src/errors.js';
import type { CardInput, PinInput } from '../../../src/txn/builders/index.js';
import { validateRequest } from '../../../src/txn/validate-request.js';
import { BUILDER_CASES } from './cases.js';
import { context } from './support.js';

const RUNS = { seed: 8583, numRuns: 150 };

/** The Luhn check digit of a digit string, computed from the doubling table rather than by trial. */
function checkDigit(body: string): string {
  const doubled = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? doubled[d]! : d;
  }
  return String((10 - (sum % 10)) % 10);
}

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));
const pan = digits(11, 18).map((b) => b + checkDigit(b));
const badPan = pan.map((p) => p.slice(0, -1) + String((Number(p.slice(-1)) + 1) % 10));
const expiry = fc.tuple(digits(2, 2), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y + String(m).padStart(2, '0'));
const badExpiry = fc.tuple(digits(2, 2), fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 }))).map(([y, m]) => y + String(m).padStart(2, '0'));
const amount = fc.oneof(
  digits(1, 12).filter((s) => /[1-9]/.test(s)),
  fc.integer({ min: 1, max: 2 ** 31 }).map((n) => new BN(n)),
);
const badAmount = fc.oneof(
  fc.constantFrom('0', '000000000000', '', '1.00', '-1', ' 1'),
  digits(13, 16).map((s) => `1${s}`),
  fc.constant(new BN(-1)),
  fc.double({ min: 0.01, max: 1e6, noNaN: true }),
);
const tlv = fc.array(
  fc.record({
    tag: fc.constantFrom('9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A'),
    value: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join('')),
  }),
  { minLength: 1, maxLength: 8 },
);
const card: fc.Arbitrary<CardInput> = fc.oneof(
  fc.record({ pan, expiry }).map(({ pan, expiry }): CardInput => ({ entry: 'manual', pan, expiry })),
  fc.record({ pan, expiry, tail: digits(0, 12), fallback: fc.boolean(), withPan: fc.boolean() }).map(
    ({ pan, expiry, tail, fallback, withPan }): CardInput => ({
      entry: 'magstripe',
      track2: `${pan}=${expiry}${tail}`.slice(0, 37),
      fallback,
      ...(withPan ? { pan, expiry } : {}),
    }),
  ),
  fc.record({ pan, expiry, sequence: digits(3, 3), icc: tlv, contactless: fc.boolean(), raw: fc.boolean() }).map(
    ({ pan, expiry, sequence, icc, contactless, raw }): CardInput => ({
      entry: contactless ? 'contactless' : 'contact',
      pan,
      expiry,
      sequence,
      track2: `${pan}D${expiry}220`,
      icc: raw ? Uint8Array.from([0x9f, 0x27, 0x01, 0x80]) : icc,
    }),
  ),
);
const pin: fc.Arbitrary<PinInput | undefined> = fc.option(
  fc.record({
    block: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    maxLength: fc.constantFrom('06' as const, '12' as const),
    format: fc.constantFrom('iso0' as const, 'cup-no-pan' as const),
    algorithm: fc.constantFrom('des' as const, 'tdes' as const),
  }),
  { nil: undefined },
);
const stan = fc.integer({ min: 1, max: 999999 }).map((n) => String(n).padStart(6, '0'));
const builder = fc.constantFrom(...BUILDER_CASES);

/** A string form of an amount the way field 4 carries it. */
function n12(a: string | BN): string {
  return (typeof a === 'string' ? a : a.toString(10)).padStart(12, '0');
}

describe('builder properties', () => {
  it('builds, from any valid input, a request the dialect encodes and decodes back and the table accepts', () => {
    fc.assert(
      fc.property(builder, card, pin, amount, stan, (c, card, pin, amt, stan) => {
        const ctx = context({ stan });
        const m = c.build(ctx, card, c.pin ? pin : undefined, typeof amt === 'string' ? amt : amt.toString(10));
        const bytes = ctx.dialect.encode(m);
        const back = ctx.dialect.decode(bytes);
        expect(toHex(ctx.dialect.encode(back))).toBe(toHex(bytes));
        // Raw ICC bytes come back as the TLV list they hold; every other value comes back as it was set.
        const rawIcc = 'icc' in card && card.icc instanceof Uint8Array;
        const { '55': built55, ...built } = m.toObject().fields;
        const { '55': read55, ...read } = back.toObject().fields;
        expect(read).toEqual(built);
        if (rawIcc) expect(read55).toEqual([{ tag: '9F27', value: '80' }]);
        else expect(read55).toEqual(built55);
        expect(back.get('11')).toBe(stan);
        expect(validateRequest(back, { unsigned: true })).toBe(c.kind);
      }),
      RUNS,
    );
  });

  it('puts any valid amount, string or BN, into field 4 as exactly its 12 digits', () => {
    const sale = BUILDER_CASES.find((c) => c.kind === 'sale')!;
    fc.assert(
      fc.property(amount, (amt) => {
        const s = typeof amt === 'string' ? amt : amt.toString(10);
        expect(sale.build(context(), { entry: 'manual', pan: '6212260200000000014', expiry: '3012' }, undefined, s).get('4')).toBe(n12(amt));
      }),
      RUNS,
    );
  });

  it('reports any PAN failing the Luhn check, any bad expiry and any bad amount, each at its input, never echoing them', () => {
    fc.assert(
      fc.property(builder, badPan, badExpiry, badAmount, (c, p, e, a) => {
        let error: unknown;
        try {
          c.build(context(), { entry: 'manual', pan: p, expiry: e }, undefined, a as string);
        } catch (x) {
          error = x;
        }
        expect(error).toBeInstanceOf(Iso8583Error);
        const err = error as Iso8583Error;
        expect(err.code).toBe('INVALID_INPUT');
        const found = err.problems.map((x) => [x.path, x.code]);
        expect(found).toContainEqual(['card.pan', 'BAD_LUHN']);
        expect(found).toContainEqual(['card.expiry', 'BAD_EXPIRY']);
        if (c.kind !== 'balance') {
          expect(found.some(([path, code]) => (path === 'amount' || path === 'original.amount') && code === 'BAD_AMOUNT')).toBe(true);
        }
        for (const x of [err, ...err.problems]) expect(x.message).not.toContain(p);
      }),
      RUNS,
    );
  });
});
