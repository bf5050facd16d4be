import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../../src/bytes/hex.js';
import { parseBerTlv } from '../../../src/codec/composite/ber-tlv.js';
import { cupDialectSpec, defineDialect, dialects } from '../../../src/index.js';
import type { CanonicalTlv } from '../../../src/message/engine.js';
import {
  aidParameterTlv,
  aidParametersOf,
  caPublicKeyCheckValue,
  caPublicKeyOf,
  caPublicKeyTlv,
  parseParameterAnswer,
  readAidList,
  readAidParameters,
  readCaKeyList,
  readCaPublicKey,
  readParameterAnswer,
  type AidParameters,
} from '../../../src/txn/params/emv-parameters.js';
import { fixture } from '../builders/support.js';
import { splitFixture } from '../../fixtures/cup-fixtures.js';
import { caught } from '../../support/errors.js';

const answer = (file: string) => dialects.cup.decode(splitFixture(fixture(file)).body);
const capkVectors = JSON.parse(readFileSync(new URL('../../../fixtures/vectors/capk.json', import.meta.url), 'utf8')) as { keys: string[] };
const tlv = (hex: string): CanonicalTlv[] => {
  const b = fromHex(hex);
  return parseBerTlv(b, 0, b.length, '62', { base: 0, scale: 1, depth: 0 }).map((n) => ({ tag: n.tag, value: toHex(n.value as Uint8Array) }));
};

describe('reading the EMV parameter answers of a CUP host (captured)', () => {
  it('lists the ten AIDs of an AID query answer, with no more to follow', () => {
    const { control, aids } = readAidList(answer('cup-0830-aid-query.json'));
    expect(control).toEqual({ code: '1', hasData: true, more: false });
    expect(aids).toEqual([
      'A000000333010106', 'A000000333010103', 'A000000333010102', 'A000000333010101', 'A0000000651010',
      'A0000000043060', 'A0000000041010', 'A0000000033010', 'A0000000032010', 'A0000000031010',
    ]);
  });

  it('reads one AID download into named parameters: TACs, limits as digits, percentages as BCD, online PIN', () => {
    const { control, parameters } = readAidParameters(answer('cup-0810-aid-download.json'));
    expect(control.hasData).toBe(true);
    expect(parameters).toEqual({
      aid: 'A0000000031010',
      selectionIndicator: '00',
      version: '0140',
      tacDefault: 'D84000A800',
      tacOnline: 'D84004F800',
      tacDenial: '0010000000',
      floorLimit: '0',
      randomSelectionThreshold: '0',
      maxTargetPercentage: 99,
      targetPercentage: 99,
      defaultDdol: '9F3704',
      onlinePin: true,
      ecTransactionLimit: '000000010000',
      contactlessFloorLimit: '000000000001',
      contactlessTransactionLimit: '000000010000',
      contactlessCvmLimit: '000000010000',
      other: [],
    });
  });

  it('lists the five CA keys of a key query answer with their expiry sent as ASCII digits', () => {
    expect(readCaKeyList(answer('cup-0830-capk-query.json')).keys).toEqual([
      { rid: 'A000000003', index: '09', expiry: '20161231' },
      { rid: 'A000000004', index: '06', expiry: '20161231' },
      { rid: 'A000000065', index: '14', expiry: '20161231' },
      { rid: 'A000000333', index: '0B', expiry: '20161231' },
      { rid: 'A000000333', index: '08', expiry: '20201231' },
    ]);
  });

  it('reads the downloaded CA key A000000333 08 and finds its check value valid', () => {
    const { key } = readCaPublicKey(answer('cup-0810-capk-download.json'));
    expect(key).toMatchObject({ rid: 'A000000333', index: '08', expiry: '20201231', hashAlgorithm: '01', keyAlgorithm: '01', exponent: '03', checkValue: 'EE23B616C95C02652AD18860E48787C079E8E85A', check: 'valid' });
    expect(key!.modulus).toHaveLength(288);
  });

  it('reads the same answer from raw field 62 (a dialect without the layout) as from the structured field', () => {
    const spec = cupDialectSpec();
    delete spec.fields['62']!.composite;
    const plain = defineDialect(spec);
    const body = splitFixture(fixture('cup-0810-capk-download.json')).body;
    expect(plain.decode(body).get('62')).toBeInstanceOf(Uint8Array);
    expect(readParameterAnswer(plain.decode(body))).toEqual(readParameterAnswer(dialects.cup.decode(body)));
  });
});

