// Reading pasted hex: plain hex in any spacing, and the hex dumps of Wireshark, tcpdump, xxd and hexdump.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/index.js';
import { parseHexInput } from '../../inspector/hex-input.js';

function read(text: string): string {
  const r = parseHexInput(text);
  if (!r.ok) throw new Error(`unexpected problem: ${r.problem.message}`);
  return `${toHex(r.bytes)}${r.dump ? ' (dump)' : ''}`;
}

describe('parseHexInput', () => {
  it.each([
    ['hex without spaces', '0200702406', '0200702406'],
    ['hex with spaces, tabs and newlines', '02 00\t70\n24 06\r\n', '0200702406'],
    ['lower-case hex', 'c0 82 1f', 'C0821F'],
    ['0x before every byte, comma-separated', '0x02, 0x00, 0x70', '020070'],
    ['a C array', '{ 0x02,0x00 };', '0200'],
    ['one 0x before the whole text', '0x0200702406', '0200702406'],
    ['groups of four digits', '0200 7024 0680', '020070240680'],
    ['a wide gap after a first group that is not at offset 0', '0118  6005 0100', '011860050100'],
    ['colon-separated bytes', '02:00:70', '020070'],
  ])('reads %s', (_what, text, hex) => {
    expect(read(text)).toBe(hex);
  });

  it.each([
    [
      'Wireshark "Copy as Hex Dump"',
      '0000   60 05 01 00 00 61 31 00 31 11 08 02 00 70 24 06   `....a1.1....p$.\n0010   30 31                                             01',
      '600501000061310031110802007024063031 (dump)',
    ],
    [
      'an older Wireshark dump, two spaces in the middle of each line',
      '0000  60 05 01 00 00 61 31 00  31 11 08 02 00 70 24 06   `....a1.1....p$.\n0010  30 31                                             01',
      '600501000061310031110802007024063031 (dump)',
    ],
    [
      'tcpdump -X, whose text column can look like hex',
      '\t0x0000:  4500 0034 1c46 4000 4006 b1e6 c0a8 0001  E..4.F@.@.......\n\t0x0010:  3031                                     01',
      '450000341C4640004006B1E6C0A800013031 (dump)',
    ],
    ['tcpdump -xx', '\t0x0000:  0200 7024\n\t0x0004:  0680', '020070240680 (dump)'],
    [
      'xxd, with an odd last byte',
      '00000000: 0200 7024 0680 20c0 8211 1962 1081 0840  ..p$.. ....b...@\n00000010: 30                                       0',
      '02007024068020C08211196210810840' + '30 (dump)',
    ],
    [
      'hexdump -C',
      '00000000  02 00 70 24 06 80 20 c0  82 11 19 62 10 81 08 40  |..p$.. ....b...@|\n00000010  30 31                                             |01|',
      '02007024068020C08211196210810840' + '3031 (dump)',
    ],
    ['a one-line Wireshark dump whose text is hex digits', '0000   30 31   01', '3031 (dump)'],
  ])('reads %s, leaving out offsets and the text column', (_what, text, hex) => {
    expect(read(text)).toBe(hex);
  });

  it('reads lines whose offsets do not follow on as plain hex', () => {
    expect(read('0000  0102\n0008  0304')).toBe('0000010200080304');
  });

  it.each([
    ['a character that is not hex', '02 00\n7G', { line: 2, column: 2, message: 'not a hex digit at line 2, column 2' }],
    ['an odd number of digits', '02 0', { line: 1, column: 4, message: 'odd number of hex digits (3): a byte is two digits' }],
    ['nothing', '  \n ', { line: 1, column: 1, message: 'no hex digits' }],
  ])('reports %s with its place', (_what, text, problem) => {
    expect(parseHexInput(text)).toStrictEqual({ ok: false, problem });
  });
});
