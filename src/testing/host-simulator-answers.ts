/**
 * What the simulated acquirer answers to the CUP management, chip-completion, SM and scanned-code exchanges:
 * one function per transaction, each taking the request and what the host holds and returning the verdict
 * (response code, reason, fields of the answer, and what changes once the answer exists). They read no
 * simulator state of their own, so a host built another way can answer with them too.
 */
import { Iso8583Error } from '../errors.js';
import { fromHex, toHex } from '../bytes/hex.js';
import type { CipherProvider } from '../crypto/cipher.js';
import { encryptSmWorkingKeys, SM_KEY_LAYOUT, type SmKeySlot } from '../crypto/cup-sm-keys.js';
import { SecretKey, type KeyInput } from '../crypto/key.js';
import { randomBytes, type RandomSource } from '../crypto/random.js';
import { sha1 } from '../crypto/sha1.js';
import type { CanonicalTlv, MessageInput } from '../message/engine.js';
import type { Dialect } from '../message/dialect.js';
import type { Message } from '../message/message.js';
import { isRequestMti, responseMti } from '../message/mti.js';
import {
  aidParameterTlv,
  caKeyReferenceTlv,
  caPublicKeyCheckValue,
  caPublicKeyTlv,
  type AidParameters,
  type CaPublicKey,
} from '../txn/params/emv-parameters.js';
import type { ListDownloadCode } from '../txn/params/parameter-requests.js';
import { numberedParameterBytes, parseNumberedParameters, type NumberedParameter, type NumberedParameterOptions } from '../txn/params/terminal-parameters.js';
import { textAt } from '../txn/transaction-table.js';
import type { ReconciliationResult } from '../txn/types.js';
import type { IssuedKeys } from './host-simulator-keys.js';
import { APPROVED, type RuleDecision } from './host-simulator-rules.js';

/** What the host decided about one request, and what it changes once the answer exists. */
export interface HostVerdict extends RuleDecision {
  /** Fields of the answer set over what the responder derives. */
  fields?: MessageInput['fields'];
  reconciliation?: { domestic: ReconciliationResult; foreign: ReconciliationResult };
  /** Applies the approval to keys, ledger and balances, given the answer (its RRN, auth code, date). */
  commit?: (answer: Message) => void;
}

/** One AID's parameters as the host holds them. */
export type HostAid = Omit<AidParameters, 'other'> & { other?: CanonicalTlv[] };

/** One CA public key as the host holds it; its check value (SHA-1) is computed when not given. */
export type HostCaKey = Omit<CaPublicKey, 'check' | 'other' | 'checkValue'> & { checkValue?: string; other?: CanonicalTlv[] };

/** The parameters the host hands out in the EMV parameter, terminal parameter and list exchanges. */
export interface HostParameters {
  /** IC parameters by AID (0820 382 lists them, 0800 380 downloads one). */
  aids?: readonly HostAid[];
  /** RSA CA public keys (0820 372, 0800 370). */
  caKeys?: readonly HostCaKey[];
  /** SM (国密) CA public keys (0820 373, downloaded by 0800 370 like the others). */
  smCaKeys?: readonly HostCaKey[];
  /** How many entries one query answer lists (default 10); more are announced with control code `2`. */
  perAnswer?: number;
  /** The terminal parameters of 0810 364/360, as numbered entries. */
  terminal?: readonly NumberedParameter[];
  /** How the terminal parameters are written: the GBK codec for the merchant name, other lengths. */
  terminalOptions?: NumberedParameterOptions;
  /** Field 62 of list downloads and the master key download, by 60.3; a code without data is answered `25`. */
  raw?: Partial<Record<ListDownloadCode | '401', Uint8Array>>;
}

const DEFAULT_PER_ANSWER = 10;

/** A request's 62 as the TLV list the dialect read, or empty. */
function tlvOf(request: Message, path = '62'): CanonicalTlv[] {
  const v = request.toObject().fields[path];
  return Array.isArray(v) ? v : [];
}

