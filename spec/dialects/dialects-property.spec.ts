import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Dialect } from '../../src/message/dialect.js';
import { Iso8583Error } from '../../src/index.js';
import { messageFor } from '../../src/testing/index.js';
import { BUILT_IN_DIALECTS, expectRoundTrip } from './support.js';

/*
 * Messages come from the library's own spec-driven generator (`messageFor`): every field gets values of
 * its attribute, length and encoding, composites get structured values, so a new or changed field is
 * covered without editing here.
 */

type Mutation = { kind: 'set' | 'cut' | 'insert' | 'delete'; at: number; byte: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'cut', 'insert', 'delete'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
}) as fc.Arbitrary<Mutation>;

function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'cut') b = b.slice(0, at);
    else if (m.kind === 'insert') b.splice(at, 0, m.byte);
    else b.splice(at, 1);
  }
  return Uint8Array.from(b);
}

/** Decodes and uses a body; anything thrown must be an Iso8583Error. */
function probe(d: Dialect, bytes: Uint8Array): void {
  try {
    const m = d.decode(bytes);
    const obj = m.toObject();
    m.toJSON();
    m.toString();
    d.encode(obj);
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
  }
}

describe.each(BUILT_IN_DIALECTS)('the %s dialect', (_name, d) => {
  it('decodes every valid message it encodes to the same message, and re-encodes the same bytes', () => {
    fc.assert(
      fc.property(messageFor(d), (obj) => {
        expectRoundTrip(d, obj);
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('throws only Iso8583Error on random bytes and on mutated valid messages', () => {
    const head = d.spec.mtiEncoding === 'bcd' ? fc.constant(Uint8Array.of(0x02, 0x00)) : fc.constant(Uint8Array.of(0x30, 0x32, 0x30, 0x30));
    const randomBytes = fc.uint8Array({ maxLength: 160 });
    const afterMti = fc.tuple(head, fc.uint8Array({ maxLength: 160 })).map(([h, t]) => Uint8Array.from([...h, ...t]));
    const mutated = fc.tuple(messageFor(d), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([obj, ms]) => mutate(d.encode(obj), ms));
    fc.assert(
      fc.property(fc.oneof({ arbitrary: randomBytes, weight: 1 }, { arbitrary: afterMti, weight: 2 }, { arbitrary: mutated, weight: 5 }), (bytes) => {
        probe(d, bytes);
      }),
      { seed: 8583, numRuns: 10_000 },
    );
  });
});
