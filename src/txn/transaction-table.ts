/**
 * The CUP POS transaction table (银联 POS 终端规范, transaction list): for each kind of request, its
 * MTI pair, field 3, field 25, 60.1 and 60.3 codes, the fields a request must and may carry, the
 * fields the host answers with, whether it is reversed when unanswered and whether it carries a MAC.
 *
 * Field sets follow the 2002 CUP transaction table and the mandatory request bitmaps of public host
 * simulators. Where the table is silent (responses of advices, batch-upload end, IC TC upload) the
 * rows use the response set of the nearest documented transaction.
 */
import { badArgument, shapeOf } from '../arguments.js';
import { expectMessage, type Message } from '../message/message.js';
import type { TransactionDef, TransactionKind } from './types.js';

/** Request fields every card-present financial request carries (sale, pre-auth and their relatives). */
const FINANCIAL_MANDATORY = [3, 4, 11, 22, 25, 41, 42, 49, 60, 64] as const;
/** Card data, PIN and chip fields a financial request may add. */
const CARD_CONDITIONAL = [2, 14, 23, 26, 35, 36, 52, 53, 55] as const;
/** What the host answers to a sale (and, per the table, to every transaction "as sale"). */
// 53 is left out: the table marks it optional and no captured response carries it.
const SALE_RESPONSE = [2, 3, 4, 11, 12, 13, 14, 15, 23, 25, 32, 37, 38, 39, 41, 42, 44, 49, 55, 60, 63, 64] as const;
/** A sale's response without the authorisation code: refunds and offline advices are not authorised online. */
const ADVICE_RESPONSE = /* @__PURE__ */ SALE_RESPONSE.filter((f) => f !== 38);
/**
 * EMV parameter exchanges, terminal parameters and list downloads (§3.13): 41, 42, 60 (and 62 where the
 * exchange carries data); 11 may be sent (some terminals do) but no host is relied on to return it.
 */
const PARAMETER_REQUEST = [41, 42, 60] as const;
const PARAMETER_RESPONSE = [12, 13, 37, 39, 41, 42, 60, 62] as const;
/** What a management answer without data carries (captured answers of a CUP host carry 37 too). */
const MANAGEMENT_RESPONSE = [12, 13, 37, 39, 41, 42, 60] as const;
/** The settled columns of a management exchange: no money, no record, no MAC. */
const MANAGEMENT = {
  transactionType: '00',
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, upload: null,
} as const;

/**
 * Field numbers as a row writes them: numbers and shared lists side by side, flattened by `row`. (Spreading the
 * shared lists in the row itself would make each row's call impure to a bundler, and keep every row in a bundle.)
 */
type FieldList = readonly (number | readonly number[])[];

/** A row as written in the table: its field lists may hold the shared lists above. */
type RowInput = Omit<TransactionDef, 'mandatory' | 'conditional' | 'response'> & {
  mandatory: FieldList;
  conditional: FieldList;
  response: FieldList;
};

function flat(fields: FieldList): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (typeof f === 'number') out.push(f);
    else out.push(...f);
  }
  return out;
}

function sorted(fields: readonly number[]): readonly number[] {
  return Object.freeze([...new Set(fields)].sort((a, b) => a - b));
}

function row(def: RowInput): TransactionDef {
  const mandatory = flat(def.mandatory);
  return Object.freeze({
    ...def,
    networkCodes: Object.freeze([...def.networkCodes]),
    mandatory: sorted(mandatory),
    conditional: sorted(flat(def.conditional).filter((f) => !mandatory.includes(f))),
    response: sorted(flat(def.response)),
  });
}

/** A management exchange's row: the settled columns of `MANAGEMENT`, then the row's own. */
function managementRow(def: Omit<RowInput, keyof typeof MANAGEMENT> & Partial<RowInput>): TransactionDef {
  return row({ ...MANAGEMENT, ...def });
}

/*
 * One constant a row, each made by a pure call, so a bundle that reads only some rows (a builder reads its own) leaves
 * the others out; `TRANSACTIONS` gathers them.
 */
