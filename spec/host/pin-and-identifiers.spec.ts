import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { SecretKey } from '../../src/crypto/key.js';
import { decryptPinBlock, encryptPinBlock, type PinBlockFormat } from '../../src/crypto/pin/pin-block.js';
import { createAuthCodeGenerator, createRrnGenerator } from '../../src/host/identifiers.js';
import { CUP_PIN_FORMATS, pinBlockFormatOf, translatePinBlock } from '../../src/host/pin-translation.js';
import { MemoryHostStore } from '../../src/host/store.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { caught, shape } from '../support/errors.js';
import { seeded } from '../support/simulated-terminal.js';
import { SlowStore } from './support.js';

const PIK = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');
const ZPK = SecretKey.fromHex('tdes', '89ABCDEF01234567FEDCBA9876543210');
const AES_ZONE = SecretKey.fromHex('aes', '000102030405060708090A0B0C0D0E0F');
const PAN = '6225880123456783';

describe('PIN translation', () => {
  it.each<[PinBlockFormat, PinBlockFormat, SecretKey]>([
    [0, 0, ZPK],
    [0, 1, ZPK],
    [0, 3, ZPK],
    ['cup-no-pan', 0, ZPK],
    [0, 4, AES_ZONE],
    [3, 'cup-no-pan', ZPK],
  ])('re-enciphers a format %s block under the zone key in format %s', (from, to, zone) => {
    const block = encryptPinBlock(from, PIK, '123456', PAN, { random: seeded(1) });
    const out = translatePinBlock(block, { key: PIK, format: from }, { key: zone, format: to }, PAN, { random: seeded(2) });
    expect(decryptPinBlock(to, zone, out, PAN)).toBe('123456');
    expect(toHex(out)).not.toBe(toHex(block));
  });

  it('fails with BAD_PIN_BLOCK for a block made under another key', () => {
    const block = encryptPinBlock(0, ZPK, '1234', PAN);
    expect(shape(caught(() => translatePinBlock(block, { key: PIK, format: 0 }, { key: ZPK, format: 0 }, PAN))).code).toBe('BAD_PIN_BLOCK');
    expect(shape(caught(() => translatePinBlock(block, null as never, { key: ZPK, format: 0 }, PAN)))).toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'from and to must each name a PIN key and format (field from)',
    });
  });

  it('reads the terminal format from 53.1: 1 without the PAN, 2 format 0, absent format 0', () => {
    const cup = cupDialect();
    const withSecurity = (value: string | undefined) => {
      const m = cup.message('0200');
      if (value !== undefined) m.set('53', value);
      return m;
    };
    expect(pinBlockFormatOf(withSecurity('1600000000000000'))).toBe('cup-no-pan');
    expect(pinBlockFormatOf(withSecurity('2600000000000000'))).toBe(0);
    expect(pinBlockFormatOf(withSecurity(undefined))).toBe(0);
    expect(pinBlockFormatOf(withSecurity('3600000000000000'), { ...CUP_PIN_FORMATS, '3': 3 })).toBe(3);
    expect(shape(caught(() => pinBlockFormatOf(withSecurity('9600000000000000'))))).toMatchObject({
      code: 'BAD_PIN_BLOCK_FORMAT',
      message: 'field 53.1 names no PIN-block format the host knows (field 53.1)',
    });
  });
});

describe('RRN and authorisation-code generators', () => {
  const day = () => new Date(Date.UTC(2026, 11, 7, 23, 59));

  it('number RRNs by UTC day, unique across generators sharing the store and across restarts', async () => {
    const store = new MemoryHostStore();
    const a = createRrnGenerator({ store, now: day, blockSize: 3 });
    const b = createRrnGenerator({ store, now: day, blockSize: 3 });
    const got = [a.next(), b.next(), a.next(), a.next(), a.next(), b.next()];
    expect(got).toEqual(['634100000001', '634100000004', '634100000002', '634100000003', '634100000007', '634100000005']);
    // A restart abandons the rest of its block and starts after every block handed out.
    expect(createRrnGenerator({ store, now: day, blockSize: 3 }).next()).toBe('634100000010');
    expect(createRrnGenerator({ store, now: () => new Date(Date.UTC(2027, 0, 1)) }).next()).toBe('700100000001');
  });

  it('never hand out one RRN twice when many callers wait on a slow store at once', async () => {
    const store = new SlowStore();
    store.delayMs = 1;
    const workers = [0, 1, 2].map(() => createRrnGenerator({ store, now: day, blockSize: 4 }));
    const all = await Promise.all(Array.from({ length: 60 }, (_, i) => workers[i % 3]!.next()));
    expect(new Set(all).size).toBe(60);
    // Each worker handed out 20, five blocks of four: one successful write per block.
    expect(store.inner.read('seq/rrn/6341')!.version).toBe(15);
  });

  it('give authorisation codes unique across generators sharing the store and across restarts', () => {
    const store = new MemoryHostStore();
    const a = createAuthCodeGenerator({ store, blockSize: 3 });
    const b = createAuthCodeGenerator({ store, blockSize: 3 });
    const got = [a.next(), b.next(), a.next(), b.next(), a.next(), a.next()];
    expect(got).toEqual(['000001', '000004', '000002', '000005', '000003', '000007']);
    // A restart abandons what is left of its block: it never hands out a code another generator may still give.
    const restarted = createAuthCodeGenerator({ store, blockSize: 3 });
    expect(restarted.next()).toBe('000010');
    expect(new Set([...got, b.next(), restarted.next()]).size).toBe(8);
  });

  it('give six-digit authorisation codes, 000001 to 999999 and round again', () => {
    const store = new MemoryHostStore();
    store.compareAndSet('seq/auth', 0, JSON.stringify({ next: 999_998 }));
    const codes = createAuthCodeGenerator({ store, blockSize: 2 });
    expect([codes.next(), codes.next(), codes.next(), codes.next()]).toEqual(['999998', '999999', '000001', '000002']);
  });

  it('stop at 100,000,000 RRNs in a day, and refuse bad options and records', async () => {
    const store = new MemoryHostStore();
    store.compareAndSet('seq/rrn/6341', 0, JSON.stringify({ next: 99_999_999 }));
    const rrn = createRrnGenerator({ store, now: day, blockSize: 2 });
    expect(rrn.next()).toBe('634199999999');
    expect(shape(caught(() => rrn.next()))).toMatchObject({ code: 'SEQUENCE_EXHAUSTED', message: 'every RRN of the day has been issued (field 37)' });
    expect(shape(caught(() => createRrnGenerator({ blockSize: 0 })))).toMatchObject({ code: 'BAD_OPTION', message: 'blockSize must be a whole number from 1 to 1000000 (field blockSize)' });
    store.compareAndSet('seq/auth', 0, '{"next":"x"}');
    expect(shape(caught(() => createAuthCodeGenerator({ store }).next()))).toMatchObject({ code: 'BAD_STORE_RECORD', message: 'stored counter is not in the expected form' });
  });
});
