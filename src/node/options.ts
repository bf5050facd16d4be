// The connection layer's defaults and the checks every timing or limit option goes through.
import { Iso8583Error } from '../errors.js';
import { DEFAULT_MAX_FRAME_SIZE, FrameDeframer } from '../frame/deframer.js';
import type { LengthHeaderSpec } from '../frame/length-header.js';

export { DEFAULT_MAX_FRAME_SIZE };

/** Default server idle timeout: a connection with nothing in flight and no complete frame for 2 minutes is closed. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
/** Default read timeout for one frame: its last byte must arrive within 10 s of its first. */
export const DEFAULT_FRAME_TIMEOUT_MS = 10_000;
/** Default cap on a server's open connections; more are refused as they arrive. */
export const DEFAULT_MAX_CONNECTIONS = 1_000;
/** Default number of requests one connection may have in flight before its socket is no longer read. */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Default number of frames a client connection holds unread before its socket is no longer read. */
export const DEFAULT_MAX_QUEUED_FRAMES = 64;
/** Default time a graceful close waits for requests in flight before it closes what is left. */
export const DEFAULT_CLOSE_DEADLINE_MS = 5_000;

/** setTimeout's own ceiling: a longer wait would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration option in milliseconds: a whole number from 0 to 2^31 - 1. Where `zeroTurnsOff` is set, 0 means
 * "no timeout" (as in Node's own `socket.setTimeout(0)`); otherwise the smallest value is 1.
 */
export function checkDuration(value: unknown, path: string, fallback: number, zeroTurnsOff = false): number {
  if (value === undefined) return fallback;
  const min = zeroTurnsOff ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    throw new Iso8583Error('BAD_OPTION', `${path} must be a whole number of milliseconds${zeroTurnsOff ? ' (0 turns it off)' : ''}`, {
      path,
      expected: `integer ${min}..${MAX_TIMER_MS}`,
      found: describeOption(value),
    });
  }
  return value;
}

/** A count or size limit: a whole number of at least `min`, or `Infinity` to turn the limit off. */
export function checkLimit(value: unknown, path: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (value === Infinity) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Iso8583Error('BAD_OPTION', `${path} must be a whole number (Infinity turns it off)`, {
      path,
      expected: `integer >= ${min} or Infinity`,
      found: describeOption(value),
    });
  }
  return value;
}

/** A callback option: absent, or a function. */
export function checkFunction<F>(value: F | undefined, path: string, required = false): F | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'function') {
    throw new Iso8583Error('BAD_OPTION', `${path} must be a function`, { path, expected: 'function', found: describeOption(value) });
  }
  return value;
}

/** The option bag itself: a plain object. */
export function checkOptionsObject(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') {
    throw new Iso8583Error('BAD_OPTION', `${path} must be an object`, { path, expected: 'object', found: describeOption(value) });
  }
}

/** The kind of a wrong option value, never the value itself (an option may hold a key). */
function describeOption(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return 'non-finite number';
    return Number.isInteger(value) ? (value < 0 ? 'negative number' : 'number out of range') : 'fraction';
  }
  return typeof value;
}

/** Throws `BAD_OPTION`, or the deframer's own `BAD_FRAME_PROFILE` / `BAD_FRAME_OPTIONS`, before any socket exists. */
export function checkFramedOptions(options: { readonly profile: { readonly lengthHeader: LengthHeaderSpec }; readonly maxFrameSize?: number }): void {
  checkOptionsObject(options, 'options');
  new FrameDeframer(options.profile, { maxFrameSize: deframerLimit(options.maxFrameSize) });
}

/** The deframer's form of `maxFrameSize`: `Infinity` (no limit) as the largest length any header can state. */
export function deframerLimit(maxFrameSize: number | undefined): number {
  return maxFrameSize === Infinity ? Number.MAX_SAFE_INTEGER : (maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE);
}
