import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { decryptCupWorkingKeys } from '../../src/crypto/cup-keys.js';
import { SecretKey } from '../../src/crypto/key.js';
import { generateWorkingKeys, issueWorkingKeys, keyCheckValues, withOddParity } from '../../src/host/key-issuance.js';
import { createKeyStore, workingKeysOf } from '../../src/host/key-store.js';
import { MemoryHostStore } from '../../src/host/store.js';
import { caught, shape } from '../support/errors.js';
import { seeded } from '../support/simulated-terminal.js';
import { SlowStore, TID, TMK } from './support.js';

const STORAGE = fromHex('0123456789ABCDEFFEDCBA9876543210');

describe('key issuance', () => {
  it('sets odd parity on every byte and keeps the top seven bits', () => {
    expect(toHex(withOddParity(fromHex('0001FEFF8081')))).toBe('0101FEFE8080');
  });

  it.each([
    ['001', [8, 8, undefined]],
    ['003', [16, 8, undefined]],
    ['004', [16, 8, 16]],
  ] as const)('makes keys of layout %s with the lengths it carries', (layout, lengths) => {
    const k = generateWorkingKeys(layout, { random: seeded(1) });
    expect([k.pik.length, k.mak.length, k.tdk?.length]).toEqual(lengths);
    // A key with odd parity on every byte is one that setting the parity leaves as it is.
    for (const key of [k.pik, k.mak, k.tdk]) if (key !== undefined) expect(toHex(withOddParity(key.exportBytes()))).toBe(toHex(key.exportBytes()));
  });

  it('enciphers the keys under the TMK in field 62 as a terminal reads them back, with the same check values', () => {
    const tmk = SecretKey.fromHex('tdes', TMK);
    for (const layout of ['001', '003', '004'] as const) {
      const issued = issueWorkingKeys(layout, tmk, { random: seeded(7) });
      const read = decryptCupWorkingKeys(issued.field62, tmk, layout);
      expect(read.pik.equals(issued.keys.pik) && read.mak.equals(issued.keys.mak)).toBe(true);
      expect(keyCheckValues(read)).toEqual(issued.checkValues);
    }
    const wide = issueWorkingKeys('003', tmk, { random: seeded(7), makLength: 16 });
    expect(decryptCupWorkingKeys(wide.field62, tmk, '003').mak.length).toBe(16);
  });

  it('gives the same keys for the same random source, and fresh ones otherwise', () => {
    const a = generateWorkingKeys('003', { random: seeded(9) });
    const b = generateWorkingKeys('003', { random: seeded(9) });
    const c = generateWorkingKeys('003');
    expect(a.pik.equals(b.pik)).toBe(true);
    expect(a.pik.equals(c.pik)).toBe(false);
  });

  it('refuses an unknown layout and MAK length', () => {
    expect(shape(caught(() => generateWorkingKeys('002' as never)))).toMatchObject({ code: 'BAD_KEY_LAYOUT', message: 'working-key layout must be 001, 003 or 004 (field 60.3)' });
    expect(shape(caught(() => generateWorkingKeys('003', { makLength: 24 as never })))).toMatchObject({ code: 'BAD_OPTION', message: 'MAK length must be 8 or 16 bytes (field makLength)' });
  });
});

