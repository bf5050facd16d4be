// The inspector page in a real headless Chromium (Debian's package): captured frames through the link and the paste
// box, masking in the DOM, the TLV tree, errors at their byte, the tools, both layouts, and no network request at all.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, encryptPinBlock, fromHex, toHex } from '../../src/index.js';
import { inspectorDialects, platformGbkCodec } from '../../inspector/dialects.js';
import { inspect } from '../../inspector/inspect.js';
import { buildInspectorHtml } from '../../scripts/build-inspector.js';
import { loadCupFixtures } from '../fixtures/cup-fixtures.js';

const CHROMIUM = process.env.POS8583_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.POS8583_REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sale = loadCupFixtures().find((f) => f.file === 'cup-0200-sale-1.json')!;
const SALE_PAN = sale.fields['2'] as string;
const SALE_TRACK = sale.fields['35'] as string;
const iso = JSON.parse(readFileSync(new URL('../../fixtures/iso/iso87ascii-0200-purchase.json', import.meta.url), 'utf8')) as { hex: string; fields: Record<string, string> };

if (!AVAILABLE && !REQUIRED) {
  console.warn(`inspector browser tests skipped: ${CHROMIUM} not found (apt-get install chromium; .ci/run sets POS8583_REQUIRE_BROWSER=1 to require it)`);
}

if (!AVAILABLE && REQUIRED) {
  describe('inspector page in headless Chromium (required)', () => {
    it('finds the Chromium that POS8583_REQUIRE_BROWSER=1 demands', () => {
      expect.fail(`POS8583_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install Debian's chromium (apt-get install chromium)`);
    });
  });
}

