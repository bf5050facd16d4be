/**
 * The China UnionPay POS terminal dialect (银联 POS 终端规范): MTI and numeric fields in packed
 * BCD, BCD length prefixes (one byte for LL, two for LLL) counting digits for `n`/`z` and bytes
 * otherwise, a single 64-bit binary bitmap. Body only: length header, TPDU and the 6-byte header
 * belong to the framing profile.
 *
 * Field 22 is left-aligned and 23 right-aligned as the specification says; the PAN is closed by a
 * `0` nibble, tracks by `0` or `F` (both read, the configured one written).
 */
import { expectOptions } from '../arguments.js';
import type { DialectSpec, FieldSpec } from '../codec/spec.js';
import { EMV_TAGS } from './emv-tags.js';
import { asciiFixed, bcdFixed, bcdVar, bytesVar, copyData, spacePadded, type Names } from './cup-parts.js';
import { CUP_FIELD22, CUP_FIELD44, CUP_FIELD53, CUP_FIELD54 } from './cup-subfields.js';
import { CUP_FIELD48 } from './cup-field48.js';
import { CUP_FIELD59 } from './cup-field59.js';
import { CUP_FIELD60, CUP_FIELD61 } from './cup-field60-61.js';
import { CUP_FIELD62 } from './cup-field62.js';
import { CUP_FIELD63 } from './cup-field63.js';

/** What acquirers vary within the CUP POS dialect. */
export interface CupDialectOptions {
  /** Dialect name (default `'cup'`). */
  name?: string;
  /** Pad nibble written after an odd number of track 2/3 digits (default `'0'`); `0` and `F` are both read. */
  trackPad?: '0' | 'F';
  /** Most digits field 60 may hold: 17 in the CUP tables, 19 with some acquirers (default 19). */
  field60MaxDigits?: number;
  /** Field 62 as raw bytes (`'b'`, default) or as ASCII text (`'ans'`). */
  field62Attribute?: 'b' | 'ans';
  /**
   * Field 64 as the 8 ASCII hex characters of the CUP ECB MAC (`'ascii-hex'`, default) or 8 raw bytes (`'binary'`).
   * With `'ascii-hex'` a host's 64 whose 8 bytes are not hex characters (acquirers that MAC in binary) still
   * decodes: the value is then those 8 bytes as they are, and they are written back unchanged.
   */
  macFormat?: 'ascii-hex' | 'binary';
  /**
   * Field 43 (card acceptor name and location) as ASCII (`'ascii'`, default) or GBK text (`'gbk'`), as
   * acquirers forwarding Chinese merchant names to CUPS send it: 40 bytes, space padded, 20 hanzi at most.
   */
  field43Encoding?: 'ascii' | 'gbk';
}

function n(name: string, localName: string): Names {
  return { name, localName };
}

