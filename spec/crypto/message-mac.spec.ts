import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex.js';
import { SecretKey } from '../../src/crypto/key.js';
import {
  cupWorkingKeysFromMessage,
  type MessageMacScheme,
  messageMacInput,
  signMessage,
  verifyDecodedMessageMac,
  verifyMessageMac,
} from '../../src/crypto/message-mac.js';
import { cupDialect, dialects } from '../../src/index.js';
import type { Dialect } from '../../src/message/dialect.js';
import { loadCupFixtures, splitFixture, type CupFixture } from '../fixtures/cup-fixtures.js';
import { caught } from '../support/errors.js';

interface CupKeyVectors {
  macs: Array<{ id: string; mac_ascii: string; mak?: string; tak_clear?: string }>;
  signins: Array<{ id: string; tmk: string; layout: string; pik: string; mak: string }>;
}
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/cup-keys.json', import.meta.url), 'utf8'),
) as CupKeyVectors;

const fixtures = loadCupFixtures();
function fixture(name: string): CupFixture & { dialect?: Record<string, string> } {
  const fx = fixtures.find((f) => f.file === `${name}.json`);
  if (!fx) throw new Error(`missing fixture ${name}`);
  return fx;
}
function macVector(id: string) {
  const v = vectors.macs.find((m) => m.id === id);
  if (!v) throw new Error(`missing vector ${id}`);
  return v;
}
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('the CUP ECB message MAC on captured messages', () => {
  const sale1 = fixture('cup-0200-sale-1');
  const dialect1 = cupDialect(sale1.dialect);
  const body1 = splitFixture(sale1).body;
  const mak1 = fromHex(macVector('cup-0200-sale-1').mak!);

  it('covers the bytes from the MTI to the end of field 63', () => {
    expect(toHex(messageMacInput(dialect1, body1))).toBe(toHex(body1.subarray(0, body1.length - 8)));
  });

  it('verifies the captured qPBOC sale with its published MAK', () => {
    expect(verifyMessageMac(dialect1, body1, mak1)).toBe(true);
    expect(verifyMessageMac(dialect1, body1, SecretKey.fromBytes('des', mak1))).toBe(true);
  });

  it('rejects the captured sale under a different MAK', () => {
    const wrong = mak1.slice();
    wrong[0] = wrong[0]! ^ 0x02;
    expect(verifyMessageMac(dialect1, body1, wrong)).toBe(false);
  });

  it('rejects the captured sale when one byte of its amount is changed', () => {
    const m = dialect1.decode(body1);
    m.set('4', '000000000002');
    expect(verifyMessageMac(dialect1, dialect1.encode(m), mak1)).toBe(false);
  });

  it('rejects the captured sale when its MAC field is changed', () => {
    const tampered = body1.slice();
    tampered[tampered.length - 1] = 0x30;
    expect(verifyMessageMac(dialect1, tampered, mak1)).toBe(false);
  });

  it('re-signing the captured sale reproduces its field 64 byte for byte', () => {
    const m = dialect1.decode(body1);
    m.set('64', '00000000');
    expect(toHex(signMessage(dialect1, m, mak1))).toBe(toHex(body1));
    expect(toHex(m.get('64') as Uint8Array)).toBe(macVector('cup-0200-sale-1').mac_ascii);
  });

  const sale3 = fixture('cup-0200-sale-3');
  const v3 = macVector('cup-0200-sale-3');
  const tak = fromHex(v3.tak_clear!);

  it('signs the published sale block with its TAK to the published MAC in the binary MAC format', () => {
    const dialect3 = cupDialect(sale3.dialect);
    const m = dialect3.decode(splitFixture(sale3).body);
    const signed = signMessage(dialect3, m, tak);
    expect(toHex(m.get('64') as Uint8Array)).toBe(toHex(ascii(v3.mac_ascii)));
    expect(toHex(signed.subarray(signed.length - 8))).toBe(toHex(ascii(v3.mac_ascii)));
    expect(verifyMessageMac(dialect3, signed, tak)).toBe(true);
  });

  it('puts the same wire bytes in field 64 in the default ASCII hex MAC format, whose value is 4 bytes', () => {
    const binary = cupDialect(sale3.dialect).decode(splitFixture(sale3).body);
    binary.delete('64');
    const m = dialects.cup.message(binary.mti, binary.toObject().fields);
    const signed = signMessage(dialects.cup, m, tak);
    expect(toHex(m.get('64') as Uint8Array)).toBe(v3.mac_ascii);
    expect(toHex(signed.subarray(signed.length - 8))).toBe(toHex(ascii(v3.mac_ascii)));
  });
});

