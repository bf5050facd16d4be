/**
 * Terminal parameters (POS 参数传递, 0800/0810 60.3 360 or 364) and the status upload (0820 362): field 62
 * as numbered parameters, each a 2-digit number followed by a value whose length the number fixes. The
 * default table is the one a public UnionPay terminal application reads and writes (github:CaoEnXin/
 * LiaoYang_POS, `UpdateParameters` and `MakeTermStatusData`): 12 timeout, 13 redials, 14–16 transaction
 * and 17 management phone numbers, 18/19 tips, 20 manual entry, 21 automatic sign-off, 22 merchant name in
 * 40 bytes of GBK, 23 resends, 24 offline upload flag, 25 key index, 26 transaction switches (4 bytes);
 * the status upload adds items 01–05, 27 and 51 (dial statistics). No specification text was public and
 * acquirers differ (another vendor's app reads 25 and 26 as 2 bytes), so every entry can be overridden.
 */
import { Iso8583Error } from '../../errors.js';
import { escapeBytes } from '../../bytes/escaped-text.js';
import { concatBytes, fromHex, toHex } from '../../bytes/hex.js';
import type { TextCodec } from '../../bytes/text-codec.js';
import type { Message } from '../../message/message.js';
import { badArgument, expectPlainObject, isPlainObject, shapeOf } from '../../arguments.js';
import { expectMessage } from '../message-arguments.js';

/** Value lengths in bytes by 2-digit parameter number. */
export type ParameterLengths = Readonly<Record<string, number>>;

/** The default lengths (bytes) of numbered terminal parameters and status items. */
export const TERMINAL_PARAMETER_LENGTHS: ParameterLengths = Object.freeze({
  '01': 1,
  '02': 1,
  '03': 1,
  '04': 1,
  '05': 1,
  '11': 2,
  '12': 2,
  '13': 1,
  '14': 14,
  '15': 14,
  '16': 14,
  '17': 14,
  '18': 1,
  '19': 2,
  '20': 1,
  '21': 1,
  '22': 40,
  '23': 1,
  '24': 1,
  '25': 1,
  '26': 4,
  '27': 2,
  '51': 12,
});

/** One numbered parameter: its number and value text (GBK read when a codec is given, else bytes above 0x7F escaped). */
export interface NumberedParameter {
  number: string;
  value: string;
}

/** A numbered parameter as read, with its value bytes as upper-case hex (26 is binary). */
export interface ReadParameter extends NumberedParameter {
  hex: string;
}

/** The terminal parameters of an 0810 364/360, named where their meaning is known. */
export interface TerminalParameters {
  /** Every parameter read, in order. */
  entries: ReadParameter[];
  /** 12: seconds a terminal waits for an answer. */
  timeoutSeconds?: number;
  /** 13: how often a dial-up terminal redials. */
  redials?: number;
  /** 14–16: the transaction phone numbers given, spaces trimmed. */
  transactionPhones: string[];
  /** 17: the management (hotline) phone number. */
  managementPhone?: string;
  /** 18: tips are allowed. */
  tipEnabled?: boolean;
  /** 19: the largest tip as a percentage of the amount. */
  tipPercentage?: number;
  /** 20: card numbers may be keyed in. */
  manualEntry?: boolean;
  /** 21: the terminal signs off by itself after settlement. */
  autoSignOff?: boolean;
  /** 22: the merchant's (Chinese) name for receipts, spaces trimmed. */
  merchantName?: string;
  /** 23: how often an unanswered request is resent. */
  resends?: number;
  /** 24: offline transactions are uploaded (`1`). */
  offlineUpload?: boolean;
  /** 25: the terminal master key index. */
  keyIndex?: number;
  /** 26: the transaction switches, 4 bytes as hex (one bit per transaction, as the acquirer assigns them). */
  enabledTransactions?: string;
  /**
   * Bytes after a parameter number the table does not know: the reading stops there, since the
   * value's length is unknown, and keeps the rest unread.
   */
  unread?: Uint8Array;
}

/** Options of the parameter readers and writers. */
export interface NumberedParameterOptions {
  /** Value lengths by parameter number (default {@link TERMINAL_PARAMETER_LENGTHS}). */
  lengths?: ParameterLengths;
  /** GBK codec for text values (`gbkCodec` of the main entry); without one, bytes above 0x7F stay escaped. */
  gbk?: Pick<TextCodec, 'encode' | 'decode'>;
  /** Parameters whose values are GBK text (default: 22, the merchant name); the others are ASCII or binary. */
  gbkNumbers?: readonly string[];
}

const GBK_NUMBERS: readonly string[] = ['22'];

