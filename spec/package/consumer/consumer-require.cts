// The same package required from CommonJS (nodenext resolves the `require` condition and its .d.cts types).
import pos8583 = require('pos8583');
import portable = require('pos8583/portable');
import transactions = require('pos8583/transactions');
import node = require('pos8583/node');
import testing = require('pos8583/testing');
import host = require('pos8583/host');
import pg = require('pos8583/pg');

const body: Uint8Array = pos8583.dialects.cup.encode({ mti: '0800', fields: { '11': '000001' } });
// @ts-expect-error a float amount is refused by the types here too
const floatAmount: pos8583.Amount = 12.5;
export const used = [body, floatAmount, portable.toHex, transactions.buildSale, node.nodeProvider, testing.luhnPan, host.AcquirerHost, pg.PgHostStore];
