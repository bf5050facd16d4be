// Plants a known card number, track, PIN block, chip card data and keys in a terminal session, its journals, the
// requests and answers it exchanges and the simulated host, then searches every rendering of every object for
// them: util.inspect at any depth (showHidden too), JSON.stringify, String() and template literals. The state a
// session persists is the one way out, and sealing it keeps storage free of them as well.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { encryptPinBlock } from '../../src/crypto/pin/pin-block.js';
import { SecretKey } from '../../src/crypto/key.js';
import { Iso8583Error } from '../../src/errors.js';
import { AcquirerHostSimulator } from '../../src/testing/host-simulator.js';
import { BatchJournal } from '../../src/txn/batch-journal.js';
import { readResponseFrame } from '../../src/txn/response.js';
import { ReversalJournal } from '../../src/txn/reversal-journal.js';
import { TerminalSession } from '../../src/txn/session.js';
import { openState, sealState, type StateSealer } from '../../src/txn/state-sealing.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { expectClean, forms } from '../support/planted.js';
import { CONFIG, MID, TID, TMK, now, seeded } from '../support/simulated-terminal.js';

/** A card number whose hidden middle digits (after the first 6, before the last 4) occur nowhere else. */
const PAN = '6210819871234569';
const TRACK2 = `${PAN}=27062207001000100`;
const PIN = '123456';
const CHIP_PAN_TAG = PAN;
const CHIP_TRACK = `${PAN}D27062207001000100`;

/** A session that swiped the card with a PIN, read it from its chip, and owes a reversal of a sale whose answer was lost. */
function planted() {
  const host = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000100' }],
    cards: [{ pan: PAN, pin: PIN, balance: '1000000' }],
    random: seeded(99),
    now,
  });
  const terminal = TerminalSession.create({ ...CONFIG, keyLayout: '004' }, { now });
  const signIn = terminal.signIn();
  terminal.handleResponse(signIn, host.handle(signIn.frame)!);
  const keys = terminal.state().keys!;
  const block = encryptPinBlock(0, SecretKey.fromHex('tdes', keys.pik), PIN, PAN);
  const swipe = terminal.sale({ amount: '1000', card: { entry: 'magstripe', track2: TRACK2 }, pin: { block } });
  const exchange = host.exchange(swipe.frame);
  const outcome = terminal.handleResponse(swipe, exchange.response!);
  const chip = terminal.sale({
    amount: '2000',
    card: { entry: 'contact', pan: PAN, icc: [{ tag: '9F26', value: '1122334455667788' }, { tag: '5A', value: CHIP_PAN_TAG }, { tag: '57', value: CHIP_TRACK }] },
  });
  const chipAnswer = host.handle(chip.frame)!;
  terminal.handleResponse(chip, chipAnswer);
  const lost = terminal.sale({ amount: '3000', card: { entry: 'magstripe', track2: TRACK2 }, pin: { block }, trackEncrypted: true });
  host.handle(lost.frame);
  terminal.noResponse(lost);
  const needles = [
    ...forms(PAN, true),
    PAN.slice(6, 12),
    ...forms(TRACK2.slice(17), false),
    ...forms(toHex(block), true),
    ...forms(TMK, true),
    ...forms(keys.pik, true),
    ...forms(keys.mak, true),
    ...forms(keys.tdk!, true),
  ];
  return { host, terminal, swipe, exchange, outcome, chipAnswer, lost, needles };
}

