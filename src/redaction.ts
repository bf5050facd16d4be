// Masked renderings for objects that hold card data or keys: Node's inspect hook, JSON.stringify and String().

/**
 * Node's `util.inspect` hook, looked up by its registry name so the portable core needs no `node:util`
 * import (Deno and Bun honour the same symbol).
 */
export const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/** What a hidden value prints as. */
export const REDACTED = '[redacted]';

/** `[8 bytes redacted]`: a stand-in that says how much was hidden, never what. */
export function redactedBytes(bytes: Uint8Array): string {
  return `[${bytes.length} byte${bytes.length === 1 ? '' : 's'} redacted]`;
}

type InspectFn = (value: unknown, options: object) => string;

/**
 * The inspect hook's answer for an object whose masked form is `masked`: `Name <masked form>` formatted by
 * Node's own `inspect` (colours, depth and line width as the caller asked), or `Name <JSON>` where there is none.
 * `depth` is what Node passes: below 0, the object is past the caller's depth and prints as `[Name]`.
 */
export function inspectMasked(name: string, masked: unknown, depth?: unknown, options?: unknown, inspect?: unknown): string {
  if (typeof depth === 'number' && depth < 0) return `[${name}]`;
  if (typeof inspect === 'function' && typeof options === 'object' && options !== null) {
    const opts = options as { depth?: number | null };
    const nested = { ...opts, depth: opts.depth == null ? opts.depth : opts.depth - 1 };
    return `${name} ${(inspect as InspectFn)(masked, nested)}`;
  }
  return `${name} ${JSON.stringify(masked)}`;
}

/** What `defineMaskedRendering` needs: the object's name and its masked, JSON-safe form. */
export interface MaskedView<T> {
  /** Name shown by `String()` and `util.inspect`, e.g. `'TerminalSession'`. */
  name: string;
  /** The masked form: what `JSON.stringify` writes and `util.inspect` shows. Must hold no secret. */
  masked(self: T): unknown;
  /** The `String()` text; `Name <JSON of the masked form>` when left out. */
  text?(self: T): string;
}

/**
 * Gives every instance of a class masked renderings only: `toJSON`, `toString` and the inspect hook are defined
 * (non-enumerable) on `proto` from one masked view, so no rendering path can print more than the others.
 */
export function defineMaskedRendering<T extends object>(proto: T, view: MaskedView<T>): void {
  const text = view.text ?? ((self: T) => `${view.name} ${JSON.stringify(view.masked(self))}`);
  const methods: Record<PropertyKey, (this: T, ...args: unknown[]) => unknown> = {
    toJSON(this: T) {
      return view.masked(this);
    },
    toString(this: T) {
      return text(this);
    },
    [inspectSymbol](this: T, depth?: unknown, options?: unknown, inspect?: unknown) {
      return inspectMasked(view.name, view.masked(this), depth, options, inspect);
    },
  };
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(proto, key, { value: methods[key as string], writable: true, configurable: true, enumerable: false });
  }
}
