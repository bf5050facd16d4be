/** BER-TLV (EMV field 55): order, repeats, unknown tags and long-form lengths are all kept. */
import { Iso8583Error } from '../../errors.js';
import { badHexCharacter, checkHexLength, fromHex, isHex, toHex, writeHex } from '../../bytes/hex.js';
import { ByteWriter } from '../../bytes/writer.js';
import type { BerTlvComposite, TagInfo } from '../spec.js';
import type { ContentPlacement, TlvNode, TraceRow } from '../values.js';
import { traceTlvElement } from './tlv-trace.js';
import type { CompositeCodec, LeafForm } from './types.js';

// Deeper nesting than any EMV template uses; the bound keeps hostile input from recursing far.
const MAX_DEPTH = 8;
// Tag texts kept per codec: every tag a dialect names, and unknown ones up to a bound hostile input cannot pass.
const MAX_CACHED_TAGS = 1024;

/** What a walk over BER-TLV does with each element; `L` is the list a level's elements go to. */
interface TlvVisitor<L> {
  /** A primitive element: its tag's value, where it starts, where its value lies, and its length's byte count. */
  primitive(list: L, tag: number, tagStart: number, valueStart: number, valueEnd: number, lengthBytes: number, path: string): void;
  /** A constructed element, before its children; returns the list they go to. */
  constructed(list: L, tag: number, tagStart: number, valueStart: number, valueEnd: number, lengthBytes: number, path: string): L;
}

function minimalLengthBytes(len: number): number {
  return len < 0x80 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 4;
}

/** Compiles BER-TLV; known tags are looked up by their value, and each tag's text is made once. */
export function compileBerTlv(spec: BerTlvComposite): CompositeCodec {
  const tags = spec.tags ?? {};
  const infoByValue = new Map<number, TagInfo>();
  const textByValue = new Map<number, string>();
  for (const key of Object.keys(tags)) {
    if (!isHex(key) || key.length === 0 || key.length > 8) continue;
    const value = parseInt(key, 16);
    infoByValue.set(value, tags[key]!);
    textByValue.set(value, key.toUpperCase());
  }
  /** A tag's text, made once per tag value. */
  const tagText = (tag: number): string => {
    let text = textByValue.get(tag);
    if (text === undefined) {
      text = tagHex(tag);
      if (textByValue.size < MAX_CACHED_TAGS) textByValue.set(tag, text);
    }
    return text;
  };
  const childPath = (path: string, tag: number): string => `${path}.${tagText(tag)}`;

  const describer = (buf: Uint8Array, at: ContentPlacement, rows: TraceRow[]): TlvVisitor<number> => {
    const row = (tag: number, tagStart: number, valueStart: number, valueEnd: number, path: string, depth: number): TraceRow =>
      traceTlvElement(rows, path, infoByValue.get(tag), at.base + tagStart, at.base + valueStart, at.base + valueEnd, at.depth + depth)!;
    return {
      primitive(depth, tag, tagStart, valueStart, valueEnd, _lengthBytes, path) {
        row(tag, tagStart, valueStart, valueEnd, childPath(path, tag), depth).value = buf.slice(valueStart, valueEnd);
      },
      constructed(depth, tag, tagStart, valueStart, valueEnd, _lengthBytes, path) {
        row(tag, tagStart, valueStart, valueEnd, path, depth);
        return depth + 1;
      },
    };
  };

  return {
    kind: 'ber-tlv',
    needsContext: false,
    check(content, path, _ctx, at) {
      walk(content, 0, content.length, path, at, 0, null, null);
    },
    decode(content, path, _ctx, at, form) {
      const nodes: TlvNode[] = [];
      walk(content, 0, content.length, path, at, 0, valueBuilder(content, tagText, form), nodes);
      return nodes;
    },
    describe(content, path, _ctx, at, rows) {
      walk(content, 0, content.length, path, at, 0, describer(content, at, rows), 0);
      return true;
    },
    encode(value, path) {
      if (!Array.isArray(value)) {
        throw new Iso8583Error('BAD_TYPE', 'BER-TLV value must be a list of tag entries', { path });
      }
      const w = new ByteWriter(Math.max(1, likelySize(value, 0)));
      writeBerTlv(w, value, path, 0);
      return w.pos === w.buf.length ? w.buf : w.result();
    },
    child(key) {
      const info = tags[key.toUpperCase()];
      return info ? { ...info } : undefined;
    },
  };
}

/** The bytes well-formed `nodes` take once written (a guess for others), so an encode makes its writer once. */
function likelySize(nodes: readonly TlvNode[], depth: number): number {
  let size = 0;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (typeof node !== 'object' || node === null || typeof node.tag !== 'string') return size;
    const v = node.value;
    const len = Array.isArray(node.children) ? (depth < MAX_DEPTH ? likelySize(node.children, depth + 1) : 0) : typeof v === 'string' ? v.length >> 1 : v instanceof Uint8Array ? v.length : 0;
    size += (node.tag.length >> 1) + (node.lengthBytes ?? minimalLengthBytes(len)) + len;
  }
  return size;
}

