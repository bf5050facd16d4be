/**
 * EMV parameters a CUP acquirer downloads to a chip terminal (IC 参数 and 公钥, 60.3 370–382): the
 * field 62 answer read into typed AID entries and CA public keys, the CA key's check value computed and
 * compared (EMV Book 2, 11.2: SHA-1 over RID, index, modulus and exponent), and the TLV lists a host
 * sends built from the same types.
 */
import { Iso8583Error } from '../../errors.js';
import { fromHex, isHex, toHex } from '../../bytes/hex.js';
import { ByteWriter } from '../../bytes/writer.js';
import { parseBerTlv, writeBerTlv } from '../../codec/composite/ber-tlv.js';
import type { TlvNode } from '../../codec/values.js';
import { sha1 } from '../../crypto/sha1.js';
import type { CanonicalTlv } from '../../message/engine.js';
import type { Message } from '../../message/message.js';
import { expectString, expectPlainObject } from '../../arguments.js';
import { expectMessage, expectTlvList } from '../message-arguments.js';

/** Field 62's control code in every parameter answer: `0` no (more) entries, `1` data, `2` data and more to follow. */
export interface ParameterControl {
  /** The character as received. */
  code: string;
  /** The answer carries entries (`1` or `2`). */
  hasData: boolean;
  /** Query again with the updated count (`2`). */
  more: boolean;
}

/** A parameter answer's control code and TLV list (values as upper-case hex). */
export interface ParameterAnswer {
  control: ParameterControl;
  list: CanonicalTlv[];
}

/** One AID's terminal parameters (PBOC terminal parameter set). Byte values are upper-case hex, amounts digits in minor units. */
export interface AidParameters {
  /** `9F06`: the AID. */
  aid: string;
  /** `DF01`: application selection indicator as sent: `00` the AID must match in full, anything else a partial match is enough. */
  selectionIndicator?: string;
  /** `9F08`: the terminal's application version number. */
  version?: string;
  /** `DF11`, `DF12`, `DF13`: terminal action codes default, online and denial (5 bytes each). */
  tacDefault?: string;
  tacOnline?: string;
  tacDenial?: string;
  /** `9F1B`: terminal floor limit (4-byte binary amount). */
  floorLimit?: string;
  /** `DF15`: threshold for biased random selection (4-byte binary amount). */
  randomSelectionThreshold?: string;
  /** `DF16`: maximum target percentage for biased random selection (one BCD byte). */
  maxTargetPercentage?: number;
  /** `DF17`: target percentage for random selection (one BCD byte). */
  targetPercentage?: number;
  /** `DF14`: default DDOL. */
  defaultDdol?: string;
  /** `DF18`: the terminal supports online PIN for this AID (`01`). */
  onlinePin?: boolean;
  /** `9F7B`: electronic cash terminal transaction limit (n12). */
  ecTransactionLimit?: string;
  /** `DF19`: contactless offline floor limit (n12). */
  contactlessFloorLimit?: string;
  /** `DF20`: contactless transaction limit (n12). */
  contactlessTransactionLimit?: string;
  /** `DF21`: contactless CVM required limit (n12). */
  contactlessCvmLimit?: string;
  /** Tags of the entry this type does not name, kept in their order. */
  other: CanonicalTlv[];
}

/** How a CA key's check value compared: `valid`, `invalid`, or `unchecked` (no `DF03`, or a hash other than SHA-1). */
export type CheckValueResult = 'valid' | 'invalid' | 'unchecked';

/** One certification authority public key (认证中心公钥). */
export interface CaPublicKey {
  /** `9F06`: registered application provider identifier, 5 bytes. */
  rid: string;
  /** `9F22`: key index, 1 byte. */
  index: string;
  /** `DF05`: expiry `YYYYMMDD`, whether sent as 8 ASCII digits (as CUP hosts do) or 4 BCD bytes. */
  expiry?: string;
  /** `DF06`: hash algorithm indicator (`01` SHA-1). */
  hashAlgorithm?: string;
  /** `DF07`: public key algorithm indicator (`01` RSA; SM2 for 国密 keys). */
  keyAlgorithm?: string;
  /** `DF02`: modulus. */
  modulus: string;
  /** `DF04`: exponent (`03` or `010001`). */
  exponent: string;
  /** `DF03`: check value (SHA-1, 20 bytes). */
  checkValue?: string;
  /** The check value against SHA-1 of RID, index, modulus and exponent. */
  check: CheckValueResult;
  other: CanonicalTlv[];
}

