// The host kit's objects hold keys, PIN blocks and card data: no rendering of them shows any.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { issueWorkingKeys } from '../../src/host/key-issuance.js';
import type { HostReply, HostRequest } from '../../src/host/acquirer-host.js';
import { createKeyStore } from '../../src/host/key-store.js';
import { ReversalLedger } from '../../src/host/reversal-ledger.js';
import { MemoryHostStore } from '../../src/host/store.js';
import { PgHostStore } from '../../src/pg/pg-host-store.js';
import { expectClean, forms } from '../support/planted.js';
import { CARD, hostLane, PAN, pinBlock, TID, TMK } from './support.js';

const STORAGE_HEX = '0123456789ABCDEFFEDCBA9876543210';
const ZONE_HEX = '89ABCDEF01234567FEDCBA9876543210';
const PASSWORD = 'hunter2-pos8583';

/** Every form of each secret (hex, lower case, inspected bytes). */
function needles(secrets: Array<[string, boolean]>): string[] {
  return secrets.flatMap(([secret, hex]) => forms(secret, hex));
}

describe('renderings of the host kit', () => {
  it('show no key, PIN block, card number or password', async () => {
    let request: HostRequest | undefined;
    const store = new MemoryHostStore();
    const { host, session, send } = await hostLane({
      store,
      storageKey: fromHex(STORAGE_HEX),
      pinZone: { key: fromHex(ZONE_HEX), format: 0 },
      authorize: (r) => {
        if (r.kind === 'sale') request = r;
        return '00';
      },
    });
    await send(session.signIn());
    const pik = session.state().keys!.pik;
    const mak = session.state().keys!.mak;
    const sale = session.sale({ amount: '100', card: CARD, pin: pinBlock(session, '123456') });
    const reply: HostReply = await host.exchange(sale.frame);
    const secrets = needles([
      [STORAGE_HEX, true],
      [ZONE_HEX, true],
      [TMK, true],
      [pik, true],
      [mak, true],
      [PAN, false],
      [toHex(request!.pinBlock!), true],
      [toHex(request!.message.get('52') as Uint8Array), true],
    ]);
    const values = { host, keyStore: host.keys, ledger: host.ledger, store, request, reply, terminalKeys: await host.keys.get(TID) };
    for (const [label, value] of Object.entries(values)) expectClean(value, label, secrets);
    expect(inspect(host)).toBe("AcquirerHost { dialect: 'cup', processingRequirement: '0' }");
    expect(JSON.stringify(store)).toMatch(/^\{"records":\d+\}$/);
    expect(JSON.parse(JSON.stringify(request))).toMatchObject({ kind: 'sale', terminalId: TID, keyGeneration: 1, pinBlock: '[8 bytes redacted]' });
    expect(JSON.parse(JSON.stringify(reply))).toMatchObject({ summary: { kind: 'sale', responseCode: '00' }, response: expect.stringMatching(/^\[\d+ bytes redacted\]$/) });
    expect(String(createKeyStore())).toBe('KeyStore {"prefix":"keys/"}');
    expect(String(new ReversalLedger())).toBe('ReversalLedger {"prefix":"ledger/"}');
  });

  it('show an issue of sign-in keys by its layout and check values only', () => {
    const issued = issueWorkingKeys('003', fromHex(TMK));
    expectClean(issued, 'issued keys', needles([[toHex(issued.field62), true], [toHex(issued.keys.pik.exportBytes()), true]]));
    expect(JSON.parse(JSON.stringify(issued))).toEqual({ layout: '003', field62: '[40 bytes redacted]', checkValues: issued.checkValues });
  });

  it('keep a PostgreSQL pool and its password out of the store', () => {
    const pool = { options: { password: PASSWORD }, query: () => Promise.resolve({ rows: [], rowCount: 0 }) };
    const store = new PgHostStore({ pool });
    expectClean(store, 'PgHostStore', forms(PASSWORD, false));
    expect(inspect(store)).toBe("PgHostStore { table: 'pos8583_host_store' }");
  });
});
