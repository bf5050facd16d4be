// Post-build step of `npm run build`: bundles the inspector page (with the library's portable entries) into one offline
// file, dist/inspector.html, its script and styles inline and allowed by hash in its Content-Security-Policy.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The whole inspector page as one HTML text. */
export async function buildInspectorHtml(): Promise<string> {
  const bundle = await build({
    entryPoints: [join(root, 'inspector/page/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    charset: 'utf8',
    logLevel: 'silent',
  });
  // Inside a script element, "</script" would end it early; in JavaScript text "<\/script" means the same.
  const script = bundle.outputFiles[0]!.text.replace(/<\/(script)/gi, '<\\/$1').trim();
  const style = (await transform(readFileSync(join(root, 'inspector/page/styles.css'), 'utf8'), { loader: 'css', minify: true })).code.trim();
  if (/<\/style/i.test(style)) throw new Error('inspector styles must not contain </style');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const values: Record<string, string> = {
    SCRIPT: script,
    STYLE: style,
    SCRIPT_HASH: sha256(script),
    STYLE_HASH: sha256(style),
    VERSION: `v${version}`,
  };
  const template = readFileSync(join(root, 'inspector/page/page.html'), 'utf8');
  // One pass over the template: the inserted texts are never searched again (a bundle may contain "{{").
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`inspector page template names an unknown slot ${name}`);
    return value;
  });
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = join(root, 'dist/inspector.html');
  mkdirSync(dirname(out), { recursive: true });
  const html = await buildInspectorHtml();
  writeFileSync(out, html);
  console.log(`dist/inspector.html: ${Math.round(Buffer.byteLength(html) / 1024)} KiB, one file, no external requests`);
}
