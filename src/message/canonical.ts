import { toHex } from '../bytes/hex.js';
import type { CompositeCodec } from '../codec/composite.js';
import type { Sensitivity } from '../codec/spec.js';
import type { CompositeValue, DecodeContext, FieldValue, TlvNode } from '../codec/values.js';
import type { CanonicalTlv, CanonicalValue } from './engine.js';
import { maskText } from './mask.js';

/** Canonical form of a value: bytes as hex, masked where a field, subfield or tag is sensitive. */
export function canon(
  v: FieldValue,
  masked: boolean,
  sensitivity: Sensitivity | undefined,
  codec: CompositeCodec | undefined,
  ctx: DecodeContext,
): CanonicalValue {
  if (typeof v === 'string') return masked && sensitivity ? maskText(v, sensitivity) : v;
  if (v instanceof Uint8Array) {
    const hex = toHex(v);
    return masked && sensitivity ? maskText(hex, sensitivity === 'pan' || sensitivity === 'track' ? 'secret' : sensitivity) : hex;
  }
  if (Array.isArray(v)) return v.map((n) => canonTlv(n, masked, sensitivity, codec, ctx));
  const out: Record<string, CanonicalValue> = {};
  for (const key of Object.keys(v)) {
    const info = codec?.child(key, ctx);
    out[key] = canon((v as CompositeValue)[key]!, masked, sensitivity ?? info?.sensitivity, info?.composite, ctx);
  }
  return out;
}

function canonTlv(
  n: TlvNode,
  masked: boolean,
  sensitivity: Sensitivity | undefined,
  codec: CompositeCodec | undefined,
  ctx: DecodeContext,
): CanonicalTlv {
  const s = sensitivity ?? codec?.child(n.tag, ctx)?.sensitivity;
  const c: CanonicalTlv = { tag: n.tag };
  if (n.children) c.children = n.children.map((x) => canonTlv(x, masked, s, codec, ctx));
  else if (n.value !== undefined) c.value = canon(n.value, masked, s, undefined, ctx) as string;
  if (n.lengthBytes !== undefined) c.lengthBytes = n.lengthBytes;
  return c;
}

