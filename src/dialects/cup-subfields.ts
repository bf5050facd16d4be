/**
 * The short positional sub-structures of CUP POS fields 22, 44, 53 and 54 (CUP POS terminal
 * specification, field descriptions of 服务点输入方式码, 附加响应数据, 安全控制信息 and 余额).
 */
import type { PositionalComposite } from '../codec/spec.js';
import { digits, spacePadded } from './cup-parts.js';

/** Field 22: PAN entry mode (`01` manual, `02` stripe, `03` scanned code, `05` chip, `07` contactless…) and PIN capability. */
export const CUP_FIELD22: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'PAN entry mode', localName: '主账号输入方式' }, 2),
    '2': digits({ name: 'PIN entry capability', localName: 'PIN输入能力' }, 1),
  },
};

/** Field 44: issuer and acquirer identification codes, 11 characters each, space padded. */
export const CUP_FIELD44: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': spacePadded({ name: 'Issuer identification code', localName: '发卡行标识码' }, 'an', 11, 'ascii'),
    '2': spacePadded({ name: 'Acquirer identification code', localName: '收单机构标识码' }, 'an', 11, 'ascii'),
  },
  // Some hosts send 25 characters; the three trailing ones have no defined meaning.
  rest: 'rest',
};

/** Field 53: PIN block format, encryption algorithm, track encryption flag and 13 reserved digits. */
export const CUP_FIELD53: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'PIN block format', localName: 'PIN格式' }, 1),
    '2': digits({ name: 'Encryption algorithm', localName: '加密算法标志' }, 1),
    '3': digits({ name: 'Track data encryption', localName: '磁道加密标志' }, 1),
    '4': digits({ name: 'Reserved', localName: '保留使用' }, 13),
  },
};

/** Field 54: one balance entry of account type, amount type, currency, C/D sign and amount. */
export const CUP_FIELD54: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'Account type', localName: '账户类型' }, 2),
    '2': digits({ name: 'Amount type', localName: '余额类型' }, 2),
    '3': digits({ name: 'Currency code', localName: '货币代码' }, 3),
    '4': { name: 'Balance sign', localName: '余额符号', attr: 'a', length: 1, encoding: 'ascii' },
    '5': digits({ name: 'Balance amount', localName: '余额' }, 12),
  },
  rest: 'rest',
};
