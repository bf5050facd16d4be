// Checks of the messages and TLV lists the transaction layer's exports receive: BAD_ARGUMENT naming the argument.
import { badArgument, expectPlainObject, isPlainObject, shapeOf } from '../arguments.js';
import type { CanonicalTlv } from '../message/engine.js';
import { Message } from '../message/message.js';

/** `value` when it is a {@link Message} (built or decoded), else BAD_ARGUMENT. */
export function expectMessage(value: unknown, name: string): Message {
  if (value instanceof Message) return value;
  throw badArgument(name, 'a Message', shapeOf(value));
}

/** `value` when it is an array of TLV entries (objects with a string tag), else BAD_ARGUMENT naming the first bad one. */
export function expectTlvList(value: unknown, name: string): readonly CanonicalTlv[] {
  if (!Array.isArray(value)) throw badArgument(name, 'an array of TLV entries', shapeOf(value));
  value.forEach((entry: unknown, i) => {
    if (!isPlainObject(entry) || typeof entry['tag'] !== 'string') throw badArgument(`${name}[${i}]`, 'a TLV entry with a tag', shapeOf(entry));
  });
  return value as readonly CanonicalTlv[];
}

/** `value` when it is undefined (the defaults) or a plain object of options, else BAD_ARGUMENT. */
export function expectOptions<T extends object>(value: T | undefined, name = 'options'): T | Record<string, never> {
  return value === undefined ? {} : (expectPlainObject(value, name) as T);
}
