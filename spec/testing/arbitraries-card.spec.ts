import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialects } from '../../src/index.js';
import { digitString, expiry, isLuhnValid, luhnCheckDigit, luhnPan, track2, track3 } from '../../src/testing/index.js';
import { caught } from '../support/errors.js';

const RUNS = { seed: 8583, numRuns: 200 };

/** A track image read back through CUP field 35 or 36 (packed BCD, D separator). */
function throughCup(field: '35' | '36', track: string): unknown {
  const body = dialects.cup.encode({ mti: '0200', fields: { [field]: track } });
  return dialects.cup.decode(body).get(field);
}

describe('the Luhn helpers', () => {
  it('compute the check digits of published examples', () => {
    // The worked example of ISO/IEC 7812-1 annex B as Wikipedia ("Luhn algorithm") gives it: 7992739871 → 3.
    expect(luhnCheckDigit('7992739871')).toBe('3');
    // The public Visa test card 4111 1111 1111 1111 and the CUP test card of the captured fixtures.
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('621081084000342494')).toBe('0');
  });

  it('accept published card numbers and refuse them with one digit changed', () => {
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('6210810840003424940')).toBe(true);
    expect(isLuhnValid('6210810840003424941')).toBe(false);
    expect(isLuhnValid('4111111111111121')).toBe(false);
  });

  it('refuse what is not two or more digits', () => {
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
    expect(isLuhnValid('4111 1111 1111 1111')).toBe(false);
    expect(isLuhnValid('411111111111111A')).toBe(false);
  });

  it('detect every single changed digit of a valid number', () => {
    fc.assert(
      fc.property(luhnPan(), fc.nat(), fc.integer({ min: 1, max: 9 }), (pan, at, delta) => {
        const i = at % pan.length;
        const changed = pan.slice(0, i) + String((Number(pan[i]) + delta) % 10) + pan.slice(i + 1);
        expect(isLuhnValid(changed)).toBe(false);
      }),
      RUNS,
    );
  });

  it('throw BAD_DIGITS when asked for the check digit of nothing or of non-digits', () => {
    for (const bad of ['', '12a4', ' 1']) {
      const e = caught(() => luhnCheckDigit(bad));
      expect(e.code).toBe('BAD_DIGITS');
      expect(e.message).toBe('Luhn check digit needs one or more digits');
    }
  });
});

describe('luhnPan', () => {
  it('makes Luhn-valid PANs of 13 to 19 digits that do not start with 0', () => {
    fc.assert(
      fc.property(luhnPan(), (pan) => {
        expect(pan).toMatch(/^[1-9][0-9]{12,18}$/);
        expect(isLuhnValid(pan)).toBe(true);
      }),
      RUNS,
    );
  });

  it('keeps the prefix and the length asked for', () => {
    fc.assert(
      fc.property(luhnPan({ prefix: '622588', length: 16 }), luhnPan({ prefix: '62', length: { min: 17, max: 19 } }), (a, b) => {
        expect(a).toMatch(/^622588[0-9]{10}$/);
        expect(b).toMatch(/^62[0-9]{15,17}$/);
        expect(isLuhnValid(a) && isLuhnValid(b)).toBe(true);
      }),
      RUNS,
    );
  });

  it('travels through CUP field 2 unchanged', () => {
    fc.assert(
      fc.property(luhnPan(), (pan) => {
        const body = dialects.cup.encode({ mti: '0200', fields: { '2': pan } });
        expect(dialects.cup.decode(body).get('2')).toBe(pan);
      }),
      RUNS,
    );
  });

  it('throws BAD_OPTION for a length outside 13 to 19 or a prefix that leaves no room', () => {
    for (const length of [12, 20, 15.5, { min: 16, max: 14 }]) {
      const e = caught(() => luhnPan({ length }));
      expect([e.code, e.message, e.path]).toEqual(['BAD_OPTION', 'PAN length must be within 13 to 19 (field length)', 'length']);
    }
    for (const prefix of ['62x', '1234567890123']) {
      const e = caught(() => luhnPan({ prefix, length: 13 }));
      expect([e.code, e.message, e.expected]).toEqual(['BAD_OPTION', 'PAN prefix must be digits, shorter than the PAN (field prefix)', 'n 0..12']);
    }
  });
});

describe('expiry and digitString', () => {
  it('make YYMM dates with a real month and digit strings of the lengths asked for', () => {
    fc.assert(
      fc.property(expiry(), digitString(3, 5), (yymm, digits) => {
        expect(yymm).toMatch(/^[0-9]{2}(0[1-9]|1[0-2])$/);
        expect(digits).toMatch(/^[0-9]{3,5}$/);
      }),
      RUNS,
    );
  });
});

describe('track2', () => {
  const shape = /^([0-9]{13,19})D([0-9]{2}(?:0[1-9]|1[0-2]))([0-9]{3})([0-9]*)$/;

  it('makes images of a Luhn-valid PAN, a D, YYMM, a service code and discretionary digits, 37 characters at most', () => {
    fc.assert(
      fc.property(track2(), (t) => {
        expect(t.length).toBeLessThanOrEqual(37);
        const m = shape.exec(t);
        expect(m).not.toBeNull();
        expect(isLuhnValid(m![1]!)).toBe(true);
      }),
      RUNS,
    );
  });

  it('uses the PANs, expiry dates and separator it is given', () => {
    fc.assert(
      fc.property(track2({ pan: fc.constant('6210810840003424940'), expiry: fc.constant('2706'), separator: '=' }), (t) => {
        expect(t.startsWith('6210810840003424940=2706')).toBe(true);
        expect(t.length).toBeLessThanOrEqual(37);
      }),
      RUNS,
    );
  });

  it('travels through CUP field 35 unchanged', () => {
    fc.assert(
      fc.property(track2(), (t) => {
        expect(throughCup('35', t)).toBe(t);
      }),
      RUNS,
    );
  });

  it('throws BAD_OPTION for a separator other than D or =', () => {
    const e = caught(() => track2({ separator: '^' as 'D' }));
    expect([e.code, e.message]).toEqual(['BAD_OPTION', "track separator must be 'D' or '=' (field separator)"]);
  });
});

describe('track3', () => {
  it('makes images of format 99, a Luhn-valid PAN, China codes and digit groups, 104 characters at most', () => {
    fc.assert(
      fc.property(track3(), (t) => {
        expect(t.length).toBeLessThanOrEqual(104);
        const m = /^99([0-9]{13,19})D156156((?:D[0-9]+)*)$/.exec(t);
        expect(m).not.toBeNull();
        expect(isLuhnValid(m![1]!)).toBe(true);
      }),
      RUNS,
    );
  });

  it('travels through CUP field 36 unchanged', () => {
    fc.assert(
      fc.property(track3(), (t) => {
        expect(throughCup('36', t)).toBe(t);
      }),
      RUNS,
    );
  });

  it('throws BAD_OPTION for a separator other than D or =', () => {
    const e = caught(() => track3({ separator: 'F' as 'D' }));
    expect(e.code).toBe('BAD_OPTION');
    expect(e.path).toBe('separator');
  });
});
