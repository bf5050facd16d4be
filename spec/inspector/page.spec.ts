// The built inspector page: one file that loads nothing, whose policy admits exactly its own script and styles.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInspectorHtml } from '../../scripts/build-inspector.js';

let html: string;

beforeAll(async () => {
  html = await buildInspectorHtml();
});

const hash = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

describe('dist/inspector.html', () => {
  it('has one inline script and one inline style, and no element that fetches anything', () => {
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<style\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|video|audio|source)\b/i);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('forbids every request in its Content-Security-Policy and admits its own script and style by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toBe(`default-src 'none'; script-src '${hash(script)}'; style-src '${hash(style)}'; base-uri 'none'; form-action 'none'`);
  });

  it('fills every slot of its template and says it stores nothing', () => {
    expect(html).not.toMatch(/\{\{[A-Z_]+\}\}/);
    expect(html).toContain('stores nothing: no cookies, no local storage, no history entries');
    expect(html).not.toMatch(/localStorage|sessionStorage|indexedDB|document\.cookie\s*=|pushState|replaceState/);
  });
});
