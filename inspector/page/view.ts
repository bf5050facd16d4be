// The decoded message on the page: summary, errors, the byte view and the field table, linked both ways.
import { DIALECT_LABELS } from '../dialects.js';
import { FRAMINGS } from '../framing.js';
import type { Inspection } from '../inspect.js';
import type { InspectorRow } from '../rows.js';
import { byId, el } from './dom.js';

const COLOURS = 6;
const MAX_INDENT = 6;

export class ResultView {
  private readonly results = byId<HTMLElement>('results');
  private readonly summary = byId<HTMLElement>('summary');
  private readonly errors = byId<HTMLElement>('errors');
  private readonly bytes = byId<HTMLElement>('bytes');
  private readonly tbody = byId<HTMLTableSectionElement>('field-rows');
  private readonly status = byId<HTMLElement>('selection-status');
  private inspection: Inspection | undefined;
  private hexCells: HTMLElement[] = [];
  private asciiCells: HTMLElement[] = [];
  private rowEls: HTMLTableRowElement[] = [];
  private readonly collapsed = new Set<number>();
  private selected = -1;
  private hovered = -1;
  /** The one row whose button is in the tab order (arrows move between rows: one Tab stop for the whole table). */
  private roving = 0;
  private perLine = 16;

  constructor() {
    this.bytes.addEventListener('click', (e) => this.onByteEvent(e, 'click'));
    this.bytes.addEventListener('mouseover', (e) => this.onByteEvent(e, 'hover'));
    this.bytes.addEventListener('mouseleave', () => this.hover(-1));
    this.bytes.addEventListener('keydown', (e) => this.onBytesKey(e));
    this.tbody.addEventListener('click', (e) => this.onTableClick(e));
    this.tbody.addEventListener('keydown', (e) => this.onTableKey(e));
    this.tbody.addEventListener('focusin', (e) => {
      const r = rowOf(e.target);
      if (r >= 0 && r !== this.selected) this.select(r, 'bytes');
    });
    this.tbody.addEventListener('mouseover', (e) => this.hover(rowOf(e.target)));
    this.tbody.addEventListener('mouseleave', () => this.hover(-1));
  }

  /** Shows a new inspection, nothing selected. */
  show(inspection: Inspection): void {
    this.inspection = inspection;
    this.collapsed.clear();
    this.selected = -1;
    this.hovered = -1;
    this.roving = 0;
    this.results.hidden = false;
    this.renderSummary();
    this.renderErrors();
    this.renderBytes();
    this.renderTable();
    this.status.textContent = '';
  }

  /** Bytes per line of the byte view (16 on a desktop, 8 on a phone). */
  setBytesPerLine(n: number): void {
    if (n === this.perLine) return;
    this.perLine = n;
    if (this.inspection) {
      this.renderBytes();
      if (this.selected >= 0) this.mark(this.selected, 'sel', true);
    }
  }

  /** Selects row `r` in both views; `scroll` says which view to bring it into. */
  select(r: number, scroll: 'bytes' | 'table' | 'none'): void {
    const i = this.inspection;
    if (!i || r < 0 || r >= i.rows.length) return;
    if (this.selected >= 0) this.mark(this.selected, 'sel', false);
    this.selected = r;
    this.reveal(r);
    this.mark(r, 'sel', true);
    this.setRoving(r);
    const row = i.rows[r]!;
    const size = row.end - row.start;
    this.status.textContent = `${row.path}: ${row.name}${row.localName ? ` ${row.localName}` : ''}, bytes ${row.start} to ${row.end - 1} (${size} byte${size === 1 ? '' : 's'})`;
    if (scroll === 'bytes') bringIntoView(this.hexCells[Math.min(row.start, this.hexCells.length - 1)]);
    if (scroll === 'table') bringIntoView(this.rowEls[r]);
  }

  /** Selects the row holding byte `offset` (or shows where the input ends) and moves focus to the byte view. */
  goToByte(offset: number): void {
    const i = this.inspection;
    if (!i) return;
    const r = offset < i.size ? i.byteRow[offset]! : -1;
    if (r >= 0) this.select(r, 'table');
    bringIntoView(offset < i.size ? this.hexCells[offset] : this.bytes.querySelector<HTMLElement>('.end-marker'));
    this.bytes.focus();
  }

