/**
 * Chip completion traffic (§3.7, §3.13): the script result notification (0620, 60.3 951) after a chip
 * approval whose issuer scripts the card ran, the upload of chip transactions the host approved but the
 * card did not finish (0320, 60.3 204/206: ARPC failed, card declined), the electronic-cash offline sale
 * upload (0200, 60.1 36), and the 62 records of chip uploads. Field layouts follow a public UnionPay
 * terminal application (github:CaoEnXin/LiaoYang_POS: `SendScriptResult`, `TransBatchUpLoadIccFailureTxn`,
 * `TransBatchUpLoadIccAACTxn`, `SendICCOffLineTrans`, `BatchSendICCOnLineTrans`).
 */
import { latin1Bytes } from '../../bytes/latin1.js';
import { parseBerTlv } from '../../codec/composite/ber-tlv.js';
import type { CanonicalTlv } from '../../message/engine.js';
import type { Message } from '../../message/message.js';
import type { CardClass } from '../types.js';
import { Iso8583Error } from '../../errors.js';
import { expectOneOf, expectPlainObject, expectString } from '../../arguments.js';
import { expectMessage, expectTlvList } from '../message-arguments.js';
import { checkAmount, type Amount } from './amount.js';
import { beginChecks, buildCardRequest, checkCardInputs } from './card-request.js';
import { EC_OFFLINE_UPLOAD_ROW } from '../transaction-table.js';
import type { CardInput } from './card-input.js';
import type { BuildContext } from './context.js';
import { checkContext, checkCurrencyInput } from './context.js';
import {
  checkBatch,
  checkCardOrganisation,
  checkDigits,
  checkMonthDay,
  checkPan,
  checkRecord,
  checkStan,
  InputProblems,
  isDigits,
  isRecord,
} from './validate-input.js';

/** The field 55 tags a script result notification carries (the terminal's data after the second GENERATE AC). */
export const SCRIPT_ADVICE_TAGS: readonly string[] = Object.freeze(['9F33', '95', '9F37', '9F1E', '9F10', '9F26', '9F36', '82', 'DF31', '9F1A', '9A']);

/** What a script notification repeats of the chip transaction whose approval carried the scripts. */
export interface ChipOriginal {
  /** Field 2. */
  pan?: string;
  /** Field 3. */
  processingCode: string;
  /** Field 4, 12 digits. */
  amount?: string;
  /** Field 22, three digits. */
  entryMode: string;
  /** Field 23. */
  sequence?: string;
  /** Field 49. */
  currency?: string;
  /** 60.2, 60.4 and 60.5 of the original request. */
  batch: string;
  readCapability: string;
  iccCondition: string;
  /** Field 11 of the original. */
  stan: string;
  /** MMDD of the approval (its field 13). */
  date: string;
  /** 32, 37 and 38 of the approval. */
  acquirer?: string;
  rrn?: string;
  authCode?: string;
}

export interface ScriptNotificationInput {
  original: ChipOriginal;
  /** Field 55: the script advice tags ({@link SCRIPT_ADVICE_TAGS}) with `DF31`, the script results. */
  icc: CanonicalTlv[] | Uint8Array;
}

function text(m: Message, path: string): string | undefined {
  const v = m.get(path);
  return typeof v === 'string' ? v : undefined;
}

/** The original a script notification names, read from the chip request as sent and its approval. */
export function chipOriginalOf(request: Message, approval: Message): ChipOriginal {
  expectMessage(request, 'request');
  expectMessage(approval, 'approval');
  const o: ChipOriginal = {
    processingCode: text(request, '3') ?? '000000',
    entryMode: (text(request, '22.1') ?? '05') + (text(request, '22.2') ?? '0'),
    batch: text(request, '60.2') ?? '000000',
    readCapability: text(request, '60.4') ?? '0',
    iccCondition: text(request, '60.5') ?? '0',
    stan: text(request, '11') ?? '000000',
    date: text(approval, '13') ?? '0000',
  };
  const copy = (key: 'pan' | 'amount' | 'sequence' | 'currency' | 'acquirer' | 'rrn' | 'authCode', from: Message, path: string) => {
    const v = text(from, path);
    if (v !== undefined) o[key] = v;
  };
  copy('pan', request, '2');
  copy('amount', request, '4');
  copy('sequence', request, '23');
  copy('currency', request, '49');
  copy('acquirer', approval, '32');
  copy('rrn', approval, '37');
  copy('authCode', approval, '38');
  return o;
}

