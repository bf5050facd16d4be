/**
 * Builders of the CUP POS management messages: sign-in (0800), sign-out and echo (0820), settlement
 * (0500), batch upload and its end (0320 201 / 202 / 207) and the IC TC upload (0320 203 / 205).
 * Each validates every input first and throws one `INVALID_INPUT` naming every problem, then returns
 * an unsigned message bound to the context's dialect (none of these carries a MAC in field 64).
 */
import { expectObject, expectOneOf, expectOptions, isPrintableAscii } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { isHex } from '../bytes/hex.js';
import type { CompositeValue } from '../codec/values.js';
import type { CanonicalTlv } from '../message/engine.js';
import type { Message } from '../message/message.js';
import { MAX_UPLOAD_RECORDS } from './batch-journal.js';
import { type BuildContext, checkContext, type CheckedContext } from './builders/context.js';
import { checkAmount, type Amount } from './builders/amount.js';
import { checkCurrency, checkPan, InputProblems } from './builders/validate-input.js';
import { settlementField48 } from './settlement.js';
import type { BatchRecord, CardClass, SettlementTotals } from './types.js';

/** What every management message needs from the terminal: a request builder's context without the clock. */
export type ManagementContext = Pick<BuildContext, 'dialect' | 'terminalId' | 'merchantId' | 'stan' | 'batch' | 'operator'>;

/** Working-key layout asked for in 60.3 of the sign-in. */
export type SignInKeyLayout = '001' | '003' | '004';

/** The sign-in terminal information block of field 62 (用法十九). */
export interface TerminalInfo {
  /** The terminal model's CUP network access licence number (入网许可证编号), 4 characters. */
  licence: string;
  /** Terminal hardware serial number, printable ASCII. */
  serial: string;
}

export interface SignInInput {
  /** 60.3: `001` single-length keys, `003` double-length (default), `004` double-length with a TDK. */
  keyLayout?: SignInKeyLayout;
  /** Field 62 terminal information; left out when absent. */
  terminalInfo?: TerminalInfo;
}

export interface SettlementInput {
  totals: SettlementTotals;
  /** Field 49, default `156` (CNY). */
  currency?: string;
}

/**
 * 60.3 of a batch-upload end: `207` after a balanced settlement, `202` after an unbalanced one (CT, NP and
 * GY terminal and host code; cup-pos §3.4).
 */
export type BatchUploadEndCode = '202' | '207';

export interface BatchUploadEndInput {
  /** Number of detail records actually uploaded in this batch upload (48, n4): 0 when none was. */
  count: number;
  code: BatchUploadEndCode;
}

/** 60.3 of an IC TC upload: `203` after a balanced settlement, `205` after an unbalanced one. */
export type IcTcUploadCode = '203' | '205';

export interface IcTcUploadInput {
  code: IcTcUploadCode;
  /** Field 2. */
  pan: string;
  /** Field 4, minor units: 1–12 digits or a `BN`. */
  amount: Amount;
  /** Field 22, three digits (`051`, `071` …). */
  entryMode: string;
  /** Field 23, card sequence number, up to three digits. */
  sequence?: string;
  /** Field 55: the TC version of the chip data (tags as the original request carried them). */
  icc: CanonicalTlv[] | Uint8Array;
  /** Field 62: the acquirer's TC record. Its layout differs between acquirers, so it is given as it travels; left out when absent. */
  record?: string | Uint8Array;
}

const SIGN_IN_LAYOUTS: readonly string[] = ['001', '003', '004'];
const TERMINAL_INFO_LABEL = 'Sequence No';

function isDigitText(s: unknown, min: number, max: number): s is string {
  return typeof s === 'string' && s.length >= min && s.length <= max && /^[0-9]*$/.test(s);
}

function isStan(s: unknown): boolean {
  return isDigitText(s, 6, 6) && s !== '000000';
}

/** A management request's common part: MTI, 11, 41, 42 and 60 = `00` + batch + the network management code. */
export function managementHeader(ctx: CheckedContext, mti: string, network: string): Message {
  return ctx.dialect.message(mti, {
    '11': ctx.stan,
    '41': ctx.terminalId,
    '42': ctx.merchantId,
    '60': { '1': '00', '2': ctx.batch, '3': network },
  });
}

/** 签到: the 0800 sign-in asking for working keys in the given layout, with the terminal information block and the operator. */
export function buildSignIn(ctx: ManagementContext, input?: SignInInput): Message {
  input = expectOptions(input, 'input');
  const p = new InputProblems();
  const c = checkContext(p, ctx, true);
  const layout = input.keyLayout ?? '003';
  if (!SIGN_IN_LAYOUTS.includes(layout)) p.add('BAD_KEY_LAYOUT', 'key layout must be 001, 003 or 004', 'keyLayout', '001, 003 or 004');
  return signInRequest(p, c, layout, input.terminalInfo);
}

