import { describe, expect, it } from 'vitest';
import { dialects, fromHex, Iso8583Error, toHex } from '../../src/index.js';
import { caught } from '../support/errors.js';

// Track 2 of the captured sale (fixtures/cup/cup-0200-sale-1.json), 37 digits packed in 19 bytes, with the
// 8 bytes that end one byte before the last replaced by cipher-like bytes, as 53.3 = 1 sends them (pad 0).
const CLEAR_PACKED = '6210810840003424940D27062207001000100F';
const ENCIPHERED_PACKED = '6210810840003424940DA3F1C9E27B5D0E4F00';

function saleWithTrack(packedHex: string): Uint8Array {
  // MTI 0200, bitmap with only field 35, then the BCD length (37 digits) and the packed track.
  return fromHex(`0200${'0000000020000000'}37${packedHex}`);
}

describe('CUP tracks enciphered under 53.3 = 1', () => {
  it('decode with every nibble kept as a hex digit and re-encode to the same bytes', () => {
    const body = saleWithTrack(ENCIPHERED_PACKED);
    const m = dialects.cup.decode(body);
    expect(m.get('35')).toBe(ENCIPHERED_PACKED.slice(0, 37));
    expect(toHex(dialects.cup.encode(m))).toBe(toHex(body));
    expect(toHex(dialects.cup.encode(m.toObject()))).toBe(toHex(body));
  });

  it('still decode clear tracks as digits with the D separator', () => {
    expect(dialects.cup.decode(saleWithTrack(CLEAR_PACKED)).get('35')).toBe(CLEAR_PACKED.slice(0, 37));
  });

  it('stay masked when printed', () => {
    const m = dialects.cup.decode(saleWithTrack(ENCIPHERED_PACKED));
    const text = JSON.stringify(m) + m.toString() + m.describe().toString();
    expect(text).not.toContain('A3F1C9E27B5D0E4F');
  });

  it('are refused by dialects whose tracks carry no enciphered nibbles', () => {
    const iso = fromHex(`0200${'0000000020000000'}37${ENCIPHERED_PACKED}`);
    const e = caught(() => dialects.iso87binary.decode(iso));
    expect(e).toBeInstanceOf(Iso8583Error);
    expect(e.code).toBe('BAD_BCD');
  });
});