/** A CA key named in a query answer: RID, index and, when sent, its expiry. */
export interface CaKeyReference {
  rid: string;
  index: string;
  expiry?: string;
}

function badAnswer(detail: string, expected?: string): Iso8583Error {
  return new Iso8583Error('BAD_DATA', detail, { path: '62', expected });
}

function canonicalOf(nodes: readonly TlvNode[]): CanonicalTlv[] {
  return nodes.map((n) => {
    const c: CanonicalTlv = { tag: n.tag };
    if (n.children) c.children = canonicalOf(n.children);
    else if (n.value instanceof Uint8Array) c.value = toHex(n.value);
    else if (typeof n.value === 'string') c.value = n.value.toUpperCase();
    if (n.lengthBytes !== undefined) c.lengthBytes = n.lengthBytes;
    return c;
  });
}

/** The control code a parameter answer starts with. */
export function parameterControl(code: string): ParameterControl {
  expectString(code, 'code');
  return { code, hasData: code === '1' || code === '2', more: code === '2' };
}

/** Control code and TLV list of raw field 62 bytes of a parameter answer. */
export function parseParameterAnswer(bytes: Uint8Array): ParameterAnswer {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw badAnswer('parameter answer must hold at least its control character', 'control character and TLV list');
  const nodes = parseBerTlv(bytes, 1, bytes.length, '62.2', { base: 1, scale: 1, depth: 1 });
  return { control: parameterControl(String.fromCharCode(bytes[0]!)), list: canonicalOf(nodes) };
}

/** Control code and TLV list of the field 62 of a parameter answer (0810 370/380, 0830 372/373/382), structured or raw. */
export function readParameterAnswer(m: Message): ParameterAnswer {
  expectMessage(m, 'm');
  const value = m.toObject().fields['62'];
  if (value === undefined) throw new Iso8583Error('MISSING_FIELD', 'parameter answer has no field 62', { path: '62' });
  if (typeof value === 'string') return parseParameterAnswer(fromHex(value, '62'));
  if (Array.isArray(value)) throw badAnswer('parameter answer must start with its control character', 'control character and TLV list');
  const control = value['1'];
  const list = value['2'];
  if (typeof control !== 'string' || control.length !== 1) throw badAnswer('parameter answer must start with its control character', 'control character and TLV list');
  if (list !== undefined && !Array.isArray(list)) throw badAnswer('parameter answer must continue with a TLV list', 'control character and TLV list');
  return { control: parameterControl(control), list: list ?? [] };
}

/** Every top-level value of `tag` in `list`. */
function valuesOf(list: readonly CanonicalTlv[], tag: string): string[] {
  return list.filter((t) => t.tag === tag && t.value !== undefined).map((t) => t.value!);
}

/** The AIDs a query answer (0830 382) lists, in order. */
export function aidListOf(list: readonly CanonicalTlv[]): string[] {
  return valuesOf(expectTlvList(list, 'list'), '9F06');
}