function tagValue(list: readonly CanonicalTlv[], tag: string): string | undefined {
  return list.find((t) => t.tag === tag)?.value?.toUpperCase();
}

/** 62 of a query answer: entries after the `received` the query names, at most `perAnswer`, with the control code. */
function queryAnswer(entries: readonly CanonicalTlv[][], request: Message, perAnswer = DEFAULT_PER_ANSWER): HostVerdict {
  const received = Number(textAt(request, '62.2') ?? '0');
  if (!Number.isInteger(received) || received < 0) return { code: '30', reason: 'format error: query count unreadable' };
  const page = entries.slice(received, received + perAnswer);
  if (page.length === 0) return { ...APPROVED, reason: 'nothing (more) to list', fields: { '62': { '1': '0' } } };
  const more = received + page.length < entries.length;
  return {
    ...APPROVED,
    reason: `${page.length} entr${page.length === 1 ? 'y' : 'ies'} listed${more ? ', more to follow' : ''}`,
    fields: { '62': { '1': more ? '2' : '1', '2': page.flat() } },
  };
}

/** IC参数查询 (0820 382): the AIDs the host holds, from the count the terminal already received. */
export function answerAidQuery(request: Message, params: HostParameters): HostVerdict {
  return queryAnswer((params.aids ?? []).map((a) => [{ tag: '9F06', value: a.aid.toUpperCase() }]), request, params.perAnswer);
}

/** 公钥查询 (0820 372, SM keys 373): RID, index and expiry of each CA key the host holds. */
export function answerCaKeyQuery(request: Message, params: HostParameters): HostVerdict {
  const keys = textAt(request, '60.3') === '373' ? (params.smCaKeys ?? []) : (params.caKeys ?? []);
  return queryAnswer(keys.map((k) => caKeyReferenceTlv({ rid: k.rid, index: k.index, ...(k.expiry !== undefined ? { expiry: k.expiry } : {}) })), request, params.perAnswer);
}

/** IC参数下载 (0800 380): the parameters of the AID the request names, or `25` when the host has none. */
export function answerAidDownload(request: Message, params: HostParameters): HostVerdict {
  const aid = tagValue(tlvOf(request), '9F06');
  const found = (params.aids ?? []).find((a) => a.aid.toUpperCase() === aid);
  if (found === undefined) return { code: '25', reason: 'no parameters for this AID' };
  return { ...APPROVED, reason: 'AID parameters sent', fields: { '62': { '1': '1', '2': aidParameterTlv({ ...found, other: found.other ?? [] }) } } };
}

/** 公钥下载 (0800 370): the CA key named by RID and index (RSA or SM), its check value computed when the host holds none. */
export function answerCaKeyDownload(request: Message, params: HostParameters): HostVerdict {
  const list = tlvOf(request);
  const rid = tagValue(list, '9F06');
  const index = tagValue(list, '9F22');
  const found = [...(params.caKeys ?? []), ...(params.smCaKeys ?? [])].find((k) => k.rid.toUpperCase() === rid && k.index.toUpperCase() === index);
  if (found === undefined) return { code: '25', reason: 'no CA key with this RID and index' };
  // The check value covers RID, index, modulus and exponent under SHA-1 only; other hashes are sent as held.
  const sha1Key = found.hashAlgorithm === undefined || found.hashAlgorithm === '01';
  const checkValue = found.checkValue ?? (sha1Key ? caPublicKeyCheckValue(found.rid, found.index, found.modulus, found.exponent) : undefined);
  const key = { ...found, ...(checkValue !== undefined ? { checkValue } : {}) };
  return { ...APPROVED, reason: 'CA key sent', fields: { '62': { '1': '1', '2': caPublicKeyTlv(key) } } };
}

/** POS参数传递 (0800 364/360): the numbered terminal parameters the host holds. */
export function answerTerminalParameters(params: HostParameters): HostVerdict {
  const entries = params.terminal ?? [];
  if (entries.length === 0) return { code: '25', reason: 'no terminal parameters held' };
  return { ...APPROVED, reason: `${entries.length} terminal parameters sent`, fields: { '62': numberedParameterBytes(entries, params.terminalOptions) } };
}

