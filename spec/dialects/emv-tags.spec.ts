import { describe, expect, it } from 'vitest';
import { EMV_TAGS } from '../../src/dialects/emv-tags.js';

/** Bytes of a tag written as hex, or null when the text is not upper-case hex of whole bytes. */
function tagBytes(tag: string): number[] | null {
  if (!/^(?:[0-9A-F]{2})+$/.test(tag)) return null;
  const out: number[] = [];
  for (let i = 0; i < tag.length; i += 2) out.push(parseInt(tag.slice(i, i + 2), 16));
  return out;
}

/** Whether the bytes form exactly one BER tag (ISO/IEC 8825-1 as EMV Book 3 Annex B uses it). */
function isOneBerTag(bytes: number[]): boolean {
  const [first, ...rest] = bytes;
  if (first === undefined || first === 0x00 || first === 0xff) return false;
  if ((first & 0x1f) !== 0x1f) return rest.length === 0;
  if (rest.length === 0) return false;
  // Every subsequent byte but the last has b8 set; the last has it clear.
  return rest.every((b, i) => (i === rest.length - 1 ? (b & 0x80) === 0 : (b & 0x80) !== 0));
}

const CJK = /[\u4e00-\u9fff]/;

describe('the EMV tag dictionary', () => {
  it('keys every entry by one well-formed BER tag in upper-case hex', () => {
    for (const tag of Object.keys(EMV_TAGS)) {
      const bytes = tagBytes(tag);
      expect(bytes !== null && isOneBerTag(bytes), `tag ${tag}`).toBe(true);
    }
  });

  it('tells a well-formed tag from a malformed one', () => {
    expect(isOneBerTag([0x9f, 0x26])).toBe(true);
    expect(isOneBerTag([0x9f])).toBe(false);
    expect(isOneBerTag([0x5a, 0x01])).toBe(false);
    expect(isOneBerTag([0x9f, 0x81])).toBe(false);
    expect(tagBytes('9f26')).toBeNull();
  });

  it('knows the tags terminals put in field 55 and hosts send back', () => {
    const expected = [
      '4F', '50', '57', '5A', '5F20', '5F24', '5F25', '5F2A', '5F34', '71', '72', '82', '84', '8A', '8E', '91', '95',
      '9A', '9B', '9C', '9F02', '9F03', '9F06', '9F07', '9F09', '9F0D', '9F0E', '9F0F', '9F10', '9F12', '9F1A',
      '9F1E', '9F1F', '9F20', '9F21', '9F26', '9F27', '9F33', '9F34', '9F35', '9F36', '9F37', '9F39', '9F40',
      '9F41', '9F53', '9F5B', '9F63', '9F6B', '9F6E', '9F74', 'DF31',
    ];
    for (const tag of expected) expect(EMV_TAGS[tag], `tag ${tag}`).toBeDefined();
  });

  it('marks account numbers, track data, PIN data, names, expiry, service code and PAN-bearing certificates sensitive, and nothing else', () => {
    const sensitive = Object.fromEntries(
      Object.entries(EMV_TAGS)
        .filter(([, info]) => info.sensitivity !== undefined)
        .map(([tag, info]) => [tag, info.sensitivity]),
    );
    expect(sensitive).toEqual({
      '56': 'track',
      '57': 'track',
      '5A': 'pan',
      '5F20': 'secret',
      '5F24': 'secret',
      '5F30': 'secret',
      '5F53': 'pan',
      '99': 'pin',
      '9F0B': 'secret',
      '9F1F': 'track',
      '9F20': 'track',
      '9F2D': 'secret',
      '9F46': 'secret',
      '9F6B': 'track',
    });
  });

  it('names the cryptogram tags as EMV Book 3 does', () => {
    expect(EMV_TAGS['9F26']!.name).toBe('Application Cryptogram');
    expect(EMV_TAGS['9F27']!.name).toBe('Cryptogram Information Data');
    expect(EMV_TAGS['9F10']!.name).toBe('Issuer Application Data');
    expect(EMV_TAGS['91']!.name).toBe('Issuer Authentication Data');
  });

  it('sets the constructed bit on template tags and only there', () => {
    const constructed = Object.keys(EMV_TAGS).filter((tag) => (tagBytes(tag)![0]! & 0x20) !== 0);
    expect(constructed.sort()).toEqual(['61', '6F', '70', '71', '72', '77', 'A5', 'BF0C']);
    for (const tag of constructed) expect(EMV_TAGS[tag]!.name, `tag ${tag}`).toMatch(/Template|Discretionary Data/);
  });

  it('gives every tag an English name and any local name in Chinese', () => {
    for (const [tag, info] of Object.entries(EMV_TAGS)) {
      expect(info.name.length > 0 && info.name.trim() === info.name, `tag ${tag}`).toBe(true);
      if (info.localName !== undefined) expect(info.localName, `tag ${tag}`).toMatch(CJK);
    }
    expect(EMV_TAGS['9F63']!.localName).toBe('卡产品标识信息');
    expect(EMV_TAGS['DF31']!.localName).toBe('发卡行脚本结果');
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(EMV_TAGS))).toStrictEqual(EMV_TAGS);
  });
});
