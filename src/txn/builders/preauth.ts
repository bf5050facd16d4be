/**
 * The pre-authorisation family of the CUP POS table (§4, field 25 = 06): pre-authorisation, its
 * void, its completion (online request or offline advice) and the completion's void. The original
 * pre-authorisation is named by its authorisation code in 38 and its date in 61.3 (§3.10).
 */
import type { Message } from '../../message/message.js';
import { checkAmount, type Amount } from './amount.js';
import { beginChecks, buildCardRequest, checkCardInputs } from './card-request.js';
import { PREAUTH_ROW, PREAUTH_COMPLETION_ADVICE_ROW, PREAUTH_COMPLETION_ROW, PREAUTH_COMPLETION_VOID_ROW, PREAUTH_VOID_ROW } from '../transaction-table.js';
import type { BuildContext } from './context.js';
import { buildSaleOrPreauth, checkCancelledOriginal, type CardRequestInput, type SaleInput } from './financial.js';
import { checkAuthCode, checkMonthDay, checkRecord, type InputProblems } from './validate-input.js';

/** A pre-authorisation: the same inputs as a sale. */
export type PreauthInput = SaleInput;

/** The pre-authorisation a void, completion or advice refers to. */
export interface PreauthReference {
  /** Field 38 of the pre-authorisation's approval. */
  authCode: string;
  /** MMDD of the pre-authorisation. */
  date: string;
}

/** A pre-authorisation void: 4 = the amount pre-authorised. */
export interface PreauthVoidInput extends CardRequestInput {
  original: PreauthReference & { amount: Amount };
}

/** A completion (online request or offline advice) of a pre-authorisation. */
export interface PreauthCompletionInput extends CardRequestInput {
  /** The amount completed (the host checks it against the pre-authorised one). */
  amount: Amount;
  original: PreauthReference;
}

/** A completion advice: made offline, so without a PIN. */
export type PreauthCompletionAdviceInput = Omit<PreauthCompletionInput, 'pin'>;

/** A completion void: the completion it cancels, by batch, STAN, RRN and (when known) date. */
export interface PreauthCompletionVoidInput extends CardRequestInput {
  original: { stan: string; batch: string; rrn: string; amount: Amount; authCode?: string; date?: string };
}

/** Checks an `original` naming a pre-authorisation by authorisation code and date. */
function checkReference(p: InputProblems, value: unknown): { authCode?: string; date?: string; o?: Record<string, unknown> } {
  const o = checkRecord(p, value, 'original');
  if (o === undefined) return {};
  return { authCode: checkAuthCode(p, o.authCode, 'original.authCode'), date: checkMonthDay(p, o.date, 'original.date'), o };
}

/** 61 naming a pre-authorisation: no batch or STAN, only its date. */
function preauthField61(date: string): Record<string, string> {
  return { '1': '000000', '2': '000000', '3': date };
}

/** Pre-authorisation (0100, 3 = 030000, 60.1 = 10). */
export function buildPreauth(ctx: BuildContext, input: PreauthInput): Message {
  return buildSaleOrPreauth(PREAUTH_ROW, ctx, input);
}

/** Pre-authorisation void (0100, 3 = 200000, 60.1 = 11): 38 = its code, 61 = 000000 000000 + its date. */
export function buildPreauthVoid(ctx: BuildContext, input: PreauthVoidInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: true, qr: false, tracks: true });
  const ref = checkReference(p, i.original);
  const amount = ref.o && checkAmount(p, ref.o.amount, 'original.amount');
  p.throwIfAny();
  const m = buildCardRequest(c!, PREAUTH_VOID_ROW, card!, { amount });
  m.set('38', ref.authCode!);
  m.set('61', preauthField61(ref.date!));
  return m;
}

/** Pre-authorisation completion request (0200, 3 = 000000, 60.1 = 20): 38 and 61 name the pre-authorisation. */
export function buildPreauthCompletion(ctx: BuildContext, input: PreauthCompletionInput): Message {
  return buildCompletion('preauth-completion', ctx, input);
}

/** Completion void (0200, 3 = 200000, 60.1 = 21): 37 = the completion's RRN, 61 = its batch, STAN and date. */
export function buildPreauthCompletionVoid(ctx: BuildContext, input: PreauthCompletionVoidInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: true, qr: false, tracks: true });
  const { record, stan, batch, rrn, amount, authCode } = checkCancelledOriginal(p, i.original);
  const date = record?.date === undefined ? undefined : checkMonthDay(p, record.date, 'original.date');
  p.throwIfAny();
  const m = buildCardRequest(c!, PREAUTH_COMPLETION_VOID_ROW, card!, { amount });
  m.set('37', rrn!);
  if (authCode !== undefined) m.set('38', authCode);
  m.set('61', date === undefined ? { '1': batch!, '2': stan! } : { '1': batch!, '2': stan!, '3': date });
  return m;
}

/** Completion advice (0220, 3 = 000000, 60.1 = 24): a completion made offline, sent afterwards. */
export function buildPreauthCompletionAdvice(ctx: BuildContext, input: PreauthCompletionAdviceInput): Message {
  return buildCompletion('preauth-completion-advice', ctx, input);
}

/** A completion, online or as an advice: the advice is made offline, so it takes no PIN. */
function buildCompletion(
  kind: 'preauth-completion' | 'preauth-completion-advice',
  ctx: BuildContext,
  input: PreauthCompletionAdviceInput,
): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: kind === 'preauth-completion', qr: false, tracks: true });
  const amount = checkAmount(p, i.amount, 'amount');
  const ref = checkReference(p, i.original);
  p.throwIfAny();
  const m = buildCardRequest(c!, kind === 'preauth-completion' ? PREAUTH_COMPLETION_ROW : PREAUTH_COMPLETION_ADVICE_ROW, card!, { amount });
  m.set('38', ref.authCode!);
  m.set('61', preauthField61(ref.date!));
  return m;
}
