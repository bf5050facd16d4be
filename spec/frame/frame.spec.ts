import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkFrameLength, frameMessage, unframeMessage } from '../../src/frame/frame.js';
import {
  checkFrameProfile,
  cupFrameProfile,
  lengthOnlyFrameProfile,
  plainFrameProfile,
  tpduFrameProfile,
  type FrameProfile,
} from '../../src/frame/profile.js';
import { lengthHeaders } from '../../src/frame/length-header.js';
import { cupProcessingRequirement, type CupHeader } from '../../src/frame/cup-header.js';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { Iso8583Error } from '../../src/errors.js';
import { caught } from '../support/errors.js';

const tpdu = { id: '60', destination: '0601', source: '0000' };
const header: CupHeader = {
  applicationType: '60',
  specVersion: '31',
  terminalStatus: '0',
  processingRequirement: '0',
  subVersion: '311812',
};
const body = fromHex('0800002000000000');

interface FrameFixture {
  source: string;
  profile: 'cup' | 'cup-without-length';
  hex: string;
  expected: { length: number | null; tpdu: object; header: CupHeader; mti: string; bodyLength: number };
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/frames/', import.meta.url));
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(fixtureDir + f, 'utf8')) as FrameFixture] as const);

const cupWithoutLength = { lengthHeader: lengthHeaders.none, tpdu: true, header: 'cup' } as const satisfies FrameProfile;

describe('framing a message', () => {
  it('lays out length, TPDU, CUP header and body for the CUP profile', () => {
    const frame = frameMessage(cupFrameProfile, { tpdu, header, body });
    expect(toHex(frame)).toBe('0013' + '6006010000' + '603100311812' + '0800002000000000');
  });

  it('reads back the parts it framed, typed by the profile', () => {
    const frame = frameMessage(cupFrameProfile, { tpdu, header, body });
    const m = unframeMessage(cupFrameProfile, frame);
    expect(m.length).toBe(19);
    expect(m.tpdu).toEqual(tpdu);
    expect(m.header).toEqual(header);
    expect(cupProcessingRequirement(m.header)).toBe('none');
    expect(toHex(m.body)).toBe('0800002000000000');
    expect(m.extra).toEqual({});
  });

  it('frames with a TPDU only, and with the length only', () => {
    expect(toHex(frameMessage(tpduFrameProfile, { tpdu, body }))).toBe('000D60060100000800002000000000');
    expect(toHex(frameMessage(plainFrameProfile, { body }))).toBe('00080800002000000000');
    const ascii = lengthOnlyFrameProfile({ kind: 'ascii', size: 4, inclusive: true });
    expect(toHex(frameMessage(ascii, { body }))).toBe('30303132' + '0800002000000000');
    expect(toHex(unframeMessage(ascii, fromHex('303031320800002000000000')).body)).toBe('0800002000000000');
  });

  it('carries extra blocks and a raw header of a declared length', () => {
    const profile = {
      lengthHeader: lengthHeaders.bcd2,
      tpdu: true,
      extraBlocks: [
        { name: 'lri', length: 3 },
        { name: 'ani', length: 2 },
      ],
      header: { length: 4 },
    } as const satisfies FrameProfile;
    const frame = frameMessage(profile, {
      tpdu,
      extra: { lri: fromHex('AABBCC'), ani: fromHex('DDEE') },
      header: fromHex('01020304'),
      body,
    });
    expect(toHex(frame)).toBe('0022' + '6006010000' + 'AABBCC' + 'DDEE' + '01020304' + '0800002000000000');
    const m = unframeMessage(profile, frame);
    expect(toHex(m.extra['lri']!)).toBe('AABBCC');
    expect(toHex(m.extra['ani']!)).toBe('DDEE');
    expect(toHex(m.header)).toBe('01020304');
    expect(toHex(m.body)).toBe('0800002000000000');
  });

  it('says which part is missing, unexpected or of the wrong size', () => {
    const missing = caught(() => frameMessage(cupFrameProfile, { header, body }));
    expect(missing.code).toBe('MISSING_FRAME_PART');
    expect(missing.message).toBe('frame profile needs a TPDU (field tpdu)');
    expect(caught(() => frameMessage(cupFrameProfile, { tpdu, body })).message).toBe(
      'frame profile needs a CUP header (field header)',
    );
    const unexpected = caught(() => frameMessage(plainFrameProfile, { tpdu, body }));
    expect(unexpected.code).toBe('UNEXPECTED_FRAME_PART');
    expect(unexpected.message).toBe('frame profile has no TPDU (field tpdu)');
    expect(caught(() => frameMessage(plainFrameProfile, { header, body })).message).toBe(
      'frame profile has no header (field header)',
    );
    expect(caught(() => frameMessage(plainFrameProfile, { extra: { lri: fromHex('00') }, body })).message).toBe(
      'frame profile has no such extra block (field extra.lri)',
    );
    const profile: FrameProfile = {
      lengthHeader: lengthHeaders.binary2,
      tpdu: false,
      extraBlocks: [{ name: 'lri', length: 14 }],
      header: { length: 2 },
    };
    expect(caught(() => frameMessage(profile, { header: fromHex('0000'), body })).message).toBe(
      'frame profile needs an extra block (field extra.lri)',
    );
    const short = caught(() => frameMessage(profile, { extra: { lri: fromHex('00') }, header: fromHex('0000'), body }));
    expect(short.code).toBe('BAD_FRAME_PART');
    expect(short.message).toBe('extra block has the wrong length (field extra.lri)');
    expect(short.expected).toBe('14 bytes');
    expect(short.found).toBe('1 bytes');
    const extra = { lri: new Uint8Array(14) };
    expect(caught(() => frameMessage(profile, { extra, header: fromHex('00'), body })).message).toBe(
      'header has the wrong length (field header)',
    );
    expect(caught(() => frameMessage(profile, { extra, header, body })).message).toBe(
      'header must be given as bytes (field header)',
    );
    expect(caught(() => frameMessage(cupFrameProfile, { tpdu, header: fromHex('603100311812'), body })).message).toBe(
      'CUP header must be given as an object, not bytes (field header)',
    );
  });

  it('refuses a message too long for the length header', () => {
    const e = caught(() => frameMessage(lengthOnlyFrameProfile(lengthHeaders.bcd2), { body: new Uint8Array(10000) }));
    expect(e.code).toBe('LENGTH_HEADER_OVERFLOW');
  });
});

