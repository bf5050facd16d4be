// The host kit's objects hold keys, PIN blocks and card data: no rendering of them shows any.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { HostReply, HostRequest } from '../../src/host/acquirer-host.js';
import { createKeyStore } from '../../src/host/key-store.js';
import { ReversalLedger } from '../../src/host/reversal-ledger.js';
import { MemoryHostStore } from '../../src/host/store.js';
import { PgHostStore } from '../../src/pg/pg-host-store.js';
import { CARD, hostLane, PAN, pinBlock, TID, TMK } from './support.js';

const STORAGE_HEX = '0123456789ABCDEFFEDCBA9876543210';
const ZONE_HEX = '89ABCDEF01234567FEDCBA9876543210';
const PASSWORD = 'hunter2-pos8583';

function renderings(value: unknown): string[] {
  return [
    inspect(value),
    inspect(value, { depth: null, showHidden: true }),
    inspect({ deep: { er: [value] } }, { depth: Infinity }),
    JSON.stringify(value),
    JSON.stringify({ wrapped: [value] }),
    String(value),
  ];
}

/** Every way `value` prints, checked against each secret in hex, decimal-list and plain form. */
function expectNoneOf(value: unknown, secrets: string[]): void {
  const decimalList = (hex: string) => [...fromHex(hex)].join(', ');
  for (const text of renderings(value)) {
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      if (/^[0-9A-F]+$/.test(secret) && secret.length % 2 === 0) expect(text).not.toContain(decimalList(secret).slice(0, 20));
    }
  }
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
    const secrets = [STORAGE_HEX, ZONE_HEX, TMK, pik, mak, PAN, toHex(request!.pinBlock!), toHex(request!.message.get('52') as Uint8Array)];

    for (const value of [host, host.keys, host.ledger, store, request, reply, await host.keys.get(TID)]) expectNoneOf(value, secrets);
    expect(inspect(host)).toBe("AcquirerHost { dialect: 'cup', processingRequirement: '0' }");
    expect(JSON.stringify(store)).toMatch(/^\{"records":\d+\}$/);
    expect(JSON.parse(JSON.stringify(request))).toMatchObject({ kind: 'sale', terminalId: TID, keyGeneration: 1, pinBlock: '[8 bytes redacted]' });
    expect(JSON.parse(JSON.stringify(reply))).toMatchObject({ summary: { kind: 'sale', responseCode: '00' }, response: expect.stringMatching(/^\[\d+ bytes redacted\]$/) });
    expect(String(createKeyStore())).toBe('KeyStore {"prefix":"keys/"}');
    expect(String(new ReversalLedger())).toBe('ReversalLedger {"prefix":"ledger/"}');
  });

  it('keep a PostgreSQL pool and its password out of the store', () => {
    const pool = { options: { password: PASSWORD }, query: () => Promise.resolve({ rows: [], rowCount: 0 }) };
    const store = new PgHostStore({ pool });
    expectNoneOf(store, [PASSWORD]);
    expect(inspect(store)).toBe("PgHostStore { table: 'pos8583_host_store' }");
  });
});
