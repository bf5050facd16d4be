// One row of the inspector's field table: a frame part (length, TPDU, header) or a field the library described.

export interface InspectorRow {
  /** `'length'`, `'tpdu.source'`, `'MTI'`, `'bitmap'`, `'2'`, `'55.9F26'`, `'60.3'`… */
  path: string;
  name: string;
  /** The Chinese name, where the dialect or the CUP specification gives one. */
  localName?: string;
  /** Attribute and length as the specification writes them, e.g. `n..19 LLVAR BCD`; empty when there is none. */
  attribute: string;
  /** Hex of the length prefix or TLV tag and length, or empty. */
  prefixHex: string;
  /** Hex of the content as the library shows it: asterisks for masked data. */
  hex: string;
  /** The decoded value as the library shows it, masked for card data; empty for containers. */
  value: string;
  depth: number;
  /** First byte of the row in the input (frame offsets), length prefix included. */
  start: number;
  /** Just past the row's last byte. */
  end: number;
  /** The content's bytes are hidden (the library masks them). */
  masked: boolean;
  kind: 'frame' | 'field';
  /** The layout chosen for a context-dependent field (`double-length working keys`). */
  layout?: string;
  /** Index of the row this one sits in, or -1 at the top. */
  parent: number;
}
