import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../../src/bytes/hex.js';
import { dialects, gbkCodec } from '../../../src/index.js';
import { createDialects } from '../../../src/portable.js';
import {
  numberedParameterBytes,
  parseNumberedParameters,
  readTerminalParameters,
  terminalParameterEntries,
  terminalParametersOf,
} from '../../../src/txn/params/terminal-parameters.js';
import { caught } from '../../support/errors.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A parameter answer laid out as the public terminal code reads it: number, then a value of the number's length. */
function npParameters(merchantName: Uint8Array): Uint8Array {
  return concat(
    ascii('1160'), // 11: 2 bytes, skipped by the terminal
    ascii('1260'), // 12: timeout, seconds
    ascii('133'), // 13: redials
    ascii('14'), ascii('95516'.padEnd(14, ' ')),
    ascii('15'), ascii(''.padEnd(14, ' ')),
    ascii('16'), ascii(''.padEnd(14, ' ')),
    ascii('17'), ascii('4008888888'.padEnd(14, ' ')),
    ascii('181'), // tips on
    ascii('1915'), // at most 15 %
    ascii('200'), // no keyed entry
    ascii('211'), // sign off automatically
    ascii('22'), merchantName,
    ascii('233'),
    ascii('241'),
    ascii('251'),
    ascii('26'), Uint8Array.of(0xff, 0xf0, 0x00, 0x01),
  );
}

describe('terminal parameters (0810 364), as a UnionPay terminal reads them', () => {
  const name = gbkCodec.encode('银联测试商户'.padEnd(0), 'name');
  const name40 = concat(name, ascii(' '.repeat(40 - name.length)));

  it('names the timeout, redials, phones, tip switch and rate, manual entry, sign-off, merchant name, resends and switches', () => {
    const p = terminalParametersOf(npParameters(name40), { gbk: gbkCodec });
    expect(p).toMatchObject({
      timeoutSeconds: 60,
      redials: 3,
      transactionPhones: ['95516'],
      managementPhone: '4008888888',
      tipEnabled: true,
      tipPercentage: 15,
      manualEntry: false,
      autoSignOff: true,
      merchantName: '银联测试商户',
      resends: 3,
      offlineUpload: true,
      keyIndex: 1,
      enabledTransactions: 'FFF00001',
    });
    expect(p.entries.map((e) => e.number)).toEqual(['11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26']);
    expect(p.unread).toBeUndefined();
  });

  it('keeps a GBK merchant name read without a codec as escaped bytes, which a codec reads later', () => {
    const p = terminalParametersOf(npParameters(name40));
    expect(p.merchantName).not.toBe('银联测试商户');
    const entry = p.entries.find((e) => e.number === '22')!;
    expect(toHex(gbkCodec.encode(entry.value))).toBe(toHex(name40));
  });

  it('stops at a number its table does not know and keeps the rest unread', () => {
    const bytes = concat(ascii('1260'), ascii('99ABC'), ascii('133'));
    const p = terminalParametersOf(bytes);
    expect(p.timeoutSeconds).toBe(60);
    expect(p.redials).toBeUndefined();
    expect(toHex(p.unread!)).toBe(toHex(ascii('99ABC133')));
  });

  it('reads an acquirer table given by the caller', () => {
    expect(parseNumberedParameters(ascii('25010'), { lengths: { '25': 2 } }).entries).toEqual([{ number: '25', value: '01', hex: '3031' }]);
  });

  it('reads field 62 of an 0810 364 from the message', () => {
    const body = dialects.cup.encode({ mti: '0810', fields: { '39': '00', '60': { '1': '00', '2': '000001', '3': '364' }, '62': toHex(npParameters(name40)) } });
    expect(readTerminalParameters(dialects.cup.decode(body), { gbk: gbkCodec }).merchantName).toBe('银联测试商户');
    // The portable entry has no GBK codec: the message still decodes.
    const portable = createDialects().cup;
    expect(readTerminalParameters(portable.decode(body)).tipPercentage).toBe(15);
  });

  it('writes what it reads, for any named parameters a host sends', () => {
    const phone = fc.stringMatching(/^[0-9]{1,14}$/);
    fc.assert(
      fc.property(
        fc.record({
          timeoutSeconds: fc.integer({ min: 0, max: 99 }),
          redials: fc.integer({ min: 0, max: 9 }),
          transactionPhones: fc.array(phone, { maxLength: 3 }),
          managementPhone: phone,
          tipEnabled: fc.boolean(),
          tipPercentage: fc.integer({ min: 0, max: 99 }),
          manualEntry: fc.boolean(),
          autoSignOff: fc.boolean(),
          merchantName: fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9 ]{0,18}[A-Za-z0-9])?$/),
          resends: fc.integer({ min: 0, max: 9 }),
        }),
        (p) => {
          const bytes = numberedParameterBytes(terminalParameterEntries(p));
          const read = terminalParametersOf(bytes);
          const { entries: _e, ...named } = read;
          expect(named).toEqual(p);
        },
      ),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('refuses a value longer than its number allows, and a number its table does not know', () => {
    const long = caught(() => numberedParameterBytes([{ number: '13', value: '12' }]));
    expect([long.code, long.path, long.expected, long.found]).toEqual(['VALUE_TOO_LONG', 'entries.0.value', 'at most 1 bytes', '2 bytes']);
    expect(caught(() => numberedParameterBytes([{ number: '98', value: '1' }])).code).toBe('BAD_DATA');
  });
});
