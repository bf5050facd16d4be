// A strict consumer of the published package: every entry imported by its public name, a few calls typed as users write them.
import { dialects, Iso8583Error, buildSale, type Amount, type Message, type SaleInput } from 'pos8583';
import { dialects as portableDialects, fromHex, signMessage, SecretKey, type Dialect } from 'pos8583/portable';
import { buildSale as buildPortableSale, TerminalSession, type BuildContext } from 'pos8583/transactions';
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
// The two portable entries share their types: a dialect from one and a message built by the other fit each other and the main entry.
const ctx: BuildContext = { dialect: cup, terminalId: '10000001', merchantId: '898310054110001', stan: '000001', batch: '000001', operator: '01', now: new Date(0) };
const built: Message = buildPortableSale(ctx, sale);
const signed: Uint8Array = signMessage(cup, built, SecretKey.fromHex('des', '313215FDA2C4AB4C'));

export const used = [cup, code, failure, sale, floatSale, signed, TerminalSession, buildSale, nodeProvider, createFramedServer, luhnPan, messageFor, AcquirerHost, MemoryHostStore, PgHostStore];
