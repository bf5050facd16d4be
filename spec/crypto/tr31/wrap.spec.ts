import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../../src/bytes/hex.js';
import { decryptCbc } from '../../../src/crypto/cipher.js';
import { isWeakKey } from '../../../src/crypto/key-checks.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { tr31BindingKeys } from '../../../src/crypto/tr31/binding-keys.js';
import { parseTr31Header } from '../../../src/crypto/tr31/header.js';
import { unwrapTr31 } from '../../../src/crypto/tr31/unwrap.js';
import { wrapTr31, type Tr31WrapHeader } from '../../../src/crypto/tr31/wrap.js';
import { Iso8583Error } from '../../../src/errors.js';
import { countingRandom, providers, vectors } from './support.js';
import { caught } from '../../support/errors.js';

const TDES_KBPK = fromHex('DD7515F2BFC17F85CE48F3CA25CB21F6');
const AES_KBPK = fromHex('88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6');
const KEY = fromHex('3F419E1CB7079442AA37474C2EFBF8B8');
const P0: Tr31WrapHeader = { versionId: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', exportability: 'E' };
// The key set ID block of the X9.143 examples.
const KS = { id: 'KS', data: '00604B120F9292800000' };

afterEach(() => {
  vi.unstubAllGlobals();
});

const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
const alnumText = (n: number) => fc.array(alnum, { minLength: n, maxLength: n }).map((a) => a.join(''));
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

const headerArb = (versionId: 'B' | 'D') =>
  fc.record({
    versionId: fc.constant(versionId),
    keyUsage: alnumText(2),
    algorithm: alnumText(1),
    modeOfUse: alnumText(1),
    keyVersion: alnumText(2),
    exportability: alnumText(1),
    optionalBlocks: fc.array(
      fc.record({
        id: alnumText(2).filter((id) => id !== 'PB'),
        data: fc.oneof(
          fc.array(printable, { maxLength: 40 }).map((a) => a.join('')),
          fc.array(printable, { minLength: 252, maxLength: 300 }).map((a) => a.join('')),
        ),
      }),
      { maxLength: 3 },
    ),
  });

const caseArb = (versionId: 'B' | 'D') =>
  fc.record({
    header: headerArb(versionId),
    kbpk: fc
      .constantFrom(...(versionId === 'B' ? [16, 24] : [16, 24, 32]))
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
      .filter((k) => !isWeakKey(versionId === 'B' ? 'tdes' : 'aes', k)),
    // A key of an algorithm and length that a key object can hold (T and D: the DES family, A: AES).
    wrapped: fc
      .constantFrom<[string, number]>(['T', 8], ['T', 16], ['T', 24], ['D', 8], ['D', 16], ['A', 16], ['A', 24], ['A', 32])
      .chain(([algorithm, n]) => fc.record({ algorithm: fc.constant(algorithm), key: fc.uint8Array({ minLength: n, maxLength: n }) })),
    extraMask: fc.integer({ min: 0, max: 20 }),
    seed: fc.uint8Array({ minLength: 1, maxLength: 1 }),
  });

const seeded = (seed: number) => (n: number) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 17) & 0xff);

