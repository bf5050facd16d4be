import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { SecretKey } from '../../src/crypto/key.js';
import { Iso8583Error } from '../../src/errors.js';
import { issuedKeyCheckValues, issueWorkingKeys, withOddParity } from '../../src/testing/host-simulator-keys.js';
import { seeded } from '../support/simulated-terminal.js';

function onesIn(b: number): number {
  let n = 0;
  for (let v = b; v !== 0; v >>= 1) n += v & 1;
  return n;
}

describe('withOddParity', () => {
  it('gives every byte an odd number of one bits and changes at most its low bit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 24 }), (bytes) => {
        const out = withOddParity(bytes);
        expect(out.length).toBe(bytes.length);
        out.forEach((b, i) => {
          expect(onesIn(b) % 2).toBe(1);
          expect(b & 0xfe).toBe(bytes[i]! & 0xfe);
        });
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('leaves its input untouched', () => {
    const input = fromHex('0000FFFE');
    expect(toHex(withOddParity(input))).toBe('0101FEFE');
    expect(toHex(input)).toBe('0000FFFE');
  });
});

describe('issueWorkingKeys', () => {
  it('issues a single-length PIK and MAK for layout 001', () => {
    const keys = issueWorkingKeys('001', seeded(1));
    expect([keys.pik.algorithm, keys.pik.length, keys.mak.algorithm, keys.mak.length, keys.tdk]).toEqual(['des', 8, 'des', 8, undefined]);
  });

  it('issues a double-length PIK and a single-length MAK for layout 003', () => {
    const keys = issueWorkingKeys('003', seeded(1));
    expect([keys.pik.algorithm, keys.pik.length, keys.mak.algorithm, keys.mak.length, keys.tdk]).toEqual(['tdes', 16, 'des', 8, undefined]);
  });

  it('adds a double-length track key for layout 004', () => {
    const keys = issueWorkingKeys('004', seeded(1));
    expect([keys.tdk?.algorithm, keys.tdk?.length]).toEqual(['tdes', 16]);
  });

  it('issues the same keys from the same random source and different keys from another', () => {
    const a = issueWorkingKeys('004', seeded(7));
    const b = issueWorkingKeys('004', seeded(7));
    const c = issueWorkingKeys('004', seeded(8));
    expect(a.pik.equals(b.pik) && a.mak.equals(b.mak) && a.tdk!.equals(b.tdk!)).toBe(true);
    expect(a.pik.equals(c.pik)).toBe(false);
  });

  it('issues keys with odd parity in every byte', () => {
    const keys = issueWorkingKeys('004', seeded(3));
    for (const k of [keys.pik, keys.mak, keys.tdk!]) for (const b of k.exportBytes()) expect(onesIn(b) % 2).toBe(1);
  });

  it('passes on a random source that returns the wrong number of bytes as BAD_RANDOM_SOURCE', () => {
    const e = (() => {
      try {
        issueWorkingKeys('003', () => new Uint8Array(3));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(Iso8583Error);
    expect((e as Iso8583Error).code).toBe('BAD_RANDOM_SOURCE');
  });
});

describe('issuedKeyCheckValues', () => {
  // Working keys and check values of the Easy8583Ans sign-in (github:yangyongzhen/Easy8583Ans, README.md).
  it('gives the 4-byte check values a CUP 0810 carries for the published keys', () => {
    const pik = SecretKey.fromHex('tdes', 'D931648F3DE313A4A22C15DCA4F4299E');
    const mak = SecretKey.fromHex('des', 'AB7C577CC7A18045');
    expect(issuedKeyCheckValues({ pik, mak })).toEqual({ pik: '900ECCE3', mak: 'CFF1592A' });
  });

  it('includes the track key check value when a TDK was issued', () => {
    const keys = issueWorkingKeys('004', seeded(5));
    expect(Object.keys(issuedKeyCheckValues(keys))).toEqual(['pik', 'mak', 'tdk']);
    expect(issuedKeyCheckValues(keys).tdk).toMatch(/^[0-9A-F]{8}$/);
  });
});