/** 卡BIN/黑名单/免密参数下载 and 主密钥下载: the raw 62 the host holds for the request's 60.3. */
export function answerRawDownload(request: Message, params: HostParameters): HostVerdict {
  const code = textAt(request, '60.3') as ListDownloadCode | '401' | undefined;
  const data = code === undefined ? undefined : params.raw?.[code];
  if (data === undefined) return { code: '25', reason: 'nothing held for this download' };
  return { ...APPROVED, reason: `${data.length} bytes sent`, fields: { '62': data.slice() } };
}

/** POS状态上送 (0820 362): acknowledged when its status items read as numbered entries. */
export function answerStatusUpload(request: Message, options: NumberedParameterOptions = {}): HostVerdict {
  const raw = request.get('62');
  if (!(raw instanceof Uint8Array)) return { code: '30', reason: 'format error: status items missing' };
  const { entries, unread } = parseNumberedParameters(raw, options);
  if (unread !== undefined || entries.length === 0) return { code: '30', reason: 'format error: status items unreadable' };
  return { ...APPROVED, reason: `${entries.length} status items received` };
}

/** A download end (381, 371, 361, 391 …): acknowledged. */
export function answerDownloadEnd(): HostVerdict {
  return { ...APPROVED, reason: 'download ended' };
}

/** Fresh SM4 working keys, as an SM sign-in issues them. */
export function issueSmWorkingKeys(random?: RandomSource): IssuedKeys {
  const key = () => {
    const bytes = randomBytes(16, random);
    try {
      return SecretKey.fromBytes('sm4', bytes);
    } finally {
      bytes.fill(0);
    }
  };
  return { layout: 'sm', pik: key(), mak: key(), tdk: key() };
}

/**
 * 国密签到 (0800 005/006): SM4 working keys under the terminal's SM4 master key in 62 (`layout`, default PIK,
 * MAK and TDK each with a 4-byte check value) and the batch in 60.2; `40` for a terminal without one.
 */
export function answerSmSignIn(
  smTmk: KeyInput | undefined,
  batch: string,
  install: (keys: IssuedKeys) => void,
  options: { random?: RandomSource; layout?: readonly SmKeySlot[]; provider?: CipherProvider } = {},
): HostVerdict {
  if (smTmk === undefined) return { code: '40', reason: 'no SM master key for this terminal' };
  const keys = issueSmWorkingKeys(options.random);
  const block = encryptSmWorkingKeys(keys, smTmk, { layout: options.layout ?? SM_KEY_LAYOUT, ...(options.provider !== undefined ? { provider: options.provider } : {}) });
  return {
    ...APPROVED,
    reason: `signed in with SM4 working keys, batch ${batch}`,
    fields: { '62': block, '60.2': batch },
    commit: () => install(keys),
  };
}

/** Chip requests whose answers carry issuer data: authorisations and financial requests read from a chip card. */
export function carriesIssuerData(request: Message): boolean {
  return (request.mti === '0100' || request.mti === '0200') && tagValue(tlvOf(request, '55'), '9F26') !== undefined && textAt(request, '60.1') !== '36';
}

/**
 * Field 55 of a chip answer: the ATC echoed (9F36), 91 = an 8-byte ARPC and the 2-byte response code (39 in
 * ASCII), and on an approval the issuer scripts given (71/72 templates). The simulator holds no issuer keys,
 * so its ARPC is a stand-in (the first 8 bytes of SHA-1 over ARQC and response code): terminals pass 91 to
 * the card and never check it themselves.
 */
