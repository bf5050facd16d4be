// `tsx scripts/demo-flow.ts [--brief]`: a CUP POS terminal session talking to the simulated acquirer over a
// real TCP socket on 127.0.0.1. Every request and answer is printed as an annotated byte map with card
// numbers, tracks, PIN blocks and keys masked, followed by what the host decided and why.
// The flow: sign-in, two sales, a void, a refund, a tip, a sale whose answer the host drops (the terminal times
// out and reverses it), a balanced settlement (batch-upload end 207, nothing uploaded), then a batch with a
// swiped sale, a chip sale and a refund that the host disputes: the terminal uploads each record the way CUP
// hosts expect it (201, the refund's own 0320, the chip TC record 205) and ends with 202 and the count.
import { randomBytes } from 'node:crypto';
import {
  cupFrameProfile,
  encryptPinBlock,
  Iso8583Error,
  SecretKey,
  type CupHeader,
  type Message,
} from '../src/index.js';
import { connectFramed, type FramedConnection } from '../src/node/tcp.js';
import { startHostSimulator } from '../src/node/host-server.js';
import { AcquirerHostSimulator, type HostDecision } from '../src/testing/host-simulator.js';
import type { ResponseOutcome } from '../src/txn/response.js';
import { TerminalSession, type Outgoing } from '../src/txn/session.js';
import { TRANSACTIONS } from '../src/txn/transaction-table.js';

const brief = process.argv.includes('--brief');
// A demonstration TMK (the Easy8583Ans sign-in example's, github:yangyongzhen/Easy8583Ans); any 16-byte key works.
const TMK = '258FB0AB70D025CDB99DF2C4D302D646';
const TID = '10000001';
// Acquirer 898, area 3100, MCC 5411 (grocery stores, supermarkets), merchant serial 0001.
const MID = '898310054110001';
const PAN = '6225880123456783';
const PIN = '123456';
const CARD = { entry: 'magstripe' as const, track2: `${PAN}=27062207001000100` };
/** The same card read from its chip: the data of its first GENERATE AC (an ARQC). */
const CHIP = {
  entry: 'contact' as const,
  pan: PAN,
  expiry: '2706',
  sequence: '001',
  icc: [
    { tag: '9F26', value: '7A8B9CADBECFD0E1' },
    { tag: '9F27', value: '80' },
    { tag: '9F10', value: '07010103A0A000010A010000000000' },
    { tag: '9F37', value: '1B2C3D4E' },
    { tag: '9F36', value: '0031' },
    { tag: '95', value: '0000000000' },
    { tag: '9A', value: '261207' },
    { tag: '9C', value: '00' },
    { tag: '9F02', value: '000000008800' },
    { tag: '5F2A', value: '0156' },
    { tag: '82', value: '7C00' },
    { tag: '9F1A', value: '0156' },
  ],
};
const HEADER: CupHeader = { applicationType: '61', specVersion: '31', terminalStatus: '0', processingRequirement: '0', subVersion: '311108' };
/** How long the terminal waits for an answer before it gives up and owes a reversal. */
const TIMEOUT_MS = 400;

const simulator = new AcquirerHostSimulator({
  terminals: [{ terminalId: TID, merchantId: MID, tmk: TMK, batch: '000001' }],
  cards: [{ pan: PAN, pin: PIN, balance: '1000000' }],
  random: (n) => new Uint8Array(randomBytes(n)),
});
let lastDecision: HostDecision | undefined;
const server = await startHostSimulator({
  simulator,
  host: '127.0.0.1',
  port: 0,
  onExchange: (ex) => (lastDecision = ex.decision),
  onError: (e) => console.log(`   host error: ${e.code}`),
});
const session = TerminalSession.create({
  terminalId: TID,
  merchantId: MID,
  tmk: TMK,
  tpdu: { id: '60', destination: '0501', source: '0000' },
  header: HEADER,
  // Field 62 of the sign-in: the terminal model's CUP network access licence and its serial number.
  terminalInfo: { licence: '3150', serial: 'DEMO-00000001' },
});
const conn: FramedConnection = await connectFramed({ profile: cupFrameProfile, host: '127.0.0.1', port: server.port });
console.log(`Simulated acquirer listening on 127.0.0.1:${server.port}; terminal ${TID} connected.`);

function indent(text: string): string {
  return text.replace(/^/gm, '      ');
}

function dump(m: Message): string {
  return brief ? '' : `\n${indent(m.describe().toString())}`;
}

/** Minor units (digits) as yuan with two decimals, by string: money never passes through a float. */
function yuan(digits: string): string {
  const d = digits.replace(/^0+(?=\d)/, '').padStart(3, '0');
  return `¥${d.slice(0, -2)}.${d.slice(-2)}`;
}

function amountText(m: Message): string {
  const a = m.get('4');
  return typeof a === 'string' ? ` ${yuan(a)}` : '';
}

