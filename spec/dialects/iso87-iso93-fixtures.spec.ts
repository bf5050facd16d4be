import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import type { DialectSpec } from '../../src/codec/spec.js';
import { iso87asciiSpec } from '../../src/dialects/iso87ascii.js';
import { iso87binarySpec } from '../../src/dialects/iso87binary.js';
import { iso93asciiSpec } from '../../src/dialects/iso93ascii.js';
import { defineDialect } from '../../src/message/dialect.js';

interface IsoFixture {
  synthetic: boolean;
  source: string;
  dialect: string;
  description: string;
  hex: string;
  mti: string;
  bitmap: string;
  fields: Record<string, string>;
}

const SPECS: Record<string, DialectSpec> = {
  iso87ascii: iso87asciiSpec,
  iso87binary: iso87binarySpec,
  iso93ascii: iso93asciiSpec,
};

const dir = new URL('../../fixtures/iso/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as IsoFixture] as const);

describe('the synthetic generic ISO 8583 fixtures', () => {
  it('cover a purchase in each generic dialect', () => {
    expect(fixtures.map(([, fx]) => fx.dialect).sort()).toEqual(['iso87ascii', 'iso87binary', 'iso93ascii']);
    for (const [, fx] of fixtures) {
      expect(fx.synthetic).toBe(true);
      expect(Object.keys(fx.fields).map(Number)).toEqual([2, 3, 4, 7, 11, 12, 13, 14, 18, 22, 25, 35, 37, 41, 42, 43, 49]);
    }
  });

  describe.each(fixtures)('%s', (_file, fx) => {
    const dialect = defineDialect(SPECS[fx.dialect]!);
    const body = fromHex(fx.hex);

    it('decodes to the expected MTI and fields', () => {
      const m = dialect.decode(body);
      expect(m.mti).toBe(fx.mti);
      expect(m.toObject()).toEqual({ mti: fx.mti, fields: fx.fields });
    });

    it('re-encodes the decoded message to the same bytes', () => {
      expect(toHex(dialect.encode(dialect.decode(body)))).toBe(fx.hex);
    });

    it('builds the same bytes from the plain fields', () => {
      expect(toHex(dialect.encode({ mti: fx.mti, fields: fx.fields }))).toBe(fx.hex);
    });

    it('masks the PAN, expiry and track 2 when printed', () => {
      const printed = JSON.stringify(dialect.decode(body).toJSON());
      expect(printed).not.toContain(fx.fields['2']!);
      expect(printed).not.toContain(fx.fields['35']!.slice(0, 12));
      expect(printed).not.toContain('"2512"');
      expect(printed).toContain(fx.fields['41']!);
    });
  });
});
