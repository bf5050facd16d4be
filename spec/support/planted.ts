/** Searching every rendering of a value for planted card data and keys. */
import { inspect } from 'node:util';
import { fromHex } from '../../src/bytes/hex.js';

/** Every form a secret may take in text: as written, lower case, and as the decimal bytes `util.inspect` prints. */
export function forms(secret: string, hex: boolean): string[] {
  const out = [secret, secret.toLowerCase()];
  const bytes = hex ? [...fromHex(secret.length % 2 ? `${secret}F` : secret)] : [...secret].map((c) => c.charCodeAt(0));
  if (bytes.length >= 4) out.push(bytes.slice(0, 4).join(', '));
  return out;
}

/** Throws, quoting the place, when `raw` holds any of `needles`. */
export function expectNoSecret(raw: string, where: string, needles: readonly string[]): void {
  // util.inspect lays long number arrays out in aligned columns: one space after each comma makes them searchable.
  const text = raw.replace(/,\s+/g, ', ');
  for (const needle of needles) {
    if (text.includes(needle)) throw new Error(`${where} shows ${JSON.stringify(needle)}:\n${text.slice(Math.max(0, text.indexOf(needle) - 200), text.indexOf(needle) + 200)}`);
  }
}

/** Every way a value reaches a log or a screen. */
export function renderings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {
    inspect: inspect(value),
    'inspect depth 0': inspect(value, { depth: 0 }),
    'inspect depth null, showHidden': inspect(value, { depth: null, showHidden: true, maxArrayLength: null, maxStringLength: null }),
    'inspect nested in a log record': inspect({ level: 'info', record: { items: [value] } }, { depth: Infinity, showHidden: true, maxArrayLength: null }),
    'JSON.stringify': JSON.stringify(value) ?? '',
    'JSON.stringify nested': JSON.stringify({ record: [value] }),
    'String()': String(value),
    'template literal': `${value as string}`,
  };
  if (value instanceof Error) {
    out.stack = value.stack ?? '';
    out['inspect error with cause'] = inspect(value, { depth: null, showHidden: true });
  }
  return out;
}

/** Throws when any rendering of `value` holds any of `needles`. */
export function expectClean(value: unknown, label: string, needles: readonly string[]): void {
  for (const [how, text] of Object.entries(renderings(value))) expectNoSecret(text, `${label}, ${how}`, needles);
}