/** `options` checked: a plain object whose length table, GBK codec and GBK numbers have their shapes. */
function checkedOptions(options: unknown): NumberedParameterOptions {
  if (options === undefined) return {};
  const o = expectPlainObject(options, 'options') as NumberedParameterOptions;
  if (o.lengths !== undefined) expectPlainObject(o.lengths, 'options.lengths');
  if (o.gbk !== undefined && (typeof o.gbk?.encode !== 'function' || typeof o.gbk.decode !== 'function')) {
    throw badArgument('options.gbk', 'a text codec with encode and decode', shapeOf(o.gbk));
  }
  if (o.gbkNumbers !== undefined && !(Array.isArray(o.gbkNumbers) && o.gbkNumbers.every((n) => typeof n === 'string'))) {
    throw badArgument('options.gbkNumbers', 'an array of parameter numbers', shapeOf(o.gbkNumbers));
  }
  return o;
}

function isDigitPair(bytes: Uint8Array, at: number): boolean {
  const a = bytes[at]!;
  const b = bytes[at + 1]!;
  return a >= 0x30 && a <= 0x39 && b >= 0x30 && b <= 0x39;
}

/** Reads numbered parameters from raw field 62 bytes. */
export function parseNumberedParameters(
  bytes: Uint8Array,
  options?: NumberedParameterOptions,
): { entries: ReadParameter[]; unread?: Uint8Array } {
  if (!(bytes instanceof Uint8Array)) throw new Iso8583Error('BAD_TYPE', 'parameters must be bytes', { path: '62', expected: 'Uint8Array' });
  const o = checkedOptions(options);
  const lengths = o.lengths ?? TERMINAL_PARAMETER_LENGTHS;
  const entries: ReadParameter[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const length = pos + 2 <= bytes.length && isDigitPair(bytes, pos) ? lengths[String.fromCharCode(bytes[pos]!, bytes[pos + 1]!)] : undefined;
    if (length === undefined || pos + 2 + length > bytes.length) return { entries, unread: bytes.slice(pos) };
    const start = pos + 2;
    const end = start + length;
    const number = String.fromCharCode(bytes[pos]!, bytes[pos + 1]!);
    const gbk = o.gbk !== undefined && (o.gbkNumbers ?? GBK_NUMBERS).includes(number);
    const value = gbk ? o.gbk!.decode(bytes, start, end, '62') : escapeBytes(bytes, start, end, '62');
    entries.push({ number, value, hex: toHex(bytes, start, end) });
    pos = end;
  }
  return { entries };
}

function digitValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return /^[0-9]+$/.test(t) ? Number(t) : undefined;
}

function flag(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '1' ? true : t === '0' ? false : undefined;
}

