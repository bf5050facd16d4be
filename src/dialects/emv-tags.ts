/**
 * EMV data objects met in ISO 8583 field 55 (ICC system related data), keyed by upper-case tag hex.
 *
 * Names follow EMV 4.x Book 3, Annex A (data element dictionary); tags from the payment schemes'
 * contactless kernels and from PBOC / China UnionPay (the `9F5x`–`9F7x` and `DFxx` ones) follow the
 * scheme documents that define them. `localName` is the Chinese name used by PBOC / UnionPay terminal
 * specifications, given only where that wording is well established.
 *
 * Sensitivity marks what must never be printed, decided from EMV 4.x Book 3 Annex A (what each data
 * element holds), Book 2 section 6 (what a recovered certificate holds) and the PCI DSS split between
 * cardholder data and sensitive authentication data:
 * - the PAN and other account numbers: `5A` (PAN), `5F53` (IBAN, an account number);
 * - track data and its discretionary part, which carries the card verification value: `56` (Track 1 Data of
 *   the contactless kernels), `57` (Track 2 Equivalent Data), `9F1F`, `9F20` (track 1 and 2 discretionary
 *   data), `9F6B` (Track 2 Data of the contactless kernels);
 * - enciphered PIN data (`99`);
 * - cardholder data that may not be shown beside a PAN: names (`5F20`, `9F0B`), the expiry date (`5F24`) and
 *   the service code (`5F30`);
 * - certificates from which anyone holding the public CA key recovers the full PAN (Book 2 tables 14 and 16:
 *   the ICC public key certificates `9F46` and `9F2D` sign the "Application PAN").
 * The CUP notes add nothing of their own here: the tags CUP terminals send in field 55 are the EMV and PBOC
 * ones above. A tag missing from this table (proprietary `DFxx`, `9F7x`, `Cx`…) is hidden in every masked
 * form, because nothing says what it carries.
 */
import type { TagInfo } from '../codec/spec.js';