/** `d` with its decode and encode calls counted. */
function counting(d: Dialect): { dialect: Dialect; decodes: () => number; encodes: () => number } {
  let decodes = 0;
  let encodes = 0;
  const dialect = Object.create(d) as Dialect;
  dialect.decode = (body) => {
    decodes++;
    return d.decode(body);
  };
  dialect.encode = (m) => {
    encodes++;
    return d.encode(m);
  };
  return { dialect, decodes: () => decodes, encodes: () => encodes };
}

describe('one decode and one encode per exchange', () => {
  const sale1 = fixture('cup-0200-sale-1');
  const body1 = splitFixture(sale1).body;
  const mak1 = fromHex(macVector('cup-0200-sale-1').mak!);

  it('verifies a decoded message without decoding it again', () => {
    const { dialect, decodes } = counting(cupDialect(sale1.dialect));
    const m = dialect.decode(body1);
    expect(verifyMessageMac(dialect, m, mak1)).toBe(true);
    expect(decodes()).toBe(1);
  });

  it('verifies the received body with the message decoded from it, neither decoding nor encoding again', () => {
    const { dialect, decodes, encodes } = counting(cupDialect(sale1.dialect));
    const m = dialect.decode(body1);
    expect(verifyDecodedMessageMac(dialect, body1, m, mak1)).toBe(true);
    expect(verifyDecodedMessageMac(dialect, body1, m, fromHex('0123456789ABCDEF'))).toBe(false);
    const changed = body1.slice();
    changed[30] = changed[30]! ^ 1;
    expect(verifyDecodedMessageMac(dialect, changed, dialect.decode(changed), mak1)).toBe(false);
    expect([decodes(), encodes()]).toStrictEqual([2, 0]);
  });

  it('refuses a body that is no byte array or a message that is no Message with BAD_ARGUMENT', () => {
    const d = cupDialect(sale1.dialect);
    const m = d.decode(body1);
    expect(caught(() => verifyDecodedMessageMac(d, toHex(body1) as never, m, mak1))).toMatchObject({ code: 'BAD_ARGUMENT', message: 'body must be a Uint8Array (field body)', found: 'string' });
    expect(caught(() => verifyDecodedMessageMac(d, body1, m.toObject() as never, mak1))).toMatchObject({ code: 'BAD_ARGUMENT', message: 'message must be a Message (field message)', found: 'object' });
  });

  it('rejects a decoded message changed after it was decoded, as it rejects the changed bytes', () => {
    const d = cupDialect(sale1.dialect);
    const m = d.decode(body1);
    m.set('4', '000000000002');
    expect(verifyMessageMac(d, m, mak1)).toBe(false);
    expect(verifyMessageMac(d, d.encode(m), mak1)).toBe(false);
  });

  it('signs with a single encoding, the MAC written into it where field 64 lies', () => {
    const { dialect, decodes, encodes } = counting(cupDialect(sale1.dialect));
    const m = cupDialect(sale1.dialect).decode(body1);
    m.set('64', '00000000');
    const signed = signMessage(dialect, m, mak1);
    expect([decodes(), encodes()]).toStrictEqual([0, 1]);
    expect(toHex(signed)).toBe(toHex(body1));
    expect(toHex(dialect.encode(m))).toBe(toHex(signed));
  });

  it('cuts the MAC input at the MAC field, so the input is the body before it', () => {
    const key = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const m = dialects.iso87ascii.message('0800', { '11': '000001', '70': '301' });
    const body = signMessage(dialects.iso87ascii, m, key, { scheme: 'retail' });
    // iso87ascii carries field 128 as 16 hex characters.
    expect(toHex(messageMacInput(dialects.iso87ascii, body))).toBe(toHex(body.subarray(0, body.length - 16)));
    expect(verifyMessageMac(dialects.iso87ascii, dialects.iso87ascii.decode(body), key, { scheme: 'retail' })).toBe(true);
  });
});

