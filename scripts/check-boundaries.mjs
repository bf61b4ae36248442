#!/usr/bin/env node
// The dependency rules of the layout (docs/architecture.md, "Layout"), checked by `npm run lint`:
//   1. a file under layers/ imports nothing outside layers/ (functions/, producer/, local/, tests/, ...);
//   2. a file outside layers/<name>/ enters that layer only through layers/<name>/index.ts.
// Every violation is printed as `file:line: import 'specifier' ...` and the exit status is 1.
// TypeScript 7 ships no JavaScript compiler API, so imports are read by the small lexer below: it skips
// comments, string and template contents and regular expressions, so text that merely looks like an
// import (in a string, a comment, a test's planted file) is never taken for one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'fixtures']);
const LAYERS = 'layers';

/** Keywords after which a `/` starts a regular expression rather than a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/**
 * The module specifiers a source file imports, with their lines: `import ... from 'x'`,
 * `export ... from 'x'`, `import 'x'`, `import('x')` and `require('x')`.
 * @param {string} text
 * @returns {{ specifier: string, line: number }[]}
 */
export function importsOf(text) {
  const tokens = tokenize(text);
  const found = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const next = tokens[i + 1];
    const afterNext = tokens[i + 2];
    if (token.kind !== 'word' || next === undefined) continue;
    const previous = tokens[i - 1];
    const isMemberAccess = previous?.kind === 'punct' && previous.text === '.';
    if ((token.text === 'from' || token.text === 'import') && next.kind === 'string') {
      found.push({ specifier: next.text, line: next.line });
    } else if (
      (token.text === 'import' || token.text === 'require') &&
      !isMemberAccess &&
      next.kind === 'punct' &&
      next.text === '(' &&
      afterNext?.kind === 'string'
    ) {
      found.push({ specifier: afterNext.text, line: afterNext.line });
    }
  }
  return found;
}

/**
 * Words, string literals and punctuation of a JavaScript/TypeScript source, without comments;
 * template literals and regular expressions become single opaque tokens.
 * @param {string} text
 */
function tokenize(text) {
  const tokens = [];
  let line = 1;
  let i = 0;
  const push = (kind, value) => tokens.push({ kind, text: value, line });
  const previousEndsExpression = () => {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return false;
    if (last.kind === 'word') return !KEYWORDS_BEFORE_EXPRESSION.has(last.text);
    if (last.kind === 'string' || last.kind === 'template' || last.kind === 'regex') return true;
    return last.text === ')' || last.text === ']' || last.text === '}';
  };
  const countLines = (from, to) => {
    for (let k = from; k < to; k += 1) if (text[k] === '\n') line += 1;
  };
  while (i < text.length) {
    const ch = text[i];
    const ahead = text[i + 1];
    if (ch === '\n') {
      line += 1;
      i += 1;
    } else if (ch === '/' && ahead === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === '/' && ahead === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      countLines(i, stop);
      i = stop;
    } else if (ch === "'" || ch === '"') {
      const start = line;
      let value = '';
      i += 1;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') {
        if (text[i] === '\\') {
          value += text[i + 1] ?? '';
          i += 2;
        } else {
          value += text[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: 'string', text: value, line: start });
    } else if (ch === '`') {
      const stop = skipTemplate(text, i);
      countLines(i, stop);
      push('template', '');
      i = stop;
    } else if (ch === '/' && !previousEndsExpression()) {
      const stop = skipRegex(text, i);
      push('regex', '');
      i = stop;
    } else if (/[A-Za-z_$]/.test(ch)) {
      let end = i + 1;
      while (end < text.length && /[\w$]/.test(text[end])) end += 1;
      push('word', text.slice(i, end));
      i = end;
    } else if (/\d/.test(ch)) {
      let end = i + 1;
      while (end < text.length && /[\w.]/.test(text[end])) end += 1;
      push('number', text.slice(i, end));
      i = end;
    } else if (/\s/.test(ch)) {
      i += 1;
    } else {
      push('punct', ch);
      i += 1;
    }
  }
  return tokens;
}

/** Index just past the template literal starting at `start`, skipping nested `${ ... }` code. */
function skipTemplate(text, start) {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
    } else if (ch === '`') {
      return i + 1;
    } else if (ch === '$' && text[i + 1] === '{') {
      i = skipBraces(text, i + 1);
    } else {
      i += 1;
    }
  }
  return i;
}

/** Index just past the `}` matching the `{` at `start`, stepping over strings and templates inside. */
function skipBraces(text, start) {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    } else if (ch === '`') {
      i = skipTemplate(text, i);
      continue;
    } else if (ch === "'" || ch === '"') {
      i += 1;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    }
    i += 1;
  }
  return i;
}

/** Index just past the regular expression literal starting at `start` (its flags included). */
function skipRegex(text, start) {
  let i = start + 1;
  let inClass = false;
  while (i < text.length && text[i] !== '\n') {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else {
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      else if (ch === '/' && !inClass) {
        i += 1;
        break;
      }
      i += 1;
    }
  }
  while (i < text.length && /[a-z]/i.test(text[i])) i += 1;
  return i;
}

/** Source files under `root`, as paths relative to it with forward slashes. */
function sourceFiles(root, dir = '') {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    if (name.startsWith('.') || SKIPPED_DIRECTORIES.has(name)) return [];
    const relative = dir === '' ? name : `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(root, relative);
    return SOURCE_EXTENSIONS.includes(path.extname(name)) ? [relative] : [];
  });
}

/** The layer (`layers/<name>`) a repository-relative path lies in, or undefined. */
function layerOf(relative) {
  const [top, name, ...rest] = relative.split('/');
  return top === LAYERS && name !== undefined && rest.length > 0 ? `${LAYERS}/${name}` : undefined;
}

/** A repository-relative path without its script extension (`a/b.js` and `a/b.ts` are the same module). */
function moduleId(relative) {
  return relative.replace(/\.(d\.)?(m|c)?(t|j)sx?$/, '');
}

/**
 * Every import under `root` that breaks the layering rules.
 * @param {string} root
 * @returns {{ file: string, line: number, specifier: string, problem: string }[]}
 */
export function findBoundaryViolations(root) {
  const violations = [];
  for (const file of sourceFiles(root).sort()) {
    const importerLayer = layerOf(file);
    const inLayers = file.startsWith(`${LAYERS}/`);
    for (const { specifier, line } of importsOf(readFileSync(path.join(root, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith('../')) continue;
      if (inLayers && !target.startsWith(`${LAYERS}/`)) {
        violations.push({
          file,
          line,
          specifier,
          problem: `layers/ may import nothing outside layers/ (this resolves to ${target})`,
        });
        continue;
      }
      const targetLayer = layerOf(target) ?? (layerOf(`${target}/index`) === target ? target : undefined);
      if (targetLayer === undefined || targetLayer === importerLayer) continue;
      const id = moduleId(target);
      if (id === `${targetLayer}/index` || id === targetLayer) continue;
      violations.push({
        file,
        line,
        specifier,
        problem: `enter ${targetLayer} only through ${targetLayer}/index.ts (export what is needed there)`,
      });
    }
  }
  return violations;
}

function main() {
  const root = path.resolve(process.argv[2] ?? '.');
  const violations = findBoundaryViolations(root);
  for (const { file, line, specifier, problem } of violations) {
    console.error(`${file}:${line}: import '${specifier}': ${problem}`);
  }
  if (violations.length > 0) {
    console.error(`check-boundaries: ${violations.length} import(s) break the layer boundaries`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
