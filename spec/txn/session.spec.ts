import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cupDialect } from '../../src/index.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import type { BlockCipher, CipherProvider } from '../../src/crypto/cipher.js';
import { encryptCupWorkingKeys } from '../../src/crypto/cup-keys.js';
import { portableProvider } from '../../src/crypto/portable-provider.js';
import { verifyMessageMac } from '../../src/crypto/message-mac.js';
import type { CupHeader } from '../../src/frame/cup-header.js';
import { frameMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { swapTpdu, type Tpdu } from '../../src/frame/tpdu.js';
import type { Message } from '../../src/message/message.js';
import { respondTo, type RespondOptions } from '../../src/txn/host-responder.js';
import { classifyResponseCode } from '../../src/txn/response-codes.js';
import {
  followingBatch,
  TerminalSession,
  type Outgoing,
  type TerminalConfig,
  type TerminalState,
} from '../../src/txn/session.js';
import { loadCupFixtures } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = cupDialect();
const FIXTURES = loadCupFixtures();

function fixtureHex(file: string): string {
  return FIXTURES.find((f) => f.file === file)!.hex;
}


// The terminal, TMK and keys of the Easy8583Ans sign-in exchange (github:yangyongzhen/Easy8583Ans
// README.md and My8583Ans.java): the captured 0810 answers STAN 500211 with the keys below.
const TMK = '258FB0AB70D025CDB99DF2C4D302D646';
const PIK = 'D931648F3DE313A4A22C15DCA4F4299E';
const MAK = 'AB7C577CC7A18045';
const TPDU: Tpdu = { id: '60', destination: '0501', source: '0000' };
const HEADER: CupHeader = { applicationType: '61', specVersion: '31', terminalStatus: '0', processingRequirement: '0', subVersion: '311108' };
const CONFIG: TerminalConfig = {
  terminalId: '99999906',
  merchantId: '001430170119999',
  tmk: TMK,
  keyLayout: '003',
  tpdu: TPDU,
  header: HEADER,
  terminalInfo: { licence: '3060', serial: '99999906' },
};
const NOW = new Date(2024, 5, 11, 18, 30, 15);
const now = () => NOW;
const SIGN_IN_0810 = fromHex(fixtureHex('cup-0810-signin-2.json'));
const TRACK2 = '6225880123456783=27062207001000100';
const CARD = { entry: 'magstripe' as const, track2: TRACK2 };

interface Harness {
  session: TerminalSession;
  saved: TerminalState[];
}

function harness(state: TerminalState): Harness {
  const saved: TerminalState[] = [];
  return { session: TerminalSession.restore(state, { persist: (s) => saved.push(s), now }), saved };
}

function fresh(): TerminalState {
  return TerminalSession.create(CONFIG).state();
}

/** A terminal signed in with the captured 0810 (keys above, batch 000519). */
function signedIn(): Harness {
  const h = harness({ ...fresh(), stan: 500210 });
  h.session.handleResponse(h.session.signIn(), SIGN_IN_0810);
  h.saved.length = 0;
  return h;
}

/** The host's framed answer to `out`, made by the library's host responder. */
function reply(out: Outgoing, options: RespondOptions = {}, header: Partial<CupHeader> = {}, edit?: (m: Message) => void): Uint8Array {
  const res = respondTo(out.message, { dialect: cup, now, mak: fromHex(MAK), ...options });
  edit?.(res);
  return frameMessage(cupFrameProfile, { tpdu: swapTpdu(TPDU), header: { ...HEADER, ...header }, body: cup.encode(res) });
}

function sale(h: Harness, amount = '10000'): Outgoing {
  return h.session.sale({ amount, card: CARD });
}

describe('creating and restoring a terminal', () => {
  it('starts unsigned with no STAN used and batch 000001, and persists that first state', () => {
    const saved: TerminalState[] = [];
    const s = TerminalSession.create(CONFIG, { persist: (x) => saved.push(x) });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toEqual(s.state());
    expect(s.state()).toMatchObject({ stan: 0, batch: '000001', signedIn: false, keys: null, reversal: { pending: null } });
    expect(JSON.parse(JSON.stringify(s.state()))).toEqual(s.state());
  });

  it('refuses a configuration with every problem named and no value shown', () => {
    const bad = { ...CONFIG, terminalId: '9999', tmk: 'XYZ', tpdu: { id: '6', destination: '0501', source: '0000' }, keyLayout: '002' };
    const e = caught(() => TerminalSession.create(bad as unknown as TerminalConfig));
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.message).toBe('terminal configuration has 4 problems: config.terminalId, config.tmk, config.keyLayout, config.tpdu');
    expect(e.problems.map((p) => p.message)).toEqual([
      'terminal ID must be 8 printable ASCII characters (field config.terminalId)',
      'TMK must be 16, 32 or 48 hex digits (field config.tmk)',
      'key layout must be 001, 003 or 004 (field config.keyLayout)',
      'TPDU must have a 2-digit hex id and 4-digit hex addresses (field config.tpdu)',
    ]);
  });

  it('refuses a damaged state with the path of the damage', () => {
    const s = fresh();
    expect(caught(() => TerminalSession.restore({ ...s, stan: 1000000 })).message).toBe(
      'last STAN must be a whole number from 0 to 999999 (field stan)',
    );
    expect(caught(() => TerminalSession.restore({ ...s, keys: { pik: PIK, mak: 'nothex' } })).message).toBe(
      'MAK must be 16, 32 or 48 hex digits (field keys.mak)',
    );
    const e = caught(() => TerminalSession.restore({ ...s, batchJournal: { batch: '12', records: [] } }));
    expect(e.code).toBe('BAD_STATE');
  });

  it('refuses a damaged exchange record or settlement progress with its path', () => {
    const s = fresh();
    const exchange = { kind: 'sale' as const, stan: '000001', status: 'awaiting' as const };
    expect(caught(() => TerminalSession.restore({ ...s, exchanges: [exchange, { ...exchange, status: 'answered' }] })).message).toBe(
      'exchange record is not valid (field exchanges.0)',
    );
    expect(caught(() => TerminalSession.restore({ ...s, exchanges: [{ ...exchange, kind: 'lunch' as 'sale' }] })).path).toBe('exchanges.0');
    expect(caught(() => TerminalSession.restore({ ...s, settlement: { result: { domestic: 'fine' as 'balanced', foreign: 'balanced' }, uploaded: [] } })).message).toBe(
      'settlement result must be balanced, unbalanced or error per card class (field settlement.result)',
    );
    expect(caught(() => TerminalSession.restore({ ...s, stansInBatch: -1 })).path).toBe('stansInBatch');
  });

  it('restores a state persisted before exchanges, batch STAN counts and settlements were kept', () => {
    const { exchanges: _x, settlement: _s, stansInBatch: _n, ...old } = signedIn().session.state();
    const back = TerminalSession.restore(old as TerminalState, { now });
    expect(back.state()).toMatchObject({ exchanges: [], settlement: null, stansInBatch: 0 });
    expect(back.sale({ amount: '100', card: CARD }).kind).toBe('sale');
  });

  it('hands out a deep copy of its state', () => {
    const h = signedIn();
    const a = h.session.state();
    a.keys!.mak = '0000000000000000';
    a.config.terminalId = 'XXXXXXXX';
    expect(h.session.state().keys!.mak).toBe(MAK);
    expect(h.session.state().config.terminalId).toBe('99999906');
  });
});

