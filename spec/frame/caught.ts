import { Iso8583Error } from '../../src/errors.js';

/** The `Iso8583Error` that `f` throws; fails the test when it throws nothing or something else. */
export function caught(f: () => unknown): Iso8583Error {
  try {
    f();
  } catch (e) {
    if (e instanceof Iso8583Error) return e;
    throw e;
  }
  throw new Error('expected an Iso8583Error');
}
