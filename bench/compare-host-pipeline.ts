// The host-pipeline exchange of an older checkout beside this one's, in one process, for figures "against the
// build before": `npx tsx bench/compare-host-pipeline.ts <directory of an older checkout>` (with its node_modules,
// and a bench/host-pipeline.ts of its own exporting `answerRequest`, as every build since the row was added has).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { answerRequest } from './host-pipeline.js';
import { allocationPerCall, measure, report } from './harness.js';
import { cupSale } from './messages.js';
import { bytesEqual, cupDialect, SecretKey } from '../src/index.js';

type Answer = typeof answerRequest;

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: compare-host-pipeline.ts <directory of an older checkout>');
const at = (path: string) => pathToFileURL(resolve(dir, path)).href;
const old = (await import(at('bench/host-pipeline.ts'))) as { answerRequest: Answer };
const oldLib = (await import(at('src/index.ts'))) as { cupDialect: typeof cupDialect; SecretKey: typeof SecretKey };
const oldSale = ((await import(at('bench/messages.ts'))) as { cupSale: typeof cupSale }).cupSale();

const clock = new Date(2024, 6, 11, 13, 14, 15);
const now = () => clock;
const sale = cupSale();
const d = cupDialect(sale.options);
const mak = SecretKey.fromBytes('des', sale.mak);
const oldD = oldLib.cupDialect(oldSale.options);
const oldMak = oldLib.SecretKey.fromBytes('des', oldSale.mak);
if (!bytesEqual(old.answerRequest(oldD, oldSale.frame, oldMak, now), answerRequest(d, sale.frame, mak, now))) {
  throw new Error('the two builds answer the sale with different bytes');
}
const t = measure(
  {
    older: () => old.answerRequest(oldD, oldSale.frame, oldMak, now),
    current: () => answerRequest(d, sale.frame, mak, now),
  },
  9,
);
const heap = (fn: () => unknown) => `${allocationPerCall(fn).heap.toLocaleString('en-US')} B heap per message`;
console.log(report('older build: host exchange', t.older));
console.log(`    ${Math.round(1e9 / t.older).toLocaleString('en-US')} messages/s; ${heap(() => old.answerRequest(oldD, oldSale.frame, oldMak, now))}`);
console.log(report('this build: host exchange', t.current, { 'older build': t.older }));
console.log(`    ${Math.round(1e9 / t.current).toLocaleString('en-US')} messages/s (${(t.older / t.current).toFixed(2)}× the older build's); ${heap(() => answerRequest(d, sale.frame, mak, now))}`);
