/**
 * The translation check in `npm test` (README "Translating"): every catalog (the renderer's, the CLI's,
 * main's messages) holds the same keys with the same placeholders in every language, every key the
 * code asks for exists, and no JSX text or user-facing attribute in src-renderer is a bare string: it
 * must come from a catalog.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { languages } from '../../../src-main/model/language';

const root = join(__dirname, '../../..');
const rendererDir = join(root, 'src-renderer');

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(catalog)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** A text's placeholders; a singular form may leave out its count ("jede Minute"). */
const placeholders = (text: string, key: string) =>
  [...new Set([...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]))]
    .filter((p) => !(key.endsWith('_one') && p === 'count'))
    .sort();

function readCatalogs(dir: string): Record<string, Map<string, string>> {
  return Object.fromEntries(
    languages.map((l) => [l, flatten(JSON.parse(readFileSync(join(dir, `${l}.json`), 'utf8')) as Catalog)]),
  );
}

function sourceFiles(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** The attributes people read or hear: their string values must be translated. */
const READ_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'label', 'aria-label', 'aria-description']);
/** Text with a word in it; symbols, numbers and punctuation alone (`×`, `—`, `·`) need no catalog. */
const HAS_WORD = /\p{L}{2,}/u;
/** Symbols that read the same in every language. */
const SYMBOLS = new Set(['UTC']);

/** Strings an expression can evaluate to on its own, through conditionals, `&&`, `??`, `+` and templates. */
function literalTexts(e: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e];
  if (ts.isTemplateExpression(e))
    return [e.head, ...e.templateSpans.flatMap((s) => [...literalTexts(s.expression), s.literal])];
  if (ts.isParenthesizedExpression(e)) return literalTexts(e.expression);
  if (ts.isConditionalExpression(e)) return [...literalTexts(e.whenTrue), ...literalTexts(e.whenFalse)];
  if (ts.isBinaryExpression(e)) return [...literalTexts(e.left), ...literalTexts(e.right)];
  return [];
}

function textOf(n: ts.Node): string {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateLiteralToken(n)) return n.text;
  if (ts.isJsxText(n)) return n.text;
  return '';
}

/** Untranslated JSX text and attribute strings in one file, as `file:line "text"`. */
function untranslated(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (n: ts.Node) => {
    const text = textOf(n).trim();
    if (!HAS_WORD.test(text) || SYMBOLS.has(text)) return;
    const line = source.getLineAndCharacterOfPosition(n.getStart()).line + 1;
    found.push(`${relative(root, file)}:${line} "${text}"`);
  };
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n)) report(n);
    else if (ts.isJsxExpression(n) && n.expression && !ts.isJsxAttribute(n.parent))
      literalTexts(n.expression).forEach(report);
    else if (ts.isJsxAttribute(n) && READ_ATTRIBUTES.has(n.name.getText()) && n.initializer) {
      if (ts.isStringLiteral(n.initializer)) report(n.initializer);
      else if (ts.isJsxExpression(n.initializer) && n.initializer.expression)
        literalTexts(n.initializer.expression).forEach(report);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

/** Keys passed as a literal to `t(…)` or `translate(…)`. */
function usedKeys(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const keys: string[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isCallExpression(n) &&
      ts.isIdentifier(n.expression) &&
      ['t', 'translate'].includes(n.expression.text) &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    )
      keys.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return keys;
}

/**
 * Keys of main's messages: the first argument of `said(…)` and of `new …Error(…)` (OsfError: the
 * second), and `{ key: '…' }` literals. A template (`credentials.${state}`) counts as its fixed start.
 */
function messageKeys(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const keys: string[] = [];
  const take = (e: ts.Expression | undefined) => {
    if (!e) return;
    if (ts.isTemplateExpression(e)) keys.push(`${e.head.text}*`);
    else for (const n of literalTexts(e)) keys.push(textOf(n));
  };
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'said') take(n.arguments[0]);
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text.endsWith('Error'))
      take(n.arguments?.[n.expression.text === 'OsfError' ? 1 : 0]);
    if (ts.isPropertyAssignment(n) && n.name.getText() === 'key' && ts.isObjectLiteralExpression(n.parent))
      take(n.initializer);
    ts.forEachChild(n, visit);
  };
  visit(source);
  // Only what looks like a key: `section.name`, not the English of an error of someone else's.
  return keys.filter((k) => /^[a-z][\w-]*\.[\w.-]*\*?$/.test(k));
}

const hasKey = (catalog: Map<string, string>, key: string) =>
  key.endsWith('*')
    ? [...catalog.keys()].some((k) => k.startsWith(key.slice(0, -1)))
    : catalog.has(key) || catalog.has(`${key}_one`) || catalog.has(`${key}_other`);

const mainDir = join(root, 'src-main');
describe.each([
  ['renderer', join(rendererDir, 'i18n'), rendererDir, /\.tsx?$/, usedKeys],
  ['CLI', join(mainDir, 'cli/i18n'), mainDir, /\.ts$/, usedKeys],
  ['main messages', join(mainDir, 'model/messages'), mainDir, /\.ts$/, messageKeys],
])('%s catalogs', (_name, catalogDir, codeDir, ext, keysOf) => {
  const catalogs = readCatalogs(catalogDir);

  it('hold the same keys with the same placeholders in every language', () => {
    const [first, ...rest] = languages;
    for (const lang of rest) {
      expect([...catalogs[lang].keys()].sort(), `${lang} against ${first}`).toEqual([...catalogs[first].keys()].sort());
      for (const [key, text] of catalogs[first])
        expect(placeholders(catalogs[lang].get(key) ?? '', key), `${lang}: ${key}`).toEqual(placeholders(text, key));
    }
    for (const lang of languages)
      for (const [key, text] of catalogs[lang]) expect(text.trim(), `${lang}: ${key} is empty`).not.toBe('');
  });

  it('have every key the code asks for', () => {
    const missing = sourceFiles(codeDir, ext)
      .flatMap((f) => keysOf(f).map((k) => [relative(root, f), k]))
      .filter(([, k]) => languages.some((l) => !hasKey(catalogs[l], k)))
      .map(([f, k]) => `${f}: ${k}`);
    expect(missing).toEqual([]);
  });
});

describe('the renderer', () => {
  it('shows no JSX text or read attribute that is not in a catalog', () => {
    expect(sourceFiles(rendererDir, /\.tsx$/).flatMap(untranslated)).toEqual([]);
  });

  it('flags bare text, attributes and conditional strings', () => {
    const probe = join(root, 'test/fixtures/i18n/Untranslated.tsx');
    expect(untranslated(probe).map((f) => f.replace(/^.*:(\d+) /, '$1 '))).toEqual([
      '4 "Hello there"',
      '5 "Close"',
      '6 "Busy…"',
      '6 "Start"',
      '7 "rows"',
    ]);
  });
});
