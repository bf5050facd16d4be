/** BER-TLV (EMV field 55): order, repeats, unknown tags and long-form lengths are all kept. */
import { Iso8583Error } from '../../errors.js';
import { badHexCharacter, checkHexLength, hexOf, isHex, writeHex } from '../../bytes/hex.js';
import type { ByteWriter } from '../../bytes/writer.js';
import type { BerTlvComposite, TagInfo } from '../spec.js';
import type { ContentPlacement, TlvNode } from '../values.js';
import { traceTlvElement } from './tlv-trace.js';
import type { CompositeCodec, LeafForm } from './types.js';

// Deeper nesting than any EMV template uses; the bound keeps hostile input from recursing far.
const MAX_DEPTH = 8;
// Where content checked in place sits: its positions are already the buffer's.
const IN_PLACE: ContentPlacement = { base: 0, scale: 1, depth: 1 };
// Tag texts kept per codec: every tag a dialect names, and unknown ones up to a bound hostile input cannot pass.
const MAX_CACHED_TAGS = 1024;

/**
 * What a walk over BER-TLV does with each element: its tag's value, where it starts, where its value lies, the path
 * of its list (a constructed element's own), its nesting depth, and whether it is constructed (seen before its children).
 */
type TlvVisit = (tag: number, tagStart: number, valueStart: number, valueEnd: number, path: string, depth: number, constructed: boolean) => void;

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

  return {
    kind: 'ber-tlv',
    needsContext: false,
    check(content, path, _ctx, at) {
      walk(content, 0, content.length, path, at, 0, null);
    },
    checkSpan(buf, start, end, path) {
      walk(buf, start, end, path, IN_PLACE, 0, null);
    },
    decodeRange: (buf, start, end, form, hex) => build(buf, start, end, tagText, form, hex),
    decode(content, path, _ctx, at, form) {
      walk(content, 0, content.length, path, at, 0, null);
      return build(content, 0, content.length, tagText, form);
    },
    describe(content, path, _ctx, at, rows) {
      walk(content, 0, content.length, path, at, 0, (tag, tagStart, valueStart, valueEnd, p, depth, constructed) => {
        const row = traceTlvElement(rows, constructed ? p : `${p}.${tagText(tag)}`, infoByValue.get(tag), at.base + tagStart, at.base + valueStart, at.base + valueEnd, at.depth + depth);
        if (!constructed) row.value = content.slice(valueStart, valueEnd);
      });
      return true;
    },
    encodeTo(w, value, path) {
      if (!Array.isArray(value)) {
        throw new Iso8583Error('BAD_TYPE', 'BER-TLV value must be a list of tag entries', { path });
      }
      writeBerTlv(w, value, path, 0);
    },
    child(key) {
      const info = tags[key.toUpperCase()];
      return info ? { ...info } : undefined;
    },
  };
}

/** The upper-case hex of a tag's value: its bytes, as a tag has no leading zero byte. */
function tagHex(tag: number): string {
  const text = tag.toString(16).toUpperCase();
  return text.length & 1 ? `0${text}` : text;
}

