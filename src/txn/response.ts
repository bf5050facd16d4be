/**
 * Reading a host's answer: unframing it, checking that it answers the request that was sent, and
 * deciding what the terminal does next (approved, declined, reverse, sign in again). Pure functions:
 * the terminal session applies their results to its journals and keys.
 */
import { Iso8583Error } from '../errors.js';
import { expectDialect, type Dialect } from '../message/dialect.js';
import { expectBoolean, expectOptions, expectString } from '../arguments.js';
import { expectMessage, type Message } from '../message/message.js';
import { cupFrameProfile } from '../frame/profile.js';
import { unframeMessage } from '../frame/frame.js';
import type { CupHeader } from '../frame/cup-header.js';
import type { Tpdu } from '../frame/tpdu.js';
import type { BatchRecordInput } from './batch-journal.js';
import type { AidParameters, CaKeyReference, CaPublicKey } from './params/emv-parameters.js';
import type { RequiredAction } from './params/processing-requirement.js';
import type { TerminalParameters } from './params/terminal-parameters.js';
import { settlementDirection } from './batch-journal.js';
import { classifyResponseCode, isApproval, type ResponseAction, type ResponseCodeInfo } from './response-codes.js';
import { keptRequest } from './request-copy.js';
import { maskedBytesView, withMaskedRendering } from './masked-views.js';
import { cardClassOf, type CardClassOptions } from './settlement.js';
import { expectKind, TRANSACTIONS } from './transaction-table.js';
import type { CardClass, ReconciliationResult, TransactionKind } from './types.js';

/** What a response means for the terminal. */
export interface ResponseOutcome {
  kind: TransactionKind;
  /** The decoded response. */
  message: Message;
  /** Field 39, when the response carries one (a 0510 may not). */
  code?: string;
  info?: ResponseCodeInfo;
  action: ResponseAction;
  approved: boolean;
  /** Digit 6 of the CUP header: what the host asks the terminal to do next (`3` sign in again …). */
  processingRequirement: CupHeader['processingRequirement'];
  /** A settlement response's per-card-class result read from its field 48. */
  reconciliation?: { domestic: ReconciliationResult; foreign: ReconciliationResult };
  /** Whether the response MAC verified; absent when none was checked (no MAC in this exchange). */
  macValid?: boolean;
  /** What the header's processing requirement asks the terminal to do next (absent for `0`). */
  required?: RequiredAction;
  /** What a parameter exchange brought: the entries a query listed, or the parameters of one download. */
  parameters?: ParameterOutcome;
  /** A scanned-code payment the host is still making (an answer such as `09`): ask for its result with the result query. */
  inProgress?: boolean;
}

/** What one parameter exchange brought. */
export interface ParameterOutcome {
  /** The AIDs an AID query answer listed. */
  aids?: string[];
  /** The CA keys a key query answer listed. */
  caKeys?: CaKeyReference[];
  /** One AID's parameters from a download answer. */
  aid?: AidParameters;
  /** One CA public key from a download answer, its check value compared. */
  caKey?: CaPublicKey;
  /** The terminal parameters of a parameter download answer. */
  terminal?: TerminalParameters;
}

/** A response frame taken apart: TPDU, CUP header, body and the decoded message. */
export interface ReceivedFrame {
  tpdu: Tpdu;
  header: CupHeader;
  body: Uint8Array;
  message: Message;
}

/** The parts of a CUP POS response frame (length, TPDU, header, body) with the body decoded by `dialect`. */
export function readResponseFrame(dialect: Dialect, frame: Uint8Array): ReceivedFrame {
  expectDialect(dialect);
  const parts = unframeMessage(cupFrameProfile, frame);
  // The body is a view into the caller's frame; keep a copy so later changes to the frame cannot reach it.
  const body = parts.body.slice();
  return withMaskedRendering<ReceivedFrame>({ tpdu: parts.tpdu, header: parts.header, body, message: dialect.decode(body) }, 'ReceivedFrame', maskedBytesView);
}

/** Fields that tie a response to its request. */
const MATCHED_FIELDS: readonly string[] = ['11', '41', '42'];

function textOf(m: Message, path: string): string | undefined {
  const v = m.get(path);
  return typeof v === 'string' ? v : undefined;
}