/** The upper-case hex of a tag's value: its bytes, as a tag has no leading zero byte. */
function tagHex(tag: number): string {
  const text = tag.toString(16).toUpperCase();
  return text.length & 1 ? `0${text}` : text;
}

/** Walks the elements of `buf[start, end)`, depth first; throws on anything malformed. Paths are made for errors and nesting only. */
/** Walks the elements of `buf[start, end)`, depth first; throws on anything malformed. Paths are made for errors and nesting only. */
function walk<L>(buf: Uint8Array, start: number, end: number, path: string, at: ContentPlacement, depth: number, visitor: TlvVisitor<L> | null, list: L): void {
  let pos = start;
  while (pos < end) {
    const tagStart = pos;
    const first = buf[pos++]!;
    let tag = first;
    if ((first & 0x1f) === 0x1f) {
      // Multi-byte tag: continuation bytes have their top bit set; the last one does not.
      let more = true;
      while (more) {
        if (pos >= end) throw tlvError('TLV tag runs past the end of the value', path, at.base + tagStart);
        const b = buf[pos++]!;
        more = (b & 0x80) !== 0;
        if (pos - tagStart > 4) throw tlvError('TLV tag is longer than 4 bytes', path, at.base + tagStart);
        tag = tag * 256 + b;
      }
    }
    if (pos >= end) throw tlvError('TLV length runs past the end of the value', `${path}.${tagHex(tag)}`, at.base + pos);
    const lenStart = pos;
    let len = buf[pos++]!;
    if (len & 0x80) {
      const count = len & 0x7f;
      if (count === 0 || count > 3) {
        throw tlvError('TLV length form is not supported', `${path}.${tagHex(tag)}`, at.base + lenStart, '1 to 3 length bytes', `${count} length bytes`);
      }
      if (pos + count > end) throw tlvError('TLV length runs past the end of the value', `${path}.${tagHex(tag)}`, at.base + lenStart);
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + buf[pos++]!;
    }
    const lengthBytes = pos - lenStart;
    if (pos + len > end) {
      throw tlvError('TLV value runs past the end of the field', `${path}.${tagHex(tag)}`, at.base + lenStart, `${len} bytes`, `${end - pos} bytes`);
    }
    if (first & 0x20) {
      if (depth + 1 >= MAX_DEPTH) throw tlvError('TLV nesting is too deep', `${path}.${tagHex(tag)}`, at.base + tagStart, `at most ${MAX_DEPTH} levels`);
      const inner = `${path}.${tagHex(tag)}`;
      const children = visitor === null ? list : visitor.constructed(list, tag, tagStart, pos, pos + len, lengthBytes, inner);
      walk(buf, pos, pos + len, inner, at, depth + 1, visitor, children);
    } else if (visitor !== null) {
      visitor.primitive(list, tag, tagStart, pos, pos + len, lengthBytes, path);
    }
    pos += len;
  }
}

/** A visitor building the nodes of `buf`'s elements, leaves in `form`, tags named by `tagText`. */
function valueBuilder(buf: Uint8Array, tagText: (tag: number) => string, form: LeafForm): TlvVisitor<TlvNode[]> {
  const node = (tag: number, valueStart: number, lengthBytes: number, valueEnd: number): TlvNode => {
    const n: TlvNode = { tag: tagText(tag) };
    if (lengthBytes !== minimalLengthBytes(valueEnd - valueStart)) n.lengthBytes = lengthBytes;
    return n;
  };
  return {
    primitive(list, tag, _tagStart, valueStart, valueEnd, lengthBytes) {
      const value = form === 'canonical' ? toHex(buf, valueStart, valueEnd) : buf.slice(valueStart, valueEnd);
      if (lengthBytes === minimalLengthBytes(valueEnd - valueStart)) {
        // The common entry made in one step, with the same key order as the general one.
        list.push({ tag: tagText(tag), value });
        return;
      }
      const n = node(tag, valueStart, lengthBytes, valueEnd);
      n.value = value;
      list.push(n);
    },
    constructed(list, tag, _tagStart, valueStart, valueEnd, lengthBytes) {
      const n = node(tag, valueStart, lengthBytes, valueEnd);
      const children: TlvNode[] = [];
      n.children = children;
      list.push(n);
      return children;
    },
  };
}

/** The elements of `buf[start, end)` as value nodes, unknown tags and long-form lengths kept; errors name `path`, offsets placed by `at`. */
export function parseBerTlv(buf: Uint8Array, start: number, end: number, path: string, at: ContentPlacement): TlvNode[] {
  const nodes: TlvNode[] = [];
  walk(buf, start, end, path, at, 0, valueBuilder(buf, tagHex, 'value'), nodes);
  return nodes;
}