export const SIGN_IN_ROW = /* @__PURE__ */ row({
  kind: 'sign-in', name: 'Sign-in', localName: '签到', mti: '0800', responseMti: '0810',
  transactionType: '00', networkCodes: ['001', '003', '004'],
  mandatory: [11, 41, 42, 60, 63], conditional: [12, 13, 62],
  response: [11, 12, 13, 32, 37, 39, 41, 42, 60, 62],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'always', upload: null,
});
export const SIGN_OUT_ROW = /* @__PURE__ */ row({
  kind: 'sign-out', name: 'Sign-out', localName: '签退', mti: '0820', responseMti: '0830',
  transactionType: '00', networkCodes: ['002'],
  mandatory: [11, 41, 42, 60], conditional: [63],
  response: [11, 12, 13, 32, 37, 39, 41, 42, 60],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'signed-in', upload: null,
});
export const ECHO_ROW = /* @__PURE__ */ row({
  kind: 'echo', name: 'Echo test', localName: '回响测试', mti: '0820', responseMti: '0830',
  transactionType: '00', networkCodes: ['301'],
  mandatory: [41, 42, 60], conditional: [11],
  response: [11, 12, 13, 39, 41, 42, 60],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'always', upload: null,
});
export const BALANCE_ROW = /* @__PURE__ */ row({
  kind: 'balance', name: 'Balance inquiry', localName: '余额查询', mti: '0200', responseMti: '0210',
  processingCode: '310000', conditionCode: '00', transactionType: '01', networkCodes: ['000'],
  mandatory: [3, 11, 22, 25, 41, 42, 49, 60, 64], conditional: [CARD_CONDITIONAL],
  response: [2, 3, 11, 12, 13, 14, 25, 32, 37, 39, 41, 42, 44, 49, 54, 60, 64],
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: false, when: 'open-batch', upload: null,
});
export const SALE_ROW = /* @__PURE__ */ row({
  kind: 'sale', name: 'Sale', localName: '消费', mti: '0200', responseMti: '0210',
  processingCode: '000000', conditionCode: '00', transactionType: '22', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY], conditional: [CARD_CONDITIONAL, 59, 63],
  response: [SALE_RESPONSE, 59],
  reversible: true, mac: true,
  authorised: true, totals: 'debit', cancels: null, amends: false, when: 'open-batch', upload: 'online',
});
export const VOID_ROW = /* @__PURE__ */ row({
  kind: 'void', name: 'Sale void', localName: '消费撤销', mti: '0200', responseMti: '0210',
  processingCode: '200000', conditionCode: '00', transactionType: '23', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY, 37, 61], conditional: [CARD_CONDITIONAL, 38, 63],
  response: SALE_RESPONSE,
  reversible: true, mac: true,
  authorised: true, totals: null, cancels: 'sale', amends: false, when: 'open-batch', upload: null,
});
export const REFUND_ROW = /* @__PURE__ */ row({
  kind: 'refund', name: 'Refund', localName: '退货', mti: '0220', responseMti: '0230',
  processingCode: '200000', conditionCode: '00', transactionType: '25', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY, 37, 61, 63], conditional: [CARD_CONDITIONAL],
  response: ADVICE_RESPONSE,
  reversible: false, mac: true,
  authorised: false, totals: 'credit', cancels: null, amends: false, when: 'open-batch', upload: 'advice',
});
export const PREAUTH_ROW = /* @__PURE__ */ row({
  kind: 'preauth', name: 'Pre-authorisation', localName: '预授权', mti: '0100', responseMti: '0110',
  processingCode: '030000', conditionCode: '06', transactionType: '10', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY], conditional: [CARD_CONDITIONAL, 63],
  response: SALE_RESPONSE,
  reversible: true, mac: true,
  authorised: true, totals: null, cancels: null, amends: false, when: 'open-batch', upload: null,
});
export const PREAUTH_VOID_ROW = /* @__PURE__ */ row({
  kind: 'preauth-void', name: 'Pre-authorisation void', localName: '预授权撤销', mti: '0100', responseMti: '0110',
  processingCode: '200000', conditionCode: '06', transactionType: '11', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY, 38, 61], conditional: [CARD_CONDITIONAL, 37, 63],
  response: SALE_RESPONSE,
  reversible: true, mac: true,
  authorised: true, totals: null, cancels: 'preauth', amends: false, when: 'open-batch', upload: null,
});
export const PREAUTH_COMPLETION_ROW = /* @__PURE__ */ row({
  kind: 'preauth-completion', name: 'Pre-authorisation completion', localName: '预授权完成(请求)',
  mti: '0200', responseMti: '0210',
  processingCode: '000000', conditionCode: '06', transactionType: '20', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY, 38, 61], conditional: [CARD_CONDITIONAL, 37, 63],
  response: SALE_RESPONSE,
  reversible: true, mac: true,
  authorised: true, totals: 'debit', cancels: null, amends: false, when: 'open-batch', upload: 'online',
});
export const PREAUTH_COMPLETION_VOID_ROW = /* @__PURE__ */ row({
  kind: 'preauth-completion-void', name: 'Pre-authorisation completion void', localName: '预授权完成撤销',
  mti: '0200', responseMti: '0210',
  processingCode: '200000', conditionCode: '06', transactionType: '21', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY, 37, 61], conditional: [CARD_CONDITIONAL, 38, 63],
  response: SALE_RESPONSE,
  reversible: true, mac: true,
  authorised: true, totals: null, cancels: 'preauth-completion', amends: false, when: 'open-batch', upload: null,
});
export const PREAUTH_COMPLETION_ADVICE_ROW = /* @__PURE__ */ row({
  kind: 'preauth-completion-advice', name: 'Pre-authorisation completion advice', localName: '预授权完成通知',
  mti: '0220', responseMti: '0230',
  processingCode: '000000', conditionCode: '06', transactionType: '24', networkCodes: ['000'],
  mandatory: [FINANCIAL_MANDATORY, 38, 61], conditional: [CARD_CONDITIONAL, 37, 63],
  response: ADVICE_RESPONSE,
  reversible: false, mac: true,
  authorised: false, totals: 'debit', cancels: null, amends: false, when: 'open-batch', upload: 'advice',
});
export const OFFLINE_SETTLEMENT_ROW = /* @__PURE__ */ row({
  kind: 'offline-settlement', name: 'Offline settlement', localName: '离线结算', mti: '0220', responseMti: '0230',
  processingCode: '000000', conditionCode: '00', transactionType: '30', networkCodes: ['000'],
  mandatory: [2, 3, 4, 11, 22, 25, 41, 42, 60, 63, 64], conditional: [14, 23, 37, 38, 48, 49, 55, 61],
  response: ADVICE_RESPONSE,
  reversible: false, mac: true,
  authorised: false, totals: 'debit', cancels: null, amends: false, when: 'open-batch', upload: 'advice',
});
export const ADJUSTMENT_ROW = /* @__PURE__ */ row({
  kind: 'adjustment', name: 'Settlement adjustment', localName: '结算调整', mti: '0220', responseMti: '0230',
  processingCode: '000000', conditionCode: '00', transactionType: '32', networkCodes: ['000'],
  mandatory: [2, 3, 4, 11, 22, 25, 41, 42, 60, 63, 64], conditional: [14, 23, 37, 38, 48, 49, 55, 61],
  response: ADVICE_RESPONSE,
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: true, when: 'open-batch', upload: null,
});
export const TIP_ROW = /* @__PURE__ */ row({
  kind: 'tip', name: 'Tip', localName: '追加小费', mti: '0220', responseMti: '0230',
  processingCode: '000000', conditionCode: '00', transactionType: '34', networkCodes: ['000'],
  mandatory: [2, 3, 4, 11, 22, 25, 41, 42, 60, 63, 64], conditional: [14, 23, 37, 38, 48, 49, 55, 61],
  response: ADVICE_RESPONSE,
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: true, when: 'open-batch', upload: null,
});
// A reversal repeats its original's 3, 25, 60.1 and 60.3; `identifyReversedTransaction` names the original.
export const REVERSAL_ROW = /* @__PURE__ */ row({
  kind: 'reversal', name: 'Reversal', localName: '冲正', mti: '0400', responseMti: '0410',
  transactionType: '', networkCodes: ['000'],
  mandatory: [3, 4, 11, 22, 25, 39, 41, 42, 49, 60, 64], conditional: [2, 14, 23, 37, 38, 55, 61, 62, 63],
  response: [2, 3, 4, 11, 12, 13, 14, 15, 23, 25, 32, 37, 39, 41, 42, 44, 49, 55, 60, 64],
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: false, when: 'signed-in', upload: null,
});
export const SETTLEMENT_ROW = /* @__PURE__ */ row({
  kind: 'settlement', name: 'Settlement', localName: '批结算', mti: '0500', responseMti: '0510',
  transactionType: '00', networkCodes: ['201'],
  mandatory: [11, 41, 42, 48, 49, 60, 63], conditional: [],
  response: [11, 12, 13, 15, 32, 37, 39, 41, 42, 48, 49, 60, 63],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'open-batch', upload: null,
});
export const BATCH_UPLOAD_ROW = /* @__PURE__ */ row({
  kind: 'batch-upload', name: 'Magnetic stripe batch upload', localName: '磁条卡批上送', mti: '0320', responseMti: '0330',
  transactionType: '00', networkCodes: ['201'],
  mandatory: [11, 41, 42, 48, 60], conditional: [],
  response: [11, 12, 13, 32, 37, 39, 41, 42, 48, 60],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'settling', upload: null,
});
export const BATCH_UPLOAD_END_ROW = /* @__PURE__ */ row({
  kind: 'batch-upload-end', name: 'Batch upload end', localName: '批上送结束', mti: '0320', responseMti: '0330',
  transactionType: '00', networkCodes: ['202', '207'],
  mandatory: [11, 41, 42, 48, 60], conditional: [],
  response: [11, 12, 13, 32, 37, 39, 41, 42, 48, 60],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'settling', upload: null,
});
export const IC_TC_UPLOAD_ROW = /* @__PURE__ */ row({
  kind: 'ic-tc-upload', name: 'IC card TC upload', localName: 'IC卡TC批上送', mti: '0320', responseMti: '0330',
  transactionType: '00', networkCodes: ['203', '205'],
  mandatory: [2, 4, 11, 22, 41, 42, 55, 60], conditional: [23, 62],
  response: [2, 4, 11, 12, 13, 32, 37, 39, 41, 42, 60],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'settling', upload: null,
});
// One refund or offline advice per message, repeating the original's fields; 60.1 is the original's, 60.3 201.
export const ADVICE_UPLOAD_ROW = /* @__PURE__ */ row({
  kind: 'advice-upload', name: 'Advice batch upload', localName: '批上送(退货/离线)', mti: '0320', responseMti: '0330',
  transactionType: '', networkCodes: ['201'],
  mandatory: [3, 4, 11, 22, 41, 42, 60], conditional: [2, 14, 23, 25, 37, 38, 48, 49, 55, 59, 61, 63],
  response: [3, 4, 11, 12, 13, 32, 37, 39, 41, 42, 60],
  reversible: false, mac: false,
  authorised: false, totals: null, cancels: null, amends: false, when: 'settling', upload: null,
});
// 国密 sign-in: the code differs by acquirer (005 in terminal code of two vendors, 006 at an acquirer POSP).
export const SM_SIGN_IN_ROW = /* @__PURE__ */ managementRow({
  kind: 'sm-sign-in', name: 'SM sign-in', localName: '国密签到', mti: '0800', responseMti: '0810',
  networkCodes: ['005', '006'],
  mandatory: [11, 41, 42, 60, 63], conditional: [12, 13, 62],
  response: [11, 12, 13, 32, 37, 39, 41, 42, 60, 62], when: 'always',
});
export const AID_QUERY_ROW = /* @__PURE__ */ managementRow({
  kind: 'aid-query', name: 'IC parameter (AID) query', localName: 'IC卡参数查询', mti: '0820', responseMti: '0830',
  networkCodes: ['382'], mandatory: [PARAMETER_REQUEST, 62], conditional: [11], response: PARAMETER_RESPONSE, when: 'signed-in',
});
export const AID_DOWNLOAD_ROW = /* @__PURE__ */ managementRow({
  kind: 'aid-download', name: 'IC parameter (AID) download', localName: 'IC卡参数下载', mti: '0800', responseMti: '0810',
  networkCodes: ['380'], mandatory: [PARAMETER_REQUEST, 62], conditional: [11], response: PARAMETER_RESPONSE, when: 'signed-in',
});
export const AID_DOWNLOAD_END_ROW = /* @__PURE__ */ managementRow({
  kind: 'aid-download-end', name: 'IC parameter download end', localName: 'IC卡参数下载结束', mti: '0800', responseMti: '0810',
  networkCodes: ['381'], mandatory: PARAMETER_REQUEST, conditional: [11], response: MANAGEMENT_RESPONSE, when: 'signed-in',
});
// 373 asks for the SM (国密) CA keys; they download and end like the others (370, 371).
export const CAPK_QUERY_ROW = /* @__PURE__ */ managementRow({
  kind: 'capk-query', name: 'CA public key query', localName: 'IC卡公钥查询', mti: '0820', responseMti: '0830',
  networkCodes: ['372', '373'], mandatory: [PARAMETER_REQUEST, 62], conditional: [11], response: PARAMETER_RESPONSE, when: 'signed-in',
});
export const CAPK_DOWNLOAD_ROW = /* @__PURE__ */ managementRow({
  kind: 'capk-download', name: 'CA public key download', localName: 'IC卡公钥下载', mti: '0800', responseMti: '0810',
  networkCodes: ['370'], mandatory: [PARAMETER_REQUEST, 62], conditional: [11], response: PARAMETER_RESPONSE, when: 'signed-in',
});
export const CAPK_DOWNLOAD_END_ROW = /* @__PURE__ */ managementRow({
  kind: 'capk-download-end', name: 'CA public key download end', localName: 'IC卡公钥下载结束', mti: '0800', responseMti: '0810',
  networkCodes: ['371'], mandatory: PARAMETER_REQUEST, conditional: [11], response: MANAGEMENT_RESPONSE, when: 'signed-in',
});
// 364 in newer terminal code, 360 in older.
export const TERMINAL_PARAMETERS_ROW = /* @__PURE__ */ managementRow({
  kind: 'terminal-parameters', name: 'Terminal parameter download', localName: 'POS参数传递', mti: '0800', responseMti: '0810',
  networkCodes: ['364', '360'], mandatory: PARAMETER_REQUEST, conditional: [11], response: PARAMETER_RESPONSE, when: 'signed-in',
});
export const TERMINAL_PARAMETERS_END_ROW = /* @__PURE__ */ managementRow({
  kind: 'terminal-parameters-end', name: 'Terminal parameter download end', localName: 'POS参数下载结束', mti: '0800', responseMti: '0810',
  networkCodes: ['361'], mandatory: PARAMETER_REQUEST, conditional: [11], response: MANAGEMENT_RESPONSE, when: 'signed-in',
});
export const STATUS_UPLOAD_ROW = /* @__PURE__ */ managementRow({
  kind: 'status-upload', name: 'POS status upload', localName: 'POS状态上送', mti: '0820', responseMti: '0830',
  networkCodes: ['362'], mandatory: [PARAMETER_REQUEST, 62], conditional: [11], response: MANAGEMENT_RESPONSE, when: 'signed-in',
});
// Master key download (60.2 000000): before any sign-in, so at any time; its 62 layout is the acquirer's.
export const TMK_DOWNLOAD_ROW = /* @__PURE__ */ managementRow({
  kind: 'tmk-download', name: 'Master key download', localName: '主密钥下载', mti: '0800', responseMti: '0810',
  networkCodes: ['401'], mandatory: PARAMETER_REQUEST, conditional: [11, 62, 63], response: PARAMETER_RESPONSE, when: 'always',
});
// Card-BIN and blacklist lists and the QPS (小额免密免签) parameters: recognised, their 62 kept raw.
export const LIST_DOWNLOAD_ROW = /* @__PURE__ */ managementRow({
  kind: 'list-download', name: 'Card-BIN, blacklist or QPS parameter download', localName: '卡BIN/黑名单/免密参数下载',
  mti: '0800', responseMti: '0810',
  networkCodes: ['390', '394', '396', '398', '960'], mandatory: PARAMETER_REQUEST, conditional: [11, 62], response: PARAMETER_RESPONSE, when: 'signed-in',
});
export const LIST_DOWNLOAD_END_ROW = /* @__PURE__ */ managementRow({
  kind: 'list-download-end', name: 'Card-BIN, blacklist or QPS download end', localName: '卡BIN/黑名单/免密参数下载结束',
  mti: '0800', responseMti: '0810',
  networkCodes: ['391', '395', '397', '399', '961'], mandatory: PARAMETER_REQUEST, conditional: [11], response: MANAGEMENT_RESPONSE, when: 'signed-in',
});
// 0620 after a chip approval whose scripts the card ran: 3, 4, 22, 23 and 38 of the original, 60.4/60.5 too.
export const SCRIPT_NOTIFICATION_ROW = /* @__PURE__ */ row({
  kind: 'script-notification', name: 'IC script result notification', localName: 'IC卡脚本处理结果通知', mti: '0620', responseMti: '0630',
  transactionType: '00', networkCodes: ['951'],
  mandatory: [3, 11, 22, 41, 42, 55, 60, 61, 64], conditional: [2, 4, 23, 32, 37, 38, 49],
  response: [2, 3, 4, 11, 12, 13, 32, 37, 39, 41, 42, 49, 60, 64],
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: false, when: 'signed-in', upload: null,
});
// Chip transactions the host approved but the card did not (ARPC failed, card declined): 204 after a
// balanced settlement, 206 after an unbalanced one, with a 62 record naming what failed.
export const CHIP_FAILURE_UPLOAD_ROW = /* @__PURE__ */ managementRow({
  kind: 'chip-failure-upload', name: 'IC card failed transaction upload', localName: 'IC卡失败交易批上送',
  mti: '0320', responseMti: '0330', networkCodes: ['204', '206'],
  mandatory: [2, 4, 11, 22, 41, 42, 55, 60, 62], conditional: [23],
  response: [2, 4, 11, 12, 13, 32, 37, 39, 41, 42, 60], when: 'settling',
});
// An electronic-cash sale the card approved offline, uploaded online before settlement (0200, 60.1 36).
export const EC_OFFLINE_UPLOAD_ROW = /* @__PURE__ */ row({
  kind: 'ec-offline-upload', name: 'Electronic cash offline sale upload', localName: '电子现金脱机消费上送', mti: '0200', responseMti: '0210',
  processingCode: '000000', conditionCode: '00', transactionType: '36', networkCodes: ['000'], twinOf: 'sale',
  mandatory: [2, 3, 4, 11, 22, 25, 41, 42, 49, 55, 60, 63, 64], conditional: [14, 23],
  response: ADVICE_RESPONSE,
  reversible: false, mac: true,
  authorised: false, totals: 'debit', cancels: null, amends: false, when: 'open-batch', upload: 'advice',
});
// Merchant-presented (B2C) QR: the terminal asks for a code to show, marked by its order number in 59 A5;
// the answer carries the code (59 A6) and moves no money: the payment is known from the result query.
export const QR_ORDER_ROW = /* @__PURE__ */ row({
  kind: 'qr-order', name: 'Merchant-presented QR order', localName: '主扫下单', mti: '0200', responseMti: '0210',
  processingCode: '000000', conditionCode: '00', transactionType: '22', networkCodes: ['000'], marker: '59.A5', twinOf: 'sale',
  mandatory: [3, 4, 11, 22, 25, 41, 42, 49, 59, 60, 64], conditional: [63],
  response: [3, 4, 11, 12, 13, 25, 32, 37, 39, 41, 42, 49, 59, 60, 64],
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: false, when: 'open-batch', upload: null,
});
// 消费结果查询 (60.1 61, 3 = 000010): what became of a payment answered "in progress" or left unanswered.
export const QR_RESULT_QUERY_ROW = /* @__PURE__ */ row({
  kind: 'qr-result-query', name: 'Payment result query', localName: '消费结果查询', mti: '0200', responseMti: '0210',
  processingCode: '000010', conditionCode: '00', transactionType: '61', networkCodes: ['000'],
  mandatory: [3, 11, 41, 42, 60, 61, 64], conditional: [4, 25, 49, 59],
  // The original's authorisation code comes back as the host wants it, in 38, but the query authorises nothing.
  response: [ADVICE_RESPONSE, 59, 61],
  reversible: false, mac: true,
  authorised: false, totals: null, cancels: null, amends: false, when: 'always', upload: null,
});

