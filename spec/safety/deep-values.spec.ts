// Values nested far deeper than any message holds (built by a caller) give an Iso8583Error, never a stack overflow.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { TlvNode } from '../../src/codec/values.js';
import { Iso8583Error, Message, dialects } from '../../src/index.js';

/** A constructed TLV template `depth` levels deep, built without recursion. */
function deepTlv(depth: number): TlvNode[] {
  let inner: TlvNode[] = [{ tag: '5A', value: '6210810840003424940F' }];
  for (let i = 0; i < depth; i++) inner = [{ tag: 'E1', children: inner }];
  return inner;
}

/** Subfield objects `depth` levels deep. */
function deepObject(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { '1': '22' };
  for (let i = 0; i < depth; i++) inner = { '1': inner };
  return inner;
}

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected an Iso8583Error');
}

const TOO_DEEP = { code: 'TOO_DEEP', message: expect.stringMatching(/^value nests deeper than the library walks \(field 55(\.E1)+\)$/) };

describe('a TLV template 100,000 levels deep', () => {
  const messages = {
    'a message bound to the CUP dialect': () => dialects.cup.message('0200').set('55', deepTlv(100_000)),
    'a message without a dialect': () => new Message('0200', { '55': deepTlv(100_000) as never }),
  };
  for (const [label, make] of Object.entries(messages)) {
    it(`is refused by toJSON, toObject, toString, clone and every rendering of ${label}`, () => {
      const m = make();
      expect(failure(() => m.toJSON())).toStrictEqual(TOO_DEEP);
      expect(failure(() => m.toObject())).toStrictEqual(TOO_DEEP);
      expect(failure(() => m.toString())).toStrictEqual(TOO_DEEP);
      expect(failure(() => JSON.stringify(m))).toStrictEqual(TOO_DEEP);
      expect(failure(() => String(m))).toStrictEqual(TOO_DEEP);
      // Logging never throws: util.inspect shows the error instead of the value.
      expect(inspect(m)).toMatch(/^Message \{\n  mti: '0200',\n  unprintable: 'value nests deeper than the library walks \(field 55(\.E1)+\)'\n\}$/);
      expect(failure(() => m.clone())).toStrictEqual(TOO_DEEP);
    });
  }

  it('is refused by encode and describe as nesting too deep for BER-TLV', () => {
    const m = dialects.cup.message('0200').set('55', deepTlv(100_000));
    expect(failure(() => dialects.cup.encode(m))).toStrictEqual({ code: 'BAD_TLV', message: 'TLV nesting is too deep (field 55.E1.E1.E1.E1.E1.E1.E1.E1)' });
    expect(failure(() => dialects.cup.encode({ mti: '0200', fields: { '55': deepTlv(100_000) } }))).toMatchObject({ code: 'BAD_TLV' });
    expect(failure(() => m.describe())).toMatchObject({ code: 'BAD_TLV' });
  });

  it('stays printable at the depth real chip data uses', () => {
    const m = dialects.cup.message('0200').set('55', deepTlv(3));
    expect(m.toJSON().fields['55']).toStrictEqual([{ tag: 'E1', children: [{ tag: 'E1', children: [{ tag: 'E1', children: [{ tag: '5A', value: '********************' }] }] }] }]);
  });
});

describe('subfield objects 100,000 levels deep', () => {
  it('are refused by the renderings and by encode', () => {
    const m = new Message('0200', { '60': deepObject(100_000) as never });
    expect(failure(() => m.toJSON())).toMatchObject({ code: 'TOO_DEEP' });
    expect(failure(() => m.toObject())).toMatchObject({ code: 'TOO_DEEP' });
    expect(failure(() => m.clone())).toMatchObject({ code: 'TOO_DEEP' });
    expect(failure(() => dialects.cup.encode(m))).toMatchObject({ code: 'BAD_TYPE' });
  });
});
