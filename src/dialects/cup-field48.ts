/**
 * CUP POS field 48 (附加数据-私有): its layout follows the transaction. Settlement carries the
 * batch totals, magstripe batch upload carries up to eight transaction records, the end of a batch
 * upload a count, and tip or adjustment advices the tip amount.
 */
import type { ContextComposite, FieldSpec, PositionalComposite } from '../codec/spec.js';
import { digits, type Names } from './cup-parts.js';

/** One settlement block: debit and credit amounts and counts, then the reconciliation code. */
function settlementBlock(names: Names): FieldSpec {
  return digits(names, 31, {
    composite: {
      kind: 'positional',
      subfields: {
        '1': digits({ name: 'Debit total amount', localName: '借记总金额' }, 12),
        '2': digits({ name: 'Debit total count', localName: '借记总笔数' }, 3),
        '3': digits({ name: 'Credit total amount', localName: '贷记总金额' }, 12),
        '4': digits({ name: 'Credit total count', localName: '贷记总笔数' }, 3),
        '5': digits({ name: 'Reconciliation code', localName: '对账应答码' }, 1),
      },
    },
  });
}

/** 0500/0510: domestic card totals (48.1) then foreign card totals (48.2); 48.x.5 is 1 balanced, 2 not balanced, 3 error. */
export const CUP_FIELD48_SETTLEMENT: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': settlementBlock({ name: 'Domestic card totals', localName: '内卡结算总额' }),
    '2': settlementBlock({ name: 'Foreign card totals', localName: '外卡结算总额' }),
  },
  rest: 'rest',
};

/** One magstripe batch-upload record of 40 digits. */
function batchRecord(index: number): FieldSpec {
  return digits({ name: `Transaction record ${index}`, localName: `交易明细${index}` }, 40, {
    composite: {
      kind: 'positional',
      subfields: {
        '1': digits({ name: 'Card class', localName: '卡类别' }, 2),
        '2': digits({ name: 'Original STAN', localName: '原交易流水号' }, 6),
        // The PAN sits right-aligned in 20 digits: a shorter one is zero-filled on encode, and
        // decoding keeps the leading zeros (a number's digits are never trimmed).
        '3': {
          ...digits({ name: 'Primary account number', localName: '主账号' }, 20, { sensitivity: 'pan' }),
          align: 'right',
          pad: '0',
        },
        '4': digits({ name: 'Transaction amount', localName: '交易金额' }, 12),
      },
    },
  });
}

/** 0320/0330 with 60.3 = 201: a record count (48.1) then records 48.2 … 48.9. */
export const CUP_FIELD48_BATCH_UPLOAD: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'Record count', localName: '批上送笔数' }, 2),
    '2': batchRecord(1),
    '3': batchRecord(2),
    '4': batchRecord(3),
    '5': batchRecord(4),
    '6': batchRecord(5),
    '7': batchRecord(6),
    '8': batchRecord(7),
    '9': batchRecord(8),
  },
};

/** 0320/0330 with 60.3 = 207 (after a balanced settlement) or 202 (after an unbalanced one): the number of detail records uploaded. */
export const CUP_FIELD48_BATCH_END: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'Total uploaded transactions', localName: '批上送总笔数' }, 4),
  },
};

/** 0220/0230 with 60.1 = 32 (adjustment) or 34 (tip): the tip amount. */
export const CUP_FIELD48_TIP: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': digits({ name: 'Tip amount', localName: '小费金额' }, 12),
  },
};

/** Field 48 by transaction; any other use (private installment or points data) stays raw. */
export const CUP_FIELD48: ContextComposite = {
  kind: 'context',
  cases: [
    { when: { mti: ['0500', '0510'] }, layout: CUP_FIELD48_SETTLEMENT, label: 'settlement totals' },
    { when: { mti: ['0320', '0330'], '60.3': ['201'] }, layout: CUP_FIELD48_BATCH_UPLOAD, label: 'batch upload records' },
    { when: { mti: ['0320', '0330'], '60.3': ['202', '207'] }, layout: CUP_FIELD48_BATCH_END, label: 'batch upload end' },
    { when: { mti: ['0220', '0230'], '60.1': ['32', '34'] }, layout: CUP_FIELD48_TIP, label: 'tip amount' },
  ],
};
