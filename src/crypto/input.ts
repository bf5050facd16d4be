// The crypto layer's one input funnel: byte arrays, options objects and providers are checked here the same way
// for every crypto function (a wrong type is BAD_ARGUMENT naming the argument, through the shared argument
// helpers), and caller arrays are copied here before the library keeps, changes or zeroes anything.
import { badArgument, expectOptions, expectString, shapeOf } from '../arguments.js';

/** True for a `Uint8Array` (Node's subclass included), also one made in another realm. */
export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array || (ArrayBuffer.isView(x) && x.constructor.name === 'Uint8Array');
}

/** `value` when it is a byte array, else BAD_ARGUMENT saying that `name` must be a Uint8Array. */
export function bytesArg(value: unknown, name: string): Uint8Array {
  if (isBytes(value)) return value;
  throw badArgument(name, 'a Uint8Array', shapeOf(value));
}

/** `value` when it is a string, else BAD_ARGUMENT. */
export function textArg(value: unknown, name: string): string {
  return expectString(value, name);
}

/** The options object of a crypto function: `{}` when left out, else it must be an object (BAD_ARGUMENT). */
export function optionsArg<T extends object>(value: T | undefined, name = 'options'): T {
  return expectOptions(value, name) as T;
}

/** `value`, or `fallback` when it is left out: `null` is not left out, so it reaches the option's own check. */
export function optionOr<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** `value` when it is an integer from `min` to `max`, else BAD_ARGUMENT naming `name`. */
export function integerArg(value: unknown, name: string, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const found = typeof value === 'number' && Number.isInteger(value) ? (value < min ? `below ${min}` : `above ${max}`) : shapeOf(value);
  throw badArgument(name, `an integer from ${min} to ${max}`, found);
}

/**
 * A plain `Uint8Array` copy of `bytes[start, end)` in memory of its own. `subarray`, and `slice` on Node's
 * subclass, give views that share the caller's memory (for small arrays, Node's shared pool), so every array
 * the library keeps, changes or zeroes is made here.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
  return out;
}

/** True when every byte of `bytes` is zero; visits every byte whatever it finds. */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!;
  return acc === 0;
}
