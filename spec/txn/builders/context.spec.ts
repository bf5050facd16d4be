import { describe, it, expect } from 'vitest';
import { checkContext, startRequest } from '../../../src/txn/builders/context.js';
import { InputProblems } from '../../../src/txn/builders/validate-input.js';
import { PREAUTH_ROW, SALE_ROW } from '../../../src/txn/transaction-table.js';
import { context } from './support.js';

describe('checkContext', () => {
  it('checks the operator only for requests that carry one', () => {
    const p = new InputProblems();
    expect(checkContext(p, context({ operator: '' }), false)?.operator).toBe('');
    expect(p.count).toBe(0);
    checkContext(p, context({ operator: '' }), true);
    expect(p.count).toBe(1);
  });

  it('reports identifiers of the wrong length', () => {
    const p = new InputProblems();
    checkContext(p, context({ terminalId: '8001000', merchantId: '1023100581200012' }), false);
    expect(() => p.throwIfAny()).toThrow('request input has 2 problems: ctx.terminalId, ctx.merchantId');
  });
});

describe('startRequest', () => {
  it('starts a sale from the transaction table and the context, 60.6 only when partial approval is offered', () => {
    const ctx = checkContext(new InputProblems(), context({ stan: '000020', batch: '000757' }), false)!;
    const m = startRequest(ctx, SALE_ROW, { readCapability: '6', iccCondition: '0' });
    expect(m.toObject()).toEqual({
      mti: '0200',
      fields: {
        '3': '000000',
        '11': '000020',
        '25': '00',
        '41': '80010001',
        '42': '102310058120001',
        '60': { '1': '22', '2': '000757', '3': '000', '4': '6', '5': '0' },
      },
    });
    expect(startRequest(ctx, PREAUTH_ROW, { readCapability: '5', iccCondition: '2', partialApproval: true }).toObject().fields['60']).toEqual({
      '1': '10', '2': '000757', '3': '000', '4': '5', '5': '2', '6': '1',
    });
  });
});
