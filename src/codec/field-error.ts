/** Error building shared by the field codec parts: a field's errors name its path, never its value. */
import { Iso8583Error, type Iso8583ErrorCode } from '../errors.js';
import type { LengthUnit } from './spec.js';

/** An error about the field at `path`. */
export function fieldError(path: string, code: Iso8583ErrorCode, detail: string, offset?: number, expected?: string, found?: string): Iso8583Error {
  return new Iso8583Error(code, detail, { path, offset, expected, found });
}

/** A length unit in words, for error text. */
export function unitWord(unit: LengthUnit): string {
  return unit === 'digits' ? 'digits' : unit === 'chars' ? 'characters' : 'bytes';
}

/** A value's type in words, for error text (never the value itself). */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return 'Uint8Array';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
