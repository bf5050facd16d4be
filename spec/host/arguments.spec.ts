// Every export of the host kit refuses wrong-typed arguments with an Iso8583Error, never a TypeError.
import { describe, expect, it } from 'vitest';
import { Iso8583Error } from '../../src/errors.js';
import * as host from '../../src/host/index.js';
import { PgHostStore } from '../../src/pg/pg-host-store.js';
import { TID } from './support.js';

const REF = { terminalId: TID, batch: '000001', stan: '000001' };
const ledger = new host.ReversalLedger();
const keys = host.createKeyStore();
const cases: Array<[string, () => unknown]> = [
  ['MemoryHostStore.read(7)', () => new host.MemoryHostStore().read(7 as never)],
  ['updateRecord(null, …)', () => host.updateRecord(null as never, 'k', () => ({ result: 1 }))],
  ['updateRecord(store, key, "step")', () => host.updateRecord(new host.MemoryHostStore(), 'k', 'step' as never)],
  ['withOddParity("00")', () => host.withOddParity('00' as never)],
  ['generateWorkingKeys("003", null)', () => host.generateWorkingKeys('003', null as never)],
  ['generateWorkingKeys(3)', () => host.generateWorkingKeys(3 as never)],
  ['keyCheckValues(null)', () => host.keyCheckValues(null as never)],
  ['keyCheckValues({ pik: "x", mak: "y" })', () => host.keyCheckValues({ pik: 'x', mak: 'y' } as never)],
  ['issueWorkingKeys("003", "tmk")', () => host.issueWorkingKeys('003', 'tmk' as never)],
  ['createKeyStore(null)', () => host.createKeyStore(null as never)],
  ['createKeyStore({ store: {} })', () => host.createKeyStore({ store: {} as never, storageKey: new Uint8Array(16) })],
  ['keyStore.get(12345678)', () => keys.get(12345678 as never)],
  ['keyStore.install(TID, null)', () => keys.install(TID, null as never)],
  ['workingKeysOf(null, 1)', () => host.workingKeysOf(null as never, 1)],
  ['pinBlockFormatOf({})', () => host.pinBlockFormatOf({} as never)],
  ['translatePinBlock("52", …)', () => host.translatePinBlock('52' as never, { key: new Uint8Array(16), format: 0 }, { key: new Uint8Array(16), format: 0 }, '6225880123456783')],
  ['translatePinBlock(block, from, to, 6225)', () => host.translatePinBlock(new Uint8Array(8), { key: new Uint8Array(16), format: 0 }, { key: new Uint8Array(16), format: 0 }, 6225 as never)],
  ['createRrnGenerator(null)', () => host.createRrnGenerator(null as never)],
  ['createAuthCodeGenerator({ store: 1 })', () => host.createAuthCodeGenerator({ store: 1 as never })],
  ['new ReversalLedger(null)', () => new host.ReversalLedger(null as never)],
  ['ledger.claim(ref, null)', () => ledger.claim(REF, null as never)],
  ['ledger.claim(null, …)', () => ledger.claim(null as never, { kind: 'sale' })],
  ['ledger.settle(ref, "maybe", {})', () => ledger.settle(REF, 'maybe' as never, {})],
  ['ledger.settle(ref, "approved", [1])', () => ledger.settle(REF, 'approved', [1] as never)],
  ['ledger.reverse(ref, {})', () => ledger.reverse(REF, {} as never)],
  ['ledger.find("ref")', () => ledger.find('ref' as never)],
  ['new AcquirerHost(undefined)', () => new host.AcquirerHost(undefined as never)],
  ['new AcquirerHost({ store: "db" })', () => new host.AcquirerHost({ authorize: () => '00', store: 'db' as never })],
  ['new AcquirerHost({ onReversal: 1 })', () => new host.AcquirerHost({ authorize: () => '00', onReversal: 1 as never })],
  ['new AcquirerHost({ keyStore: {} })', () => new host.AcquirerHost({ authorize: () => '00', keyStore: {} as never })],
  ['new AcquirerHost({ rrn: {} })', () => new host.AcquirerHost({ authorize: () => '00', rrn: {} as never })],
  ['new AcquirerHost({ pinZone: null })', () => new host.AcquirerHost({ authorize: () => '00', pinZone: null as never })],
  ['AcquirerHost.register(TID, 7)', () => new host.AcquirerHost({ authorize: () => '00' }).register(TID, 7 as never)],
  ['AcquirerHost.setProcessingRequirement(3)', () => new host.AcquirerHost({ authorize: () => '00' }).setProcessingRequirement(3 as never)],
  ['AcquirerHost.exchangeNow("frame")', () => new host.AcquirerHost({ authorize: () => '00' }).exchangeNow('frame' as never)],
  ['new PgHostStore({ pool: 1 })', () => new PgHostStore({ pool: 1 as never })],
];

describe('the host kit given wrong-typed arguments', () => {
  it.each(cases)('%s throws an Iso8583Error', (_, run) => {
    let thrown: unknown;
    try {
      run();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Iso8583Error);
  });

  it('refuses a frame that is not bytes by throwing (or rejecting), not in a reply without an answer', async () => {
    const errors: Iso8583Error[] = [];
    const h = new host.AcquirerHost({ authorize: () => '00', onError: (e) => void errors.push(e) });
    const refusal = { code: 'BAD_ARGUMENT', message: 'frame must be a Uint8Array (field frame)', path: 'frame', found: 'string' };
    expect(() => h.exchangeNow('0003600501' as never)).toThrow(expect.objectContaining(refusal));
    await expect(h.exchange('0003600501' as never)).rejects.toMatchObject(refusal);
    await expect(h.handle(null as never)).rejects.toMatchObject({ ...refusal, found: 'null' });
    // Bytes that are no request are the input's fault: a reply without an answer, reported to onError.
    expect(h.exchangeNow(Uint8Array.of(0, 3, 0x60, 5, 1))).toMatchObject({ response: null, error: { code: 'FRAME_TRUNCATED' } });
    expect(errors.map((e) => e.code)).toEqual(['FRAME_TRUNCATED']);
  });
});
