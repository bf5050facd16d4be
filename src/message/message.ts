// The Message: an MTI and fields by path, built by hand or decoded (values then made from the bytes on first use).
import { badArgument, expectOptions, expectString, isPlainObject, shapeOf as shapeOfArgument } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { inspectMasked, inspectSymbol } from '../redaction.js';
import { fromHex } from '../bytes/hex.js';
import { isSubfieldObject } from '../codec/composite/parts.js';
import type { CompositeValue, FieldValue, TlvNode } from '../codec/values.js';
import type { DecodedBody } from './decoded-body.js';
import { checkMti, describeMti } from './mti.js';
import { MAX_VALUE_DEPTH, plainCanon, sizedFields, tooDeep } from './canonical.js';
import {
  type CanonicalValue,
  type DescribeOptions,
  type MessageDescription,
  type MessageObject,
} from './engine.js';

/** @internal What a `Message` needs from the dialect that made it (the compiled dialect implements it). */
export interface MessageEngine {
  readonly name: string;
  /** The value of entry `k` of a decoded message, built from its bytes. */
  valueOf(m: Message, k: number): FieldValue;
  /** The pad nibble entry `k` of a decoded message came with when it is not its field's own, else -1. */
  padOf(m: Message, k: number): number;
  /** A raw composite value (text or bytes) decoded into its structure, or `undefined` when it has none. */
  structure(m: Message, id: number, value: FieldValue): FieldValue | undefined;
  /** Whether field `id` holds bytes (so hex text given to `set` becomes bytes). */
  isBinary(id: number): boolean;
  /** The canonical (optionally masked) object form of `m`. */
  canonicalObject(m: Message, masked: boolean): MessageObject;
  /** Name of a field for printing. */
  fieldName(id: number): string | undefined;
  describe(m: Message, options?: DescribeOptions): MessageDescription;
  encode(m: Message): Uint8Array;
}

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

/** The shape of a value as error text names it (never the value itself). */
function shapeOf(v: FieldValue): string {
  if (typeof v === 'string') return 'text';
  if (v instanceof Uint8Array) return 'bytes';
  return Array.isArray(v) ? 'TLV list' : 'subfields';
}

/** Throws a typed accessor's error: `path` has no value, or a value of another shape than `expected`. */
function wrongShape(path: string, expected: string, v: FieldValue | undefined): never {
  if (v === undefined) throw new Iso8583Error('MISSING_FIELD', `the message has no value here (${expected} expected)`, { path, expected });
  const found = shapeOf(v);
  const named = (shape: string) => (shape === 'TLV list' ? 'a TLV list' : shape);
  throw new Iso8583Error('BAD_TYPE', `value is ${named(found)}, not ${named(expected)}`, { path, expected, found });
}