/** The sign-in 0800 with 60.3 `code`, once the code is checked: the terminal information block checked and set, the operator in 63. */
export function signInRequest(p: InputProblems, c: CheckedContext | undefined, code: string, info: TerminalInfo | undefined): Message {
  if (info !== undefined) {
    if (!isPrintableAscii(info.licence, 4, 4)) {
      p.add('BAD_TEXT', 'licence number must be 4 printable ASCII characters', 'terminalInfo.licence', 'ans 4');
    }
    // The block's own length prefix is two digits: licence and serial together stay within 99.
    if (!isPrintableAscii(info.serial, 1, 95)) {
      p.add('BAD_TEXT', 'serial number must be 1 to 95 printable ASCII characters', 'terminalInfo.serial', 'ans 1..95');
    }
  }
  p.throwIfAny();
  const m = managementHeader(c!, '0800', code);
  if (info !== undefined) m.set('62', { '1': TERMINAL_INFO_LABEL, '2': { '1': info.licence, '2': info.serial } });
  m.set('63', { '1': c!.operator });
  return m;
}

/** 签退: the 0820 sign-out (60.3 = 002). */
export function buildSignOut(ctx: ManagementContext): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  p.throwIfAny();
  return managementHeader(c!, '0820', '002');
}

/** 回响测试: the 0820 echo test (60.3 = 301). */
export function buildEcho(ctx: ManagementContext): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  p.throwIfAny();
  return managementHeader(c!, '0820', '301');
}

/** 批结算: the 0500 settlement request with the batch totals in 48, the currency in 49 and the operator in 63. */
export function buildSettlement(ctx: ManagementContext, input: SettlementInput): Message {
  expectObject(input, 'input');
  const p = new InputProblems();
  const c = checkContext(p, ctx, true);
  const currency = input.currency === undefined ? '156' : checkCurrency(p, input.currency, 'currency');
  let field48: string | undefined;
  try {
    field48 = settlementField48(input.totals);
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    p.add('BAD_TOTALS', 'settlement totals must fit field 48', 'totals', 'n 62');
  }
  p.throwIfAny();
  const m = managementHeader(c!, '0500', '201');
  m.set('48', settlementSubfields(field48!));
  m.set('49', currency!);
  m.set('63', { '1': c!.operator });
  return m;
}

/** The 62 settlement digits as the dialect's 48.1 / 48.2 subfields, so the message reads like a decoded one. */
function settlementSubfields(digits: string): CompositeValue {
  const block = (at: number): CompositeValue => ({
    '1': digits.slice(at, at + 12),
    '2': digits.slice(at + 12, at + 15),
    '3': digits.slice(at + 15, at + 27),
    '4': digits.slice(at + 27, at + 30),
    '5': digits.slice(at + 30, at + 31),
  });
  return { '1': block(0), '2': block(31) };
}

/** The two-digit card class of a batch-upload record: `00` domestic, `01` foreign. */
export function cardClassCode(cardClass: CardClass): '00' | '01' {
  expectOneOf(cardClass, 'cardClass', ['domestic', 'foreign']);
  return cardClass === 'foreign' ? '01' : '00';
}

/** 批上送: one 0320 (60.3 = 201) carrying 1 to 8 transaction records in 48 (class, STAN, PAN, amount). */
export function buildBatchUpload(ctx: ManagementContext, records: readonly BatchRecord[]): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  if (!Array.isArray(records) || records.length < 1 || records.length > MAX_UPLOAD_RECORDS) {
    p.add('BAD_RECORDS', `a batch upload carries 1 to ${MAX_UPLOAD_RECORDS} records`, 'records', `1..${MAX_UPLOAD_RECORDS} records`);
  } else {
    records.forEach((r, i) => {
      const at = `records.${i}`;
      if (r.cardClass !== 'domestic' && r.cardClass !== 'foreign') {
        p.add('BAD_CARD_CLASS', 'card class must be domestic or foreign', `${at}.cardClass`, 'domestic or foreign');
      }
      if (!isStan(r.stan)) p.add('BAD_STAN', 'STAN must be 6 digits from 000001 to 999999', `${at}.stan`, 'n 6');
      // A scanned-code sale has no PAN: its record carries twenty zeros.
      if (!isDigitText(r.pan, 0, 19)) p.add('BAD_PAN', 'PAN must be up to 19 digits', `${at}.pan`, 'n 0..19');
      if (!isDigitText(r.amount, 1, 12)) p.add('BAD_AMOUNT', 'amount must be 1 to 12 digits', `${at}.amount`, 'n 1..12');
    });
  }
  p.throwIfAny();
  const field48: CompositeValue = { '1': String(records.length).padStart(2, '0') };
  records.forEach((r, i) => {
    field48[String(i + 2)] = {
      '1': cardClassCode(r.cardClass),
      '2': r.stan,
      '3': r.pan.padStart(20, '0'),
      '4': r.amount.padStart(12, '0'),
    };
  });
  const m = managementHeader(c!, '0320', '201');
  m.set('48', field48);
  return m;
}

