// The codec rows of an older checkout beside this one's, in one process: `npx tsx bench/compare-codec.ts <directory of
// an older checkout>` (with its node_modules). Each row is printed as ns/op for both builds, this build's also as a
// ratio to the older one's, so "before" and "after" figures of one change come from one run, interleaved.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { measure, report } from './harness.js';
import { cupSale, LARGE_FIELDS, PURCHASE_FIELDS } from './messages.js';
import * as current from '../src/index.js';

type Library = typeof current;

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: compare-codec.ts <directory of an older checkout>');
const older = (await import(pathToFileURL(resolve(dir, 'src/index.ts')).href)) as Library;

/** The timed operations of one build, each checked to give this build's bytes or object first. */
function rows(lib: Library): Record<string, () => unknown> {
  const sale = cupSale();
  const cup = lib.cupDialect(sale.options);
  const object = cup.decode(sale.body).toObject();
  const iso = lib.dialects.iso87ascii;
  const purchase = iso.encode({ mti: '0200', fields: PURCHASE_FIELDS });
  const built = iso.message('0200', PURCHASE_FIELDS);
  const target = new Uint8Array(1024);
  if (!current.bytesEqual(cup.encode(object), sale.body)) throw new Error('a build does not encode the CUP sale back to its bytes');
  return {
    'CUP sale: decode': () => cup.decode(sale.body),
    'CUP sale: decode + toObject()': () => cup.decode(sale.body).toObject(),
    'CUP sale: encode from the object form': () => cup.encode(object),
    'purchase_0200: decode + toObject()': () => iso.decode(purchase).toObject(),
    'purchase_0200: encodeInto(built)': () => iso.encodeInto(built, target),
    'purchase_0200: encode from an object': () => iso.encode({ mti: '0200', fields: PURCHASE_FIELDS }),
    'large_0200: encode from an object': () => iso.encode({ mti: '0200', fields: LARGE_FIELDS }),
  };
}

const before = rows(older);
const after = rows(current);
const candidates: Record<string, () => unknown> = {};
for (const name of Object.keys(after)) {
  candidates[`older ${name}`] = before[name]!;
  candidates[`this ${name}`] = after[name]!;
}
const t = measure(candidates);
for (const name of Object.keys(after)) {
  console.log(report(`older build: ${name}`, t[`older ${name}`]!));
  console.log(report(`this build: ${name}`, t[`this ${name}`]!, { 'older build': t[`older ${name}`]! }));
}