describe('unframing a message', () => {
  it('rejects a frame whose length header announces more bytes than it holds', () => {
    const e = caught(() => unframeMessage(cupFrameProfile, fromHex('0014' + '6006010000' + '603100311812' + '0800002000000000')));
    expect(e.code).toBe('FRAME_LENGTH_MISMATCH');
    expect(e.message).toBe('length header announces more bytes than the frame holds (byte 21)');
    expect(e.expected).toBe('20 bytes after the length header');
    expect(e.found).toBe('19 bytes');
  });

  it('rejects a frame holding bytes beyond its announced length and points at the first one', () => {
    const e = caught(() => unframeMessage(cupFrameProfile, fromHex('0012' + '6006010000' + '603100311812' + '0800002000000000')));
    expect(e.code).toBe('FRAME_LENGTH_MISMATCH');
    expect(e.message).toBe('frame holds more bytes than its length header announces (byte 20)');
    expect(e.offset).toBe(20);
  });

  it('rejects a frame too short for its TPDU, extra blocks or header', () => {
    expect(caught(() => unframeMessage(cupFrameProfile, fromHex('0003600601'))).message).toBe(
      'frame ends inside the TPDU (byte 5)',
    );
    expect(caught(() => unframeMessage(cupFrameProfile, fromHex('0009600601000060310031'))).message).toBe(
      'frame ends inside the CUP header (byte 11)',
    );
    const withExtra: FrameProfile = { lengthHeader: lengthHeaders.none, tpdu: false, extraBlocks: [{ name: 'lri', length: 14 }], header: 'none' };
    const e = caught(() => unframeMessage(withExtra, new Uint8Array(5)));
    expect(e.message).toBe('frame ends inside an extra block (field extra.lri, byte 5)');
    const raw: FrameProfile = { lengthHeader: lengthHeaders.none, tpdu: false, header: { length: 8 } };
    expect(caught(() => unframeMessage(raw, new Uint8Array(5))).message).toBe('frame ends inside the header (byte 5)');
    expect(caught(() => unframeMessage(cupFrameProfile, fromHex('00'))).message).toBe(
      'frame ends inside its length header (byte 1)',
    );
  });

  it('accepts any TPDU addresses, swapped or not', () => {
    const frame = fromHex('0013' + '6000000138' + '613100311108' + '0810002000000000');
    expect(unframeMessage(cupFrameProfile, frame).tpdu).toEqual({ id: '60', destination: '0000', source: '0138' });
  });

  it('checks a frame length on its own', () => {
    expect(checkFrameLength(lengthHeaders.binary2, fromHex('0002AABB'))).toBe(2);
    expect(checkFrameLength({ kind: 'binary', size: 2, inclusive: true }, fromHex('0004AABB'))).toBe(4);
    expect(checkFrameLength(lengthHeaders.none, fromHex('AABB'))).toBeUndefined();
    expect(caught(() => checkFrameLength(lengthHeaders.binary2, fromHex('0003AABB'))).code).toBe('FRAME_LENGTH_MISMATCH');
  });

  it('refuses an inconsistent profile', () => {
    const cases: [unknown, string][] = [
      [{ lengthHeader: lengthHeaders.binary2, header: 'none' }, 'frame profile must say whether a TPDU is present (field tpdu)'],
      [{ lengthHeader: lengthHeaders.binary2, tpdu: false, header: 'iso' }, "header must be 'cup', 'none' or { length } with a positive integer (field header)"],
      [{ lengthHeader: lengthHeaders.binary2, tpdu: false, header: { length: 0 } }, "header must be 'cup', 'none' or { length } with a positive integer (field header)"],
      [{ lengthHeader: lengthHeaders.binary2, tpdu: false, header: 'none', extraBlocks: [{ name: 'a', length: 1 }, { name: 'a', length: 2 }] }, 'extra block names must be distinct non-empty strings (field extraBlocks.1.name)'],
      [{ lengthHeader: lengthHeaders.binary2, tpdu: false, header: 'none', extraBlocks: [{ name: 'a', length: 0 }] }, 'extra block length must be a positive integer (field extraBlocks.0.length)'],
      [null, 'frame profile must be an object'],
      [{ lengthHeader: lengthHeaders.binary2, tpdu: false, header: 'none', extraBlocks: {} }, 'extra blocks must be a list (field extraBlocks)'],
      [{ lengthHeader: lengthHeaders.binary2, tpdu: false, header: 'none', extraBlocks: [null] }, 'extra block names must be distinct non-empty strings (field extraBlocks.0.name)'],
    ];
    for (const [profile, message] of cases) {
      const e = caught(() => checkFrameProfile(profile as FrameProfile));
      expect(e.code).toBe('BAD_FRAME_PROFILE');
      expect(e.message).toBe(message);
    }
    expect(caught(() => unframeMessage({ lengthHeader: { kind: 'bcd', size: 9 }, tpdu: false, header: 'none' }, body)).code).toBe(
      'BAD_FRAME_PROFILE',
    );
  });

  it('round-trips any parts through any length header kind', () => {
    const lengthHeader = fc.constantFrom(
      lengthHeaders.binary2,
      lengthHeaders.binary4,
      lengthHeaders.bcd2,
      lengthHeaders.ascii4,
      lengthHeaders.none,
      { kind: 'binary', size: 2, inclusive: true } as const,
      { kind: 'ascii', size: 4, inclusive: true } as const,
    );
    const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => toHex(b));
    fc.assert(
      fc.property(
        lengthHeader,
        fc.record({ id: hex(1), destination: hex(2), source: hex(2) }),
        fc.uint8Array({ maxLength: 300 }),
        (lh, t, b) => {
          const profile = { lengthHeader: lh, tpdu: true, header: 'cup' } as const;
          const m = unframeMessage(profile, frameMessage(profile, { tpdu: t, header, body: b }));
          expect(m.tpdu).toEqual(t);
          expect(m.header).toEqual(header);
          expect(toHex(m.body)).toBe(toHex(b));
        },
      ),
      { seed: 8583, numRuns: 200 },
    );
  });
});

