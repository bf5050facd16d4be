import { describe, it, expect } from 'vitest';
import {
  buildAdjustment,
  buildOfflineSettlement,
  buildPreauthCompletionAdvice,
  buildTip,
} from '../../../src/txn/builders/index.js';
import { TRANSACTIONS } from '../../../src/txn/transaction-table.js';
import { validateRequest } from '../../../src/txn/validate-request.js';
import { BUILDER_CASES } from './cases.js';
import { CHIP, MANUAL, PAN, QR, SWIPED, context, problemsOf } from './support.js';

const BLOCK = Uint8Array.from([0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18]);

describe('every builder', () => {
  for (const c of BUILDER_CASES) {
    const def = TRANSACTIONS[c.kind];

    it(`builds a ${c.kind} with the table's MTI, 3, 25, 60.1 and 60.3 and every mandatory field but the MAC`, () => {
      const m = c.build(context(), CHIP, c.pin ? { block: BLOCK } : undefined);
      expect(m.mti).toBe(def.mti);
      expect(m.get('3')).toBe(def.processingCode);
      expect(m.get('25')).toBe(def.conditionCode);
      expect(m.get('60.1')).toBe(def.transactionType);
      expect(m.get('60.2')).toBe('000012');
      expect(m.get('60.3')).toBe('000');
      expect(m.has('64')).toBe(false);
      const ids = m.fieldNumbers();
      for (const f of def.mandatory.filter((n) => n !== 64)) expect(ids, `field ${f}`).toContain(f);
      for (const f of ids) expect([...def.mandatory, ...def.conditional], `field ${f}`).toContain(f);
      expect(validateRequest(m, { unsigned: true })).toBe(c.kind);
    });

    it(`builds a ${c.kind} that the dialect encodes and decodes back to the same message`, () => {
      for (const card of [CHIP, MANUAL, SWIPED]) {
        const m = c.build(context(), card);
        const ctx = context();
        expect(ctx.dialect.decode(ctx.dialect.encode(m)).toObject()).toEqual(m.toObject());
      }
    });

    it(`reports a bad context, amount and card of a ${c.kind} together, without their values`, () => {
      const secret = '6212260200000000015';
      const problems = problemsOf(() =>
        c.build(context({ stan: '000000', terminalId: 'T1' }), { entry: 'manual', pan: secret, expiry: '3013' }, undefined, '0'),
      );
      const paths = problems.map(([path]) => path);
      expect(paths.slice(0, 2)).toEqual(['ctx.terminalId', 'ctx.stan']);
      expect(paths).toContain('card.pan');
      expect(paths).toContain('card.expiry');
      if (c.kind !== 'balance') expect(paths.some((p) => p === 'amount' || p === 'original.amount')).toBe(true);
      for (const [, , message] of problems) expect(message).not.toContain(secret.slice(6));
    });

    if (!c.qr) {
      it(`refuses a scanned payment code for a ${c.kind}`, () => {
        expect(problemsOf(() => c.build(context(), QR))).toEqual([
          ['card.entry', 'BAD_ENTRY', 'this transaction needs a card, not a scanned payment code (field card.entry)'],
        ]);
      });
    }

    if (!c.pin) {
      it(`refuses a PIN for a ${c.kind}, an offline advice`, () => {
        expect(problemsOf(() => withPin(c.kind, { block: BLOCK }))).toEqual([
          ['pin', 'UNEXPECTED_INPUT', 'this transaction carries no PIN (field pin)'],
        ]);
      });
    }
  }
});

/** An offline builder called with a PIN in its input. */
function withPin(kind: string, pin: { block: Uint8Array }): unknown {
  const ctx = context();
  const card = { entry: 'manual', pan: PAN, expiry: '3012' } as const;
  const loose = (f: unknown) => f as (c: unknown, i: unknown) => unknown;
  switch (kind) {
    case 'preauth-completion-advice':
      return loose(buildPreauthCompletionAdvice)(ctx, { amount: '1', original: { authCode: 'A51234', date: '0611' }, card, pin });
    case 'offline-settlement':
      return loose(buildOfflineSettlement)(ctx, { amount: '1', card, pin });
    case 'adjustment':
      return loose(buildAdjustment)(ctx, { amount: '1', original: { stan: '000001', batch: '000001' }, card, pin });
    default:
      return loose(buildTip)(ctx, { tip: '1', original: { stan: '000001', batch: '000001', amount: '1' }, card, pin });
  }
}
