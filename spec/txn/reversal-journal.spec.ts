import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dialects } from '../../src/index.js';
import { toHex } from '../../src/bytes/hex.js';
import type { CanonicalTlv } from '../../src/message/engine.js';
import type { Message } from '../../src/message/message.js';
import { ReversalJournal, isReversalReason, reversalIcc } from '../../src/txn/reversal-journal.js';
import type { ReversalJournalState } from '../../src/txn/types.js';
import { loadCupFixtures, splitFixture } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

const cup = dialects.cup;
const fixtures = loadCupFixtures();

function fixtureMessage(file: string): { message: Message; body: Uint8Array } {
  const fx = fixtures.find((f) => f.file === file);
  if (!fx) throw new Error(`missing fixture ${file}`);
  const { body } = splitFixture(fx);
  return { message: cup.decode(body), body };
}

/** A journal with the qPBOC sale of cup-0200-sale-1 pending, and the states it reported. */
function journalledSale(): { journal: ReversalJournal; saved: ReversalJournalState[]; sale: Message } {
  const saved: ReversalJournalState[] = [];
  const journal = new ReversalJournal(undefined, (s) => saved.push(s));
  const sale = fixtureMessage('cup-0200-sale-1.json').message;
  journal.journal('sale', sale);
  return { journal, saved, sale };
}

describe('ReversalJournal.journal', () => {
  it('starts with nothing pending', () => {
    expect(new ReversalJournal().pending).toBeNull();
    expect(new ReversalJournal().state()).toEqual({ pending: null });
  });

  it('records a reversible request with reason 98, no attempts and the request STAN, and persists it', () => {
    const { journal, saved } = journalledSale();
    const p = journal.pending!;
    expect(p.stan).toBe('000020');
    expect(p.kind).toBe('sale');
    expect(p.reason).toBe('98');
    expect(p.attempts).toBe(0);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.pending).toEqual(p);
  });

  it('keeps neither the track nor the MAC of the original in the persisted state', () => {
    const { saved, sale } = journalledSale();
    const text = JSON.stringify(saved[0]);
    expect(sale.has('35')).toBe(true);
    expect(saved[0]!.pending!.request.fields['35']).toBeUndefined();
    expect(saved[0]!.pending!.request.fields['64']).toBeUndefined();
    expect(text).not.toContain('D27062207001000100');
    expect(text).not.toContain('B7133B57');
  });

  it('keeps neither PIN block nor PIN data fields of a pre-authorisation with online PIN', () => {
    const journal = new ReversalJournal();
    const preauth = fixtureMessage('cup-0100-preauth.json').message;
    expect(preauth.has('52')).toBe(true);
    const pin = toHex(preauth.get('52') as Uint8Array);
    journal.journal('preauth', preauth);
    const fields = journal.pending!.request.fields;
    for (const f of ['26', '35', '36', '52', '53', '64']) expect(fields[f]).toBeUndefined();
    expect(JSON.stringify(journal.state())).not.toContain(pin);
  });

  it('refuses a second reversible request while one is pending', () => {
    const { journal, sale } = journalledSale();
    const e = caught(() => journal.journal('sale', sale));
    expect(e.code).toBe('REVERSAL_PENDING');
    expect(e.message).toBe('a reversal must be sent before the next reversible request');
    expect(journal.pending!.stan).toBe('000020');
  });

  it('refuses requests whose MTI CUP never reverses', () => {
    const refund = fixtureMessage('cup-0220-refund.json').message;
    const e = caught(() => new ReversalJournal().journal('refund', refund));
    expect(e.code).toBe('NOT_REVERSIBLE');
    expect(e.message).toBe('only 0100 and 0200 requests can be reversed');
    expect(e.expected).toBe('MTI 0100 or 0200');
    expect(e.found).toBe('MTI 0220');
  });

  it('refuses a request without a STAN', () => {
    const sale = fixtureMessage('cup-0200-sale-1.json').message;
    sale.delete('11');
    const e = caught(() => new ReversalJournal().journal('sale', sale));
    expect(e.code).toBe('MISSING_FIELDS');
    expect(e.message).toBe('a reversible request needs its STAN (field 11)');
    expect(e.path).toBe('11');
  });
});

