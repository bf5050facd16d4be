/** What the builder tests share: a terminal context, sample cards and fixture bodies without their MAC. */
import { expect } from 'vitest';
import type { Dialect } from '../../../src/message/dialect.js';
import type { BuildContext, CardInput } from '../../../src/txn/builders/index.js';
import { cup } from '../../dialects/cup-dialect.js';
import { loadCupFixtures, splitFixture, type CupFixture } from '../../fixtures/cup-fixtures.js';
import { caught } from '../../support/errors.js';

/** A context for terminal 80010001 of merchant 102310058120001 (the synthetic fixtures' terminal). */
export function context(overrides: Partial<BuildContext> = {}, dialect: Dialect = cup): BuildContext {
  return {
    dialect,
    terminalId: '80010001',
    merchantId: '102310058120001',
    stan: '000241',
    batch: '000012',
    operator: '01',
    now: new Date(Date.UTC(2025, 5, 11, 8, 30, 0)),
    ...overrides,
  };
}

/** A Luhn-valid UnionPay test PAN (the one of the synthetic fixtures). */
export const PAN = '6212260200000000014';

export const MANUAL: CardInput = { entry: 'manual', pan: PAN, expiry: '3012' };
export const SWIPED: CardInput = { entry: 'magstripe', track2: '6225880123456783D28122010000000000000' };
export const CHIP: CardInput = {
  entry: 'contact',
  pan: PAN,
  expiry: '3012',
  sequence: '001',
  track2: `${PAN}D3012220000000000`,
  icc: [
    { tag: '9F26', value: '1A2B3C4D5E6F7081' },
    { tag: '9F27', value: '80' },
  ],
};
export const QR: CardInput = { entry: 'qr', code: '6225880123456789012' };

/** A fixture by file name. */
export function fixture(file: string): CupFixture {
  const fx = loadCupFixtures().find((f) => f.file === file);
  if (!fx) throw new Error(`no fixture ${file}`);
  return fx;
}

/** A fixture's body as the builders produce it: field 64's 8 bytes cut off and bit 64 cleared. */
export function unsignedBody(fx: CupFixture): Uint8Array {
  const { body } = splitFixture(fx);
  const out = body.slice(0, body.length - 8);
  out[9] = out[9]! & 0xfe;
  return out;
}

/** The problems of an `INVALID_INPUT` error as [path, code, message] triples. */
export function problemsOf(fn: () => unknown): [string | undefined, string, string][] {
  const e = caught(fn);
  expect(e.code).toBe('INVALID_INPUT');
  return e.problems.map((x) => [x.path, x.code, x.message]);
}
