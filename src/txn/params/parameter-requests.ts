/**
 * Builders of the CUP POS management requests after sign-in (§3.13): the SM (国密) sign-in, the AID and CA
 * public key queries, downloads and ends, terminal parameter download, status upload, master key
 * download and the card-BIN / blacklist / QPS list downloads. Each checks its inputs first (one
 * `INVALID_INPUT` naming every problem) and returns an unsigned message: none of these carries a MAC.
 */
import { isHex } from '../../bytes/hex.js';
import type { Message } from '../../message/message.js';
import { checkContext } from '../builders/context.js';
import { checkRecord, InputProblems } from '../builders/validate-input.js';
import { type ManagementContext, managementHeader, signInRequest, type TerminalInfo } from '../management.js';
import { DEFAULT_STATUS_ITEMS, type NumberedParameter, numberedParameterBytes, type NumberedParameterOptions } from './terminal-parameters.js';

/** 60.3 of an SM (国密) sign-in: `005` or `006`, as the acquirer defines it. */
export type SmSignInCode = '005' | '006';

export interface SmSignInInput {
  /** 60.3 (default `005`). */
  code?: SmSignInCode;
  terminalInfo?: TerminalInfo;
}

/** Where a query run stands: how many entries the terminal already received (0 to 99). */
export interface ParameterQueryInput {
  received?: number;
}

export interface CaKeyQueryInput extends ParameterQueryInput {
  /** Ask for the SM (国密) CA keys (60.3 373) instead of the RSA ones (372). */
  sm?: boolean;
}

/** 60.3 of a download end: AID (381), CA keys (371), terminal parameters (361), lists (391, 395, 397, 399, 961). */
export type DownloadEndCode = '381' | '371' | '361' | '391' | '395' | '397' | '399' | '961';

/** 60.3 of a list download: IC blacklist (390), QPS parameters (394), QPS card BINs (396), QPS BIN blacklist (398), card BINs (960). */
export type ListDownloadCode = '390' | '394' | '396' | '398' | '960';

export interface ListDownloadInput {
  code: ListDownloadCode;
  /** Field 62 as the acquirer wants it (bytes or hex), when the request carries one. */
  data?: Uint8Array | string;
}

export interface StatusUploadInput {
  /** The status items (default: 01 to 05, each `1`). */
  items?: readonly NumberedParameter[];
  /** Value lengths of the items by number. */
  lengths?: NumberedParameterOptions['lengths'];
}

export interface TmkDownloadInput {
  /** Field 62: what the acquirer's master key download asks for (a transport key check, a random factor…), bytes or hex. */
  data?: Uint8Array | string;
}

const DOWNLOAD_ENDS: readonly string[] = ['381', '371', '361', '391', '395', '397', '399', '961'];
const LIST_DOWNLOADS: readonly string[] = ['390', '394', '396', '398', '960'];

function begin(ctx: unknown): { p: InputProblems; c: ReturnType<typeof checkContext> } {
  const p = new InputProblems();
  return { p, c: checkContext(p, ctx, false) };
}

/** An optional input object: `{}` when left out, a problem when it is not an object. */
function optionalInput(p: InputProblems, input: unknown): Record<string, unknown> {
  return input === undefined ? {} : (checkRecord(p, input, 'input') ?? {});
}

function checkReceived(p: InputProblems, received: unknown): number {
  const n = received ?? 0;
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 99)) {
    p.add('BAD_COUNT', 'entries received must be a whole number from 0 to 99', 'received', 'n 2');
    return 0;
  }
  return n;
}

function checkHexBytes(p: InputProblems, value: unknown, path: string, max: number): Uint8Array | string | undefined {
  if (value === undefined) return undefined;
  const ok =
    value instanceof Uint8Array
      ? value.length >= 1 && value.length <= max
      : typeof value === 'string' && value.length >= 2 && value.length <= 2 * max && value.length % 2 === 0 && isHex(value);
  if (!ok) p.add('BAD_DATA', `field 62 data must be 1 to ${max} bytes or their hex`, path, `b 1..${max}`);
  return ok ? (value as Uint8Array | string) : undefined;
}

/** 国密签到: the 0800 SM sign-in (60.3 005 or 006) with the terminal information block and the operator; its answer's 62 is the acquirer's. */
export function buildSmSignIn(ctx: ManagementContext, input?: SmSignInInput): Message {
  const p = new InputProblems();
  const c = checkContext(p, ctx, true);
  const i = optionalInput(p, input);
  const code = i['code'] ?? '005';
  if (code !== '005' && code !== '006') p.add('BAD_CODE', 'SM sign-in code must be 005 or 006', 'code', '005 or 006');
  return signInRequest(p, c, code as SmSignInCode, i['terminalInfo'] as TerminalInfo | undefined);
}

function query(ctx: ManagementContext, input: unknown, sm: boolean): Message {
  const { p, c } = begin(ctx);
  const i = optionalInput(p, input);
  const n = checkReceived(p, i['received']);
  const network = sm && i['sm'] === true ? '373' : sm ? '372' : '382';
  p.throwIfAny();
  const m = managementHeader(c!, '0820', network);
  m.set('62', { '1': '1', '2': String(n).padStart(2, '0') });
  return m;
}

