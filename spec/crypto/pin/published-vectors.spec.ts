import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import {
  decodePinBlockIso0,
  decodePinBlockIso1,
  decodePinBlockIso2,
  decodePinBlockIso3,
  encodePinBlockIso0,
  encodePinBlockIso1,
  encodePinBlockIso2,
  encodePinBlockIso3,
} from '../../../src/crypto/pin/index.js';
import { fillSource, hex, pinGroup, pinSources } from './pin-vectors.js';

// Formats 0–3 as clear 8-byte blocks; format 4 has its own spec with the AES encipherment.
const vectors = pinGroup('pinblock-iso9564').filter((v) => v.request.format !== 4);

function encode(format: number, pin: string, pan: string | undefined, fill: string | undefined): Uint8Array {
  const random = fillSource(fill ?? '');
  if (format === 0) return encodePinBlockIso0(pin, pan!);
  if (format === 1) return encodePinBlockIso1(pin, { random });
  if (format === 2) return encodePinBlockIso2(pin);
  return encodePinBlockIso3(pin, pan!, { random });
}

function decode(format: number, block: Uint8Array, pan: string | undefined): string {
  if (format === 0) return decodePinBlockIso0(block, pan!);
  if (format === 1) return decodePinBlockIso1(block);
  if (format === 2) return decodePinBlockIso2(block);
  return decodePinBlockIso3(block, pan!);
}

describe('published ISO 9564-1 PIN block vectors, formats 0 to 3', () => {
  it('every vector names sources that the fixture file describes', () => {
    for (const v of pinGroup('pinblock-iso9564')) for (const s of v.sources) expect(pinSources[s], v.id).toBeDefined();
  });

  for (const v of vectors) {
    const { format, pin, pan, fill, pinblock } = v.request;
    if (v.request.op === 'pinblock') {
      it(`encodes ${v.id} to the published block and decodes it back`, () => {
        const block = encode(format, pin!, pan, fill);
        expect(toHex(block)).toBe(v.expect.pinblock);
        expect(decode(format, block, pan)).toBe(pin);
      });
    } else if (v.expect.error) {
      it(`refuses to decode ${v.id}`, () => {
        expect(() => decode(format, hex(pinblock!), pan)).toThrow(expect.objectContaining({ code: 'BAD_PIN_BLOCK' }));
      });
    } else {
      it(`decodes ${v.id} to the published PIN`, () => {
        expect(decode(format, hex(pinblock!), pan)).toBe(v.expect.pin);
      });
    }
  }
});
