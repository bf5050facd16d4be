// A strict consumer of the published package: every entry imported by its public name, a few calls typed as users write them.
import { dialects, Iso8583Error, buildSale, type Amount, type Message, type SaleInput } from 'pos8583';
import { dialects as portableDialects, fromHex, type Dialect } from 'pos8583/portable';
import { nodeProvider, createFramedServer } from 'pos8583/node';
import { luhnPan, messageFor } from 'pos8583/testing';
import { AcquirerHost, MemoryHostStore } from 'pos8583/host';
import { PgHostStore } from 'pos8583/pg';

const cup: Dialect = portableDialects.cup;
const m: Message = dialects.cup.decode(fromHex('08000020000000C00012000001393939393939303630303134333031373031313939393900110000000100300003303031'));
const code: string = m.mti;
const failure: Iso8583Error | undefined = undefined;
const amount: Amount = '1250';
const sale: SaleInput = { amount, card: { entry: 'magstripe', track2: '6225880123456783=27062207001000100' } };
// @ts-expect-error a float amount is refused by the types: money is a digit string or a BN, never a number
const floatSale: SaleInput = { amount: 12.5, card: { entry: 'magstripe', track2: '6225880123456783=27062207001000100' } };

export const used = [cup, code, failure, sale, floatSale, buildSale, nodeProvider, createFramedServer, luhnPan, messageFor, AcquirerHost, MemoryHostStore, PgHostStore];
