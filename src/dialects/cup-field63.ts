/**
 * CUP POS field 63 (自定义域): a 3-character code (the operator in requests, the card
 * organisation such as `CUP` or `VIS` in responses), then in responses up to three 20-byte
 * reserved texts that hosts fill with GBK-encoded wording such as the issuer's name.
 */
import type { PositionalComposite } from '../codec/spec.js';
import { spacePadded } from './cup-parts.js';

/** 63.2: the issuer's, UnionPay's and the acquirer's reserved texts; trailing ones may be absent. */
export const CUP_FIELD63_TEXTS: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': spacePadded({ name: 'Issuer reserved text', localName: '发卡方保留域' }, 'ans', 20, 'gbk'),
    '2': spacePadded({ name: 'UnionPay reserved text', localName: '中国银联保留域' }, 'ans', 20, 'gbk'),
    '3': spacePadded({ name: 'Acquirer reserved text', localName: '受理机构保留域' }, 'ans', 20, 'gbk'),
  },
  rest: 'rest',
};

/** Field 63. */
export const CUP_FIELD63: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': spacePadded({ name: 'Operator or card organisation code', localName: '操作员代码/国际信用卡公司代码' }, 'ans', 3, 'ascii'),
    '2': {
      name: 'Reserved texts',
      localName: '自定义域',
      attr: 'ans',
      length: 160,
      encoding: 'gbk',
      composite: CUP_FIELD63_TEXTS,
    },
  },
};
