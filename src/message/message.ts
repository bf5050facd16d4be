import { Iso8583Error } from '../errors.js';
import { inspectMasked, inspectSymbol } from '../redaction.js';
import { fromHex } from '../bytes/hex.js';
import { isSubfieldObject } from '../codec/composite.js';
import type { CompositeValue, FieldValue, TlvNode } from '../codec/values.js';
import { checkMti, describeMti } from './mti.js';
import { MAX_VALUE_DEPTH, plainCanon, tooDeep } from './canonical.js';
import {
  type CanonicalValue,
  type DescribeOptions,
  type MessageDescription,
  type MessageEngine,
  type MessageObject,
} from './engine.js';

/** @internal Field number (2–192, no leading zero) a path part or canonical key names, or -1. */
export function fieldNumber(part: string): number {
  const n = part.length;
  if (n === 0 || n > 3 || part.charCodeAt(0) === 48) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = part.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v >= 2 && v <= 192 ? v : -1;
}

function badPath(path: string): Iso8583Error {
  return new Iso8583Error('BAD_PATH', 'field path must start with a field number from 2 to 192', { path });
}

/**
 * An ISO 8583 message: an MTI and fields addressed by path (`'2'`, `'60.1'`, `'55.9F26'`).
 * Decoded messages build each value on first use; printing (`toJSON`, `toString`, `describe`) masks card data.
 */
export class Message {
  /** Message type indicator, four digits. */
  mti: string;
  /** @internal Field numbers, ascending. */
  ids: number[];
  /** @internal Values parallel to `ids`; `undefined` = not yet built from `raw`. */
  vals: (FieldValue | undefined)[];
  /** @internal The decoded body (a private copy), or null for built messages. */
  raw: Uint8Array | null;
  /** @internal Per decoded field: start, content start, content end, units. */
  spans: number[] | null;
  /** @internal For each entry, its index into `spans`, or -1 once changed; null = identity. */
  src: number[] | null;
  /** @internal Pad nibbles found on decode that differ from the dialect's, by field number. */
  hints: Map<number, number> | null;
  /** @internal */
  engine: MessageEngine | null;

  /** A new message; `fields` may use canonical values (hex for bytes) or bytes. Bind it to a dialect with `dialect.message()`. */
  constructor(mti: string, fields: Record<string, FieldValue | CanonicalValue> = {}) {
    checkMti(mti);
    this.mti = mti;
    this.ids = [];
    this.vals = [];
    this.raw = null;
    this.spans = null;
    this.src = null;
    this.hints = null;
    this.engine = null;
    for (const key of Object.keys(fields)) {
      const v = fields[key];
      if (v !== undefined) this.set(key, v as FieldValue);
    }
  }

  /** @internal A decoded message over `raw`; values are built on demand. */
  static decoded(
    engine: MessageEngine,
    mti: string,
    ids: number[],
    vals: (FieldValue | undefined)[],
    raw: Uint8Array,
    spans: number[],
    hints: Map<number, number> | null,
  ): Message {
    const m = Object.create(Message.prototype) as Message;
    m.mti = mti;
    m.ids = ids;
    m.vals = vals;
    m.raw = raw;
    m.spans = spans;
    m.src = null;
    m.hints = hints;
    m.engine = engine;
    return m;
  }

