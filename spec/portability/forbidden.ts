// What portable code must not touch, found by parsing the source rather than by searching its text, so
// that comments (`// no BigInt here`) and portable names (`ArrayBuffer`) do not count as uses.
import ts from 'typescript';

/** One use of a Node-only or BigInt-dependent facility: the file, its 1-based line, and what was used. */
export interface ForbiddenUse {
  file: string;
  line: number;
  what: string;
}

/**
 * Built-in methods newer than ES2020 that engines the portable core runs on lack (Hermes 0.12 has no `Array.prototype.at`).
 * The compiler cannot refuse them: bn.js's types bring in Node's, which declare them.
 */
const NEWER_METHODS = new Set(['at', 'findLast', 'findLastIndex', 'replaceAll', 'hasOwn', 'toSorted', 'toReversed', 'toSpliced']);

/** Globals that exist in Node but not in every engine the portable core runs on. */
const FORBIDDEN_NAMES = new Set(['Buffer', 'TextEncoder', 'TextDecoder']);

/** Uses of `node:` modules, `Buffer`, `BigInt` (calls, literals, 64-bit views), `TextEncoder`/`TextDecoder`, `require(`, `process.`, and calls of built-in methods newer than ES2020. */
export function findForbiddenUses(file: string, source: string): ForbiddenUse[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ForbiddenUse[] = [];
  const report = (node: ts.Node, what: string) => {
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, what });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const name = node.text;
      if (FORBIDDEN_NAMES.has(name)) report(node, name);
      // BigInt itself, and BigInt64Array / getBigUint64 and kin, all need BigInt at run time.
      else if (/Big(?:Int|Uint)/.test(name)) report(node, name);
      else if (name === 'process' && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node)
        report(node, 'process.');
      else if (name === 'require' && ts.isCallExpression(node.parent) && node.parent.expression === node)
        report(node, 'require(');
      else if (
        NEWER_METHODS.has(name) &&
        ts.isPropertyAccessExpression(node.parent) &&
        node.parent.name === node &&
        ts.isCallExpression(node.parent.parent) &&
        node.parent.parent.expression === node.parent
      )
        report(node, `.${name}(`);
    } else if (node.kind === ts.SyntaxKind.BigIntLiteral) {
      report(node, 'BigInt literal');
    } else if (ts.isStringLiteralLike(node)) {
      if (node.text.startsWith('node:')) report(node, 'node:');
      else if (FORBIDDEN_NAMES.has(node.text) || node.text === 'BigInt') report(node, `'${node.text}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Lines carrying a directive that switches type checking off. */
export function findCheckerEscapes(file: string, source: string): ForbiddenUse[] {
  const found: ForbiddenUse[] = [];
  source.split('\n').forEach((text, i) => {
    const m = /@ts-(nocheck|ignore)\b/.exec(text);
    if (m) found.push({ file, line: i + 1, what: m[0] });
  });
  return found;
}

/** Names of forbidden things in a bundle's text (no parsing: the bundle is checked byte for byte). */
export function forbiddenInBundleText(text: string): string[] {
  const hits: string[] = [];
  if (/\bBuffer\b/.test(text)) hits.push('Buffer');
  if (/\brequire\s*\(/.test(text)) hits.push('require(');
  if (/BigInt|\b\d[\d_]*n\b|\b0[xXbBoO][\da-fA-F_]+n\b/.test(text)) hits.push('BigInt');
  if (text.includes('node:')) hits.push('node:');
  return hits;
}