/** IC卡参数查询: the 0820 (60.3 382) asking which AIDs the host holds after the first `received`. */
export function buildAidQuery(ctx: ManagementContext, input?: ParameterQueryInput): Message {
  return query(ctx, input, false);
}

/** IC卡公钥查询: the 0820 (60.3 372, or 373 for SM keys) asking which CA keys the host holds after the first `received`. */
export function buildCaKeyQuery(ctx: ManagementContext, input?: CaKeyQueryInput): Message {
  return query(ctx, input, true);
}

function isHexOf(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= 2 * min && value.length <= 2 * max && value.length % 2 === 0 && isHex(value);
}

/** IC卡参数下载: the 0800 (60.3 380) asking for one AID's parameters, named by the AID (5 to 16 bytes as hex). */
export function buildAidDownload(ctx: ManagementContext, input: { aid: string }): Message {
  const { p, c } = begin(ctx);
  const aid = input?.aid;
  if (!isHexOf(aid, 5, 16)) p.add('BAD_DATA', 'AID must be 5 to 16 bytes of hex', 'aid', 'hex 10..32');
  p.throwIfAny();
  const m = managementHeader(c!, '0800', '380');
  m.set('62', [{ tag: '9F06', value: aid!.toUpperCase() }]);
  return m;
}

/** IC卡公钥下载: the 0800 (60.3 370) asking for one CA key, named by RID (5 bytes) and index (1 byte), as hex. */
export function buildCaKeyDownload(ctx: ManagementContext, input: { rid: string; index: string }): Message {
  const { p, c } = begin(ctx);
  if (!isHexOf(input?.rid, 5, 5)) p.add('BAD_DATA', 'RID must be 5 bytes of hex', 'rid', 'hex 10');
  if (!isHexOf(input?.index, 1, 1)) p.add('BAD_DATA', 'CA key index must be 1 byte of hex', 'index', 'hex 2');
  p.throwIfAny();
  const m = managementHeader(c!, '0800', '370');
  m.set('62', [
    { tag: '9F06', value: input.rid.toUpperCase() },
    { tag: '9F22', value: input.index.toUpperCase() },
  ]);
  return m;
}

/** 下载结束: the 0800 closing a download run (60.3 381 AIDs, 371 CA keys, 361 terminal parameters, 391/395/397/399/961 lists). */
export function buildDownloadEnd(ctx: ManagementContext, code: DownloadEndCode): Message {
  const { p, c } = begin(ctx);
  if (!DOWNLOAD_ENDS.includes(code)) p.add('BAD_CODE', 'download end code must be 381, 371, 361, 391, 395, 397, 399 or 961', 'code', 'a download end code');
  p.throwIfAny();
  return managementHeader(c!, '0800', code);
}

/** POS参数传递: the 0800 asking for the terminal parameters (60.3 364, or 360 as older terminals send). */
export function buildTerminalParameterDownload(ctx: ManagementContext, input?: { code?: '364' | '360' }): Message {
  const { p, c } = begin(ctx);
  const code = optionalInput(p, input)['code'] ?? '364';
  if (code !== '364' && code !== '360') p.add('BAD_CODE', 'terminal parameter code must be 364 or 360', 'code', '364 or 360');
  p.throwIfAny();
  return managementHeader(c!, '0800', code as string);
}

/** POS状态上送: the 0820 (60.3 362) with the terminal's status items in 62. */
export function buildStatusUpload(ctx: ManagementContext, input?: StatusUploadInput): Message {
  const { p, c } = begin(ctx);
  const i = optionalInput(p, input) as StatusUploadInput;
  let data: Uint8Array | undefined;
  try {
    data = numberedParameterBytes(i.items ?? DEFAULT_STATUS_ITEMS, i.lengths === undefined ? {} : { lengths: i.lengths });
  } catch {
    p.add('BAD_DATA', 'status items must be known 2-digit numbers with printable values that fit', 'items', 'NumberedParameter[]');
  }
  if (data !== undefined && data.length === 0) p.add('BAD_DATA', 'a status upload carries at least one item', 'items', 'NumberedParameter[]');
  p.throwIfAny();
  const m = managementHeader(c!, '0820', '362');
  m.set('62', data!);
  return m;
}

/** 主密钥下载: the 0800 (60.3 401, 60.2 000000) asking for a new master key; 62 as the acquirer's scheme wants it. */
export function buildTmkDownload(ctx: ManagementContext, input?: TmkDownloadInput): Message {
  const { p, c } = begin(ctx);
  const data = checkHexBytes(p, optionalInput(p, input)['data'], 'data', 512);
  p.throwIfAny();
  const m = managementHeader(c!, '0800', '401');
  m.set('60.2', '000000');
  if (data !== undefined) m.set('62', data);
  return m;
}

/** 卡BIN/黑名单/免密参数下载: the 0800 asking for a list (60.3 390, 394, 396, 398 or 960), its 62 raw. */
export function buildListDownload(ctx: ManagementContext, input: ListDownloadInput): Message {
  const { p, c } = begin(ctx);
  if (!LIST_DOWNLOADS.includes(input?.code)) p.add('BAD_CODE', 'list download code must be 390, 394, 396, 398 or 960', 'code', 'a list download code');
  const data = checkHexBytes(p, input?.data, 'data', 512);
  p.throwIfAny();
  const m = managementHeader(c!, '0800', input.code);
  if (data !== undefined) m.set('62', data);
  return m;
}