describe.skipIf(!AVAILABLE)(`inspector page in headless Chromium${AVAILABLE ? '' : ` (skipped: ${CHROMIUM} not found)`}`, () => {
  let dir: string;
  let pageUrl: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos8583-inspector-'));
    writeFileSync(join(dir, 'inspector.html'), await buildInspectorHtml());
    pageUrl = pathToFileURL(join(dir, 'inspector.html')).href;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 800 },
      offline: true,
    });
    context.on('request', (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(fragment = ''): Promise<void> {
    // A blank page between loads, so a fragment change is a fresh load and not only a hashchange.
    await page.goto('about:blank');
    await page.goto(pageUrl + fragment);
    if (fragment) await page.locator('#results:not([hidden])').waitFor();
  }

  const paths = () => page.locator('#field-rows tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { path: string } }).dataset.path));
  const cell = (path: string, cls: string) => page.locator(`#field-rows tr[data-path="${path}"] td.${cls}`);
  const everything = async (): Promise<string> =>
    [
      await page.content(),
      await page.locator('body').innerText(),
      ...(await page.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))),
    ].join('\n');

  it('decodes a captured sale from the link: transaction, every row the library describes, TLV tree with EMV names', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    await expect(page.locator('[data-test=transaction]').innerText()).resolves.toBe('Sale 消费');
    await expect(page.locator('[data-test=mti]').innerText()).resolves.toBe('0200');
    const expected = inspect(fromHex(sale.hex), { dialect: 'cup', framing: 'auto' }, inspectorDialects({ gbk: platformGbkCodec() }));
    await expect(paths()).resolves.toStrictEqual(expected.rows.map((r) => r.path));
    await expect(cell('4', 'value').innerText()).resolves.toBe('000000000001');
    await expect(cell('header.sub', 'value').innerText()).resolves.toBe('311108');
    await expect(cell('tpdu.dest', 'hex').innerText()).resolves.toBe('0501');
    await expect(cell('55.9F26', 'name').innerText()).resolves.toBe('Application Cryptogram\n应用密文');
    await expect(cell('55.9F26', 'prefix').innerText()).resolves.toBe('9F2608');
    await expect(cell('55.9F26', 'hex').innerText()).resolves.toBe('ED1D6BA78357FB25');
    await expect(cell('55', 'attr').innerText()).resolves.toBe('b..255 bytes LLLVAR · binary · BER-TLV');
    await expect(cell('60.1', 'value').innerText()).resolves.toBe('22');
    await expect(page.locator('#errors .error-item').count()).resolves.toBe(0);
  });

  it('shows the PAN masked as the library masks it and the clear PAN and track nowhere in the DOM', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    await expect(cell('2', 'value').innerText()).resolves.toBe('621081*********4940');
    await expect(cell('2', 'hex').innerText()).resolves.toBe('*'.repeat(20));
    await expect(cell('35', 'value').innerText()).resolves.toBe('621081*********4940D*****************');
    await expect(page.locator('#bytes .b[data-i="24"]').innerText()).resolves.toBe('••');
    const dom = await everything();
    expect(dom).not.toContain(SALE_PAN);
    expect(dom).not.toContain(SALE_PAN.slice(6, 15));
    expect(dom).not.toContain(SALE_TRACK.slice(19));
  });

  it('hides an ASCII PAN in both columns of the byte view', async () => {
    await open(`#dialect=iso87ascii&hex=${iso.hex}`);
    await expect(cell('2', 'value').innerText()).resolves.toBe(`${iso.fields['2']!.slice(0, 6)}${'*'.repeat(iso.fields['2']!.length - 10)}${iso.fields['2']!.slice(-4)}`);
    const dom = await everything();
    expect(dom).not.toContain(iso.fields['2']);
    expect(dom).not.toContain(iso.fields['2']!.slice(6, 12));
  });

  it('folds and unfolds the TLV tree of 55', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    const toggle = page.locator('#field-rows tr[data-path="55"] .toggle');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.locator('#field-rows tr[data-path="55.9F26"]').isHidden()).resolves.toBe(true);
    await page.locator('#field-rows tr[data-path="55"] .field-button').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#field-rows tr[data-path="55.9F26"]').isVisible()).resolves.toBe(true);
  });

  it('links a byte to its field and a field to its bytes, by mouse and by keyboard', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    await page.locator('#bytes .b[data-i="105"]').click();
    await expect(page.locator('#field-rows tr.sel').getAttribute('data-path')).resolves.toBe('55.9F26');
    await expect(page.locator('#selection-status').innerText()).resolves.toBe('55.9F26: Application Cryptogram 应用密文, bytes 101 to 111 (11 bytes)');
    await expect(page.locator('#bytes .b.sel').count()).resolves.toBe(11);

    await page.locator('#field-rows tr[data-path="41"] .field-button').focus();
    await expect(page.locator('#bytes .b.sel').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { i: string } }).dataset.i))).resolves.toStrictEqual(
      ['73', '74', '75', '76', '77', '78', '79', '80'],
    );
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate('document.activeElement.closest("tr").dataset.path')).resolves.toBe('42');
    await expect(page.locator('#field-rows tr.sel').getAttribute('data-path')).resolves.toBe('42');

    await page.locator('#bytes').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#field-rows tr.sel').getAttribute('data-path')).resolves.toBe('49');
    await page.keyboard.press('Enter');
    await expect(page.evaluate('document.activeElement.closest("tr").dataset.path')).resolves.toBe('49');
    // The table is one Tab stop, on the selected row: Tab leaves it for what follows.
    await expect(page.locator('#field-rows .field-button[tabindex="0"]').count()).resolves.toBe(1);
    await page.locator('#bytes').focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.closest("tr").dataset.path')).resolves.toBe('49');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('mac-key');
  });

  it('reads a Wireshark hex dump from the paste box, empties the box and stores nothing', async () => {
    await open();
    const history = await page.evaluate('history.length');
    const bytes = fromHex(sale.hex);
    const lines: string[] = [];
    for (let o = 0; o < bytes.length; o += 16) {
      const chunk = Array.from(bytes.subarray(o, o + 16));
      const hex = chunk.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const text = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      lines.push(`${o.toString(16).padStart(4, '0')}   ${hex.padEnd(47)}   ${text}`);
    }
    await page.locator('#hex-input').fill(lines.join('\n'));
    await page.locator('#decode').click();
    await page.locator('#results:not([hidden])').waitFor();
    await expect(page.locator('[data-test=transaction]').innerText()).resolves.toBe('Sale 消费');
    await expect(page.locator('#input-status').innerText()).resolves.toContain('read as a hex dump');
    await expect(page.locator('#hex-input').inputValue()).resolves.toBe('');
    await expect(page.evaluate('[history.length, location.hash, localStorage.length, sessionStorage.length, document.cookie]')).resolves.toStrictEqual([
      history,
      '',
      0,
      0,
      '',
    ]);
    expect(await everything()).not.toContain(SALE_PAN);
    await page.locator('#edit-input').click();
    await expect(page.locator('#hex-input').inputValue()).resolves.toBe(lines.join('\n'));
  });

  it('decodes what is pasted at once, with the framing detected', async () => {
    await open();
    const reversal = loadCupFixtures().find((f) => f.file === 'cup-0410-reversal-1.json')!;
    await page.locator('#hex-input').focus();
    await page.evaluate(`(() => {
      const box = document.getElementById('hex-input');
      box.value = ${JSON.stringify(reversal.hex.replace(/(..)/g, '$1 '))};
      box.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
    })()`);
    await page.locator('#results:not([hidden])').waitFor();
    await expect(page.locator('[data-test=transaction]').innerText()).resolves.toBe('Reversal 冲正 of Sale 消费');
    await expect(page.locator('[data-test=response]').innerText()).resolves.toBe('39 = 00: approved 承兑或交易成功 (approved)');
    await expect(page.locator('.summary .meta').innerText()).resolves.toContain('framing: CUP: 2-byte length, TPDU, header (detected)');
  });

  it('reads a binary file opened with the file button or dropped on the page', async () => {
    await open();
    await page.locator('#file-input').setInputFiles({ name: 'sale.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(fromHex(sale.hex)) });
    await page.locator('#results:not([hidden])').waitFor();
    await expect(page.locator('[data-test=transaction]').innerText()).resolves.toBe('Sale 消费');
    await expect(page.locator('#input-status').innerText()).resolves.toContain('Decoded 282 bytes from the file.');

    const signIn = loadCupFixtures().find((f) => f.file === 'cup-0810-signin-1.json')!;
    await page.evaluate(`(() => {
      const hex = ${JSON.stringify(signIn.hex)};
      const bytes = new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'signin.bin'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    await page.locator('[data-test=mti]', { hasText: '0810' }).waitFor();
    await expect(page.locator('[data-test=transaction]').innerText()).resolves.toBe('Sign-in 签到');
  });

  it('decodes again when the framing or dialect is changed, and when the link changes', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    await page.locator('#framing').selectOption('none');
    await expect(page.locator('.summary .meta').innerText()).resolves.toContain('framing: none: the message alone ·');
    await expect(page.locator('#errors .error-item').count()).resolves.toBeGreaterThan(0);
    await page.locator('#framing').selectOption('auto');
    await expect(page.locator('#errors .error-item').count()).resolves.toBe(0);
    await page.locator('#dialect').selectOption('iso87binary');
    await expect(page.locator('.summary .meta').innerText()).resolves.toContain('dialect: iso87binary: ISO 8583:1987 binary');
    await page.evaluate(`location.hash = ${JSON.stringify(`#dialect=iso87ascii&hex=${iso.hex}`)}`);
    await page.locator('.summary .meta', { hasText: 'iso87ascii' }).waitFor();
    await expect(page.locator('#dialect').inputValue()).resolves.toBe('iso87ascii');
  });

  it('shows a truncated frame up to its last whole field, with the errors at their bytes', async () => {
    await open(`#dialect=cup&hex=${sale.hex.slice(0, 300)}`);
    const errors = page.locator('#errors .error-item');
    await expect(errors.evaluateAll((els) => els.map((e) => [(e as unknown as { dataset: { code: string; offset: string } }).dataset.code, (e as unknown as { dataset: { offset: string } }).dataset.offset]))).resolves.toStrictEqual([
      ['FRAME_LENGTH_MISMATCH', '150'],
      ['TRUNCATED', '101'],
    ]);
    await expect(errors.nth(1).innerText()).resolves.toContain('TRUNCATED at byte 101, field 55 (message): field runs past the end of the data (field 55, byte 88)');
    await expect(page.locator('#bytes .b[data-i="101"]').getAttribute('class')).resolves.toContain('err');
    await expect(page.locator('#bytes .end-marker').count()).resolves.toBe(1);
    await expect(paths().then((p) => p.slice(-3))).resolves.toStrictEqual(['41', '42', '49']);
    await errors.nth(1).locator('button').click();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('bytes');
  });

  it('verifies the MAC of the captured sale with its published test MAK, and computes a KCV', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    const history = await page.evaluate('history.length');
    await page.locator('#mac-key').fill(sale.fields.mak as string);
    await page.locator('#mac-tool button[type=submit]').click();
    await expect(page.locator('#mac-result').innerText()).resolves.toBe('the MAC matches: this message was signed with this MAK (cup-ecb)');
    await page.locator('#kcv-key').fill('F039121BEC83D26B169BDCD5B22AAF8F');
    await page.locator('#kcv-tool button[type=submit]').click();
    await expect(page.locator('#kcv-result').innerText()).resolves.toBe('KCV CB9DEA');
    await page.locator('#pin-key').fill('0123456789ABCDEFFEDCBA9876543210');
    await page.locator('#pin-tool button[type=submit]').click();
    await expect(page.locator('#pin-result').innerText()).resolves.toBe('NO_INPUT: the message carries no PIN block (52): type one');
    await expect(page.evaluate('[history.length, localStorage.length, document.cookie]')).resolves.toStrictEqual([history, 0, '']);
  });

  it('decodes the PIN block of a test message with its test PIN key, the format taken from 53.1', async () => {
    const tpk = '0123456789ABCDEFFEDCBA9876543210';
    const pan = '6225880123456783';
    const body = dialects.cup.encode({
      mti: '0200',
      fields: { '2': pan, '3': '000000', '11': '000001', '52': toHex(encryptPinBlock(0, fromHex(tpk), '123456', pan)), '53': '2600000000000000' },
    });
    await open(`#dialect=cup&framing=none&hex=${toHex(body)}`);
    await expect(page.locator('#pin-format').inputValue()).resolves.toBe('0');
    await page.locator('#pin-key').fill(tpk);
    await page.locator('#pin-tool button[type=submit]').click();
    await expect(page.locator('#pin-result').innerText()).resolves.toBe('PIN 123456');
    await expect(cell('52', 'hex').innerText()).resolves.toBe('*'.repeat(16));
  });

  it('keeps text readable: every byte colour and the error colour contrast at least 4.5:1 with their text', async () => {
    await open(`#dialect=cup&hex=${sale.hex.slice(0, 300)}`);
    const ratios = (await page.evaluate(`(() => {
      const lum = (c) => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(Number).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const out = {};
      for (const el of document.querySelectorAll('#bytes .b:not(.hid)')) {
        const s = getComputedStyle(el);
        const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
        out[el.className.replace(/ (gap|sel|hov)/g, '')] = Math.round(((a + 0.05) / (b + 0.05)) * 10) / 10;
      }
      return out;
    })()`)) as Record<string, number>;
    expect(Object.keys(ratios).length).toBeGreaterThan(5);
    for (const [cls, ratio] of Object.entries(ratios)) expect(ratio, cls).toBeGreaterThanOrEqual(4.5);
  });

  it('fits a phone: eight bytes a line, fields as cards, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await open(`#dialect=cup&hex=${sale.hex}`);
      await expect(page.locator('#bytes .bline').first().locator('.b').count()).resolves.toBe(8);
      await expect(page.locator('#fields thead').isHidden()).resolves.toBe(true);
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('fits 1280×800 with both panes side by side, and saves a screenshot of the decoded sale', async () => {
    await open(`#dialect=cup&hex=${sale.hex}`);
    await expect(page.locator('#bytes .bline').first().locator('.b').count()).resolves.toBe(16);
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(1280);
    const [bytesBox, tableBox] = await Promise.all([page.locator('.bytes-pane').boundingBox(), page.locator('.table-pane').boundingBox()]);
    expect(tableBox!.x).toBeGreaterThan(bytesBox!.x + bytesBox!.width - 1);
    await page.locator('#bytes .b[data-i="105"]').click();
    await page.evaluate('window.scrollTo(0, document.getElementById("results").offsetTop - 4)');
    // docs/inspector.png is the README's picture: rewritten only when asked, so test runs leave the tree clean.
    const out = process.env.POS8583_UPDATE_SCREENSHOT === '1' ? new URL('../../docs/inspector.png', import.meta.url).pathname : join(dir, 'inspector.png');
    mkdirSync(join(out, '..'), { recursive: true });
    const png = await page.screenshot({ path: out });
    expect([png.subarray(1, 4).toString('latin1'), png.readUInt32BE(16), png.readUInt32BE(20)]).toStrictEqual(['PNG', 1280, 800]);
  });

  it('made no request but for the page itself, and logged no error or policy violation', () => {
    expect(requests.filter((u) => u !== 'about:blank' && !u.startsWith(pageUrl))).toStrictEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(problems).toStrictEqual([]);
  });
});
