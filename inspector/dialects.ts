// The dialects the inspector offers, compiled from the library's built-ins with the page's GBK text codec.
import { createDialects, cupDialect, Iso8583Error, type Dialect, type DialectOptions, type TextCodec } from '../src/portable.js';

export type DialectName = 'cup' | 'cup-binary-mac' | 'iso87ascii' | 'iso87binary' | 'iso93ascii';

export const DIALECT_LABELS: Readonly<Record<DialectName, string>> = {
  cup: 'cup: China UnionPay POS',
  'cup-binary-mac': 'cup, MAC (64) as 8 raw bytes',
  iso87ascii: 'iso87ascii: ISO 8583:1987 ASCII',
  iso87binary: 'iso87binary: ISO 8583:1987 binary',
  iso93ascii: 'iso93ascii: ISO 8583:1993 ASCII',
};

export const DIALECT_NAMES = Object.keys(DIALECT_LABELS) as DialectName[];

export function isDialectName(name: string): name is DialectName {
  return Object.prototype.hasOwnProperty.call(DIALECT_LABELS, name);
}

/** The inspector's dialects, each compiled on first use. */
export function inspectorDialects(options: DialectOptions = {}): (name: DialectName) => Dialect {
  const builtIn = createDialects(options);
  let binaryMac: Dialect | undefined;
  return (name) => {
    if (name === 'cup-binary-mac') return (binaryMac ??= cupDialect({ name: 'cup-binary-mac', macFormat: 'binary' }, options));
    return builtIn[name];
  };
}

/**
 * GBK text through the platform's `TextDecoder` (browsers and Node have it; the portable library does not assume it).
 * Encoding, which the inspector itself never needs, inverts the decoder once on first use.
 */
export function platformGbkCodec(): TextCodec {
  const decoder = new TextDecoder('gbk', { fatal: true });
  let table: Map<string, number> | undefined;
  return {
    name: 'gbk',
    decode(bytes, start, end, path) {
      try {
        return decoder.decode(bytes.subarray(start, end));
      } catch {
        throw new Iso8583Error('BAD_TEXT', 'bytes are not GBK text', { path, offset: start, expected: 'GBK text' });
      }
    },
    encode(text, path) {
      table ??= gbkTable();
      const out: number[] = [];
      let i = 0;
      for (const ch of text) {
        const code = ch.charCodeAt(0);
        if (code < 0x80) out.push(code);
        else {
          const pair = table.get(ch);
          if (pair === undefined) {
            throw new Iso8583Error('UNMAPPABLE_CHARACTER', 'text has a character that GBK cannot represent', {
              path,
              expected: 'GBK text',
              found: `another character at position ${i}`,
            });
          }
          out.push(pair >> 8, pair & 0xff);
        }
        i++;
      }
      return Uint8Array.from(out);
    },
  };
}

// Every two-byte GBK code (lead 81–FE, trail 40–FE except 7F) and the character it decodes to.
function gbkTable(): Map<string, number> {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, (lead << 8) | trail);
    }
  }
  return table;
}
