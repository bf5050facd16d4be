import { describe, expect, it } from 'vitest';
import { parseTr31Header } from '../../../src/crypto/tr31/header.js';
import { caught } from '../../support/errors.js';

// X9.143:2021 8.4.2 (TDES key block with a KS optional block), as published.
const WITH_KS =
  'B0120B0TX12S0100KS1800604B120F929280000015CEB14B76D551F21EC43A75390FA118A98C6CB049E3B9E864A5F4A8B9A5108A6DB5635C95B042D7';

function badHeaderAt(block: string): { message: string; offset: number | undefined } {
  const e = caught(() => parseTr31Header(block));
  expect(e.code).toBe('TR31_BAD_HEADER');
  return { message: e.message, offset: e.offset };
}

// The text with its length field set to its real length.
function withLength(text: string): string {
  return text[0] + String(text.length).padStart(4, '0') + text.slice(5);
}

// A block whose body is long enough for its stated length: the header parser reads only the header.
function padTo(header: string, length: number): string {
  return header + 'F'.repeat(length - header.length);
}

describe('TR-31 header', () => {
  it('reads every fixed field and the optional blocks of a published key block', () => {
    expect(parseTr31Header(WITH_KS)).toEqual({
      versionId: 'B',
      blockLength: 120,
      keyUsage: 'B0',
      algorithm: 'T',
      modeOfUse: 'X',
      keyVersion: '12',
      exportability: 'S',
      keyContext: '0',
      reserved: '0',
      optionalBlocks: [{ id: 'KS', data: '00604B120F9292800000' }],
      headerLength: 40,
    });
  });

  it('reads an optional block with an extended length, and leaves out the padding block after it', () => {
    const data = 'X'.repeat(300);
    // 2 ID + 00 + 04 (width) + 0136 (310 in hex) + 300 data = 310 characters.
    const header = 'D0000P0AE00E0200' + 'HM00040136' + data + 'PB0A000000';
    expect(header.length % 16).toBe(0);
    const block = withLength(header + 'F'.repeat(64));
    const parsed = parseTr31Header(block);
    expect(parsed.optionalBlocks).toEqual([{ id: 'HM', data }]);
    expect(parsed.headerLength).toBe(header.length);
  });

  it('names the offset of each malformed fixed field', () => {
    const good = padTo('B0056M3TC00E0000', 56);
    expect(parseTr31Header(good).keyUsage).toBe('M3');
    const cases: [string, string, number][] = [
      ['E' + good.slice(1), 'key block version must be A, B, C or D', 0],
      ['B00X6' + good.slice(5), 'key block length must be 4 digits', 3],
      ['B0064' + good.slice(5), 'key block length field does not match the length of the key block', 1],
      [good.slice(0, 5) + 'M-' + good.slice(7), 'key usage must be 2 letters or digits', 6],
      [good.slice(0, 7) + ' ' + good.slice(8), 'algorithm must be a letter or digit', 7],
      [good.slice(0, 8) + '*' + good.slice(9), 'mode of use must be a letter or digit', 8],
      [good.slice(0, 9) + '0.' + good.slice(11), 'key version number must be 2 letters or digits', 10],
      [good.slice(0, 11) + '#' + good.slice(12), 'exportability must be a letter or digit', 11],
      [good.slice(0, 12) + 'A0' + good.slice(14), 'number of optional blocks must be 2 digits', 12],
      [good.slice(0, 14) + '30' + good.slice(16), 'key context must be 0, 1 or 2', 14],
      [good.slice(0, 14) + 'A0' + good.slice(16), 'key context must be 0, 1 or 2', 14],
      [good.slice(0, 14) + '01' + good.slice(16), 'reserved field must be 0', 15],
    ];
    for (const [block, message, offset] of cases) {
      expect(badHeaderAt(block)).toEqual({ message: `${message} (byte ${offset})`, offset });
    }
  });

  it.each([
    ['0', 'decided by the wrapping key'],
    ['1', 'storage context only'],
    ['2', 'key exchange context only'],
  ] as const)('reads key context %s (%s) from header byte 14 (X9.143:2021)', (context, _meaning) => {
    const block = padTo('B0056M3TC00E00' + context + '0', 56);
    expect(parseTr31Header(block).keyContext).toBe(context);
  });

  it('rejects text shorter than the fixed header', () => {
    expect(badHeaderAt('B0010M3TC0')).toEqual({
      message: 'key block is shorter than its 16-character header (byte 10)',
      offset: 10,
    });
  });

  it('names the offset of each malformed optional block', () => {
    expect(badHeaderAt('B0016M3TC00E0100')).toEqual({
      message: 'optional block runs past the end of the key block (byte 16)',
      offset: 16,
    });
    const cases: [string, string, number][] = [
      ['K!08ABCD', 'optional block ID must be 2 letters or digits', 17],
      ['KS0G', 'optional block length must be 2 hex digits', 19],
      ['KS03', 'optional block length is shorter than its own fields', 18],
      ['KSFF', 'optional block runs past the end of the key block', 18],
      ['KS00ZZ', 'optional block extended length width must be 2 hex digits', 20],
      ['KS0000', 'optional block extended length is malformed', 20],
      ['KS0004012G', 'optional block extended length must be hex digits', 25],
      ['KS08AB\u0001D', 'optional block data must be printable ASCII', 22],
      ['KS0AABCDEF', 'header must fill whole 8-byte cipher blocks', 26],
    ];
    for (const [blocks, message, offset] of cases) {
      const block = withLength('B0000M3TC00E0100' + blocks + 'F'.repeat(40));
      expect(badHeaderAt(block)).toEqual({ message: `${message} (byte ${offset})`, offset });
    }
  });

  it('requires version D headers to fill whole 16-byte blocks', () => {
    expect(badHeaderAt(padTo('D0064P0AE00E0100KS0800000000', 64))).toEqual({
      message: 'header must fill whole 16-byte cipher blocks (byte 24)',
      offset: 24,
    });
  });
});
