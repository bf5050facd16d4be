// Whenever decode succeeds, encoding what it gave writes back exactly the bytes it read: each cause the fuzz found.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { compileAsciiTlv } from '../../src/codec/composite/ascii-tlv.js';
import { encodeContent } from '../../src/codec/composite/parts.js';
import { CUP_FIELD59 } from '../../src/dialects/cup-field59.js';
import { cupFrameProfile, decodeCupHeader, dialects, encodeCupHeader, frameMessage, fromHex, unframeMessage } from '../../src/index.js';
import { caught } from '../support/errors.js';

const cup = dialects.cup;

/** A CUP body with the byte at subfield `path`'s first content position replaced by `byte`. */
function withByteAt(fields: Record<string, unknown>, mti: string, path: string, byte: number): Uint8Array {
  const body = cup.encode({ mti, fields } as never);
  const row = cup.describe(body).rows.find((r) => r.path === path)!;
  const out = body.slice();
  out[row.offset] = byte;
  return out;
}

const ANSWER = {
  '11': '000001',
  '39': '00',
  '41': '12345678',
  '44': { '1': 'ACQ00000001', '2': 'ISS00000002' },
  '54': { '1': '10', '2': '02', '3': '156', '4': 'C', '5': '000000012345' },
  '63': { '1': 'CUP' },
};

describe('a decoded CUP message whose subfields hold characters their attribute does not allow', () => {
  it.each([
    ['44.1 (an) holding a control byte', '44.1', 0x07],
    ['44.2 (an) holding a space', '44.2', 0x20],
    ['54.2 (n) holding a letter', '54.2', 0x41],
    ['63.1 (ans) holding a byte above 0x7E', '63.1', 0x99],
  ])('re-encodes exactly: %s', (_, path, byte) => {
    const body = withByteAt(ANSWER, '0210', path, byte);
    const m = cup.decode(body);
    expect(toHex(cup.encode(m))).toBe(toHex(body));
    for (const id of m.fieldNumbers()) m.get(String(id));
    expect(toHex(cup.encode(m))).toBe(toHex(body));
    expect(toHex(cup.encode(m.clone()))).toBe(toHex(body));
    // Changing another field leaves this one as it came.
    m.set('11', '000002');
    const stan = cup.describe(body).rows.find((r) => r.path === '11')!.offset;
    const expected = body.slice();
    expected[stan + 2] = 0x02;
    expect(toHex(cup.encode(m))).toBe(toHex(expected));
  });

  it('writes a subfield changed in place anew, and refuses a changed value its attribute does not allow', () => {
    const body = withByteAt(ANSWER, '0210', '44.1', 0x07);
    const changed = cup.decode(body);
    (changed.get('44') as Record<string, string>)['1'] = 'ACQ00000009';
    expect(cup.decode(cup.encode(changed)).get('44.1')).toBe('ACQ00000009');
    const bad = cup.decode(body);
    bad.set('44.2', 'ISS\u00070000002');
    expect(caught(() => cup.encode(bad)).code).toBe('BAD_CHARACTER');
  });

  it('writes a key field anew when the field its layout depends on changed', () => {
    const body = cup.encode({ mti: '0810', fields: { '39': '00', '60': { '1': '00', '2': '000001', '3': '001' }, '62': { '1': '0123456789ABCDEF', '2': '11223344', '3': 'FEDCBA9876543210', '4': '55667788' } } });
    const m = cup.decode(body);
    m.get('62');
    m.set('60.3', '003');
    expect(caught(() => cup.encode(m)).path).toMatch(/^62\./);
  });
});

describe('ASCII TLV (CUP field 59)', () => {
  const codec = compileAsciiTlv(CUP_FIELD59);
  const at = { base: 0, scale: 1, depth: 1 };

  it('refuses a tag that is not printable ASCII, which it could not write back', () => {
    const e = caught(() => codec.decode(Uint8Array.of(0x41, 0x07, 0x30, 0x30, 0x31, 0x58), '59', null, at, 'value'));
    expect([e.code, e.message, e.offset]).toStrictEqual(['BAD_TAG', 'TLV tag must be 2 printable ASCII characters (field 59, byte 0)', 0]);
  });

  it('re-encodes a printable tag it does not know exactly', () => {
    const bytes = Uint8Array.from('ZZ003abcA3002XY', (c) => c.charCodeAt(0));
    const nodes = codec.decode(bytes, '59', null, at, 'value')!;
    expect(toHex(encodeContent(codec, nodes, '59', null))).toBe(toHex(bytes));
  });
});

describe('the CUP header', () => {
  it('read with non-decimal nibbles frames back exactly', () => {
    const frame = fromHex('0015' + '6005010000' + '6A22BC0F1E2D' + '08000000000000000000');
    const parts = unframeMessage(cupFrameProfile, frame);
    expect(parts.header.applicationType).toBe('6A');
    expect(toHex(frameMessage(cupFrameProfile, parts))).toBe(toHex(frame));
    expect(toHex(encodeCupHeader(decodeCupHeader(frame, 7)))).toBe('6A22BC0F1E2D');
  });
});

describe('a hex bitmap read in lower case', () => {
  it('is written back in lower case while the message marks the same fields, structured values and all', () => {
    const d = dialects.iso93ascii;
    // Fields 3, 4, 5 and 7 make the first bitmap byte 3A, so its hex has a letter to lower-case.
    const body = d.encode({ mti: '0200', fields: { '3': '000000', '4': '000000000100', '5': '000000000100', '7': '1231235959', '11': '000001', '55': [{ tag: '9F26', value: '0102030405060708' }] } });
    const lower = body.slice();
    for (let i = 4; i < 20; i++) if (lower[i]! >= 0x41 && lower[i]! <= 0x46) lower[i] = lower[i]! + 0x20;
    expect(toHex(lower)).not.toBe(toHex(body));
    const m = d.decode(lower);
    expect(Array.isArray(m.get('55'))).toBe(true);
    expect(toHex(d.encode(m))).toBe(toHex(lower));
    m.set('11', '000002');
    expect(toHex(d.encode(m)).slice(8, 40)).toBe(toHex(lower).slice(8, 40));
    // A message marking other fields has a bitmap of its own, written the usual way.
    m.set('12', '235959');
    expect(toHex(d.encode(m)).slice(8, 40)).toBe(toHex(d.encode(m.toObject())).slice(8, 40));
  });
});
