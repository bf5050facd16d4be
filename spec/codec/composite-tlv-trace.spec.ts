import { describe, expect, it } from 'vitest';
import { traceTlvElement } from '../../src/codec/composite/tlv-trace.js';
import type { TraceRow } from '../../src/codec/values.js';

describe('traceTlvElement', () => {
  it('adds a row named from the tag information and returns that same row', () => {
    const trace: TraceRow[] = [];
    const row = traceTlvElement(trace, '55.9F26', { name: 'Application cryptogram', localName: '应用密文' }, 10, 13, 21, 2);
    expect(trace).toHaveLength(1);
    expect(trace[0]).toBe(row);
    expect(row).toStrictEqual({
      path: '55.9F26',
      name: 'Application cryptogram',
      localName: '应用密文',
      start: 10,
      contentStart: 13,
      end: 21,
      depth: 2,
      sensitivity: undefined,
    });
  });

  it('names a tag it has no information for as an unknown tag and hides it, since it may be proprietary card data', () => {
    const trace: TraceRow[] = [];
    traceTlvElement(trace, '55.DF01', undefined, 0, 3, 5, 1);
    expect(trace[0]).toMatchObject({ name: 'unknown tag', localName: undefined, sensitivity: 'secret' });
  });

  it('carries the sensitivity of a masked tag', () => {
    const trace: TraceRow[] = [];
    traceTlvElement(trace, '55.5A', { name: 'PAN', sensitivity: 'pan' }, 0, 2, 10, 1);
    expect(trace[0]!.sensitivity).toBe('pan');
  });

  it('returns the row it adds, for the caller to give its value', () => {
    const trace: TraceRow[] = [];
    const row = traceTlvElement(trace, '59.A1', { name: 'Any' }, 0, 5, 9, 1);
    expect(trace).toStrictEqual([row]);
    expect(row).toMatchObject({ path: '59.A1', name: 'Any', start: 0, contentStart: 5, end: 9, depth: 1 });
  });
});