function checkIcc(p: InputProblems, icc: unknown, path: string): CanonicalTlv[] | Uint8Array | undefined {
  const ok = icc instanceof Uint8Array ? icc.length > 0 && icc.length <= 255 : Array.isArray(icc) && icc.length > 0;
  if (!ok) p.add('BAD_ICC', 'chip data must be a non-empty TLV list or 1 to 255 bytes', path, 'TLV list or bytes');
  return ok ? (icc as CanonicalTlv[] | Uint8Array) : undefined;
}

function checkOriginal(p: InputProblems, value: unknown): ChipOriginal | undefined {
  const o = checkRecord(p, value, 'original');
  if (o === undefined) return undefined;
  const before = p.count;
  if (o.pan !== undefined) checkPan(p, o.pan, 'original.pan');
  checkDigits(p, o.processingCode, 'original.processingCode', 6, 'processing code');
  if (o.amount !== undefined) checkAmount(p, o.amount, 'original.amount');
  checkDigits(p, o.entryMode, 'original.entryMode', 3, 'entry mode');
  if (o.sequence !== undefined) checkDigits(p, o.sequence, 'original.sequence', 3, 'card sequence number');
  if (o.currency !== undefined) checkDigits(p, o.currency, 'original.currency', 3, 'currency');
  checkBatch(p, o.batch, 'original.batch');
  checkDigits(p, o.readCapability, 'original.readCapability', 1, 'read capability');
  checkDigits(p, o.iccCondition, 'original.iccCondition', 1, 'IC card condition');
  checkStan(p, o.stan, 'original.stan');
  checkMonthDay(p, o.date, 'original.date');
  if (o.acquirer !== undefined && !(typeof o.acquirer === 'string' && o.acquirer.length <= 11 && isDigits(o.acquirer))) {
    p.add('BAD_DIGITS', 'acquirer identification must be 1 to 11 digits', 'original.acquirer', 'n ..11');
  }
  return p.count > before ? undefined : (o as unknown as ChipOriginal);
}

/**
 * 脚本通知: the 0620 (60.1 00, 60.3 951) telling the host what the card made of the issuer scripts: the
 * original's 2, 3, 4, 22, 23, 32, 37, 38 and 49, a new STAN, 55 with the script results (DF31), 60.4/60.5
 * of the original and 61 = its batch, STAN and date. MACed like the financial messages.
 */
export function buildScriptNotification(ctx: BuildContext, input: ScriptNotificationInput): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  const i = checkRecord(p, input, 'input');
  if (i === undefined) p.throwIfAny();
  const o = checkOriginal(p, i!.original);
  const icc = checkIcc(p, i!.icc, 'icc');
  p.throwIfAny();
  const m = c!.dialect.message('0620');
  if (o!.pan !== undefined) m.set('2', o!.pan);
  m.set('3', o!.processingCode);
  if (o!.amount !== undefined) m.set('4', o!.amount.padStart(12, '0'));
  m.set('11', c!.stan);
  m.set('22', o!.entryMode);
  if (o!.sequence !== undefined) m.set('23', o!.sequence.padStart(3, '0'));
  if (o!.acquirer !== undefined) m.set('32', o!.acquirer);
  if (o!.rrn !== undefined) m.set('37', o!.rrn);
  if (o!.authCode !== undefined) m.set('38', o!.authCode);
  m.set('41', c!.terminalId);
  m.set('42', c!.merchantId);
  if (o!.currency !== undefined) m.set('49', o!.currency);
  m.set('55', icc!);
  m.set('60', { '1': '00', '2': c!.batch, '3': '951', '4': o!.readCapability, '5': o!.iccCondition });
  m.set('61', { '1': o!.batch, '2': o!.stan, '3': o!.date });
  return m;
}

/** What a chip upload record (field 62 of 0320 203/205 and 204/206) reports. */
export type ChipUploadResult = 'tc' | 'arpc-error' | 'card-declined';