/** Whether an approval's field 4 may be below the request's: an explicit partial approval (39 = 10) to a request that offered one (60.6 = 1). */
function partialAmountAllowed(request: Message, code: string, sent: string, got: string): boolean {
  if (code !== '10' || textOf(request, '60.6') !== '1' || !/^[0-9]+$/.test(got) || got.length !== sent.length) return false;
  return got < sent && /[1-9]/.test(got);
}

/**
 * Paths of what keeps `response` from answering `request` (empty when it answers it): `MTI` when it is
 * not the request's response MTI; each of 11, 41, 42 the request carried that the response changes or
 * leaves out although the host returns it (a management answer, which CUP does not MAC, may leave out 11:
 * SIM's 0830 does, and such an answer is then matched by 60.3 as well); and for an approval of a MACed
 * transaction, 3 and 4 unless they repeat the request's (4 may be lower in an explicit partial approval).
 */
export function responseMismatches(kind: TransactionKind, request: Message, response: Message): string[] {
  expectKind(kind);
  expectMessage(request, 'request');
  expectMessage(response, 'response');
  const def = TRANSACTIONS[kind];
  const out: string[] = [];
  if (response.mti !== def.responseMti) out.push('MTI');
  for (const path of MATCHED_FIELDS) {
    const sent = textOf(request, path);
    if (sent === undefined) continue;
    const got = textOf(response, path);
    const required = path === '11' ? def.mac : def.response.includes(Number(path));
    if (got === undefined ? required : got !== sent) out.push(path);
  }
  if (!def.mac && !response.has('11')) {
    const sent = textOf(request, '60.3');
    const got = textOf(response, '60.3');
    if (sent !== undefined && got !== undefined && got !== sent) out.push('60.3');
  }
  const code = textOf(response, '39');
  if (def.mac && code !== undefined && isApproval(code)) {
    for (const path of ['3', '4']) {
      const sent = textOf(request, path);
      if (sent === undefined) continue;
      const got = textOf(response, path);
      if (got === sent) continue;
      if (path === '4' && got !== undefined && partialAmountAllowed(request, code, sent, got)) continue;
      out.push(path);
    }
  }
  return out;
}

/** Throws `RESPONSE_MISMATCH`, with one problem per mismatched path, unless `response` answers `request`. */
export function checkResponseMatches(kind: TransactionKind, request: Message, response: Message): void {
  const paths = responseMismatches(kind, request, response);
  if (paths.length === 0) return;
  const problems = paths.map((path) =>
    path === 'MTI'
      ? new Iso8583Error('RESPONSE_MISMATCH', 'response MTI does not answer the request', {
          path,
          expected: TRANSACTIONS[kind].responseMti,
          found: /^[0-9]{4}$/.test(response.mti) ? response.mti : 'not 4 digits',
        })
      : new Iso8583Error(
          'RESPONSE_MISMATCH',
          response.has(path) ? 'response field differs from the request' : 'response lacks a field of the request',
          { path },
        ),
  );
  throw new Iso8583Error('RESPONSE_MISMATCH', `response does not answer the request: ${paths.join(', ')} differ`, { problems });
}

/** What the terminal does after a response, from field 39 and whether the MAC verified. */
export interface ResponseDecision {
  info?: ResponseCodeInfo;
  action: ResponseAction;
  approved: boolean;
}

/**
 * The decision for a response of `kind` with field 39 `code` (undefined when absent); `macValid` is
 * undefined for exchanges without a MAC. An answer whose MAC is missing, wrong or could not be checked
 * cannot be trusted: a decline still ends the exchange for the cardholder (CUP hosts often send declines
 * unMACed), anything else means a reversible request is reversed and others need fresh keys. A settlement
 * answer without 39 is read from its field 48 instead; any other answer without 39 is no approval: a
 * reversible request is reversed (nothing says whether money moved), others are declined.
 */
