// The entries an old `node10` resolution consumer imports: subpath types found through typesVersions. (The testing
// entry is left out: fast-check's own declarations need a resolution that reads `exports`.)
import { dialects, type Amount } from 'pos8583';
import { toHex } from 'pos8583/portable';
import { buildSale } from 'pos8583/transactions';
import { nodeProvider } from 'pos8583/node';
import { AcquirerHost } from 'pos8583/host';
import { PgHostStore } from 'pos8583/pg';

const body: Uint8Array = dialects.cup.encode({ mti: '0800', fields: { '11': '000001' } });
// @ts-expect-error a float amount is refused by the types under node10 resolution too
const floatAmount: Amount = 12.5;
export const used = [body, floatAmount, toHex, buildSale, nodeProvider, AcquirerHost, PgHostStore];
