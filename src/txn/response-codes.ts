/**
 * CUP POS response codes (field 39) with the CUP action class and what a terminal should do.
 * Meanings and classes follow the CUP POS response-code table as quoted in terminal code and the
 * display texts of Q/CUP 006.6-2015 annex A.
 *
 * Classes: A success; B failed, may retry (after re-sign-in where noted); C failed, do not retry;
 * D failed, operator action (retain card, contact the acquirer); E failed, system fault.
 *
 * The action `reversal-needed` is never the answer to a 39 value: it names the terminal's own
 * situations (no response in time, a response whose MAC fails, an approval the POS could not
 * complete). In particular 98 from the host means the switch got no answer from the issuer; the
 * transaction is declined and the switch settles the issuer side, so the terminal does not reverse.
 */
import { Iso8583Error } from '../errors.js';

/** What a terminal does after a response. */
export type ResponseAction =
  | 'approved'
  | 'partially-approved'
  | 'declined'
  | 'retry'
  | 're-sign-in'
  | 'reversal-needed'
  | 'refer-to-issuer'
  | 'retain-card';

/** One response code: its meaning in English and Chinese, CUP class and terminal action. */
export interface ResponseCodeInfo {
  code: string;
  meaning: string;
  localMeaning?: string;
  cupClass: 'A' | 'B' | 'C' | 'D' | 'E';
  action: ResponseAction;
}

type Row = [code: string, cupClass: ResponseCodeInfo['cupClass'], action: ResponseAction, meaning: string, localMeaning: string];