describe('ReversalJournal.buildReversal', () => {
  it('builds an unsigned 0400 with the original fields, the same STAN and 39 = 98, minus track and MAC, with 55 reduced', () => {
    const { journal } = journalledSale();
    const reversal = journal.buildReversal(cup);
    expect(reversal.mti).toBe('0400');
    expect(reversal.fieldNumbers()).toEqual([2, 3, 4, 11, 14, 22, 23, 25, 39, 41, 42, 49, 55, 60]);
    expect(reversal.get('11')).toBe('000020');
    expect(reversal.get('39')).toBe('98');
    expect(reversal.get('3')).toBe('000000');
    expect(reversal.get('4')).toBe('000000000001');
    expect(reversal.get('60.1')).toBe('22');
    expect(reversal.get('60.2')).toBe('000757');
    // Of the 21 request tags only TVR, IFD serial, IAD and ATC remain, in their original order.
    expect(reversal.toObject().fields['55']).toEqual([
      { tag: '9F10', value: '07010103A00000010A0100000000003B163732' },
      { tag: '9F36', value: '01C0' },
      { tag: '95', value: '0000000000' },
      { tag: '9F1E', value: '3030303030303030' },
    ]);
  });

  it('encodes to a body the CUP dialect decodes back to the same message', () => {
    const { journal } = journalledSale();
    const body = cup.encode(journal.buildReversal(cup));
    expect(toHex(body.subarray(0, 10))).toBe('04007024068002C08210');
    expect(cup.decode(body).toObject()).toEqual(journal.buildReversal(cup).toObject());
  });

  it('rebuilds the captured reversal (cup-0400-reversal-1) from its swiped, PIN-verified original, byte for byte up to the MAC', () => {
    const { message: captured, body } = fixtureMessage('cup-0400-reversal-1.json');
    // The original sale: the reversal's fields without 39, plus what a swiped sale with PIN carries.
    const original = captured.clone();
    original.mti = '0200';
    original.delete('39');
    original.set('35', '3568570110000056D34062010000000000');
    original.set('52', '0123456789ABCDEF');
    original.set('53', '2600000000000000');
    const journal = new ReversalJournal();
    journal.journal('sale', original);
    const rebuilt = cup.encode(journal.buildReversal(cup));
    // The captured body without field 64: drop its 8 bytes and clear bit 64 (last bit of the bitmap).
    const expected = body.slice(0, body.length - 8);
    expected[9] = expected[9]! & 0xfe;
    expect(toHex(rebuilt)).toBe(toHex(expected));
  });

  it('names the card from a clear track 2 when the original carried no field 2 or 14, as the captured reversal does', () => {
    const { message: captured, body } = fixtureMessage('cup-0400-reversal-1.json');
    const original = captured.clone();
    original.mti = '0200';
    for (const f of ['2', '14', '39', '64']) original.delete(f);
    original.set('35', '3568570110000056D34062010000000000');
    const journal = new ReversalJournal();
    journal.journal('sale', original);
    const expected = body.slice(0, body.length - 8);
    expected[9] = expected[9]! & 0xfe;
    expect(toHex(cup.encode(journal.buildReversal(cup)))).toBe(toHex(expected));
  });

  it('reads no card number from track 2 when 53.3 says the track is encrypted', () => {
    const { message: captured } = fixtureMessage('cup-0400-reversal-1.json');
    const original = captured.clone();
    original.mti = '0200';
    for (const f of ['2', '14', '39', '64']) original.delete(f);
    original.set('35', '3568570110000056D34062010000000000');
    original.set('53', '2610000000000000');
    const journal = new ReversalJournal();
    journal.journal('sale', original);
    const reversal = journal.buildReversal(cup);
    expect(reversal.has('2')).toBe(false);
    expect(reversal.has('14')).toBe(false);
    expect(reversal.has('53')).toBe(false);
  });

  it('keeps the condition code, processing code and 60 of a pre-authorisation', () => {
    const journal = new ReversalJournal();
    journal.journal('preauth', fixtureMessage('cup-0100-preauth.json').message);
    const reversal = journal.buildReversal(cup);
    expect(reversal.mti).toBe('0400');
    expect(reversal.get('3')).toBe('030000');
    expect(reversal.get('25')).toBe('06');
    expect(reversal.get('60.1')).toBe('10');
  });

  it('leaves field 55 out when the original has none of the tags a reversal keeps', () => {
    const sale = fixtureMessage('cup-0200-sale-1.json').message;
    sale.set('55', [{ tag: '9F26', value: 'ED1D6BA78357FB25' }, { tag: '9F27', value: '80' }]);
    const journal = new ReversalJournal();
    journal.journal('sale', sale);
    expect(journal.buildReversal(cup).has('55')).toBe(false);
  });

  it('puts the current reason in field 39', () => {
    const { journal } = journalledSale();
    journal.setReason('A0');
    expect(journal.buildReversal(cup).get('39')).toBe('A0');
    journal.setReason('96');
    expect(journal.buildReversal(cup).get('39')).toBe('96');
  });

  it('refuses to build when nothing is pending', () => {
    const e = caught(() => new ReversalJournal().buildReversal(cup));
    expect(e.code).toBe('NO_PENDING_REVERSAL');
    expect(e.message).toBe('no reversal is pending');
  });
});

