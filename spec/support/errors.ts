import { expect } from 'vitest';
import { Iso8583Error } from '../../src/errors.js';

/** The `Iso8583Error` that `run` throws; fails the test when it throws nothing or something else. */
export function caught(run: () => unknown): Iso8583Error {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(Iso8583Error);
    return e as Iso8583Error;
  }
  throw new Error('expected an Iso8583Error, nothing was thrown');
}

/** Code, message, path and offset of an error, for one exact comparison. */
export function shape(e: Iso8583Error): { code: string; message: string; path: string | undefined; offset: number | undefined } {
  return { code: e.code, message: e.message, path: e.path, offset: e.offset };
}