describe('CA public key check values (EMV Book 2, 11.2)', () => {
  it.each(capkVectors.keys.map((k, i) => [i, k] as const))('find the published UnionPay test key %i valid', (_i, hex) => {
    const key = caPublicKeyOf(tlv(hex));
    expect([key.rid, key.check]).toEqual(['A000000333', 'valid']);
    expect(key.expiry).toMatch(/^20[0-9]{6}$/);
  });

  it('find a key with one modulus bit changed invalid', () => {
    const list = tlv(capkVectors.keys[0]!).map((t) => (t.tag === 'DF02' ? { tag: 'DF02', value: `B${t.value!.slice(1)}` } : t));
    expect(caPublicKeyOf(list).check).toBe('invalid');
  });

  it('leave a key without a check value, or hashed with another algorithm (SM3), unchecked', () => {
    const list = tlv(capkVectors.keys[0]!);
    expect(caPublicKeyOf(list.filter((t) => t.tag !== 'DF03')).check).toBe('unchecked');
    expect(caPublicKeyOf(list.map((t) => (t.tag === 'DF06' ? { tag: 'DF06', value: '07' } : t))).check).toBe('unchecked');
  });

  it('refuse a key without RID, index, modulus or exponent, naming the tags it needs', () => {
    const e = caught(() => caPublicKeyOf([{ tag: '9F06', value: 'A000000333' }]));
    expect([e.code, e.message]).toEqual(['BAD_DATA', 'CA public key needs RID (9F06), index (9F22), modulus (DF02) and exponent (DF04) (field 62)']);
  });

  it('compute the check value a host sends for any key it holds, and find it valid after a download round trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 1, maxLength: 1 }), fc.uint8Array({ minLength: 64, maxLength: 248 }), fc.constantFrom('03', '010001'), (rid, index, modulus, exponent) => {
        const k = { rid: toHex(rid), index: toHex(index), expiry: '20301231', hashAlgorithm: '01', keyAlgorithm: '01', modulus: toHex(modulus), exponent };
        const checkValue = caPublicKeyCheckValue(k.rid, k.index, k.modulus, k.exponent);
        const body = dialects.cup.encode({ mti: '0810', fields: { '39': '00', '60': { '1': '00', '2': '000001', '3': '370' }, '62': { '1': '1', '2': caPublicKeyTlv({ ...k, checkValue }) } } });
        const read = readCaPublicKey(dialects.cup.decode(body)).key!;
        expect(read).toEqual({ ...k, checkValue, check: 'valid', other: [] });
      }),
      { seed: 8583, numRuns: 60 },
    );
  });
});

describe('AID parameter lists', () => {
  const aidParams: fc.Arbitrary<AidParameters> = fc.record(
    {
      aid: fc.uint8Array({ minLength: 5, maxLength: 16 }).map(toHex),
      selectionIndicator: fc.constantFrom('00', '01'),
      version: fc.constantFrom('0020', '0030', '008C'),
      tacDefault: fc.uint8Array({ minLength: 5, maxLength: 5 }).map(toHex),
      tacOnline: fc.uint8Array({ minLength: 5, maxLength: 5 }).map(toHex),
      tacDenial: fc.uint8Array({ minLength: 5, maxLength: 5 }).map(toHex),
      floorLimit: fc.nat({ max: 0xffffffff }).map(String),
      randomSelectionThreshold: fc.nat({ max: 0xffffffff }).map(String),
      maxTargetPercentage: fc.integer({ min: 0, max: 99 }),
      targetPercentage: fc.integer({ min: 0, max: 99 }),
      defaultDdol: fc.constant('9F3704'),
      onlinePin: fc.boolean(),
      ecTransactionLimit: fc.stringMatching(/^[0-9]{12}$/),
      contactlessFloorLimit: fc.stringMatching(/^[0-9]{12}$/),
      contactlessTransactionLimit: fc.stringMatching(/^[0-9]{12}$/),
      contactlessCvmLimit: fc.stringMatching(/^[0-9]{12}$/),
      other: fc.constant([] as CanonicalTlv[]),
    },
    { requiredKeys: ['aid', 'other'] },
  );

  it('read back every parameter a host writes, through an 0810 380 on the wire', () => {
    fc.assert(
      fc.property(aidParams, (p) => {
        const body = dialects.cup.encode({ mti: '0810', fields: { '39': '00', '60': { '1': '00', '2': '000001', '3': '380' }, '62': { '1': '1', '2': aidParameterTlv(p) } } });
        expect(readAidParameters(dialects.cup.decode(body)).parameters).toEqual(p);
      }),
      { seed: 8583, numRuns: 100 },
    );
  });

  it('keep tags they do not name, in order, under other', () => {
    const p = aidParametersOf([{ tag: '9F06', value: 'A000000333010101' }, { tag: 'DF25', value: '01' }, { tag: 'DF01', value: '00' }]);
    expect(p).toEqual({ aid: 'A000000333010101', selectionIndicator: '00', other: [{ tag: 'DF25', value: '01' }] });
  });

  it('say "nothing" for an answer whose control character is 0, and read raw bytes of another dialect the same way', () => {
    const none = parseParameterAnswer(Uint8Array.of(0x30));
    expect(none).toEqual({ control: { code: '0', hasData: false, more: false }, list: [] });
    const more = parseParameterAnswer(fromHex('329F0605A000000333'));
    expect(more.control.more).toBe(true);
    expect(more.list).toEqual([{ tag: '9F06', value: 'A000000333' }]);
  });

  it('refuse an answer with no control character and a list that does not parse', () => {
    expect(caught(() => parseParameterAnswer(new Uint8Array(0))).code).toBe('BAD_DATA');
    expect(caught(() => parseParameterAnswer(fromHex('319F0605A0'))).code).toBe('BAD_TLV');
  });
});