/** 批上送结束: the 0320 closing a batch upload (60.3 = 202 or 207) with the total count uploaded (48, n4). */
export function buildBatchUploadEnd(ctx: ManagementContext, input: BatchUploadEndInput): Message {
  expectObject(input, 'input');
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  if (input.code !== '202' && input.code !== '207') p.add('BAD_CODE', 'batch-upload end code must be 202 or 207', 'code', '202 or 207');
  if (!(Number.isInteger(input.count) && input.count >= 0 && input.count <= 9999)) {
    p.add('BAD_COUNT', 'uploaded count must be a whole number from 0 to 9999', 'count', 'n 4');
  }
  p.throwIfAny();
  const m = managementHeader(c!, '0320', input.code);
  m.set('48', { '1': String(input.count).padStart(4, '0') });
  return m;
}

/** IC卡 TC 上送: the 0320 (60.3 = 203 or 205) re-sending an approved chip transaction's TC data. */
export function buildIcTcUpload(ctx: ManagementContext, input: IcTcUploadInput): Message {
  expectObject(input, 'input');
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  if (input.code !== '203' && input.code !== '205') p.add('BAD_CODE', 'IC TC upload code must be 203 or 205', 'code', '203 or 205');
  const pan = checkPan(p, input.pan, 'pan');
  const amount = checkAmount(p, input.amount, 'amount');
  if (!isDigitText(input.entryMode, 3, 3)) p.add('BAD_DIGITS', 'entry mode must be 3 digits', 'entryMode', 'n 3');
  if (input.sequence !== undefined && !isDigitText(input.sequence, 1, 3)) {
    p.add('BAD_DIGITS', 'card sequence number must be 1 to 3 digits', 'sequence', 'n 1..3');
  }
  const icc = input.icc;
  if (!(icc instanceof Uint8Array ? icc.length > 0 : Array.isArray(icc) && icc.length > 0)) {
    p.add('BAD_ICC', 'chip data must be a non-empty TLV list or bytes', 'icc', 'TLV list or bytes');
  }
  const rec = input.record;
  if (rec !== undefined && !(rec instanceof Uint8Array ? rec.length > 0 : typeof rec === 'string' && rec.length > 0 && rec.length % 2 === 0 && isHex(rec))) {
    p.add('BAD_RECORD', 'TC record must be non-empty bytes or hex text', 'record', 'bytes or hex');
  }
  p.throwIfAny();
  const m = c!.dialect.message('0320', {
    '2': pan!,
    '4': amount!,
    '11': c!.stan,
    '22': input.entryMode,
    '41': c!.terminalId,
    '42': c!.merchantId,
    '55': icc,
    '60': { '1': '00', '2': c!.batch, '3': input.code },
  });
  if (input.sequence !== undefined) m.set('23', input.sequence.padStart(3, '0'));
  if (rec !== undefined) m.set('62', rec);
  return m;
}

/** Fields of an advice's request its detail upload repeats (NP `BatchSendOffTrans*`, CT refund detail upload; cup-pos §3.4). */
const ADVICE_UPLOAD_FIELDS: readonly string[] = ['2', '3', '14', '22', '23', '25', '37', '38', '48', '49', '55', '59', '61', '63'];

/**
 * 批上送 of one refund or offline advice (0320, 60.3 = 201): the record's own request fields (2 or 59, 3, 22,
 * 25, 37, 38, 49, 61, 63 …), its STAN in 11, its current amount in 4 and its 60.1, in the batch of the context.
 */
export function buildAdviceUpload(ctx: ManagementContext, record: BatchRecord): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  const detail = record?.detail;
  const fields = detail?.fields;
  const type = fields === undefined ? undefined : fields['60'];
  const typeCode = typeof type === 'object' && type !== null && !Array.isArray(type) ? type['1'] : typeof type === 'string' ? type.slice(0, 2) : undefined;
  if (fields === undefined || typeof fields !== 'object' || fields === null || typeof fields['3'] !== 'string') {
    p.add('BAD_RECORD', 'an advice upload needs the record\'s request with its processing code', 'record.detail', 'message object');
  } else if (typeof typeCode !== 'string' || !/^[0-9]{2}$/.test(typeCode)) {
    p.add('BAD_RECORD', 'an advice upload needs the record\'s transaction type (60.1)', 'record.detail.60', 'n 2');
  }
  if (!isStan(record?.stan)) p.add('BAD_STAN', 'STAN must be 6 digits from 000001 to 999999', 'record.stan', 'n 6');
  if (!isDigitText(record?.amount, 1, 12)) p.add('BAD_AMOUNT', 'amount must be 1 to 12 digits', 'record.amount', 'n 1..12');
  p.throwIfAny();
  const m = c!.dialect.message('0320');
  for (const key of ADVICE_UPLOAD_FIELDS) {
    const v = fields![key];
    if (v !== undefined) m.set(key, v);
  }
  m.set('4', record.amount.padStart(12, '0'));
  m.set('11', record.stan);
  m.set('41', c!.terminalId);
  m.set('42', c!.merchantId);
  m.set('60', { '1': typeCode as string, '2': c!.batch, '3': '201' });
  return m;
}