/** Sends one request, prints both sides, and applies the answer (or the silence) to the terminal session. */
async function step(title: string, out: Outgoing, timeoutMs = 2_000): Promise<ResponseOutcome | null> {
  const def = TRANSACTIONS[out.kind];
  console.log(`\n━━ ${title}`);
  console.log(`   → terminal sends ${def.name} (${def.localName}) ${out.message.mti}, STAN ${out.stan}${amountText(out.message)}, ${out.frame.length} bytes${dump(out.message)}`);
  lastDecision = undefined;
  await conn.send(out.frame);
  let answer: Uint8Array;
  try {
    answer = await conn.receive(timeoutMs);
  } catch (e) {
    if (!(e instanceof Iso8583Error && e.code === 'RECEIVE_TIMEOUT')) throw e;
    const d = lastDecision as HostDecision | undefined;
    console.log(`   ✕ host: ${d ? `${d.responseCode} ${d.reason}, but its answer was lost (${d.outcome})` : 'no decision'}`);
    session.noResponse(out);
    console.log(`   ✕ terminal: no answer within ${timeoutMs} ms; a reversal is now owed before any other request`);
    return null;
  }
  const d = lastDecision as HostDecision | undefined;
  console.log(`   ← host answers ${d?.responseCode ?? '--'}: ${d?.reason ?? ''}`);
  const outcome = session.handleResponse(out, answer);
  const rec = outcome.reconciliation ? `, reconciliation domestic ${outcome.reconciliation.domestic} / foreign ${outcome.reconciliation.foreign}` : '';
  console.log(`   ← terminal reads ${outcome.message.mti}: ${outcome.info?.meaning ?? 'no response code'} → ${outcome.action}${outcome.macValid === true ? ', MAC verified' : ''}${rec}${dump(outcome.message)}`);
  return outcome;
}

function pinBlock(): { block: Uint8Array } {
  const pik = SecretKey.fromHex('tdes', session.state().keys!.pik);
  return { block: encryptPinBlock(0, pik, PIN, PAN) };
}

function field(o: ResponseOutcome | null, path: string): string {
  const v = o?.message.get(path);
  if (typeof v !== 'string') throw new Error(`the answer lacks field ${path}`);
  return v;
}

/** Sends whatever the terminal owes before new business (a reversal, the steps of a settlement) until nothing is due. */
async function settleDue(titles: (out: Outgoing) => string): Promise<void> {
  for (let out = session.due(); out !== null; out = session.due()) await step(titles(out), out);
}

function settlementTitle(out: Outgoing): string {
  switch (out.kind) {
    case 'batch-upload':
      return `Batch upload of magnetic stripe sales (0320 201, ${String(out.message.get('48.1'))} record(s))`;
    case 'advice-upload':
      return `Batch upload of a refund in its own 0320 (its original fields, STAN ${out.stan})`;
    case 'ic-tc-upload':
      return `Batch upload of a chip sale as a TC record (0320 ${String(out.message.get('60.3'))}, STAN ${out.stan})`;
    case 'batch-upload-end': {
      const code = String(out.message.get('60.3'));
      const after = code === '207' ? 'a balanced' : 'an unbalanced';
      return `Batch-upload end after ${after} settlement: 60.3 ${code}, ${Number(out.message.get('48.1'))} record(s) uploaded (48 = ${String(out.message.get('48.1'))})`;
    }
    default:
      return `${TRANSACTIONS[out.kind].name} owed before new business`;
  }
}

try {
  const signIn = await step('Sign-in: the host issues fresh working keys under the TMK and the batch number', session.signIn());
  if (!signIn?.approved) throw new Error('sign-in was not approved');
  console.log(`   keys installed; host check values ${JSON.stringify(simulator.keyCheckValues(TID))}, batch ${session.state().batch}`);

  const first = await step('Sale with PIN', session.sale({ amount: '12800', card: CARD, pin: pinBlock() }));
  const second = await step('Second sale with PIN', session.sale({ amount: '3500', card: CARD, pin: pinBlock() }));
  await step(
    'Void of the second sale',
    session.void({ card: CARD, original: { stan: field(second, '11'), batch: session.state().batch, rrn: field(second, '37'), amount: '3500' } }),
  );
  await step('Partial refund of the first sale', session.refund({ card: CARD, amount: '2800', original: { rrn: field(first, '37'), date: field(first, '13') } }));
  await step(
    'Tip of ¥5.00 on the first sale: its record, and the totals, take the new amount',
    session.tip({ card: CARD, tip: '500', original: { stan: field(first, '11'), batch: session.state().batch, amount: '12800', rrn: field(first, '37') } }),
  );
  await step('Sale with a wrong PIN', session.sale({ amount: '500', card: CARD, pin: { block: encryptPinBlock(0, SecretKey.fromHex('tdes', session.state().keys!.pik), '000000', PAN) } }));

  simulator.drop();
  await step('Sale whose answer the host drops', session.sale({ amount: '6600', card: CARD }), TIMEOUT_MS);
  const reversal = session.due();
  if (reversal === null) throw new Error('no reversal owed');
  await step(`Reversal (reason ${String(reversal.message.get('39'))}) sent before the next transaction`, reversal);

  await step('Settlement: terminal and host totals agree', session.settle());
  await settleDue(settlementTitle);

  await step('Swiped sale in the next batch', session.sale({ amount: '4200', card: CARD, pin: pinBlock() }));
  const chip = await step('Chip sale', session.sale({ amount: '8800', card: CHIP, pin: pinBlock() }));
  await step('Refund of part of the chip sale', session.refund({ card: CARD, amount: '800', original: { rrn: field(chip, '37'), date: field(chip, '13') } }));
  simulator.setSettlementDispute(true);
  await step('Settlement the host disputes', session.settle());
  await settleDue(settlementTitle);

  console.log(`\nCard balance at the host: ${yuan(simulator.balanceOf(PAN) ?? '0')}; terminal now on batch ${session.state().batch}.`);
  console.log(`${simulator.decisions().length} requests handled; card numbers, tracks, PIN blocks and keys are masked above.`);
} finally {
  conn.destroy();
  await server.close();
}
