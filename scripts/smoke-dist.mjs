// After `npm run build`: the published files load as ESM and as CJS and decode a message.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const esm = await import('../dist/index.js');
const cjs = createRequire(import.meta.url)('../dist/index.cjs');
const portable = await import('../dist/portable.js');
const transactions = await import('../dist/transactions.js');
const transactionsCjs = createRequire(import.meta.url)('../dist/transactions.cjs');
const node = await import('../dist/node.js');
const testing = await import('../dist/testing.js');
const host = await import('../dist/host.js');
const hostCjs = createRequire(import.meta.url)('../dist/host.cjs');
const pgEntry = await import('../dist/pg.js');
const body = esm.fromHex('08000020000000C00012000001393939393939303630303134333031373031313939393900110000000100300003303031');
for (const [name, lib] of [['esm', esm], ['cjs', cjs], ['portable', portable]]) {
  const m = lib.dialects.cup.decode(body);
  if (m.get('60.3') !== '003' || lib.toHex(lib.dialects.cup.encode(m)) !== lib.toHex(body)) {
    throw new Error(`${name} build does not round-trip a CUP sign-in`);
  }
}
for (const lib of [transactions, transactionsCjs]) {
  if (typeof lib.buildSale !== 'function' || typeof lib.TerminalSession?.create !== 'function' || 'dialects' in lib) {
    throw new Error('transactions entry is missing its exports, or carries the message library');
  }
}
if ('TerminalSession' in portable || 'buildSale' in portable) throw new Error('portable entry carries the transaction layer');
if (typeof node.connectFramed !== 'function' || typeof node.nodeProvider?.createCipher !== 'function' || typeof node.startHostSimulator !== 'function') {
  throw new Error('node entry is missing its exports');
}
if (typeof testing.luhnPan !== 'function' || typeof testing.AcquirerHostSimulator !== 'function') {
  throw new Error('testing entry is missing its exports');
}
const inspector = readFileSync(new URL('../dist/inspector.html', import.meta.url), 'utf8');
if (!inspector.includes("default-src 'none'") || /<script[^>]+src=|<link\b/i.test(inspector)) {
  throw new Error('dist/inspector.html must be one self-contained page that loads nothing');
}
for (const lib of [host, hostCjs]) {
  if (typeof lib.AcquirerHost !== 'function' || typeof lib.createKeyStore !== 'function' || typeof lib.ReversalLedger !== 'function') {
    throw new Error('host entry is missing its exports');
  }
}
if (typeof pgEntry.PgHostStore !== 'function' || typeof node.runCluster !== 'function' || typeof node.clusterStore !== 'function') {
  throw new Error('pg or node entry is missing the host kit exports');
}
console.log('dist: esm, cjs, portable, transactions, node, testing, host and pg entries load; the message entries round-trip a message; inspector.html is self-contained');
