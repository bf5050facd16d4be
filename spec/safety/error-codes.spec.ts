// The error codes are one closed list: the README documents each in one table, and each is raised somewhere in src.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISO8583_ERROR_CODES, Iso8583Error, isIso8583ErrorCode, type Iso8583ErrorCode } from '../../src/index.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The codes of the README's error-code table, in table order. */
function readmeCodes(): string[] {
  const section = readme.slice(readme.indexOf('\n## Errors\n'));
  const table = section.slice(section.indexOf('| code |'), section.indexOf('\n\n', section.indexOf('| code |')));
  return [...table.matchAll(/^\| `([A-Z0-9_]+)` \| (.+) \|$/gm)].map((m) => m[1]!);
}

describe('error codes', () => {
  it('are listed once each', () => {
    expect(new Set(ISO8583_ERROR_CODES).size).toBe(ISO8583_ERROR_CODES.length);
    expect(ISO8583_ERROR_CODES.length).toBeGreaterThan(100);
  });

  it('are documented in one README table, each code once, in the order of the list', () => {
    expect(readme.split('\n## Errors\n').length).toBe(2);
    expect(readmeCodes()).toStrictEqual([...ISO8583_ERROR_CODES]);
  });

  it('are each raised somewhere in src, so the list holds no dead code', () => {
    const text = sources(join(root, 'src'))
      .filter((f) => !f.endsWith('errors.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = ISO8583_ERROR_CODES.filter((c) => !text.includes(`'${c}'`));
    expect(unused).toStrictEqual([]);
  });

  it('are recognised by isIso8583ErrorCode, and nothing else is', () => {
    expect(ISO8583_ERROR_CODES.every(isIso8583ErrorCode)).toBe(true);
    expect([undefined, null, 7, 'bad_mti', 'NOT_A_CODE', {}].some(isIso8583ErrorCode)).toBe(false);
  });

  it('type the code of every error', () => {
    const code: Iso8583ErrorCode = new Iso8583Error('BAD_MTI', 'MTI must be 4 digits').code;
    expect(code).toBe('BAD_MTI');
  });
});

describe('error text', () => {
  it('writes characters outside printable ASCII in the text, path and shapes as escapes', () => {
    const e = new Iso8583Error('BAD_TAG', 'tag \u0000\u001b[31m', { path: '63.\u00ff\u0007', expected: 'a\tb', found: '\u4e2d' });
    expect([e.message, e.path, e.expected, e.found]).toStrictEqual([
      'tag \\x00\\x1B[31m (field 63.\\xFF\\x07)',
      '63.\\xFF\\x07',
      'a\\x09b',
      '\\u4E2D',
    ]);
  });

  it('keeps printable text as it is, and escapes once when an error is placed under a parent path', () => {
    const inner = new Iso8583Error('BAD_TLV', 'TLV length runs past its data', { path: '\u0001', offset: 3 });
    const outer = inner.within('55', 10);
    expect([outer.message, outer.path, outer.offset]).toStrictEqual(['TLV length runs past its data (field 55.\\x01, byte 13)', '55.\\x01', 13]);
  });
});
