import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cupDialect, type Dialect } from '../../src/index.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { cupWorkingKeysFromMessage, verifyMessageMac } from '../../src/crypto/message-mac.js';
import type { Message } from '../../src/message/message.js';
import { respondTo } from '../../src/txn/host-responder.js';
import { identifyTransaction, TRANSACTIONS } from '../../src/txn/transaction-table.js';
import { loadCupFixtures, splitFixture, type CupFixture } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = cupDialect();
const FIXTURES = loadCupFixtures();
// The single-length MAK of the Easy8583Ans sale (github:yangyongzhen/Easy8583Ans, My8583Ans.java).
const MAK = fromHex('313215FDA2C4AB4C');
const NOW = new Date(2024, 5, 11, 18, 45, 30);
const now = () => NOW;

function dialectOf(fx: CupFixture): Dialect {
  return cupDialect((fx as { dialect?: Parameters<typeof cupDialect>[0] }).dialect ?? {});
}

function fixture(file: string): Message {
  const fx = FIXTURES.find((f) => f.file === file)!;
  return dialectOf(fx).decode(splitFixture(fx).body);
}

// Request and response captured as one exchange (same STAN, terminal and merchant).
const PAIRS: [string, string][] = [
  ['cup-0100-preauth.json', 'cup-0110-preauth.json'],
  ['cup-0220-refund.json', 'cup-0230-refund.json'],
  ['cup-0320-batchupload-8.json', 'cup-0330-batchupload.json'],
  ['cup-0800-signin-1.json', 'cup-0810-signin-1.json'],
  ['cup-0800-signin-4.json', 'cup-0810-signin-3.json'],
  ['cup-0820-echo.json', 'cup-0830-echo.json'],
];

