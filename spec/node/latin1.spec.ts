import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latin1Text } from '../../src/bytes/latin1.js';
import { nodeLatin1Text } from '../../src/node/latin1.js';
import { createDialects, dialects } from '../../src/index.js';
import { loadCupFixtures, splitFixture } from '../fixtures/cup-fixtures.js';

describe("Node's Latin-1 text", () => {
  it('gives every byte value as the character of the same code, as the portable maker does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = nodeLatin1Text(all, 0, 256);
    expect([...text].map((c) => c.charCodeAt(0))).toStrictEqual([...all]);
    expect(text).toBe(latin1Text(all, 0, 256));
  });

  it('reads the range it is given of any bytes, views into larger buffers included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const view = new Uint8Array(bytes.buffer, Math.min(3, bytes.length));
        const start = view.length === 0 ? 0 : a % view.length;
        const end = start + (view.length === 0 ? 0 : b % (view.length - start + 1));
        expect(nodeLatin1Text(view, start, end)).toBe(latin1Text(view, start, end));
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('leaves decoding as it is: with and without it, every CUP fixture decodes to the same object', () => {
    const plain = createDialects({ latin1: undefined });
    for (const fx of loadCupFixtures()) {
      const body = splitFixture(fx).body;
      let expected: unknown;
      try {
        expected = plain.cup.decode(body).toObject();
      } catch {
        continue;
      }
      expect(dialects.cup.decode(body).toObject()).toStrictEqual(expected);
    }
  });
});