/** Splits a flat TLV list into entries, each starting at a `9F06`. */
function groupsByRid(list: readonly CanonicalTlv[]): CanonicalTlv[][] {
  const groups: CanonicalTlv[][] = [];
  for (const t of list) {
    if (t.tag === '9F06' || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(t);
  }
  return groups;
}

/** The CA keys a query answer (0830 372/373) lists: each `9F06` RID with the `9F22` index and `DF05` expiry after it. */
export function caKeyListOf(list: readonly CanonicalTlv[]): CaKeyReference[] {
  expectTlvList(list, 'list');
  const out: CaKeyReference[] = [];
  for (const g of groupsByRid(list)) {
    const rid = valuesOf(g, '9F06')[0];
    const index = valuesOf(g, '9F22')[0];
    if (rid === undefined || index === undefined) throw badAnswer('CA key list entry needs a RID (9F06) and an index (9F22)', '9F06 9F22 [DF05]');
    const ref: CaKeyReference = { rid, index };
    const expiry = valuesOf(g, 'DF05')[0];
    if (expiry !== undefined) ref.expiry = expiryOf(expiry);
    out.push(ref);
  }
  return out;
}

/** A 4-byte binary amount as decimal digits. */
function binaryAmount(hex: string): string {
  return String(parseInt(hex, 16));
}

/** One BCD byte as a number (terminal code reads DF16/DF17 as BCD, `99` = 99 %). */
function percentage(hex: string): number {
  return /^[0-9]{2}$/.test(hex) ? Number(hex) : parseInt(hex, 16);
}

/** `DF05` as `YYYYMMDD`: 8 ASCII digits are read as text, anything else stays as its hex (4 BCD bytes read as digits). */
function expiryOf(hex: string): string {
  if (hex.length === 16 && /^(3[0-9]){8}$/.test(hex)) {
    let s = '';
    for (let i = 1; i < 16; i += 2) s += hex[i];
    return s;
  }
  return hex;
}

const AID_TAGS = new Set(['9F06', 'DF01', '9F08', 'DF11', 'DF12', 'DF13', '9F1B', 'DF15', 'DF16', 'DF17', 'DF14', 'DF18', '9F7B', 'DF19', 'DF20', 'DF21']);

/** The AID parameters of one download answer's list (0810 380). */
export function aidParametersOf(list: readonly CanonicalTlv[]): AidParameters {
  expectTlvList(list, 'list');
  const one = (tag: string): string | undefined => valuesOf(list, tag)[0];
  const aid = one('9F06');
  if (aid === undefined) throw badAnswer('AID parameters need the AID (9F06)', '9F06');
  const p: AidParameters = { aid, other: list.filter((t) => !AID_TAGS.has(t.tag)) };
  const set = <K extends keyof AidParameters>(key: K, tag: string, read: (hex: string) => AidParameters[K]) => {
    const v = one(tag);
    if (v !== undefined) p[key] = read(v);
  };
  const same = (hex: string) => hex;
  set('selectionIndicator', 'DF01', same);
  set('version', '9F08', same);
  set('tacDefault', 'DF11', same);
  set('tacOnline', 'DF12', same);
  set('tacDenial', 'DF13', same);
  set('floorLimit', '9F1B', binaryAmount);
  set('randomSelectionThreshold', 'DF15', binaryAmount);
  set('maxTargetPercentage', 'DF16', percentage);
  set('targetPercentage', 'DF17', percentage);
  set('defaultDdol', 'DF14', same);
  set('onlinePin', 'DF18', (hex) => hex === '01');
  set('ecTransactionLimit', '9F7B', same);
  set('contactlessFloorLimit', 'DF19', same);
  set('contactlessTransactionLimit', 'DF20', same);
  set('contactlessCvmLimit', 'DF21', same);
  return p;
}

/** The EMV check value of a CA public key: SHA-1 of RID, index, modulus and exponent (EMV Book 2, 11.2), upper-case hex. */
export function caPublicKeyCheckValue(rid: string, index: string, modulus: string, exponent: string): string {
  for (const [name, hex] of [['rid', rid], ['index', index], ['modulus', modulus], ['exponent', exponent]] as const) {
    if (typeof hex !== 'string' || hex.length === 0 || hex.length % 2 !== 0 || !isHex(hex)) {
      throw new Iso8583Error('BAD_DATA', `CA key ${name} must be hex bytes`, { path: name, expected: 'hex bytes' });
    }
  }
  return toHex(sha1(fromHex(rid + index + modulus + exponent)));
}

const CA_TAGS = new Set(['9F06', '9F22', 'DF05', 'DF06', 'DF07', 'DF02', 'DF04', 'DF03']);
const SHA1 = '01';

/** The CA public key of one download answer's list (0810 370), its check value compared. */
export function caPublicKeyOf(list: readonly CanonicalTlv[]): CaPublicKey {
  expectTlvList(list, 'list');
  const one = (tag: string): string | undefined => valuesOf(list, tag)[0];
  const rid = one('9F06');
  const index = one('9F22');
  const modulus = one('DF02');
  const exponent = one('DF04');
  if (rid === undefined || index === undefined || modulus === undefined || exponent === undefined) {
    throw badAnswer('CA public key needs RID (9F06), index (9F22), modulus (DF02) and exponent (DF04)', '9F06 9F22 DF02 DF04');
  }
  const key: CaPublicKey = { rid, index, modulus, exponent, check: 'unchecked', other: list.filter((t) => !CA_TAGS.has(t.tag)) };
  const optional = (field: 'hashAlgorithm' | 'keyAlgorithm' | 'checkValue', tag: string) => {
    const v = one(tag);
    if (v !== undefined) key[field] = v;
  };
  const expiry = one('DF05');
  if (expiry !== undefined) key.expiry = expiryOf(expiry);
  optional('hashAlgorithm', 'DF06');
  optional('keyAlgorithm', 'DF07');
  optional('checkValue', 'DF03');
  // Without DF06 the EMV default, SHA-1, applies; a 国密 key names SM3 and is left unchecked here.
  if (key.checkValue !== undefined && (key.hashAlgorithm ?? SHA1) === SHA1) {
    key.check = caPublicKeyCheckValue(rid, index, modulus, exponent) === key.checkValue ? 'valid' : 'invalid';
  }
  return key;
}

/** The AID list of an AID query answer. */
export function readAidList(m: Message): { control: ParameterControl; aids: string[] } {
  expectMessage(m, 'm');
  const a = readParameterAnswer(m);
  return { control: a.control, aids: a.control.hasData ? aidListOf(a.list) : [] };
}

/** The CA keys of a CA key query answer. */
export function readCaKeyList(m: Message): { control: ParameterControl; keys: CaKeyReference[] } {
  expectMessage(m, 'm');
  const a = readParameterAnswer(m);
  return { control: a.control, keys: a.control.hasData ? caKeyListOf(a.list) : [] };
}

/** The AID parameters of an AID download answer, or null when it carries none. */
export function readAidParameters(m: Message): { control: ParameterControl; parameters: AidParameters | null } {
  expectMessage(m, 'm');
  const a = readParameterAnswer(m);
  return { control: a.control, parameters: a.control.hasData && a.list.length > 0 ? aidParametersOf(a.list) : null };
}

/** The CA public key of a CA key download answer, or null when it carries none. */
export function readCaPublicKey(m: Message): { control: ParameterControl; key: CaPublicKey | null } {
  expectMessage(m, 'm');
  const a = readParameterAnswer(m);
  return { control: a.control, key: a.control.hasData && a.list.length > 0 ? caPublicKeyOf(a.list) : null };
}

/** A 4-byte binary amount from decimal digits. */
function binaryAmountHex(digits: string, path: string): string {
  if (typeof digits !== 'string' || !/^[0-9]{1,10}$/.test(digits) || Number(digits) > 0xffffffff) {
    throw new Iso8583Error('BAD_AMOUNT', 'amount must fit 4 bytes', { path, expected: 'digits up to 4294967295' });
  }
  return Number(digits).toString(16).toUpperCase().padStart(8, '0');
}

function percentageHex(n: number, path: string): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new Iso8583Error('BAD_DATA', 'percentage must be 0 to 99', { path, expected: '0..99' });
  return String(n).padStart(2, '0');
}

