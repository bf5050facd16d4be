/**
 * The simulated issuer side: a table of cards (PIN, status, available balance) and the rules that
 * approve or decline a card transaction, each decline with the CUP response code a real host gives.
 */
import BN from 'bn.js';
import { badArgument, expectDigits, expectBoolean, expectObject, expectOneOf, expectString, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { defineMaskedRendering } from '../redaction.js';

/** A card's standing with its issuer; every status but `active` declines with its own response code. */
export type HostCardStatus = 'active' | 'lost' | 'stolen' | 'expired' | 'restricted' | 'pick-up';

/** A card the simulated issuer knows. */
export interface HostCard {
  /** 12 to 19 digits. */
  pan: string;
  /** The clear PIN (4 to 12 digits) a PIN block must carry; without it any PIN is accepted. */
  pin?: string;
  /** Default `active`. */
  status?: HostCardStatus;
  /** Available funds in minor units (digits); without it the card has no funds limit. */
  balance?: string;
  /**
   * The card organisation the host names in 63.1 of its answers (`CUP` for a domestic UnionPay card, `VIS`,
   * `MCC`, `JCB` …), which decides the card's class in the settlement totals; default by BIN.
   */
  organisation?: string;
}

/** How the simulated host decides. */
export interface HostRules {
  /** Largest amount one transaction may carry (digits, minor units): above it, `61`. */
  maxAmount?: string;
  /** A card missing from the table: declined with `14` (default) or approved without funds checks. */
  unknownCards?: 'decline' | 'approve';
}

/** A decision of the rules: the response code and a short reason that names no card data. */
export interface RuleDecision {
  code: string;
  reason: string;
}

const STATUS_CODES: Readonly<Record<HostCardStatus, RuleDecision>> = {
  active: { code: '00', reason: 'approved' },
  lost: { code: '41', reason: 'lost card' },
  stolen: { code: '43', reason: 'stolen card' },
  expired: { code: '54', reason: 'expired card' },
  restricted: { code: '62', reason: 'restricted card' },
  'pick-up': { code: '04', reason: 'pick up card' },
};

/** The approval every passing check ends with. */
export const APPROVED: RuleDecision = Object.freeze({ code: '00', reason: 'approved' });

function configError(detail: string, path: string, expected: string): Iso8583Error {
  return new Iso8583Error('INVALID_CONFIG', detail, { path, expected });
}

function isDigits(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max && /^[0-9]+$/.test(v);
}

/** Every problem of a card table and rules, each naming the setting's path (never its value). */
export function rulesProblems(cards: readonly HostCard[], rules: HostRules): Iso8583Error[] {
  const out: Iso8583Error[] = [];
  const seen = new Set<string>();
  cards.forEach((c, i) => {
    const at = `cards.${i}`;
    if (c === null || typeof c !== 'object') {
      out.push(configError('card must be an object', at, 'HostCard'));
      return;
    }
    if (!isDigits(c.pan, 12, 19)) out.push(configError('card number must be 12 to 19 digits', `${at}.pan`, 'n 12..19'));
    else if (seen.has(c.pan)) out.push(configError('card number appears twice in the card table', `${at}.pan`, 'distinct cards'));
    else seen.add(c.pan);
    if (c.pin !== undefined && !isDigits(c.pin, 4, 12)) out.push(configError('PIN must be 4 to 12 digits', `${at}.pin`, 'n 4..12'));
    if (c.status !== undefined && !Object.prototype.hasOwnProperty.call(STATUS_CODES, c.status)) {
      out.push(configError('card status is not one the simulator knows', `${at}.status`, Object.keys(STATUS_CODES).join(', ')));
    }
    if (c.balance !== undefined && !isDigits(c.balance, 1, 12)) out.push(configError('balance must be 1 to 12 digits', `${at}.balance`, 'n 1..12'));
    if (c.organisation !== undefined && !(typeof c.organisation === 'string' && /^[A-Z0-9]{3}$/.test(c.organisation))) {
      out.push(configError('card organisation must be 3 upper-case letters or digits', `${at}.organisation`, 'an 3'));
    }
  });
  if (rules.maxAmount !== undefined && !isDigits(rules.maxAmount, 1, 12)) {
    out.push(configError('amount limit must be 1 to 12 digits', 'rules.maxAmount', 'n 1..12'));
  }
  if (rules.unknownCards !== undefined && rules.unknownCards !== 'decline' && rules.unknownCards !== 'approve') {
    out.push(configError('unknown cards must be declined or approved', 'rules.unknownCards', 'decline or approve'));
  }
  return out;
}

interface CardState {
  organisation: string | undefined;
  pin: string | undefined;
  status: HostCardStatus;
  /** Undefined: no funds limit. */
  balance: BN | undefined;
}

/** The issuer's cards and their balances, which approved debits lower and credits raise. */
export class HostCardTable {
  private readonly cards = new Map<string, CardState>();

  /** A table of `cards` (checked beforehand by the simulator's options check). */
  constructor(cards: readonly HostCard[]) {
    if (!Array.isArray(cards) || !cards.every((c) => typeof c === 'object' && c !== null && typeof c.pan === 'string')) {
      throw badArgument('cards', 'an array of cards', shapeOf(cards));
    }
    for (const c of cards) {
      this.cards.set(c.pan, {
        organisation: c.organisation,
        pin: c.pin,
        status: c.status ?? 'active',
        balance: c.balance === undefined ? undefined : new BN(c.balance, 10),
      });
    }
  }

  /** Whether the table holds this card. */
  has(pan: string): boolean {
    return this.stateOf(pan) !== undefined;
  }

  /** The card organisation the table names for a card, when it names one. */
  organisationOf(pan: string): string | undefined {
    return this.stateOf(pan)?.organisation;
  }

  /** The clear PIN of a card, when the table gives one. */
  pinOf(pan: string): string | undefined {
    return this.stateOf(pan)?.pin;
  }

  /** The available balance as digits (no zero fill), or undefined for an unknown card or one without a funds limit. */
  balanceOf(pan: string): string | undefined {
    return this.stateOf(pan)?.balance?.toString(10);
  }

  /** Changes a card's status (a test blocks a card mid-run, say). */
  setStatus(pan: string, status: HostCardStatus): void {
    const card = this.stateOf(pan);
    if (card === undefined) throw new Iso8583Error('UNKNOWN_CARD', 'card is not in the card table', { path: 'pan' });
    card.status = expectOneOf(status, 'status', Object.keys(STATUS_CODES) as HostCardStatus[]);
  }

  /** Lowers the balance by `amount` (digits); a card without a funds limit is unchanged. */
  debit(pan: string, amount: string): void {
    expectDigits(amount, 'amount', 1, 12);
    const card = this.stateOf(pan);
    if (card?.balance !== undefined) card.balance = card.balance.sub(new BN(amount, 10));
  }

  /** Raises the balance by `amount` (digits). */
  credit(pan: string, amount: string): void {
    expectDigits(amount, 'amount', 1, 12);
    const card = this.stateOf(pan);
    if (card?.balance !== undefined) card.balance = card.balance.add(new BN(amount, 10));
  }

  /**
   * The issuer's decision on a card transaction: unknown card (`14` unless the rules approve them),
   * card status, amount limit (`61`), then funds (`51`) when `debit` is true.
   */
  decide(pan: string, amount: string | undefined, rules: HostRules, debit: boolean): RuleDecision {
    if (amount !== undefined) expectDigits(amount, 'amount', 1, 12);
    expectObject(rules, 'rules');
    expectBoolean(debit, 'debit');
    const card = this.stateOf(pan);
    if (card === undefined) {
      return rules.unknownCards === 'approve' ? APPROVED : { code: '14', reason: 'card not in the card table' };
    }
    if (card.status !== 'active') return STATUS_CODES[card.status];
    if (amount !== undefined && rules.maxAmount !== undefined && new BN(amount, 10).gt(new BN(rules.maxAmount, 10))) {
      return { code: '61', reason: 'amount above the limit' };
    }
    if (debit && amount !== undefined && card.balance !== undefined && new BN(amount, 10).gt(card.balance)) {
      return { code: '51', reason: 'insufficient funds' };
    }
    return APPROVED;
  }

  /** The state of a card, the one way the table is read: `pan` must be text. */
  private stateOf(pan: string): CardState | undefined {
    return this.cards.get(expectString(pan, 'pan'));
  }
}


/** Field 54 of a balance answer: account type 10, amount type 02 (available), currency, sign and n12 amount. */
export function balanceField54(balance: string, currency: string): string {
  if (typeof balance !== 'string' || !/^-?\d{1,12}$/.test(balance)) throw badArgument('balance', 'an amount of 1 to 12 digits, signed or not', shapeOf(balance));
  if (typeof currency !== 'string' || !/^\d{3}$/.test(currency)) throw badArgument('currency', 'a currency code of 3 digits', shapeOf(currency));
  const bn = new BN(balance, 10);
  const sign = bn.isNeg() ? 'D' : 'C';
  return `1002${currency}${sign}${bn.abs().toString(10).padStart(12, '0')}`;
}

/** Card organisations by the first digits of a foreign card number (ISO/IEC 7812 issuer ranges). */
const FOREIGN_ORGANISATIONS: ReadonlyArray<readonly [string, string]> = [
  ['34', 'AEX'],
  ['37', 'AEX'],
  ['35', 'JCB'],
  ['36', 'DCC'],
  ['4', 'VIS'],
  ['5', 'MCC'],
];

/** The organisation a card number belongs to when the card table names none: `CUP` when `domestic`, else by its first digits (`000` when unknown). */
export function organisationByBin(pan: string, domestic: boolean): string {
  expectString(pan, 'pan');
  expectBoolean(domestic, 'domestic');
  if (domestic || pan === '') return 'CUP';
  return FOREIGN_ORGANISATIONS.find(([prefix]) => pan.startsWith(prefix))?.[1] ?? '000';
}

defineMaskedRendering(HostCardTable.prototype, { name: 'HostCardTable', masked: (t) => ({ cards: t['cards'].size }) });
