import { describe, expect, it } from 'vitest';
import { cupDialect } from '../../src/index.js';
import { fromHex } from '../../src/bytes/hex.js';
import type { Message } from '../../src/message/message.js';
import {
  batchRecordOf,
  cancelledStanOf,
  checkResponseMatches,
  decideResponse,
  panOf,
  readResponseFrame,
  responseMismatches,
} from '../../src/txn/response.js';
import { loadCupFixtures } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = cupDialect();
const FIXTURES = loadCupFixtures();

function fixtureHex(file: string): string {
  return FIXTURES.find((f) => f.file === file)!.hex;
}

const TID = '80010001';
const MID = '102310058120001';

function sale(stan = '000021'): Message {
  return cup.message('0200', {
    '2': '6225880123456783',
    '3': '000000',
    '4': '000000010000',
    '11': stan,
    '22': '021',
    '25': '00',
    '41': TID,
    '42': MID,
    '49': '156',
    '60': { '1': '22', '2': '000012', '3': '000', '4': '5', '5': '0' },
  });
}

function answer(request: Message, fields: Record<string, string> = {}, mti = '0210'): Message {
  const m = cup.message(mti, {
    '3': request.get('3') as string,
    '4': request.get('4') as string,
    '11': request.get('11') as string,
    '13': '0611',
    '37': '183015002310',
    '38': 'A1B2C3',
    '39': '00',
    '41': request.get('41') as string,
    '42': request.get('42') as string,
  });
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  return m;
}

describe('reading a response frame', () => {
  it('splits the captured 0810 into TPDU, header and body and decodes it', () => {
    const rx = readResponseFrame(cup, fromHex(fixtureHex('cup-0810-signin-2.json')));
    expect(rx.tpdu).toEqual({ id: '60', destination: '0000', source: '0138' });
    expect(rx.header.processingRequirement).toBe('0');
    expect(rx.header.applicationType).toBe('61');
    expect(rx.message.mti).toBe('0810');
    expect(rx.message.get('60.2')).toBe('000519');
    expect(rx.body.length).toBe(121 - 11);
  });

  it('keeps its own copy of the body so the caller may reuse the frame buffer', () => {
    const frame = fromHex(fixtureHex('cup-0810-signin-2.json'));
    const rx = readResponseFrame(cup, frame);
    frame.fill(0);
    expect(rx.body[0]).toBe(0x08);
    expect(rx.message.get('11')).toBe('500211');
  });

  it('rejects a frame whose length header disagrees with its size', () => {
    const frame = fromHex(fixtureHex('cup-0810-signin-2.json'));
    const e = caught(() => readResponseFrame(cup, frame.subarray(0, frame.length - 1)));
    expect(e.code).toBe('FRAME_LENGTH_MISMATCH');
  });
});

