// Encoding shares nothing between calls: an encode started while another runs, and a failed encodeInto, leave no trace.
import { describe, expect, it } from 'vitest';
import { dialects, toHex } from '../../src/index.js';
import { SALE_FIELDS, SALE_HEX } from './support.js';
import { caught } from '../support/errors.js';

const d = dialects.iso87ascii;
const FIELDS = { '3': '000000', '4': '000000001000', '11': '000123', '41': 'TERM0001' };

describe('encoding', () => {
  it('gives the right bytes to an encode that runs inside another one', () => {
    const alone = toHex(d.encode({ mti: '0200', fields: FIELDS }));
    const inner: string[] = [];
    const fields = {
      ...FIELDS,
      // A getter runs while the outer encode is reading its input: it encodes another message meanwhile.
      get '42'() {
        inner.push(toHex(d.encode({ mti: '0200', fields: FIELDS })));
        return 'MERCHANT0000001';
      },
    };
    const outer = toHex(d.encode({ mti: '0200', fields }));
    expect(inner).toStrictEqual([alone]);
    expect(outer).toBe(toHex(d.encode({ mti: '0200', fields: { ...FIELDS, '42': 'MERCHANT0000001' } })));
  });

  it('gives the right bytes to an encode that runs while another writes a composite field', () => {
    const cup = dialects.cup.derive({ name: 'cup-reentrant' });
    const inner: string[] = [];
    const entry = {
      tag: '9F26',
      // Read while the outer encode holds the dialect's buffers for field 55's content.
      get value() {
        inner.push(toHex(cup.encode({ mti: '0200', fields: SALE_FIELDS })));
        return 'ED1D6BA78357FB25';
      },
    };
    const outer = toHex(cup.encode({ mti: '0200', fields: { ...SALE_FIELDS, '55': [entry] } }));
    expect(inner).toStrictEqual([SALE_HEX]);
    expect(outer).toBe(SALE_HEX);
  });

  it('writes nothing into the target of an encodeInto that fails, and zeroes what it had written', () => {
    const target = new Uint8Array(64).fill(0xee);
    const e = caught(() => d.encodeInto({ mti: '0200', fields: { ...FIELDS, '41': 'TERM\u00e9001' } }, target, 4));
    expect(e.code).toBe('BAD_CHARACTER');
    expect([...target.subarray(0, 4)]).toStrictEqual([0xee, 0xee, 0xee, 0xee]);
    // The message would have taken 4 + 16 + 32 bytes: written in part before the bad character, zeroed after it.
    expect(target.subarray(4, 56).every((b) => b === 0)).toBe(true);
    expect(target.subarray(56).every((b) => b === 0xee)).toBe(true);
  });

  it('zeroes what a failed encodeInto of a built message wrote, up to the field that failed, and nothing else', () => {
    const target = new Uint8Array(64).fill(0xee);
    const built = d.message('0200', { ...FIELDS, '41': 'TERM\u00e9001' });
    expect(caught(() => d.encodeInto(built, target, 4)).code).toBe('BAD_CHARACTER');
    expect([...target.subarray(0, 4)]).toStrictEqual([0xee, 0xee, 0xee, 0xee]);
    expect(target.subarray(4, 56).every((b) => b === 0)).toBe(true);
    expect(target.subarray(56).every((b) => b === 0xee)).toBe(true);
  });

  it('leaves nothing of a composite field that failed part-way in the buffers the dialect reuses', () => {
    const cup = dialects.cup.derive({ name: 'cup-zeroing' });
    // Track 2 equivalent data whose last character is no hex digit: most of it is written before that is found.
    const track = { tag: '57', value: '6210810840003424940D27062207001000100Z' };
    expect(caught(() => cup.encode({ mti: '0200', fields: { ...SALE_FIELDS, '55': [track] } })).code).toBe('BAD_HEX');
    const kept = cup as unknown as { spareOut: Uint8Array | null; spareWriter: { buf: Uint8Array } | null };
    expect(kept.spareWriter?.buf.every((b) => b === 0)).toBe(true);
    expect(kept.spareOut?.every((b) => b === 0)).toBe(true);
  });

  it('refuses a target too small before writing anything into it', () => {
    const target = new Uint8Array(20).fill(0xee);
    expect(caught(() => d.encodeInto({ mti: '0200', fields: FIELDS }, target)).code).toBe('BUFFER_TOO_SMALL');
    expect(target.every((b) => b === 0xee)).toBe(true);
  });
});
