// The new management, chip and offline requests against what public terminal applications and an acquirer's POS
// platform send (fixtures/vectors/cup-public-requests.json, each entry naming its source): built through the
// terminal session where its defaults matter (60.4, 63.1, 22 of an offline advice), through the builders otherwise.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cupDialectSpec, defineDialect, dialects } from '../../src/index.js';
import type { Message } from '../../src/message/message.js';
import { buildAidDownload, buildCaKeyDownload, buildDownloadEnd, buildScriptNotification, buildSmSignIn, chipOriginalOf } from '../../src/index.js';
import { buildSale } from '../../src/txn/builders/financial.js';
import { respondTo } from '../../src/txn/host-responder.js';
import { ARQC_ICC, CUP_DEBIT_AID } from '../support/chip-card.js';
import { CARD, PAN } from '../support/simulated-terminal.js';
import { simulatorRig } from '../support/simulator-rig.js';
import { CHIP, context } from './builders/support.js';

interface PublicRequest {
  name: string;
  source: string;
  build: string;
  fields: Record<string, string | string[] | null>;
}

const table = JSON.parse(readFileSync(new URL('../../fixtures/vectors/cup-public-requests.json', import.meta.url), 'utf8')) as { requests: PublicRequest[] };

/** The CUP dialect without a layout for field 62, to read its wire bytes. */
const rawSpec = cupDialectSpec();
delete rawSpec.fields['62']!.composite;
const raw62 = defineDialect(rawSpec);

const session = () => simulatorRig().session;

const BUILD: Record<string, () => Message> = {
  'aid-query': () => session().beginDownload('aids').message,
  'capk-query': () => session().beginDownload('ca-keys').message,
  'sm-capk-query': () => session().beginDownload('sm-ca-keys').message,
  'terminal-parameters': () => session().beginDownload('terminal-parameters').message,
  'status-upload': () => session().statusUpload().message,
  'aid-download': () => buildAidDownload(context(), { aid: CUP_DEBIT_AID }),
  'capk-download': () => buildCaKeyDownload(context(), { rid: 'A000000333', index: '08' }),
  'capk-download-end': () => buildDownloadEnd(context(), '371'),
  'aid-download-end': () => buildDownloadEnd(context(), '381'),
  blacklist: () => session().beginDownload('blacklist').message,
  'qps-parameters': () => session().listDownload({ code: '394' }).message,
  'qps-parameters-end': () => session().downloadEnd('395').message,
  'offline-settlement': () => session().offlineSettlement({ amount: '100', card: CARD, cardOrganisation: 'CUP' }).message,
  refund: () => session().refund({ amount: '100', card: CARD, original: { rrn: '180711100000', date: '0711' } }).message,
  'sm-sign-in-006': () => buildSmSignIn(context(), { code: '006' }),
  'script-notification': () => {
    const sale = buildSale(context({ stan: '000757' }), { amount: '1', card: CHIP });
    const original = chipOriginalOf(sale, respondTo(sale, { now: () => new Date(2018, 6, 11, 10, 0, 0), rrn: '180711100000' }));
    return buildScriptNotification(context({ stan: '000758' }), { original, icc: [...ARQC_ICC, { tag: 'DF31', value: '2000000001' }] });
  },
  'ec-offline-upload': () => session().ecOfflineUpload({ card: { entry: 'contact', pan: PAN, sequence: '001', icc: [...ARQC_ICC] }, amount: '100' }).message,
};

/** What the entry's key names in `m`: a field or subfield's text (a composite's parts joined), or a reading of 62. */
function valueAt(m: Message, key: string): unknown {
  if (key === 'mti') return m.mti;
  if (key === '62 (ASCII)') return String.fromCharCode(...(raw62.decode(dialects.cup.encode(m)).get('62') as Uint8Array));
  if (key === '62 tags') return (m.toObject().fields['62'] as { tag: string }[]).map((t) => t.tag);
  if (key === '3[0..2]') return (m.get('3') as string).slice(0, 2);
  const v = m.toObject().fields[key] ?? m.get(key);
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) ? Object.values(v).join('') : v;
}

describe('requests as public CUP terminal code and an acquirer platform send them', () => {
  it('has a way to build every request the table lists', () => {
    expect(table.requests.map((r) => r.build).filter((b) => !(b in BUILD))).toEqual([]);
  });

  it.each(table.requests.map((r) => [r.name, r] as const))('builds the %s with the values its source sets', (_, r) => {
    const m = BUILD[r.build]!();
    for (const [key, expected] of Object.entries(r.fields)) {
      if (expected === null) expect(m.has(key), `${key} absent`).toBe(false);
      else expect(valueAt(m, key), key).toEqual(expected);
    }
    expect(dialects.cup.encode(dialects.cup.decode(dialects.cup.encode(m)))).toEqual(dialects.cup.encode(m));
  });
});
