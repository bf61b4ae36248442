import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** dist/tests/unit/lint -> repository root. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const checker = path.join(repoRoot, 'scripts', 'check-boundaries.mjs');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A scratch repository holding the given files (path -> text). */
function plantTree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}

function check(root: string): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [checker, root], { encoding: 'utf8' });
  return { status: result.status, lines: result.stderr.split('\n').filter((line) => line !== '') };
}

/** Two layers that keep the rules, and callers that enter them through their index. */
const cleanTree: Record<string, string> = {
  'layers/alpha/index.ts': "export { inner } from './inner.js';\n",
  'layers/alpha/inner.ts': "import { helper } from './parts/helper.js';\nexport const inner = helper;\n",
  'layers/alpha/parts/helper.ts': "import type { Beta } from '../../beta/index.js';\nexport const helper: Beta = 1;\n",
  'layers/beta/index.ts': 'export type Beta = number;\n',
  'producer/service.ts': [
    "import { inner } from '../layers/alpha/index.js';",
    "import { readFileSync } from 'node:fs';",
    '// a comment naming it is no import: import { x } from "../layers/alpha/inner.js";',
    'const quoted = "import { x } from \'../layers/alpha/inner.js\'";',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted file's own template literal
    "const planted = `export * from '../layers/alpha/inner.js' ${quoted.length}`;",
    "const pattern = /from '..\\/layers\\/alpha\\/inner.js'/;",
    'export const all = [inner, readFileSync, planted, pattern];',
    '',
  ].join('\n'),
};

describe('scripts/check-boundaries.mjs', () => {
  it('passes a tree that keeps the rules, ignoring import-like text in strings, comments and regexes', () => {
    const { status, lines } = check(plantTree('clean', cleanTree));
    assert.deepEqual(lines, []);
    assert.equal(status, 0);
  });

  it('fails on a layer importing from outside layers/, naming the file, line and import', () => {
    const root = plantTree('upward', {
      ...cleanTree,
      'local/broker/Broker.ts': 'export class Broker {}\n',
      'layers/beta/usesBroker.ts': "\n\nimport { Broker } from '../../local/broker/Broker.js';\nexport { Broker };\n",
    });
    const { status, lines } = check(root);
    assert.equal(status, 1);
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^layers\/beta\/usesBroker\.ts:3: import '\.\.\/\.\.\/local\/broker\/Broker\.js': /);
    assert.match(lines[0] ?? '', /outside layers\/ .*local\/broker\/Broker\.js/);
    assert.match(lines[1] ?? '', /1 import\(s\) break the layer boundaries/);
  });

  it('fails on every way of reaching past a layer index: import, import type, export from, dynamic import', () => {
    const root = plantTree('deep', {
      ...cleanTree,
      'functions/handler.ts': [
        "import { inner } from '../layers/alpha/inner.js';",
        "import type { Beta } from '../layers/beta/index.js';",
        "import type { helper } from '../layers/alpha/parts/helper.js';",
        "export * from '../layers/alpha/parts/helper.js';",
        "export const later = () => import('../layers/alpha/inner.js');",
        'export const used: [typeof inner, Beta, typeof helper] = [inner, 1, 1];',
        '',
      ].join('\n'),
      'layers/beta/reachesIntoAlpha.ts': "export { inner } from '../alpha/inner.js';\n",
    });
    const { status, lines } = check(root);
    assert.equal(status, 1);
    const violations = lines.slice(0, -1).map((line) => line.replace(/': .*$/, "'"));
    assert.deepEqual(violations, [
      "functions/handler.ts:1: import '../layers/alpha/inner.js'",
      "functions/handler.ts:3: import '../layers/alpha/parts/helper.js'",
      "functions/handler.ts:4: import '../layers/alpha/parts/helper.js'",
      "functions/handler.ts:5: import '../layers/alpha/inner.js'",
      "layers/beta/reachesIntoAlpha.ts:1: import '../alpha/inner.js'",
    ]);
    for (const line of lines.slice(0, -1)) {
      assert.match(line, /enter layers\/alpha only through layers\/alpha\/index\.ts/);
    }
  });
});
