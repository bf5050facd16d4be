import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../src/bytes/hex.js';
import { dialects } from '../../src/index.js';
import { CUP_PARAMETER_TAGS } from '../../src/dialects/cup-emv-parameters.js';
import { splitFixture } from '../fixtures/cup-fixtures.js';
import { fixture } from '../txn/builders/support.js';

const cup = dialects.cup;
const header = (mti: string, code: string) => ({ mti, fields: { '39': '00', '41': '10000001', '42': '898310048990001', '60': { '1': '00', '2': '000001', '3': code } } });

describe('field 62 in the EMV parameter exchanges', () => {
  it('reads a captured CA key answer as its control character and a named TLV list, in describe() too', () => {
    const body = splitFixture(fixture('cup-0810-capk-download.json')).body;
    const m = cup.decode(body);
    expect(m.get('62.1')).toBe('1');
    const rows = m.describe().rows.map((r) => [r.path, r.name]);
    expect(rows).toEqual(expect.arrayContaining([
      ['62.1', 'Control code (0 none, 1 data, 2 data and more to follow)'],
      ['62.2', 'Parameter list'],
      ['62.2.DF02', 'Certification Authority Public Key Modulus'],
      ['62.2.DF03', 'Certification Authority Public Key Check Value'],
    ]));
    expect(m.describe().rows.find((r) => r.path === '62')?.layout).toBe('parameter answer');
  });

  it('reads a query as "1" and the entries already received, and a download request as its TLV key', () => {
    const q = cup.decode(cup.encode({ ...header('0820', '372'), fields: { ...header('0820', '372').fields, '62': '313035' } }));
    expect(q.toObject().fields['62']).toEqual({ '1': '1', '2': '05' });
    const d = cup.decode(cup.encode({ ...header('0800', '370'), fields: { ...header('0800', '370').fields, '62': '9F0605A0000003339F220108' } }));
    expect(d.toObject().fields['62']).toEqual([{ tag: '9F06', value: 'A000000333' }, { tag: '9F22', value: '08' }]);
  });

  it('keeps the SM sign-in answer, terminal parameters, status upload and list downloads raw', () => {
    for (const [mti, code] of [['0810', '005'], ['0810', '006'], ['0810', '364'], ['0820', '362'], ['0810', '396'], ['0810', '401']] as const) {
      const m = cup.decode(cup.encode({ mti, fields: { ...header(mti, code).fields, '62': '0102FF' } }));
      expect([code, toHex(m.get('62') as Uint8Array)]).toEqual([code, '0102FF']);
    }
  });

  it('names every parameter tag of the AID and CA key downloads', () => {
    expect(Object.keys(CUP_PARAMETER_TAGS).sort()).toEqual(
      ['9F06', 'DF01', '9F08', 'DF11', 'DF12', 'DF13', '9F1B', 'DF15', 'DF16', 'DF17', 'DF14', 'DF18', '9F7B', 'DF19', 'DF20', 'DF21', '9F22', 'DF05', 'DF06', 'DF07', 'DF02', 'DF04', 'DF03'].sort(),
    );
  });

  it('round-trips any control character and TLV list of any parameter answer, and any query', () => {
    const tag = fc.constantFrom(...Object.keys(CUP_PARAMETER_TAGS));
    const entry = fc.record({ tag, value: fc.uint8Array({ maxLength: 40 }).map(toHex) });
    fc.assert(
      fc.property(fc.constantFrom('0810', '0830'), fc.constantFrom('370', '380', '372', '373', '382'), fc.constantFrom('0', '1', '2'), fc.array(entry, { maxLength: 8 }), (mti, code, control, list) => {
        const f62: Record<string, string | typeof list> = list.length > 0 ? { '1': control, '2': list } : { '1': control };
        const obj = { mti, fields: { ...header(mti, code).fields, '62': f62 } };
        const body = cup.encode(obj);
        expect(cup.decode(body).toObject()).toEqual(obj);
        expect(toHex(cup.encode(cup.decode(body)))).toBe(toHex(body));
      }),
      { seed: 8583, numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.constantFrom('372', '373', '382'), fc.integer({ min: 0, max: 99 }), (code, n) => {
        const obj = { mti: '0820', fields: { ...header('0820', code).fields, '62': { '1': '1', '2': String(n).padStart(2, '0') } } };
        expect(cup.decode(cup.encode(obj)).toObject()).toEqual(obj);
      }),
      { seed: 8583, numRuns: 50 },
    );
  });
});