describe('respondTo', () => {
  it.each(PAIRS)('answers %s with the field set of the captured %s', (requestFile, responseFile) => {
    const request = fixture(requestFile);
    const captured = fixture(responseFile);
    const keys = captured.get('62');
    const response = respondTo(request, { mak: MAK, now, ...(keys === undefined ? {} : { fields: { '62': keys } }) });
    expect(response.mti).toBe(captured.mti);
    expect(response.fieldNumbers()).toEqual(captured.fieldNumbers());
  });

  it.each(PAIRS)('echoes from %s what the host copies, as the captured response does', (requestFile, responseFile) => {
    const request = fixture(requestFile);
    const captured = fixture(responseFile);
    const response = respondTo(request, { now });
    for (const f of ['3', '4', '11', '25', '41', '42', '49']) {
      if (captured.has(f)) expect([f, response.toObject().fields[f]]).toEqual([f, captured.toObject().fields[f]]);
    }
  });

  it('answers the captured sale reversal with fields of the reversal response only, the original STAN kept', () => {
    const request = fixture('cup-0400-reversal-1.json');
    const response = respondTo(request, { now });
    expect(response.mti).toBe('0410');
    expect(response.fieldNumbers().filter((f) => !TRANSACTIONS.reversal.response.includes(f))).toEqual([]);
    expect(response.get('11')).toBe(request.get('11'));
    expect(response.fieldNumbers()).toEqual([2, 3, 4, 11, 12, 13, 14, 15, 25, 32, 37, 39, 41, 42, 44, 49, 60]);
  });

  it('sets the local time and date from the clock, and the RRN from the time and the STAN', () => {
    const response = respondTo(fixture('cup-0200-sale-1.json'), { now });
    expect([response.get('12'), response.get('13'), response.get('15')]).toEqual(['184530', '0611', '0611']);
    expect(response.get('37')).toBe('184530000020');
    expect(response.get('38')).toBe('000020');
    expect(response.get('39')).toBe('00');
  });

  it('takes RRN, authorisation code, settlement date, acquirer and issuer from its options', () => {
    const response = respondTo(fixture('cup-0200-sale-1.json'), {
      now,
      rrn: '123456789012',
      authCode: 'A51234',
      settlementDate: '0612',
      acquirerId: '01055800',
      issuerId: '01020000',
      cardOrganisation: 'VIS',
    });
    expect(response.toObject().fields).toMatchObject({
      '15': '0612',
      '32': '01055800',
      '37': '123456789012',
      '38': 'A51234',
      '44': { '1': '01020000', '2': '01055800' },
      '63': { '1': 'VIS' },
    });
  });

  it('derives the acquirer code from the merchant number when none is given', () => {
    expect(respondTo(fixture('cup-0200-sale-1.json'), { now }).get('32')).toBe('08984113');
  });

  it('gives an authorisation code only to approved sales and pre-authorisations', () => {
    expect(respondTo(fixture('cup-0200-sale-1.json'), { now, responseCode: '51' }).has('38')).toBe(false);
    expect(respondTo(fixture('cup-0200-sale-1.json'), { now, responseCode: '10' }).has('38')).toBe(true);
    expect(respondTo(fixture('cup-0100-preauth.json'), { now }).has('38')).toBe(true);
    expect(respondTo(fixture('cup-0220-refund.json'), { now }).has('38')).toBe(false);
    expect(respondTo(fixture('cup-0200-balance-1.json'), { now }).has('38')).toBe(false);
  });

  it('reads PAN and expiry from the clear track 2 of a request that carries no field 2', () => {
    const response = respondTo(fixture('cup-0220-refund.json'), { now });
    const track = fixture('cup-0220-refund.json').get('35') as string;
    expect(response.get('2')).toBe(track.slice(0, track.indexOf('D')));
    expect(response.get('14')).toBe(track.slice(track.indexOf('D') + 1, track.indexOf('D') + 5));
  });

  it('does not read an encrypted track for PAN and expiry', () => {
    const request = fixture('cup-0220-refund.json').set('53', '2610000000000000');
    const response = respondTo(request, { now });
    expect([response.has('2'), response.has('14')]).toEqual([false, false]);
  });

  it('returns the ATC of a chip request in field 55, as hosts echo it', () => {
    const request = fixture('cup-0200-sale-1.json');
    const atc = (request.toObject().fields['55'] as { tag: string; value?: string }[]).find((t) => t.tag === '9F36')!;
    expect(respondTo(request, { now }).toObject().fields['55']).toEqual([{ tag: '9F36', value: atc.value }]);
  });

  it('sets the reconciliation results of a settlement and keeps its totals', () => {
    const request = fixture('cup-0500-settle-1.json');
    const totals = request.toObject().fields['48'] as Record<string, Record<string, string>>;
    const balanced = respondTo(request, { now }).toObject().fields['48'] as Record<string, Record<string, string>>;
    expect(balanced).toEqual({ '1': { ...totals['1'], '5': '1' }, '2': { ...totals['2'], '5': '1' } });
    const mixed = respondTo(request, { now, reconciliation: { domestic: 'unbalanced', foreign: 'error' } });
    expect([mixed.get('48.1.5'), mixed.get('48.2.5')]).toEqual(['2', '3']);
    expect(mixed.get('63.1')).toBe(request.get('63.1'));
  });

  it('hands out a new batch number in a sign-in response when asked', () => {
    const response = respondTo(fixture('cup-0800-signin-1.json'), { now, batch: '000066' });
    expect(response.get('60.2')).toBe('000066');
    expect(response.get('60.3')).toBe('003');
  });

  it('hands out working keys that reproduce the captured key download of the same terminal byte for byte', () => {
    // TMK and clear keys of the Easy8583Ans sign-in (github:yangyongzhen/Easy8583Ans README.md), KCVs verified.
    const tmk = fromHex('258FB0AB70D025CDB99DF2C4D302D646');
    const keys = { pik: fromHex('D931648F3DE313A4A22C15DCA4F4299E'), mak: fromHex('AB7C577CC7A18045') };
    const request = fixture('cup-0800-signin-2.json');
    const response = respondTo(request, { now, workingKeys: { keys, tmk } });
    const decoded = cup.decode(cup.encode(response));
    expect(decoded.toObject().fields['62']).toEqual(fixture('cup-0810-signin-2.json').toObject().fields['62']);
    const installed = cupWorkingKeysFromMessage(response, tmk);
    expect(toHex(installed.mak.exportBytes())).toBe('AB7C577CC7A18045');
    expect(toHex(installed.pik.exportBytes())).toBe('D931648F3DE313A4A22C15DCA4F4299E');
  });

  it('computes a MAC the terminal verifies for MACed transactions', () => {
    for (const file of ['cup-0200-sale-1.json', 'cup-0100-preauth.json', 'cup-0220-refund.json', 'cup-0400-reversal-1.json']) {
      const response = respondTo(fixture(file), { now, mak: MAK });
      const body = cup.encode(response);
      expect([file, verifyMessageMac(cup, body, MAK)]).toEqual([file, true]);
      const tampered = cup.encode(response.set('11', response.get('11') === '000001' ? '000002' : '000001'));
      expect([file, verifyMessageMac(cup, tampered, MAK)]).toEqual([file, false]);
    }
  });

  it('leaves field 64 out without a MAK, and out of management and settlement responses even with one', () => {
    expect(respondTo(fixture('cup-0200-sale-1.json'), { now }).has('64')).toBe(false);
    for (const file of ['cup-0800-signin-1.json', 'cup-0820-echo.json', 'cup-0500-settle-1.json', 'cup-0320-batchupload-8.json']) {
      expect([file, respondTo(fixture(file), { now, mak: MAK }).has('64')]).toEqual([file, false]);
    }
  });

  it('puts the given fields over what it derives', () => {
    const response = respondTo(fixture('cup-0200-balance-1.json'), {
      now,
      responseCode: '00',
      fields: { '54': '1002156C000000999999', '39': '51' },
    });
    expect(response.get('54.5')).toBe('000000999999');
    expect(response.get('39')).toBe('51');
  });

  it('answers random sales with responses that encode, decode and identify as the same sale', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(digits(6), digits(12), digits(8), digits(15), fc.constantFrom('00', '51', '10', 'A0'), (stan, amount, tid, mid, code) => {
        const request = cup.message('0200', {
          '2': '6210810840003424940', '3': '000000', '4': amount, '11': stan, '22': '051', '25': '00',
          '41': tid, '42': mid, '49': '156', '60': { '1': '22', '2': '000001', '3': '000', '4': '5', '5': '0' },
        });
        const response = cup.decode(cup.encode(respondTo(request, { now, responseCode: code, mak: MAK })));
        expect(identifyTransaction(response)).toBe('sale');
        expect([response.get('4'), response.get('11'), response.get('41'), response.get('42'), response.get('39')]).toEqual([
          amount, stan, tid, mid, code,
        ]);
        expect(response.has('38')).toBe(code === '00' || code === '10');
      }),
      { seed: 8583, numRuns: 60 },
    );
  });

  it('refuses a response offered as a request and a message outside the table', () => {
    const response = caught(() => respondTo(fixture('cup-0210-sale-1.json')));
    expect([response.code, response.message]).toEqual(['NOT_A_REQUEST', 'message is a response, not a request']);
    const unknown = caught(() => respondTo(cup.message('0600', { '11': '000001' })));
    expect([unknown.code, unknown.message]).toEqual(['UNKNOWN_TRANSACTION', 'request matches no transaction of the CUP POS table']);
  });
});
