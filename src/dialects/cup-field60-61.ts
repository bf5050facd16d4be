/**
 * CUP POS fields 60 (自定义域: transaction type, batch, network management code, terminal
 * capabilities) and 61 (原始信息域: what identifies the original transaction).
 */
import type { PositionalComposite } from '../codec/spec.js';
import { digits } from './cup-parts.js';

/**
 * Field 60. Management messages stop after 60.3, financial ones after 60.4–60.7. Hosts that send
 * more digits than 60.7 (some document n..19) get them kept under `60.rest`.
 */
export const CUP_FIELD60: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'Transaction type code', localName: '交易类型码' }, 2),
    '2': digits({ name: 'Batch number', localName: '批次号' }, 6),
    '3': digits({ name: 'Network management information code', localName: '网络管理信息码' }, 3),
    '4': digits({ name: 'Terminal read capability', localName: '终端读取能力' }, 1),
    '5': digits({ name: 'IC card condition code', localName: '基于PBOC借/贷记标准的IC卡条件代码' }, 1),
    '6': digits({ name: 'Partial approval and balance return support', localName: '支持部分扣款和返回余额的标志' }, 1),
    '7': digits({ name: 'Account type', localName: '账户类型' }, 3),
  },
  rest: 'rest',
};

/** Field 61: original batch, STAN and date, then how and by whom the original was authorised. */
export const CUP_FIELD61: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'Original batch number', localName: '原交易批次号' }, 6),
    '2': digits({ name: 'Original STAN', localName: '原交易POS流水号' }, 6),
    '3': digits({ name: 'Original transaction date', localName: '原交易日期' }, 4),
    '4': digits({ name: 'Original authorisation method', localName: '原交易授权方式' }, 2),
    '5': digits({ name: 'Original authorising institution', localName: '原交易授权机构代码' }, 11),
  },
  rest: 'rest',
};