describe('STAN', () => {
  it('numbers requests 000001, 000002 … and persists each before the request is handed out', () => {
    const h = harness(fresh());
    const first = h.session.signIn();
    expect(first.stan).toBe('000001');
    expect(h.saved.at(-1)!.stan).toBe(1);
    h.session.noResponse(first);
    expect(h.session.echo().stan).toBe('000002');
    expect(h.saved.at(-1)!.stan).toBe(2);
    h.session.noResponse();
    expect(h.session.nextStan()).toBe('000003');
    expect(h.saved.at(-1)!.stan).toBe(3);
  });

  it('wraps from 999999 to 000001', () => {
    const h = harness({ ...fresh(), stan: 999998 });
    expect(h.session.echo().stan).toBe('999999');
    h.session.noResponse();
    const out = h.session.echo();
    expect(out.stan).toBe('000001');
    expect(out.message.get('11')).toBe('000001');
  });

  it('does not hand out a request whose state could not be persisted', () => {
    const s = TerminalSession.restore(fresh(), {
      persist: () => {
        throw new Error('storage full');
      },
    });
    expect(() => s.echo()).toThrow('storage full');
  });

  it('uses a STAN only when the request could be built', () => {
    const h = signedIn();
    const before = h.session.state().stan;
    const e = caught(() => h.session.sale({ amount: '0', card: CARD }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(h.session.state().stan).toBe(before);
    expect(h.saved).toHaveLength(0);
  });
});

describe('sign-in', () => {
  it('sends the captured Easy8583Ans sign-in byte for byte as the first request of a terminal on batch 000000', () => {
    const h = harness({ ...fresh(), batch: '000000' });
    const out = h.session.signIn();
    expect(toHex(out.frame)).toBe(fixtureHex('cup-0800-signin-2.json'));
    expect(out.kind).toBe('sign-in');
    expect(out.message.has('64')).toBe(false);
  });

  it('installs the working keys of the captured 0810 after checking their KCVs, and takes its batch from 60.2', () => {
    const h = harness({ ...fresh(), stan: 500210 });
    const out = h.session.signIn();
    expect(out.stan).toBe('500211');
    const outcome = h.session.handleResponse(out, SIGN_IN_0810);
    expect(outcome).toMatchObject({ kind: 'sign-in', code: '00', action: 'approved', approved: true, processingRequirement: '0' });
    expect(outcome.macValid).toBeUndefined();
    const st = h.session.state();
    expect(st.keys).toEqual({ pik: PIK, mak: MAK });
    expect(st.signedIn).toBe(true);
    expect(st.batch).toBe('000519');
    expect(st.batchJournal.batch).toBe('000519');
    expect(h.saved.at(-1)).toEqual(st);
  });

  it('keeps the old keys and throws when a KCV does not match, ending the sign-in exchange', () => {
    const h = signedIn();
    for (const [offset, name] of [[-1, 'MAK'], [-24, 'PIK']] as const) {
      const again = harness({ ...h.session.state(), stan: 500210 });
      const out = again.session.signIn();
      again.saved.length = 0;
      const bad = SIGN_IN_0810.slice();
      bad[bad.length + offset] = bad[bad.length + offset]! ^ 0x01;
      const e = caught(() => again.session.handleResponse(out, bad));
      expect(e.code).toBe('KCV_MISMATCH');
      expect(e.message).toBe(`${name} check value does not match (field 62)`);
      expect(again.session.state().keys).toEqual({ pik: PIK, mak: MAK });
      expect(again.session.awaiting()).toBeNull();
      expect(again.saved.map((st) => st.exchanges.at(-1))).toEqual([{ kind: 'sign-in', stan: '500211', status: 'answered' }]);
    }
  });

  it('installs single-length keys and a TDK from layouts 001 and 004 made by the host side', () => {
    for (const [layout, keys] of [
      ['001', { pik: '0123456789ABCDEF', mak: 'FEDCBA9876543210' }],
      ['004', { pik: PIK, mak: MAK, tdk: '00112233445566778899AABBCCDDEEFF' }],
    ] as const) {
      const h = harness(TerminalSession.create({ ...CONFIG, keyLayout: layout }).state());
      const out = h.session.signIn();
      expect(out.message.get('60.3')).toBe(layout);
      const block = encryptCupWorkingKeys(
        { pik: fromHex(keys.pik), mak: fromHex(keys.mak), ...('tdk' in keys ? { tdk: fromHex(keys.tdk) } : {}) },
        fromHex(TMK),
        layout,
      );
      h.session.handleResponse(out, reply(out, { fields: { '62': toHex(block) }, batch: '000777' }));
      expect(h.session.state().keys).toEqual(keys);
      expect(h.session.state().batch).toBe('000777');
    }
  });

  it('changes nothing when the 0810 answers another request', () => {
    const h = harness({ ...fresh(), stan: 500300 });
    const out = h.session.signIn();
    const before = h.session.state();
    h.saved.length = 0;
    const e = caught(() => h.session.handleResponse(out, SIGN_IN_0810));
    expect(e.code).toBe('RESPONSE_MISMATCH');
    expect(e.message).toBe('response does not answer the request: 11 differ');
    expect(e.problems.map((p) => p.path)).toEqual(['11']);
    expect(h.session.state()).toEqual(before);
    expect(h.saved).toHaveLength(0);
  });

  it('leaves the keys alone when the host declines the sign-in', () => {
    const h = harness(fresh());
    const out = h.session.signIn();
    const outcome = h.session.handleResponse(out, reply(out, { responseCode: '97' }));
    expect(outcome).toMatchObject({ approved: false, code: '97', action: classifyResponseCode('97').action });
    expect(h.session.state()).toMatchObject({ signedIn: false, keys: null });
  });
});

describe('financial requests', () => {
  it('refuses them before sign-in, while echo needs no keys', () => {
    const h = harness(fresh());
    const e = caught(() => sale(h));
    expect(e.code).toBe('NOT_SIGNED_IN');
    expect(e.message).toBe('terminal must sign in before this request');
    expect(h.session.echo().message.get('60.3')).toBe('301');
  });

  it('signs a sale with the installed MAK, frames it and journals its reversal before it goes out', () => {
    const h = signedIn();
    const out = sale(h);
    expect(out.stan).toBe('500212');
    expect(verifyMessageMac(cup, out.body, fromHex(MAK))).toBe(true);
    expect(toHex(out.frame)).toBe(toHex(frameMessage(cupFrameProfile, { tpdu: TPDU, header: HEADER, body: out.body })));
    expect(out.message.get('60.2')).toBe('000519');
    const saved = h.saved.at(-1)!;
    expect(saved.stan).toBe(500212);
    expect(saved.reversal.pending).toMatchObject({ stan: '500212', kind: 'sale', reason: '98', attempts: 0 });
    expect(saved.reversal.pending!.request.fields['35']).toBeUndefined();
  });

  it('records an approved sale in the batch journal and clears its reversal', () => {
    const h = signedIn();
    const out = sale(h);
    const outcome = h.session.handleResponse(out, reply(out));
    expect(outcome).toMatchObject({ kind: 'sale', code: '00', action: 'approved', approved: true, macValid: true });
    const st = h.session.state();
    expect(st.reversal.pending).toBeNull();
    expect(st.batchJournal.records).toEqual([
      {
        stan: '500212',
        kind: 'sale',
        amount: '000000010000',
        direction: 'debit',
        cardClass: 'domestic',
        pan: '6225880123456783',
        rrn: '183015500212',
        authCode: '500212',
        date: '0611',
        voided: false,
        cardOrganisation: 'CUP',
        entryMode: '02',
        detail: {
          mti: '0200',
          fields: {
            '2': '6225880123456783',
            '3': '000000',
            '4': '000000010000',
            '11': '500212',
            '14': '2706',
            '22': { '1': '02', '2': '2' },
            '25': '00',
            '41': '99999906',
            '42': '001430170119999',
            '49': '156',
            '60': { '1': '22', '2': '000519', '3': '000', '4': '6', '5': '0' },
          },
        },
      },
    ]);
    expect(h.saved.at(-1)).toEqual(st);
  });

  it('records the approved amount of a partial approval', () => {
    const h = signedIn();
    const out = h.session.sale({ amount: '10000', card: CARD, partialApproval: true });
    const outcome = h.session.handleResponse(out, reply(out, { responseCode: '10', fields: { '4': '000000006000' } }));
    expect(outcome).toMatchObject({ action: 'partially-approved', approved: true });
    expect(h.session.state().batchJournal.records[0]!.amount).toBe('000000006000');
  });

  it('clears the reversal of a declined sale and records nothing', () => {
    const h = signedIn();
    const out = sale(h);
    const outcome = h.session.handleResponse(out, reply(out, { responseCode: '51' }));
    expect(outcome).toMatchObject({ code: '51', action: 'declined', approved: false, macValid: true });
    expect(h.session.state().reversal.pending).toBeNull();
    expect(h.session.state().batchJournal.records).toEqual([]);
  });

  it('counts an answer delivered twice only once and reports the repeat', () => {
    const h = signedIn();
    const out = sale(h);
    const frame = reply(out);
    h.session.handleResponse(out, frame);
    expect(caught(() => h.session.handleResponse(out, frame)).code).toBe('DUPLICATE_RESPONSE');
    expect(h.session.state().batchJournal.records).toHaveLength(1);
  });

  it('marks the original sale voided when its void is approved', () => {
    const h = signedIn();
    const first = sale(h);
    h.session.handleResponse(first, reply(first));
    const v = h.session.void({
      card: CARD,
      original: { stan: first.stan, batch: '000519', rrn: '183015500212', amount: '10000' },
    });
    expect(v.message.get('61.2')).toBe(first.stan);
    h.session.handleResponse(v, reply(v));
    const records = h.session.state().batchJournal.records;
    expect(records).toHaveLength(1);
    expect(records[0]!.voided).toBe(true);
  });

  it('journals a refund as a credit without a reversal', () => {
    const h = signedIn();
    const out = h.session.refund({ amount: '500', card: CARD, original: { rrn: '183015500212', date: '0611' } });
    expect(h.session.state().reversal.pending).toBeNull();
    h.session.handleResponse(out, reply(out));
    expect(h.session.state().batchJournal.records[0]).toMatchObject({ kind: 'refund', direction: 'credit', amount: '000000000500' });
  });

  it('keeps a pre-authorisation out of the totals and counts its completion as a debit until the completion is voided', () => {
    const h = signedIn();
    const pre = h.session.preauth({ amount: '30000', card: CARD });
    expect(h.session.state().reversal.pending).toMatchObject({ kind: 'preauth', stan: pre.stan });
    const preOutcome = h.session.handleResponse(pre, reply(pre));
    expect(preOutcome.approved).toBe(true);
    expect(h.session.state().batchJournal.records).toEqual([]);
    const authCode = preOutcome.message.get('38') as string;

    const done = h.session.preauthCompletion({ amount: '25000', card: CARD, original: { authCode, date: '0611' } });
    expect(done.message.get('38')).toBe(authCode);
    h.session.handleResponse(done, reply(done));
    expect(h.session.state().batchJournal.records).toMatchObject([{ kind: 'preauth-completion', direction: 'debit', amount: '000000025000' }]);

    const undo = h.session.preauthCompletionVoid({
      card: CARD,
      original: { stan: done.stan, batch: '000519', rrn: `183015${done.stan}`, amount: '25000' },
    });
    h.session.handleResponse(undo, reply(undo));
    expect(h.session.state().batchJournal.records.map((r) => r.voided)).toEqual([true]);
    expect(h.session.settle().message.get('48.1.2')).toBe('000');
  });

  it('exposes the processing requirement of the response header', () => {
    const h = signedIn();
    const out = sale(h);
    const outcome = h.session.handleResponse(out, reply(out, {}, { processingRequirement: '3' }));
    expect(outcome.processingRequirement).toBe('3');
    expect(outcome.approved).toBe(true);
  });
});

describe('reversal', () => {
  it('turns a response with a bad MAC into reversal reason A0 and refuses new requests until it is sent', () => {
    const h = signedIn();
    const out = sale(h);
    const outcome = h.session.handleResponse(out, reply(out, { mak: fromHex('0123456789ABCDEF') }));
    expect(outcome).toMatchObject({ code: '00', action: 'reversal-needed', approved: false, macValid: false });
    expect(h.session.state().reversal.pending).toMatchObject({ stan: out.stan, reason: 'A0' });
    expect(h.session.state().batchJournal.records).toEqual([]);
    expect(h.saved.at(-1)!.reversal.pending!.reason).toBe('A0');

    const e = caught(() => sale(h));
    expect(e.code).toBe('REVERSAL_PENDING');
    expect(e.message).toBe('a pending reversal must be sent before any new request');
    expect(caught(() => h.session.settle()).code).toBe('REVERSAL_PENDING');
    const echo = h.session.echo();
    expect(echo.kind).toBe('echo');
    h.session.handleResponse(echo, reply(echo));

    const rev = h.session.pendingReversal()!;
    expect(rev).toMatchObject({ kind: 'reversal', stan: out.stan });
    expect(rev.message.mti).toBe('0400');
    expect(rev.message.get('11')).toBe(out.stan);
    expect(rev.message.get('39')).toBe('A0');
    expect(rev.message.has('35')).toBe(false);
    expect(verifyMessageMac(cup, rev.body, fromHex(MAK))).toBe(true);

    const done = h.session.handleResponse(rev, reply(rev));
    expect(done).toMatchObject({ kind: 'reversal', approved: true });
    expect(h.session.state().reversal.pending).toBeNull();
    expect(h.session.pendingReversal()).toBeNull();
    expect(sale(h).kind).toBe('sale');
  });

  it('treats an approval without a MAC as a bad MAC', () => {
    const h = signedIn();
    const out = sale(h);
    const outcome = h.session.handleResponse(out, reply(out, { mak: undefined }));
    expect(outcome).toMatchObject({ action: 'reversal-needed', macValid: false });
    expect(h.session.state().reversal.pending!.reason).toBe('A0');
  });

  it('keeps the reversal owed with reason 98 after a timeout and counts failed reversal sends', () => {
    const h = signedIn();
    const out = sale(h);
    h.saved.length = 0;
    h.session.noResponse(out);
    expect(h.session.state().reversal.pending).toMatchObject({ stan: out.stan, reason: '98', attempts: 0 });
    const rev = h.session.pendingReversal()!;
    expect(rev.message.get('39')).toBe('98');
    h.session.noResponse(rev);
    // Giving up on the same send twice counts one attempt; a second send is a second attempt.
    h.session.noResponse(rev);
    expect(h.session.state().reversal.pending!.attempts).toBe(1);
    h.session.noResponse(h.session.pendingReversal()!);
    expect(h.session.state().reversal.pending!.attempts).toBe(2);
    expect(h.saved.at(-1)!.reversal.pending!.attempts).toBe(2);
  });

  it('leaves a reversal owed when its own answer fails the MAC', () => {
    const h = signedIn();
    const out = sale(h);
    h.session.noResponse(out);
    const rev = h.session.pendingReversal()!;
    const outcome = h.session.handleResponse(rev, reply(rev, { mak: fromHex('0123456789ABCDEF') }));
    expect(outcome.macValid).toBe(false);
    expect(h.session.state().reversal.pending).not.toBeNull();
  });

  it('reverses an approved sale the terminal could not complete with reason 96 and takes it out of the totals', () => {
    const h = signedIn();
    const out = sale(h);
    h.session.handleResponse(out, reply(out));
    h.session.cannotComplete(out);
    const st = h.session.state();
    expect(st.reversal.pending).toMatchObject({ stan: out.stan, reason: '96' });
    expect(st.batchJournal.records[0]!.voided).toBe(true);
    expect(h.saved.at(-1)).toEqual(st);
    expect(h.session.pendingReversal()!.message.get('39')).toBe('96');
  });

  it('refuses a second reversal while another is owed', () => {
    const h = signedIn();
    const first = sale(h);
    h.session.handleResponse(first, reply(first));
    const second = sale(h, '200');
    h.session.noResponse(second);
    const e = caught(() => h.session.cannotComplete(first));
    expect(e.code).toBe('REVERSAL_PENDING');
    expect(e.message).toBe('another reversal must be sent first');
    expect(h.session.state().reversal.pending).toMatchObject({ stan: second.stan, reason: '98' });
  });

  it('refuses to reverse a transaction that is never reversed', () => {
    const h = signedIn();
    const out = h.session.balance({ card: CARD });
    const e = caught(() => h.session.cannotComplete(out));
    expect(e.code).toBe('NOT_REVERSIBLE');
    expect(e.message).toBe('this transaction is not reversed');
  });
});

describe('settlement', () => {
  /** The terminal of the synthetic 0510 fixtures, signed in on batch 000012. */
  function settling(stan: number): Harness {
    const config = { ...CONFIG, terminalId: '80010001', merchantId: '102310058120001' };
    const base = TerminalSession.create(config).state();
    return harness({
      ...base,
      stan,
      batch: '000012',
      signedIn: true,
      keys: { pik: PIK, mak: MAK },
      batchJournal: { batch: '000012', records: [] },
    });
  }

  it('reads a balanced 0510 (both codes 1)', () => {
    const h = settling(230);
    const out = h.session.settle();
    expect(out.message.toObject().fields).toMatchObject({ '11': '000231', '49': '156', '60': { '1': '00', '2': '000012', '3': '201' } });
    const outcome = h.session.handleResponse(out, fromHex(fixtureHex('cup-0510-settle-balanced.json')));
    expect(outcome).toMatchObject({ kind: 'settlement', code: '00', approved: true, reconciliation: { domestic: 'balanced', foreign: 'balanced' } });
  });

  it('reads an unbalanced 0510 that carries no field 39', () => {
    const h = settling(231);
    const out = h.session.settle();
    const outcome = h.session.handleResponse(out, fromHex(fixtureHex('cup-0510-settle-unbalanced.json')));
    expect(outcome.code).toBeUndefined();
    expect(outcome).toMatchObject({ approved: true, action: 'approved', reconciliation: { domestic: 'unbalanced', foreign: 'balanced' } });
  });

  it('sends the batch journal totals and reads the result of a synthetic 0510', () => {
    const h = signedIn();
    for (const amount of ['10000', '2550']) {
      const out = sale(h, amount);
      h.session.handleResponse(out, reply(out));
    }
    const out = h.session.settle();
    expect(out.message.get('48.1')).toEqual({ '1': '000000012550', '2': '002', '3': '000000000000', '4': '000', '5': '0' });
    expect(out.message.has('64')).toBe(false);
    const outcome = h.session.handleResponse(out, reply(out, { reconciliation: { domestic: 'error', foreign: 'balanced' } }));
    expect(outcome.reconciliation).toEqual({ domestic: 'error', foreign: 'balanced' });
  });

  it('uploads the batch in messages of eight after an unbalanced settlement, ends it with 202 and the count, and starts the next batch once the end is accepted', () => {
    const h = signedIn();
    for (let i = 1; i <= 9; i++) {
      const out = sale(h, String(i * 100));
      h.session.handleResponse(out, reply(out));
    }
    const settle = h.session.settle();
    h.session.handleResponse(settle, reply(settle, { reconciliation: { domestic: 'unbalanced', foreign: 'balanced' } }));
    const stan = h.session.state().stan;
    const first = h.session.nextBatchUpload()!;
    expect([first.kind, first.stan, first.message.get('48.1')]).toEqual(['batch-upload', String(stan + 1).padStart(6, '0'), '08']);
    expect(h.saved.at(-1)!.stan).toBe(stan + 1);
    expect(caught(() => h.session.nextBatchUpload()).code).toBe('EXCHANGE_PENDING');
    expect(h.session.handleResponse(first, reply(first)).approved).toBe(true);
    const second = h.session.nextBatchUpload()!;
    expect([second.stan, second.message.get('48.1'), second.message.get('48.2.4')]).toEqual([String(stan + 2).padStart(6, '0'), '01', '000000000900']);
    expect(caught(() => h.session.batchUploadEnd()).code).toBe('EXCHANGE_PENDING');
    h.session.handleResponse(second, reply(second));
    expect(h.session.nextBatchUpload()).toBeNull();

    const end = h.session.batchUploadEnd();
    expect([end.message.get('60.3'), end.message.get('48.1')]).toEqual(['202', '0009']);
    h.session.handleResponse(end, reply(end));
    const st = h.session.state();
    expect(st.batch).toBe('000520');
    expect(st.batchJournal).toEqual({ batch: '000520', records: [] });
    expect(st.settlement).toBeNull();
    expect(caught(() => h.session.nextBatchUpload()).code).toBe('NOT_SETTLING');
  });

  it('sends a lost upload again and counts each record once', () => {
    const h = signedIn();
    const out = sale(h, '100');
    h.session.handleResponse(out, reply(out));
    const settle = h.session.settle();
    h.session.handleResponse(settle, reply(settle, { reconciliation: 'unbalanced' }));
    const lost = h.session.nextBatchUpload()!;
    h.session.noResponse(lost);
    const again = h.session.nextBatchUpload()!;
    expect(again.stan).not.toBe(lost.stan);
    expect(again.message.get('48.2.2')).toBe(out.stan);
    h.session.handleResponse(again, reply(again));
    expect(h.session.batchUploadEnd().message.get('48.1')).toBe('0001');
  });

  it('refuses the uploads and the end before the settlement answer, and the end while records are left', () => {
    const h = signedIn();
    const out = sale(h, '100');
    h.session.handleResponse(out, reply(out));
    const e = caught(() => h.session.batchUploadEnd());
    expect([e.code, e.message]).toEqual(['NOT_SETTLING', 'no settlement is under way']);
    const settle = h.session.settle();
    h.session.handleResponse(settle, reply(settle, { responseCode: '77' }));
    expect(caught(() => h.session.nextBatchUpload()).message).toBe('the settlement request has not been answered yet');
    const again = h.session.settle();
    h.session.handleResponse(again, reply(again, { reconciliation: 'unbalanced' }));
    const pending = caught(() => h.session.batchUploadEnd());
    expect([pending.code, pending.message]).toEqual(['UPLOAD_PENDING', 'records are still to be uploaded before the batch-upload end']);
    expect(caught(() => h.session.settle()).code).toBe('SETTLEMENT_ANSWERED');
  });

  it('sends a chip sale\'s TC record unsigned under the sale\'s STAN after a balanced settlement (203), with the acquirer\'s 62 when given', () => {
    const h = harness({ ...signedIn().session.state() });
    const tcSession = TerminalSession.restore(h.session.state(), { now, tcRecord: (r) => `61${r.amount}` });
    const icc = [{ tag: '9F26', value: '1122334455667788' }, { tag: '9F36', value: '0042' }];
    const chipSale = tcSession.sale({ amount: '2500', card: { entry: 'contact', pan: '6225880123456783', sequence: '001', icc } });
    tcSession.handleResponse(chipSale, reply(chipSale));
    const settle = tcSession.settle();
    tcSession.handleResponse(settle, reply(settle));
    const tc = tcSession.nextBatchUpload()!;
    expect(tc.kind).toBe('ic-tc-upload');
    expect(tc.stan).toBe(chipSale.stan);
    expect(tc.message.toObject().fields).toEqual({
      '2': '6225880123456783',
      '4': '000000002500',
      '11': chipSale.stan,
      '22': { '1': '05', '2': '2' },
      '23': '001',
      '41': '99999906',
      '42': '001430170119999',
      '55': icc,
      '60': { '1': '00', '2': '000519', '3': '203' },
      '62': '61000000002500',
    });
    expect(tc.message.has('64')).toBe(false);
    expect(tcSession.handleResponse(tc, reply(tc)).approved).toBe(true);
    expect(tcSession.batchUploadEnd().message.toObject().fields).toMatchObject({ '48': { '1': '0001' }, '60': { '3': '207' } });
  });

  it('numbers batches 000001 after 999999', () => {
    expect(followingBatch('000519')).toBe('000520');
    expect(followingBatch('999999')).toBe('000001');
  });
});

describe('sign-out', () => {
  it('drops the keys once the host accepts it', () => {
    const h = signedIn();
    const out = h.session.signOut();
    expect(out.message.get('60.3')).toBe('002');
    h.session.handleResponse(out, reply(out));
    expect(h.session.state()).toMatchObject({ signedIn: false, keys: null });
    expect(caught(() => sale(h)).code).toBe('NOT_SIGNED_IN');
  });
});

describe('working key objects', () => {
  // Portable ciphers, each remembered with the key it was made for, so a test can see how often a key
  // was expanded and whether its schedule was wiped.
  function recording() {
    const made: Array<{ key: string; lent: Uint8Array; cipher: BlockCipher }> = [];
    const provider: CipherProvider = {
      name: 'recording',
      createCipher(alg, key) {
        const cipher = portableProvider.createCipher(alg, key);
        made.push({ key: toHex(key), lent: key, cipher });
        return cipher;
      },
    };
    return {
      provider,
      keyedWith: (hex: string) => made.filter((m) => m.key === hex).map((m) => m.cipher),
      // The arrays a key object lent to the provider: zero once that key object is wiped.
      lentBy: (hex: string) => made.filter((m) => m.key === hex).map((m) => m.lent),
    };
  }

  function isWiped(cipher: BlockCipher): boolean {
    try {
      cipher.encryptBlock(new Uint8Array(8), 0, new Uint8Array(8), 0);
      return false;
    } catch (e) {
      if (e instanceof Iso8583Error && e.code === 'KEY_WIPED') return true;
      throw e;
    }
  }

  function signedInWith(provider: CipherProvider): TerminalSession {
    const session = TerminalSession.restore({ ...fresh(), stan: 500210 }, { now, provider });
    session.handleResponse(session.signIn(), SIGN_IN_0810);
    return session;
  }

  function approvedSales(session: TerminalSession, count: number): void {
    for (let i = 0; i < count; i++) {
      const out = session.sale({ amount: '10000', card: CARD });
      expect(session.handleResponse(out, reply(out)).macValid).toBe(true);
    }
  }

  it('expands the MAK once for every request and answer it MACs after a sign-in', () => {
    const r = recording();
    const session = signedInWith(r.provider);
    // The sign-in itself keys the MAK once, to check its KCV.
    const atSignIn = r.keyedWith(MAK).length;
    approvedSales(session, 3);
    expect(r.keyedWith(MAK).length - atSignIn).toBe(1);
  });

  it('expands the MAK once after a restore as well', () => {
    const r = recording();
    const back = TerminalSession.restore(signedIn().session.state(), { now, provider: r.provider });
    approvedSales(back, 3);
    expect(r.keyedWith(MAK)).toHaveLength(1);
  });

  it('wipes the old MAK when a new sign-in replaces it, and the new one on sign-out', () => {
    const r = recording();
    const session = signedInWith(r.provider);
    approvedSales(session, 1);
    const old = r.keyedWith(MAK).at(-1)!;
    expect(isWiped(old)).toBe(false);

    const next = { pik: '0123456789ABCDEFFEDCBA9876543210', mak: '89ABCDEF01234567' };
    const out = session.signIn();
    const block = encryptCupWorkingKeys({ pik: fromHex(next.pik), mak: fromHex(next.mak) }, fromHex(TMK), '003');
    session.handleResponse(out, reply(out, { fields: { '62': toHex(block) } }));
    expect(session.state().keys).toEqual(next);
    expect(isWiped(old)).toBe(true);

    const sale = session.sale({ amount: '10000', card: CARD });
    expect(verifyMessageMac(cup, sale.body, fromHex(next.mak))).toBe(true);
    expect(session.handleResponse(sale, reply(sale, { mak: fromHex(next.mak) })).macValid).toBe(true);
    const live = r.keyedWith(next.mak).at(-1)!;
    expect(isWiped(live)).toBe(false);

    const bye = session.signOut();
    session.handleResponse(bye, reply(bye));
    expect(isWiped(live)).toBe(true);
  });

  it('wipes its key object of the TMK once the working keys are decrypted', () => {
    const r = recording();
    signedInWith(r.provider);
    const lent = r.lentBy(TMK);
    expect(lent.length).toBeGreaterThan(0);
    expect(lent.every((bytes) => bytes.every((b) => b === 0))).toBe(true);
  });

  it('keeps the old MAK in use when a new sign-in fails its check values', () => {
    const r = recording();
    const session = signedInWith(r.provider);
    approvedSales(session, 1);
    const live = r.keyedWith(MAK).at(-1)!;
    const out = session.signIn();
    const block = encryptCupWorkingKeys({ pik: fromHex(PIK), mak: fromHex('89ABCDEF01234567') }, fromHex(TMK), '003');
    block[block.length - 1] = block[block.length - 1]! ^ 0x01;
    expect(caught(() => session.handleResponse(out, reply(out, { fields: { '62': toHex(block) } }))).code).toBe('KCV_MISMATCH');
    expect(isWiped(live)).toBe(false);
    approvedSales(session, 2);
    expect(r.keyedWith(MAK).at(-1)).toBe(live);
  });
});

describe('restart', () => {
  it('continues from the persisted state with the same next STAN, pending reversal and journal', () => {
    const h = signedIn();
    const approved = sale(h);
    h.session.handleResponse(approved, reply(approved));
    const lost = sale(h, '777');
    h.session.noResponse(lost);

    const stored = JSON.parse(JSON.stringify(h.saved.at(-1))) as TerminalState;
    const back = TerminalSession.restore(stored, { now });
    expect(back.state()).toEqual(h.session.state());
    expect(toHex(back.pendingReversal()!.frame)).toBe(toHex(h.session.pendingReversal()!.frame));
    expect(back.nextStan()).toBe(h.session.nextStan());
  });

  it('behaves like an uninterrupted terminal whatever the exchanges and wherever it restarts', () => {
    type Step = { op: 'approve' | 'decline' | 'timeout' | 'bad-mac' | 'echo'; restart: boolean };
    const step = fc.record({
      op: fc.constantFrom<Step['op']>('approve', 'decline', 'timeout', 'bad-mac', 'echo'),
      restart: fc.boolean(),
    });
    const run = (h: { session: TerminalSession; saved: TerminalState[] }, s: Step): string => {
      const rev = h.session.pendingReversal();
      if (rev !== null) h.session.handleResponse(rev, reply(rev));
      if (s.op === 'echo') {
        const echo = h.session.echo();
        h.session.noResponse(echo);
        return toHex(echo.frame);
      }
      const out = sale(h as Harness, '1234');
      if (s.op === 'timeout') h.session.noResponse(out);
      else if (s.op === 'bad-mac') h.session.handleResponse(out, reply(out, { mak: fromHex('0123456789ABCDEF') }));
      else h.session.handleResponse(out, reply(out, { responseCode: s.op === 'approve' ? '00' : '05' }));
      return toHex(out.frame);
    };
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        const start = signedIn().session.state();
        const twin = harness(start);
        let restarted = harness(start);
        for (const s of steps) {
          expect(run(restarted, s)).toBe(run(twin, s));
          if (s.restart) {
            const stored = JSON.parse(JSON.stringify(restarted.saved.at(-1) ?? start)) as TerminalState;
            restarted = harness(stored);
          }
          expect(restarted.session.state()).toEqual(twin.session.state());
        }
      }),
      { seed: 8583, numRuns: 25 },
    );
  });
});
