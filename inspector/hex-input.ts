// Pasted text to bytes: plain hex in any spacing (0x prefixes, commas, C arrays), or hex-dump lines whose offsets and
// ASCII columns are dropped (Wireshark "Copy as Hex Dump", tcpdump -X / -xx, xxd, hexdump -C).

/** Where and why pasted text is not hex. Positions count from 1, as an editor shows them. */
export interface HexInputProblem {
  line: number;
  column: number;
  message: string;
}

export type HexInputResult =
  | { ok: true; bytes: Uint8Array; /** The text was read as hex-dump lines. */ dump: boolean }
  | { ok: false; problem: HexInputProblem };

/** The bytes written in `text`, as hex-dump lines when every line is one and their offsets follow on, else as plain hex. */
export function parseHexInput(text: string): HexInputResult {
  const dump = parseDump(text);
  return dump ? { ok: true, bytes: dump, dump: true } : parsePlain(text);
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;
// Offset column of a dump line: 4 to 8 hex digits, perhaps 0x before and a colon after.
const OFFSET = /^\s*(0x)?([0-9a-fA-F]{4,8})(:?)(\s+)/;

interface DumpLine {
  offset: number;
  /** The offset was marked as one (a colon after it or 0x before it), not only set apart by spaces. */
  marked: boolean;
  bytes: number[];
}

function parseDump(text: string): Uint8Array | undefined {
  const lines: DumpLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    const m = OFFSET.exec(raw);
    const marked = m !== null && (m[3] === ':' || m[1] !== undefined);
    // Without a mark, the offset must stand apart (two spaces or a tab), or "0200 7024" plain hex would read as a dump.
    if (!m || (!marked && !/\t| {2}/.test(m[4]!))) return undefined;
    const bytes = dumpBytes(raw.slice(m[0].length), m[4]!.length);
    if (bytes === undefined) return undefined;
    lines.push({ offset: parseInt(m[2]!, 16), marked, bytes });
  }
  const first = lines[0];
  // One unmarked line is a dump only from offset 0: "0118  6005 …" may be plain hex with a wide gap.
  if (first === undefined || (lines.length === 1 && !first.marked && first.offset !== 0)) return undefined;
  const perLine = lines.length > 1 ? lines[1]!.offset - first.offset : first.bytes.length;
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    // The next offset says how many bytes this line holds; more read means an ASCII column that looked like hex.
    const held = next ? next.offset - line.offset : Math.min(perLine, line.bytes.length);
    if (held <= 0 || held > line.bytes.length) return undefined;
    for (let k = 0; k < held; k++) out.push(line.bytes[k]!);
  }
  return Uint8Array.from(out);
}

/**
 * The bytes of one dump line after its offset. Data are hex groups of one width (2 digits, or 4 in tcpdump and xxd);
 * they end at a wider gap: the ASCII column stands three spaces off, or two where two spaces never split the data
 * (Wireshark and hexdump -C put two spaces after the eighth byte).
 */
function dumpBytes(rest: string, firstGap: number): number[] | undefined {
  const bytes: number[] = [];
  const tokens = /(\s*)(\S+)/g;
  let width = 0;
  let t: RegExpExecArray | null;
  let first = true;
  while ((t = tokens.exec(rest)) !== null) {
    const gap = first ? firstGap : t[1]!.length + (t[1]!.includes('\t') ? 3 : 0);
    const group = t[2]!;
    if (!first) {
      if (gap >= 3) break;
      if (gap === 2 && !(width === 2 && bytes.length === 8)) break;
    }
    if (!/^[0-9a-fA-F]+$/.test(group) || group.length % 2 !== 0) break;
    if (width === 0) width = group.length;
    if (group.length > width || width > 8) break;
    for (let i = 0; i < group.length; i += 2) bytes.push(parseInt(group.slice(i, i + 2), 16));
    first = false;
    // A short group closes the line (xxd's odd last byte).
    if (group.length < width) break;
  }
  return bytes.length > 0 ? bytes : undefined;
}

// Characters that separate hex in pasted code and logs: spaces, commas, colons, braces, quotes.
const SEPARATOR = /[\s,;:{}[\]()"'|]/;

function parsePlain(text: string): HexInputResult {
  // 0x before a byte is a prefix, not data: blank it (keeping positions for problem reports).
  const cleaned = text.replace(/(^|[^0-9a-zA-Z])0[xX](?=[0-9a-fA-F])/g, (_all, before: string) => `${before}  `);
  const digits: string[] = [];
  let line = 1;
  let column = 0;
  for (const ch of cleaned) {
    if (ch === '\n') {
      line++;
      column = 0;
      continue;
    }
    column++;
    if (HEX_DIGIT.test(ch)) {
      digits.push(ch);
    } else if (!SEPARATOR.test(ch)) {
      return { ok: false, problem: { line, column, message: `not a hex digit at line ${line}, column ${column}` } };
    }
  }
  if (digits.length === 0) return { ok: false, problem: { line: 1, column: 1, message: 'no hex digits' } };
  if (digits.length % 2 !== 0) {
    return { ok: false, problem: { line, column, message: `odd number of hex digits (${digits.length}): a byte is two digits` } };
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits[2 * i]! + digits[2 * i + 1]!, 16);
  return { ok: true, bytes, dump: false };
}