/** Builds the CUP POS dialect spec (plain data) for the given acquirer options. */
export function cupDialectSpec(options?: CupDialectOptions): DialectSpec {
  options = expectOptions(options);
  const trackPad = options.trackPad ?? '0';
  const field60Max = options.field60MaxDigits ?? 19;
  const field62 = options.field62Attribute ?? 'b';
  const macFormat = options.macFormat ?? 'ascii-hex';
  const field43Names = n('Card acceptor name and location', '受卡方名称地址');

  const fields: Record<string, FieldSpec> = {
    '2': bcdVar(n('Primary account number', '主账号'), 'n', 19, 2, '0', 'F', { sensitivity: 'pan' }),
    '3': bcdFixed(n('Processing code', '交易处理码'), 6),
    '4': bcdFixed(n('Transaction amount', '交易金额'), 12),
    '5': bcdFixed(n('Settlement amount', '清算金额'), 12),
    '6': bcdFixed(n('Cardholder billing amount', '持卡人扣账金额'), 12),
    '7': bcdFixed(n('Transmission date and time', '交易传输时间'), 10),
    '8': bcdFixed(n('Cardholder billing fee', '持卡人扣账手续费'), 8),
    '9': bcdFixed(n('Settlement conversion rate', '清算汇率'), 8),
    '10': bcdFixed(n('Cardholder billing conversion rate', '持卡人扣账汇率'), 8),
    '11': bcdFixed(n('System trace audit number', '受卡方系统跟踪号'), 6),
    '12': bcdFixed(n('Local transaction time', '受卡方所在地时间'), 6),
    '13': bcdFixed(n('Local transaction date', '受卡方所在地日期'), 4),
    '14': bcdFixed(n('Card expiry date', '卡有效期'), 4, { sensitivity: 'secret' }),
    '15': bcdFixed(n('Settlement date', '清算日期'), 4),
    '16': bcdFixed(n('Conversion date', '兑换日期'), 4),
    '17': bcdFixed(n('Capture date', '获取日期'), 4),
    '18': bcdFixed(n('Merchant type', '商户类型'), 4),
    '19': bcdFixed(n('Acquiring institution country code', '受理机构国家代码'), 3),
    '20': bcdFixed(n('PAN extended country code', '主账号扩展国家代码'), 3),
    '21': bcdFixed(n('Forwarding institution country code', '转发机构国家代码'), 3),
    // The CUP specification has 22 left-aligned ("左靠"): `021` travels as 02 10.
    '22': {
      ...n('POS entry mode', '服务点输入方式码'),
      attr: 'n',
      length: 3,
      encoding: 'bcd',
      align: 'left',
      pad: '0',
      composite: CUP_FIELD22,
    },
    '23': bcdFixed(n('Card sequence number', '卡序列号'), 3),
    '24': bcdFixed(n('Network international identifier', '网络国际标识符'), 3),
    '25': bcdFixed(n('POS condition code', '服务点条件码'), 2),
    '26': bcdFixed(n('POS PIN capture code', '服务点PIN获取码'), 2),
    '27': bcdFixed(n('Authorisation identification response length', '授权标识应答码长度'), 1),
    '28': asciiFixed(n('Transaction fee amount', '交易费'), 'x+n', 9),
    '29': asciiFixed(n('Settlement fee amount', '结算费'), 'x+n', 9),
    '30': asciiFixed(n('Transaction processing fee amount', '交易处理费'), 'x+n', 9),
    '31': asciiFixed(n('Settlement processing fee amount', '结算处理费'), 'x+n', 9),
    '32': bcdVar(n('Acquiring institution identification code', '受理方标识码'), 'n', 11, 2, '0', 'F'),
    '33': bcdVar(n('Forwarding institution identification code', '转发机构标识码'), 'n', 11, 2, '0', 'F'),
    '34': bytesVar(n('Extended primary account number', '扩展主账号'), 'ns', 28, 2, 'ascii', { sensitivity: 'pan' }),
    // With 53.3 = 1 part of each packed track is enciphered with the TDK, so any nibble may appear there.
    '35': bcdVar(n('Track 2 data', '2磁道数据'), 'z', 37, 2, trackPad, '0F', { sensitivity: 'track', anyNibble: true }),
    '36': bcdVar(n('Track 3 data', '3磁道数据'), 'z', 104, 3, trackPad, '0F', { sensitivity: 'track', anyNibble: true }),
    '37': asciiFixed(n('Retrieval reference number', '检索参考号'), 'an', 12),
    '38': asciiFixed(n('Authorisation identification response', '授权标识应答码'), 'an', 6),
    '39': asciiFixed(n('Response code', '应答码'), 'an', 2),
    '40': asciiFixed(n('Service restriction code', '服务限制码'), 'an', 3),
    '41': asciiFixed(n('Card acceptor terminal identification', '受卡机终端标识码'), 'ans', 8),
    '42': asciiFixed(n('Card acceptor identification code', '受卡方标识码'), 'ans', 15),
    '43': options.field43Encoding === 'gbk' ? spacePadded(field43Names, 'ans', 40, 'gbk') : asciiFixed(field43Names, 'ans', 40),
    '44': bytesVar(n('Additional response data', '附加响应数据'), 'anp', 25, 2, 'ascii', { composite: CUP_FIELD44 }),
    '45': bytesVar(n('Track 1 data', '1磁道数据'), 'ans', 76, 2, 'ascii', { sensitivity: 'track' }),
    '46': bytesVar(n('Additional data (ISO)', '附加数据-ISO'), 'ans', 999, 3, 'ascii'),
    '47': bytesVar(n('Additional data (national)', '附加数据-国家'), 'ans', 999, 3, 'ascii'),
    '48': bcdVar(n('Additional data (private)', '附加数据-私有'), 'n', 322, 3, '0', 'F', { composite: CUP_FIELD48 }),
    '49': asciiFixed(n('Transaction currency code', '交易货币代码'), 'an', 3),
    '50': asciiFixed(n('Settlement currency code', '清算货币代码'), 'an', 3),
    '51': asciiFixed(n('Cardholder billing currency code', '持卡人账户货币代码'), 'an', 3),
    '52': { ...n('PIN data', '个人标识码数据'), attr: 'b', length: 8, encoding: 'binary', sensitivity: 'pin' },
    '53': bcdFixed(n('Security related control information', '安全控制信息'), 16, { composite: CUP_FIELD53 }),
    '54': bytesVar(n('Balance amount', '余额'), 'an', 20, 3, 'ascii', { composite: CUP_FIELD54 }),
    '55': bytesVar(n('ICC system related data', 'IC卡数据域'), 'b', 255, 3, 'binary', {
      composite: { kind: 'ber-tlv', tags: EMV_TAGS },
    }),
    '56': bytesVar(n('Reserved (ISO)', '保留-ISO'), 'ans', 999, 3, 'ascii'),
    '57': bytesVar(n('Reserved (national)', '保留-国家'), 'ans', 999, 3, 'ascii'),
    '58': bytesVar(n('PBOC electronic purse data', 'PBOC电子钱包标准的交易信息'), 'ans', 100, 3, 'ascii'),
    '59': bytesVar(n('Custom data (terminal hardware, scanned payment)', '自定义域'), 'ans', 999, 3, 'ascii', {
      composite: CUP_FIELD59,
    }),
    '60': bcdVar(n('Custom data (transaction type, batch, capabilities)', '自定义域'), 'n', field60Max, 3, '0', 'F', {
      composite: CUP_FIELD60,
    }),
    '61': bcdVar(n('Original message data', '原始信息域'), 'n', 29, 3, '0', 'F', { composite: CUP_FIELD61 }),
    '62': bytesVar(n('Custom data (keys, terminal information)', '自定义域'), field62, 512, 3, field62 === 'b' ? 'binary' : 'ascii', {
      composite: CUP_FIELD62,
      sensitivity: 'key',
    }),
    '63': bytesVar(n('Custom data (operator, card organisation, reserved texts)', '自定义域'), 'ans', 163, 3, 'gbk', {
      composite: CUP_FIELD63,
    }),
    // The CUP ECB MAC is the first 8 hex characters of the last DES block, sent as ASCII: 4 bytes of value.
    '64': {
      ...n('Message authentication code', '报文鉴别码'),
      attr: 'b',
      ...(macFormat === 'ascii-hex' ? { length: 4, lengthUnit: 'bytes', encoding: 'hex', rawWhenNotHex: true } : { length: 8, encoding: 'binary' }),
    },
  };

  return {
    name: options.name ?? 'cup',
    description: 'China UnionPay POS terminal messages (BCD numerics, BCD length prefixes, 64-bit binary bitmap)',
    mtiEncoding: 'bcd',
    bitmapEncoding: 'binary',
    maxBitmaps: 1,
    fields: copyData(fields),
  };
}

/** The CUP POS dialect with default options. */
// Pure: a bundle that compiles its own `cupDialect(options)` does not build this default spec at load.
export const cupSpec: DialectSpec = /* @__PURE__ */ cupDialectSpec();
