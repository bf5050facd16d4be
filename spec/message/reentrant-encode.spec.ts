// Encoding and toObject() share nothing between calls: an encode started while another runs, a failed encodeInto and a finished toObject() leave no trace.
import { describe, expect, it } from 'vitest';
import { cupDialect, dialects, fromHex, toHex } from '../../src/index.js';
import { cupDialect as portableCupDialect } from '../../src/portable.js';
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

  it('reads each field of a plain object once, also when the message at its longest is too long to be written in one pass', () => {
    // Every LLLVAR text field of iso87ascii, one character each: at their longest more than the 16 KiB written in one pass.
    const long: Record<string, string> = {};
    for (let id = 2; id <= 128; id++) {
      const spec = d.fieldSpec(String(id));
      if (spec?.lengthDigits === 3 && spec.attr === 'ans') long[String(id)] = 'A';
    }
    expect(Object.keys(long).length).toBeGreaterThan(16);
    let reads = 0;
    const fields = {
      ...long,
      get '11'() {
        reads++;
        return '000123';
      },
    };
    const bytes = d.encode({ mti: '0200', fields });
    expect(reads).toBe(1);
    expect(toHex(bytes)).toBe(toHex(d.encode({ mti: '0200', fields: { ...long, '11': '000123' } })));
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

describe('toObject() of a decoded message', () => {
  it('reads the bytes of a body kept as text from an array it zeroes before returning, and gives the same object each time', () => {
    const cup = dialects.cup.derive({ name: 'cup-to-object' });
    const m = cup.decode(fromHex(SALE_HEX));
    const first = m.toObject();
    expect(first.fields['22']).toStrictEqual({ '1': '02', '2': '1' });
    expect(first.fields['55']).toStrictEqual([{ tag: '9F26', value: 'ED1D6BA78357FB25' }]);
    const spare = (cup as unknown as { spareOut: Uint8Array | null }).spareOut;
    // The body was read from this array (the main entry keeps a decoded body as Latin-1 text), and it holds nothing now.
    expect(spare).toBeInstanceOf(Uint8Array);
    expect(spare!.every((b) => b === 0)).toBe(true);
    expect(cup.decode(fromHex(SALE_HEX)).toObject()).toStrictEqual(first);
    expect(m.toObject()).toStrictEqual(first);
    expect(toHex(cup.encode(first))).toBe(SALE_HEX);
  });

  it('gives the same object whether the body kept as text is written back by a native writer, by a loop, or kept as bytes', () => {
    const body = fromHex(SALE_HEX);
    const expected = cupDialect().decode(body).toObject();
    // A Latin-1 text maker of the caller's own has no writer: the bytes are read back from the text one by one.
    const ownLatin1 = cupDialect({}, { latin1: (bytes, start, end) => String.fromCharCode(...bytes.subarray(start, end)) });
    expect(ownLatin1.decode(body).toObject()).toStrictEqual(expected);
    expect(portableCupDialect().decode(body).toObject()).toStrictEqual(expected);
  });
});
