import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/bytes/hex.js';
import { ksnCounterAes, nextKsnAes, withCounterAes } from '../../../src/crypto/dukpt/aes-ksn.js';
import { caught } from '../../support/errors.js';

describe('AES DUKPT KSN stepping', () => {
  it('reads the 32-bit counter as an unsigned number', () => {
    expect(ksnCounterAes(fromHex('1234567890123456FFFF0000'))).toBe(0xffff0000);
    expect(ksnCounterAes(fromHex('123456789012345600000001'))).toBe(1);
    expect(toHex(withCounterAes(fromHex('123456789012345600000001'), 0xfffe2000))).toBe('1234567890123456FFFE2000');
  });

  it('steps one by one while the counter has fewer than sixteen one-bits', () => {
    let ksn = fromHex('123456789012345600000000');
    for (let i = 1; i <= 8; i++) {
      ksn = nextKsnAes(ksn);
      expect(toHex(ksn)).toBe(`12345678901234560000000${i}`);
    }
  });

  it('skips counters with more than sixteen one-bits, as between the X9.24-3 supplement vectors', () => {
    expect(toHex(nextKsnAes(fromHex('12345678901234560001FFFE')))).toBe('123456789012345600020000');
    expect(toHex(nextKsnAes(fromHex('123456789012345600020000')))).toBe('123456789012345600020001');
    expect(toHex(nextKsnAes(fromHex('1234567890123456FFFE2000')))).toBe('1234567890123456FFFE4000');
    expect(toHex(nextKsnAes(fromHex('1234567890123456FFFE4000')))).toBe('1234567890123456FFFE8000');
    expect(toHex(nextKsnAes(fromHex('1234567890123456FFFE8000')))).toBe('1234567890123456FFFF0000');
  });

  it('reports exhaustion after the last counter with sixteen one-bits', () => {
    const e = caught(() => nextKsnAes(fromHex('1234567890123456FFFF0000')));
    expect(e.code).toBe('DUKPT_EXHAUSTED');
    expect(e.message).toBe('AES DUKPT transaction counter is exhausted');
    expect(caught(() => nextKsnAes(fromHex('1234567890123456FFFFFFFF'))).code).toBe('DUKPT_EXHAUSTED');
  });

  it('rejects a KSN that is not 12 bytes and a counter outside 32 bits', () => {
    const e = caught(() => nextKsnAes(new Uint8Array(10)));
    expect(e.code).toBe('DUKPT_BAD_KSN');
    expect(e.message).toBe('AES DUKPT KSN must be 12 bytes');
    expect(e.found).toBe('10 bytes');
    expect(caught(() => withCounterAes(new Uint8Array(12), 2 ** 32)).message).toBe(
      'AES DUKPT counter must be an integer from 0 to 4294967295',
    );
  });
});
