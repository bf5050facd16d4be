// Small DOM helpers: every text goes in as text (never as HTML), so nothing in a message can become markup.

/** An element with attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, value);
  for (const c of children) e.append(c);
  return e;
}

/** The element with `id`; the page template always has it. */
export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`page template lacks #${id}`);
  return e as T;
}

/** Fills a select with `options` (value, label) and selects `value`. */
export function fillSelect(select: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  select.replaceChildren(...options.map(([v, label]) => el('option', { value: v }, label)));
  select.value = value;
}
