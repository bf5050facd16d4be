// The inspector's reading of captured frames: framing found, fields placed on the bytes, card data hidden, errors placed.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSACTIONS, concatBytes, dialects, fromHex, toHex } from '../../src/index.js';
import { inspectorDialects, platformGbkCodec, type DialectName } from '../../inspector/dialects.js';
import type { FramingName } from '../../inspector/framing.js';
import { inspect, type Inspection } from '../../inspector/inspect.js';
import { loadCupFixtures, type CupFixture } from '../fixtures/cup-fixtures.js';
import { SALE_HEX } from '../message/support.js';

const dialectOf = inspectorDialects({ gbk: platformGbkCodec() });
const sale = loadCupFixtures().find((f) => f.file === 'cup-0200-sale-1.json')!;
const SALE_PAN = '6210810840003424940';

function framingOf(fx: CupFixture): FramingName {
  if (fx.framing.startsWith('2-byte binary big-endian length')) return 'cup';
  if (fx.framing.startsWith('5-byte TPDU + 6-byte header')) return 'tpdu-header';
  return 'none';
}

function dialectFor(fx: { dialect?: unknown }): DialectName {
  return (fx.dialect as { macFormat?: string } | undefined)?.macFormat === 'binary' ? 'cup-binary-mac' : 'cup';
}

/** The byte view as text: each byte's hex, or `**` where the page hides it. */
function visibleHex(i: Inspection): string {
  let out = '';
  for (let b = 0; b < i.size; b++) out += i.hidden[b] ? '**' : toHex(i.input, b, b + 1);
  return out;
}

const row = (i: Inspection, path: string) => i.rows.find((r) => r.path === path)!;

