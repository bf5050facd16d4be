/**
 * What the host asks a terminal to do next through digit 6 of the CUP header of its answers (处理要求,
 * research notes §1): `1` download terminal parameters, `2` upload the terminal status, `3` sign in again,
 * `4` download CA public keys, `5` download IC (AID) parameters, `6` application download, `7` download the
 * card-BIN blacklist. `8` and `9` differ between acquirers. Public terminal code (github:CaoEnXin/
 * LiaoYang_POS `OnlineDownOrUp`, and a POS vendor's `ProcessRequestManager`) acts on 1–7 this way.
 */
import { Iso8583Error } from '../../errors.js';
import type { TransactionKind } from '../types.js';

/** What a processing requirement asks for. */
export type HostRequirement =
  | 'none'
  | 'download-parameters'
  | 'upload-status'
  | 'sign-in'
  | 'download-ca-keys'
  | 'download-ic-parameters'
  | 'download-application'
  | 'download-blacklist'
  | 'acquirer-defined';

/** The requirement of one digit and the requests that fulfil it, in the order to send them. */
export interface RequiredAction {
  digit: string;
  requirement: HostRequirement;
  /**
   * The exchanges to run: a query is repeated while its answer says more follow, then one download per
   * entry, then the end. Empty for `none`, for an application download (outside ISO 8583) and for digits
   * the acquirer defines.
   */
  transactions: readonly TransactionKind[];
}

const ACTIONS: Readonly<Record<string, Omit<RequiredAction, 'digit'>>> = {
  '0': { requirement: 'none', transactions: [] },
  '1': { requirement: 'download-parameters', transactions: ['terminal-parameters', 'terminal-parameters-end'] },
  '2': { requirement: 'upload-status', transactions: ['status-upload'] },
  '3': { requirement: 'sign-in', transactions: ['sign-in'] },
  '4': { requirement: 'download-ca-keys', transactions: ['capk-query', 'capk-download', 'capk-download-end'] },
  '5': { requirement: 'download-ic-parameters', transactions: ['aid-query', 'aid-download', 'aid-download-end'] },
  '6': { requirement: 'download-application', transactions: [] },
  '7': { requirement: 'download-blacklist', transactions: ['list-download', 'list-download-end'] },
  '8': { requirement: 'acquirer-defined', transactions: [] },
  '9': { requirement: 'acquirer-defined', transactions: [] },
};

/** What digit 6 of a response header (`processingRequirement`) asks the terminal to do. */
export function processingRequirementAction(digit: string): RequiredAction {
  const a = typeof digit === 'string' && digit.length === 1 ? ACTIONS[digit] : undefined;
  if (a === undefined) {
    throw new Iso8583Error('BAD_CUP_HEADER', 'processing requirement must be one digit', { path: 'header.processingRequirement', expected: 'n 1' });
  }
  return { digit, requirement: a.requirement, transactions: a.transactions };
}