/** Field 62 of a chip upload: record type, card class, result, amount, currency, and for failures the reason. */
export interface ChipUploadRecordInput {
  result: ChipUploadResult;
  cardClass: CardClass;
  /** 12 digits. */
  amount: string;
  /** Default `156`. */
  currency?: string;
}

/**
 * The ASCII record of field 62 in a chip upload: `61` + card class + `00` + amount + currency for an
 * approved (TC) transaction; `71` + card class + `05` + amount + currency + `22` when the issuer
 * authentication (ARPC) failed; `71` + `00` + `11` + amount + currency + `10` when the card declined (AAC).
 */
export function chipUploadRecord(input: ChipUploadRecordInput): string {
  expectPlainObject(input, 'input');
  const result = expectOneOf(input.result, 'input.result', ['tc', 'arpc-error', 'card-declined'] as const);
  const cls = expectOneOf(input.cardClass, 'input.cardClass', ['domestic', 'foreign'] as const) === 'foreign' ? '01' : '00';
  if (typeof input.amount !== 'string' || !/^[0-9]{1,12}$/.test(input.amount)) {
    throw new Iso8583Error('BAD_AMOUNT', 'amount must be 1 to 12 digits', { path: 'input.amount', expected: 'n 1..12' });
  }
  const amount = input.amount.padStart(12, '0');
  const currency = input.currency ?? '156';
  if (typeof currency !== 'string' || !/^[0-9]{3}$/.test(currency)) {
    throw new Iso8583Error('BAD_CURRENCY', 'currency must be 3 digits', { path: 'input.currency', expected: 'n 3' });
  }
  switch (result) {
    case 'tc':
      return `61${cls}00${amount}${currency}`;
    case 'arpc-error':
      return `71${cls}05${amount}${currency}22`;
    case 'card-declined':
      return `71${cls}11${amount}${currency}10`;
  }
}

export interface ChipFailureUploadInput {
  /** 60.3: `204` after a balanced settlement, `206` after an unbalanced one. */
  code: '204' | '206';
  failure: 'arpc-error' | 'card-declined';
  pan: string;
  amount: Amount;
  /** Field 22, three digits (`051`, `071`…). */
  entryMode: string;
  sequence?: string;
  /** Field 55: the request's chip data with the card's final cryptogram (9F26) and its information (9F27). */
  icc: CanonicalTlv[] | Uint8Array;
  /** 内卡/外卡 of the record (from 63.1 of the approval). */
  cardClass: CardClass;
  currency?: string;
}

/** 失败交易批上送: the 0320 (60.3 204 or 206) reporting a chip transaction the host approved but the card did not complete. */
export function buildChipFailureUpload(ctx: BuildContext, input: ChipFailureUploadInput): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, false);
  const i = checkRecord(p, input, 'input');
  if (i === undefined) p.throwIfAny();
  if (i!.code !== '204' && i!.code !== '206') p.add('BAD_CODE', 'failed chip upload code must be 204 or 206', 'code', '204 or 206');
  if (i!.failure !== 'arpc-error' && i!.failure !== 'card-declined') {
    p.add('BAD_DATA', 'failure must be arpc-error or card-declined', 'failure', 'arpc-error or card-declined');
  }
  const pan = checkPan(p, i!.pan, 'pan');
  const amount = checkAmount(p, i!.amount, 'amount');
  checkDigits(p, i!.entryMode, 'entryMode', 3, 'entry mode');
  if (i!.sequence !== undefined) checkDigits(p, i!.sequence, 'sequence', 3, 'card sequence number');
  const icc = checkIcc(p, i!.icc, 'icc');
  if (i!.cardClass !== 'domestic' && i!.cardClass !== 'foreign') p.add('BAD_CARD_CLASS', 'card class must be domestic or foreign', 'cardClass', 'domestic or foreign');
  const currency = checkCurrencyInput(p, i!.currency);
  p.throwIfAny();
  const m = c!.dialect.message('0320', {
    '2': pan!,
    '4': amount!,
    '11': c!.stan,
    '22': i!.entryMode as string,
    '41': c!.terminalId,
    '42': c!.merchantId,
    '55': icc!,
    '60': { '1': '00', '2': c!.batch, '3': i!.code as string },
    '62': latin1Bytes(chipUploadRecord({ result: i!.failure as ChipUploadResult, cardClass: i!.cardClass as CardClass, amount: amount!, currency: currency! })),
  });
  if (i!.sequence !== undefined) m.set('23', i!.sequence as string);
  return m;
}