describe('inspect() on captured CUP messages', () => {
  it.each(loadCupFixtures().map((fx) => [fx.file, fx] as const))('finds the framing of %s and decodes it whole', (_file, fx) => {
    const i = inspect(fromHex(fx.hex), { dialect: dialectFor(fx as { dialect?: unknown }), framing: 'auto' }, dialectOf);
    expect(i.errors).toStrictEqual([]);
    expect(i.framing).toBe(framingOf(fx));
    expect(i.framingDetected).toBe(true);
    expect(i.summary!.mti).toBe((fx.fields as { mti: string }).mti);
    expect(i.message).toBeDefined();
  });

  const frameDir = new URL('../../fixtures/frames/', import.meta.url);
  it.each(readdirSync(frameDir).filter((f) => f.endsWith('.json')))('reads frame fixture %s with its TPDU and header', (file) => {
    const fx = JSON.parse(readFileSync(new URL(file, frameDir), 'utf8')) as {
      hex: string;
      profile: string;
      expected: { tpdu: { id: string; destination: string; source: string }; header: { subVersion: string }; mti: string };
    };
    // The same capture in fixtures/cup says which MAC format its terminal uses.
    const twin = loadCupFixtures().find((f) => f.file === file) as { dialect?: unknown } | undefined;
    const i = inspect(fromHex(fx.hex), { dialect: dialectFor(twin ?? {}), framing: 'auto' }, dialectOf);
    expect([i.framing, i.errors.length, i.summary!.mti]).toStrictEqual([fx.profile === 'cup' ? 'cup' : 'tpdu-header', 0, fx.expected.mti]);
    expect([row(i, 'tpdu.id').hex, row(i, 'tpdu.dest').hex, row(i, 'tpdu.src').hex]).toStrictEqual([
      fx.expected.tpdu.id,
      fx.expected.tpdu.destination,
      fx.expected.tpdu.source,
    ]);
    expect(row(i, 'header.sub').value).toBe(fx.expected.header.subVersion);
  });

  it('hides every byte of every field the library masks, in every fixture, but for parts of it the library shows', () => {
    for (const fx of loadCupFixtures()) {
      const i = inspect(fromHex(fx.hex), { dialect: dialectFor(fx as { dialect?: unknown }), framing: 'auto' }, dialectOf);
      const within = (k: number, ancestor: number): boolean => {
        for (let p = i.rows[k]!.parent; p >= 0; p = i.rows[p]!.parent) if (p === ancestor) return true;
        return false;
      };
      i.rows.forEach((r, k) => {
        if (!r.masked) return;
        // Subfields the library shows in clear (a KCV, a date) stay visible inside a masked container.
        const shown = i.rows.filter((d, j) => !d.masked && within(j, k));
        for (let b = r.start + r.prefixHex.length / 2; b < r.end; b++) {
          if (shown.some((d) => b >= d.start && b < d.end)) continue;
          expect(i.hidden[b], `${fx.file} field ${r.path} byte ${b}`).toBe(1);
        }
      });
    }
  });

  describe('the captured qPBOC sale', () => {
    const i = inspect(fromHex(sale.hex), { dialect: 'cup', framing: 'auto' }, dialectOf);

    it('names the transaction from the transaction table, in English and Chinese', () => {
      expect(i.summary).toStrictEqual({
        mti: '0200',
        mtiText: 'ISO 8583:1987 financial request from the acquirer',
        transaction: { kind: 'sale', name: TRANSACTIONS.sale.name, localName: TRANSACTIONS.sale.localName },
      });
      expect([TRANSACTIONS.sale.name, TRANSACTIONS.sale.localName]).toStrictEqual(['Sale', '消费']);
    });

    it('lists the frame parts, then the fields with subfields and the TLV tags of 55 inside them', () => {
      expect(i.rows.filter((r) => r.depth === 0).map((r) => r.path)).toStrictEqual([
        'length', 'tpdu', 'header', 'MTI', 'bitmap', '2', '3', '4', '11', '14', '22', '23', '25', '35', '41', '42', '49', '55', '60', '64',
      ]);
      const tlv = i.rows.filter((r) => r.path.startsWith('55.'));
      expect(tlv.map((r) => r.path.slice(3))).toStrictEqual(sale.fields['55.tlv'] instanceof Array ? (sale.fields['55.tlv'] as { tag: string }[]).map((t) => t.tag) : []);
      expect(tlv.every((r) => r.parent === i.rows.indexOf(row(i, '55')))).toBe(true);
      expect([row(i, '55.9F26').name, row(i, '55.9F26').localName, row(i, '55.9F26').hex, row(i, '55.9F26').prefixHex]).toStrictEqual([
        'Application Cryptogram',
        '应用密文',
        'ED1D6BA78357FB25',
        '9F2608',
      ]);
    });

    it('places each row on the frame bytes and decodes the TPDU and header', () => {
      expect([row(i, 'length').start, row(i, 'length').end, row(i, 'length').value]).toStrictEqual([0, 2, '280 bytes (as many as follow)']);
      expect(row(i, 'tpdu').hex).toBe('6005010000');
      expect(row(i, 'header.type').value).toBe('61 (IC financial)');
      expect(row(i, 'header.request').value).toBe('0 (none)');
      expect([row(i, 'MTI').start, row(i, '2').start, row(i, '2').end, row(i, '64').end]).toStrictEqual([13, 23, 34, 282]);
      expect(i.byteRow[101]).toBe(i.rows.indexOf(row(i, '55.9F26')));
      expect(i.byteTop[101]).toBe(i.rows.indexOf(row(i, '55')));
    });

    it('gives the attribute of each field as the dialect declares it', () => {
      expect(['2', '22', '22.1', '35', '41', '55', '55.9F26', '60', '64', 'MTI', 'bitmap'].map((p) => row(i, p).attribute)).toStrictEqual([
        'n..19 LLVAR · BCD',
        'n 3 · BCD · subfields',
        'n 2',
        'z..37 LLVAR · BCD',
        'ans 8 · ASCII',
        'b..255 bytes LLLVAR · binary · BER-TLV',
        'TLV',
        'n..19 LLLVAR · BCD · subfields',
        'b 4 bytes · hex text',
        'n 4 · BCD',
        'b · binary',
      ]);
    });

    it('masks the PAN and track as the library does, and hides their bytes but not their length prefixes', () => {
      expect([row(i, '2').value, row(i, '2').hex, row(i, '2').prefixHex]).toStrictEqual(['621081*********4940', '*'.repeat(20), '19']);
      expect(row(i, '35').value).toBe('621081*********4940D*****************');
      expect(Array.from(i.hidden.subarray(22, 35))).toStrictEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
      expect(visibleHex(i)).not.toContain(SALE_PAN.slice(0, 12));
      expect(visibleHex(i)).not.toContain('2706');
      expect(JSON.stringify(i.rows)).not.toContain(SALE_PAN);
    });
  });

  it('names a reversal and the sale it reverses, and reads the response code of an answer', () => {
    const fixtures = loadCupFixtures();
    const reversal = inspect(fromHex(fixtures.find((f) => f.file === 'cup-0410-reversal-1.json')!.hex), { dialect: 'cup', framing: 'auto' }, dialectOf);
    expect([reversal.summary!.transaction, reversal.summary!.reverses]).toStrictEqual([
      { kind: 'reversal', name: TRANSACTIONS.reversal.name, localName: TRANSACTIONS.reversal.localName },
      { kind: 'sale', name: 'Sale', localName: '消费' },
    ]);
    expect(reversal.summary!.response).toStrictEqual({ code: '00', meaning: 'approved', localMeaning: '承兑或交易成功', action: 'approved' });
  });

  it('reads GBK text in 63 through the platform decoder', () => {
    const fx = loadCupFixtures().find((f) => f.file === 'cup-0110-preauth.json')!;
    const i = inspect(fromHex(fx.hex), { dialect: 'cup', framing: 'auto' }, dialectOf);
    expect(row(i, '63.2').value).toBe((fx.fields['63'] as string).slice(3).trimEnd());
    expect(row(i, '63.2').value).toBe('中国银联测试发卡行');
  });
});

