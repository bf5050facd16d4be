import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asciiCodec, checkRange, latin1Codec } from '../../src/bytes/text-codec.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { caught } from '../support/errors.js';

const charIn = (max: number) => fc.integer({ min: 0, max }).map((c) => String.fromCharCode(c));

describe('asciiCodec', () => {
  it('writes one byte per character with the same code', () => {
    expect(asciiCodec.name).toBe('ascii');
    expect(toHex(asciiCodec.encode('CUP 001~\u0000\u007F'))).toBe('435550203030317E007F');
  });

  it('reads a range of a larger buffer in place', () => {
    expect(asciiCodec.decode(fromHex('FF3031323334FF'), 1, 6)).toBe('01234');
    expect(asciiCodec.decode(fromHex('FF'), 1, 1)).toBe('');
  });

  it('rejects a character above U+007F with a value-free error naming its position', () => {
    const err = caught(() => asciiCodec.encode('CAFÉ', '43'));
    expect(err.code).toBe('UNMAPPABLE_CHARACTER');
    expect(err.message).toBe('text has a character that ASCII cannot represent (field 43)');
    expect(err.expected).toBe('characters U+0000 to U+007F');
    expect(err.found).toBe('another character at position 3');
  });

  it('rejects a byte above 7F and gives its offset in the whole buffer', () => {
    const err = caught(() => asciiCodec.decode(fromHex('0000414280'), 2, 5, '63'));
    expect(err.code).toBe('BAD_TEXT');
    expect(err.message).toBe('text has a byte that is not ASCII (field 63, byte 4)');
    expect(err.offset).toBe(4);
    expect(err.found).toBe('a byte above 7F');
  });

  it('round-trips any ASCII text, long texts included', () => {
    fc.assert(
      fc.property(fc.string({ unit: charIn(0x7f), maxLength: 10_000 }), (text) => {
        const bytes = asciiCodec.encode(text);
        expect(bytes.length).toBe(text.length);
        expect(asciiCodec.decode(bytes, 0, bytes.length)).toBe(text);
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('reads a text longer than one conversion slice without losing or repeating characters', () => {
    const text = 'ABCDEFGHIJ'.repeat(1000) + 'xyz';
    const bytes = asciiCodec.encode(text);
    expect(asciiCodec.decode(bytes, 0, bytes.length)).toBe(text);
    expect(asciiCodec.decode(bytes, 4095, 4099)).toBe(text.slice(4095, 4099));
  });
});

describe('latin1Codec', () => {
  it('maps every byte 00 to FF to the character with the same code and back', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = latin1Codec.decode(all, 0, 256);
    expect(text.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(text.charCodeAt(i)).toBe(i);
    expect(toHex(latin1Codec.encode(text))).toBe(toHex(all));
  });

  it('rejects a character above U+00FF', () => {
    const err = caught(() => latin1Codec.encode('ok €', '62'));
    expect(err.code).toBe('UNMAPPABLE_CHARACTER');
    expect(err.message).toBe('text has a character that Latin-1 cannot represent (field 62)');
    expect(err.found).toBe('another character at position 3');
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(toHex(latin1Codec.encode(latin1Codec.decode(bytes, 0, bytes.length)))).toBe(toHex(bytes));
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});

describe('checkRange', () => {
  it('accepts every range inside the input, empty ones at either end included', () => {
    const bytes = new Uint8Array(4);
    expect(() => checkRange(bytes, 0, 0)).not.toThrow();
    expect(() => checkRange(bytes, 4, 4)).not.toThrow();
    expect(() => checkRange(bytes, 1, 4)).not.toThrow();
  });

  it('rejects a range past the end, a reversed range and a negative start', () => {
    const bytes = new Uint8Array(4);
    const err = caught(() => latin1Codec.decode(bytes, 2, 5, '48'));
    expect(err.code).toBe('BAD_RANGE');
    expect(err.message).toBe('byte range lies outside the input (field 48)');
    expect(err.expected).toBe('a range within 4 bytes');
    expect(err.found).toBe('range 2 to 5');
    expect(caught(() => checkRange(bytes, 3, 2)).code).toBe('BAD_RANGE');
    expect(caught(() => checkRange(bytes, -1, 2)).code).toBe('BAD_RANGE');
    expect(caught(() => asciiCodec.decode(bytes, 0, 9)).code).toBe('BAD_RANGE');
  });
});
