/**
 * The part every card-bearing request shares: checking the card, PIN, track encryption flag and
 * currency inputs, and setting the fields they give on a request started from the table.
 */
import type { Message } from '../../message/message.js';
import type { TransactionDef } from '../types.js';
import {
  checkCard,
  checkPin,
  hasTrack,
  iccConditionCode,
  provenReadCapability,
  setCardFields,
  type CardInput,
  type PinInput,
} from './card-input.js';
import { checkContext, checkCurrencyInput, startRequest, type CheckedContext } from './context.js';
import { checkFlag, checkRecord, InputProblems } from './validate-input.js';

/** A builder's checked context and input object, with the problem list the rest of its checks add to. */
export interface BuilderStart {
  p: InputProblems;
  ctx: CheckedContext | undefined;
  input: Record<string, unknown>;
}

/** Checks the context and that the input is an object; throws at once when the input is not one. */
export function beginChecks(ctx: unknown, input: unknown, needsOperator: boolean): BuilderStart {
  const p = new InputProblems();
  const checked = checkContext(p, ctx, needsOperator);
  const record = checkRecord(p, input, 'input');
  if (record === undefined) p.throwIfAny();
  return { p, ctx: checked, input: record! };
}

/** The card-side inputs of a request once checked. */
export interface CardRequestInputs {
  card: CardInput;
  pin: Required<PinInput> | undefined;
  trackEncrypted: boolean;
  currency: string;
}

/** Which card inputs a transaction accepts. */
export interface CardRules {
  /** A PIN may be given (online transactions). */
  pin: boolean;
  /** A scanned-code payment may stand in for the card: by its payment code (sales) or its voucher (voids, refunds). */
  qr: false | 'code' | 'voucher';
  /** Track images may be sent (not in offline advices). */
  tracks: boolean;
}

/** Checks `card`, `pin`, `trackEncrypted` and `currency` of a builder input. */
export function checkCardInputs(p: InputProblems, input: Record<string, unknown>, rules: CardRules): CardRequestInputs | undefined {
  const before = p.count;
  const card = checkCard(p, input.card, 'card');
  let pin: Required<PinInput> | undefined;
  if (input.pin !== undefined) {
    if (rules.pin) pin = checkPin(p, input.pin, 'pin');
    else p.add('UNEXPECTED_INPUT', 'this transaction carries no PIN', 'pin', 'no PIN');
  }
  const trackEncrypted = checkFlag(p, input.trackEncrypted, 'trackEncrypted');
  if (card?.entry === 'qr') {
    if (!rules.qr) {
      p.add('BAD_ENTRY', 'this transaction needs a card, not a scanned payment code', 'card.entry', 'card entry');
    } else if (rules.qr === 'voucher' && card.voucher === undefined) {
      p.add('MISSING_INPUT', 'a QR void or refund names the payment by its voucher (59 A4), not a payment code', 'card.voucher', 'the sale\'s voucher');
    } else if (rules.qr === 'code' && card.code === undefined) {
      p.add('MISSING_INPUT', 'a QR payment needs the scanned payment code', 'card.code', 'n 16..24');
    }
  }
  if (trackEncrypted && !rules.tracks) {
    p.add('UNEXPECTED_INPUT', 'this transaction carries no track data to encrypt', 'trackEncrypted', 'no track encryption');
  } else if (trackEncrypted && card !== undefined && !hasTrack(card)) {
    p.add('UNEXPECTED_INPUT', 'track encryption needs a track 2 to encrypt', 'trackEncrypted', 'a card with track 2');
  }
  const currency = checkCurrencyInput(p, input.currency, 'currency');
  if (p.count > before) return undefined;
  return { card: card!, pin, trackEncrypted, currency: currency! };
}

/** What a card request adds besides the card. */
export interface CardRequestExtras {
  /** Field 4, 12 digits. */
  amount?: string;
  /** 60.6 = 1. */
  partialApproval?: boolean;
  /** An offline advice: field 2 even for a swiped card, no track images. */
  advice?: boolean;
}

/** A request of the table row `def` with its fields, the context's, the card's, 4 when given and 49. */
export function buildCardRequest(ctx: CheckedContext, def: TransactionDef, inputs: CardRequestInputs, extras: CardRequestExtras = {}): Message {
  const m = startRequest(ctx, def, {
    readCapability: ctx.readCapability ?? provenReadCapability(inputs.card),
    iccCondition: iccConditionCode(inputs.card),
    partialApproval: extras.partialApproval,
  });
  if (extras.amount !== undefined) m.set('4', extras.amount);
  setCardFields(m, inputs.card, { pin: inputs.pin, trackEncrypted: inputs.trackEncrypted, advice: extras.advice });
  m.set('49', inputs.currency);
  return m;
}