describe('inspect() on broken input', () => {
  it('shows a truncated frame up to the field it cuts, with both errors at their bytes', () => {
    const cut = fromHex(sale.hex).subarray(0, 150);
    const i = inspect(cut, { dialect: 'cup', framing: 'auto' }, dialectOf);
    expect(i.framing).toBe('cup');
    expect(i.errors).toStrictEqual([
      { code: 'FRAME_LENGTH_MISMATCH', message: 'length header announces more bytes than the frame holds (byte 150)', offset: 150, where: 'frame' },
      { code: 'TRUNCATED', message: 'field runs past the end of the data (field 55, byte 88)', offset: 101, path: '55', where: 'message' },
    ]);
    expect(i.rows.filter((r) => r.depth === 0).map((r) => r.path).slice(-3)).toStrictEqual(['41', '42', '49']);
    expect(i.message).toBeUndefined();
    expect(i.summary!.mti).toBe('0200');
    // Field 55 and everything after it were never explained: hidden.
    expect(Array.from(i.hidden.subarray(96, 150)).join('')).toBe('000' + '1'.repeat(51));
  });

  it('hides a TLV field cut short by an error, with the card number it never reached', () => {
    const body = fromHex(SALE_HEX.replace('00119F2608ED1D6BA78357FB25', '0018' + '9F270180' + '9F1085' + '5A08' + '6210810840003424' + '9F'));
    const i = inspect(body, { dialect: 'cup', framing: 'none' }, dialectOf);
    expect(i.errors.map((e) => [e.code, e.path, e.offset])).toStrictEqual([['BAD_TLV', '55.9F10', 65]]);
    expect(visibleHex(i)).not.toContain('62108108400034');
    expect(row(i, '55.9F27').hex).toBe('80');
  });

  it('hides the bytes after a frame whose length announces fewer than follow', () => {
    const framed = concatBytes(fromHex(sale.hex), fromHex('6210810840003424'));
    const i = inspect(framed, { dialect: 'cup', framing: 'cup' }, dialectOf);
    expect(i.errors.map((e) => [e.code, e.offset])).toStrictEqual([['FRAME_LENGTH_MISMATCH', 282]]);
    expect(i.message).toBeDefined();
    expect(visibleHex(i).endsWith('*'.repeat(16))).toBe(true);
  });

  it('decodes a CUP MAC that is not hex text with the default dialect, as its 8 raw bytes', () => {
    const fx = loadCupFixtures().find((f) => f.file === 'cup-0200-balance-1.json')!;
    const i = inspect(fromHex(fx.hex), { dialect: 'cup', framing: 'cup' }, dialectOf);
    expect(i.errors).toStrictEqual([]);
    expect(i.message?.has('64')).toBe(true);
  });

  it('reports a frame too short for its TPDU', () => {
    const i = inspect(fromHex('0005600501'), { dialect: 'cup', framing: 'cup' }, dialectOf);
    expect(i.errors.map((e) => [e.code, e.offset, e.where])).toStrictEqual([['FRAME_LENGTH_MISMATCH', 5, 'frame']]);
    expect(i.rows.map((r) => r.path)).toStrictEqual(['length']);
  });
});

describe('inspect() framing detection', () => {
  const body = dialects.iso87binary.encode({ mti: '0800', fields: { '11': '000001', '41': 'TERM0001', '70': '301' } });

  it.each([
    ['a 2-byte length', 'length', concatBytes(Uint8Array.of(0, body.length), body)],
    ['a 4-digit ASCII length', 'ascii-length', concatBytes(fromHex(toHex(new TextEncoder().encode(String(body.length).padStart(4, '0')))), body)],
    ['no framing', 'none', body],
  ] as const)('finds %s before an iso87binary message', (_what, framing, bytes) => {
    const i = inspect(bytes, { dialect: 'iso87binary', framing: 'auto' }, dialectOf);
    expect([i.framing, i.errors.length, i.summary!.mti]).toStrictEqual([framing, 0, '0800']);
  });

  it('keeps the framing the user chose, even when another would read better', () => {
    const i = inspect(fromHex(sale.hex), { dialect: 'cup', framing: 'none' }, dialectOf);
    expect([i.framing, i.framingDetected, i.errors.length > 0]).toStrictEqual(['none', false, true]);
  });
});
