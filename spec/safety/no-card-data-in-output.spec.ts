import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../src/bytes/hex.js';
import { Iso8583Error, dialects } from '../../src/index.js';
import type { Dialect } from '../../src/message/dialect.js';
import { PAN, PIN_BLOCK, SALE_FIELDS, SALE_HEX, TRACK2 } from '../message/support.js';

// A sign-in response carrying working keys in 62 (60.3 = 001 selects the single-length key layout).
const PIN_KEY = '0123456789ABCDEF';
const MAC_KEY = 'FEDCBA9876543210';
const SIGN_IN = { mti: '0810', fields: { '39': '00', '41': '12345678', '60': { '1': '00', '2': '000001', '3': '001' }, '62': { '1': PIN_KEY, '2': '11223344', '3': MAC_KEY, '4': '55667788' } } };

/** Card data that must never be printed: the PAN's hidden middle, the track's discretionary data, PIN block and keys. */
const SECRETS = [PAN, PAN.slice(6, 15), TRACK2, TRACK2.slice(20), PIN_BLOCK, PIN_KEY, MAC_KEY];

/** Every piece of text an error carries, nested problems included. */
function errorText(e: Iso8583Error): string {
  return [e.message, e.expected ?? '', e.found ?? '', e.path ?? '', JSON.stringify(e), ...e.problems.map(errorText)].join('\n');
}

function expectClean(text: string): void {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

/** Runs `f`; when it throws, the error must be an Iso8583Error whose text holds no card data. */
function expectCleanFailure(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    expectClean(errorText(e));
    return true;
  }
}

const cup: Dialect = dialects.cup;

describe('card data', () => {
  it('never appears in the printable forms of a message', () => {
    const m = cup.decode(fromHex(SALE_HEX));
    for (const text of [JSON.stringify(m.toJSON()), m.toString(), m.describe().toString(), JSON.stringify(m), JSON.stringify(m.describe().rows)]) expectClean(text);
    const keys = cup.decode(cup.encode(SIGN_IN));
    for (const text of [JSON.stringify(keys), keys.toString(), keys.describe().toString(), JSON.stringify(keys.describe().rows)]) expectClean(text);
  });

  it('never appears in the errors of bad values placed in any field', () => {
    const base = cup.decode(fromHex(SALE_HEX)).toObject();
    const bad = [PAN + PAN, PAN + 'X', TRACK2 + TRACK2, TRACK2 + '?', PIN_BLOCK + 'Z', PIN_BLOCK.repeat(40), `${PAN}\u4E2D`];
    let failures = 0;
    for (const id of Object.keys(cup.spec.fields)) {
      for (const v of bad) {
        if (expectCleanFailure(() => cup.encode({ mti: '0200', fields: { ...base.fields, [id]: v } }))) failures++;
        if (expectCleanFailure(() => cup.encode({ mti: '0200', fields: { ...SALE_FIELDS, '60': { '1': v } } }))) failures++;
      }
    }
    // Nearly every combination is refused; the count shows the loop tested failures, not successes.
    expect(failures).toBeGreaterThan(800);
  });

  it('never appears in the errors of tampered bodies that hold it', () => {
    const body = fromHex(SALE_HEX);
    const keysBody = cup.encode(SIGN_IN);
    let failures = 0;
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 3 }),
        (useKeys, edits) => {
          let b = Array.from(useKeys ? keysBody : body);
          for (const [at, byte, kind] of edits) {
            const i = at % b.length;
            if (kind === 'set') b[i] = byte;
            else if (kind === 'cut') b = b.slice(0, Math.max(1, i));
            else b.splice(i, 0, byte);
          }
          const bytes = Uint8Array.from(b);
          if (expectCleanFailure(() => {
            const m = cup.decode(bytes);
            // Keys in 62 stay masked even when a tampered MTI or 60.3 leaves 62 raw: the field itself is sensitive.
            expectClean(JSON.stringify(m) + m.toString() + m.describe().toString());
            cup.encode(m.toObject());
          })) failures++;
        },
      ),
      { seed: 8583, numRuns: 2000 },
    );
    expect(failures).toBeGreaterThan(500);
  });

  it('never appears in errors of every built-in dialect given the PAN in the wrong places', () => {
    for (const d of [dialects.iso87ascii, dialects.iso87binary, dialects.iso93ascii]) {
      for (const id of Object.keys(d.spec.fields)) {
        expectCleanFailure(() => d.encode({ mti: '0200', fields: { [id]: `${PAN}${PAN}${PAN}${PAN}${PAN}${PAN}`.repeat(10) } }));
        expectCleanFailure(() => d.encode({ mti: '0200', fields: { [id]: `${TRACK2}!` } }));
      }
      expectClean(JSON.stringify(d.decode(d.encode({ mti: '0200', fields: { '2': PAN, '35': TRACK2 } }))));
    }
  });
});
