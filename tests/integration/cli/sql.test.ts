/**
 * `lakehouse sql` as people first run it: against a home with no catalog yet it says so, names
 * where it looked and creates nothing; against a catalog without the schema it names the catalog
 * instead of printing DuckDB's error.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../layers/config/index.js';
import { openLakehouseEngine } from '../../../layers/engine/index.js';

const BIN = fileURLToPath(new URL('../../../../bin/lakehouse.js', import.meta.url));

function lakehouseSql(cwd: string, env: Record<string, string>, sql: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const { LAKEHOUSE_HOME: _, ...inherited } = process.env;
    execFile(process.execPath, [BIN, 'sql', sql], { cwd, env: { ...inherited, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('lakehouse sql on a lakehouse with no tables', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-sql-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('says there are no tables yet, where it looked, and creates no ./.lakehouse', async () => {
    const run = await lakehouseSql(dir, {}, 'SELECT * FROM gold.latest_prices');
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const expectedHome = path.join(dir, '.lakehouse');
    assert.equal(
      run.stderr,
      `lakehouse sql: no tables yet: there is no catalog at ${path.join(expectedHome, 'catalog.db')} (LAKEHOUSE_HOME=${expectedHome}); set LAKEHOUSE_HOME to the lakehouse the pipeline writes, or start it (npm start) to create one\n`,
    );
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('names the catalog when the schema is missing, instead of DuckDB error text', async () => {
    const home = path.join(dir, 'home');
    const lakehouse = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: home }));
    await lakehouse.close();
    assert.ok(existsSync(path.join(home, 'catalog.db')));
    const run = await lakehouseSql(dir, { LAKEHOUSE_HOME: home }, 'SELECT * FROM gold.latest_prices');
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `lakehouse sql: no tables in schema gold yet: ${path.join(home, 'catalog.db')} (LAKEHOUSE_HOME=${home}) has no namespace gold\n`,
    );
  });
});