/** Walks the elements of `buf[start, end)`, depth first; throws on anything malformed. Paths are made for errors and nesting only. */
function walk(buf: Uint8Array, start: number, end: number, path: string, at: ContentPlacement, depth: number, visit: TlvVisit | null): void {
  let pos = start;
  while (pos < end) {
    const tagStart = pos;
    const first = buf[pos++]!;
    let tag = first;
    if ((first & 0x1f) === 0x1f) {
      // Multi-byte tag: continuation bytes have their top bit set; the last one does not.
      do {
        if (pos >= end) throw tlvError('TLV tag runs past the end of the value', path, at.base + tagStart);
        if (pos - tagStart >= 4) throw tlvError('TLV tag is longer than 4 bytes', path, at.base + tagStart);
        tag = tag * 256 + buf[pos]!;
      } while (buf[pos++]! & 0x80);
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
    if (pos + len > end) {
      throw tlvError('TLV value runs past the end of the field', `${path}.${tagHex(tag)}`, at.base + lenStart, `${len} bytes`, `${end - pos} bytes`);
    }
    if (first & 0x20) {
      if (depth + 1 >= MAX_DEPTH) throw tlvError('TLV nesting is too deep', `${path}.${tagHex(tag)}`, at.base + tagStart, `at most ${MAX_DEPTH} levels`);
      const inner = `${path}.${tagHex(tag)}`;
      visit?.(tag, tagStart, pos, pos + len, inner, depth, true);
      walk(buf, pos, pos + len, inner, at, depth + 1, visit);
    } else {
      visit?.(tag, tagStart, pos, pos + len, path, depth, false);
    }
    pos += len;
  }
}

/**
 * The nodes of the elements of `buf[start, end)`, which a walk has found well formed, leaves in `form` (hex cut from
 * `hex`, the hex of all of `buf`, when given), tags named by `tagText`: one plain loop, the entry of a primitive
 * element with a length in its least form (what EMV data holds) made in one step.
 */
function build(buf: Uint8Array, start: number, end: number, tagText: (tag: number) => string, form: LeafForm, hex?: string): TlvNode[] {
  const nodes: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    const first = buf[pos++]!;
    let tag = first;
    // A multi-byte tag's bytes after the first each have their top bit set, but the last.
    if ((first & 0x1f) === 0x1f) {
      do tag = tag * 256 + buf[pos]!;
      while (buf[pos++]! & 0x80);
    }
    const lengthAt = pos;
    let len = buf[pos++]!;
    if (len & 0x80) {
      const count = len & 0x7f;
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + buf[pos++]!;
    }
    const valueEnd = pos + len;
    const value = first & 0x20 ? undefined : form === 'value' ? buf.slice(pos, valueEnd) : hex !== undefined ? hex.substring(2 * pos, 2 * valueEnd) : hexOf(buf, pos, valueEnd);
    const lengthBytes = pos - lengthAt;
    const least = lengthBytes === minimalLengthBytes(len);
    if (value !== undefined && least) {
      nodes.push({ tag: tagText(tag), value });
    } else {
      // Key order as the common entry's: tag, a length form kept, then the value or the children.
      const n: TlvNode = { tag: tagText(tag) };
      if (!least) n.lengthBytes = lengthBytes;
      if (value !== undefined) n.value = value;
      else n.children = build(buf, pos, valueEnd, tagText, form, hex);
      nodes.push(n);
    }
    pos = valueEnd;
  }
  return nodes;
}

/** The elements of `buf[start, end)` as value nodes, unknown tags and long-form lengths kept; errors name `path`, offsets placed by `at`. */
export function parseBerTlv(buf: Uint8Array, start: number, end: number, path: string, at: ContentPlacement): TlvNode[] {
  walk(buf, start, end, path, at, 0, null);
  return build(buf, start, end, tagHex, 'value');
}

function tlvError(detail: string, path: string, offset: number, expected?: string, found?: string): Iso8583Error {
  return new Iso8583Error('BAD_TLV', detail, { path, offset, expected, found });
}

/**
 * Writes tag text `tag` as its bytes into `w` at its cursor and moves past them, checking it is one well-formed
 * BER tag (1 to 4 bytes of hex, continuation bits consistent), with room for `after` more bytes; `path` is the
 * list's. Returns its first byte.
 */
function writeTag(w: ByteWriter, tag: string, path: string, after: number): number {
  const n = tag.length >> 1;
  const at = w.pos;
  w.ensure(n + after);
  const buf = w.buf;
  if (tag.length & 1 || n === 0 || n > 4 || writeHex(tag, buf, at) < 0) {
    throw new Iso8583Error('BAD_TAG', 'TLV tag must be 1 to 4 bytes of hex', { path: entryPath(path, tag) });
  }
  const first = buf[at]!;
  // A first byte with its low five bits set says more bytes follow: each with its top bit set, but the last.
  let ok = (first & 0x1f) === 0x1f ? n >= 2 && (buf[at + n - 1]! & 0x80) === 0 : n === 1;
  for (let i = 1; i < n - 1; i++) if ((buf[at + i]! & 0x80) === 0) ok = false;
  if (!ok) throw new Iso8583Error('BAD_TAG', 'TLV tag bytes do not form one BER tag', { path: entryPath(path, tag) });
  w.pos = at + n;
  return first;
}

