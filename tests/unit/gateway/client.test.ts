import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createRowPrinter, REPL_HELP, runEngineRepl, runRepl } from '../../../local/gateway/client/index.js';
import { createTestEngine } from './helpers/duckdbTestEngine.js';

const page = {
  columns: [
    { name: 'product', type: 'varchar' },
    { name: 'price', type: 'decimal(18,8)' },
    { name: 'n', type: 'bigint' },
    { name: 'tags', type: 'array(varchar)' },
  ],
  rows: [
    ['BTC-USD', '67123.45000000', { numberText: '9007199254740993' }, ['a', 'b']],
    ['ETH, "classic"', null, { numberText: '7' }, []],
  ],
};

function printed(format: 'table' | 'csv' | 'json'): string {
  let out = '';
  const printer = createRowPrinter(format, (text) => {
    out += text;
  });
  printer.page(page);
  printer.end();
  return out;
}

describe('result printing', () => {
  it('prints an aligned table with a row count', () => {
    assert.equal(
      printed('table'),
      [
        ' product        | price          | n                | tags',
        '----------------+----------------+------------------+-----------',
        ' BTC-USD        | 67123.45000000 | 9007199254740993 | ["a","b"]',
        ' ETH, "classic" | NULL           | 7                | []',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints CSV with quoting and empty NULLs', () => {
    assert.equal(
      printed('csv'),
      'product,price,n,tags\nBTC-USD,67123.45000000,9007199254740993,"[""a"",""b""]"\n"ETH, ""classic""",,7,[]\n',
    );
  });

  it('prints JSON lines with exact numbers', () => {
    const lines = printed('json').trim().split('\n');
    assert.equal(lines[0], '{"product":"BTC-USD","price":"67123.45000000","n":9007199254740993,"tags":["a","b"]}');
    assert.equal(lines[1], '{"product":"ETH, \\"classic\\"","price":null,"n":7,"tags":[]}');
  });
});

describe('interactive prompt', () => {
  it('runs statements ended by semicolons across lines and keeps history in a file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'repl-'));
    const historyFile = path.join(dir, 'sql_history');
    await fs.writeFile(historyFile, 'SELECT previous;\n');
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const executed: string[] = [];
    const done = runRepl({
      historyFile,
      input,
      output,
      execute: async (sql) => {
        executed.push(sql);
        if (sql.includes('boom')) throw new Error('boom failed');
      },
    });
    input.write('SELECT 1;\n');
    input.write('SELECT\n');
    input.write('  2 ;\n');
    input.write('SELECT boom;\n');
    input.write('quit\n');
    await done;
    assert.deepEqual(executed, ['SELECT 1', 'SELECT\n  2', 'SELECT boom']);
    const history = (await fs.readFile(historyFile, 'utf8')).trim().split('\n');
    assert.deepEqual(history, ['SELECT previous;', 'SELECT 1;', 'SELECT   2;', 'SELECT boom;']);
    await fs.rm(dir, { recursive: true, force: true });
  });
});

/** Types `typed` into the in-process prompt over `engine`: what it printed as results and on the terminal. */
async function engineSession(
  engine: Awaited<ReturnType<typeof createTestEngine>>,
  typed: string,
): Promise<{ printed: string; shown: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-repl-'));
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  let printed = '';
  const done = runEngineRepl(engine, {
    format: 'csv',
    historyFile: path.join(dir, 'sql_history'),
    input,
    output,
    write: (text) => {
      printed += text;
    },
  });
  input.write(typed);
  await done;
  await engine.close();
  await fs.rm(dir, { recursive: true, force: true });
  return { printed, shown };
}

describe('in-process prompt', () => {
  it("runs statements on the engine and prints them with the engine's formatter", async () => {
    const { printed } = await engineSession(await createTestEngine(), 'SELECT 42 AS answer;\nquit\n');
    assert.match(printed, /answer\s*\n42/);
  });

  it('holds the session schema: SHOW TABLES needs one, USE sets it, help is not SQL', async () => {
    const engine = await createTestEngine([
      'CREATE SCHEMA iceberg.gold',
      'CREATE TABLE iceberg.gold.latest_prices AS SELECT 1 AS n',
    ]);
    const { printed, shown } = await engineSession(
      engine,
      'help\nSHOW TABLES;\nUSE iceberg.gold;\nSHOW TABLES;\nquit\n',
    );
    assert.ok(shown.includes(REPL_HELP), 'help prints the help text');
    assert.match(shown, /Query failed: Schema must be specified when session schema is not set/);
    assert.match(printed, /latest_prices/);
    assert.doesNotMatch(shown, /Parser Error/);
  });
});
