// Node's util.inspect and console.log of a message show its masked form only, at any depth.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/bytes/hex.js';
import { dialects } from '../../src/index.js';
import { PAN, PIN_BLOCK, SALE_HEX, TRACK2 } from '../message/support.js';

describe('util.inspect of a decoded message', () => {
  it('shows the masked canonical form, never the PAN, track or PIN block', () => {
    const m = dialects.cup.decode(fromHex(SALE_HEX));
    const texts = [inspect(m), inspect(m, { depth: null, showHidden: true }), inspect({ log: { entry: [m] } }, { depth: Infinity, showHidden: true })];
    for (const text of texts) {
      for (const secret of [PAN, PAN.slice(6, 15), TRACK2.slice(20), PIN_BLOCK]) expect(text).not.toContain(secret);
    }
    expect(texts[0]).toContain("Message {\n  mti: '0200',");
    expect(texts[0]).toContain("'2': '621081*********4940'");
    expect(inspect([m], { depth: 0 })).toBe('[ [Message] ]');
  });
});
