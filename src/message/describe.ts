import { toHex } from '../bytes/hex.js';
import type { Sensitivity } from '../codec/spec.js';
import type { FieldValue, TraceRow } from '../codec/values.js';
import type { DescriptionRow } from './engine.js';
import { maskHex, maskText } from './mask.js';

/** Turns decode trace rows into description rows, masking sensitive values and everything under them. */
export function toDescriptionRows(bytes: Uint8Array, trace: readonly TraceRow[], unmasked: boolean): DescriptionRow[] {
  const rows: DescriptionRow[] = [];
  const inherited: (Sensitivity | undefined)[] = [];
  for (let i = 0; i < trace.length; i++) {
    const t = trace[i]!;
    inherited.length = t.depth;
    // Subfields of a structured field say their own sensitivity; deeper levels (TLV templates) inherit.
    const sensitivity = t.sensitivity ?? (t.depth > 1 ? inherited[t.depth - 1] : undefined);
    inherited[t.depth] = sensitivity;
    // A container's bytes include its children's: any sensitive child hides the container's hex too.
    const hide = !unmasked && (sensitivity !== undefined || hasSensitiveChild(trace, i));
    const hex = t.digits ? t.digits.content : toHex(bytes, Math.min(t.contentStart, bytes.length), Math.min(t.end, bytes.length));
    const row: DescriptionRow = {
      path: t.path,
      name: t.name,
      offset: t.start,
      length: t.end - t.start,
      prefixHex: t.digits ? t.digits.prefix : toHex(bytes, t.start, Math.max(t.start, t.contentStart)),
      hex: hide ? '*'.repeat(hex.length) : hex,
      value: display(t.value, hide ? (sensitivity ?? 'secret') : undefined),
      depth: t.depth,
    };
    if (t.localName) row.localName = t.localName;
    if (t.layout) row.layout = t.layout;
    rows.push(row);
  }
  return rows;
}

function hasSensitiveChild(trace: readonly TraceRow[], i: number): boolean {
  const depth = trace[i]!.depth;
  for (let j = i + 1; j < trace.length && trace[j]!.depth > depth; j++) if (trace[j]!.sensitivity) return true;
  return false;
}

function display(v: FieldValue | undefined, sensitivity: Sensitivity | undefined): string {
  if (v === undefined || (typeof v === 'object' && !(v instanceof Uint8Array))) return '';
  const text = typeof v === 'string' ? v : toHex(v);
  if (!sensitivity) return text;
  return typeof v === 'string' ? maskText(text, sensitivity) : maskHex(text, sensitivity);
}

const HEX_WIDTH = 40;

/** An aligned text table of description rows. */
export function formatDescription(dialect: string, size: number, rows: readonly DescriptionRow[]): string {
  const lines = [`${dialect} message, ${size} bytes`, `${'offset'.padStart(6)} ${'len'.padStart(4)}  ${'field'.padEnd(12)} ${'name'.padEnd(44)} ${'hex'.padEnd(HEX_WIDTH)} value`];
  for (const r of rows) {
    const field = `${'  '.repeat(r.depth)}${r.path}`;
    const name = (r.localName ? `${r.name} ${r.localName}` : r.name) + (r.layout ? ` [${r.layout}]` : '');
    let hex = (r.prefixHex ? `${r.prefixHex} ` : '') + r.hex;
    if (hex.length > HEX_WIDTH) hex = `${hex.slice(0, HEX_WIDTH - 1)}…`;
    lines.push(`${String(r.offset).padStart(6)} ${String(r.length).padStart(4)}  ${field.padEnd(12)} ${padDisplay(name, 44)} ${hex.padEnd(HEX_WIDTH)} ${r.value}`);
  }
  return lines.join('\n');
}

/** Pads to a display width, counting CJK characters as two columns. */
function padDisplay(s: string, width: number): string {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return w >= width ? s : s + ' '.repeat(width - w);
}
