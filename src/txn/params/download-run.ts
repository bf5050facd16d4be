/**
 * A parameter download run as terminals make it (§3.13; github:CaoEnXin/LiaoYang_POS `DownLoadEmvParam`,
 * `DownLoadCAPK`, `PosDownLoadParam`): query what the host holds (again while it answers "more to follow"),
 * download each entry, then end the run. Terminal parameters and the blacklist have no query: one download, then
 * the end. Plain data, persisted with the session; pure steps that say which
 * request comes next and what an answer brought.
 */
import { Iso8583Error } from '../../errors.js';
import type { Message } from '../../message/message.js';
import type { ManagementContext } from '../management.js';
import type { ParameterOutcome } from '../response.js';
import type { TransactionKind } from '../types.js';
import { readAidParameters, readCaKeyList, readCaPublicKey, readParameterAnswer, aidListOf } from './emv-parameters.js';
import {
  buildAidDownload,
  buildAidQuery,
  buildCaKeyDownload,
  buildCaKeyQuery,
  buildDownloadEnd,
  buildListDownload,
  buildTerminalParameterDownload,
} from './parameter-requests.js';
import { readTerminalParameters, type NumberedParameterOptions } from './terminal-parameters.js';

/**
 * What a run downloads: the IC (AID) parameters, the CA public keys (RSA or SM), the terminal parameters, or the
 * card blacklist (0800 390, ended by 391; its answer's 62 stays raw, the acquirer's layout).
 */
export type DownloadRun = 'aids' | 'ca-keys' | 'sm-ca-keys' | 'terminal-parameters' | 'blacklist';

export const DOWNLOAD_RUNS: readonly DownloadRun[] = Object.freeze(['aids', 'ca-keys', 'sm-ca-keys', 'terminal-parameters', 'blacklist']);

/** A run of one download and its end, without a query. */
function single(run: DownloadRun): boolean {
  return run === 'terminal-parameters' || run === 'blacklist';
}

/** Where a run stands. `items` are the AIDs, or RID + index of the CA keys, the queries listed. */
export interface DownloadProgress {
  run: DownloadRun;
  stage: 'query' | 'download' | 'end';
  items: string[];
  /** The next item to download. */
  next: number;
}

/** A run at its first step: a query, or for terminal parameters the download itself. */
export function startDownload(run: DownloadRun): DownloadProgress {
  if (!DOWNLOAD_RUNS.includes(run)) {
    throw new Iso8583Error('INVALID_INPUT', 'download run must be aids, ca-keys, sm-ca-keys, terminal-parameters or blacklist', { path: 'run', expected: DOWNLOAD_RUNS.join(', ') });
  }
  return { run, stage: single(run) ? 'download' : 'query', items: [], next: 0 };
}

/** Checks a persisted run. */
export function checkDownloadProgress(p: unknown, path = 'download'): asserts p is DownloadProgress | null {
  if (p === null) return;
  const d = p as Partial<DownloadProgress>;
  const ok =
    typeof d === 'object' &&
    DOWNLOAD_RUNS.includes(d.run!) &&
    (d.stage === 'query' || d.stage === 'download' || d.stage === 'end') &&
    Array.isArray(d.items) &&
    d.items.every((x) => typeof x === 'string' && /^([0-9A-F]{2})+$/.test(x)) &&
    Number.isInteger(d.next) &&
    d.next! >= 0 &&
    d.next! <= d.items.length;
  if (!ok) throw new Iso8583Error('BAD_STATE', 'parameter download progress is not valid', { path });
}

const END_CODES: Readonly<Record<DownloadRun, '381' | '371' | '361' | '391'>> = { aids: '381', 'ca-keys': '371', 'sm-ca-keys': '371', 'terminal-parameters': '361', blacklist: '391' };

