/**
 * Checks a CUP POS request against the transaction table: every mandatory field present, and the
 * codes that identify the transaction (3, 25, 60.1, 60.3) agreeing with each other. All problems are
 * collected and reported in one error so a caller sees everything wrong at once.
 */
import { expectOptions } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import type { Message } from '../message/message.js';
import { identifyReversedTransaction, identifyTransaction, identifyUploadedAdvice, textAt, TRANSACTIONS } from './transaction-table.js';
import type { TransactionDef, TransactionKind } from './types.js';

/** Options of `validateRequest`. */
export interface ValidateRequestOptions {
  /** Accept a request without its MAC (field 64), as builders produce it before the session signs it. */
  unsigned?: boolean;
}

/** Fields a reversal leaves out of its original (card data, PIN, security control, original RRN). */
const REVERSAL_DROPS: readonly number[] = [26, 35, 36, 37, 52, 53];

/** Reasons a reversal may give in its field 39. */
const REVERSAL_REASONS: readonly string[] = ['98', '96', 'A0', '06'];

/** The mandatory fields of a request of `def`; a reversal's follow its original's. */
function mandatoryFields(def: TransactionDef, original: TransactionDef | undefined): number[] {
  if (def.kind !== 'reversal' || original === undefined) return [...def.mandatory];
  const fields = original.mandatory.filter((f) => !REVERSAL_DROPS.includes(f));
  fields.push(39);
  return fields.sort((a, b) => a - b);
}

function missing(field: number): Iso8583Error {
  return new Iso8583Error('MISSING_FIELD', 'mandatory field is missing', { path: String(field) });
}

/** Problems with the identifying codes of `m` read as a request of `def`. */
function codeProblems(m: Message, def: TransactionDef): Iso8583Error[] {
  const problems: Iso8583Error[] = [];
  const f3 = textAt(m, '3');
  if (def.processingCode !== undefined && f3 !== undefined && f3 !== def.processingCode) {
    problems.push(
      new Iso8583Error('PROCESSING_CODE_MISMATCH', 'processing code does not fit the transaction', {
        path: '3',
        expected: def.processingCode,
      }),
    );
  }
  // Acquirers use private condition codes; only the two the table defines are held to it.
  const f25 = textAt(m, '25');
  if (def.conditionCode !== undefined && (f25 === '00' || f25 === '06') && f25 !== def.conditionCode) {
    problems.push(
      new Iso8583Error('CONDITION_CODE_MISMATCH', 'condition code does not fit the transaction', {
        path: '25',
        expected: def.conditionCode,
      }),
    );
  }
  const type = textAt(m, '60.1');
  if (m.has('60') && type !== def.transactionType) {
    problems.push(
      new Iso8583Error('TRANSACTION_TYPE_MISMATCH', 'transaction type code does not fit the transaction', {
        path: '60.1',
        expected: def.transactionType,
      }),
    );
  }
  const network = textAt(m, '60.3');
  const networkFits = network === undefined ? def.networkCodes.includes('000') : def.networkCodes.includes(network);
  if (m.has('60') && !networkFits) {
    problems.push(
      new Iso8583Error('NETWORK_CODE_MISMATCH', 'network management code does not fit the transaction', {
        path: '60.3',
        expected: def.networkCodes.join(' or '),
      }),
    );
  }
  return problems;
}

/** Problems particular to a reversal: its reason, and whether its original is a transaction that is reversed. */
function reversalProblems(m: Message, original: TransactionDef | undefined): Iso8583Error[] {
  const problems: Iso8583Error[] = [];
  const reason = textAt(m, '39');
  if (reason !== undefined && !REVERSAL_REASONS.includes(reason)) {
    problems.push(
      new Iso8583Error('BAD_REVERSAL_REASON', 'reversal reason is not one of 98, 96, A0, 06', { path: '39' }),
    );
  }
  if (original === undefined) {
    problems.push(
      new Iso8583Error('UNKNOWN_ORIGINAL', 'reversed transaction cannot be identified from 3, 25 and 60.1', {
        path: '60.1',
      }),
    );
  } else if (!original.reversible) {
    problems.push(
      new Iso8583Error('NOT_REVERSIBLE', 'reversed transaction is not one that is reversed', { path: '60.1' }),
    );
  } else {
    problems.push(...codeProblems(m, original));
  }
  return problems;
}

/** Problems particular to an advice's detail upload: its processing code must be that of the advice its 60.1 names. */
function adviceUploadProblems(m: Message): Iso8583Error[] {
  const advice = identifyUploadedAdvice(m);
  const expected = advice === undefined ? undefined : TRANSACTIONS[advice].processingCode;
  const f3 = textAt(m, '3');
  if (expected === undefined || f3 === undefined || f3 === expected) return [];
  return [new Iso8583Error('PROCESSING_CODE_MISMATCH', 'processing code does not fit the transaction', { path: '3', expected })];
}

/** The summary text of several problems: missing fields first, then the paths with other problems. */
function summary(def: TransactionDef, problems: readonly Iso8583Error[]): string {
  const absent = problems.filter((p) => p.code === 'MISSING_FIELD').map((p) => p.path);
  const other = problems.filter((p) => p.code !== 'MISSING_FIELD').map((p) => p.path);
  const parts: string[] = [];
  if (absent.length > 0) parts.push(`missing ${absent.join(', ')}`);
  if (other.length > 0) parts.push(`inconsistent ${other.join(', ')}`);
  return `${def.name} request is invalid: ${parts.join('; ')}`;
}

/**
 * The kind of a request, after checking it carries every mandatory field of its transaction and that
 * 3, 25, 60.1 and 60.3 agree. Throws one `Iso8583Error` listing every problem in `problems`:
 * `MISSING_FIELDS` when fields are only missing, `INVALID_REQUEST` when codes disagree too,
 * `UNKNOWN_TRANSACTION` / `NOT_A_REQUEST` when the message is no CUP POS request at all.
 */
export function validateRequest(m: Message, options?: ValidateRequestOptions): TransactionKind {
  options = expectOptions(options);
  const kind = identifyTransaction(m);
  if (kind === undefined) {
    throw new Iso8583Error('UNKNOWN_TRANSACTION', 'request matches no transaction of the CUP POS table');
  }
  const def = TRANSACTIONS[kind];
  if (m.mti !== def.mti) {
    throw new Iso8583Error('NOT_A_REQUEST', 'message is a response, not a request');
  }
  const originalKind = kind === 'reversal' ? identifyReversedTransaction(m) : undefined;
  const original = originalKind === undefined ? undefined : TRANSACTIONS[originalKind];

  const problems: Iso8583Error[] = [];
  for (const field of mandatoryFields(def, original)) {
    if (field === 64 && options.unsigned === true) continue;
    if (!m.has(String(field))) problems.push(missing(field));
  }
  problems.push(...(kind === 'reversal' ? reversalProblems(m, original) : kind === 'advice-upload' ? adviceUploadProblems(m) : codeProblems(m, def)));
  if (problems.length === 0) return kind;

  const onlyMissing = problems.every((p) => p.code === 'MISSING_FIELD');
  throw new Iso8583Error(onlyMissing ? 'MISSING_FIELDS' : 'INVALID_REQUEST', summary(def, problems), { problems });
}