/** The path of an entry with tag `tag` in the list at `path` (made for errors and nesting only). */
function entryPath(path: string, tag: string): string {
  return `${path}.${tag.toUpperCase()}`;
}

/**
 * Writes the length of `node`'s `len` value bytes, which were written one byte after `at` (room for a one-byte
 * length) up to the writer's cursor, moving the value on when its length needs more; returns the element's end.
 */
function writeLength(w: ByteWriter, at: number, len: number, node: TlvNode, path: string): number {
  const least = minimalLengthBytes(len);
  const n = node.lengthBytes ?? least;
  if (n < least || n > 4) throw new Iso8583Error('BAD_TLV', 'TLV length form cannot hold the value length', { path: entryPath(path, node.tag) });
  if (n > 1) {
    w.ensure(n - 1);
    w.buf.copyWithin(at + n, at + 1, at + 1 + len);
  }
  return putLength(w.buf, at, len, n) + len;
}

/** Writes the bytes of hex text `value` (of an entry with tag `tag`) at `at`, where `w` has room for them, and moves past them. */
function writeHexValue(w: ByteWriter, value: string, at: number, path: string, tag: string): void {
  const end = writeHex(value, w.buf, at);
  if (end < 0) throw badHexCharacter(-1 - end, entryPath(path, tag));
  w.pos = end;
}

/** Writes length `len` in `n` bytes (1: short form; more: 0x80 | count, then big-endian) at `at`; returns the end. */
function putLength(buf: Uint8Array, at: number, len: number, n: number): number {
  if (n === 1) {
    buf[at] = len;
    return at + 1;
  }
  buf[at] = 0x80 | (n - 1);
  for (let i = 1; i < n; i++) buf[at + i] = Math.floor(len / 256 ** (n - 1 - i)) & 0xff;
  return at + n;
}

/** Writes TLV nodes (values as bytes or hex text); each value goes straight into `w`, its length put in front. */
export function writeBerTlv(w: ByteWriter, nodes: readonly TlvNode[], path: string, depth: number): void {
  if (depth >= MAX_DEPTH) throw new Iso8583Error('BAD_TLV', 'TLV nesting is too deep', { path });
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (typeof node !== 'object' || node === null || typeof node.tag !== 'string') {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry must be an object with a tag', { path });
    }
    const value = node.value;
    const first = writeTag(w, node.tag, path, 1);
    // The length goes at `at`; the value after a one-byte length, the one it most likely gets.
    const at = w.pos;
    let len: number;
    if (node.children !== undefined) {
      if ((first & 0x20) === 0) throw new Iso8583Error('BAD_TLV', 'primitive TLV tag cannot hold children', { path: entryPath(path, node.tag) });
      if (!Array.isArray(node.children)) throw new Iso8583Error('BAD_TYPE', 'TLV children must be a list of tag entries', { path: entryPath(path, node.tag) });
      w.pos = at + 1;
      writeBerTlv(w, node.children, entryPath(path, node.tag), depth + 1);
      len = w.pos - at - 1;
    } else if (typeof value === 'string') {
      if (value.length & 1) checkHexLength(value, entryPath(path, node.tag));
      len = value.length >> 1;
      w.ensure(1 + len);
      writeHexValue(w, value, at + 1, path, node.tag);
    } else if (value instanceof Uint8Array) {
      len = value.length;
      w.pos = at + 1;
      w.bytes(value);
    } else {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry needs a value (bytes or hex) or children', { path: entryPath(path, node.tag) });
    }
    w.pos = writeLength(w, at, len, node, path);
  }
}
