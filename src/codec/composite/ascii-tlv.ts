/** ASCII TLV (CUP field 59): a fixed-width tag, a fixed-width decimal length, then the value. */
import { isPrintableAscii } from '../../arguments.js';
import { Iso8583Error } from '../../errors.js';
import { latin1Text } from '../../bytes/latin1.js';
import { ByteWriter } from '../../bytes/writer.js';
import type { AsciiTlvComposite } from '../spec.js';
import type { ContentPlacement, TlvNode } from '../values.js';
import { traceTlvElement } from './tlv-trace.js';
import type { CompositeCodec } from './types.js';

/** What the layout says of one tag. */
type AsciiTagInfo = NonNullable<AsciiTlvComposite['tags']>[string];

/** What a walk over ASCII TLV does with each element; a nested one's children go to the list it returns. */
type AsciiTlvVisitor<L> = (list: L, tag: string, info: AsciiTagInfo | undefined, start: number, valueStart: number, valueEnd: number, path: string) => L;

/** Compiles ASCII TLV. */
export function compileAsciiTlv(spec: AsciiTlvComposite): CompositeCodec {
  return {
    kind: 'ascii-tlv',
    needsContext: false,
    check(content, path, _ctx, at) {
      walkAsciiTlv(spec, content, 0, content.length, path, at, null, null);
    },
    decode(content, path, _ctx, at) {
      const nodes: TlvNode[] = [];
      // Value nodes (values are text, so both leaf forms are the same).
      walkAsciiTlv(spec, content, 0, content.length, path, at, (list: TlvNode[], tag, info, _start, valueStart, valueEnd) => {
        const node: TlvNode = { tag };
        list.push(node);
        if (info?.nested) return (node.children = []);
        node.value = latin1Text(content, valueStart, valueEnd);
        return list;
      }, nodes);
      return nodes;
    },
    describe(content, path, _ctx, at, rows) {
      // Describe rows; the list is the nesting depth.
      walkAsciiTlv(spec, content, 0, content.length, path, at, (depth: number, _tag, info, start, valueStart, valueEnd, p) => {
        const row = traceTlvElement(rows, p, info, at.base + start, at.base + valueStart, at.base + valueEnd, at.depth + depth);
        if (info?.nested) return depth + 1;
        row.value = latin1Text(content, valueStart, valueEnd);
        return depth;
      }, 0);
      return true;
    },
    encodeTo(w, value, path) {
      if (!Array.isArray(value)) throw new Iso8583Error('BAD_TYPE', 'TLV value must be a list of tag entries', { path });
      writeAsciiTlv(spec, w, value, path);
    },
    child(key) {
      const info = spec.tags?.[key];
      return info ? { ...info } : undefined;
    },
  };
}

/** Walks the elements of `buf[start, end)` laid out as `spec`, depth first; throws on anything malformed. */
function walkAsciiTlv<L>(
  spec: AsciiTlvComposite,
  buf: Uint8Array,
  start: number,
  end: number,
  path: string,
  at: ContentPlacement,
  visitor: AsciiTlvVisitor<L> | null,
  list: L,
): void {
  const head = spec.tagLength + spec.lengthDigits;
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
    // Encoding takes printable tags only; a tag it could not write back is refused here rather than kept.
    for (let i = pos; i < pos + spec.tagLength; i++) {
      if (buf[i]! < 0x20 || buf[i]! > 0x7e) {
        throw new Iso8583Error('BAD_TAG', `TLV tag must be ${spec.tagLength} printable ASCII characters`, { path, offset: at.base + pos });
      }
    }
    let len = 0;
    for (let i = pos + spec.tagLength; i < pos + head; i++) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) {
        throw new Iso8583Error('BAD_TLV', 'TLV length is not a decimal number', { path: `${path}.${latin1Text(buf, pos, pos + spec.tagLength)}`, offset: at.base + pos + spec.tagLength });
      }
      len = len * 10 + d;
    }
    const vStart = pos + head;
    if (vStart + len > end) {
      throw new Iso8583Error('BAD_TLV', 'TLV value runs past the end of the field', {
        path: `${path}.${latin1Text(buf, pos, pos + spec.tagLength)}`,
        offset: at.base + pos,
        expected: `${len} bytes`,
        found: `${end - vStart} bytes`,
      });
    }
    // Tags are read as text only where a layout names them or a caller wants them: nested layouts, values, rows.
    const tags = spec.tags;
    const tag = tags !== undefined || visitor !== null ? latin1Text(buf, pos, pos + spec.tagLength) : '';
    const info = tags?.[tag];
    if (visitor !== null || info?.nested) {
      const nodePath = `${path}.${tag}`;
      const children = visitor === null ? list : visitor(list, tag, info, pos, vStart, vStart + len, nodePath);
      if (info?.nested) walkAsciiTlv(info.nested, buf, vStart, vStart + len, nodePath, at, visitor, children);
    }
    pos = vStart + len;
  }
}

function writeAsciiTlv(spec: AsciiTlvComposite, w: ByteWriter, nodes: readonly TlvNode[], path: string): void {
  const maxLen = 10 ** spec.lengthDigits - 1;
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null || typeof node.tag !== 'string') {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry must be an object with a tag', { path });
    }
    const nodePath = `${path}.${node.tag}`;
    if (!isPrintableAscii(node.tag, spec.tagLength, spec.tagLength)) {
      throw new Iso8583Error('BAD_TAG', `TLV tag must be ${spec.tagLength} printable ASCII characters`, { path: nodePath });
    }
    let body: Uint8Array;
    const nested = spec.tags?.[node.tag]?.nested;
    if (node.children !== undefined) {
      if (!nested) throw new Iso8583Error('BAD_TLV', 'this TLV tag cannot hold children', { path: nodePath });
      const inner = new ByteWriter(32);
      try {
        writeAsciiTlv(nested, inner, node.children, nodePath);
        body = inner.result();
      } finally {
        inner.buf.fill(0);
      }
    } else if (typeof node.value === 'string') {
      body = new Uint8Array(node.value.length);
      for (let i = 0; i < node.value.length; i++) {
        const c = node.value.charCodeAt(i);
        if (c > 0xff) {
          body.fill(0);
          throw new Iso8583Error('UNMAPPABLE_CHARACTER', 'TLV value has a character above U+00FF', { path: nodePath, found: `character at position ${i}` });
        }
        body[i] = c;
      }
    } else if (node.value instanceof Uint8Array) {
      body = node.value;
    } else {
      throw new Iso8583Error('BAD_TYPE', 'TLV entry needs a text value or children', { path: nodePath });
    }
    try {
      if (body.length > maxLen) {
        throw new Iso8583Error('VALUE_TOO_LONG', 'TLV value is longer than its length can state', {
          path: nodePath,
          expected: `at most ${maxLen} bytes`,
          found: `${body.length} bytes`,
        });
      }
      const head = node.tag + String(body.length).padStart(spec.lengthDigits, '0');
      for (let i = 0; i < head.length; i++) w.byte(head.charCodeAt(i));
      w.bytes(body);
    } finally {
      // A value made here (children's content, or text as bytes) is dropped now; the caller's own bytes are theirs.
      if (body !== node.value) body.fill(0);
    }
  }
}
