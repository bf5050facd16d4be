import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Iso8583Error } from '../../src/errors.js';
import { classifyResponseCode, isApproval, RESPONSE_CODES } from '../../src/txn/response-codes.js';

// Every code of the CUP POS response-code table (research notes §6, Q/CUP 006.6-2015 annex A).
const SECTION_6 = [
  '00', '01', '02', '03', '04', '05', '06', '07', '09', '10', '11', '12', '13', '14', '15', '21', '22', '25',
  '30', '33', '34', '38', '40', '41', '43', '45', '51', '54', '55', '57', '58', '59', '61', '62', '64', '65',
  '68', '75', '77', '79', '90', '91', '92', '94', '96', '97', '98', '99', 'A0', 'A1', 'A2', 'A3', 'A4', 'A5',
  'A6', 'A7',
];

function actions(codes: string[]): string[] {
  return codes.map((c) => classifyResponseCode(c).action);
}

describe('classifyResponseCode', () => {
  it('knows every code of the CUP response-code table, each with an English and a Chinese meaning', () => {
    for (const code of SECTION_6) {
      const info = classifyResponseCode(code);
      expect(info.code).toBe(code);
      expect(info.meaning).not.toBe('unknown response code');
      expect(info.localMeaning).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(Object.keys(RESPONSE_CODES).sort()).toEqual([...SECTION_6, 'Y1', 'Y3'].sort());
  });

  it('approves 00, 11, A2 and A4 to A6 in class A, and the terminal offline approvals Y1 and Y3', () => {
    const approved = ['00', '11', 'A2', 'A4', 'A5', 'A6', 'Y1', 'Y3'];
    expect(actions(approved)).toEqual(approved.map(() => 'approved'));
    expect(approved.map((c) => classifyResponseCode(c).cupClass)).toEqual(approved.map(() => 'A'));
  });

  it('marks 10 as a partial approval of class A', () => {
    expect(classifyResponseCode('10')).toMatchObject({ cupClass: 'A', action: 'partially-approved' });
  });

  it('treats A3 as the declined "destination account not found" the table lists, not as an approval', () => {
    expect(classifyResponseCode('A3')).toMatchObject({ cupClass: 'C', action: 'declined', meaning: 'destination account not found' });
  });

  it('asks to retain the card for pick-up codes 04, 07, 33, 34, 41 and 43', () => {
    expect(actions(['04', '07', '33', '34', '41', '43'])).toEqual(Array(6).fill('retain-card'));
  });

  it('refers 01 and 02 to the issuer', () => {
    expect(actions(['01', '02'])).toEqual(['refer-to-issuer', 'refer-to-issuer']);
  });

  it('asks for a new sign-in on A0 and 99 (keys out of step) and on 77 (batch out of step)', () => {
    expect(actions(['A0', '99', '77'])).toEqual(['re-sign-in', 're-sign-in', 're-sign-in']);
  });

  it('retries on 09 and the other class B codes that do not need a sign-in', () => {
    const classB = SECTION_6.filter((c) => classifyResponseCode(c).cupClass === 'B');
    expect(classB.sort()).toEqual(['09', '13', '14', '99', 'A0']);
    expect(actions(['09', '13', '14'])).toEqual(['retry', 'retry', 'retry']);
  });

  it('declines on 98: the switch got no issuer answer, which is no reason for the terminal to reverse', () => {
    expect(classifyResponseCode('98')).toMatchObject({ cupClass: 'E', action: 'declined' });
  });

  it('never answers a field 39 value with reversal-needed, which names failures on the terminal side', () => {
    expect(actions(Object.keys(RESPONSE_CODES))).not.toContain('reversal-needed');
  });

  it('treats a code the table does not know as a class C decline and keeps the code', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), (code) => {
        fc.pre(!Object.prototype.hasOwnProperty.call(RESPONSE_CODES, code));
        expect(classifyResponseCode(code)).toEqual({ code, meaning: 'unknown response code', cupClass: 'C', action: 'declined' });
      }),
      { seed: 8583, numRuns: 300 },
    );
    expect(classifyResponseCode('constructor').action).toBe('declined');
  });

  it('approves exactly the class A codes', () => {
    const codes = [...Object.keys(RESPONSE_CODES), 'ZZ', '08', 'Z1'];
    for (const code of codes) expect([code, isApproval(code)]).toEqual([code, classifyResponseCode(code).cupClass === 'A']);
  });

  it('refuses a code that is not a string with BAD_TYPE', () => {
    const err = (() => {
      try {
        classifyResponseCode(0 as unknown as string);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(Iso8583Error);
    expect((err as Iso8583Error).code).toBe('BAD_TYPE');
    expect((err as Iso8583Error).message).toBe('response code must be a string (field 39)');
  });
});