function noSubfields(path: string): Iso8583Error {
  return new Iso8583Error('BAD_PATH', 'field has no subfields', { path });
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
  /** @internal Values parallel to `ids` (a decode's may be shorter); `undefined` = not yet built from the decoded body. */
  vals: (FieldValue | undefined)[];
  /** @internal The decode this message came from, or null for built messages. */
  body: DecodedBody | null;
  /** @internal For each entry, the decoded field it still is, or -1 once changed; null = identity. */
  src: number[] | null;
  /** @internal */
  engine: MessageEngine | null;

  /** A new message; `fields` may use canonical values (hex for bytes) or bytes. Bind it to a dialect with `dialect.message()`. */
  constructor(mti: string, fields?: Record<string, FieldValue | CanonicalValue>) {
    checkMti(mti);
    fields = expectOptions(fields, 'fields');
    this.mti = mti;
    this.ids = [];
    this.vals = [];
    this.body = null;
    this.src = null;
    this.engine = null;
    for (const key of Object.keys(fields)) {
      const v = fields[key];
      if (v !== undefined) this.set(key, v as FieldValue);
    }
  }

  /** @internal A decoded message of fields `ids` over `body`; values are built on demand. */
  static decoded(engine: MessageEngine, mti: string, ids: number[], body: DecodedBody): Message {
    const m = Object.create(Message.prototype) as Message;
    m.mti = mti;
    m.ids = ids;
    // Entries past its end are undefined as holes are: values not yet built.
    m.vals = [];
    m.body = body;
    m.src = null;
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

  /** @internal The decoded field entry `k` still is, or -1 when its value no longer comes from the decoded bytes. */
  decodedIndex(k: number): number {
    return this.body === null ? -1 : this.src === null ? k : this.src[k]!;
  }

  /** @internal Value of entry `k`, building it from the bytes (and keeping it) if needed. */
  valueAt(k: number): FieldValue {
    const v = this.vals[k];
    if (v !== undefined) return v;
    const built = this.engine!.valueOf(this, k);
    this.vals[k] = built;
    return built;
  }

  /** @internal Value of entry `k` without keeping a value built for the call (for lookups that must not change the message). */
  peekAt(k: number): FieldValue {
    return this.vals[k] ?? this.engine!.valueOf(this, k);
  }

  /** Field numbers present, ascending. */
  fieldNumbers(): number[] {
    return this.ids.slice();
  }

  /** The value at `path`: text, bytes, subfields (object), or a TLV list; `undefined` when absent. */
  get(path: string): FieldValue | undefined {
    return this.valueAtPath(path, true);
  }

  /** @internal The value at `path`; values built from the bytes are kept only when `keep`. */
  valueAtPath(path: string, keep: boolean): FieldValue | undefined {
    expectString(path, 'path');
    const dot = path.indexOf('.');
    const id = fieldNumber(dot < 0 ? path : path.slice(0, dot));
    if (id < 0) throw badPath(path);
    const k = this.indexOf(id);
    if (k < 0) return undefined;
    let v: FieldValue | undefined = keep ? this.valueAt(k) : this.peekAt(k);
    if (dot < 0) return v;
    if ((typeof v === 'string' || v instanceof Uint8Array) && this.engine) v = this.engine.structure(this, id, v);
    const parts = path.slice(dot + 1).split('.');
    for (const part of parts) {
      if (v === undefined) return undefined;
      v = childValue(v, part);
    }
    return v;
  }

  /**
   * The text at `path` (`n`, `an`, `ans`, `z` fields and subfields, ASCII TLV values).
   * @throws {Iso8583Error} `MISSING_FIELD` when `path` has no value, `BAD_TYPE` when its value is not text.
   */
  text(path: string): string {
    const v = this.get(path);
    return typeof v === 'string' ? v : wrongShape(path, 'text', v);
  }

  /**
   * The bytes at `path` (`b` fields and subfields, BER-TLV values such as `'55.9F26'`).
   * @throws {Iso8583Error} `MISSING_FIELD` when `path` has no value, `BAD_TYPE` when its value is not bytes.
   */
  bytes(path: string): Uint8Array {
    const v = this.get(path);
    return v instanceof Uint8Array ? v : wrongShape(path, 'bytes', v);
  }

  /**
   * The TLV list at `path`: a TLV field read into its tags (`'55'`, `'59'`) or a constructed tag's children.
   * @throws {Iso8583Error} `MISSING_FIELD` when `path` has no value, `BAD_TYPE` when its value is not a TLV list.
   */
  tlv(path: string): TlvNode[] {
    const v = this.structured(path);
    return Array.isArray(v) ? v : wrongShape(path, 'TLV list', v);
  }

  /**
   * The subfields at `path`, keyed by number (`'60'` → `{ '1': '22', '2': '000001', … }`).
   * @throws {Iso8583Error} `MISSING_FIELD` when `path` has no value, `BAD_TYPE` when its value has no subfields.
   */
  subfields(path: string): CompositeValue {
    const v = this.structured(path);
    return isSubfieldObject(v) ? v : wrongShape(path, 'subfields', v);
  }

  /** The value at `path`, a whole composite field read into its structure (get() gives its raw text or bytes). */
  private structured(path: string): FieldValue | undefined {
    const v = this.get(path);
    if (path.indexOf('.') >= 0 || v === undefined || !this.engine || !(typeof v === 'string' || v instanceof Uint8Array)) return v;
    return this.engine.structure(this, fieldNumber(path), v) ?? v;
  }

  /** True when `path` has a value. */
  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /** Sets the value at `path` (creating subfield objects or TLV entries as needed); returns the message. */
  set(path: string, value: FieldValue | CanonicalValue): this {
    const parts = expectString(path, 'path').split('.');
    const id = fieldNumber(parts[0]!);
    if (id < 0) throw badPath(path);
    if (value === undefined || value === null) throw new Iso8583Error('BAD_TYPE', 'value must not be empty; use delete()', { path });
    if (!isValueShape(value)) throw badArgument('value', 'text, bytes, subfields or a TLV list', shapeOfArgument(value));
    let k = this.indexOf(id);
    if (parts.length === 1) {
      let v = value as FieldValue;
      if (typeof v === 'string' && this.engine?.isBinary(id)) v = fromHex(v, path);
      if (k < 0) k = this.insert(id);
      this.vals[k] = v;
      this.changed(k);
      return this;
    }
    let top: FieldValue | undefined = k < 0 ? undefined : this.valueAt(k);
    if (top !== undefined && (typeof top === 'string' || top instanceof Uint8Array)) {
      top = this.engine?.structure(this, id, top);
      if (top === undefined) throw noSubfields(parts[0]!);
    }
    if (top === undefined) top = /^[0-9]+$/.test(parts[1]!) ? {} : [];
    let container: FieldValue = top;
    for (let i = 1; i < parts.length - 1; i++) {
      let next = childValue(container, parts[i]!);
      if (next === undefined || typeof next === 'string' || next instanceof Uint8Array) {
        next = /^[0-9]+$/.test(parts[i + 1]!) && !Array.isArray(container) ? {} : [];
        putChild(container, parts[i]!, next, path);
      }
      container = next;
    }
    putChild(container, parts[parts.length - 1]!, value as FieldValue, path);
    if (k < 0) k = this.insert(id);
    this.vals[k] = top;
    this.changed(k);
    return this;
  }

  /** Removes the value at `path`; returns whether there was one. */
  delete(path: string): boolean {
    const parts = expectString(path, 'path').split('.');
    const id = fieldNumber(parts[0]!);
    if (id < 0) throw badPath(path);
    const k = this.indexOf(id);
    if (k < 0) return false;
    if (parts.length === 1) {
      this.ownSrc();
      this.ids.splice(k, 1);
      this.vals.splice(k, 1);
      this.src!.splice(k, 1);
      return true;
    }
    let top: FieldValue | undefined = this.valueAt(k);
    if (typeof top === 'string' || top instanceof Uint8Array) top = this.engine?.structure(this, id, top);
    if (top === undefined) return false;
    let container: FieldValue | undefined = top;
    for (let i = 1; i < parts.length - 1 && container !== undefined; i++) container = childValue(container, parts[i]!);
    if (container === undefined || !removeChild(container, parts[parts.length - 1]!)) return false;
    this.vals[k] = top;
    this.changed(k);
    return true;
  }

  /** A deep copy (bound to the same dialect). */
  clone(): Message {
    const m = Object.create(Message.prototype) as Message;
    m.mti = this.mti;
    m.ids = this.ids.slice();
    m.vals = this.vals.map((v, k) => deepCopy(v, String(this.ids[k])));
    m.body = this.body;
    m.src = this.src && this.src.slice();
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

  /**
   * What Node's `util.inspect` and `console.log` show: the masked form, at any depth. A value that cannot be
   * rendered (nested too deep, of the wrong shape) shows as the error's code, so logging never throws.
   */
  [inspectSymbol](depth?: unknown, options?: unknown, inspect?: unknown): string {
    let masked: unknown;
    try {
      masked = this.toJSON();
    } catch (e) {
      if (!(e instanceof Iso8583Error)) throw e;
      masked = { mti: this.mti, unprintable: e.message };
    }
    return inspectMasked('Message', masked, depth, options, inspect);
  }

  /** An annotated byte map: each field's byte range, raw hex, value and name, masked unless asked otherwise. */
  describe(options?: DescribeOptions): MessageDescription {
    expectOptions(options);
    if (!this.engine) {
      throw new Iso8583Error('NO_DIALECT', 'message has no dialect; build it with dialect.message() or decode it');
    }
    return this.engine.describe(this, options);
  }

  private canonicalObject(masked: boolean): MessageObject {
    if (this.engine) return this.engine.canonicalObject(this, masked);
    const fields = sizedFields(this.ids);
    for (let k = 0; k < this.ids.length; k++) {
      const id = this.ids[k]!;
      fields[id] = plainCanon(id, this.vals[k]!, masked);
    }
    return { mti: this.mti, fields };
  }

  private ownSrc(): void {
    if (this.src === null) this.src = this.ids.map((_, i) => (this.body ? i : -1));
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

  private changed(k: number): void {
    this.ownSrc();
    this.src![k] = -1;
  }
}

function safeDescribeMti(mti: string): string {
  try {
    return describeMti(mti);
  } catch {
    return 'invalid MTI';
  }
}

/** @internal Child `key` of a composite value: a subfield, or the first TLV entry with that tag. */
export function childValue(v: FieldValue, key: string): FieldValue | undefined {
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
  throw noSubfields(path);
}

function removeChild(container: FieldValue, key: string): boolean {
  if (Array.isArray(container)) {
    const node = findTag(container, key);
    if (node === undefined) return false;
    const i = container.indexOf(node);
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

/** True for what a field can hold: text, bytes, subfields (an object) or a TLV list (an array). */
function isValueShape(value: unknown): boolean {
  return typeof value === 'string' || value instanceof Uint8Array || (Array.isArray(value) ? value.every(isPlainObject) : isPlainObject(value));
}

/** `value` when it is a {@link Message}, else BAD_ARGUMENT naming the argument: what every reader of messages checks first. */
export function expectMessage(value: unknown, name = 'message'): Message {
  if (value instanceof Message) return value;
  throw badArgument(name, 'a Message', shapeOfArgument(value));
}
