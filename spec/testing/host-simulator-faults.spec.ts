import { describe, expect, it } from 'vitest';
import { dialects } from '../../src/index.js';
import { FaultSchedule, type HostRequestInfo } from '../../src/testing/host-simulator-faults.js';
import type { TransactionKind } from '../../src/txn/types.js';
import { caught } from '../support/errors.js';

function request(kind: TransactionKind, stan = '000001'): HostRequestInfo {
  return { kind, mti: '0200', terminalId: '12345678', stan, message: dialects.cup.message('0200') };
}

describe('FaultSchedule', () => {
  it('does nothing when no fault is scheduled', () => {
    expect(new FaultSchedule().next(request('sale'))).toEqual({ drop: null, delayMs: 0 });
  });

  it('drops the next answer once by default, then answers again', () => {
    const f = new FaultSchedule();
    f.drop();
    expect(f.next(request('sale')).drop).toBe('response');
    expect(f.next(request('sale')).drop).toBeNull();
    expect(f.pending).toBe(false);
  });

  it('drops the request itself when asked to lose it', () => {
    const f = new FaultSchedule();
    f.drop({ lose: 'request' });
    expect(f.next(request('sale')).drop).toBe('request');
  });

  it('counts down only on requests its predicate accepts', () => {
    const f = new FaultSchedule();
    f.drop({ count: 2, when: (r) => r.kind === 'sale' });
    const kinds: TransactionKind[] = ['echo', 'sale', 'void', 'sale', 'sale'];
    expect(kinds.map((k) => f.next(request(k)).drop)).toEqual([null, 'response', null, 'response', null]);
  });

  it('keeps a fault with an infinite count for every matching request', () => {
    const f = new FaultSchedule();
    f.delay({ ms: 30, count: Infinity });
    expect([1, 2, 3].map(() => f.next(request('sale')).delayMs)).toEqual([30, 30, 30]);
    f.clear();
    expect(f.next(request('sale')).delayMs).toBe(0);
  });

  it('applies the longest of several matching delays together with a drop', () => {
    const f = new FaultSchedule();
    f.delay({ ms: 10 });
    f.delay({ ms: 40 });
    f.drop();
    expect(f.next(request('sale'))).toEqual({ drop: 'response', delayMs: 40 });
    expect(f.next(request('sale'))).toEqual({ drop: null, delayMs: 0 });
  });

  it('uses only the first matching drop and keeps the next for a later request', () => {
    const f = new FaultSchedule();
    f.drop({ lose: 'request' });
    f.drop();
    expect(f.next(request('sale')).drop).toBe('request');
    expect(f.next(request('sale')).drop).toBe('response');
  });

  it.each([
    [() => new FaultSchedule().drop({ count: 0 }), 'fault count must be a whole number from 1, or Infinity (field count)'],
    [() => new FaultSchedule().drop({ count: 1.5 }), 'fault count must be a whole number from 1, or Infinity (field count)'],
    [() => new FaultSchedule().drop({ lose: 'both' as 'request' }), 'a drop loses the request or the response (field lose)'],
    [() => new FaultSchedule().delay({ ms: -1 }), 'delay must be a finite number of milliseconds from 0 (field ms)'],
    [() => new FaultSchedule().delay({ ms: Number.NaN }), 'delay must be a finite number of milliseconds from 0 (field ms)'],
  ])('refuses a bad fault with INVALID_CONFIG (%#)', (run, message) => {
    const e = caught(run);
    expect([e.code, e.message]).toEqual(['INVALID_CONFIG', message]);
  });
});
