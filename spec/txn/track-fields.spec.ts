import { describe, expect, it } from 'vitest';
import { dialects, fromHex, SecretKey, toHex } from '../../src/index.js';
import { encryptTrackData } from '../../src/crypto/track-encryption.js';
import { TerminalSession } from '../../src/txn/session.js';
import { decipherTracks, encipherTracks, tracksEnciphered } from '../../src/txn/track-fields.js';
import { AcquirerHostSimulator } from '../../src/testing/host-simulator.js';
import { CARD, CONFIG, MID, now, PAN, seeded, TID, TMK, TRACK2 } from '../support/simulated-terminal.js';
import { caught } from '../support/errors.js';

const TDK = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');

function saleWith(track2: string) {
  return dialects.cup.message('0200', { '35': track2, '53': { '1': '0', '2': '6', '3': '1', '4': '0000000000000' } });
}

/** A host with one card and a terminal that has sent it a sign-in with `keyLayout` (not yet answered). */
function hostAndSigningInTerminal(seed: number, keyLayout: '003' | '004') {
  const host = new AcquirerHostSimulator({
    terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000001' }],
    cards: [{ pan: PAN, pin: '123456', balance: '1000000' }],
    random: seeded(seed),
    now,
  });
  const terminal = TerminalSession.create({ ...CONFIG, keyLayout }, { now });
  return { host, terminal, signIn: terminal.signIn() };
}

describe('track fields under 53.3 = 1', () => {
  it('are enciphered as the CUP scheme does to the packed bytes, and deciphered back', () => {
    const m = saleWith(TRACK2.replace('=', 'D'));
    expect(tracksEnciphered(m)).toBe(true);
    encipherTracks(m, TDK);
    // 34 track characters pack into 17 bytes with no pad nibble.
    const expected = toHex(encryptTrackData(fromHex(TRACK2.replace('=', 'D')), TDK));
    expect(m.get('35')).toBe(expected);
    expect(m.get('35')).not.toBe(TRACK2.replace('=', 'D'));
    const back = dialects.cup.decode(dialects.cup.encode(m));
    decipherTracks(back, TDK);
    expect(back.get('35')).toBe(TRACK2.replace('=', 'D'));
  });

  it('keep an odd-length track decodable: the last byte with its pad nibble is not enciphered', () => {
    const clear = '6210810840003424940D27062207001000100';
    const m = saleWith(clear);
    encipherTracks(m, TDK);
    expect((m.get('35') as string).length).toBe(37);
    expect((m.get('35') as string).slice(-1)).toBe('0');
    const back = dialects.cup.decode(dialects.cup.encode(m));
    decipherTracks(back, TDK);
    expect(back.get('35')).toBe(clear);
  });

  it('are left alone when 53.3 says clear', () => {
    const m = dialects.cup.message('0200', { '35': '6225880123456783D27062207001000100', '53': { '1': '2', '2': '6', '3': '0', '4': '0000000000000' } });
    expect(tracksEnciphered(m)).toBe(false);
  });

  it('travel enciphered from a terminal signed in with a TDK, and the host reads the card from them', () => {
    const { host, terminal, signIn } = hostAndSigningInTerminal(11, '004');
    expect(terminal.handleResponse(signIn, host.handle(signIn.frame)!).approved).toBe(true);
    expect(terminal.state().keys?.tdk).toMatch(/^[0-9A-F]{32}$/);

    const sale = terminal.sale({ amount: '1000', card: CARD, trackEncrypted: true });
    expect(sale.message.get('53.3')).toBe('1');
    expect(sale.message.get('35')).not.toBe(TRACK2.replace('=', 'D'));
    const outcome = terminal.handleResponse(sale, host.handle(sale.frame)!);
    expect(outcome.approved).toBe(true);
    expect(host.balanceOf(PAN)).toBe('999000');
  });

  it('need a TDK on the terminal', () => {
    const { host, terminal, signIn } = hostAndSigningInTerminal(12, '003');
    terminal.handleResponse(signIn, host.handle(signIn.frame)!);
    const e = caught(() => terminal.sale({ amount: '1000', card: CARD, trackEncrypted: true }));
    expect(e.code).toBe('NO_TRACK_KEY');
    expect(e.message).toBe('track encryption needs a TDK: sign in with 60.3 004 first');
  });
});