describe('ReversalJournal reason, attempts and clearing', () => {
  it('changes the reason and persists the change', () => {
    const { journal, saved } = journalledSale();
    journal.setReason('06');
    expect(journal.pending!.reason).toBe('06');
    expect(saved.at(-1)!.pending!.reason).toBe('06');
  });

  it('rejects a reason CUP does not define, without echoing it', () => {
    const { journal } = journalledSale();
    const e = caught(() => journal.setReason('77' as never));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('reversal reason must be 98, A0, 96 or 06 (field reason)');
    expect(journal.pending!.reason).toBe('98');
  });

  it('refuses a reason or an attempt when nothing is pending', () => {
    const journal = new ReversalJournal();
    expect(caught(() => journal.setReason('A0')).message).toBe('no reversal is pending');
    expect(caught(() => journal.attempted()).code).toBe('NO_PENDING_REVERSAL');
  });

  it('counts attempts and persists each one', () => {
    const { journal, saved } = journalledSale();
    journal.attempted();
    journal.attempted();
    expect(journal.pending!.attempts).toBe(2);
    expect(saved.map((s) => s.pending!.attempts)).toEqual([0, 1, 2]);
  });

  it('clears only the reversal whose STAN answered', () => {
    const { journal, saved } = journalledSale();
    expect(journal.clear('000021')).toBe(false);
    expect(journal.pending).not.toBeNull();
    expect(saved).toHaveLength(1);
    expect(journal.clear('000020')).toBe(true);
    expect(journal.pending).toBeNull();
    expect(saved.at(-1)).toEqual({ pending: null });
    expect(journal.clear('000020')).toBe(false);
  });

  it('allows the next reversible request once cleared', () => {
    const { journal, sale } = journalledSale();
    journal.clear('000020');
    sale.set('11', '000021');
    journal.journal('sale', sale);
    expect(journal.pending!.stan).toBe('000021');
  });
});

describe('ReversalJournal.updateIcc', () => {
  it('replaces journalled tags, adds script results and keeps only the reversal tags, in order', () => {
    const { journal, saved } = journalledSale();
    journal.updateIcc([
      { tag: '95', value: '0000048000' },
      { tag: '9f26', value: 'ED1D6BA78357FB25' },
      { tag: 'df31', value: '2000000000' },
    ]);
    expect(saved).toHaveLength(2);
    expect(journal.buildReversal(cup).toObject().fields['55']).toEqual([
      { tag: '9F10', value: '07010103A00000010A0100000000003B163732' },
      { tag: '9F36', value: '01C0' },
      { tag: '95', value: '0000048000' },
      { tag: '9F1E', value: '3030303030303030' },
      { tag: 'DF31', value: '2000000000' },
    ]);
  });

  it('gives a reversal field 55 when the original had none', () => {
    const { message: captured } = fixtureMessage('cup-0400-reversal-1.json');
    const original = captured.clone();
    original.mti = '0200';
    original.delete('39');
    const journal = new ReversalJournal();
    journal.journal('sale', original);
    journal.updateIcc([{ tag: '9F36', value: '0012' }]);
    expect(journal.buildReversal(cup).toObject().fields['55']).toEqual([{ tag: '9F36', value: '0012' }]);
  });

  it('names every malformed tag and changes nothing', () => {
    const { journal } = journalledSale();
    const before = journal.state();
    const e = caught(() => journal.updateIcc([{ tag: '95', value: '00' }, { tag: 'G1', value: '00' }, { tag: '9F36', value: '1' }]));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('ICC data has 2 invalid tags');
    expect(e.problems.map((p) => p.message)).toEqual([
      'ICC tag needs a hex tag and a hex value (field tags.1)',
      'ICC tag needs a hex tag and a hex value (field tags.2)',
    ]);
    expect(journal.state()).toEqual(before);
  });

  it('refuses when nothing is pending', () => {
    expect(caught(() => new ReversalJournal().updateIcc([])).code).toBe('NO_PENDING_REVERSAL');
  });
});