/** An electronic-cash sale approved offline by the card (TC in 55), uploaded online. */
export interface EcOfflineUploadInput {
  card: Extract<CardInput, { entry: 'contact' | 'contactless' }>;
  amount: Amount;
  currency?: string;
  /** 63.1 (default `CUP`, as terminals send in this upload). */
  cardOrganisation?: string;
}

/** The offline authorisation response code `Y1` (8A), which the upload adds to the card's data when it lacks one. */
const OFFLINE_APPROVED: CanonicalTlv = { tag: '8A', value: '5931' };

function withOfflineResponseCode(icc: CanonicalTlv[] | Uint8Array): CanonicalTlv[] | Uint8Array {
  if (Array.isArray(icc)) return icc.some((t) => t.tag.toUpperCase() === '8A') ? icc : [...icc, OFFLINE_APPROVED];
  const nodes = parseBerTlv(icc, 0, icc.length, '55', { base: 0, scale: 1, depth: 1 });
  if (nodes.some((n) => n.tag === '8A')) return icc;
  const out = new Uint8Array(icc.length + 4);
  out.set(icc);
  out.set([0x8a, 0x02, 0x59, 0x31], icc.length);
  return out;
}

/** 电子现金脱机消费上送: the 0200 (3 000000, 60.1 36) reporting an offline electronic-cash sale; 55 carries its TC and 8A = Y1. */
export function buildEcOfflineUpload(ctx: BuildContext, input: EcOfflineUploadInput): Message {
  const { p, ctx: c, input: i } = beginChecks(ctx, input, false);
  const card = checkCardInputs(p, i, { pin: false, qr: false, tracks: false });
  if (card !== undefined && card.card.entry !== 'contact' && card.card.entry !== 'contactless') {
    p.add('BAD_ENTRY', 'an electronic-cash upload needs the chip card it was read from', 'card.entry', 'contact or contactless');
  }
  const amount = checkAmount(p, i.amount, 'amount');
  const organisation = i.cardOrganisation === undefined ? 'CUP' : checkCardOrganisation(p, i.cardOrganisation);
  let icc: CanonicalTlv[] | Uint8Array | undefined;
  if (card !== undefined && isRecord(card.card) && 'icc' in card.card) {
    try {
      icc = withOfflineResponseCode(card.card.icc);
    } catch {
      p.add('BAD_ICC', 'chip data bytes must be BER-TLV', 'card.icc', 'BER-TLV');
    }
  }
  p.throwIfAny();
  const m = buildCardRequest(c!, EC_OFFLINE_UPLOAD_ROW, card!, { amount, advice: true });
  m.set('55', icc!);
  m.set('63', { '1': organisation });
  return m;
}

/** The chip data a TC or failure upload carries: the request's tags with the card's final cryptogram and its information byte. */
export function finalCryptogramIcc(icc: readonly CanonicalTlv[], cryptogram: string, information: string): CanonicalTlv[] {
  expectTlvList(icc, 'icc');
  expectString(cryptogram, 'cryptogram');
  expectString(information, 'information');
  return icc.map((t) => (t.tag === '9F26' ? { tag: '9F26', value: cryptogram } : t.tag === '9F27' ? { tag: '9F27', value: information } : t));
}

/** What a chip approval's field 55 gives the card at its second GENERATE AC. */
export interface IssuerData {
  /** `91`: issuer authentication data (ARPC and its response code), as hex. */
  authentication?: string;
  /** `71` and `72` issuer script templates, in the order received (71 before the second GENERATE AC, 72 after it). */
  scripts: CanonicalTlv[];
}

/** The issuer data of a chip answer's field 55 (`91`, `71`, `72`), for the card's second GENERATE AC and its scripts. */
export function issuerDataOf(answer: Message): IssuerData {
  const icc = expectMessage(answer, 'answer').toObject().fields['55'];
  const out: IssuerData = { scripts: [] };
  if (!Array.isArray(icc)) return out;
  for (const t of icc) {
    if (t.tag === '91' && t.value !== undefined) out.authentication = t.value;
    else if (t.tag === '71' || t.tag === '72') out.scripts.push(t);
  }
  return out;
}