describe('working keys from a sign-in response', () => {
  const signin = fixture('cup-0810-signin-2');
  const v = vectors.signins.find((s) => s.id === 'cup-0810-signin-2')!;
  const tmk = fromHex(v.tmk);

  it('decrypts the PIK and MAK of the captured 0810 under its TMK with matching check values', () => {
    const m = dialects.cup.decode(splitFixture(signin).body);
    expect(m.get('60.3')).toBe(v.layout);
    const keys = cupWorkingKeysFromMessage(m, tmk);
    expect(toHex(keys.pik.exportBytes())).toBe(v.pik);
    expect(toHex(keys.mak.exportBytes())).toBe(v.mak);
    expect(keys.mak.algorithm).toBe('des');
    expect(keys.tdk).toBeUndefined();
  });

  it('reads field 62 the same way when the dialect carries it as text', () => {
    const m = cupDialect({ field62Attribute: 'ans' }).decode(splitFixture(signin).body);
    expect(toHex(cupWorkingKeysFromMessage(m, SecretKey.fromBytes('tdes', tmk)).mak.exportBytes())).toBe(v.mak);
  });

  it('throws KCV_MISMATCH when a check value does not match', () => {
    const body = splitFixture(signin).body.slice();
    body[body.length - 1] = body[body.length - 1]! ^ 1;
    const e = caught(() => cupWorkingKeysFromMessage(dialects.cup.decode(body), tmk));
    expect(e).toMatchObject({ code: 'KCV_MISMATCH', message: 'MAK check value does not match (field 62)' });
  });

  it('throws MISSING_FIELD without field 62 or a key layout', () => {
    const m = dialects.cup.decode(splitFixture(signin).body);
    const noLayout = m.clone();
    noLayout.delete('60');
    expect(caught(() => cupWorkingKeysFromMessage(noLayout, tmk))).toMatchObject({
      code: 'MISSING_FIELD',
      message: 'sign-in response has no key layout (field 60.3)',
    });
    expect(toHex(cupWorkingKeysFromMessage(noLayout, tmk, { layout: '003' }).pik.exportBytes())).toBe(v.pik);
    m.delete('62');
    expect(caught(() => cupWorkingKeysFromMessage(m, tmk))).toMatchObject({
      code: 'MISSING_FIELD',
      message: 'sign-in response has no working keys (field 62)',
    });
  });
});

