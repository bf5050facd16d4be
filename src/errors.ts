/** What an error knows besides its code: where it happened and what shape was expected. Never a field value. */
export interface Iso8583ErrorDetails {
  /** Field path such as `'2'`, `'55.9F26'`, `'60.3'`. */
  path?: string;
  /** Byte offset into the input being decoded. */
  offset?: number;
  /** The shape that was expected, e.g. `'n 6'`, `'8 bytes'`. */
  expected?: string;
  /** The shape that was found, e.g. `'5 bytes'`, `'non-digit'`. */
  found?: string;
  /** Every problem when one error reports several (builders validating all inputs). */
  problems?: readonly Iso8583Error[];
  cause?: unknown;
}

/**
 * The one error type of pos8583. `code` is stable and meant for programs; the text is for people,
 * ends with the field and byte position when known, and never contains a field value.
 */
export class Iso8583Error extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly offset: number | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  readonly problems: readonly Iso8583Error[];

  constructor(code: string, detail: string, details: Iso8583ErrorDetails = {}) {
    super(detail + locationSuffix(details.path, details.offset));
    this.name = 'Iso8583Error';
    this.code = code;
    this.path = details.path;
    this.offset = details.offset;
    this.expected = details.expected;
    this.found = details.found;
    this.problems = details.problems ?? [];
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }

  /** A copy of this error placed under a parent path and shifted by a byte offset (for nested decoders). */
  within(parentPath: string | undefined, baseOffset = 0): Iso8583Error {
    const path =
      parentPath === undefined ? this.path : this.path === undefined ? parentPath : `${parentPath}.${this.path}`;
    const offset = this.offset === undefined ? (baseOffset || undefined) : this.offset + baseOffset;
    const detail = this.message.slice(0, this.message.length - locationSuffix(this.path, this.offset).length);
    return new Iso8583Error(this.code, detail, {
      path,
      offset,
      expected: this.expected,
      found: this.found,
      problems: this.problems,
      cause: (this as { cause?: unknown }).cause,
    });
  }
}

function locationSuffix(path: string | undefined, offset: number | undefined): string {
  if (path !== undefined && offset !== undefined) return ` (field ${path}, byte ${offset})`;
  if (path !== undefined) return ` (field ${path})`;
  if (offset !== undefined) return ` (byte ${offset})`;
  return '';
}
