/** One valid call of every builder, for the tests that hold for all of them. */
import type { Message } from '../../../src/message/message.js';
import {
  buildAdjustment,
  buildBalanceInquiry,
  buildOfflineSettlement,
  buildPreauth,
  buildPreauthCompletion,
  buildPreauthCompletionAdvice,
  buildPreauthCompletionVoid,
  buildPreauthVoid,
  buildRefund,
  buildSale,
  buildTip,
  buildVoid,
  type BuildContext,
  type CardInput,
  type PinInput,
} from '../../../src/txn/builders/index.js';
import type { TransactionKind } from '../../../src/txn/types.js';

/** A builder call from a context, a card and an optional PIN. */
export interface BuilderCase {
  kind: TransactionKind;
  /** Whether the transaction takes a PIN. */
  pin: boolean;
  /** Whether a scanned payment code may stand in for the card. */
  qr: boolean;
  build(ctx: BuildContext, card: CardInput, pin?: PinInput, amount?: string): Message;
}

export const BUILDER_CASES: readonly BuilderCase[] = [
  { kind: 'balance', pin: true, qr: false, build: (ctx, card, pin) => buildBalanceInquiry(ctx, { card, pin }) },
  { kind: 'sale', pin: true, qr: true, build: (ctx, card, pin, amount = '100') => buildSale(ctx, { amount, card, pin }) },
  {
    kind: 'void', pin: true, qr: true,
    build: (ctx, card, pin, amount = '100') =>
      buildVoid(ctx, { original: { stan: '000117', batch: '000011', rrn: '183015002310', amount, authCode: 'A51234' }, card, pin }),
  },
  {
    kind: 'refund', pin: true, qr: true,
    build: (ctx, card, pin, amount = '100') => buildRefund(ctx, { amount, original: { rrn: '183015002310', date: '0611' }, card, pin }),
  },
  { kind: 'preauth', pin: true, qr: true, build: (ctx, card, pin, amount = '100') => buildPreauth(ctx, { amount, card, pin }) },
  {
    kind: 'preauth-void', pin: true, qr: false,
    build: (ctx, card, pin, amount = '100') => buildPreauthVoid(ctx, { original: { amount, authCode: 'A51234', date: '0611' }, card, pin }),
  },
  {
    kind: 'preauth-completion', pin: true, qr: false,
    build: (ctx, card, pin, amount = '100') => buildPreauthCompletion(ctx, { amount, original: { authCode: 'A51234', date: '0611' }, card, pin }),
  },
  {
    kind: 'preauth-completion-void', pin: true, qr: false,
    build: (ctx, card, pin, amount = '100') =>
      buildPreauthCompletionVoid(ctx, { original: { stan: '000242', batch: '000012', rrn: '183015002311', amount, date: '0612' }, card, pin }),
  },
  {
    kind: 'preauth-completion-advice', pin: false, qr: false,
    build: (ctx, card, _pin, amount = '100') => buildPreauthCompletionAdvice(ctx, { amount, original: { authCode: 'A51234', date: '0611' }, card }),
  },
  {
    kind: 'offline-settlement', pin: false, qr: false,
    build: (ctx, card, _pin, amount = '100') => buildOfflineSettlement(ctx, { amount, card, authCode: '123456' }),
  },
  {
    kind: 'adjustment', pin: false, qr: false,
    build: (ctx, card, _pin, amount = '100') => buildAdjustment(ctx, { amount, original: { stan: '000117', batch: '000011' }, card }),
  },
  {
    kind: 'tip', pin: false, qr: false,
    build: (ctx, card, _pin, amount = '100') => buildTip(ctx, { tip: '1', original: { stan: '000117', batch: '000011', amount }, card }),
  },
];
