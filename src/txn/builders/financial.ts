/**
 * Online card transactions of the CUP POS table (§4): balance inquiry, sale, sale void and refund.
 * Each builder checks every input first and reports all problems in one `INVALID_INPUT` error; the
 * message it returns is unsigned (field 64 is the session's to add).
 */
import type { Message } from '../../message/message.js';
import type { TransactionDef } from '../types.js';
import { checkAmount, type Amount } from './amount.js';
import { beginChecks, buildCardRequest, checkCardInputs } from './card-request.js';
import { BALANCE_ROW, REFUND_ROW, SALE_ROW, VOID_ROW } from '../transaction-table.js';
import type { CardInput, PinInput } from './card-input.js';
import type { BuildContext } from './context.js';
import { checkAuthCode, checkBatch, checkCardOrganisation, checkFlag, checkMonthDay, checkRecord, checkRrn, checkStan, type InputProblems } from './validate-input.js';

/** Inputs every card-bearing request may carry. */
export interface CardRequestInput {
  card: CardInput;
  /** The enciphered PIN block when the cardholder entered a PIN. */
  pin?: PinInput;
  /** Field 49 (default `'156'`, CNY). */
  currency?: string;
  /** 53.3 = 1: the track images will be sent enciphered with the TDK. */
  trackEncrypted?: boolean;
}

/** A balance inquiry. */
export type BalanceInquiryInput = CardRequestInput;

/** A sale (also the pre-authorisation's input). */
export interface SaleInput extends CardRequestInput {
  /** Field 4 in minor units. */
  amount: Amount;
  /** 60.6 = 1: the terminal accepts a partial approval (response code 10) and shows the balance. */
  partialApproval?: boolean;
}

/** A sale void: the sale it cancels, identified by its batch, STAN and RRN. */
export interface VoidInput extends CardRequestInput {
  original: { stan: string; batch: string; rrn: string; amount: Amount; authCode?: string };
}

/** A refund of an earlier sale, identified by its RRN and date. */
export interface RefundInput extends CardRequestInput {
  /** The amount refunded, at most the original's (the host checks). */
  amount: Amount;
  original: { rrn: string; /** MMDD */ date: string };
  /** 63.1: the card organisation of the original (`CUP`, `VIS` … from 63.1 of its approval); default `000`, unknown. */
  cardOrganisation?: string;
}

/** The fields of a cancelled request named by batch, STAN and RRN: what a void's `original` must hold. */
export interface CancelledOriginal {
  /** The `original` record itself, when it is one, for checks a caller adds. */
  record?: Record<string, unknown>;
  stan?: string;
  batch?: string;
  rrn?: string;
  amount?: string;
  authCode?: string;
}

/** Checks an `original` naming the request a void cancels (batch, STAN, RRN, amount, optional auth code). */
export function checkCancelledOriginal(p: InputProblems, value: unknown): CancelledOriginal {
  const o = checkRecord(p, value, 'original');
  const stan = o && checkStan(p, o.stan, 'original.stan');
  const batch = o && checkBatch(p, o.batch, 'original.batch');
  const rrn = o && checkRrn(p, o.rrn, 'original.rrn');
  const amount = o && checkAmount(p, o.amount, 'original.amount');
  const authCode = o?.authCode === undefined ? undefined : checkAuthCode(p, o.authCode, 'original.authCode');
  return { record: o, stan, batch, rrn, amount, authCode };
}

/** Balance inquiry (0200, 3 = 310000, 60.1 = 01). */
export function buildBalanceInquiry(ctx: BuildContext, input: BalanceInquiryInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: true, qr: false, tracks: true });
  p.throwIfAny();
  return buildCardRequest(c!, BALANCE_ROW, card!);
}

/** Sale (0200, 3 = 000000, 60.1 = 22); a scanned payment code makes it a QR (C2B) sale. */
export function buildSale(ctx: BuildContext, input: SaleInput): Message {
  return buildSaleOrPreauth(SALE_ROW, ctx, input);
}

/** A sale or a pre-authorisation (`row` is `SALE_ROW` or `PREAUTH_ROW`): the same inputs and checks, told apart only by the row. */
export function buildSaleOrPreauth(row: TransactionDef, ctx: BuildContext, input: SaleInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: true, qr: 'code', tracks: true });
  const amount = checkAmount(p, i.amount, 'amount');
  const partialApproval = checkFlag(p, i.partialApproval, 'partialApproval');
  p.throwIfAny();
  return buildCardRequest(c!, row, card!, { amount, partialApproval });
}

/** Sale void (0200, 3 = 200000, 60.1 = 23): 4 = the original amount, 37 its RRN, 61 its batch and STAN. */
export function buildVoid(ctx: BuildContext, input: VoidInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: true, qr: 'voucher', tracks: true });
  const { stan, batch, rrn, amount, authCode } = checkCancelledOriginal(p, i.original);
  p.throwIfAny();
  const m = buildCardRequest(c!, VOID_ROW, card!, { amount });
  m.set('37', rrn!);
  if (authCode !== undefined) m.set('38', authCode);
  m.set('61', { '1': batch!, '2': stan! });
  return m;
}

/** Refund (0220, 3 = 200000, 60.1 = 25): 37 = the original RRN, 61 = 000000 000000 + its date, 63.1 = the card organisation. */
export function buildRefund(ctx: BuildContext, input: RefundInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: true, qr: 'voucher', tracks: true });
  const amount = checkAmount(p, i.amount, 'amount');
  const cardOrganisation = checkCardOrganisation(p, i.cardOrganisation);
  const o = checkRecord(p, i.original, 'original');
  const rrn = o && checkRrn(p, o.rrn, 'original.rrn');
  const date = o && checkMonthDay(p, o.date, 'original.date');
  p.throwIfAny();
  const m = buildCardRequest(c!, REFUND_ROW, card!, { amount });
  m.set('37', rrn!);
  m.set('61', { '1': '000000', '2': '000000', '3': date! });
  m.set('63', { '1': cardOrganisation });
  return m;
}
