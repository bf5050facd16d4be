// The inspector page's entry: reads a message from the paste box, a dropped or opened file, or the link's fragment,
// and shows what the library makes of it. Nothing is stored and nothing is sent anywhere.
import { toHex } from '../../src/portable.js';
import { DIALECT_LABELS, DIALECT_NAMES, inspectorDialects, platformGbkCodec, type DialectName } from '../dialects.js';
import { readFragment } from '../fragment.js';
import { FRAMINGS, FRAMING_NAMES, type FramingName } from '../framing.js';
import { parseHexInput } from '../hex-input.js';
import { inspect, type Inspection } from '../inspect.js';
import { byId, fillSelect } from './dom.js';
import { ToolsView } from './tools-view.js';
import { ResultView } from './view.js';

/** Longest input read: a frame with a 2-byte length is at most 65,537 bytes; more is not one message. */
const MAX_INPUT = 70_000;

interface Input {
  bytes: Uint8Array;
  /** The text the bytes came from (for Edit input), when they came as text. */
  text?: string;
  from: string;
}

const textarea = byId<HTMLTextAreaElement>('hex-input');
const framingSelect = byId<HTMLSelectElement>('framing');
const dialectSelect = byId<HTMLSelectElement>('dialect');
const status = byId('input-status');
const editButton = byId<HTMLButtonElement>('edit-input');
const dialectOf = inspectorDialects({ gbk: platformGbkCodec() });
const view = new ResultView();
let current: Inspection | undefined;
const tools = new ToolsView(() => current, dialectOf);
let input: Input | undefined;

fillSelect(framingSelect, [['auto', 'detect'], ...FRAMING_NAMES.map((f): [string, string] => [f, FRAMINGS[f].label])], 'auto');
fillSelect(dialectSelect, DIALECT_NAMES.map((d): [string, string] => [d, DIALECT_LABELS[d]]), 'cup');

function say(text: string, problem = false): void {
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

function decode(): void {
  if (!input) return;
  current = inspect(input.bytes, { dialect: dialectSelect.value as DialectName, framing: framingSelect.value as FramingName | 'auto' }, dialectOf);
  view.show(current);
  tools.onInspection(current);
}

/** Takes `bytes` as the message to show, and empties the paste box so card data does not stay on screen. */
function take(next: Input, note: string): void {
  if (next.bytes.length > MAX_INPUT) {
    say(`${next.from} holds ${next.bytes.length} bytes: one message is at most 65,537 bytes with its length header.`, true);
    return;
  }
  input = next;
  textarea.value = '';
  editButton.hidden = false;
  decode();
  say(`Decoded ${next.bytes.length} bytes ${next.from}${note}. The input box was emptied so card data does not stay on screen; Edit input puts it back.`);
}

function takeText(text: string, from: string): void {
  const parsed = parseHexInput(text);
  if (!parsed.ok) {
    say(`Not read: ${parsed.problem.message}.`, true);
    return;
  }
  take({ bytes: parsed.bytes, text, from }, parsed.dump ? ' (read as a hex dump: offsets and text columns left out)' : '');
}

function takeFile(file: File): void {
  if (file.size > MAX_INPUT) {
    say(`The file holds ${file.size} bytes: one message is at most 65,537 bytes with its length header.`, true);
    return;
  }
  const reader = new FileReader();
  reader.onload = () => take({ bytes: new Uint8Array(reader.result as ArrayBuffer), from: 'from the file' }, '');
  reader.onerror = () => say('The file could not be read.', true);
  reader.readAsArrayBuffer(file);
}

function loadFragment(): void {
  const f = readFragment(location.hash);
  if (f.dialect) dialectSelect.value = f.dialect;
  if (f.framing) framingSelect.value = f.framing;
  if (f.unknown.length > 0) say(`The link names an unknown ${f.unknown.join(' and ')}.`, true);
  else if (f.hex !== undefined) takeText(f.hex, 'from the link');
}

byId('decode').addEventListener('click', () => {
  if (textarea.value.trim() !== '') takeText(textarea.value, 'you entered');
  else if (input) decode();
  else say('Paste or type a message in hex first.', true);
});
textarea.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    byId('decode').click();
  }
});
textarea.addEventListener('input', (e) => {
  if ((e as InputEvent).inputType === 'insertFromPaste') takeText(textarea.value, 'you pasted');
});
editButton.addEventListener('click', () => {
  if (!input) return;
  textarea.value = input.text ?? (toHex(input.bytes).match(/.{1,32}/g) ?? []).join('\n');
  editButton.hidden = true;
  textarea.focus();
});
framingSelect.addEventListener('change', decode);
dialectSelect.addEventListener('change', decode);
byId<HTMLInputElement>('file-input').addEventListener('change', (e) => {
  const picker = e.target as HTMLInputElement;
  const file = picker.files?.[0];
  if (file) takeFile(file);
  picker.value = '';
});

// Dropping: a file is read as binary; dropped text as if pasted.
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const file = e.dataTransfer?.files[0];
  const text = e.dataTransfer?.getData('text/plain');
  if (file) takeFile(file);
  else if (text) takeText(text, 'you dropped');
});

const narrow = window.matchMedia('(max-width: 640px)');
const fit = (): void => view.setBytesPerLine(narrow.matches ? 8 : 16);
narrow.addEventListener('change', fit);
fit();
window.addEventListener('hashchange', loadFragment);
loadFragment();
