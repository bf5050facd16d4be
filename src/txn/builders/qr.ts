/**
 * Scanned-code (扫码) payments beyond the C2B sale: the payment voucher (付款凭证码, 59 `A4`) a sale's
 * answer returns and its void and refund send back; the payment-result query (消费结果查询, 60.1 `61`,
 * 3 = `000010`, as a public CUP terminal app sends it) for a payment answered "in progress" or left
 * unanswered; and the merchant-presented (B2C, 主扫) order.
 *
 * No public CUP POS source documents the merchant-presented order, so its layout is this library's
 * convention, easy to change per acquirer: the terminal sends a sale's fields with its order number in 59
 * tag `A5` and no payment code; the host answers with the code to display in 59 `A6`; the payment itself is
 * learnt from the result query, whose approval carries the voucher (59 `A4`) like a sale's.
 */
import type { Message } from '../../message/message.js';
import { expectString, isPrintableAscii } from '../../arguments.js';
import { expectMessage } from '../message-arguments.js';
import { checkAmount, type Amount } from './amount.js';
import type { QrTag } from './card-input.js';
import { checkContext, checkCurrencyInput, type BuildContext } from './context.js';
import { checkBatch, checkMonthDay, checkRecord, checkStan, InputProblems } from './validate-input.js';

/** Field 59 tags of the merchant-presented flow (this library's convention): the order number and the code to show. */
export const QR_ORDER_TAG = 'A5';
export const QR_CODE_TAG = 'A6';

/** Response codes that mean "the payment is still being made, ask again" (`09`, request in progress). */
export const IN_PROGRESS_CODES: readonly string[] = Object.freeze(['09']);

/** The text of a field 59 tag of a message (request or answer), or undefined. */
export function field59Tag(m: Message, tag: string): string | undefined {
  expectMessage(m, 'm');
  expectString(tag, 'tag');
  const v = m.get(`59.${tag}`);
  return typeof v === 'string' ? v : undefined;
}

/** The payment voucher (付款凭证码, 59 `A4`) of a QR sale's or result query's approval, which its void and refund send back. */
export function qrVoucherOf(answer: Message): string | undefined {
  return field59Tag(expectMessage(answer, 'answer'), 'A4');
}

export interface QrOrderInput {
  amount: Amount;
  /** The terminal's order number for this payment (59 `A5`): 1 to 32 printable characters. */
  order: string;
  currency?: string;
  /** Further 59 tags (a channel marker). */
  tags?: QrTag[];
}

/** 主扫下单: the 0200 asking the host for a code the customer scans (merchant-presented QR); 22 = `032`, 59 `A5` = the order. */
export function buildQrOrder(ctx: BuildContext, input: QrOrderInput): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  const i = checkRecord(p, input, 'input');
  if (i === undefined) p.throwIfAny();
  const amount = checkAmount(p, i!.amount, 'amount');
  if (!isPrintableAscii(i!.order, 1, 32)) p.add('BAD_DATA', 'order number must be 1 to 32 printable ASCII characters', 'order', 'ans 1..32');
  const currency = checkCurrencyInput(p, i!.currency);
  const tags = i!.tags;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => isPrintableAscii(t?.tag, 2, 2) && t.tag !== QR_ORDER_TAG && isPrintableAscii(t.value, 0, 512)))) {
    p.add('BAD_DATA', 'QR tags must be 2-character tags other than A5 with printable values', 'tags', 'QrTag[]');
  }
  p.throwIfAny();
  const m = c!.dialect.message('0200', {
    '3': '000000',
    '4': amount!,
    '11': c!.stan,
    '22': { '1': '03', '2': '2' },
    '25': '00',
    '41': c!.terminalId,
    '42': c!.merchantId,
    '49': currency!,
    '59': [{ tag: QR_ORDER_TAG, value: i!.order as string }, ...((tags as QrTag[] | undefined) ?? [])],
    '60': { '1': '22', '2': c!.batch, '3': '000', '4': c!.readCapability ?? '0', '5': '0' },
  });
  return m;
}

/** The answer to a QR order: the code to show the customer (59 `A6`) and the order it belongs to. */
export function readQrOrderAnswer(answer: Message): { order?: string; code?: string } {
  expectMessage(answer, 'answer');
  const out: { order?: string; code?: string } = {};
  const order = field59Tag(answer, QR_ORDER_TAG);
  const code = field59Tag(answer, QR_CODE_TAG);
  if (order !== undefined) out.order = order;
  if (code !== undefined) out.code = code;
  return out;
}

/** The payment a result query asks about: its batch and STAN (and date, amount, voucher or order when known). */
export interface PaymentResultQueryInput {
  original: { stan: string; batch: string; date?: string; amount?: Amount; voucher?: string; order?: string };
  currency?: string;
}

/**
 * 消费结果查询: the 0200 (3 = 000010, 60.1 = 61) asking what became of a payment: 61 = its batch and STAN
 * (and date); 4, 49 and 59 (voucher `A4` or order `A5`) when known. Its approval means the payment went
 * through (59 `A4` then carries the voucher); a decline means it did not.
 */
export function buildPaymentResultQuery(ctx: BuildContext, input: PaymentResultQueryInput): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  const i = checkRecord(p, input, 'input');
  if (i === undefined) p.throwIfAny();
  const o = checkRecord(p, i!.original, 'original');
  const stan = o && checkStan(p, o.stan, 'original.stan');
  const batch = o && checkBatch(p, o.batch, 'original.batch');
  const date = o?.date === undefined ? undefined : checkMonthDay(p, o.date, 'original.date');
  const amount = o?.amount === undefined ? undefined : checkAmount(p, o.amount, 'original.amount');
  if (o?.voucher !== undefined && !isPrintableAscii(o.voucher, 1, 64)) p.add('BAD_PAYMENT_CODE', 'payment voucher must be 1 to 64 printable ASCII characters', 'original.voucher', 'ans 1..64');
  if (o?.order !== undefined && !isPrintableAscii(o.order, 1, 32)) p.add('BAD_DATA', 'order number must be 1 to 32 printable ASCII characters', 'original.order', 'ans 1..32');
  const currency = checkCurrencyInput(p, i!.currency);
  p.throwIfAny();
  const m = c!.dialect.message('0200', {
    '3': '000010',
    '11': c!.stan,
    '25': '00',
    '41': c!.terminalId,
    '42': c!.merchantId,
    '60': { '1': '61', '2': c!.batch },
    '61': date === undefined ? { '1': batch!, '2': stan! } : { '1': batch!, '2': stan!, '3': date },
  });
  if (amount !== undefined) {
    m.set('4', amount);
    m.set('49', currency!);
  }
  const tags: QrTag[] = [];
  if (o!.voucher !== undefined) tags.push({ tag: 'A4', value: o!.voucher as string });
  if (o!.order !== undefined) tags.push({ tag: QR_ORDER_TAG, value: o!.order as string });
  if (tags.length > 0) m.set('59', tags);
  return m;
}