  private renderSummary(): void {
    const i = this.inspection!;
    const s = i.summary;
    const parts: Node[] = [];
    if (s) {
      parts.push(el('span', { class: 'mti', 'data-test': 'mti' }, s.mti));
      if (s.transaction) {
        const t = s.transaction;
        const txn = el('span', { class: 'txn', 'data-test': 'transaction' }, t.name, t.localName ? ' ' : '', el('span', { lang: 'zh-CN' }, t.localName ?? ''));
        if (s.reverses) txn.append(` of ${s.reverses.name}`, s.reverses.localName ? ' ' : '', el('span', { lang: 'zh-CN' }, s.reverses.localName ?? ''));
        parts.push(txn);
      }
      parts.push(el('span', { class: 'mti-text' }, s.mtiText));
      if (s.response) {
        const r = s.response;
        parts.push(el('span', { 'data-test': 'response' }, `39 = ${r.code}: ${r.meaning}`, r.localMeaning ? el('span', { lang: 'zh-CN' }, ` ${r.localMeaning}`) : '', ` (${r.action})`));
      }
    } else {
      parts.push(el('span', { class: 'mti' }, 'no message type read'));
    }
    const framing = `${FRAMINGS[i.framing].label}${i.framingDetected ? ' (detected)' : ''}`;
    parts.push(el('span', { class: 'meta' }, `${i.size} bytes · framing: ${framing} · dialect: ${DIALECT_LABELS[i.dialect]}`));
    this.summary.replaceChildren(...parts);
  }

  private renderErrors(): void {
    const i = this.inspection!;
    this.errors.setAttribute('role', i.errors.length > 0 ? 'alert' : 'none');
    this.errors.replaceChildren(
      ...i.errors.map((e) => {
        const where = e.offset < i.size ? `byte ${e.offset}` : `byte ${e.offset} (the end of the input)`;
        const go = el('button', { type: 'button', 'data-offset': String(e.offset) }, `Show byte ${e.offset}`);
        go.addEventListener('click', () => this.goToByte(e.offset));
        return el(
          'div',
          { class: 'error-item', 'data-test': 'error', 'data-code': e.code, 'data-offset': String(e.offset) },
          el('code', {}, e.code),
          ` at ${where}${e.path ? `, field ${e.path}` : ''} (${e.where}): ${e.message}`,
          go,
        );
      }),
    );
  }

  private renderBytes(): void {
    const i = this.inspection!;
    const errorAt = new Set(i.errors.map((e) => e.offset));
    const colour = colours(i.rows);
    const digits = i.size > 0xffff ? 6 : 4;
    const lines = document.createDocumentFragment();
    this.hexCells = new Array<HTMLElement>(i.size);
    this.asciiCells = new Array<HTMLElement>(i.size);
    for (let start = 0; start < i.size || start === 0; start += this.perLine) {
      const hex = el('span', { class: 'bhex' });
      const ascii = el('span', { class: 'basc' });
      for (let b = start; b < Math.min(start + this.perLine, i.size); b++) {
        const hidden = i.hidden[b] === 1;
        const cls = `${hidden ? 'hid' : colour[i.byteTop[b]!] ?? 'hid'}${errorAt.has(b) ? ' err' : ''}`;
        const h = el('span', { class: `b ${cls}${(b - start) % 8 === 7 ? ' gap' : ''}`, 'data-i': String(b) }, hidden ? '••' : i.input[b]!.toString(16).toUpperCase().padStart(2, '0'));
        const a = el('span', { class: `a ${cls}`, 'data-i': String(b) }, hidden ? '•' : printable(i.input[b]!));
        this.hexCells[b] = h;
        this.asciiCells[b] = a;
        hex.append(h);
        ascii.append(a);
      }
      if (start + this.perLine >= i.size && [...errorAt].some((o) => o >= i.size)) {
        hex.append(el('span', { class: 'end-marker err', title: 'the input ends here' }, 'end'));
      }
      lines.append(el('span', { class: 'bline' }, el('span', { class: 'boff' }, start.toString(16).toUpperCase().padStart(digits, '0')), hex, ascii));
      if (i.size === 0) break;
    }
    this.bytes.replaceChildren(lines);
  }