describe.each(providers.map((p) => [p.name, p] as const))('TR-31 wrap with the %s provider', (_name, provider) => {
  it('reproduces every published version B and D key block given the same padding', () => {
    let reproduced = 0;
    for (const v of vectors.tr31.vectors) {
      const header = parseTr31Header(v.request.key_block);
      if (header.versionId !== 'B' && header.versionId !== 'D') continue;
      // Recover the padding the publisher drew: decrypt the key data with the block's MAC as IV.
      const kbpk = fromHex(v.request.kbpk);
      const block = v.request.key_block;
      const macChars = header.versionId === 'B' ? 16 : 32;
      const mac = fromHex(block.slice(block.length - macChars));
      const keys = tr31BindingKeys(header.versionId, kbpk, provider);
      const alg = header.versionId === 'B' ? 'tdes' : 'aes';
      const body = fromHex(block.slice(header.headerLength, block.length - macChars));
      const clear = decryptCbc(alg, keys.encryptionKey, body, { iv: mac, provider });
      const key = fromHex(v.expect.key);
      const wrapped = wrapTr31(kbpk, key, { ...header, versionId: header.versionId }, {
        provider,
        maskedKeyLength: clear.length - 2,
        random: () => clear.slice(2 + key.length),
      });
      expect(wrapped, v.id).toBe(block);
      reproduced++;
    }
    expect(reproduced).toBe(11);
  });

  it('round-trips any key, header and optional blocks through versions B and D', () => {
    for (const version of ['B', 'D'] as const) {
      fc.assert(
        fc.property(caseArb(version), ({ header: generated, kbpk, wrapped, extraMask, seed }) => {
          const { key } = wrapped;
          const header = { ...generated, algorithm: wrapped.algorithm };
          const block = wrapTr31(kbpk, key, header, {
            provider,
            maskedKeyLength: key.length + extraMask,
            random: seeded(seed[0]!),
          });
          const out = unwrapTr31(kbpk, block, { provider, allowWeakKeys: true });
          expect(toHex(out.key.exportBytes())).toBe(toHex(key));
          expect(out.header.keyUsage).toBe(header.keyUsage);
          expect(out.header.algorithm).toBe(header.algorithm);
          expect(out.header.modeOfUse).toBe(header.modeOfUse);
          expect(out.header.keyVersion).toBe(header.keyVersion);
          expect(out.header.exportability).toBe(header.exportability);
          expect(out.header.optionalBlocks.filter((b) => b.id !== 'PB')).toEqual(header.optionalBlocks);
          expect(out.header.headerLength % (version === 'B' ? 8 : 16)).toBe(0);
        }),
        { seed: 8583, numRuns: 60 },
      );
    }
  });

  it('rejects any single-character change of a wrapped block', () => {
    for (const version of ['B', 'D'] as const) {
      const header = { ...P0, versionId: version, optionalBlocks: [KS] };
      const block = wrapTr31(version === 'B' ? TDES_KBPK : AES_KBPK, KEY, header, { provider, random: countingRandom });
      fc.assert(
        fc.property(fc.nat({ max: block.length - 1 }), printable, (at, c) => {
          fc.pre(block[at] !== c);
          const altered = block.slice(0, at) + c + block.slice(at + 1);
          try {
            unwrapTr31(version === 'B' ? TDES_KBPK : AES_KBPK, altered, { provider });
          } catch (e) {
            expect(e).toBeInstanceOf(Iso8583Error);
            expect(['TR31_BAD_HEADER', 'TR31_BAD_KEY_BLOCK', 'TR31_MAC_MISMATCH']).toContain((e as Iso8583Error).code);
            return;
          }
          throw new Error(`change at ${at} was accepted`);
        }),
        { seed: 8583, numRuns: 300 },
      );
    }
  });
});

describe('TR-31 single-character changes of published blocks', () => {
  it('rejects a change at any position of every published block, A and C included', () => {
    for (const v of vectors.tr31.vectors) {
      const kbpk = fromHex(v.request.kbpk);
      const block = v.request.key_block;
      for (let at = 0; at < block.length; at++) {
        const altered = block.slice(0, at) + (block[at] === '5' ? '6' : '5') + block.slice(at + 1);
        expect(() => unwrapTr31(kbpk, altered), `${v.id} at ${at}`).toThrow(Iso8583Error);
      }
    }
  });
});