/** Every CUP POS transaction, keyed by kind. The QR (C2B) sale is a `sale` with 22 = `03x` and 59 tag `A3`. */
export const TRANSACTIONS: Readonly<Record<TransactionKind, TransactionDef>> = /* @__PURE__ */ Object.freeze({
  'sign-in': SIGN_IN_ROW,
  'sign-out': SIGN_OUT_ROW,
  echo: ECHO_ROW,
  balance: BALANCE_ROW,
  sale: SALE_ROW,
  void: VOID_ROW,
  refund: REFUND_ROW,
  preauth: PREAUTH_ROW,
  'preauth-void': PREAUTH_VOID_ROW,
  'preauth-completion': PREAUTH_COMPLETION_ROW,
  'preauth-completion-void': PREAUTH_COMPLETION_VOID_ROW,
  'preauth-completion-advice': PREAUTH_COMPLETION_ADVICE_ROW,
  'offline-settlement': OFFLINE_SETTLEMENT_ROW,
  adjustment: ADJUSTMENT_ROW,
  tip: TIP_ROW,
  reversal: REVERSAL_ROW,
  settlement: SETTLEMENT_ROW,
  'batch-upload': BATCH_UPLOAD_ROW,
  'batch-upload-end': BATCH_UPLOAD_END_ROW,
  'ic-tc-upload': IC_TC_UPLOAD_ROW,
  'advice-upload': ADVICE_UPLOAD_ROW,
  'sm-sign-in': SM_SIGN_IN_ROW,
  'aid-query': AID_QUERY_ROW,
  'aid-download': AID_DOWNLOAD_ROW,
  'aid-download-end': AID_DOWNLOAD_END_ROW,
  'capk-query': CAPK_QUERY_ROW,
  'capk-download': CAPK_DOWNLOAD_ROW,
  'capk-download-end': CAPK_DOWNLOAD_END_ROW,
  'terminal-parameters': TERMINAL_PARAMETERS_ROW,
  'terminal-parameters-end': TERMINAL_PARAMETERS_END_ROW,
  'status-upload': STATUS_UPLOAD_ROW,
  'tmk-download': TMK_DOWNLOAD_ROW,
  'list-download': LIST_DOWNLOAD_ROW,
  'list-download-end': LIST_DOWNLOAD_END_ROW,
  'script-notification': SCRIPT_NOTIFICATION_ROW,
  'chip-failure-upload': CHIP_FAILURE_UPLOAD_ROW,
  'ec-offline-upload': EC_OFFLINE_UPLOAD_ROW,
  'qr-order': QR_ORDER_ROW,
  'qr-result-query': QR_RESULT_QUERY_ROW,
});

