// One row of the inspector's field table: a frame part (length, TPDU, header) or a row of the library's description,
// placed on the input's bytes.
import type { DescriptionRow } from '../src/portable.js';

/** A description row (path, names, prefix and content hex, value, depth, layout) placed at input offsets, not body ones. */
export interface InspectorRow extends Omit<DescriptionRow, 'offset' | 'length'> {
  /** Attribute and length as the specification writes them, e.g. `n..19 LLVAR · BCD`; empty when there is none. */
  attribute: string;
  /** First byte of the row in the input (frame offsets), length prefix included. */
  start: number;
  /** Just past the row's last byte. */
  end: number;
  /** The content's bytes are hidden (the library masks them). */
  masked: boolean;
  kind: 'frame' | 'field';
  /** Index of the row this one sits in, or -1 at the top. */
  parent: number;
}
