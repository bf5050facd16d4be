import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodePinBlockIso1, encodePinBlockIso3, encodePinFieldIso4 } from '../../../src/crypto/pin/index.js';
import { caught } from '../../support/errors.js';

describe('random fill sources', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses globalThis.crypto.getRandomValues when no source is given', () => {
    const a = encodePinFieldIso4('1234');
    const b = encodePinFieldIso4('1234');
    expect(a.subarray(8)).not.toEqual(b.subarray(8));
  });

  it('asks for a source when the runtime has no crypto global', () => {
    vi.stubGlobal('crypto', undefined);
    expect(caught(() => encodePinBlockIso1('1234'))).toMatchObject({
      code: 'NO_RANDOM_SOURCE',
      message: 'no secure random source is available in this runtime; pass the random option',
    });
    expect(encodePinBlockIso1('1234', { random: (n) => new Uint8Array(n) }).length).toBe(8);
  });

  it('refuses a source that returns the wrong number of bytes', () => {
    expect(caught(() => encodePinFieldIso4('1234', { random: () => new Uint8Array(3) }))).toMatchObject({
      code: 'BAD_RANDOM_SOURCE',
      message: 'random source returned the wrong number of bytes',
      expected: '8 bytes',
      found: '3 bytes',
    });
  });

  it('gives up on a source that never yields A to F nibbles instead of looping forever', () => {
    let calls = 0;
    const zeros = (n: number) => {
      calls++;
      return new Uint8Array(n);
    };
    expect(caught(() => encodePinBlockIso3('1234', '4000000000000002', { random: zeros }))).toMatchObject({
      code: 'BAD_RANDOM_SOURCE',
      message: 'random source keeps returning bytes that give no A-F fill nibbles',
    });
    expect(calls).toBe(64);
  });
});
