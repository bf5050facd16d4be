// The shared masked-rendering helper: every rendering path of an object shows the one masked view.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, defineMaskedRendering, inspectMasked, inspectSymbol, redactedBytes } from '../../src/redaction.js';

const PAN = '6210810840003424940';
const KEY = Uint8Array.of(0x25, 0x8f, 0xb0, 0xab, 0x70, 0xd0, 0x25, 0xcd);

class Vault {
  readonly pan = PAN;
  readonly key = KEY;
  readonly nested = { again: { pan: PAN } };
}
defineMaskedRendering(Vault.prototype, { name: 'Vault', masked: (v) => ({ pan: '621081*********4940', key: redactedBytes(v.key) }) });

class Named {
  readonly secret = PAN;
}
defineMaskedRendering(Named.prototype, { name: 'Named', masked: () => ({ secret: REDACTED }), text: () => 'Named(redacted)' });

function renderings(value: unknown): string[] {
  return [
    inspect(value),
    inspect(value, { depth: 0 }),
    inspect(value, { depth: null, showHidden: true }),
    inspect({ a: { b: { c: { d: value } } } }, { depth: Infinity, showHidden: true }),
    inspect([value], { depth: 0 }),
    JSON.stringify(value),
    JSON.stringify({ wrapped: [value] }),
    String(value),
    `${value as string}`,
  ];
}

describe('defineMaskedRendering', () => {
  it('shows only the masked view through inspect at any depth, JSON, String and template literals', () => {
    const out = renderings(new Vault());
    for (const text of out) {
      expect(text).not.toContain(PAN);
      expect(text).not.toContain('258FB0AB');
      expect(text).not.toContain('37, 143');
    }
    expect(out[0]).toBe("Vault { pan: '621081*********4940', key: '[8 bytes redacted]' }");
    expect(out[5]).toBe('{"pan":"621081*********4940","key":"[8 bytes redacted]"}');
    expect(out[7]).toBe('Vault {"pan":"621081*********4940","key":"[8 bytes redacted]"}');
    expect(out[4]).toBe('[ [Vault] ]');
  });

  it('uses the given text for String() and template literals', () => {
    expect([String(new Named()), `${new Named() as unknown as string}`, JSON.stringify(new Named())]).toStrictEqual([
      'Named(redacted)',
      'Named(redacted)',
      '{"secret":"[redacted]"}',
    ]);
  });

  it('adds no enumerable property, so spreading an instance shows its own fields only', () => {
    expect(Object.keys(Vault.prototype)).toStrictEqual([]);
  });
});

describe('inspectMasked', () => {
  it('formats with JSON where no inspect function is passed (runtimes without Node)', () => {
    expect(inspectMasked('Thing', { a: '1' })).toBe('Thing {"a":"1"}');
    expect((new Vault() as unknown as Record<symbol, () => string>)[inspectSymbol]!()).toBe('Vault {"pan":"621081*********4940","key":"[8 bytes redacted]"}');
  });

  it('prints an object past the caller depth as its name', () => {
    expect(inspectMasked('Thing', { a: '1' }, -1, {}, inspect)).toBe('[Thing]');
  });
});

describe('redactedBytes', () => {
  it('says how many bytes were hidden', () => {
    expect([redactedBytes(new Uint8Array(1)), redactedBytes(new Uint8Array(16))]).toStrictEqual(['[1 byte redacted]', '[16 bytes redacted]']);
  });
});