export function chipIssuerData(request: Message, code: string, scripts: readonly CanonicalTlv[] = []): CanonicalTlv[] {
  const icc = tlvOf(request, '55');
  const arqc = tagValue(icc, '9F26') ?? '';
  const arc = toHex(Uint8Array.from([code.charCodeAt(0), code.charCodeAt(1)]));
  const arpc = toHex(sha1(fromHex(arqc + arc)).subarray(0, 8));
  const out: CanonicalTlv[] = [];
  const atc = tagValue(icc, '9F36');
  if (atc !== undefined) out.push({ tag: '9F36', value: atc });
  out.push({ tag: '91', value: arpc + arc });
  for (const s of scripts) {
    if (s?.tag !== '71' && s?.tag !== '72') {
      throw new Iso8583Error('INVALID_CONFIG', 'issuer scripts must be 71 or 72 templates', { path: 'issuerScripts', expected: '71 or 72' });
    }
    out.push(s);
  }
  return out;
}

/** 脚本通知 (0620 951): acknowledged, with the script results (DF31) the card reported. */
export function answerScriptNotification(request: Message, note: (results: string) => void): HostVerdict {
  const results = tagValue(tlvOf(request, '55'), 'DF31');
  if (results === undefined) return { code: '30', reason: 'format error: no script results (DF31)' };
  return { ...APPROVED, reason: 'script results received', commit: () => note(results) };
}

/** 失败交易批上送 (0320 204/206): acknowledged when its record names what failed. */
export function answerChipFailureUpload(request: Message): HostVerdict {
  const record = request.get('62');
  const text = record instanceof Uint8Array ? String.fromCharCode(...record.subarray(0, 2)) : typeof record === 'string' ? record.slice(0, 2) : '';
  if (text !== '71') return { code: '30', reason: 'format error: failed chip record unreadable' };
  return { ...APPROVED, reason: 'failed chip transaction recorded' };
}

/** The payment voucher (付款凭证码, 59 `A4`) the host gives a scanned-code payment: terminal, batch and STAN, 20 characters. */
export function qrVoucher(terminalId: string, batch: string, stan: string): string {
  return `${terminalId}${batch}${stan}`;
}

/** The code a merchant-presented order shows the customer (59 `A6`). */
export function qrOrderCode(terminalId: string, batch: string, stan: string): string {
  return `QR${terminalId}${batch}${stan}`;
}

/** 59 of an approval that carries a voucher. */
export function voucherField(voucher: string): MessageInput['fields'] {
  return { '59': [{ tag: 'A4', value: voucher }] };
}

/**
 * The answer to a request the host cannot serve (a transaction it does not know): the response MTI with 39 =
 * `code`, the time and date, and 3, 11, 41, 42 and 60 echoed when the request carried them.
 */
export function answerUnsupported(request: Message, dialect: Dialect, code: string, now: Date): Message {
  const answer = dialect.message(responseMti(request.mti));
  const two = (n: number) => String(n).padStart(2, '0');
  for (const f of ['3', '11']) if (request.has(f)) answer.set(f, request.get(f)!);
  answer.set('12', two(now.getHours()) + two(now.getMinutes()) + two(now.getSeconds()));
  answer.set('13', two(now.getMonth() + 1) + two(now.getDate()));
  answer.set('39', code);
  for (const f of ['41', '42', '60']) if (request.has(f)) answer.set(f, request.get(f)!);
  return answer;
}

/**
 * The answer to a request whose body does not decode: the response MTI, 11, 41 and 42 as far as they were
 * read, and 39 = `30` (format error); null when not even a request MTI was read.
 */
export function answerUndecodable(body: Uint8Array, dialect: Dialect): Message | null {
  const rows = dialect.describe(body, { partial: true }).rows;
  const value = (path: string) => rows.find((r) => r.path === path)?.value;
  const mti = value('MTI');
  if (typeof mti !== 'string' || !/^[0-9]{4}$/.test(mti) || !isRequestMti(mti)) return null;
  const answer = dialect.message(responseMti(mti));
  const copy = (path: string, shape: RegExp) => {
    const v = value(path);
    if (typeof v === 'string' && shape.test(v)) answer.set(path, v);
  };
  copy('11', /^[0-9]{6}$/);
  answer.set('39', '30');
  copy('41', /^[\x20-\x7E]{8}$/);
  copy('42', /^[\x20-\x7E]{15}$/);
  return answer;
}