describe('ReversalJournal state', () => {
  it('restores from its JSON state and builds the same reversal', () => {
    const { journal } = journalledSale();
    journal.setReason('A0');
    journal.attempted();
    const restored = new ReversalJournal(JSON.parse(JSON.stringify(journal.state())) as ReversalJournalState);
    expect(restored.pending).toEqual(journal.pending);
    expect(toHex(cup.encode(restored.buildReversal(cup)))).toBe(toHex(cup.encode(journal.buildReversal(cup))));
  });

  it('hands out copies, so changing them changes nothing inside', () => {
    const { journal } = journalledSale();
    const p = journal.pending!;
    p.reason = '06';
    p.request.fields['11'] = '999999';
    const s = journal.state();
    s.pending!.attempts = 5;
    expect(journal.pending!.reason).toBe('98');
    expect(journal.buildReversal(cup).get('11')).toBe('000020');
    expect(journal.pending!.attempts).toBe(0);
  });

  it('is not changed by later changes to the state it was restored from', () => {
    const { journal } = journalledSale();
    const state = journal.state();
    const restored = new ReversalJournal(state);
    state.pending!.stan = '000099';
    expect(restored.pending!.stan).toBe('000020');
  });

  it('rejects a malformed restored state, naming the bad part', () => {
    const good = journalledSale().journal.state();
    const cases: Array<[unknown, string, string]> = [
      [null, 'reversal journal state must be an object (field reversal)', 'reversal'],
      [{ pending: 5 }, 'pending reversal must be an object or null (field reversal.pending)', 'reversal.pending'],
      [{ pending: { ...good.pending, stan: '20' } }, 'pending reversal STAN must be 6 digits (field reversal.pending.stan)', 'reversal.pending.stan'],
      [{ pending: { ...good.pending, reason: '00' } }, 'pending reversal reason must be 98, A0, 96 or 06 (field reversal.pending.reason)', 'reversal.pending.reason'],
      [{ pending: { ...good.pending, attempts: -1 } }, 'pending reversal attempts must be a whole number from 0 (field reversal.pending.attempts)', 'reversal.pending.attempts'],
      [{ pending: { ...good.pending, request: 'x' } }, 'pending reversal request must be a message object (field reversal.pending.request)', 'reversal.pending.request'],
    ];
    for (const [state, message, path] of cases) {
      const e = caught(() => new ReversalJournal(state as ReversalJournalState));
      expect(e.code).toBe('BAD_STATE');
      expect(e.message).toBe(message);
      expect(e.path).toBe(path);
    }
  });
});

describe('reversal helpers', () => {
  it('recognises exactly the four CUP reversal reasons', () => {
    expect(['98', 'A0', '96', '06'].every(isReversalReason)).toBe(true);
    expect(['00', 'a0', '', 98, null].some(isReversalReason)).toBe(false);
  });

  it('keeps exactly the reversal tags of any field 55, in order, and nothing for other values', () => {
    const kept = ['95', '9F1E', '9F10', '9F36', 'DF31'];
    const tags = fc.constantFrom('95', '9F1E', '9F10', '9F36', 'DF31', '9F26', '9F27', '9F37', '82', '84', '9A', '5F2A');
    const node = fc.record({ tag: tags, value: fc.uint8Array({ minLength: 1, maxLength: 8 }).map(toHex) });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 12 }), (list: CanonicalTlv[]) => {
        const out = reversalIcc(list);
        const expected = list.filter((n) => kept.includes(n.tag));
        expect(out).toEqual(expected.length > 0 ? expected : undefined);
      }),
      { seed: 8583, numRuns: 200 },
    );
    expect(reversalIcc('9F2608')).toBeUndefined();
    expect(reversalIcc(undefined)).toBeUndefined();
  });
});
