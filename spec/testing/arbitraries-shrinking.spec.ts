import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialects, type MessageObject } from '../../src/index.js';
import { amount, cupTransaction, emvTlvSet, luhnPan, messageFor, track2 } from '../../src/testing/index.js';

/** The counterexample fast-check settles on for a property meant to fail. */
function smallest<T>(arb: fc.Arbitrary<T>, holds: (value: T) => boolean): T {
  const out = fc.check(fc.property(arb, holds), { seed: 8583, numRuns: 200 });
  expect(out.failed).toBe(true);
  return out.counterexample![0];
}

describe('a deliberately failing property shrinks to a small counterexample', () => {
  it('for PANs: "every PAN is shorter than 16 digits" falls to 1000000000000008', () => {
    // 100000000000000 followed by its Luhn check digit: the 1 is doubled (2), so the digit is 8.
    expect(smallest(luhnPan(), (pan) => pan.length < 16)).toBe('1000000000000008');
  });

  it('for amounts: "every amount is below 10.00" falls to exactly 10.00', () => {
    expect(smallest(amount(), (a) => a < '000000001000')).toBe('000000001000');
  });

  it('for tracks: "no track has discretionary data" falls to one zero after the service code', () => {
    const t = smallest(track2(), (t) => t.length === 13 + 1 + 4 + 3);
    // 100000000000 and its check digit 9 (the 1 sits in an undoubled place), expiry 0001, service code 101.
    expect(t).toBe('1000000000009D0001101' + '0');
  });

  it('for chip data: "no set carries a 9F1E" falls to the mandatory tags, zeroed, plus 9F1E', () => {
    const set = smallest(emvTlvSet(), (s) => !s.some((n) => n.tag === '9F1E'));
    expect(set.map((n) => n.tag)).toEqual(['9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A', '9F03', '9F33', '9F1E']);
    expect(set.find((n) => n.tag === '9F26')!.value).toBe('0000000000000000');
    expect(set.find((n) => n.tag === '9F02')!.value).toBe('000000000000');
  });

  it('for messages of a dialect: "no message carries field 4" falls to field 4 alone, all zeros', () => {
    const m = smallest(messageFor(dialects.iso87ascii), (obj: MessageObject) => obj.fields['4'] === undefined);
    expect(m.fields).toStrictEqual({ '4': '000000000000' });
  });

  it('for CUP sales: "no sale is over 100.00" falls to 100.01 on a swiped card of the shortest track, without PIN or chip data', () => {
    const sale = smallest(cupTransaction('sale'), (obj) => (obj.fields['4'] as string) <= '000000010000');
    expect(sale.fields['4']).toBe('000000010001');
    expect(sale.fields['11']).toBe('000001');
    expect(sale.fields['22']).toStrictEqual({ '1': '02', '2': '2' });
    expect(sale.fields['35']).toBe('1000000000009D0001101');
    for (const absent of ['2', '14', '36', '52', '53', '55']) expect(sale.fields[absent]).toBeUndefined();
  });
});
