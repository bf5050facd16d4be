// Checks of the arguments an exported function receives: each throws BAD_ARGUMENT naming the argument and shapes.
import { Iso8583Error } from './errors.js';

/** The shape of a value for error text: its type, never the value itself. */
export function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? (Number.isInteger(value) ? 'integer' : 'number') : 'infinite number';
  if (typeof value === 'object') {
    if (value instanceof DataView) return 'DataView';
    if (ArrayBuffer.isView(value)) return 'another typed array';
    if (value instanceof ArrayBuffer) return 'ArrayBuffer';
    return isPlainObject(value) ? 'object' : 'class instance';
  }
  return typeof value;
}

/** True when `value` is text of `min` to `max` characters, each printable ASCII (space to tilde). */
export function isPrintableAscii(value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): value is string {
  if (typeof value !== 'string' || value.length < min || value.length > max) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** The error for argument `name` that is not `expected`; `found` is the shape of what came. */
export function badArgument(name: string, expected: string, found: string): Iso8583Error {
  return new Iso8583Error('BAD_ARGUMENT', `${name} must be ${expected}`, { path: name, expected, found });
}

/** `value` when it is a `Uint8Array` (a Node `Buffer` is one), else BAD_ARGUMENT. */
export function expectBytes(value: unknown, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw badArgument(name, 'a Uint8Array', shapeOf(value));
}

/** `value` when it is a string, else BAD_ARGUMENT. */
export function expectString(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  throw badArgument(name, 'a string', shapeOf(value));
}

/** `value` when it is `min` to `max` decimal digits (exactly `min` when `max` is left out), else BAD_ARGUMENT. */
export function expectDigits(value: unknown, name: string, min: number, max = min): string {
  if (typeof value === 'string' && value.length >= min && value.length <= max && /^[0-9]*$/.test(value)) return value;
  throw badArgument(name, min === max ? `${min} digits` : `${min} to ${max} digits`, typeof value === 'string' ? 'other text' : shapeOf(value));
}

/** `value` when it is a boolean, else BAD_ARGUMENT. */
export function expectBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  throw badArgument(name, 'true or false', shapeOf(value));
}

/** `value` when it is an integer from `min` to `max` (inclusive), else BAD_ARGUMENT stating the range. */
export function expectInteger(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const found = typeof value === 'number' && Number.isInteger(value) ? (value < min ? `below ${min}` : `above ${max}`) : shapeOf(value);
  throw badArgument(name, `an integer from ${min} to ${max}`, found);
}

/** `value` when it is a plain object (`{}` or `Object.create(null)`), else BAD_ARGUMENT. */
export function expectPlainObject(value: unknown, name: string): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  throw badArgument(name, 'a plain object', shapeOf(value));
}

/** An option bag: `{}` for `undefined` (the defaults), the object itself when it is a plain object, else BAD_ARGUMENT. */
export function expectOptions<T extends object>(value: T | undefined, name = 'options'): T | Record<string, never> {
  return value === undefined ? {} : (expectPlainObject(value, name) as T);
}

/** `value` when it is an object (a record or class instance; no array, typed array or buffer), else BAD_ARGUMENT. */
export function expectObject<T extends object>(value: T, name: string): T {
  if (isOptionBag(value)) return value;
  throw badArgument(name, 'an object', shapeOf(value));
}

/** True for an object that can be an option bag: not null, an array, a typed array or an ArrayBuffer. */
export function isOptionBag(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

/** `value` when it is a function, else BAD_ARGUMENT. */
export function expectFunction<F extends (...args: never[]) => unknown>(value: F | unknown, name: string): F {
  if (typeof value === 'function') return value as F;
  throw badArgument(name, 'a function', shapeOf(value));
}

/** `value` when it is one of `allowed`, else BAD_ARGUMENT listing them. */
export function expectOneOf<T extends string | number>(value: unknown, name: string, allowed: readonly T[]): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  const found = typeof value === 'string' || typeof value === 'number' ? `another ${typeof value}` : shapeOf(value);
  throw badArgument(name, `one of ${allowed.join(', ')}`, found);
}

/** True for `{}`-like objects: no class, no array, no typed array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