describe('matching a response to its request', () => {
  it('accepts the response MTI with the same 11, 41 and 42', () => {
    const req = sale();
    expect(responseMismatches('sale', req, answer(req))).toEqual([]);
    expect(() => checkResponseMatches('sale', req, answer(req))).not.toThrow();
  });

  it('names every mismatched path: MTI, a changed STAN, a changed terminal', () => {
    const req = sale();
    const other = answer(req, { '11': '000022', '41': '80010002' }, '0230');
    expect(responseMismatches('sale', req, other)).toEqual(['MTI', '11', '41']);
    const e = caught(() => checkResponseMatches('sale', req, other));
    expect(e.code).toBe('RESPONSE_MISMATCH');
    expect(e.message).toBe('response does not answer the request: MTI, 11, 41 differ');
    expect(e.problems.map((p) => [p.code, p.message])).toEqual([
      ['RESPONSE_MISMATCH', 'response MTI does not answer the request (field MTI)'],
      ['RESPONSE_MISMATCH', 'response field differs from the request (field 11)'],
      ['RESPONSE_MISMATCH', 'response field differs from the request (field 41)'],
    ]);
    expect(e.problems[0]!.expected).toBe('0210');
    expect(e.problems[0]!.found).toBe('0230');
  });

  it('counts a field the table says the host returns but the response leaves out', () => {
    const req = sale();
    const res = answer(req);
    res.delete('42');
    expect(responseMismatches('sale', req, res)).toEqual(['42']);
    expect(caught(() => checkResponseMatches('sale', req, res)).problems[0]!.message).toBe(
      'response lacks a field of the request (field 42)',
    );
  });

  it('holds an approval to the processing code and amount asked for', () => {
    const req = sale();
    expect(responseMismatches('sale', req, answer(req, { '3': '200000', '4': '000000009999' }))).toEqual(['3', '4']);
    const lacking = answer(req);
    lacking.delete('4');
    expect(responseMismatches('sale', req, lacking)).toEqual(['4']);
    // A decline says nothing about money: its 3 and 4 are not held to the request.
    expect(responseMismatches('sale', req, answer(req, { '39': '51', '4': '000000009999' }))).toEqual([]);
  });

  it('takes a lower amount only in an explicit partial approval (39 = 10) to a request that offered one (60.6 = 1)', () => {
    const req = sale();
    const lower = { '4': '000000006000' };
    expect(responseMismatches('sale', req, answer(req, { ...lower, '39': '10' }))).toEqual(['4']);
    req.set('60.6', '1');
    expect(responseMismatches('sale', req, answer(req, { ...lower, '39': '10' }))).toEqual([]);
    expect(responseMismatches('sale', req, answer(req, { ...lower, '39': '00' }))).toEqual(['4']);
    expect(responseMismatches('sale', req, answer(req, { '4': '000000020000', '39': '10' }))).toEqual(['4']);
    expect(responseMismatches('sale', req, answer(req, { '4': '000000000000', '39': '10' }))).toEqual(['4']);
  });

  it('lets a management answer, which carries no MAC, leave out 11 and then matches it by 60.3 too', () => {
    const echo = cup.message('0820', { '11': '000031', '41': TID, '42': MID, '60': { '1': '00', '2': '000012', '3': '301' } });
    const reply = cup.message('0830', { '12': '183015', '13': '0611', '39': '00', '41': TID, '42': MID, '60': { '1': '00', '2': '000012', '3': '301' } });
    expect(responseMismatches('echo', echo, reply)).toEqual([]);
    reply.set('60.3', '002');
    expect(responseMismatches('echo', echo, reply)).toEqual(['60.3']);
    const req = sale();
    const noStan = answer(req);
    noStan.delete('11');
    expect(responseMismatches('sale', req, noStan)).toEqual(['11']);
  });

  it('never puts a field value into the mismatch texts', () => {
    const req = sale('123456');
    const e = caught(() => checkResponseMatches('sale', req, answer(req, { '11': '654321' })));
    expect(JSON.stringify([e.message, ...e.problems.map((p) => p.message)])).not.toMatch(/123456|654321/);
  });
});

describe('deciding what a response means', () => {
  it('approves 00 and partially approves 10', () => {
    expect(decideResponse('sale', '00', true)).toMatchObject({ action: 'approved', approved: true });
    expect(decideResponse('sale', '10', true)).toMatchObject({ action: 'partially-approved', approved: true });
    expect(decideResponse('sale', '00', true).info?.cupClass).toBe('A');
  });

  it('declines 51 and asks for a new sign-in on A0, following the response-code table', () => {
    expect(decideResponse('sale', '51', true)).toMatchObject({ action: 'declined', approved: false });
    expect(decideResponse('balance', 'A0', undefined)).toMatchObject({ action: 're-sign-in', approved: false });
  });

  it('does not reverse merely because the host answered 98', () => {
    expect(decideResponse('sale', '98', true).action).toBe('declined');
  });

  it('reverses a reversible request whose answer fails the MAC, even an approval, and asks others to sign in again', () => {
    expect(decideResponse('sale', '00', false)).toMatchObject({ action: 'reversal-needed', approved: false });
    expect(decideResponse('sale', undefined, false)).toMatchObject({ action: 'reversal-needed', approved: false });
    expect(decideResponse('balance', '00', false)).toMatchObject({ action: 're-sign-in', approved: false });
  });

  it('lets a decline that fails the MAC end the exchange for the cardholder as a decline (the session keeps the reversal owed)', () => {
    expect(decideResponse('preauth', '51', false)).toMatchObject({ action: 'declined', approved: false, info: { code: '51' } });
    expect(decideResponse('sale', '41', false)).toMatchObject({ action: 'retain-card', approved: false });
  });

  it('reads a settlement answer without 39 as accepted and any other answer without 39 as unusable', () => {
    expect(decideResponse('settlement', undefined, undefined)).toEqual({ action: 'approved', approved: true });
    expect(decideResponse('sale', undefined, true)).toEqual({ action: 'reversal-needed', approved: false });
    expect(decideResponse('refund', undefined, true)).toEqual({ action: 'declined', approved: false });
  });
});

