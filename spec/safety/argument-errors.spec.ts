// The exact errors of the input checks the export sweep led to: one row per check, each a call that threw a
// foreign error, hung or said nothing before it. The sweep proves every export throws an Iso8583Error; these rows
// pin down the code, text and path each family's check gives.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { asciiCodec } from '../../src/bytes/text-codec.js';
import { balanceField54 } from '../../src/testing/index.js';
import { caught } from '../support/errors.js';

const rows: Array<[string, () => unknown, string, string, string | undefined]> = [
  ['toHex to an end of Infinity (it looped until memory ran out)', () => toHex(new Uint8Array(3), 0, Infinity), 'BAD_RANGE', 'byte range lies outside the input', undefined],
  ['toHex of a hex string', () => toHex('00' as never), 'BAD_ARGUMENT', 'bytes must be a Uint8Array (field bytes)', 'bytes'],
  ['a text codec reading to a fractional end', () => asciiCodec.decode(new Uint8Array(2), 0, 1.5), 'BAD_RANGE', 'byte range lies outside the input', undefined],
  ['a text codec given a number for its path', () => asciiCodec.decode(new Uint8Array(2), 0, 2, 5 as never), 'BAD_ARGUMENT', 'path must be a string (field path)', 'path'],
  ['balanceField54 of a null balance (bn.js looped forever)', () => balanceField54(null as never, '156'), 'BAD_ARGUMENT', 'balance must be an amount of 1 to 12 digits, signed or not (field balance)', 'balance'],
  ['balanceField54 of a numeric currency', () => balanceField54('12', 156 as never), 'BAD_ARGUMENT', 'currency must be a currency code of 3 digits (field currency)', 'currency'],
];

describe('the input checks found by the export sweep', () => {
  it.each(rows)('refuse %s with the exact error', (_, run, code, message, path) => {
    const e = caught(run);
    expect([e.code, e.message, e.path]).toStrictEqual([code, message, path]);
  });
});