export function decideResponse(kind: TransactionKind, code: string | undefined, macValid: boolean | undefined): ResponseDecision {
  expectKind(kind);
  if (code !== undefined) expectString(code, 'code');
  if (macValid !== undefined) expectBoolean(macValid, 'macValid');
  const reversible = TRANSACTIONS[kind].reversible;
  const info = code === undefined ? undefined : classifyResponseCode(code);
  const base: ResponseDecision = info === undefined ? { action: 'declined', approved: false } : { info, action: info.action, approved: false };
  if (macValid === false) {
    if (info !== undefined && !isApproval(info.code)) return base;
    return { ...base, action: reversible ? 'reversal-needed' : 're-sign-in' };
  }
  if (info === undefined) {
    if (kind === 'settlement') return { action: 'approved', approved: true };
    return { action: reversible ? 'reversal-needed' : 'declined', approved: false };
  }
  return { ...base, approved: info.action === 'approved' || info.action === 'partially-approved' };
}

/** The PAN of a request: field 2, else the digits before the separator of a clear track 2; '' when neither. */
export function panOf(request: Message): string {
  expectMessage(request, 'request');
  const pan = textOf(request, '2');
  if (pan !== undefined) return pan;
  const track2 = textOf(request, '35');
  if (track2 === undefined) return '';
  const sep = track2.search(/[D=]/i);
  const digits = sep > 0 ? track2.slice(0, sep) : '';
  return /^[0-9]{12,19}$/.test(digits) ? digits : '';
}

/** Card class from the card organisation an approval names in 63.1 (§3.12): `CUP` is a domestic card, any other foreign. */
export function cardClassOfOrganisation(organisation: string): CardClass {
  expectString(organisation, 'organisation');
  return organisation.trim() === 'CUP' ? 'domestic' : 'foreign';
}

/**
 * The batch-journal record of an approved request, or null for kinds that never enter the totals.
 * The amount is the response's field 4 when present (a partial approval lowers it), else the request's.
 * The card class comes from the card organisation the approval names in 63.1 (`CUP` = domestic); only
 * without one does the BIN rule decide, and a request without a PAN (a scanned-code sale) counts as domestic.
 */
export function batchRecordOf(
  kind: TransactionKind,
  request: Message,
  response: Message,
  cardClass: CardClassOptions = {},
): BatchRecordInput | null {
  expectKind(kind);
  expectMessage(request, 'request');
  expectMessage(response, 'response');
  cardClass = expectOptions(cardClass, 'cardClass');
  const direction = settlementDirection(kind);
  if (direction === null) return null;
  const stan = textOf(request, '11');
  const amount = textOf(response, '4') ?? textOf(request, '4');
  if (stan === undefined || amount === undefined) return null;
  const pan = panOf(request);
  const organisation = textOf(response, '63.1')?.trim();
  const known = organisation !== undefined && /^[\x21-\x7E]{1,3}$/.test(organisation) ? organisation : undefined;
  const rec: BatchRecordInput = {
    stan,
    kind,
    amount,
    direction,
    cardClass: known !== undefined ? cardClassOfOrganisation(known) : pan === '' ? 'domestic' : cardClassOf(pan, cardClass),
    pan,
  };
  const rrn = textOf(response, '37');
  if (rrn !== undefined && rrn.length === 12) rec.rrn = rrn;
  const authCode = textOf(response, '38');
  if (authCode !== undefined && authCode.length === 6) rec.authCode = authCode;
  const date = textOf(response, '13');
  if (date !== undefined && /^[0-9]{4}$/.test(date)) rec.date = date;
  if (known !== undefined) rec.cardOrganisation = known;
  const entry = textOf(request, '22.1') ?? textOf(request, '22')?.slice(0, 2);
  if (entry !== undefined && /^[0-9]{2}$/.test(entry)) rec.entryMode = entry;
  const voucher = textOf(response, '59.A4');
  if (voucher !== undefined && /^[\x20-\x7E]{1,64}$/.test(voucher)) rec.voucher = voucher;
  if (TRANSACTIONS[kind].upload !== null) rec.detail = keptRequest(request.toObject());
  return rec;
}

/**
 * The STAN of the batch record an approved cancelling request (the table's `cancels` column: a void or
 * completion void) cancels, read from 61.2; undefined for other kinds and for 61.2 = 000000 (a
 * pre-authorisation, named by its code instead).
 */
export function cancelledStanOf(kind: TransactionKind, request: Message): string | undefined {
  expectKind(kind);
  expectMessage(request, 'request');
  if (TRANSACTIONS[kind].cancels === null) return undefined;
  const stan = textOf(request, '61.2');
  return stan !== undefined && /^[0-9]{6}$/.test(stan) && stan !== '000000' ? stan : undefined;
}
