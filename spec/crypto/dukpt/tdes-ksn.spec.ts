import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/bytes/hex.js';
import { ksnCounterTdes, nextKsnTdes, withCounterTdes } from '../../../src/crypto/dukpt/tdes-ksn.js';
import { vectors } from './support.js';
import { caught } from '../../support/errors.js';

// The KSNs of a published sequence, in the order the vector file lists them.
function sequence(prefix: string): string[] {
  return vectors.tdes.vectors.filter((v) => v.id.startsWith(prefix)).map((v) => String(v.request['ksn']));
}

describe('TDES DUKPT KSN stepping', () => {
  it('reads and replaces the 21-bit counter without touching the rest of the KSN', () => {
    const ksn = fromHex('FFFF9876543210EFF801');
    expect(ksnCounterTdes(ksn)).toBe(0x0ff801);
    expect(toHex(withCounterTdes(ksn, 0x1fffff))).toBe('FFFF9876543210FFFFFF');
    expect(toHex(withCounterTdes(fromHex('FFFF98765432100FFFFF'), 0))).toBe('FFFF9876543210000000');
    expect(toHex(ksn)).toBe('FFFF9876543210EFF801');
  });

  it('steps through the X9.24-1 A.4.2 initial sequence one counter at a time', () => {
    const ksns = sequence('a42-');
    expect(ksns).toHaveLength(21);
    let ksn = fromHex('FFFF9876543210E00000');
    for (const expected of ksns) {
      ksn = nextKsnTdes(ksn);
      expect(toHex(ksn)).toBe(expected);
    }
  });

  it('skips counters with more than ten one-bits as in the X9.24-1 A.4.3 rollover sequence', () => {
    const ksns = sequence('a43-');
    expect(ksns[0]).toBe('FFFF9876543210EFF800');
    for (let i = 1; i < ksns.length; i++) {
      expect(toHex(nextKsnTdes(fromHex(ksns[i - 1]!)))).toBe(ksns[i]);
    }
  });

  it('reports exhaustion after the last counter with ten one-bits', () => {
    expect(toHex(nextKsnTdes(fromHex('FFFF9876543210FFF7FF')))).toBe('FFFF9876543210FFF800');
    for (const last of ['FFFF9876543210FFF800', 'FFFF9876543210FFFFFF']) {
      const e = caught(() => nextKsnTdes(fromHex(last)));
      expect(e.code).toBe('DUKPT_EXHAUSTED');
      expect(e.message).toBe('TDES DUKPT transaction counter is exhausted');
    }
  });

  it('rejects a counter outside 21 bits and a KSN of the wrong length', () => {
    const e = caught(() => withCounterTdes(fromHex('FFFF9876543210E00000'), 0x200000));
    expect(e.code).toBe('DUKPT_BAD_COUNTER');
    expect(e.message).toBe('TDES DUKPT counter must be an integer from 0 to 2097151');
    expect(caught(() => nextKsnTdes(new Uint8Array(12))).message).toBe('TDES DUKPT KSN must be 10 bytes');
  });
});
