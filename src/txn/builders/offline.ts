/**
 * Offline advices of the CUP POS table (§4, 0220, 25 = 00): offline settlement (60.1 = 30),
 * settlement adjustment (32) and tip (34). They carry field 2 even for a swiped card but no track
 * images (a terminal may not keep those after authorisation), so a swiped card is reported as keyed in
 * (22 = `012`); 63.1 is the card organisation, not the operator; no PIN; and for adjustments and tips
 * the tip amount in 48 (§3.4) and the original in 61.
 */
import type { Message } from '../../message/message.js';
import { addAmounts, checkAmount, type Amount } from './amount.js';
import { beginChecks, buildCardRequest, checkCardInputs } from './card-request.js';
import { ADJUSTMENT_ROW, OFFLINE_SETTLEMENT_ROW, TIP_ROW } from '../transaction-table.js';
import type { CardInput } from './card-input.js';
import type { BuildContext } from './context.js';
import {
  checkAuthCode,
  checkBatch,
  checkCardOrganisation,
  checkDigits,
  checkMonthDay,
  checkRecord,
  checkRrn,
  checkStan,
  type InputProblems,
} from './validate-input.js';

/** Inputs every offline advice carries. */
interface OfflineInput {
  card: CardInput;
  /** Field 49 (default `'156'`). */
  currency?: string;
  /** 63.1: the card organisation (`CUP`, `VIS` …: the operator's choice for an offline settlement, the original's for adjustments and tips); default `000`. */
  cardOrganisation?: string;
}

/** An offline settlement: a sale approved by voice or stand-in and reported afterwards. */
export interface OfflineSettlementInput extends OfflineInput {
  amount: Amount;
  /** Field 38: the authorisation code obtained by phone, when there is one. */
  authCode?: string;
  /** 61.4 how the sale was authorised (`00` POS, `01` phone, `02` stand-in) and 61.5 by whom (11 digits). */
  authorisation?: { method: string; institution?: string };
}

/** The earlier transaction an adjustment or tip changes. */
export interface AdjustedOriginal {
  stan: string;
  batch: string;
  /** MMDD. */
  date?: string;
  rrn?: string;
  authCode?: string;
}

/** A settlement adjustment: the corrected amount, and the tip within it when there is one. */
export interface AdjustmentInput extends OfflineInput {
  amount: Amount;
  tip?: Amount;
  original: AdjustedOriginal;
}

/** A tip added to an earlier sale: field 4 becomes the sale's amount plus the tip. */
export interface TipInput extends OfflineInput {
  tip: Amount;
  original: AdjustedOriginal & { amount: Amount };
}

/** The checked `original` of an adjustment or tip. */
interface CheckedOriginal {
  o: Record<string, unknown> | undefined;
  stan?: string;
  batch?: string;
  date?: string;
  rrn?: string;
  authCode?: string;
}

function checkAdjustedOriginal(p: InputProblems, value: unknown): CheckedOriginal {
  const o = checkRecord(p, value, 'original');
  if (o === undefined) return { o };
  return {
    o,
    stan: checkStan(p, o.stan, 'original.stan'),
    batch: checkBatch(p, o.batch, 'original.batch'),
    date: o.date === undefined ? undefined : checkMonthDay(p, o.date, 'original.date'),
    rrn: o.rrn === undefined ? undefined : checkRrn(p, o.rrn, 'original.rrn'),
    authCode: o.authCode === undefined ? undefined : checkAuthCode(p, o.authCode, 'original.authCode'),
  };
}

/** Sets 37, 38 and 61 (batch, STAN, date) naming the original of an adjustment or tip. */
function setOriginal(m: Message, o: CheckedOriginal): void {
  if (o.rrn !== undefined) m.set('37', o.rrn);
  if (o.authCode !== undefined) m.set('38', o.authCode);
  const f61: Record<string, string> = { '1': o.batch!, '2': o.stan! };
  if (o.date !== undefined) f61['3'] = o.date;
  m.set('61', f61);
}

const OFFLINE_CARD = { pin: false, qr: false, tracks: false } as const;

/** Offline settlement (0220, 3 = 000000, 60.1 = 30). */
export function buildOfflineSettlement(ctx: BuildContext, input: OfflineSettlementInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, OFFLINE_CARD);
  const organisation = checkCardOrganisation(p, i.cardOrganisation);
  const amount = checkAmount(p, i.amount, 'amount');
  const authCode = i.authCode === undefined ? undefined : checkAuthCode(p, i.authCode, 'authCode');
  let method: string | undefined;
  let institution: string | undefined;
  if (i.authorisation !== undefined) {
    const a = checkRecord(p, i.authorisation, 'authorisation');
    method = a && checkDigits(p, a.method, 'authorisation.method', 2, 'authorisation method');
    if (a?.institution !== undefined) institution = checkDigits(p, a.institution, 'authorisation.institution', 11, 'authorising institution');
  }
  p.throwIfAny();
  const m = buildCardRequest(c!, OFFLINE_SETTLEMENT_ROW, card!, { amount, advice: true });
  if (authCode !== undefined) m.set('38', authCode);
  if (method !== undefined) {
    // 61.4 sits behind the batch, STAN and date, which an offline settlement has none of.
    const f61: Record<string, string> = { '1': '000000', '2': '000000', '3': '0000', '4': method };
    if (institution !== undefined) f61['5'] = institution;
    m.set('61', f61);
  }
  m.set('63', { '1': organisation });
  return m;
}

/** Settlement adjustment (0220, 3 = 000000, 60.1 = 32): 4 = the corrected amount, 48 = the tip in it. */
export function buildAdjustment(ctx: BuildContext, input: AdjustmentInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, OFFLINE_CARD);
  const organisation = checkCardOrganisation(p, i.cardOrganisation);
  const amount = checkAmount(p, i.amount, 'amount');
  const tip = i.tip === undefined ? undefined : checkAmount(p, i.tip, 'tip');
  const original = checkAdjustedOriginal(p, i.original);
  p.throwIfAny();
  const m = buildCardRequest(c!, ADJUSTMENT_ROW, card!, { amount, advice: true });
  if (tip !== undefined) m.set('48', { '1': tip });
  setOriginal(m, original);
  m.set('63', { '1': organisation });
  return m;
}

/** Tip (0220, 3 = 000000, 60.1 = 34): 4 = the original amount plus the tip, 48 = the tip. */
export function buildTip(ctx: BuildContext, input: TipInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, OFFLINE_CARD);
  const organisation = checkCardOrganisation(p, i.cardOrganisation);
  const tip = checkAmount(p, i.tip, 'tip');
  const original = checkAdjustedOriginal(p, i.original);
  const base = original.o && checkAmount(p, original.o.amount, 'original.amount');
  const total = tip !== undefined && base !== undefined ? addAmounts(base, tip) : undefined;
  if (tip !== undefined && base !== undefined && total === undefined) {
    p.add('BAD_AMOUNT', 'original amount plus tip must fit in 12 digits', 'tip', 'n 1..12');
  }
  p.throwIfAny();
  const m = buildCardRequest(c!, TIP_ROW, card!, { amount: total, advice: true });
  m.set('48', { '1': tip! });
  setOriginal(m, original);
  m.set('63', { '1': organisation });
  return m;
}
