import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeTpdu, encodeTpdu, swapTpdu, type Tpdu } from '../../src/frame/tpdu.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { caught } from '../support/errors.js';

describe('TPDU', () => {
  it('writes id, destination and source in that order', () => {
    expect(toHex(encodeTpdu({ id: '60', destination: '0501', source: '0000' }))).toBe('6005010000');
  });

  it('reads a TPDU at an offset as upper-case hex', () => {
    expect(decodeTpdu(fromHex('00796000000601'), 2)).toEqual({ id: '60', destination: '0000', source: '0601' });
    expect(decodeTpdu(fromHex('680A0BFFFE'))).toEqual({ id: '68', destination: '0A0B', source: 'FFFE' });
  });

  it('swaps the addresses for a response and keeps the id', () => {
    expect(swapTpdu({ id: '60', destination: '0601', source: '0000' })).toEqual({
      id: '60',
      destination: '0000',
      source: '0601',
    });
  });

  it('refuses members that are not hex of their width', () => {
    const e = caught(() => encodeTpdu({ id: '60', destination: '501', source: '0000' }));
    expect(e.code).toBe('BAD_TPDU');
    expect(e.message).toBe('TPDU destination address must be 4 hex digits (field tpdu.destination)');
    expect(e.found).toBe('3 characters');
    expect(caught(() => encodeTpdu({ id: '6', destination: '0501', source: '0000' })).message).toBe(
      'TPDU id must be 2 hex digits (field tpdu.id)',
    );
    expect(caught(() => encodeTpdu({ id: '60', destination: '0501', source: '00G0' })).message).toBe(
      'TPDU source address must be 4 hex digits (field tpdu.source)',
    );
  });

  it('rejects a frame that ends inside the TPDU', () => {
    const e = caught(() => decodeTpdu(fromHex('0079600501'), 2));
    expect(e.code).toBe('FRAME_TRUNCATED');
    expect(e.message).toBe('frame ends inside the TPDU (byte 5)');
    expect(e.found).toBe('3 bytes');
  });

  it('reads back every TPDU it writes', () => {
    const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => toHex(b));
    fc.assert(
      fc.property(fc.record({ id: hex(1), destination: hex(2), source: hex(2) }), (t: Tpdu) => {
        expect(decodeTpdu(encodeTpdu(t))).toEqual(t);
        expect(swapTpdu(swapTpdu(t))).toEqual(t);
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});
