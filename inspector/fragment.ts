// The inspector's link form: `#dialect=<name>&framing=<name>&hex=<hex>`. A fragment never leaves the browser.
import { isDialectName, type DialectName } from './dialects.js';
import { isFramingName, type FramingName } from './framing.js';

export interface FragmentInput {
  dialect?: DialectName;
  framing?: FramingName | 'auto';
  /** The hex as written in the link (any spacing the paste box accepts). */
  hex?: string;
  /** Names in the link that the page does not know, to say so rather than guess. */
  unknown: string[];
}

/** What a location hash (with or without its `#`) asks the page to show. */
export function readFragment(hash: string): FragmentInput {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const out: FragmentInput = { unknown: [] };
  const dialect = params.get('dialect');
  if (dialect !== null) {
    if (isDialectName(dialect)) out.dialect = dialect;
    else out.unknown.push(`dialect "${dialect.slice(0, 20)}"`);
  }
  const framing = params.get('framing');
  if (framing !== null) {
    if (framing === 'auto' || isFramingName(framing)) out.framing = framing;
    else out.unknown.push(`framing "${framing.slice(0, 20)}"`);
  }
  const hex = params.get('hex');
  if (hex !== null && hex.trim() !== '') out.hex = hex;
  return out;
}