/** Every transaction kind in table order. */
export const TRANSACTION_KINDS: readonly TransactionKind[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(TRANSACTIONS) as TransactionKind[]);

/** The text of a field or subfield when it is a string (decoded composites may still be raw text). */
export function textAt(m: Message, path: string): string | undefined {
  const v = m.get(path);
  return typeof v === 'string' ? v : undefined;
}

/** Whether `def` accepts the message's 60.3; financial requests that stop after 60.2 count as `000`. */
function networkCodeFits(def: TransactionDef, code: string | undefined): boolean {
  return code === undefined ? def.networkCodes.includes('000') : def.networkCodes.includes(code);
}

/** Rows among `rows` whose marker the message carries, else the rows that need none. */
function byMarker(rows: readonly TransactionDef[], m: Message): readonly TransactionDef[] {
  if (!rows.some((d) => d.marker !== undefined)) return rows;
  const marked = rows.filter((d) => d.marker !== undefined && m.has(d.marker));
  return marked.length > 0 ? marked : rows.filter((d) => d.marker === undefined);
}

/** The one row among `rows` matching 3 and 25, or 3 alone, when 60.1 names none. */
function byProcessingCode(rows: readonly TransactionDef[], m: Message): TransactionDef | undefined {
  const f3 = textAt(m, '3');
  const f25 = textAt(m, '25');
  const same3 = rows.filter((d) => d.twinOf === undefined && d.processingCode !== undefined && d.processingCode === f3);
  const both = same3.filter((d) => d.conditionCode === f25);
  if (both.length === 1) return both[0];
  return same3.length === 1 ? same3[0] : undefined;
}