export const EMV_TAGS: Record<string, TagInfo> = {
  // Card and application identity.
  '4F': { name: 'Application Identifier (AID), card', localName: '应用标识符' },
  '50': { name: 'Application Label', localName: '应用标签' },
  '56': { name: 'Track 1 Data', sensitivity: 'track' },
  '57': { name: 'Track 2 Equivalent Data', localName: '二磁道等效数据', sensitivity: 'track' },
  '5A': { name: 'Application Primary Account Number (PAN)', localName: '应用主账号', sensitivity: 'pan' },
  '5F20': { name: 'Cardholder Name', localName: '持卡人姓名', sensitivity: 'secret' },
  '5F24': { name: 'Application Expiration Date', localName: '应用失效日期', sensitivity: 'secret' },
  '5F25': { name: 'Application Effective Date', localName: '应用生效日期' },
  '5F28': { name: 'Issuer Country Code' },
  '5F2A': { name: 'Transaction Currency Code', localName: '交易货币代码' },
  '5F2D': { name: 'Language Preference' },
  '5F30': { name: 'Service Code', localName: '服务码', sensitivity: 'secret' },
  '5F34': { name: 'Application PAN Sequence Number', localName: '应用主账号序列号' },
  '5F53': { name: 'International Bank Account Number (IBAN)', sensitivity: 'pan' },
  '9F0B': { name: 'Cardholder Name Extended', sensitivity: 'secret' },

  // Templates (constructed: their values are themselves BER-TLV).
  '61': { name: 'Application Template' },
  '6F': { name: 'File Control Information (FCI) Template' },
  '70': { name: 'READ RECORD Response Message Template' },
  '71': { name: 'Issuer Script Template 1', localName: '发卡行脚本模板1' },
  '72': { name: 'Issuer Script Template 2', localName: '发卡行脚本模板2' },
  '77': { name: 'Response Message Template Format 2' },
  '80': { name: 'Response Message Template Format 1' },
  A5: { name: 'File Control Information (FCI) Proprietary Template' },
  BF0C: { name: 'File Control Information (FCI) Issuer Discretionary Data' },

  // Application data read from the card.
  '82': { name: 'Application Interchange Profile', localName: '应用交互特征' },
  '84': { name: 'Dedicated File (DF) Name', localName: '专用文件名称' },
  '86': { name: 'Issuer Script Command' },
  '87': { name: 'Application Priority Indicator' },
  '88': { name: 'Short File Identifier (SFI)' },
  '8C': { name: 'Card Risk Management Data Object List 1 (CDOL1)' },
  '8D': { name: 'Card Risk Management Data Object List 2 (CDOL2)' },
  '8E': { name: 'Cardholder Verification Method (CVM) List', localName: '持卡人验证方法列表' },
  '8F': { name: 'Certification Authority Public Key Index, card' },
  '90': { name: 'Issuer Public Key Certificate' },
  '92': { name: 'Issuer Public Key Remainder' },
  '93': { name: 'Signed Static Application Data' },
  '94': { name: 'Application File Locator (AFL)' },
  '97': { name: 'Transaction Certificate Data Object List (TDOL)' },
  '9F05': { name: 'Application Discretionary Data' },
  '9F07': { name: 'Application Usage Control', localName: '应用用途控制' },
  '9F08': { name: 'Application Version Number, card' },
  '9F0D': { name: 'Issuer Action Code - Default', localName: '发卡行行为代码-缺省' },
  '9F0E': { name: 'Issuer Action Code - Denial', localName: '发卡行行为代码-拒绝' },
  '9F0F': { name: 'Issuer Action Code - Online', localName: '发卡行行为代码-联机' },
  '9F10': { name: 'Issuer Application Data', localName: '发卡行应用数据' },
  '9F11': { name: 'Issuer Code Table Index' },
  '9F12': { name: 'Application Preferred Name', localName: '应用首选名称' },
  '9F13': { name: 'Last Online Application Transaction Counter (ATC) Register' },
  '9F14': { name: 'Lower Consecutive Offline Limit' },
  '9F17': { name: 'Personal Identification Number (PIN) Try Counter' },
  '9F1F': { name: 'Track 1 Discretionary Data', localName: '磁条1自定义数据', sensitivity: 'track' },
  '9F20': { name: 'Track 2 Discretionary Data', localName: '磁条2自定义数据', sensitivity: 'track' },
  '9F23': { name: 'Upper Consecutive Offline Limit' },
  '9F26': { name: 'Application Cryptogram', localName: '应用密文' },
  '9F27': { name: 'Cryptogram Information Data', localName: '密文信息数据' },
  '9F2D': { name: 'ICC PIN Encipherment Public Key Certificate', sensitivity: 'secret' },
  '9F32': { name: 'Issuer Public Key Exponent' },
  '9F36': { name: 'Application Transaction Counter (ATC)', localName: '应用交易计数器' },
  '9F38': { name: 'Processing Options Data Object List (PDOL)' },
  '9F42': { name: 'Application Currency Code' },
  '9F44': { name: 'Application Currency Exponent' },
  '9F46': { name: 'ICC Public Key Certificate', sensitivity: 'secret' },
  '9F47': { name: 'ICC Public Key Exponent' },
  '9F48': { name: 'ICC Public Key Remainder' },
  '9F49': { name: 'Dynamic Data Authentication Data Object List (DDOL)' },
  '9F4A': { name: 'Static Data Authentication Tag List' },
  '9F4B': { name: 'Signed Dynamic Application Data' },
  '9F4C': { name: 'ICC Dynamic Number' },
  '9F4D': { name: 'Log Entry' },
  '9F4F': { name: 'Log Format' },

  // Terminal and transaction data.
  '8A': { name: 'Authorisation Response Code', localName: '授权响应码' },
  '89': { name: 'Authorisation Code' },
  '95': { name: 'Terminal Verification Results', localName: '终端验证结果' },
  '98': { name: 'Transaction Certificate (TC) Hash Value' },
  '99': { name: 'Transaction Personal Identification Number (PIN) Data', sensitivity: 'pin' },
  '9A': { name: 'Transaction Date', localName: '交易日期' },
  '9B': { name: 'Transaction Status Information', localName: '交易状态信息' },
  '9C': { name: 'Transaction Type', localName: '交易类型' },
  '9F01': { name: 'Acquirer Identifier' },
  '9F02': { name: 'Amount, Authorised (Numeric)', localName: '授权金额' },
  '9F03': { name: 'Amount, Other (Numeric)', localName: '其它金额' },
  '9F04': { name: 'Amount, Other (Binary)' },
  '9F06': { name: 'Application Identifier (AID), terminal' },
  '9F09': { name: 'Application Version Number, terminal', localName: '应用版本号' },
  '9F15': { name: 'Merchant Category Code' },
  '9F16': { name: 'Merchant Identifier' },
  '9F1A': { name: 'Terminal Country Code', localName: '终端国家代码' },
  '9F1B': { name: 'Terminal Floor Limit' },
  '9F1C': { name: 'Terminal Identification' },
  '9F1D': { name: 'Terminal Risk Management Data' },
  '9F1E': { name: 'Interface Device (IFD) Serial Number', localName: '接口设备序列号' },
  '9F21': { name: 'Transaction Time', localName: '交易时间' },
  '9F22': { name: 'Certification Authority Public Key Index, terminal' },
  '9F33': { name: 'Terminal Capabilities', localName: '终端性能' },
  '9F34': { name: 'Cardholder Verification Method (CVM) Results', localName: '持卡人验证方法结果' },
  '9F35': { name: 'Terminal Type', localName: '终端类型' },
  '9F37': { name: 'Unpredictable Number', localName: '不可预知数' },
  '9F39': { name: 'Point-of-Service (POS) Entry Mode', localName: '服务点输入方式' },
  '9F3A': { name: 'Amount, Reference Currency' },
  '9F3C': { name: 'Transaction Reference Currency Code' },
  '9F3D': { name: 'Transaction Reference Currency Exponent' },
  '9F40': { name: 'Additional Terminal Capabilities', localName: '附加终端性能' },
  '9F41': { name: 'Transaction Sequence Counter', localName: '交易序列计数器' },
  '9F4E': { name: 'Merchant Name and Location' },
  '91': { name: 'Issuer Authentication Data', localName: '发卡行认证数据' },

  // Scheme and PBOC / UnionPay extensions common in field 55.
  '9F53': { name: 'Transaction Category Code' },
  '9F5B': { name: 'Issuer Script Results' },
  '9F5D': { name: 'Available Offline Spending Amount', localName: '可用脱机消费金额' },
  '9F63': { name: 'Card Product Identification Information', localName: '卡产品标识信息' },
  '9F66': { name: 'Terminal Transaction Qualifiers (TTQ)', localName: '终端交易属性' },
  '9F6B': { name: 'Track 2 Data', sensitivity: 'track' },
  '9F6C': { name: 'Card Transaction Qualifiers (CTQ)', localName: '卡片交易属性' },
  '9F6E': { name: 'Form Factor Indicator / Third Party Data' },
  '9F74': { name: 'Electronic Cash Issuer Authorisation Code', localName: '电子现金发卡行授权码' },
  '9F79': { name: 'Electronic Cash Balance', localName: '电子现金余额' },
  DF31: { name: 'Issuer Script Results', localName: '发卡行脚本结果' },
};