  private renderTable(): void {
    const i = this.inspection!;
    const colour = colours(i.rows);
    const hasChildren = new Uint8Array(i.rows.length);
    for (const row of i.rows) if (row.parent >= 0) hasChildren[row.parent] = 1;
    const errorRows = new Set(i.errors.filter((e) => e.offset < i.size).map((e) => i.byteRow[e.offset]!));
    this.rowEls = i.rows.map((row, r) => {
      const path = el('td', { class: `path d${Math.min(row.depth, MAX_INDENT)}` });
      if (hasChildren[r]) {
        path.append(el('button', { type: 'button', class: 'toggle', 'aria-expanded': 'true', 'aria-label': `fold ${row.path}`, tabindex: '-1' }, '−'));
      } else {
        path.append(el('span', { class: 'toggle-space' }));
      }
      // Inside its parent a row shows only its own part of the path; the full path is its accessible name.
      const label = row.parent >= 0 ? row.path.slice(i.rows[row.parent]!.path.length + 1) : row.path;
      path.append(el('span', { class: `chip ${colour[r] ?? 'hid'}` }), el('button', { type: 'button', class: 'field-button', 'aria-label': row.path, tabindex: r === 0 ? '0' : '-1' }, label));
      const name = el('td', { class: 'name', 'data-label': 'Name' }, row.name);
      if (row.layout) name.append(el('span', { class: 'layout' }, ` [${row.layout}]`));
      if (row.localName) name.append(el('span', { class: 'local', lang: 'zh-CN' }, row.localName));
      const tr = el(
        'tr',
        { 'data-row': String(r), 'data-path': row.path, class: `${row.kind === 'frame' ? 'frame' : 'field'} depth${Math.min(row.depth, MAX_INDENT)}${errorRows.has(r) ? ' err-row' : ''}` },
        path,
        name,
        el('td', { class: 'attr', 'data-label': 'Attribute' }, row.attribute),
        el('td', { class: 'prefix', 'data-label': 'Prefix' }, row.prefixHex),
        hexCell(row, hasChildren[r] === 1),
        el('td', { class: 'value', 'data-label': 'Value' }, row.value),
      );
      return tr;
    });
    this.tbody.replaceChildren(...this.rowEls);
  }

  /** Adds or removes `cls` on row `r` and its bytes. */
  private mark(r: number, cls: string, on: boolean): void {
    const i = this.inspection!;
    const row = i.rows[r]!;
    this.rowEls[r]?.classList.toggle(cls, on);
    for (let b = row.start; b < Math.min(row.end, i.size); b++) {
      this.hexCells[b]?.classList.toggle(cls, on);
      this.asciiCells[b]?.classList.toggle(cls, on);
    }
  }

  private hover(r: number): void {
    if (r === this.hovered) return;
    if (this.hovered >= 0) this.mark(this.hovered, 'hov', false);
    this.hovered = r;
    if (r >= 0) this.mark(r, 'hov', true);
  }

  private onByteEvent(e: Event, kind: 'click' | 'hover'): void {
    const i = this.inspection;
    const target = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[data-i]') : null;
    if (!i || !target) return;
    const r = i.byteRow[Number(target.dataset.i)] ?? -1;
    if (kind === 'hover') this.hover(r);
    else if (r >= 0) this.select(r, 'table');
  }

  private onBytesKey(e: KeyboardEvent): void {
    const i = this.inspection;
    if (!i || i.rows.length === 0) return;
    const visible = this.visibleRows();
    const at = visible.indexOf(this.selected);
    let next: number | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = visible[at < 0 ? 0 : Math.min(at + 1, visible.length - 1)];
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = visible[at < 0 ? 0 : Math.max(at - 1, 0)];
    else if (e.key === 'Home') next = visible[0];
    else if (e.key === 'End') next = visible[visible.length - 1];
    else if (e.key === 'Enter' && this.selected >= 0) {
      e.preventDefault();
      this.focusRow(this.selected);
      return;
    } else return;
    e.preventDefault();
    if (next !== undefined) this.select(next, 'bytes');
  }

  private onTableClick(e: MouseEvent): void {
    const r = rowOf(e.target);
    if (r < 0) return;
    if (e.target instanceof HTMLElement && e.target.closest('.toggle')) {
      this.setCollapsed(r, !this.collapsed.has(r));
      return;
    }
    this.select(r, 'bytes');
    this.focusRow(r);
  }