describe('unframing arbitrary bytes', () => {
  it('throws nothing but Iso8583Error, whatever the bytes and profile', () => {
    const profile = fc.record({
      lengthHeader: fc.constantFrom(lengthHeaders.binary2, lengthHeaders.bcd2, lengthHeaders.ascii4, lengthHeaders.none, {
        kind: 'binary',
        size: 1,
        inclusive: true,
      } as const),
      tpdu: fc.boolean(),
      extraBlocks: fc.array(fc.record({ name: fc.constantFrom('a', 'b'), length: fc.integer({ min: 1, max: 4 }) }), {
        maxLength: 1,
      }),
      header: fc.constantFrom('cup' as const, 'none' as const, { length: 3 }),
    });
    fc.assert(
      fc.property(profile, fc.uint8Array({ maxLength: 40 }), (p, bytes) => {
        try {
          const m = unframeMessage(p, bytes);
          expect(m.body.length).toBeLessThanOrEqual(bytes.length);
        } catch (e) {
          expect(e).toBeInstanceOf(Iso8583Error);
          expect((e as Iso8583Error).code).toMatch(/^(FRAME_TRUNCATED|FRAME_LENGTH_MISMATCH|BAD_LENGTH_HEADER)$/);
        }
      }),
      { seed: 8583, numRuns: 400 },
    );
  });
});

describe('unframing captured CUP frames', () => {
  it('has captured frames to read', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  for (const [name, fx] of fixtures) {
    it(`reads ${name} and frames its parts back to the same bytes`, () => {
      expect(fx.source).toMatch(/\S/);
      const profile = fx.profile === 'cup' ? cupFrameProfile : cupWithoutLength;
      const bytes = fromHex(fx.hex);
      const m = unframeMessage(profile, bytes);
      expect(m.length ?? null).toBe(fx.expected.length);
      expect(m.tpdu).toEqual(fx.expected.tpdu);
      expect(m.header).toEqual(fx.expected.header);
      expect(toHex(m.body, 0, 2)).toBe(fx.expected.mti);
      expect(m.body).toHaveLength(fx.expected.bodyLength);
      expect(toHex(frameMessage(profile, { tpdu: m.tpdu, header: m.header, body: m.body }))).toBe(fx.hex.toUpperCase());
    });
  }

  it('exposes the blacklist download a host asks for in its response header', () => {
    const fx = fixtures.find(([name]) => name === 'cup-0210-sale-4.json')![1];
    expect(cupProcessingRequirement(unframeMessage(cupFrameProfile, fromHex(fx.hex)).header)).toBe('downloadBlacklist');
  });
});