describe('TR-31 wrap output', () => {
  it('adds a padding block so a version D header fills whole 16-byte blocks', () => {
    const header: Tr31WrapHeader = { ...P0, versionId: 'D', algorithm: 'A', optionalBlocks: [KS] };
    const block = wrapTr31(AES_KBPK, KEY, header, { random: countingRandom });
    expect(block.slice(0, 48)).toBe(`D${String(block.length).padStart(4, '0')}P0AE00E0200KS1800604B120F9292800000PB080000`);
    expect(block).toHaveLength(48 + 2 * 32 + 32);
  });

  it.each(['1', '2'] as const)('writes key context %s into header byte 14, bound by the MAC', (keyContext) => {
    for (const [kbpk, versionId] of [[TDES_KBPK, 'B'], [AES_KBPK, 'D']] as const) {
      const block = wrapTr31(kbpk, KEY, { ...P0, versionId, keyContext }, { random: countingRandom });
      expect(block[14]).toBe(keyContext);
      expect(block[15]).toBe('0');
      const opened = unwrapTr31(kbpk, block);
      expect(opened.header.keyContext).toBe(keyContext);
      expect(toHex(opened.key.exportBytes())).toBe(toHex(KEY));
      const other = keyContext === '1' ? '2' : '1';
      const altered = block.slice(0, 14) + other + block.slice(15);
      expect(caught(() => unwrapTr31(kbpk, altered)).code).toBe('TR31_MAC_MISMATCH');
    }
  });

  it('writes key context 0 when none is given', () => {
    expect(wrapTr31(TDES_KBPK, KEY, P0, { random: countingRandom }).slice(14, 16)).toBe('00');
  });

  it('adds no padding block when the optional blocks already fill whole blocks', () => {
    const block = wrapTr31(TDES_KBPK, KEY, { ...P0, optionalBlocks: [KS] }, { random: countingRandom });
    expect(parseTr31Header(block).optionalBlocks.map((b) => b.id)).toEqual(['KS']);
  });

  it('writes a long optional block with an extended length', () => {
    const data = 'L'.repeat(260);
    const block = wrapTr31(TDES_KBPK, KEY, { ...P0, optionalBlocks: [{ id: 'LB', data }] }, { random: countingRandom });
    expect(block.slice(16, 26)).toBe('LB0004010E');
    expect(unwrapTr31(TDES_KBPK, block).header.optionalBlocks[0]).toEqual({ id: 'LB', data });
  });

  it('hides the key length when asked to mask it', () => {
    const plain = wrapTr31(TDES_KBPK, KEY, P0, { random: countingRandom });
    const masked = wrapTr31(TDES_KBPK, KEY, P0, { random: countingRandom, maskedKeyLength: 24 });
    expect(plain).toHaveLength(16 + 48 + 16);
    expect(masked).toHaveLength(16 + 64 + 16);
    expect(toHex(unwrapTr31(TDES_KBPK, masked).key.exportBytes())).toBe(toHex(KEY));
  });

  it('takes its padding from the platform random source by default', () => {
    const a = wrapTr31(TDES_KBPK, KEY, P0);
    const b = wrapTr31(TDES_KBPK, KEY, P0);
    expect(a).not.toBe(b);
    expect(toHex(unwrapTr31(TDES_KBPK, a).key.exportBytes())).toBe(toHex(KEY));
  });

  it('accepts the KBPK and the key as SecretKey objects', () => {
    const block = wrapTr31(SecretKey.fromBytes('aes', AES_KBPK), SecretKey.fromBytes('tdes', KEY), { ...P0, versionId: 'D' });
    expect(toHex(unwrapTr31(AES_KBPK, block).key.exportBytes())).toBe(toHex(KEY));
  });
});

