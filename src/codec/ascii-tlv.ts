import { Iso8583Error } from '../errors.js';
import { latin1Text } from '../bytes/latin1.js';
import { ByteWriter } from '../bytes/writer.js';
import type { CompositeCodec } from './composite.js';
import type { AsciiTlvComposite } from './spec.js';
import { traceTlvElement } from './tlv-trace.js';
import type { ContentPlacement, TlvNode, TraceRow } from './values.js';

/** Compiles ASCII TLV (CUP field 59): a fixed-width tag, a fixed-width decimal length, then the value. */
export function compileAsciiTlv(spec: AsciiTlvComposite): CompositeCodec {
  return {
    kind: 'ascii-tlv',
    needsContext: false,
    decode(content, path, _ctx, at, trace) {
      return parseAsciiTlv(spec, content, 0, content.length, path, at, trace, 0);
    },
    encode(value, path) {
      if (!Array.isArray(value)) throw new Iso8583Error('BAD_TYPE', 'TLV value must be a list of tag entries', { path });
      const w = new ByteWriter(64);
      writeAsciiTlv(spec, w, value, path);
      return w.result();
    },
    child(key) {
      const info = spec.tags?.[key];
      return info ? { name: info.name, localName: info.localName, sensitivity: info.sensitivity } : undefined;
    },
  };
}

function parseAsciiTlv(
  spec: AsciiTlvComposite,
  buf: Uint8Array,
  start: number,
  end: number,
  path: string,
  at: ContentPlacement,
  trace: TraceRow[] | null,
  depth: number,
): TlvNode[] {
  const head = spec.tagLength + spec.lengthDigits;
  const nodes: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    if (pos + head > end) {
      throw new Iso8583Error('BAD_TLV', 'TLV tag and length run past the end of the value', {
        path,
        offset: at.base + pos,
        expected: `${head} bytes`,
        found: `${end - pos} bytes`,
      });
    }
    const tag = latin1Text(buf, pos, pos + spec.tagLength);
    // Encoding takes printable tags only; a tag it could not write back is refused here rather than kept.
    if (!isPrintableAscii(tag)) {
      throw new Iso8583Error('BAD_TAG', `TLV tag must be ${spec.tagLength} printable ASCII characters`, { path, offset: at.base + pos });
    }
    const nodePath = `${path}.${tag}`;
    let len = 0;
    for (let i = pos + spec.tagLength; i < pos + head; i++) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) {
        throw new Iso8583Error('BAD_TLV', 'TLV length is not a decimal number', { path: nodePath, offset: at.base + pos + spec.tagLength });
      }
      len = len * 10 + d;
    }
    const vStart = pos + head;
    if (vStart + len > end) {
      throw new Iso8583Error('BAD_TLV', 'TLV value runs past the end of the field', {
        path: nodePath,
        offset: at.base + pos,
        expected: `${len} bytes`,
        found: `${end - vStart} bytes`,
      });
    }
    const info = spec.tags?.[tag];
    const node: TlvNode = { tag };
    const row = traceTlvElement(trace, nodePath, info, at.base + pos, at.base + vStart, at.base + vStart + len, at.depth + depth);
    if (info?.nested) {
      node.children = parseAsciiTlv(info.nested, buf, vStart, vStart + len, nodePath, at, trace, depth + 1);
    } else {
      node.value = latin1Text(buf, vStart, vStart + len);
      if (row) row.value = node.value;
    }
    nodes.push(node);
    pos = vStart + len;
  }
  return nodes;
}

function writeAsciiTlv(spec: AsciiTlvComposite, w: ByteWriter, nodes: readonly TlvNode[], path: string): void {
  const maxLen = 10 ** spec.lengthDigits - 1;
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null || typeof node.tag !== 'string') {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry must be an object with a tag', { path });
    }
    const nodePath = `${path}.${node.tag}`;
    if (node.tag.length !== spec.tagLength || !isPrintableAscii(node.tag)) {
      throw new Iso8583Error('BAD_TAG', `TLV tag must be ${spec.tagLength} printable ASCII characters`, { path: nodePath });
    }
    let body: Uint8Array;
    const nested = spec.tags?.[node.tag]?.nested;
    if (node.children !== undefined) {
      if (!nested) throw new Iso8583Error('BAD_TLV', 'this TLV tag cannot hold children', { path: nodePath });
      const inner = new ByteWriter(32);
      writeAsciiTlv(nested, inner, node.children, nodePath);
      body = inner.result();
    } else if (typeof node.value === 'string') {
      body = new Uint8Array(node.value.length);
      for (let i = 0; i < node.value.length; i++) {
        const c = node.value.charCodeAt(i);
        if (c > 0xff) {
          throw new Iso8583Error('UNMAPPABLE_CHARACTER', 'TLV value has a character above U+00FF', { path: nodePath, found: `character at position ${i}` });
        }
        body[i] = c;
      }
    } else if (node.value instanceof Uint8Array) {
      body = node.value;
    } else {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry needs a text value or children', { path: nodePath });
    }
    if (body.length > maxLen) {
      throw new Iso8583Error('VALUE_TOO_LONG', 'TLV value is longer than its length can state', {
        path: nodePath,
        expected: `at most ${maxLen} bytes`,
        found: `${body.length} bytes`,
      });
    }
    for (let i = 0; i < node.tag.length; i++) w.byte(node.tag.charCodeAt(i));
    const digits = String(body.length).padStart(spec.lengthDigits, '0');
    for (let i = 0; i < digits.length; i++) w.byte(digits.charCodeAt(i));
    w.bytes(body);
  }
}

function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
