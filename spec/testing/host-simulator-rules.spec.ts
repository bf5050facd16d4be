import { describe, expect, it } from 'vitest';
import { balanceField54, HostCardTable, organisationByBin, rulesProblems, type HostCardStatus } from '../../src/testing/host-simulator-rules.js';
import { caught } from '../support/errors.js';

const PAN = '6225880123456783';
const OTHER = '4761340000000019';

describe('rulesProblems', () => {
  it('accepts a well-formed card table and rules', () => {
    expect(rulesProblems([{ pan: PAN, pin: '123456', status: 'lost', balance: '100' }, { pan: OTHER }], { maxAmount: '500000', unknownCards: 'approve' })).toEqual([]);
  });

  it('names every bad setting by its path with value-free texts', () => {
    const problems = rulesProblems(
      [
        { pan: '12345', pin: '12', status: 'frozen' as HostCardStatus, balance: '-1' },
        { pan: PAN },
        { pan: PAN },
      ],
      { maxAmount: '1.5', unknownCards: 'maybe' as 'approve' },
    );
    expect(problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['INVALID_CONFIG', 'cards.0.pan', 'card number must be 12 to 19 digits (field cards.0.pan)'],
      ['INVALID_CONFIG', 'cards.0.pin', 'PIN must be 4 to 12 digits (field cards.0.pin)'],
      ['INVALID_CONFIG', 'cards.0.status', 'card status is not one the simulator knows (field cards.0.status)'],
      ['INVALID_CONFIG', 'cards.0.balance', 'balance must be 1 to 12 digits (field cards.0.balance)'],
      ['INVALID_CONFIG', 'cards.2.pan', 'card number appears twice in the card table (field cards.2.pan)'],
      ['INVALID_CONFIG', 'rules.maxAmount', 'amount limit must be 1 to 12 digits (field rules.maxAmount)'],
      ['INVALID_CONFIG', 'rules.unknownCards', 'unknown cards must be declined or approved (field rules.unknownCards)'],
    ]);
    for (const p of problems) expect(p.message).not.toContain(PAN);
  });
});

describe('card organisations', () => {
  it('refuses an organisation that is not three letters or digits', () => {
    expect(rulesProblems([{ pan: PAN, organisation: 'visa' }], {}).map((p) => p.message)).toEqual([
      'card organisation must be 3 upper-case letters or digits (field cards.0.organisation)',
    ]);
  });

  it('names the table\'s organisation for a card, else none', () => {
    const table = new HostCardTable([{ pan: PAN, organisation: 'CUP' }, { pan: OTHER }]);
    expect([table.organisationOf(PAN), table.organisationOf(OTHER)]).toEqual(['CUP', undefined]);
  });

  it('falls back on CUP for a domestic card and on the issuer range for a foreign one', () => {
    expect(
      [
        ['6225880123456783', true],
        ['', false],
        ['4761739001010010', false],
        ['5413330089020011', false],
        ['3528000000000007', false],
        ['371449635398431', false],
        ['36006666333344', false],
        ['6011000990139424', false],
      ].map(([pan, domestic]) => organisationByBin(pan as string, domestic as boolean)),
    ).toEqual(['CUP', 'CUP', 'VIS', 'MCC', 'JCB', 'AEX', 'DCC', '000']);
  });
});

describe('HostCardTable.decide', () => {
  it.each([
    ['lost', '41', 'lost card'],
    ['stolen', '43', 'stolen card'],
    ['expired', '54', 'expired card'],
    ['restricted', '62', 'restricted card'],
    ['pick-up', '04', 'pick up card'],
  ] as const)('declines a %s card with %s', (status, code, reason) => {
    const table = new HostCardTable([{ pan: PAN, status }]);
    expect(table.decide(PAN, '100', {}, true)).toEqual({ code, reason });
  });

  it('declines a card missing from the table with 14 unless the rules approve unknown cards', () => {
    const table = new HostCardTable([]);
    expect(table.decide(PAN, '100', {}, true)).toEqual({ code: '14', reason: 'card not in the card table' });
    expect(table.decide(PAN, '100', { unknownCards: 'approve' }, true)).toEqual({ code: '00', reason: 'approved' });
  });

  it('declines an amount above the limit with 61 and accepts one equal to it', () => {
    const table = new HostCardTable([{ pan: PAN }]);
    expect(table.decide(PAN, '000000050001', { maxAmount: '50000' }, true).code).toBe('61');
    expect(table.decide(PAN, '000000050000', { maxAmount: '50000' }, true).code).toBe('00');
  });

  it('declines a debit above the available balance with 51 but lets a non-debit through', () => {
    const table = new HostCardTable([{ pan: PAN, balance: '1000' }]);
    expect(table.decide(PAN, '000000001001', {}, true)).toEqual({ code: '51', reason: 'insufficient funds' });
    expect(table.decide(PAN, '000000001000', {}, true).code).toBe('00');
    expect(table.decide(PAN, '000000001001', {}, false).code).toBe('00');
  });

  it('treats a card without a balance as having no funds limit', () => {
    const table = new HostCardTable([{ pan: PAN }]);
    expect(table.decide(PAN, '999999999999', {}, true).code).toBe('00');
    table.debit(PAN, '500');
    expect(table.balanceOf(PAN)).toBeUndefined();
  });

  it('declines after a status change made mid-run', () => {
    const table = new HostCardTable([{ pan: PAN }]);
    table.setStatus(PAN, 'stolen');
    expect(table.decide(PAN, '1', {}, true).code).toBe('43');
  });

  it('refuses a status change for a card it does not hold, without naming the card', () => {
    const e = caught(() => new HostCardTable([]).setStatus(PAN, 'lost'));
    expect([e.code, e.message]).toEqual(['UNKNOWN_CARD', 'card is not in the card table (field pan)']);
  });
});

describe('HostCardTable balances', () => {
  it('debits and credits exactly, beyond what a float holds', () => {
    const table = new HostCardTable([{ pan: PAN, balance: '999999999999' }]);
    table.debit(PAN, '000000000001');
    table.credit(PAN, '2');
    table.debit(PAN, '999999999999');
    expect(table.balanceOf(PAN)).toBe('1');
  });

  it('gives the PIN it holds and none for a card without one', () => {
    const table = new HostCardTable([{ pan: PAN, pin: '0000' }, { pan: OTHER }]);
    expect([table.pinOf(PAN), table.pinOf(OTHER), table.has(OTHER), table.has('6200000000000005')]).toEqual(['0000', undefined, true, false]);
  });
});

describe('balanceField54', () => {
  it('lays out account type, amount type, currency, sign and a 12-digit amount', () => {
    expect(balanceField54('999999', '156')).toBe('1002156C000000999999');
  });

  it('marks an overdrawn balance with D', () => {
    expect(balanceField54('-250', '156')).toBe('1002156D000000000250');
  });
});
