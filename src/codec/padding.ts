/**
 * Padding and alignment of a field: where a short value sits in its room, which character fills the rest,
 * and whether decoding takes the fill away again. BCD pad nibbles are the BCD encoding's own business.
 */
import type { FieldSpec } from './spec.js';

/** True when a value shorter than its room sits at the right (the pad precedes it): numbers by default. */
export function isRightAligned(spec: FieldSpec): boolean {
  if (spec.align !== undefined) return spec.align === 'right';
  return !spec.lengthDigits && (spec.attr === 'n' || spec.attr === 'x+n');
}

/** The pad of a text field (ASCII, EBCDIC, GBK). */
export interface TextPadding {
  /** Pad character code, or -1 when the field has none (short fixed values are then refused). */
  readonly code: number;
  /** The pad precedes the value. */
  readonly right: boolean;
  /** Units of pad a value of `units` units needs to fill the field (0 for variable fields). */
  fill(units: number): number;
  /** Decoded text without its pad, for fields whose pad is not part of the value (fixed text, not numbers). */
  strip(text: string): string;
  /** Whether `strip` removes anything ever. */
  readonly strips: boolean;
}

/** The padding of a text field spec. */
export function textPadding(spec: FieldSpec): TextPadding {
  const fixed = !spec.lengthDigits;
  const code = spec.pad === undefined ? -1 : spec.pad.charCodeAt(0);
  const right = isRightAligned(spec);
  const max = spec.length;
  const fills = fixed && code >= 0;
  const strips = fills && spec.attr !== 'n' && spec.attr !== 'x+n' && spec.attr !== 'b' && spec.encoding !== 'bcd';
  return {
    code,
    right,
    strips,
    fill: (units) => (fills && units < max ? max - units : 0),
    strip: (s) => (strips ? stripPad(s, code, right) : s),
  };
}

/** `text[start, end)` (the whole text by default) without the run of `code` characters at its start (`right`) or end. */
export function stripPad(text: string, code: number, right: boolean, start = 0, end = text.length): string {
  if (right) while (start < end && text.charCodeAt(start) === code) start++;
  else while (end > start && text.charCodeAt(end - 1) === code) end--;
  return text.substring(start, end);
}