describe('TR-31 wrap errors', () => {
  it('says when no random source exists', () => {
    vi.stubGlobal('crypto', undefined);
    const e = caught(() => wrapTr31(TDES_KBPK, KEY, P0));
    expect(e.code).toBe('NO_RANDOM_SOURCE');
    expect(e.message).toBe('no secure random source is available in this runtime; pass the random option');
  });

  it('rejects a random source that returns the wrong number of bytes', () => {
    const e = caught(() => wrapTr31(TDES_KBPK, KEY, P0, { random: () => new Uint8Array(1) }));
    expect(e.code).toBe('BAD_RANDOM_SOURCE');
    expect(e.message).toBe('random source returned the wrong number of bytes');
    expect(e.expected).toBe('6 bytes');
  });

  it('writes only versions B and D', () => {
    const e = caught(() => wrapTr31(TDES_KBPK, KEY, { ...P0, versionId: 'A' as 'B' }));
    expect(e.code).toBe('TR31_UNSUPPORTED_VERSION');
    expect(e.message).toBe('key blocks are wrapped in version B or D only (field versionId)');
  });

  it('rejects a KBPK of the wrong length for the version', () => {
    const e = caught(() => wrapTr31(AES_KBPK, KEY, P0));
    expect(e.code).toBe('TR31_BAD_KBPK');
    expect(e.message).toBe('version B KBPK must be 16 or 24 bytes');
  });

  it('names the header field that is malformed', () => {
    const cases: [Partial<Tr31WrapHeader>, string, string][] = [
      [{ keyUsage: 'P' }, 'header field must be 2 characters', 'keyUsage'],
      [{ algorithm: '*' }, 'header field must be letters or digits', 'algorithm'],
      [{ modeOfUse: 'EE' }, 'header field must be 1 character', 'modeOfUse'],
      [{ keyVersion: '0 ' }, 'header field must be letters or digits', 'keyVersion'],
      [{ exportability: '' }, 'header field must be 1 character', 'exportability'],
      [{ keyContext: '3' as '1' }, 'key context must be 0, 1 or 2', 'keyContext'],
      [{ optionalBlocks: [{ id: 'K', data: '' }] }, 'optional block ID must be 2 letters or digits', 'optionalBlocks.0'],
      [{ optionalBlocks: [{ id: 'PB', data: '00' }] }, 'padding block PB is added by wrapping, not given', 'optionalBlocks.0'],
      [
        { optionalBlocks: [{ id: 'KS', data: 'ok' }, { id: 'KV', data: 'é' }] },
        'optional block data must be printable ASCII',
        'optionalBlocks.1',
      ],
    ];
    for (const [change, message, path] of cases) {
      const e = caught(() => wrapTr31(TDES_KBPK, KEY, { ...P0, ...change }, { random: countingRandom }));
      expect(e.code).toBe('TR31_BAD_HEADER');
      expect(e.message).toBe(`${message} (field ${path})`);
      expect(e.path).toBe(path);
    }
  });

  it('rejects more than 99 optional blocks', () => {
    const blocks = Array.from({ length: 100 }, () => ({ id: 'KS', data: '' }));
    const e = caught(() => wrapTr31(TDES_KBPK, KEY, { ...P0, optionalBlocks: blocks }, { random: countingRandom }));
    expect(e.message).toBe('a key block holds at most 99 optional blocks (field optionalBlocks)');
  });

  it('rejects an empty key, a mask shorter than the key and a block over 9999 characters', () => {
    expect(caught(() => wrapTr31(TDES_KBPK, new Uint8Array(0), P0)).message).toBe('key to wrap must be a non-empty byte array');
    const mask = caught(() => wrapTr31(TDES_KBPK, KEY, P0, { maskedKeyLength: 8 }));
    expect(mask.code).toBe('TR31_BAD_KEY_LENGTH');
    expect(mask.message).toBe(
      'masked key length must be a whole number of bytes, at least the key length (field maskedKeyLength)',
    );
    const long = caught(() => wrapTr31(TDES_KBPK, new Uint8Array(5000), P0, { random: countingRandom }));
    expect(long.code).toBe('TR31_BAD_KEY_LENGTH');
    expect(long.message).toBe('key block would be longer than 9999 characters');
    expect(long.found).toBe('10048 characters');
  });
});