describe('where the MAC field is', () => {
  const key = fromHex('0123456789ABCDEFFEDCBA9876543210');

  it('uses field 128 and drops 64 when the message has a secondary bitmap', () => {
    const m = dialects.iso87binary.message('0800', { '11': '000001', '64': '0000000000000000', '70': '301' });
    const body = signMessage(dialects.iso87binary, m, key, { scheme: 'retail' });
    expect(m.fieldNumbers()).toEqual([11, 70, 128]);
    expect(toHex(messageMacInput(dialects.iso87binary, body))).toBe(toHex(body.subarray(0, body.length - 8)));
    expect(verifyMessageMac(dialects.iso87binary, body, key, { scheme: 'retail' })).toBe(true);
  });

  it('moves the MAC back to 64 when the secondary fields are gone', () => {
    const m = dialects.iso87binary.message('0800', { '11': '000001', '128': '0000000000000000' });
    signMessage(dialects.iso87binary, m, key, { scheme: 'retail' });
    expect(m.fieldNumbers()).toEqual([11, 64]);
  });

  it('throws MISSING_MAC for a body without its MAC field', () => {
    const body = dialects.iso87binary.encode({ mti: '0800', fields: { '11': '000001', '70': '301' } });
    expect(caught(() => verifyMessageMac(dialects.iso87binary, body, key))).toMatchObject({
      code: 'MISSING_MAC',
      message: 'message carries no MAC field (field 128)',
    });
  });

  it('throws MAC_NOT_LAST when fields follow the MAC field', () => {
    const wide = dialects.iso87binary.derive({
      name: 'wide',
      maxBitmaps: 3,
      fields: { '65': null, '130': { name: 'Extra', attr: 'n', length: 2, encoding: 'bcd' } },
    });
    const body = wide.encode({ mti: '0800', fields: { '11': '000001', '128': '0000000000000000', '130': '12' } });
    expect(caught(() => messageMacInput(wide, body))).toMatchObject({
      code: 'MAC_NOT_LAST',
      message: 'MAC field must be the last field of the message (field 128)',
    });
  });

  it('throws BAD_MAC_FIELD when the dialect makes the MAC field variable text', () => {
    const odd = dialects.iso87ascii.derive({
      name: 'odd',
      fields: { '64': { name: 'MAC', attr: 'ans', length: 16, lengthDigits: 2, encoding: 'ascii' } },
    });
    const e = caught(() => signMessage(odd, odd.message('0800', { '11': '000001' }), key));
    expect(e).toMatchObject({
      code: 'BAD_MAC_FIELD',
      message: 'MAC field must be fixed-length binary or hex bytes (field 64)',
      expected: 'fixed b, binary or hex',
      found: 'variable ans, ascii',
    });
  });

  it('throws UNKNOWN_MAC_SCHEME for a scheme it does not know', () => {
    const m = dialects.iso87binary.message('0800', { '11': '000001' });
    const e = caught(() => signMessage(dialects.iso87binary, m, key, { scheme: 'md5' as MessageMacScheme }));
    expect(e).toMatchObject({ code: 'UNKNOWN_MAC_SCHEME', message: 'MAC scheme must be cup-ecb, retail, x9.9 or cmac' });
  });

  it('names the scheme a key does not suit without showing the key', () => {
    const m = dialects.iso87binary.message('0800', { '11': '000001' });
    const e = caught(() => signMessage(dialects.iso87binary, m, key, { scheme: 'x9.9' }));
    expect(e).toMatchObject({ code: 'BAD_KEY_LENGTH', message: 'des key must be 8 bytes, found 16 bytes' });
    expect(e.message).not.toContain('0123');
  });
});

describe('sign then verify', () => {
  const schemes: ReadonlyArray<readonly [MessageMacScheme, (bytes: Uint8Array) => Uint8Array | SecretKey]> = [
    ['cup-ecb', (b) => b.subarray(0, 8)],
    ['retail', (b) => b],
    ['x9.9', (b) => b.subarray(0, 8)],
    ['cmac', (b) => SecretKey.fromBytes('aes', b)],
  ];
  const targets: ReadonlyArray<readonly [string, Dialect]> = [
    ['iso87binary messages', dialects.iso87binary],
    ['CUP messages', dialects.cup],
    ['CUP messages with a binary field 64', cupDialect({ macFormat: 'binary' })],
  ];
  const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
  const fields = fc.record({
    '3': digits(6),
    '4': digits(12),
    '11': digits(6),
    '41': fc.stringMatching(/^[A-Z0-9]{8}$/),
    '42': fc.stringMatching(/^[A-Z0-9]{15}$/),
    '49': digits(3),
  });
  const key16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

  for (const [scheme, keyOf] of schemes) {
    for (const [name, dialect] of targets) {
      it(`round trips the ${scheme} MAC on ${name} and rejects a changed STAN`, () => {
        fc.assert(
          fc.property(fields, key16, (f, bytes) => {
            const key = keyOf(bytes);
            const body = signMessage(dialect, dialect.message('0200', f), key, { scheme });
            expect(verifyMessageMac(dialect, body, key, { scheme })).toBe(true);
            const m = dialect.decode(body);
            m.set('11', f['11'] === '000001' ? '000002' : '000001');
            expect(verifyMessageMac(dialect, dialect.encode(m), key, { scheme })).toBe(false);
          }),
          { seed: 8583, numRuns: 40 },
        );
      });
    }
  }
});