describe('the key store', () => {
  it('keeps a terminal TMK, moves current keys to previous at each install, and drops both at sign-out', async () => {
    const keys = createKeyStore();
    expect(await keys.get(TID)).toBeUndefined();
    await keys.register(TID, TMK);
    const registered = (await keys.get(TID))!;
    expect(registered.tmk.equals(SecretKey.fromHex('tdes', TMK))).toBe(true);
    expect([registered.current, registered.previous]).toEqual([undefined, undefined]);

    const first = generateWorkingKeys('003', { random: seeded(1) });
    const second = generateWorkingKeys('004', { random: seeded(2) });
    expect((await keys.install(TID, first)).generation).toBe(1);
    expect((await keys.install(TID, second)).generation).toBe(2);
    const both = (await keys.get(TID))!;
    expect([both.current!.generation, both.current!.layout, both.previous!.generation]).toEqual([2, '004', 1]);
    expect(both.current!.tdk!.equals(second.tdk!) && both.previous!.mak.equals(first.mak)).toBe(true);
    expect(workingKeysOf(both, 1)).toBe(both.previous);
    expect(workingKeysOf(both, 3)).toBeUndefined();

    await keys.withdraw(TID);
    const out = (await keys.get(TID))!;
    expect([out.current, out.previous, out.tmk.length]).toEqual([undefined, undefined, 16]);
    expect((await keys.install(TID, first)).generation).toBe(3);
  });

  it('stores every key enciphered under the storage key, never in clear', async () => {
    const store = new MemoryHostStore();
    const keys = createKeyStore({ store, storageKey: STORAGE });
    await keys.register(TID, TMK);
    const issued = generateWorkingKeys('003', { random: seeded(4) });
    await keys.install(TID, issued);
    const text = store.read(`keys/${TID}`)!.value;
    for (const clear of [TMK, toHex(issued.pik.exportBytes()), toHex(issued.mak.exportBytes())]) expect(text).not.toContain(clear);
    expect(JSON.parse(text)).toMatchObject({ generation: 1, current: { layout: '003', pik: { algorithm: 'tdes' }, mak: { algorithm: 'des' } } });
  });

  it('lets every worker holding the storage key read what another installed, and refuses a wrong storage key', async () => {
    const store = new SlowStore();
    const one = createKeyStore({ store, storageKey: STORAGE });
    const two = createKeyStore({ store, storageKey: STORAGE });
    await one.register(TID, TMK);
    const issued = generateWorkingKeys('003', { random: seeded(5) });
    await one.install(TID, issued);
    expect((await two.get(TID))!.current!.mak.equals(issued.mak)).toBe(true);
    // Unchanged records are not read back into new key objects.
    expect((await two.get(TID))!.current).toBe((await two.get(TID))!.current);

    const wrong = createKeyStore({ store, storageKey: fromHex('FEDCBA98765432100123456789ABCDEF') });
    const e = (await Promise.resolve(wrong.get(TID)).catch((x: unknown) => x)) as Error;
    expect(shape(e as never)).toMatchObject({ code: 'KCV_MISMATCH', message: 'a stored key does not match its check value: wrong storage key?' });
  });

  it('refuses what it cannot keep', async () => {
    const keys = createKeyStore();
    expect(shape(caught(() => keys.get('1234')))).toMatchObject({ code: 'BAD_ARGUMENT', message: 'terminalId must be 8 printable ASCII characters (field terminalId)' });
    expect(shape(caught(() => keys.register(TID, 'XYZ')))).toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'tmk must be a key, 8, 16 or 24 key bytes, or 16, 32 or 48 hex digits (field tmk)',
    });
    expect(shape(caught(() => keys.register(TID, SecretKey.fromHex('aes', TMK))))).toMatchObject({ code: 'BAD_KEY_TYPE', message: 'TMK must be a des or tdes key (field tmk)' });
    expect(shape(caught(() => keys.install(TID, generateWorkingKeys('001'))))).toMatchObject({ code: 'UNKNOWN_TERMINAL', message: 'terminal is not registered with the host (field terminalId)' });
    expect(shape(caught(() => createKeyStore({ store: new SlowStore() })))).toMatchObject({
      code: 'INVALID_CONFIG',
      message: 'a shared store needs the storage key every worker holds (field storageKey)',
    });
    expect(shape(caught(() => createKeyStore({ storageKey: fromHex('0123456789ABCDEF') })))).toMatchObject({
      code: 'BAD_KEY_TYPE',
      message: 'storage key must be a double- or triple-length TDES key (field storageKey)',
    });
  });
});
