// Checks of the messages and TLV lists the transaction layer's exports receive: BAD_ARGUMENT naming the argument.
import { badArgument, isPlainObject, shapeOf } from '../arguments.js';
import type { CanonicalTlv } from '../message/engine.js';
// The message and option checks live with the layers they belong to; the transaction layer's exports reach them here too.
export { expectMessage } from '../message/message.js';
export { expectOptions } from '../arguments.js';

/** `value` when it is an array of TLV entries (objects with a string tag), else BAD_ARGUMENT naming the first bad one. */
export function expectTlvList(value: unknown, name: string): readonly CanonicalTlv[] {
  if (!Array.isArray(value)) throw badArgument(name, 'an array of TLV entries', shapeOf(value));
  value.forEach((entry: unknown, i) => {
    if (!isPlainObject(entry) || typeof entry['tag'] !== 'string') throw badArgument(`${name}[${i}]`, 'a TLV entry with a tag', shapeOf(entry));
  });
  return value as readonly CanonicalTlv[];
}
