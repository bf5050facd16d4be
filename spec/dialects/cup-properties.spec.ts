import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import type { CanonicalValue, MessageInput } from '../../src/message/engine.js';
import { loadCupFixtures, splitFixture } from '../fixtures/cup-fixtures.js';
import { cup } from './cup-dialect.js';

const RUNS = { seed: 8583, numRuns: 40 };

const digits = (min: number, max = min): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
const hexBytes = (n: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((b) => toHex(b));
/** Text of the given characters that does not end in a space (trailing pad is not part of a value). */
const text = (chars: string, min: number, max: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...chars), { minLength: min, maxLength: max })
    .map((a) => a.join(''))
    .filter((s) => !s.endsWith(' '));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const pan = digits(13, 19);
const track2 = fc
  .tuple(pan, digits(4), digits(3), digits(0, 10))
  .map(([p, exp, svc, disc]) => `${p}D${exp}${svc}${disc}`)
  .filter((t) => t.length <= 37);
const tid = text(ALNUM, 8, 8);
const mid = text(ALNUM, 15, 15);
const rrn = text(ALNUM, 12, 12);
const field60 = (t1: string, t3: string, financial: boolean): fc.Arbitrary<CanonicalValue> =>
  financial
    ? fc
        .tuple(digits(6), fc.constantFrom('0', '5', '6'), fc.option(digits(1), { nil: undefined }))
        .map(([batch, cap, cond]): CanonicalValue => {
          const v: Record<string, string> = { '1': t1, '2': batch, '3': t3, '4': cap };
          if (cond !== undefined) v['5'] = cond;
          return v;
        })
    : digits(6).map((batch) => ({ '1': t1, '2': batch, '3': t3 }));
const emv = fc
  .tuple(hexBytes(8), hexBytes(4), hexBytes(2), digits(12))
  .map(([ac, un, atc, amt]) => [
    { tag: '9F26', value: ac },
    { tag: '9F27', value: '80' },
    { tag: '9F37', value: un },
    { tag: '9F36', value: atc },
    { tag: '9F02', value: amt },
    { tag: '5F2A', value: '0156' },
  ]);
const ids44 = fc.tuple(text(ALNUM, 1, 11), text(ALNUM, 1, 11)).map(([a, b]) => ({ '1': a, '2': b }));
const gbkText = text('中国银联发卡行测试ABC 123', 1, 10).filter((s) => !s.startsWith(' '));

function card(): fc.Arbitrary<Record<string, CanonicalValue>> {
  return fc.oneof(
    track2.map((t) => ({ '22': { '1': '02', '2': '1' }, '35': t, '26': '06', '52': 'A1B2C3D4E5F60718', '53': { '1': '2', '2': '6', '3': '0', '4': '0000000000000' } })),
    fc.tuple(pan, digits(4), emv).map(([p, exp, tlv]) => ({ '2': p, '14': exp, '22': { '1': '05', '2': '2' }, '23': '001', '55': tlv })),
    fc.tuple(pan, digits(4)).map(([p, exp]) => ({ '2': p, '14': exp, '22': { '1': '01', '2': '2' } })),
  );
}

const common = fc.record({ '11': digits(6), '41': tid, '42': mid });

