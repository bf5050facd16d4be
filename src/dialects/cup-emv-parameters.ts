/**
 * CUP POS field 62 in the EMV parameter exchanges (IC 参数 / 公钥 查询与下载, 60.3 370–382): the query's
 * count of entries already held, the BER-TLV key naming one AID or CA public key to download, and the
 * answer's one-character control code (`0` nothing, `1` data, `2` data and more to follow) before its TLV
 * list. Tag names follow the PBOC terminal parameter set that UnionPay acquirers download (AID `DF01`,
 * `DF11`–`DF21`; CA key `DF02`–`DF07`), as public terminal code stores them.
 */
import type { BerTlvComposite, PositionalComposite, TagInfo } from '../codec/spec.js';
import { digits, type Names } from './cup-parts.js';
import { EMV_TAGS } from './emv-tags.js';

/** Tags of the AID and CA public key parameter lists (PBOC terminal parameters). */
export const CUP_PARAMETER_TAGS: Record<string, TagInfo> = {
  '9F06': { name: 'Application Identifier (AID) or Registered Application Provider Identifier (RID)', localName: '应用标识/注册应用提供商标识' },
  DF01: { name: 'Application Selection Indicator', localName: '应用选择指示符' },
  '9F08': { name: 'Application Version Number', localName: '应用版本号' },
  DF11: { name: 'Terminal Action Code - Default', localName: 'TAC-缺省' },
  DF12: { name: 'Terminal Action Code - Online', localName: 'TAC-联机' },
  DF13: { name: 'Terminal Action Code - Denial', localName: 'TAC-拒绝' },
  '9F1B': { name: 'Terminal Floor Limit', localName: '终端最低限额' },
  DF15: { name: 'Threshold Value for Biased Random Selection', localName: '偏置随机选择的阈值' },
  DF16: { name: 'Maximum Target Percentage for Biased Random Selection', localName: '偏置随机选择的最大目标百分数' },
  DF17: { name: 'Target Percentage for Random Selection', localName: '随机选择的目标百分数' },
  DF14: { name: 'Default Dynamic Data Authentication Data Object List (DDOL)', localName: '缺省DDOL' },
  DF18: { name: 'Terminal Online PIN Capability', localName: '终端联机PIN支持能力' },
  '9F7B': { name: 'Electronic Cash Terminal Transaction Limit', localName: '终端电子现金交易限额' },
  DF19: { name: 'Contactless Offline Floor Limit', localName: '非接触读写器脱机最低限额' },
  DF20: { name: 'Contactless Transaction Limit', localName: '非接触读写器交易限额' },
  DF21: { name: 'Contactless CVM Required Limit', localName: '读写器持卡人验证方法(CVM)所需限制' },
  '9F22': { name: 'Certification Authority Public Key Index', localName: '认证中心公钥索引' },
  DF05: { name: 'Certification Authority Public Key Expiry Date', localName: '认证中心公钥有效期' },
  DF06: { name: 'Hash Algorithm Indicator', localName: '哈希算法标识' },
  DF07: { name: 'Public Key Algorithm Indicator', localName: '公钥算法标识' },
  DF02: { name: 'Certification Authority Public Key Modulus', localName: '认证中心公钥模' },
  DF04: { name: 'Certification Authority Public Key Exponent', localName: '认证中心公钥指数' },
  DF03: { name: 'Certification Authority Public Key Check Value', localName: '认证中心公钥校验值' },
};

/** A BER-TLV list named with the parameter tags first, the field 55 dictionary for the rest. */
export const CUP_PARAMETER_TLV: BerTlvComposite = { kind: 'ber-tlv', tags: { ...EMV_TAGS, ...CUP_PARAMETER_TAGS } };

const CONTROL: Names = { name: 'Control code (0 none, 1 data, 2 data and more to follow)', localName: '控制字符' };

/**
 * The query (0820, 60.3 372 / 373 / 382): the character `1`, then how many entries the terminal already
 * received in this query run (`00` at the start), so the host goes on after them.
 */
export const CUP_FIELD62_PARAMETER_QUERY: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': { name: 'Query indicator', localName: '查询标志', attr: 'ans', length: 1, encoding: 'ascii' },
    '2': digits({ name: 'Entries already received', localName: '已接收条数' }, 2),
  },
  // A host that counts beyond 99 sends more digits; they are kept rather than refused.
  rest: 'rest',
};

/** Every answer of the parameter exchanges: a control character, then the TLV list it announces. */
export const CUP_FIELD62_PARAMETER_ANSWER: PositionalComposite = {
  kind: 'positional',
  subfields: { '1': { ...CONTROL, attr: 'ans', length: 1, encoding: 'ascii' } },
  rest: '2',
  tail: { name: 'Parameter list', localName: '参数列表', layout: CUP_PARAMETER_TLV },
};