/**
 * The transaction a request (or its response: 0210 names a sale like 0200 does) belongs to, by MTI,
 * 60.1 and 60.3, then by fields 3 and 25 when 60.1 is missing or private. A 0400/0410 is a `reversal`.
 */
export function identifyTransaction(m: Message): TransactionKind | undefined {
  expectMessage(m, 'm');
  const mti = m.mti;
  if (mti === '0400' || mti === '0410') return 'reversal';
  if ((mti === '0320' || mti === '0330') && identifyUploadedAdvice(m) !== undefined) return 'advice-upload';
  const rows = TRANSACTION_KINDS.map((k) => TRANSACTIONS[k]).filter(
    (d) => d.kind !== 'reversal' && (d.mti === mti || d.responseMti === mti),
  );
  if (rows.length === 0) return undefined;
  const type = textAt(m, '60.1');
  const network = textAt(m, '60.3');
  const typed = byMarker(rows.filter((d) => d.transactionType === type && networkCodeFits(d, network)), m);
  if (typed.length === 1) return typed[0]!.kind;
  if (typed.length > 1) return byProcessingCode(typed, m)?.kind;
  return byProcessingCode(byMarker(rows, m), m)?.kind;
}

/** The transaction a reversal (0400/0410) reverses, read from the original's 3, 25, 60.1 and 60.3 it repeats. */
export function identifyReversedTransaction(m: Message): TransactionKind | undefined {
  expectMessage(m, 'm');
  if (m.mti !== '0400' && m.mti !== '0410') return undefined;
  const type = textAt(m, '60.1');
  const network = textAt(m, '60.3');
  const rows = TRANSACTION_KINDS.map((k) => TRANSACTIONS[k]).filter(
    (d) => d.mti === '0200' || d.mti === '0100',
  );
  const typed = byMarker(rows.filter((d) => d.transactionType === type && networkCodeFits(d, network)), m);
  if (typed.length === 1) return typed[0]!.kind;
  return byProcessingCode(typed.length > 1 ? typed : byMarker(rows, m), m)?.kind;
}

/** The advice (refund, offline settlement, completion advice) a detail upload (0320, 60.3 201) carries, named by the original's 60.1 it repeats. */
export function identifyUploadedAdvice(m: Message): TransactionKind | undefined {
  expectMessage(m, 'm');
  if (m.mti !== '0320' && m.mti !== '0330') return undefined;
  const type = textAt(m, '60.1');
  if (type === undefined || !networkCodeFits(TRANSACTIONS['advice-upload'], textAt(m, '60.3'))) return undefined;
  return TRANSACTION_KINDS.find((k) => TRANSACTIONS[k].upload === 'advice' && TRANSACTIONS[k].transactionType === type);
}

/** The MTI a host answers a transaction with, e.g. a sale (`0200`) → `'0210'`. */
export function responseMtiOf(kind: TransactionKind): string {
  expectKind(kind);
  return TRANSACTIONS[kind].responseMti;
}

/** `value` when it is a transaction kind of the table, else BAD_ARGUMENT naming the argument. */
export function expectKind(value: unknown, name = 'kind'): TransactionKind {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(TRANSACTIONS, value)) return value as TransactionKind;
  throw badArgument(name, 'a transaction kind', typeof value === 'string' ? 'another string' : shapeOf(value));
}