/** The named terminal parameters of raw field 62 bytes. */
export function terminalParametersOf(bytes: Uint8Array, options?: NumberedParameterOptions): TerminalParameters {
  const { entries, unread } = parseNumberedParameters(bytes, options);
  const get = (n: string) => entries.find((e) => e.number === n)?.value;
  const out: TerminalParameters = { entries, transactionPhones: [] };
  const set = <K extends keyof TerminalParameters>(key: K, value: TerminalParameters[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('timeoutSeconds', digitValue(get('12')));
  set('redials', digitValue(get('13')));
  for (const n of ['14', '15', '16']) {
    const phone = get(n)?.trim();
    if (phone) out.transactionPhones.push(phone);
  }
  const hotline = get('17')?.trim();
  if (hotline) out.managementPhone = hotline;
  set('tipEnabled', flag(get('18')));
  set('tipPercentage', digitValue(get('19')));
  set('manualEntry', flag(get('20')));
  set('autoSignOff', flag(get('21')));
  const name = get('22')?.trim();
  if (name) out.merchantName = name;
  set('resends', digitValue(get('23')));
  set('offlineUpload', flag(get('24')));
  set('keyIndex', digitValue(get('25')));
  set('enabledTransactions', entries.find((e) => e.number === '26')?.hex);
  if (unread !== undefined) out.unread = unread;
  return out;
}

/** The terminal parameters of an 0810 (60.3 364 or 360). */
export function readTerminalParameters(m: Message, options?: NumberedParameterOptions): TerminalParameters {
  checkedOptions(options);
  const v = expectMessage(m, 'm').toObject().fields['62'];
  if (v === undefined) return { entries: [], transactionPhones: [] };
  if (typeof v !== 'string') throw new Iso8583Error('BAD_DATA', 'terminal parameters must be raw bytes', { path: '62', expected: 'bytes' });
  return terminalParametersOf(fromHex(v, '62'), options);
}

/** Field 62 bytes of numbered parameters: each value padded with spaces to its length (GBK through `options.gbk`). */
export function numberedParameterBytes(entries: readonly NumberedParameter[], options?: NumberedParameterOptions): Uint8Array {
  if (!Array.isArray(entries)) throw badArgument('entries', 'an array of numbered parameters', shapeOf(entries));
  const opts = checkedOptions(options);
  const lengths = opts.lengths ?? TERMINAL_PARAMETER_LENGTHS;
  const parts: Uint8Array[] = [];
  entries.forEach((e, i) => {
    const path = `entries.${i}`;
    const length = typeof e?.number === 'string' && /^[0-9]{2}$/.test(e.number) ? lengths[e.number] : undefined;
    if (length === undefined) throw new Iso8583Error('BAD_DATA', 'parameter number must be two digits the length table knows', { path: `${path}.number`, expected: 'a known 2-digit number' });
    if (typeof e.value !== 'string') throw new Iso8583Error('BAD_TYPE', 'parameter value must be text', { path: `${path}.value`, expected: 'string' });
    const gbk = opts.gbk !== undefined && (opts.gbkNumbers ?? GBK_NUMBERS).includes(e.number);
    const text = gbk ? opts.gbk!.encode(e.value, path) : asciiOf(e.value, path);
    if (text.length > length) throw new Iso8583Error('VALUE_TOO_LONG', 'parameter value is longer than its number allows', { path: `${path}.value`, expected: `at most ${length} bytes`, found: `${text.length} bytes` });
    const out = new Uint8Array(2 + length).fill(0x20);
    out[0] = e.number.charCodeAt(0);
    out[1] = e.number.charCodeAt(1);
    out.set(text, 2);
    parts.push(out);
  });
  return concatBytes(...parts);
}

function asciiOf(text: string, path: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e || c < 0x20) {
      throw new Iso8583Error('NO_GBK_CODEC', 'text beyond printable ASCII needs a GBK codec', { path, found: `character at position ${i}` });
    }
    out[i] = c;
  }
  return out;
}

/** What a host sends in an 0810 364: the named parameters as numbered entries (unnamed ones from `extra`). */
export function terminalParameterEntries(p: Partial<Omit<TerminalParameters, 'entries' | 'unread'>>, extra: NumberedParameter[] = []): NumberedParameter[] {
  expectPlainObject(p, 'p');
  if (!Array.isArray(extra) || !extra.every(isPlainObject)) throw badArgument('extra', 'an array of numbered parameters', shapeOf(extra));
  if (p.transactionPhones !== undefined && !Array.isArray(p.transactionPhones)) throw badArgument('p.transactionPhones', 'an array of phone numbers', shapeOf(p.transactionPhones));
  const out: NumberedParameter[] = [];
  const two = (n: number) => String(n).padStart(2, '0');
  if (p.timeoutSeconds !== undefined) out.push({ number: '12', value: two(p.timeoutSeconds) });
  if (p.redials !== undefined) out.push({ number: '13', value: String(p.redials) });
  (p.transactionPhones ?? []).slice(0, 3).forEach((phone, i) => out.push({ number: String(14 + i), value: phone }));
  if (p.managementPhone !== undefined) out.push({ number: '17', value: p.managementPhone });
  if (p.tipEnabled !== undefined) out.push({ number: '18', value: p.tipEnabled ? '1' : '0' });
  if (p.tipPercentage !== undefined) out.push({ number: '19', value: two(p.tipPercentage) });
  if (p.manualEntry !== undefined) out.push({ number: '20', value: p.manualEntry ? '1' : '0' });
  if (p.autoSignOff !== undefined) out.push({ number: '21', value: p.autoSignOff ? '1' : '0' });
  if (p.merchantName !== undefined) out.push({ number: '22', value: p.merchantName });
  if (p.resends !== undefined) out.push({ number: '23', value: String(p.resends) });
  if (p.offlineUpload !== undefined) out.push({ number: '24', value: p.offlineUpload ? '1' : '0' });
  if (p.keyIndex !== undefined) out.push({ number: '25', value: String(p.keyIndex) });
  return [...out, ...extra].sort((a, b) => Number(a.number) - Number(b.number));
}

/** The status items a POS status upload (0820 362) sends by default: items 01 to 05, each `1` (as public terminal code sends them). */
export const DEFAULT_STATUS_ITEMS: readonly NumberedParameter[] = Object.freeze(
  ['01', '02', '03', '04', '05'].map((number) => Object.freeze({ number, value: '1' })),
);
