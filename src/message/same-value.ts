// Whether two field values are the same: text, bytes, subfields and TLV lists compared all the way down.
import { bytesEqual } from '../bytes/hex.js';
import type { FieldValue, TlvNode } from '../codec/values.js';

/** True when `a` and `b` hold the same value (TLV order, tags and long-form lengths included). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string' || a === undefined || b === undefined) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && bytesEqual(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameNodes(a, b);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key) || !sameValue(a[key], b[key])) return false;
  return true;
}

function sameNodes(a: readonly TlvNode[], b: readonly TlvNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x !== 'object' || x === null || x.tag !== y.tag || x.lengthBytes !== y.lengthBytes) return false;
    if (x.children !== undefined || y.children !== undefined) {
      if (x.children === undefined || y.children === undefined || x.value !== undefined || !sameNodes(x.children, y.children)) return false;
    } else if (!sameValue(x.value, y.value)) {
      return false;
    }
  }
  return true;
}