function tlvError(detail: string, path: string, offset: number, expected?: string, found?: string): Iso8583Error {
  return new Iso8583Error('BAD_TLV', detail, { path, offset, expected, found });
}

/** Checks that `tag` is well-formed BER (hex, continuation bits consistent) and returns its bytes. */
function tagBytes(tag: string, path: string): Uint8Array {
  if (!isHex(tag) || tag.length === 0 || tag.length > 8) {
    throw new Iso8583Error('BAD_TAG', 'TLV tag must be 1 to 4 bytes of hex', { path });
  }
  const b = fromHex(tag, path);
  const multi = (b[0]! & 0x1f) === 0x1f;
  const ok = multi
    ? b.length >= 2 && b.slice(1, -1).every((x) => (x & 0x80) !== 0) && (b[b.length - 1]! & 0x80) === 0
    : b.length === 1;
  if (!ok) throw new Iso8583Error('BAD_TAG', 'TLV tag bytes do not form one BER tag', { path });
  return b;
}

// Checked tag bytes by tag text as given, so each tag a message names is checked once; never handed out (only
// copied from), and bounded so hostile input cannot grow it.
const TAG_BYTES = new Map<string, Uint8Array>();

/** The bytes of the tag of an entry at `path`, checked the first time the text is seen. */
function tagBytesOf(tag: string, path: string): Uint8Array {
  let b = TAG_BYTES.get(tag);
  if (b === undefined) {
    b = tagBytes(tag.toUpperCase(), entryPath(path, tag));
    if (TAG_BYTES.size < MAX_CACHED_TAGS) TAG_BYTES.set(tag, b);
  }
  return b;
}

/** The path of an entry with tag `tag` in the list at `path` (made for errors and nesting only). */
function entryPath(path: string, tag: string): string {
  return `${path}.${tag.toUpperCase()}`;
}

/**
 * Puts the tag and length of `node`, whose `len` value bytes were written `room` bytes after `at`, in front of
 * them (moving the value on when its header needs more room); returns the element's end. `path` is the list's.
 */
function header(w: ByteWriter, at: number, room: number, tag: Uint8Array, len: number, node: TlvNode, path: string): number {
  const n = node.lengthBytes ?? minimalLengthBytes(len);
  if (n < minimalLengthBytes(len) || n > 4) throw new Iso8583Error('BAD_TLV', 'TLV length form cannot hold the value length', { path: entryPath(path, node.tag) });
  // The writer's cursor is at the value's end; a longer length form moves the value on.
  const size = tag.length + n;
  if (size > room) {
    w.ensure(size - room);
    w.buf.copyWithin(at + size, at + room, at + room + len);
  }
  const buf = w.buf;
  let p = at;
  for (let i = 0; i < tag.length; i++) buf[p++] = tag[i]!;
  if (n === 1) buf[p++] = len;
  else {
    buf[p++] = 0x80 | (n - 1);
    for (let i = n - 2; i >= 0; i--) buf[p++] = Math.floor(len / 256 ** i) & 0xff;
  }
  return p + len;
}

/** Writes TLV nodes (values as bytes or hex text); each value goes straight into `w`, its header put in front. */
export function writeBerTlv(w: ByteWriter, nodes: readonly TlvNode[], path: string, depth: number): void {
  if (depth >= MAX_DEPTH) throw new Iso8583Error('BAD_TLV', 'TLV nesting is too deep', { path });
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (typeof node !== 'object' || node === null || typeof node.tag !== 'string') {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry must be an object with a tag', { path });
    }
    const tag = tagBytesOf(node.tag, path);
    const at = w.pos;
    // Room for the header the value most likely gets: the tag and a one-byte length.
    const room = tag.length + 1;
    const value = node.value;
    let len: number;
    if (node.children !== undefined) {
      if ((tag[0]! & 0x20) === 0) throw new Iso8583Error('BAD_TLV', 'primitive TLV tag cannot hold children', { path: entryPath(path, node.tag) });
      if (!Array.isArray(node.children)) throw new Iso8583Error('BAD_TYPE', 'TLV children must be a list of tag entries', { path: entryPath(path, node.tag) });
      w.ensure(room);
      w.pos = at + room;
      writeBerTlv(w, node.children, entryPath(path, node.tag), depth + 1);
      len = w.pos - at - room;
    } else if (value instanceof Uint8Array) {
      len = value.length;
      w.ensure(room);
      w.pos = at + room;
      w.bytes(value);
    } else if (typeof value === 'string') {
      if (value.length & 1) checkHexLength(value, entryPath(path, node.tag));
      len = value.length >> 1;
      w.ensure(room + len);
      const end = writeHex(value, w.buf, at + room);
      if (end < 0) throw badHexCharacter(-1 - end, entryPath(path, node.tag));
      w.pos = end;
    } else {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry needs a value (bytes or hex) or children', { path: entryPath(path, node.tag) });
    }
    w.pos = header(w, at, room, tag, len, node, path);
  }
}
