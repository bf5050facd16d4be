// `tsx scripts/demo-flow.ts [--brief]`: a CUP POS terminal session talking to the simulated acquirer over a
// real TCP socket on 127.0.0.1. Every request and answer is printed as an annotated byte map with card
// numbers, tracks, PIN blocks and keys masked, followed by what the host decided and why.
// The flow: sign-in, two sales, a void, a refund, a sale whose answer the host drops (the terminal times
// out and reverses it), a balanced settlement, then a batch the host disputes, its upload and batch end.
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
const MID = '898310048990001';
const PAN = '6225880123456783';
const PIN = '123456';
const CARD = { entry: 'magstripe' as const, track2: `${PAN}=27062207001000100` };
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
const session = TerminalSession.create({ terminalId: TID, merchantId: MID, tmk: TMK, tpdu: { id: '60', destination: '0501', source: '0000' }, header: HEADER });
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
  await step('Sale with a wrong PIN', session.sale({ amount: '500', card: CARD, pin: { block: encryptPinBlock(0, SecretKey.fromHex('tdes', session.state().keys!.pik), '000000', PAN) } }));

  simulator.drop();
  await step('Sale whose answer the host drops', session.sale({ amount: '6600', card: CARD }), TIMEOUT_MS);
  const reversal = session.pendingReversal();
  if (reversal === null) throw new Error('no reversal pending');
  await step(`Reversal (reason ${String(reversal.message.get('39'))}) sent before the next transaction`, reversal);

  await step('Settlement: terminal and host totals agree', session.settle());
  await step('Batch-upload end after a balanced settlement', session.batchUploadEnd({ code: '202' }));

  await step('Sale in the next batch', session.sale({ amount: '4200', card: CARD, pin: pinBlock() }));
  simulator.setSettlementDispute(true);
  await step('Settlement the host disputes', session.settle());
  for (const [i, out] of session.batchUpload().entries()) await step(`Batch upload, message ${i + 1}`, out);
  await step('Batch-upload end after an unbalanced settlement', session.batchUploadEnd({ code: '207' }));

  console.log(`\nCard balance at the host: ${yuan(simulator.balanceOf(PAN) ?? '0')}; terminal now on batch ${session.state().batch}.`);
  console.log(`${simulator.decisions().length} requests handled; card numbers, tracks, PIN blocks and keys are masked above.`);
} finally {
  conn.destroy();
  await server.close();
}
