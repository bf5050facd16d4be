import { describe, it, expect } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import type { DialectSpec } from '../../src/codec/spec.js';
import { cupDialectSpec, type CupDialectOptions } from '../../src/dialects/cup.js';
import type { CanonicalValue, MessageObject } from '../../src/message/engine.js';
import { defineDialect, type Dialect } from '../../src/message/dialect.js';
import { gbkCodec } from '../../src/text/gbk.js';
import { loadCupFixtures, splitFixture, type CupFixture } from '../fixtures/cup-fixtures.js';
import { cupDialect } from './cup-dialect.js';

const fixtures = loadCupFixtures();

/** The CUP dialect with every sub-structure removed: fields decode to their plain values. */
function rawDialect(options: CupDialectOptions): Dialect {
  const spec: DialectSpec = cupDialectSpec(options);
  for (const f of Object.values(spec.fields)) delete f.composite;
  return defineDialect(spec, { gbk: gbkCodec });
}

/** The value at `path` of a canonical object: subfields by key, TLV entries by tag. */
function canonicalAt(obj: MessageObject, path: string): CanonicalValue | undefined {
  const [id, ...rest] = path.split('.');
  let v: CanonicalValue | undefined = obj.fields[id!];
  for (const part of rest) {
    if (v === undefined || typeof v === 'string') return undefined;
    if (Array.isArray(v)) {
      const node = v.find((n) => n.tag === part);
      v = node?.children ?? node?.value;
    } else {
      v = v[part];
    }
  }
  return v;
}

/** Keys of a fixture's `fields` that describe the frame or crypto material rather than a field value. */
const NOT_FIELD_VALUES = new Set([
  'tpdu',
  'header',
  'length',
  'mti',
  'bitmap',
  'present',
  'wire',
  'mak',
  'mac_recomputed',
  'tmk',
  'tak_enc',
  'tak_clear',
  'mac_computed_unconfirmed',
  '62.clear_pik',
  '62.clear_mak',
]);

const SETTLEMENT_KEYS: Record<string, string> = { debit_amt: '1', debit_cnt: '2', credit_amt: '3', credit_cnt: '4', result: '5' };

/** What a fixture says about its fields, as [library path, expected canonical value] pairs, plus raw values by field. */
function expectations(fx: CupFixture): { paths: [string, unknown][]; raw: [string, unknown][] } {
  const paths: [string, unknown][] = [];
  const raw: [string, unknown][] = [];
  for (const [key, value] of Object.entries(fx.fields)) {
    if (NOT_FIELD_VALUES.has(key) || key === '64' || key === '64.ascii') continue;
    if (/^\d+$/.test(key)) raw.push([key, value]);
    else if (key === '44.issuer_id') paths.push(['44.1', value]);
    else if (key === '44.acquirer_id') paths.push(['44.2', value]);
    else if (key === '48.domestic' || key === '48.foreign') {
      const block = key === '48.domestic' ? '1' : '2';
      for (const [k, v] of Object.entries(value as Record<string, string>)) paths.push([`48.${block}.${SETTLEMENT_KEYS[k]}`, v]);
    } else if (key.endsWith('.tlv')) {
      const list = value as { tag: string; len: number; value: string }[];
      const ber = key === '55.tlv';
      for (const e of list) expect(e.len, `${key} ${e.tag}`).toBe(ber ? e.value.length / 2 : e.value.length);
      paths.push([key.slice(0, -4), list.map(({ tag, value: v }) => ({ tag, value: v }))]);
    } else if (key === '62.keys') {
      const k = value as Record<string, string>;
      paths.push(['62.1', k['pik_enc']], ['62.2', k['pik_kcv']], ['62.3', k['mak_enc']! + k['mak_pad']!], ['62.4', k['mak_kcv']]);
    } else if (key === '62.ascii') {
      raw.push(['62', toHex(Uint8Array.from(value as string, (c) => c.charCodeAt(0)))]);
    } else paths.push([key, value]);
  }
  return { paths, raw };
}

describe('CUP messages from the fixtures', () => {
  for (const fx of fixtures) {
    const options = (fx as { dialect?: CupDialectOptions }).dialect ?? {};
    const dialect = cupDialect(options);
    const { body } = splitFixture(fx);

    describe(fx.file, () => {
      it('decodes to the MTI and to every field value the fixture lists', () => {
        const m = dialect.decode(body);
        expect(m.mti).toBe(fx.fields['mti']);
        expect(m.fieldNumbers()).toEqual(fx.fields['present']);
        const obj = m.toObject();
        const { paths, raw } = expectations(fx);
        for (const [path, expected] of paths) expect(canonicalAt(obj, path), path).toEqual(expected);
        const plain = rawDialect(options).decode(body).toObject();
        for (const [id, expected] of raw) expect(plain.fields[id], id).toEqual(expected);
      });

      if (fx.fields['64'] !== undefined) {
        it('reads field 64 in the MAC form its host uses', () => {
          const mac = toHex(body.subarray(body.length - 8));
          expect(mac).toBe(fx.fields['64']);
          const got = dialect.decode(body).toObject().fields['64'];
          expect(got).toBe(fx.fields['64.ascii'] ?? fx.fields['64']);
        });
      }

      it('reads every subfield of its positional fields as describe() reads it, one subfield codec at a time', () => {
        const m = dialect.decode(body);
        const obj = m.toObject();
        const rows = dialect.describe(body, { unmasked: true }).rows;
        let compared = 0;
        for (const id of m.fieldNumbers()) {
          const v = obj.fields[String(id)];
          if (dialect.fieldSpec(String(id))?.composite?.kind !== 'positional' || typeof v !== 'object' || Array.isArray(v)) continue;
          for (const [key, sub] of Object.entries(v)) {
            if (typeof sub !== 'string' || key === 'rest') continue;
            expect(sub, `${id}.${key}`).toBe(rows.find((r) => r.path === `${id}.${key}`)?.value);
            compared++;
          }
        }
        if (m.fieldNumbers().includes(60)) expect(compared).toBeGreaterThan(0);
      });

      it('re-encodes the decoded message to the identical bytes', () => {
        expect(toHex(dialect.encode(dialect.decode(body)))).toBe(fx.hex.slice(fx.hex.length - 2 * body.length));
      });

      it('encodes its canonical object to the identical bytes', () => {
        const obj = JSON.parse(JSON.stringify(dialect.decode(body).toObject())) as MessageObject;
        expect(toHex(dialect.encode(obj))).toBe(toHex(body));
      });

      if (fx.synthetic) {
        it('is what the library builds from the plain field values, field by field', () => {
          const fields: Record<string, string> = {};
          for (const [key, value] of Object.entries(fx.fields)) {
            if (/^\d+$/.test(key) && key !== '64') fields[key] = value as string;
          }
          if (typeof fx.fields['64.ascii'] === 'string') fields['64'] = fx.fields['64.ascii'];
          expect(toHex(dialect.encode({ mti: fx.fields['mti'] as string, fields }))).toBe(toHex(body));
          const wire = fx.fields['wire'] as Record<string, string>;
          const rows = dialect.describe(body, { unmasked: true }).rows.filter((r) => r.depth === 0 && /^\d+$/.test(r.path));
          expect(Object.fromEntries(rows.map((r) => [r.path, r.prefixHex + r.hex]))).toEqual(wire);
        });
      }
    });
  }
});