  /** @internal Index of field `id` in `ids`, or -1. */
  indexOf(id: number): number {
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) {
      const v = ids[i]!;
      if (v === id) return i;
      if (v > id) return -1;
    }
    return -1;
  }

  /** @internal Index into `spans` of entry `k`, or -1 when the value no longer comes from the decoded bytes. */
  spanOf(k: number): number {
    return this.spans === null ? -1 : this.src === null ? k : this.src[k]!;
  }

  /** @internal Value of entry `k`, building it from the bytes if needed. */
  valueAt(k: number): FieldValue {
    const v = this.vals[k];
    if (v !== undefined) return v;
    const built = this.engine!.materialize(this, k);
    this.vals[k] = built;
    return built;
  }

  /** Field numbers present, ascending. */
  fieldNumbers(): number[] {
    return this.ids.slice();
  }

  /** The value at `path`: text, bytes, subfields (object), or a TLV list; `undefined` when absent. */
  get(path: string): FieldValue | undefined {
    const dot = path.indexOf('.');
    const id = fieldNumber(dot < 0 ? path : path.slice(0, dot));
    if (id < 0) throw badPath(path);
    const k = this.indexOf(id);
    if (k < 0) return undefined;
    let v: FieldValue | undefined = this.valueAt(k);
    if (dot < 0) return v;
    if ((typeof v === 'string' || v instanceof Uint8Array) && this.engine) v = this.engine.structure(this, id, v);
    const parts = path.slice(dot + 1).split('.');
    for (const part of parts) {
      if (v === undefined) return undefined;
      v = child(v, part);
    }
    return v;
  }

  /** True when `path` has a value. */
  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /** Sets the value at `path` (creating subfield objects or TLV entries as needed); returns the message. */
  set(path: string, value: FieldValue | CanonicalValue): this {
    const parts = path.split('.');
    const id = fieldNumber(parts[0]!);
    if (id < 0) throw badPath(path);
    if (value === undefined || value === null) throw new Iso8583Error('BAD_TYPE', 'value must not be empty; use delete()', { path });
    let k = this.indexOf(id);
    if (parts.length === 1) {
      let v = value as FieldValue;
      if (typeof v === 'string' && this.engine?.isBinary(id)) v = fromHex(v, path);
      if (k < 0) k = this.insert(id);
      this.vals[k] = v;
      this.changed(k, id);
      return this;
    }
    let top: FieldValue | undefined = k < 0 ? undefined : this.valueAt(k);
    if (top !== undefined && (typeof top === 'string' || top instanceof Uint8Array)) {
      top = this.engine?.structure(this, id, top);
      if (top === undefined) throw new Iso8583Error('BAD_PATH', 'field has no subfields', { path: parts[0] });
    }
    if (top === undefined) top = /^[0-9]+$/.test(parts[1]!) ? {} : [];
    let container: FieldValue = top;
    for (let i = 1; i < parts.length - 1; i++) {
      let next = child(container, parts[i]!);
      if (next === undefined || typeof next === 'string' || next instanceof Uint8Array) {
        next = /^[0-9]+$/.test(parts[i + 1]!) && !Array.isArray(container) ? {} : [];
        putChild(container, parts[i]!, next, path);
      }
      container = next;
    }
    putChild(container, parts[parts.length - 1]!, value as FieldValue, path);
    if (k < 0) k = this.insert(id);
    this.vals[k] = top;
    this.changed(k, id);
    return this;
  }

  /** Removes the value at `path`; returns whether there was one. */
  delete(path: string): boolean {
    const parts = path.split('.');
    const id = fieldNumber(parts[0]!);
    if (id < 0) throw badPath(path);
    const k = this.indexOf(id);
    if (k < 0) return false;
    if (parts.length === 1) {
      this.ownSrc();
      this.ids.splice(k, 1);
      this.vals.splice(k, 1);
      this.src!.splice(k, 1);
      this.hints?.delete(id);
      return true;
    }
    let top: FieldValue | undefined = this.valueAt(k);
    if (typeof top === 'string' || top instanceof Uint8Array) top = this.engine?.structure(this, id, top);
    if (top === undefined) return false;
    let container: FieldValue | undefined = top;
    for (let i = 1; i < parts.length - 1 && container !== undefined; i++) container = child(container, parts[i]!);
    if (container === undefined || !removeChild(container, parts[parts.length - 1]!)) return false;
    this.vals[k] = top;
    this.changed(k, id);
    return true;
  }

  /** A deep copy (bound to the same dialect). */
  clone(): Message {
    const m = Object.create(Message.prototype) as Message;
    m.mti = this.mti;
    m.ids = this.ids.slice();
    m.vals = this.vals.map((v, k) => deepCopy(v, String(this.ids[k])));
    m.raw = this.raw;
    m.spans = this.spans;
    m.src = this.src && this.src.slice();
    m.hints = this.hints && new Map(this.hints);
    m.engine = this.engine;
    return m;
  }

  /** The lossless plain-object form: bytes as upper-case hex, subfields as objects, TLV as ordered lists. */
  toObject(): MessageObject {
    return this.canonicalObject(false);
  }

  /** The plain-object form with card data masked: safe to log. */
  toJSON(): MessageObject {
    return this.canonicalObject(true);
  }

  /** A readable, masked listing of the message. */
  toString(): string {
    const lines = [`MTI ${this.mti} (${safeDescribeMti(this.mti)})`];
    const obj = this.toJSON();
    for (const id of this.ids) {
      const name = this.engine?.fieldName(id);
      printValue(lines, `${id}`, name, obj.fields[String(id)]!, 1);
    }
    return lines.join('\n');
  }

  /** What Node's `util.inspect` and `console.log` show: the masked form, at any depth. */
  [inspectSymbol](depth?: unknown, options?: unknown, inspect?: unknown): string {
    return inspectMasked('Message', this.toJSON(), depth, options, inspect);
  }

  /** An annotated byte map: each field's byte range, raw hex, value and name, masked unless asked otherwise. */
  describe(options?: DescribeOptions): MessageDescription {
    if (!this.engine) {
      throw new Iso8583Error('NO_DIALECT', 'message has no dialect; build it with dialect.message() or decode it');
    }
    return this.engine.describe(this, options);
  }

  private canonicalObject(masked: boolean): MessageObject {
    const fields: Record<string, CanonicalValue> = {};
    for (let k = 0; k < this.ids.length; k++) {
      const id = this.ids[k]!;
      const v = this.valueAt(k);
      fields[String(id)] = this.engine ? this.engine.canonical(this, id, v, masked) : plainCanon(id, v, masked);
    }
    return { mti: this.mti, fields };
  }

  private ownSrc(): void {
    if (this.src === null) this.src = this.ids.map((_, i) => (this.spans ? i : -1));
  }

  private insert(id: number): number {
    this.ownSrc();
    let k = 0;
    while (k < this.ids.length && this.ids[k]! < id) k++;
    this.ids.splice(k, 0, id);
    this.vals.splice(k, 0, undefined);
    this.src!.splice(k, 0, -1);
    return k;
  }

  private changed(k: number, id: number): void {
    this.ownSrc();
    this.src![k] = -1;
    this.hints?.delete(id);
  }
}

