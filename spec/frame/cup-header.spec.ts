import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CUP_PROCESSING_REQUIREMENTS,
  cupProcessingRequirement,
  decodeCupHeader,
  encodeCupHeader,
  type CupHeader,
} from '../../src/frame/cup-header.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { caught } from '../support/errors.js';

const header: CupHeader = {
  applicationType: '61',
  specVersion: '31',
  terminalStatus: '0',
  processingRequirement: '0',
  subVersion: '311108',
};

describe('CUP header', () => {
  it('packs the twelve digits into six BCD bytes', () => {
    expect(toHex(encodeCupHeader(header))).toBe('613100311108');
  });

  it('splits status and processing requirement across the nibbles of byte 3', () => {
    // 603210… is a test terminal; 6022 07 … is a host asking for a blacklist download.
    expect(decodeCupHeader(fromHex('603210000001'))).toMatchObject({ terminalStatus: '1', processingRequirement: '0' });
    const h = decodeCupHeader(fromHex('AA602207000000'), 1);
    expect(h).toEqual({
      applicationType: '60',
      specVersion: '22',
      terminalStatus: '0',
      processingRequirement: '7',
      subVersion: '000000',
    });
    expect(cupProcessingRequirement(h)).toBe('downloadBlacklist');
  });

  it('names every processing requirement digit from 0 to 9', () => {
    const names = [];
    for (let d = 0; d <= 9; d++) names.push(cupProcessingRequirement({ ...header, processingRequirement: String(d) }));
    expect(names).toEqual([
      'none',
      'downloadParameters',
      'uploadStatus',
      'signInAgain',
      'downloadCaPublicKeys',
      'downloadIcParameters',
      'downloadTmsParameters',
      'downloadBlacklist',
      'downloadRates',
      'downloadContactlessParameters',
    ]);
    expect(Object.keys(CUP_PROCESSING_REQUIREMENTS)).toHaveLength(10);
  });

  it('reads a non-decimal nibble as its hex letter and gives it no meaning', () => {
    const h = decodeCupHeader(fromHex('60220A000000'));
    expect(h.processingRequirement).toBe('A');
    expect(cupProcessingRequirement(h)).toBeUndefined();
    expect(cupProcessingRequirement({ ...h, processingRequirement: 'toString' })).toBeUndefined();
  });

  it('writes a header read with non-decimal nibbles back exactly as it came', () => {
    const bytes = fromHex('6A22BC0F1E2D');
    expect(toHex(encodeCupHeader(decodeCupHeader(bytes)))).toBe('6A22BC0F1E2D');
  });

  it('refuses to build a header whose members are not decimal digits of their width', () => {
    const e = caught(() => encodeCupHeader({ ...header, subVersion: '31110' }));
    expect(e.code).toBe('BAD_CUP_HEADER');
    expect(e.message).toBe('CUP header sub-version must be 6 digits (field header.subVersion)');
    expect(e.expected).toBe('6 decimal digits (or A-F as read)');
    expect(e.found).toBe('5 characters');
    expect(caught(() => encodeCupHeader({ ...header, processingRequirement: 'a' })).message).toBe(
      'CUP header processing requirement must be 1 digit (field header.processingRequirement)',
    );
    expect(caught(() => encodeCupHeader({ ...header, applicationType: '6' })).path).toBe('header.applicationType');
    expect(caught(() => encodeCupHeader({ ...header, specVersion: '3x' })).path).toBe('header.specVersion');
    expect(caught(() => encodeCupHeader({ ...header, terminalStatus: '' })).path).toBe('header.terminalStatus');
  });

  it('rejects a frame that ends inside the header', () => {
    const e = caught(() => decodeCupHeader(fromHex('6031003111')));
    expect(e.code).toBe('FRAME_TRUNCATED');
    expect(e.message).toBe('frame ends inside the CUP header (byte 5)');
  });

  it('reads back every header it writes', () => {
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const arb = fc.record({
      applicationType: digits(2),
      specVersion: digits(2),
      terminalStatus: digits(1),
      processingRequirement: digits(1),
      subVersion: digits(6),
    });
    fc.assert(
      fc.property(arb, (h) => {
        expect(decodeCupHeader(encodeCupHeader(h))).toEqual(h);
      }),
      { seed: 8583, numRuns: 200 },
    );
  });
});
