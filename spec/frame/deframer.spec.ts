import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDeframer, DEFAULT_MAX_FRAME_SIZE, FrameDeframer, splitFrames } from '../../src/frame/deframer.js';
import { frameMessage } from '../../src/frame/frame.js';
import { lengthOnlyFrameProfile } from '../../src/frame/profile.js';
import { lengthHeaders, type LengthHeaderSpec } from '../../src/frame/length-header.js';
import { concatBytes, fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { caught } from '../support/errors.js';
import { expectClean, forms } from '../support/planted.js';

const binary2 = lengthOnlyFrameProfile(lengthHeaders.binary2);

function collect(deframer: FrameDeframer, chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  for (const c of chunks) deframer.push(c, (f) => out.push(toHex(f)));
  return out;
}

function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

const KINDS: LengthHeaderSpec[] = [
  lengthHeaders.binary2,
  lengthHeaders.binary4,
  lengthHeaders.bcd2,
  lengthHeaders.ascii4,
  { kind: 'binary', size: 2, inclusive: true },
  { kind: 'bcd', size: 2, inclusive: true },
  { kind: 'ascii', size: 4, inclusive: true },
  { kind: 'binary', size: 1 },
];

describe('stream deframer', () => {
  it('hands out several frames found in one chunk, in order, length header included', () => {
    const stream = fromHex('0002AABB' + '0001CC' + '0003DDEEFF');
    expect(collect(createDeframer(binary2), [stream])).toEqual(['0002AABB', '0001CC', '0003DDEEFF']);
  });

  it('assembles frames pushed one byte at a time', () => {
    const stream = fromHex('0002AABB' + '0001CC');
    const d = createDeframer(binary2);
    expect(collect(d, bytewise(stream))).toEqual(['0002AABB', '0001CC']);
    expect(d.buffered).toBe(0);
  });

  it('assembles a frame split inside its length header', () => {
    const d = createDeframer(lengthOnlyFrameProfile(lengthHeaders.ascii4));
    expect(collect(d, [fromHex('3030'), fromHex('30'), fromHex('3241'), fromHex('42')])).toEqual(['303030324142']);
  });

  it('keeps what it has of an unfinished frame and counts it', () => {
    const d = createDeframer(binary2);
    expect(collect(d, [fromHex('0005AABB0002')])).toEqual([]);
    expect(d.buffered).toBe(6);
    expect(collect(d, [fromHex('CC0001')])).toEqual(['0005AABB0002CC']);
    expect(d.buffered).toBe(2);
  });

  it('hands out a frame announcing an empty message', () => {
    expect(collect(createDeframer(binary2), [fromHex('00000001AA')])).toEqual(['0000', '0001AA']);
    expect(collect(createDeframer(binary2), bytewise(fromHex('00000001AA')))).toEqual(['0000', '0001AA']);
  });

  it('rejects an oversize length as soon as the header is complete, before keeping any byte after it', () => {
    const d = createDeframer(binary2, { maxFrameSize: 100 });
    const seen = collect(d, [fromHex('0002AABB00')]);
    expect(seen).toEqual(['0002AABB']);
    const e = caught(() => d.push(fromHex('FF'), () => undefined));
    expect(e.code).toBe('FRAME_TOO_LARGE');
    expect(e.message).toBe('frame is larger than the maximum frame size (byte 4)');
    expect(e.expected).toBe('at most 100 bytes');
    expect(e.found).toBe('257 bytes');
    expect(d.buffered).toBe(2);
  });

  it('delivers the frames before a bad one in the same chunk, then refuses more input', () => {
    const d = createDeframer(binary2, { maxFrameSize: 10 });
    const seen: string[] = [];
    const e = caught(() => d.push(fromHex('0001AA' + '0001BB' + '0100' + '00'.repeat(300)), (f) => seen.push(toHex(f))));
    expect(seen).toEqual(['0001AA', '0001BB']);
    expect(e.code).toBe('FRAME_TOO_LARGE');
    expect(e.offset).toBe(6);
    expect(d.buffered).toBeLessThanOrEqual(2);
    expect(d.error).toBe(e);
    const again = caught(() => d.push(fromHex('0001AA'), () => undefined));
    expect(again.code).toBe('STREAM_FAILED');
    expect(again.message).toBe('frame stream failed earlier and takes no more input');
    expect((again as { cause?: unknown }).cause).toBe(e);
    expect(caught(() => d.end()).code).toBe('STREAM_FAILED');
  });

  it('allows a frame exactly at the maximum size and not one byte more', () => {
    const d = createDeframer(binary2, { maxFrameSize: 4 });
    expect(collect(d, [fromHex('0002AABB')])).toEqual(['0002AABB']);
    const e = caught(() => d.push(fromHex('0003'), () => undefined));
    expect(e.code).toBe('FRAME_TOO_LARGE');
    expect(e.found).toBe('5 bytes');
    expect(DEFAULT_MAX_FRAME_SIZE).toBe(65537);
    const full = new Uint8Array(65537);
    full[0] = 0xff;
    full[1] = 0xff;
    expect(splitFrames(binary2, full)).toHaveLength(1);
  });

  it('reports a garbage length header with its offset in the stream', () => {
    const d = createDeframer(lengthOnlyFrameProfile(lengthHeaders.ascii4));
    const seen: string[] = [];
    const e = caught(() => d.push(fromHex('3030303141' + '47455420'), (f) => seen.push(toHex(f))));
    expect(seen).toEqual(['3030303141']);
    expect(e.code).toBe('BAD_LENGTH_HEADER');
    expect(e.message).toBe('length header has a character that is not a decimal digit (byte 5)');
  });

  it('reports the offset of a bad BCD nibble in a header split across chunks', () => {
    const d = createDeframer(lengthOnlyFrameProfile(lengthHeaders.bcd2));
    d.push(fromHex('0001AA00'), () => undefined);
    const e = caught(() => d.push(fromHex('0F'), () => undefined));
    expect(e.code).toBe('BAD_LENGTH_HEADER');
    expect(e.offset).toBe(4);
  });

  it('says when the stream ends inside a frame, and refuses input after the end', () => {
    const d = createDeframer(binary2);
    d.push(fromHex('0003AA'), () => undefined);
    const e = caught(() => d.end());
    expect(e.code).toBe('FRAME_TRUNCATED');
    expect(e.message).toBe('stream ends inside a frame (byte 3)');
    expect(e.expected).toBe('2 more bytes');
    const clean = createDeframer(binary2);
    clean.push(fromHex('0001AA'), () => undefined);
    clean.end();
    const after = caught(() => clean.push(fromHex('00'), () => undefined));
    expect(after.code).toBe('STREAM_ENDED');
    expect(after.message).toBe('frame stream has ended and takes no more input');
  });

  it('cuts a buffer of whole frames, and refuses one with a partial frame at the end', () => {
    expect(splitFrames(binary2, fromHex('0001AA0001BB')).map((f) => toHex(f))).toEqual(['0001AA', '0001BB']);
    expect(splitFrames(binary2, new Uint8Array(0))).toEqual([]);
    const e = caught(() => splitFrames(binary2, fromHex('0001AA00')));
    expect(e.message).toBe('stream ends inside a frame (byte 4)');
    expect(e.expected).toBe('2 length header bytes');
  });

  it('stops at a frame handler that throws and stays unusable', () => {
    const d = createDeframer(binary2);
    const seen: string[] = [];
    const boom = new Error('handler failed');
    expect(() =>
      d.push(fromHex('0001AA0001BB'), (f) => {
        seen.push(toHex(f));
        throw boom;
      }),
    ).toThrow(boom);
    expect(seen).toEqual(['0001AA']);
    expect(caught(() => d.push(fromHex('00'), () => undefined)).code).toBe('STREAM_FAILED');
  });

  it('cannot cut frames without a length header, and refuses a nonsensical maximum', () => {
    const e = caught(() => createDeframer({ lengthHeader: lengthHeaders.none }));
    expect(e.code).toBe('BAD_FRAME_PROFILE');
    expect(e.message).toBe('frames without a length header cannot be cut from a stream (field lengthHeader)');
    const o = caught(() => createDeframer(binary2, { maxFrameSize: 1 }));
    expect(o.code).toBe('BAD_FRAME_OPTIONS');
    expect(o.message).toBe('maximum frame size must be an integer no smaller than the length header (field maxFrameSize)');
    expect(caught(() => createDeframer({ lengthHeader: { kind: 'binary', size: 8 } })).code).toBe('BAD_FRAME_PROFILE');
  });

  it('yields the same frames however the stream is split, for every length header kind', () => {
    const arb = fc.record({
      kind: fc.constantFrom(...KINDS),
      bodies: fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
      cuts: fc.array(fc.nat(), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ kind, bodies, cuts }) => {
        const profile = lengthOnlyFrameProfile(kind);
        const frames = bodies.map((body) => frameMessage(profile, { body }));
        const stream = concatBytes(...frames);
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          chunks.push(stream.subarray(prev, p));
          prev = p;
        }
        const d = createDeframer(profile);
        expect(collect(d, chunks)).toEqual(frames.map((f) => toHex(f)));
        d.end();
      }),
      { seed: 8583, numRuns: 300 },
    );
  });

  it('throws nothing but Iso8583Error on random bytes, and never holds more than it was given', () => {
    const arb = fc.record({
      kind: fc.constantFrom(...KINDS),
      chunks: fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }),
      max: fc.integer({ min: 4, max: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ kind, chunks, max }) => {
        const d = createDeframer(lengthOnlyFrameProfile(kind), { maxFrameSize: max });
        let given = 0;
        let handedOut = 0;
        try {
          for (const c of chunks) {
            given += c.length;
            d.push(c, (f) => {
              expect(f.length).toBeLessThanOrEqual(max);
              handedOut += f.length;
            });
            expect(handedOut + d.buffered).toBe(given);
          }
          d.end();
        } catch (e) {
          expect(e).toBeInstanceOf(Iso8583Error);
          expect((e as Iso8583Error).code).toMatch(/^(FRAME_TOO_LARGE|BAD_LENGTH_HEADER|FRAME_TRUNCATED)$/);
        }
      }),
      { seed: 8583, numRuns: 300 },
    );
  });
});

describe('renderings of a deframer', () => {
  it('tell how many bytes it holds of an unfinished frame, never what they are', () => {
    const pan = '6225880123456783';
    const d = createDeframer(lengthOnlyFrameProfile(lengthHeaders.binary2));
    d.push(Uint8Array.from([0x00, 0x20, ...pan].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0)))), () => undefined);
    expect(inspect(d, { depth: null, showHidden: true })).toBe('FrameDeframer { buffered: 18, failed: false }');
    expect(JSON.stringify(d)).toBe('{"buffered":18,"failed":false}');
    expect(String(d)).toBe('FrameDeframer {"buffered":18,"failed":false}');
    expectClean(d, 'deframer', forms(pan, false));
    expect(() => d.end()).toThrow(Iso8583Error);
    expect(JSON.stringify(d)).toBe('{"buffered":18,"failed":true}');
  });
});
