// The connection layer's defaults and the checks every timing or limit option goes through.
import { badArgument, expectObject, isOptionBag, shapeOf } from '../arguments.js';
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
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration option in milliseconds: a whole number up to 2^31 - 1. Where `zeroTurnsOff` is set, 0 means
 * "no timeout" (as in Node's own `socket.setTimeout(0)`); otherwise the smallest value is 1.
 */
export function checkDuration(value: unknown, path: string, fallback: number, zeroTurnsOff = false): number {
  if (value === undefined) return fallback;
  const min = zeroTurnsOff ? 0 : 1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_TIMER_MS) return value;
  throw badArgument(path, `a whole number of milliseconds from ${min} to ${MAX_TIMER_MS}${zeroTurnsOff ? ' (0 turns it off)' : ''}`, shapeOf(value));
}

/** A count or size limit: a whole number of at least `min`, or `Infinity` to turn the limit off. */
export function checkLimit(value: unknown, path: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (typeof value === 'number' && Number.isInteger(value) && value >= min)) return value;
  throw badArgument(path, `a whole number from ${min}, or Infinity to turn it off`, shapeOf(value));
}

/** A callback option: absent (unless `required`), or a function. */
export function checkFunction<F>(value: F | undefined, path: string, required = false): F | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value === 'function') return value;
  throw badArgument(path, 'a function', shapeOf(value));
}

/** The option bag itself: an object. */
export function checkOptionsObject(value: unknown, path: string): void {
  expectObject(value as object, path);
}

/** Throws `BAD_ARGUMENT`, or the deframer's own `BAD_FRAME_PROFILE` / `BAD_FRAME_OPTIONS`, before any socket exists. */
export function checkFramedOptions(options: { readonly profile: { readonly lengthHeader: LengthHeaderSpec }; readonly maxFrameSize?: number }): void {
  checkOptionsObject(options, 'options');
  new FrameDeframer(options.profile, { maxFrameSize: deframerLimit(options.maxFrameSize) });
}

/** The deframer's form of `maxFrameSize`: `Infinity` (no limit) as the largest length any header can state. */
export function deframerLimit(maxFrameSize: number | undefined): number {
  return maxFrameSize === Infinity ? Number.MAX_SAFE_INTEGER : (maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE);
}

/** Throws BAD_ARGUMENT unless `value` is a socket (or a duplex stream with a socket's methods). */
export function checkSocket(value: unknown, path = 'socket'): void {
  const s = value as { write?: unknown; on?: unknown; destroy?: unknown } | null;
  if (!isOptionBag(value) || typeof s!.write !== 'function' || typeof s!.on !== 'function' || typeof s!.destroy !== 'function') {
    throw badArgument(path, 'a connected socket', shapeOf(value));
  }
}

/** Throws BAD_ARGUMENT unless `error` is an Iso8583Error: what a connection fails with. */
export function checkFailure(error: unknown): void {
  if (!(error instanceof Iso8583Error)) throw badArgument('error', 'an Iso8583Error', shapeOf(error));
}