function amountN12(digits: string, path: string): string {
  if (typeof digits !== 'string' || !/^[0-9]{1,12}$/.test(digits)) throw new Iso8583Error('BAD_AMOUNT', 'amount must be 1 to 12 digits', { path, expected: 'n 1..12' });
  return digits.padStart(12, '0');
}

/** The TLV list a host sends for one AID (0810 380), in the order terminals store them, then `other`. */
export function aidParameterTlv(p: AidParameters): CanonicalTlv[] {
  expectPlainObject(p, 'p');
  expectString(p.aid, 'p.aid');
  const other = p.other === undefined ? [] : expectTlvList(p.other, 'p.other');
  const out: CanonicalTlv[] = [{ tag: '9F06', value: p.aid }];
  const add = (tag: string, value: string | undefined) => {
    if (value !== undefined) out.push({ tag, value });
  };
  add('DF01', p.selectionIndicator);
  add('9F08', p.version);
  add('DF11', p.tacDefault);
  add('DF12', p.tacOnline);
  add('DF13', p.tacDenial);
  add('9F1B', p.floorLimit === undefined ? undefined : binaryAmountHex(p.floorLimit, 'floorLimit'));
  add('DF15', p.randomSelectionThreshold === undefined ? undefined : binaryAmountHex(p.randomSelectionThreshold, 'randomSelectionThreshold'));
  add('DF16', p.maxTargetPercentage === undefined ? undefined : percentageHex(p.maxTargetPercentage, 'maxTargetPercentage'));
  add('DF17', p.targetPercentage === undefined ? undefined : percentageHex(p.targetPercentage, 'targetPercentage'));
  add('DF14', p.defaultDdol);
  add('DF18', p.onlinePin === undefined ? undefined : p.onlinePin ? '01' : '00');
  add('9F7B', p.ecTransactionLimit === undefined ? undefined : amountN12(p.ecTransactionLimit, 'ecTransactionLimit'));
  add('DF19', p.contactlessFloorLimit === undefined ? undefined : amountN12(p.contactlessFloorLimit, 'contactlessFloorLimit'));
  add('DF20', p.contactlessTransactionLimit === undefined ? undefined : amountN12(p.contactlessTransactionLimit, 'contactlessTransactionLimit'));
  add('DF21', p.contactlessCvmLimit === undefined ? undefined : amountN12(p.contactlessCvmLimit, 'contactlessCvmLimit'));
  return checkedTlv([...out, ...other]);
}

