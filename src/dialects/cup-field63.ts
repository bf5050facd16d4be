/**
 * CUP POS field 63 (自定义域): a 3-character code (the operator in most requests; the card
 * organisation such as `CUP` or `VIS` in responses and in refunds and offline advices), then in
 * responses up to three 20-byte reserved texts that hosts fill with GBK-encoded wording such as the
 * issuer's name, and a fourth, 60-byte part reserved for the POS terminal.
 *
 * The CUP text groups the four texts as 63.2.1–63.2.4. They travel without a length of their own
 * and any number of them may be sent, so they are laid out here as 63.2 to 63.5, each readable when
 * the ones after it are absent: 3 + 20 + 20 + 20 + 60 = 123 bytes at most, within 63's 163.
 */
import type { PositionalComposite } from '../codec/spec.js';
import { spacePadded } from './cup-parts.js';

/** Field 63. */
export const CUP_FIELD63: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': spacePadded({ name: 'Operator or card organisation code', localName: '操作员代码/国际信用卡公司代码' }, 'ans', 3, 'ascii'),
    '2': spacePadded({ name: 'Issuer reserved text', localName: '发卡方保留域' }, 'ans', 20, 'gbk'),
    '3': spacePadded({ name: 'UnionPay reserved text', localName: '中国银联保留域' }, 'ans', 20, 'gbk'),
    '4': spacePadded({ name: 'Acquirer reserved text', localName: '受理机构保留域' }, 'ans', 20, 'gbk'),
    '5': spacePadded({ name: 'POS terminal reserved text', localName: 'POS终端保留域' }, 'ans', 60, 'gbk'),
  },
  // Bytes past the fourth part have no published meaning; they are kept.
  rest: 'rest',
};