/** The kinds of the download and of the end of each run (its query is `aid-query` or `capk-query`). */
const STEP_KINDS: Readonly<Record<DownloadRun, readonly [TransactionKind, TransactionKind]>> = {
  aids: ['aid-download', 'aid-download-end'],
  'ca-keys': ['capk-download', 'capk-download-end'],
  'sm-ca-keys': ['capk-download', 'capk-download-end'],
  'terminal-parameters': ['terminal-parameters', 'terminal-parameters-end'],
  blacklist: ['list-download', 'list-download-end'],
};

/** The kind of request the run makes next. */
export function downloadStepKind(p: DownloadProgress): TransactionKind {
  if (p.stage === 'query') return p.run === 'aids' ? 'aid-query' : 'capk-query';
  return STEP_KINDS[p.run][p.stage === 'download' ? 0 : 1];
}

/** The request the run makes next. */
export function downloadStep(p: DownloadProgress, ctx: ManagementContext): { kind: TransactionKind; message: Message } {
  const kind = downloadStepKind(p);
  const received = Math.min(p.items.length, 99);
  const item = p.items[p.next] ?? '';
  switch (kind) {
    case 'aid-query':
      return { kind, message: buildAidQuery(ctx, { received }) };
    case 'capk-query':
      return { kind, message: buildCaKeyQuery(ctx, { received, sm: p.run === 'sm-ca-keys' }) };
    case 'terminal-parameters':
      return { kind, message: buildTerminalParameterDownload(ctx) };
    case 'list-download':
      return { kind, message: buildListDownload(ctx, { code: '390' }) };
    case 'aid-download':
      return { kind, message: buildAidDownload(ctx, { aid: item }) };
    case 'capk-download':
      return { kind, message: buildCaKeyDownload(ctx, { rid: item.slice(0, 10), index: item.slice(10, 12) }) };
    default:
      return { kind, message: buildDownloadEnd(ctx, END_CODES[p.run]) };
  }
}

/** The kinds of request a run sends. */
export const DOWNLOAD_KINDS: readonly TransactionKind[] = Object.freeze([
  'aid-query',
  'aid-download',
  'aid-download-end',
  'capk-query',
  'capk-download',
  'capk-download-end',
  'terminal-parameters',
  'terminal-parameters-end',
  'list-download',
  'list-download-end',
]);

/**
 * The run after an answer to its step, and what the answer brought. A declined query or end finishes the
 * run; a declined or empty download skips its entry (terminal code moves on to the next key).
 */
export function applyDownloadAnswer(
  p: DownloadProgress,
  m: Message,
  approved: boolean,
  options: Pick<NumberedParameterOptions, 'gbk' | 'lengths'> = {},
): { progress: DownloadProgress | null; parameters?: ParameterOutcome } {
  if (p.stage === 'end') return { progress: null };
  if (p.stage === 'query') {
    if (!approved) return { progress: null };
    const answer = readParameterAnswer(m);
    const items = p.run === 'aids' ? (answer.control.hasData ? aidListOf(answer.list) : []) : readCaKeyList(m).keys.map((k) => k.rid + k.index);
    const all = [...p.items, ...items.map((x) => x.toUpperCase())];
    const parameters: ParameterOutcome = p.run === 'aids' ? { aids: items } : { caKeys: readCaKeyList(m).keys };
    if (answer.control.more) return { progress: { ...p, items: all }, parameters };
    return { progress: all.length === 0 ? null : { ...p, stage: 'download', items: all, next: 0 }, parameters };
  }
  const following = (): DownloadProgress =>
    single(p.run) || p.next + 1 >= p.items.length ? { ...p, stage: 'end', next: p.items.length } : { ...p, next: p.next + 1 };
  if (!approved) return { progress: following() };
  if (p.run === 'blacklist') return { progress: following() };
  if (p.run === 'terminal-parameters') return { progress: following(), parameters: { terminal: readTerminalParameters(m, options) } };
  if (p.run === 'aids') {
    const a = readAidParameters(m);
    return { progress: following(), ...(a.parameters !== null ? { parameters: { aid: a.parameters } } : {}) };
  }
  const k = readCaPublicKey(m);
  return { progress: following(), ...(k.key !== null ? { parameters: { caKey: k.key } } : {}) };
}