describe('what an approval adds to the batch journal', () => {
  it('records a sale with the response amount, RRN, authorisation code and date', () => {
    const req = sale();
    const rec = batchRecordOf('sale', req, answer(req, { '4': '000000006000' }));
    expect(rec).toEqual({
      stan: '000021',
      kind: 'sale',
      amount: '000000006000',
      direction: 'debit',
      cardClass: 'domestic',
      pan: '6225880123456783',
      rrn: '183015002310',
      authCode: 'A1B2C3',
      date: '0611',
      entryMode: '02',
      detail: req.toObject(),
    });
  });

  it('takes the card class from the card organisation the approval names in 63.1, and the BIN only without one', () => {
    const req = sale();
    req.set('2', '4367420012345673');
    expect(batchRecordOf('sale', req, answer(req))).toMatchObject({ cardClass: 'foreign' });
    const cup63 = answer(req);
    cup63.set('63', { '1': 'CUP' });
    expect(batchRecordOf('sale', req, cup63)).toMatchObject({ cardClass: 'domestic', cardOrganisation: 'CUP' });
    const visa = sale();
    const vis63 = answer(visa);
    vis63.set('63', { '1': 'VIS' });
    expect(batchRecordOf('sale', visa, vis63)).toMatchObject({ cardClass: 'foreign', cardOrganisation: 'VIS' });
  });

  it('keeps with the record the request a detail upload repeats, without PIN block, tracks or track-equivalent chip data', () => {
    const req = sale();
    req.delete('2');
    req.set('35', '6225880123456783D27062207001000100');
    req.set('52', fromHex('0102030405060708'));
    req.set('53', '2600000000000000');
    req.set('55', [{ tag: '9F26', value: '1122334455667788' }, { tag: '57', value: '6225880123456783D2706220' }]);
    const detail = batchRecordOf('sale', req, answer(req))!.detail!;
    expect(Object.keys(detail.fields)).toEqual(['2', '3', '4', '11', '14', '22', '25', '41', '42', '49', '55', '60']);
    expect(detail.fields['2']).toBe('6225880123456783');
    expect(detail.fields['55']).toEqual([{ tag: '9F26', value: '1122334455667788' }]);
  });

  it('counts refunds as credits and foreign BINs as foreign, by the configured prefixes', () => {
    const req = sale();
    req.mti = '0220';
    const rec = batchRecordOf('refund', req, answer(req, {}, '0230'), { domesticPrefixes: ['9'] });
    expect(rec).toMatchObject({ direction: 'credit', cardClass: 'foreign' });
  });

  it('leaves balance inquiries, pre-authorisations and voids out of the totals', () => {
    const req = sale();
    for (const kind of ['balance', 'preauth', 'void', 'preauth-void'] as const) {
      expect(batchRecordOf(kind, req, answer(req))).toBeNull();
    }
  });

  it('takes the PAN from field 2, else from a clear track 2, else none', () => {
    const withPan = sale();
    expect(panOf(withPan)).toBe('6225880123456783');
    const swiped = sale();
    swiped.delete('2');
    swiped.set('35', '6212260200000000014D27062207001000100');
    expect(panOf(swiped)).toBe('6212260200000000014');
    const qr = sale();
    qr.delete('2');
    expect(panOf(qr)).toBe('');
    const rec = batchRecordOf('sale', qr, answer(qr));
    expect(rec).toMatchObject({ pan: '', cardClass: 'domestic' });
  });

  it('names the original STAN (61.2) of an approved void or completion void', () => {
    const req = sale();
    req.set('61', { '1': '000012', '2': '000007' });
    expect(cancelledStanOf('void', req)).toBe('000007');
    expect(cancelledStanOf('preauth-completion-void', req)).toBe('000007');
    expect(cancelledStanOf('sale', req)).toBeUndefined();
    expect(cancelledStanOf('void', sale())).toBeUndefined();
  });
});