/** AES-256-GCM under a key-encryption key, as a terminal might seal its state with a key from its secure element. */
function aesGcmSealer(kek: Uint8Array): StateSealer {
  return {
    seal(clear) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv);
      const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('planted card data and keys in the transaction layer', () => {
  it('are in the state a session persists, so the search can find them', () => {
    const { terminal, needles } = planted();
    expect(() => expectClean(terminal.state(), 'state', needles)).toThrow(/shows/);
  });

  it('never show in a session, the requests it made or the answers it read', () => {
    const { terminal, swipe, outcome, chipAnswer, lost, needles } = planted();
    expectClean(terminal, 'session', needles);
    expectClean(swipe, 'outgoing sale', needles);
    expectClean(lost, 'outgoing sale with enciphered tracks', needles);
    expectClean(terminal.pendingReversal(), 'outgoing reversal', needles);
    expectClean(outcome, 'response outcome', needles);
    expectClean(readResponseFrame(cupDialect(), chipAnswer), 'received frame', needles);
  });

  it('never show in the journals, their records or the reversal they owe', () => {
    const { terminal, needles } = planted();
    const state = terminal.state();
    const journal = new BatchJournal(state.batchJournal);
    const reversals = new ReversalJournal(state.reversal);
    expectClean(journal, 'batch journal', needles);
    expectClean(journal.records(), 'batch records', needles);
    expectClean(journal.find(state.batchJournal.records[1]!.stan), 'chip record', needles);
    expectClean(reversals, 'reversal journal', needles);
    expectClean(reversals.pending, 'owed reversal', needles);
  });

  it('never show in the simulated host, its ledger, its card table or the exchanges it reports', () => {
    const { host, exchange, needles } = planted();
    expectClean(host, 'host simulator', needles);
    expectClean(host.ledger, 'ledger', needles);
    expectClean(host.ledger.entries(TID), 'ledger entries', needles);
    expectClean(host.ledger.findByStan(TID, '000100', exchange.decision.stan!), 'ledger entry', needles);
    expectClean(exchange, 'host exchange', needles);
    expectClean(host.decisions(), 'host decisions', needles);
  });

  it('never show in the errors the session raises beside them', () => {
    const { terminal, swipe, exchange, needles } = planted();
    const errors: unknown[] = [];
    for (const run of [
      () => terminal.handleResponse(swipe, exchange.response!),
      () => terminal.sale({ amount: '1', card: { entry: 'magstripe', track2: TRACK2 } }),
      () => TerminalSession.restore({ ...terminal.state(), keys: { pik: 'zz', mak: terminal.state().keys!.mak } }),
    ]) {
      try {
        run();
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors.map((e) => (e as Iso8583Error).code)).toEqual(['DUPLICATE_RESPONSE', 'REVERSAL_PENDING', 'BAD_STATE']);
    for (const e of errors) expectClean(e, `error ${(e as Iso8583Error).code}`, needles);
  });

  it('stay out of storage when the state is sealed under a key of the caller, and come back whole', () => {
    const { terminal, needles } = planted();
    const sealer = aesGcmSealer(randomBytes(32));
    const sealed = sealState(terminal.state(), sealer);
    expectClean(sealed, 'sealed state', needles);
    const back = openState(JSON.parse(JSON.stringify(sealed)) as typeof sealed, sealer);
    expect(back).toEqual(terminal.state());
    expect(TerminalSession.restore(back, { now }).state()).toEqual(terminal.state());
  });

  it('refuses a sealed state that is not one, or that opens to something else', () => {
    const sealer: StateSealer = { seal: (t) => t, open: (t) => t };
    const e = (() => {
      try {
        openState({ format: 'other', version: 1, sealed: '' } as unknown as ReturnType<typeof sealState>, sealer);
      } catch (x) {
        return x as Iso8583Error;
      }
      throw new Error('no error');
    })();
    expect([e.code, e.message]).toEqual(['BAD_STATE', 'sealed state must be a pos8583 terminal state of version 1 (field sealed)']);
    expect(() => openState({ format: 'pos8583/terminal-state', version: 1, sealed: '{' }, sealer)).toThrow('sealed state does not open to a terminal state (field sealed)');
    expect(() => openState({ format: 'pos8583/terminal-state', version: 1, sealed: '{}' }, sealer)).toThrow(Iso8583Error);
  });

  it('leave what a caller reads from records and owed reversals in clear: only their renderings are masked', () => {
    const { terminal } = planted();
    const journal = new BatchJournal(terminal.state().batchJournal);
    expect(journal.records()[0]!.pan).toBe(PAN);
    expect(new ReversalJournal(terminal.state().reversal).pending!.request.fields['4']).toBe('000000003000');
    expect(JSON.parse(JSON.stringify(journal.records()[0]))).toMatchObject({ pan: '621081******4569' });
  });
});

