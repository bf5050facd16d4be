/**
 * What every request of one terminal shares (identifiers, the STAN and batch of this request, the
 * operator) and the skeleton of a financial request drawn from the transaction table.
 */
import type { Dialect } from '../../message/dialect.js';
import type { Message } from '../../message/message.js';
import type { TransactionDef } from '../types.js';
import {
  checkBatch,
  checkCurrency,
  checkDigits,
  checkFixedText,
  checkOperator,
  checkStan,
  isRecord,
  type InputProblems,
} from './validate-input.js';

/** The terminal-side facts a builder needs besides the transaction's own inputs. */
export interface BuildContext {
  /** The dialect the built message is bound to (usually `dialects.cup` or a `cupDialect(options)`). */
  dialect: Dialect;
  /** Field 41: 8 characters. */
  terminalId: string;
  /** Field 42: 15 characters. */
  merchantId: string;
  /** Field 11 of this request: 000001 to 999999. */
  stan: string;
  /** 60.2: the batch number from the last sign-in. */
  batch: string;
  /** 63.1 of refunds and offline advices: 1 to 3 characters. */
  operator: string;
  /** When the request is made. Requests carry no local date or time (the host's response does); kept for callers that log it. */
  now: Date;
  /** 60.4 terminal read capability (`5` contact chip, `6` contact and contactless…); default: what the card read proves. */
  readCapability?: string;
}

/** The context's values as checked, ready for the wire (the clock is not among them). */
export type CheckedContext = Omit<BuildContext, 'now' | 'readCapability'> & { readCapability: string | undefined };

/** Checks a build context; `operator` is checked only for requests that carry it. */
export function checkContext(p: InputProblems, value: unknown, needsOperator: boolean): CheckedContext | undefined {
  if (!isRecord(value)) {
    p.add('MISSING_INPUT', 'ctx is required', 'ctx', 'object');
    return undefined;
  }
  const before = p.count;
  const dialect = value.dialect as Dialect | undefined;
  if (!isRecord(dialect) || typeof dialect.message !== 'function') {
    p.add('MISSING_INPUT', 'ctx.dialect is required', 'ctx.dialect', 'Dialect');
  }
  const terminalId = checkFixedText(p, value.terminalId, 'ctx.terminalId', 8, 'terminal ID');
  const merchantId = checkFixedText(p, value.merchantId, 'ctx.merchantId', 15, 'merchant ID');
  const stan = checkStan(p, value.stan, 'ctx.stan');
  const batch = checkBatch(p, value.batch, 'ctx.batch');
  const operator = needsOperator ? checkOperator(p, value.operator, 'ctx.operator') : undefined;
  const readCapability =
    value.readCapability === undefined ? undefined : checkDigits(p, value.readCapability, 'ctx.readCapability', 1, 'read capability');
  if (p.count > before) return undefined;
  return {
    dialect: dialect!,
    terminalId: terminalId!,
    merchantId: merchantId!,
    stan: stan!,
    batch: batch!,
    operator: operator ?? '',
    readCapability,
  };
}

/** Field 49: the given currency or CNY (156). */
export function checkCurrencyInput(p: InputProblems, value: unknown, path = 'currency'): string | undefined {
  return value === undefined ? '156' : checkCurrency(p, value, path);
}

/** What field 60 says beyond the table's 60.1 and 60.3. */
export interface Field60Options {
  /** 60.4. */
  readCapability: string;
  /** 60.5. */
  iccCondition: string;
  /** 60.6 = 1: the terminal accepts a partial approval and shows the returned balance. */
  partialApproval?: boolean;
}

/**
 * A new request of the table row `def` bound to the context's dialect, with its MTI and fields 3, 11, 25, 41,
 * 42 and 60 set from the transaction table and the context.
 */
export function startRequest(ctx: CheckedContext, def: TransactionDef, f60: Field60Options): Message {
  const m = ctx.dialect.message(def.mti);
  if (def.processingCode !== undefined) m.set('3', def.processingCode);
  m.set('11', ctx.stan);
  if (def.conditionCode !== undefined) m.set('25', def.conditionCode);
  m.set('41', ctx.terminalId);
  m.set('42', ctx.merchantId);
  const sub: Record<string, string> = {
    '1': def.transactionType,
    '2': ctx.batch,
    '3': def.networkCodes[0]!,
    '4': f60.readCapability,
    '5': f60.iccCondition,
  };
  if (f60.partialApproval) sub['6'] = '1';
  m.set('60', sub);
  return m;
}
