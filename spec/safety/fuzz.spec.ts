// A short, seeded run of `npm run fuzz` inside the test suite: every dialect, the frame layer and the TLV codecs.
import { describe, expect, it } from 'vitest';
import { formatReport, runFuzz } from '../../scripts/fuzz.js';

describe('the fuzz, on a short budget', () => {
  it('finds only Iso8583Errors with printable text, no case over 20 ms of CPU time, and exact round trips', () => {
    const report = runFuzz({ cases: 12_000, seed: 8583 });
    expect(report.failures, formatReport(report).join('\n')).toStrictEqual([]);
    expect(report.cases).toBe(12_000);
    // Every target saw inputs it accepted (and so round-tripped) as well as inputs it refused.
    for (const t of report.targets) {
      expect(t.accepted, t.target).toBeGreaterThan(20);
      expect(t.refused, t.target).toBeGreaterThan(0);
    }
    expect(report.targets.map((t) => t.target)).toStrictEqual([
      'dialect cup',
      'dialect iso87ascii',
      'dialect iso87binary',
      'dialect iso93ascii',
      'frame CUP (binary length, TPDU, CUP header)',
      'frame binary length and TPDU',
      'frame binary length',
      'frame BCD length',
      'frame ASCII length',
      'frame 4-byte length counting itself',
      'frame deframer',
      'frame length headers, TPDU, CUP header',
      'TLV BER (EMV field 55)',
      'TLV ASCII (CUP field 59)',
    ]);
  });
});