  private onTableKey(e: KeyboardEvent): void {
    const r = rowOf(e.target);
    if (r < 0) return;
    const visible = this.visibleRows();
    const at = visible.indexOf(r);
    const row = this.inspection!.rows[r]!;
    const parentOf = (k: number): boolean => this.inspection!.rows.some((x) => x.parent === k);
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = visible[Math.min(at + 1, visible.length - 1)];
        break;
      case 'ArrowUp':
        next = visible[Math.max(at - 1, 0)];
        break;
      case 'Home':
        next = visible[0];
        break;
      case 'End':
        next = visible[visible.length - 1];
        break;
      case 'ArrowRight':
        if (parentOf(r) && this.collapsed.has(r)) this.setCollapsed(r, false);
        else if (parentOf(r)) next = r + 1;
        break;
      case 'ArrowLeft':
        if (parentOf(r) && !this.collapsed.has(r)) this.setCollapsed(r, true);
        else if (row.parent >= 0) next = row.parent;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) this.focusRow(next);
  }

  private setRoving(r: number): void {
    if (r === this.roving) return;
    this.rowEls[this.roving]?.querySelector('.field-button')?.setAttribute('tabindex', '-1');
    this.rowEls[r]?.querySelector('.field-button')?.setAttribute('tabindex', '0');
    this.roving = r;
  }

  private focusRow(r: number): void {
    this.setRoving(r);
    this.rowEls[r]?.querySelector<HTMLElement>('.field-button')?.focus({ preventScroll: true });
    bringIntoView(this.rowEls[r]);
  }

  private setCollapsed(r: number, folded: boolean): void {
    if (folded) this.collapsed.add(r);
    else this.collapsed.delete(r);
    const toggle = this.rowEls[r]?.querySelector('.toggle');
    const path = this.inspection!.rows[r]!.path;
    toggle?.setAttribute('aria-expanded', String(!folded));
    toggle?.setAttribute('aria-label', `${folded ? 'unfold' : 'fold'} ${path}`);
    if (toggle) toggle.textContent = folded ? '+' : '−';
    const rows = this.inspection!.rows;
    for (let k = 0; k < rows.length; k++) this.rowEls[k]!.hidden = !this.isVisible(k, rows);
    // The tab stop may not hide inside a folded row.
    if (!this.isVisible(this.roving, rows)) this.setRoving(r);
  }

  /** Unfolds the rows around `r` so that it can be seen. */
  private reveal(r: number): void {
    const rows = this.inspection!.rows;
    for (let p = rows[r]!.parent; p >= 0; p = rows[p]!.parent) if (this.collapsed.has(p)) this.setCollapsed(p, false);
  }

  private isVisible(k: number, rows: readonly InspectorRow[]): boolean {
    for (let p = rows[k]!.parent; p >= 0; p = rows[p]!.parent) if (this.collapsed.has(p)) return false;
    return true;
  }

  private visibleRows(): number[] {
    const rows = this.inspection!.rows;
    const out: number[] = [];
    for (let k = 0; k < rows.length; k++) if (this.isVisible(k, rows)) out.push(k);
    return out;
  }
}

/** The colour class of each row: frame parts grey-blue, MTI and bitmap grey, fields in turn through the palette. */
function colours(rows: readonly InspectorRow[]): string[] {
  const out: string[] = [];
  let n = 0;
  let f = 0;
  let top = '';
  for (const row of rows) {
    if (row.depth === 0) top = row.kind === 'frame' ? `f${f++ % 2}` : row.path === 'MTI' || row.path === 'bitmap' ? 'cm' : `c${n++ % COLOURS}`;
    out.push(top);
  }
  return out;
}

/**
 * Scrolls `target` into view inside the pane that scrolls it (the byte view, the table on a desktop), a third of the
 * way down, without moving the page; where no pane scrolls (the table on a phone), the page scrolls.
 */
function bringIntoView(target: HTMLElement | null | undefined): void {
  if (!target) return;
  const pane = target.closest<HTMLElement>('.bytes-pane, .table-pane');
  if (!pane || pane.scrollHeight <= pane.clientHeight || getComputedStyle(pane).overflowY === 'visible') {
    target.scrollIntoView({ block: 'nearest' });
    return;
  }
  const p = pane.getBoundingClientRect();
  const t = target.getBoundingClientRect();
  if (t.top < p.top || t.bottom > p.bottom) pane.scrollTop += t.top - p.top - pane.clientHeight / 3;
}

// A container's hex is its children's again: shown in full only as a tooltip, so the table stays readable.
const CONTAINER_HEX = 32;

function hexCell(row: InspectorRow, container: boolean): HTMLTableCellElement {
  if (!container || row.hex.length <= CONTAINER_HEX) return el('td', { class: 'hex', 'data-label': 'Raw hex' }, row.hex);
  return el('td', { class: 'hex', 'data-label': 'Raw hex', title: row.hex }, `${row.hex.slice(0, CONTAINER_HEX)}… (${row.hex.length / 2} bytes)`);
}

function rowOf(target: EventTarget | null): number {
  const tr = target instanceof Element ? target.closest<HTMLElement>('tr[data-row]') : null;
  return tr ? Number(tr.dataset.row) : -1;
}


function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}
