// The test-key tool forms: each reads its inputs, runs one library call on the message shown, and prints the outcome.
import type { Dialect } from '../../src/portable.js';
import type { DialectName } from '../dialects.js';
import type { Inspection } from '../inspect.js';
import { KCV_ALGORITHMS, MAC_SCHEMES, PIN_FORMATS, kcvTool, pinFormatOf, pinTool, verifyMacTool, type ToolResult } from '../tools.js';
import { byId, fillSelect } from './dom.js';

export class ToolsView {
  private readonly pinFormat = byId<HTMLSelectElement>('pin-format');

  constructor(current: () => Inspection | undefined, dialectOf: (name: DialectName) => Dialect) {
    fillSelect(byId('mac-scheme'), MAC_SCHEMES.map((s) => [s, s === 'cup-ecb' ? 'CUP ECB (银联 ECB MAC)' : s === 'retail' ? 'retail (ANSI X9.19)' : s === 'x9.9' ? 'ANSI X9.9' : 'CMAC']), 'cup-ecb');
    fillSelect(byId('kcv-algorithm'), KCV_ALGORITHMS.map((a) => [a, a === 'tdes' ? 'TDES' : a.toUpperCase()]), 'tdes');
    fillSelect(this.pinFormat, PIN_FORMATS.map((f) => [String(f), f === 'cup-no-pan' ? 'CUP without PAN (53.1 = 1)' : `ISO 9564 format ${f}${f === 0 ? ' (53.1 = 2)' : ''}`]), '0');
    const value = (id: string): string => byId<HTMLInputElement | HTMLSelectElement>(id).value;
    onSubmit('mac-tool', 'mac-result', () => {
      const i = current();
      if (!i) return noMessage;
      return verifyMacTool(dialectOf(i.dialect), i.body, value('mac-key'), value('mac-scheme') as (typeof MAC_SCHEMES)[number]);
    });
    onSubmit('kcv-tool', 'kcv-result', () => kcvTool(value('kcv-algorithm') as (typeof KCV_ALGORITHMS)[number], value('kcv-key')));
    onSubmit('pin-tool', 'pin-result', () => {
      const format = PIN_FORMATS.find((f) => String(f) === value('pin-format')) ?? 0;
      return pinTool(format, value('pin-key'), current()?.message, value('pin-block'), value('pin-pan'));
    });
  }

  /** Follows a newly shown message: its 53.1 picks the PIN block format. */
  onInspection(i: Inspection): void {
    const format = pinFormatOf(i.message);
    if (format !== undefined) this.pinFormat.value = String(format);
    for (const id of ['mac-result', 'pin-result']) show(byId(id), undefined);
  }
}

const noMessage: ToolResult = { ok: false, code: 'NO_INPUT', message: 'decode a message first' };

function onSubmit(formId: string, resultId: string, run: () => ToolResult): void {
  const result = byId(resultId);
  byId<HTMLFormElement>(formId).addEventListener('submit', (e) => {
    e.preventDefault();
    show(result, run());
  });
}

function show(target: HTMLElement, r: ToolResult | undefined): void {
  target.classList.toggle('bad', r !== undefined && !r.ok);
  target.textContent = r === undefined ? '' : r.ok ? r.text : `${r.code}: ${r.message}`;
}