const ROWS: readonly Row[] = [
  ['00', 'A', 'approved', 'approved', '承兑或交易成功'],
  ['01', 'C', 'refer-to-issuer', 'refer to card issuer', '查发卡行'],
  ['02', 'C', 'refer-to-issuer', 'refer to card issuer, special condition', '查发卡行的特殊条件'],
  ['03', 'C', 'declined', 'invalid merchant', '无效商户'],
  ['04', 'D', 'retain-card', 'pick up card', '没收卡'],
  ['05', 'C', 'declined', 'do not honour; cardholder authentication failed', '身份认证失败'],
  ['06', 'E', 'declined', 'error', '出错'],
  ['07', 'D', 'retain-card', 'pick up card, special condition', '特殊条件下没收卡'],
  ['09', 'B', 'retry', 'request in progress', '请求正在处理中'],
  ['10', 'A', 'partially-approved', 'partial amount approved', '部分金额批准'],
  ['11', 'A', 'approved', 'approved (VIP)', '重要人物批准(VIP)'],
  ['12', 'C', 'declined', 'invalid transaction or related transaction mismatch', '无效的关联交易'],
  ['13', 'B', 'retry', 'invalid amount', '无效金额'],
  ['14', 'B', 'retry', 'invalid card number', '无效卡号(无此账号)'],
  ['15', 'C', 'declined', 'no such issuer', '无此发卡方'],
  ['21', 'C', 'declined', 'card not initialised or dormant', '卡未初始化'],
  ['22', 'C', 'declined', 'suspected malfunction; related transaction state mismatch', '故障怀疑,关联交易错误'],
  ['25', 'C', 'declined', 'original transaction not found', '找不到原始交易'],
  ['30', 'C', 'declined', 'format error', '报文格式错误'],
  ['33', 'D', 'retain-card', 'expired card, pick up', '过期的卡'],
  ['34', 'D', 'retain-card', 'suspected fraud, pick up', '有作弊嫌疑'],
  ['38', 'D', 'declined', 'allowable PIN tries exceeded', '超过允许的PIN试输入'],
  ['40', 'C', 'declined', 'function not supported', '请求的功能尚不支持'],
  ['41', 'D', 'retain-card', 'lost card, pick up', '挂失卡'],
  ['43', 'D', 'retain-card', 'stolen card, pick up', '被窃卡'],
  ['45', 'C', 'declined', 'fallback not allowed; use the chip', '不允许降级交易,请使用IC卡'],
  ['51', 'C', 'declined', 'insufficient funds', '资金不足'],
  ['54', 'C', 'declined', 'expired card', '过期的卡'],
  ['55', 'C', 'declined', 'incorrect PIN', '不正确的PIN'],
  ['57', 'C', 'declined', 'transaction not permitted to cardholder', '不允许持卡人进行的交易'],
  ['58', 'C', 'declined', 'transaction not permitted to terminal', '不允许终端进行的交易'],
  ['59', 'C', 'declined', 'suspected fraud; card verification failed', '有作弊嫌疑'],
  ['61', 'C', 'declined', 'exceeds withdrawal amount limit', '超出金额限制'],
  ['62', 'C', 'declined', 'restricted card', '受限制的卡'],
  ['64', 'C', 'declined', 'original amount mismatch', '原始金额错误'],
  ['65', 'C', 'declined', 'exceeds withdrawal frequency limit', '超出取款/消费次数限制'],
  ['68', 'C', 'declined', 'issuer response received too late', '发卡行响应超时'],
  ['75', 'C', 'declined', 'allowable PIN tries exceeded', '允许的输入PIN次数超限'],
  ['77', 'D', 're-sign-in', 'terminal batch differs from the centre; sign in again', 'POS批次与网络中心不一致'],
  ['79', 'C', 'declined', 'offline data upload unbalanced', '脱机交易对账不平'],
  ['90', 'C', 'declined', 'cut-over in progress', '正在日终处理'],
  ['91', 'C', 'declined', 'issuer or switch inoperative', '发卡方状态不正常'],
  ['92', 'C', 'declined', 'issuer unreachable', '发卡方线路异常'],
  ['94', 'C', 'declined', 'duplicate transaction', '重复交易'],
  ['96', 'C', 'declined', 'switch system malfunction', '交换中心异常'],
  ['97', 'D', 'declined', 'terminal not registered', '终端未登记'],
  ['98', 'E', 'declined', 'switch received no response from the issuer', '发卡方超时'],
  ['99', 'B', 're-sign-in', 'PIN format error; sign in again', 'PIN格式错'],
  ['A0', 'B', 're-sign-in', 'MAC verification failed; sign in again', 'MAC校验错'],
  ['A1', 'C', 'declined', 'transfer currency mismatch', '转账货币不一致'],
  ['A2', 'A', 'approved', 'approved with a defect; confirm with the cardholder', '有缺陷的成功'],
  ['A3', 'C', 'declined', 'destination account not found', '资金到账行无此账户'],
  ['A4', 'A', 'approved', 'approved with a defect; confirm with the cardholder', '有缺陷的成功'],
  ['A5', 'A', 'approved', 'approved with a defect; confirm with the cardholder', '有缺陷的成功'],
  ['A6', 'A', 'approved', 'approved with a defect; confirm with the cardholder', '有缺陷的成功'],
  ['A7', 'C', 'declined', 'security processing failure', '安全处理失败'],
  // Terminal-generated EMV codes for an offline approval (Y1 before, Y3 after a failed go-online).
  ['Y1', 'A', 'approved', 'offline approved', '脱机批准'],
  ['Y3', 'A', 'approved', 'approved offline after the host could not be reached', '无法联机,脱机批准'],
];

/** Every known response code, keyed by code. */
export const RESPONSE_CODES: Readonly<Record<string, ResponseCodeInfo>> = Object.freeze(
  Object.fromEntries(
    ROWS.map(([code, cupClass, action, meaning, localMeaning]) => [
      code,
      Object.freeze({ code, meaning, localMeaning, cupClass, action }),
    ]),
  ),
);

/** Meaning, class and action of a field 39 value; a code the table does not know is a class C decline. */
export function classifyResponseCode(code: string): ResponseCodeInfo {
  if (typeof code !== 'string') {
    throw new Iso8583Error('BAD_TYPE', 'response code must be a string', { path: '39', expected: 'string' });
  }
  const known = Object.prototype.hasOwnProperty.call(RESPONSE_CODES, code) ? RESPONSE_CODES[code] : undefined;
  return known ?? { code, meaning: 'unknown response code', cupClass: 'C', action: 'declined' };
}

/** Whether a field 39 value approves the transaction, in full or in part. */
export function isApproval(code: string): boolean {
  const action = classifyResponseCode(code).action;
  return action === 'approved' || action === 'partially-approved';
}