function safeDescribeMti(mti: string): string {
  try {
    return describeMti(mti);
  } catch {
    return 'invalid MTI';
  }
}

/** Child `key` of a composite value: a subfield, or the first TLV entry with that tag. */
function child(v: FieldValue, key: string): FieldValue | undefined {
  if (Array.isArray(v)) {
    const node = findTag(v, key);
    return node === undefined ? undefined : (node.children ?? node.value);
  }
  if (isSubfieldObject(v)) return v[key];
  return undefined;
}

function findTag(nodes: TlvNode[], key: string): TlvNode | undefined {
  const tag = key.toUpperCase();
  for (const n of nodes) if (n.tag.toUpperCase() === tag) return n;
  return undefined;
}

function putChild(container: FieldValue, key: string, value: FieldValue, path: string): void {
  if (Array.isArray(container)) {
    const node = findTag(container, key);
    const isList = Array.isArray(value);
    if (node) {
      if (isList) {
        node.children = value;
        delete node.value;
      } else {
        node.value = value as string | Uint8Array;
        delete node.children;
      }
      delete node.lengthBytes;
    } else {
      container.push(isList ? { tag: key.toUpperCase(), children: value } : { tag: key.toUpperCase(), value: value as string | Uint8Array });
    }
    return;
  }
  if (isSubfieldObject(container)) {
    (container as CompositeValue)[key] = value;
    return;
  }
  throw new Iso8583Error('BAD_PATH', 'field has no subfields', { path });
}

function removeChild(container: FieldValue, key: string): boolean {
  if (Array.isArray(container)) {
    const tag = key.toUpperCase();
    const i = container.findIndex((n) => n.tag.toUpperCase() === tag);
    if (i < 0) return false;
    container.splice(i, 1);
    return true;
  }
  if (isSubfieldObject(container) && container[key] !== undefined) {
    delete container[key];
    return true;
  }
  return false;
}

function deepCopy<T extends FieldValue | undefined>(v: T, path: string, depth = 0): T {
  if (v === undefined || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return v.slice() as T;
  if (depth >= MAX_VALUE_DEPTH) throw tooDeep(path);
  if (Array.isArray(v)) {
    return v.map((n) => {
      const c: TlvNode = { tag: n.tag };
      if (n.value !== undefined) c.value = typeof n.value === 'string' ? n.value : n.value.slice();
      if (n.children) c.children = deepCopy(n.children, `${path}.${n.tag}`, depth + 1);
      if (n.lengthBytes !== undefined) c.lengthBytes = n.lengthBytes;
      return c;
    }) as T;
  }
  const out: CompositeValue = {};
  for (const key of Object.keys(v)) out[key] = deepCopy((v as CompositeValue)[key]!, `${path}.${key}`, depth + 1);
  return out as T;
}

function printValue(lines: string[], label: string, name: string | undefined, v: CanonicalValue, depth: number): void {
  const indent = '  '.repeat(depth);
  const head = `${indent}${label.padEnd(Math.max(4, label.length))}${name ? ` ${name}` : ''}`;
  if (typeof v === 'string') {
    lines.push(`${head}: ${v}`);
  } else if (Array.isArray(v)) {
    lines.push(`${head}:`);
    for (const n of v) {
      if (n.children) printValue(lines, n.tag, undefined, n.children, depth + 1);
      else lines.push(`${indent}  ${n.tag}: ${n.value ?? ''}`);
    }
  } else {
    lines.push(`${head}:`);
    for (const key of Object.keys(v)) printValue(lines, `${label}.${key}`, undefined, v[key]!, depth + 1);
  }
}