/** The TLV list a host sends for one CA public key (0810 370). */
export function caPublicKeyTlv(k: Omit<CaPublicKey, 'check' | 'other'> & { other?: CanonicalTlv[] }): CanonicalTlv[] {
  expectPlainObject(k, 'k');
  for (const name of ['rid', 'index', 'modulus', 'exponent'] as const) expectString(k[name], `k.${name}`);
  const other = k.other === undefined ? [] : expectTlvList(k.other, 'k.other');
  const out: CanonicalTlv[] = [
    { tag: '9F06', value: k.rid },
    { tag: '9F22', value: k.index },
  ];
  // CUP hosts send the expiry as 8 ASCII digits.
  if (k.expiry !== undefined) out.push({ tag: 'DF05', value: expiryHex(k.expiry) });
  if (k.hashAlgorithm !== undefined) out.push({ tag: 'DF06', value: k.hashAlgorithm });
  if (k.keyAlgorithm !== undefined) out.push({ tag: 'DF07', value: k.keyAlgorithm });
  out.push({ tag: 'DF02', value: k.modulus }, { tag: 'DF04', value: k.exponent });
  if (k.checkValue !== undefined) out.push({ tag: 'DF03', value: k.checkValue });
  return checkedTlv([...out, ...other]);
}

/** The TLV entry a host lists for one CA key in a query answer (0830 372/373): RID, index and, when known, expiry. */
export function caKeyReferenceTlv(ref: CaKeyReference): CanonicalTlv[] {
  expectPlainObject(ref, 'ref');
  expectString(ref.rid, 'ref.rid');
  expectString(ref.index, 'ref.index');
  const out: CanonicalTlv[] = [
    { tag: '9F06', value: ref.rid },
    { tag: '9F22', value: ref.index },
  ];
  if (ref.expiry !== undefined) out.push({ tag: 'DF05', value: expiryHex(ref.expiry) });
  return checkedTlv(out);
}

function expiryHex(expiry: string): string {
  if (typeof expiry !== 'string' || !/^[0-9]{8}$/.test(expiry)) throw new Iso8583Error('BAD_DATE', 'CA key expiry must be 8 digits YYYYMMDD', { path: 'expiry', expected: 'n 8' });
  let hex = '';
  for (let i = 0; i < 8; i++) hex += `3${expiry[i]}`;
  return hex;
}

/** `list` after checking it encodes as BER-TLV (hex values, well-formed tags): a bad one fails here, not on the wire. */
function checkedTlv(list: CanonicalTlv[]): CanonicalTlv[] {
  writeBerTlv(new ByteWriter(64), list, '62.2', 0);
  return list;
}
