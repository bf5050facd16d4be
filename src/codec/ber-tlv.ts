import { Iso8583Error } from '../errors.js';
import { fromHex, isHex, toHex } from '../bytes/hex.js';
import { ByteWriter } from '../bytes/writer.js';
import type { CompositeCodec } from './composite.js';
import type { BerTlvComposite } from './spec.js';
import { traceTlvElement } from './tlv-trace.js';
import type { ContentPlacement, TlvNode, TraceRow } from './values.js';

// Deeper nesting than any EMV template uses; the bound keeps hostile input from recursing far.
const MAX_DEPTH = 8;

/** Compiles BER-TLV (EMV field 55): order, repeats, unknown tags and long-form lengths are all kept. */
export function compileBerTlv(spec: BerTlvComposite): CompositeCodec {
  const tags = spec.tags ?? {};
  return {
    kind: 'ber-tlv',
    needsContext: false,
    decode(content, path, _ctx, at, trace) {
      return parseBerTlv(content, 0, content.length, path, at, trace, 0, tags);
    },
    encode(value, path) {
      if (!Array.isArray(value)) {
        throw new Iso8583Error('BAD_TYPE', 'BER-TLV value must be a list of tag entries', { path });
      }
      const w = new ByteWriter(128);
      writeBerTlv(w, value, path, 0);
      return w.result();
    },
    child(key) {
      const info = tags[key.toUpperCase()];
      return info ? { ...info } : undefined;
    },
  };
}

function tlvError(detail: string, path: string, offset: number, expected?: string, found?: string): Iso8583Error {
  return new Iso8583Error('BAD_TLV', detail, { path, offset, expected, found });
}

/** Parses BER-TLV elements in `buf[start, end)`. */
export function parseBerTlv(
  buf: Uint8Array,
  start: number,
  end: number,
  path: string,
  at: ContentPlacement,
  trace: TraceRow[] | null,
  depth: number,
  tags: BerTlvComposite['tags'] & object,
): TlvNode[] {
  const nodes: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    const tagStart = pos;
    const first = buf[pos++]!;
    if ((first & 0x1f) === 0x1f) {
      // Multi-byte tag: continuation bytes have their top bit set; the last one does not.
      let more = true;
      while (more) {
        if (pos >= end) throw tlvError('TLV tag runs past the end of the value', path, at.base + tagStart);
        const b = buf[pos++]!;
        more = (b & 0x80) !== 0;
        if (pos - tagStart > 4) throw tlvError('TLV tag is longer than 4 bytes', path, at.base + tagStart);
      }
    }
    const tag = toHex(buf, tagStart, pos);
    const nodePath = `${path}.${tag}`;
    if (pos >= end) throw tlvError('TLV length runs past the end of the value', nodePath, at.base + pos);
    const lenStart = pos;
    let len = buf[pos++]!;
    if (len & 0x80) {
      const count = len & 0x7f;
      if (count === 0 || count > 3) {
        throw tlvError('TLV length form is not supported', nodePath, at.base + lenStart, '1 to 3 length bytes', `${count} length bytes`);
      }
      if (pos + count > end) throw tlvError('TLV length runs past the end of the value', nodePath, at.base + lenStart);
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + buf[pos++]!;
    }
    const lengthBytes = pos - lenStart;
    if (pos + len > end) {
      throw tlvError('TLV value runs past the end of the field', nodePath, at.base + lenStart, `${len} bytes`, `${end - pos} bytes`);
    }
    const node: TlvNode = { tag };
    if (lengthBytes !== minimalLengthBytes(len)) node.lengthBytes = lengthBytes;
    const info = tags[tag];
    const row = traceTlvElement(trace, nodePath, info, at.base + tagStart, at.base + pos, at.base + pos + len, at.depth + depth);
    if (first & 0x20) {
      if (depth + 1 >= MAX_DEPTH) throw tlvError('TLV nesting is too deep', nodePath, at.base + tagStart, `at most ${MAX_DEPTH} levels`);
      node.children = parseBerTlv(buf, pos, pos + len, nodePath, at, trace, depth + 1, tags);
    } else {
      node.value = buf.slice(pos, pos + len);
      if (row) row.value = node.value;
    }
    nodes.push(node);
    pos += len;
  }
  return nodes;
}

function minimalLengthBytes(len: number): number {
  return len < 0x80 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 4;
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

function writeLength(w: ByteWriter, len: number, lengthBytes: number | undefined, path: string): void {
  const n = lengthBytes ?? minimalLengthBytes(len);
  if (n < minimalLengthBytes(len) || n > 4) {
    throw new Iso8583Error('BAD_TLV', 'TLV length form cannot hold the value length', { path });
  }
  if (n === 1) {
    w.byte(len);
    return;
  }
  w.byte(0x80 | (n - 1));
  for (let i = n - 2; i >= 0; i--) w.byte(Math.floor(len / 256 ** i) & 0xff);
}

/** Writes TLV nodes (values as bytes or hex text). */
export function writeBerTlv(w: ByteWriter, nodes: readonly TlvNode[], path: string, depth: number): void {
  if (depth >= MAX_DEPTH) throw new Iso8583Error('BAD_TLV', 'TLV nesting is too deep', { path });
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null || typeof node.tag !== 'string') {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry must be an object with a tag', { path });
    }
    const tag = node.tag.toUpperCase();
    const nodePath = `${path}.${tag}`;
    const tb = tagBytes(tag, nodePath);
    const constructed = (tb[0]! & 0x20) !== 0;
    let body: Uint8Array;
    if (node.children !== undefined) {
      if (!constructed) throw new Iso8583Error('BAD_TLV', 'primitive TLV tag cannot hold children', { path: nodePath });
      const inner = new ByteWriter(64);
      writeBerTlv(inner, node.children, nodePath, depth + 1);
      body = inner.result();
    } else if (node.value instanceof Uint8Array) {
      body = node.value;
    } else if (typeof node.value === 'string') {
      body = fromHex(node.value, nodePath);
    } else {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry needs a value (bytes or hex) or children', { path: nodePath });
    }
    w.bytes(tb);
    writeLength(w, body.length, node.lengthBytes, nodePath);
    w.bytes(body);
  }
}