/** Random valid CUP messages, by transaction. */
const transactions: Record<string, fc.Arbitrary<MessageInput>> = {
  sale: fc.tuple(common, card(), digits(12), field60('22', '000', true), hexBytes(4)).map(([c, k, amt, f60, mac]) => ({
    mti: '0200',
    fields: { ...c, ...k, '3': '000000', '4': amt, '25': '00', '49': '156', '60': f60, '64': mac },
  })),
  'sale response': fc
    .tuple(common, pan, digits(12), rrn, ids44, field60('22', '000', true), fc.constantFrom('CUP', 'VIS'), gbkText)
    .map(([c, p, amt, r, ids, f60, org, issuer]) => ({
      mti: '0210',
      fields: { ...c, '2': p, '3': '000000', '4': amt, '25': '00', '37': r, '38': 'A51234', '39': '00', '44': ids, '49': '156', '60': f60, '63': { '1': org, '2': issuer } },
    })),
  'balance inquiry response': fc.tuple(common, digits(12), fc.constantFrom('C', 'D')).map(([c, bal, sign]) => ({
    mti: '0210',
    fields: { ...c, '3': '310000', '39': '00', '54': { '1': '10', '2': '02', '3': '156', '4': sign, '5': bal }, '60': { '1': '01', '2': '000001', '3': '000' } },
  })),
  'void and refund': fc
    .tuple(common, card(), digits(12), rrn, digits(6), digits(6), digits(4), fc.constantFrom(['0200', '23'], ['0220', '25']))
    .map(([c, k, amt, r, batch, stan, date, [mti, t1]]) => ({
      mti: mti!,
      fields: { ...c, ...k, '3': '200000', '4': amt, '25': '00', '37': r, '49': '156', '60': { '1': t1!, '2': batch, '3': '000' }, '61': { '1': batch, '2': stan, '3': date }, '63': { '1': '01' } },
    })),
  'pre-authorisation and completion': fc
    .tuple(common, card(), digits(12), digits(4), fc.constantFrom(['0100', '030000', '10'], ['0200', '000000', '20']))
    .map(([c, k, amt, date, [mti, pc, t1]]) => ({
      mti: mti!,
      fields: { ...c, ...k, '3': pc!, '4': amt, '25': '06', '38': 'A51234', '49': '156', '60': { '1': t1!, '2': '000012', '3': '000' }, '61': { '1': '000000', '2': '000000', '3': date } },
    })),
  reversal: fc.tuple(common, pan, digits(12), fc.constantFrom('98', '96', 'A0', '06')).map(([c, p, amt, why]) => ({
    mti: '0400',
    fields: { ...c, '2': p, '3': '000000', '4': amt, '22': { '1': '07', '2': '2' }, '25': '00', '39': why, '49': '156', '60': { '1': '22', '2': '000012', '3': '000', '4': '6' } },
  })),
  'sign-in request': fc.tuple(common, fc.constantFrom('001', '003', '004'), digits(4), text(ALNUM + '-', 1, 20)).map(([c, t3, lic, sn]) => ({
    mti: '0800',
    fields: { ...c, '60': { '1': '00', '2': '000000', '3': t3 }, '62': { '1': 'Sequence No', '2': { '1': lic, '2': sn } }, '63': { '1': '01' } },
  })),
  'sign-in response': fc
    .tuple(common, fc.constantFrom('001', '003', '004'), hexBytes(16), hexBytes(16), hexBytes(16), hexBytes(4), hexBytes(4), hexBytes(4))
    .map(([c, t3, pik, mak, tdk, k1, k2, k3]) => {
      const keys: Record<string, string> =
        t3 === '001'
          ? { '1': pik.slice(0, 16), '2': k1, '3': mak.slice(0, 16), '4': k2 }
          : { '1': pik, '2': k1, '3': mak, '4': k2, ...(t3 === '004' ? { '5': tdk, '6': k3 } : {}) };
      return { mti: '0810', fields: { ...c, '39': '00', '60': { '1': '00', '2': '000012', '3': t3 }, '62': keys } };
    }),
  settlement: fc
    .tuple(common, fc.constantFrom('0500', '0510'), digits(12), digits(3), digits(12), digits(3), fc.constantFrom('0', '1', '2', '3'))
    .map(([c, mti, da, dc, ca, cc, code]) => ({
      mti,
      fields: {
        ...c,
        '48': { '1': { '1': da, '2': dc, '3': ca, '4': cc, '5': code }, '2': { '1': ca, '2': cc, '3': da, '4': dc, '5': code } },
        '49': '156',
        '60': { '1': '00', '2': '000012', '3': '201' },
        '63': { '1': '001' },
      },
    })),
  'batch upload': fc
    .tuple(common, fc.array(fc.tuple(fc.constantFrom('00', '01'), digits(6), digits(20), digits(12)), { minLength: 1, maxLength: 8 }))
    .map(([c, recs]) => {
      const f48: Record<string, CanonicalValue> = { '1': String(recs.length).padStart(2, '0') };
      recs.forEach(([cls, stan, p, amt], i) => (f48[String(i + 2)] = { '1': cls, '2': stan, '3': p, '4': amt }));
      return { mti: '0320', fields: { ...c, '48': f48, '60': { '1': '00', '2': '000012', '3': '201' } } };
    }),
  'batch upload end and echo': fc.tuple(common, digits(4), fc.boolean()).map(([c, n, end]) => ({
    mti: end ? '0320' : '0820',
    fields: end ? { ...c, '48': { '1': n }, '60': { '1': '00', '2': '000012', '3': '202' } } : { ...c, '60': { '1': '00', '2': '000012', '3': '301' } },
  })),
  'tip advice': fc.tuple(common, pan, digits(12), digits(12)).map(([c, p, amt, tip]) => ({
    mti: '0220',
    fields: { ...c, '2': p, '3': '000000', '4': amt, '25': '00', '48': { '1': tip }, '60': { '1': '34', '2': '000012', '3': '000' } },
  })),
};

describe('random valid CUP messages', () => {
  for (const [name, arb] of Object.entries(transactions)) {
    it(`round-trip both ways for ${name}`, () => {
      fc.assert(
        fc.property(arb, (input) => {
          const bytes = cup.encode(input);
          const m = cup.decode(bytes);
          expect(m.toObject()).toEqual(input);
          expect(toHex(cup.encode(m))).toBe(toHex(bytes));
        }),
        RUNS,
      );
    });
  }
});

describe('mutated CUP fixtures', () => {
  const bodies = loadCupFixtures().map((fx) => splitFixture(fx).body);
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  );

  function mutate(body: Uint8Array, ops: { kind: 'flip' | 'cut' | 'insert'; at: number; value?: number }[]): Uint8Array {
    let b = body.slice();
    for (const op of ops) {
      const at = b.length === 0 ? 0 : op.at % (b.length + (op.kind === 'insert' ? 1 : 0));
      if (op.kind === 'flip' && b.length > 0) b[at] = op.value!;
      else if (op.kind === 'cut') b = b.subarray(0, at);
      else if (op.kind === 'insert') {
        const n = new Uint8Array(b.length + 1);
        n.set(b.subarray(0, at));
        n[at] = op.value!;
        n.set(b.subarray(at), at + 1);
        b = n;
      }
    }
    return b;
  }

  it('never make decoding or printing throw anything but Iso8583Error', () => {
    fc.assert(
      fc.property(fc.nat({ max: bodies.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ops) => {
        const bytes = mutate(bodies[i]!, ops);
        try {
          const m = cup.decode(bytes);
          m.toObject();
          m.toJSON();
          m.describe();
          cup.encode(m);
        } catch (e) {
          if (!(e instanceof Iso8583Error)) throw e;
          expect(e.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        }
      }),
      { seed: 8583, numRuns: 600 },
    );
  });
});
