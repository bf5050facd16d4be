// The describe row of one TLV element, shared by the BER and ASCII TLV composites.
import type { TagInfo } from '../spec.js';
import type { TraceRow } from '../values.js';

/** Adds one TLV element's row to `trace` (named from `info`, else as an unknown, hidden tag) and returns it. */
export function traceTlvElement(
  trace: TraceRow[],
  path: string,
  info: TagInfo | undefined,
  start: number,
  contentStart: number,
  end: number,
  depth: number,
): TraceRow {
  const row: TraceRow = {
    path,
    name: info?.name ?? 'unknown tag',
    localName: info?.localName,
    start,
    contentStart,
    end,
    depth,
    // A tag the table does not know may be proprietary card data: hidden, with everything inside it.
    sensitivity: info === undefined ? 'secret' : info.sensitivity,
  };
  trace.push(row);
  return row;
}
