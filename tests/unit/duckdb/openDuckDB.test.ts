/**
 * The second wall: a DuckDB opened with allowedDirectories is locked, so a statement that got past
 * every policy still cannot change a setting, read or write a file elsewhere, or attach a database.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../../layers/duckdb/index.js';

describe('openDuckDB with allowed directories', () => {
  let dir: string;
  let outside: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'duckdb-allowed-'));
    outside = await mkdtemp(path.join(tmpdir(), 'duckdb-outside-'));
    await writeFile(path.join(dir, 'in.csv'), 'a\n1\n');
    await writeFile(path.join(outside, 'out.csv'), 'a\n2\n');
    instance = await openDuckDB({ allowedDirectories: [dir] });
    connection = await instance.connect();
  });
  after(async () => {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('locks every setting, globally and for the session', async () => {
    for (const sql of [
      'SET GLOBAL threads = 1',
      'SET enable_external_access = true',
      "SET GLOBAL allowed_directories = ['/']",
      'RESET lock_configuration',
      "SET TimeZone = 'America/New_York'",
    ]) {
      await assert.rejects(connection.run(sql), /configuration has been locked|Cannot change/, sql);
    }
    const settings = await connection.runAndReadAll(
      "SELECT current_setting('lock_configuration'), current_setting('enable_external_access'), current_setting('TimeZone')",
    );
    assert.deepEqual(settings.getRows(), [[true, false, 'UTC']]);
  });

  it('reads only inside the allowed directories and writes or attaches nothing outside them', async () => {
    const inside = await connection.runAndReadAll(`SELECT a FROM read_csv('${path.join(dir, 'in.csv')}')`);
    assert.deepEqual(inside.getRows(), [[1n]]);
    await assert.rejects(connection.run(`SELECT * FROM read_csv('${path.join(outside, 'out.csv')}')`), /Permission/);
    await assert.rejects(connection.run(`COPY (SELECT 1) TO '${path.join(outside, 'x.csv')}'`), /Permission/);
    await assert.rejects(connection.run(`ATTACH '${path.join(outside, 'x.duckdb')}' AS x`), /Permission/);
    await assert.rejects(connection.run('INSTALL httpfs'), /Permission|disabled/);
  });

  it('allows nothing at all with an empty list, yet keeps temporary tables working', async () => {
    const locked = await openDuckDB({ allowedDirectories: [] });
    const c = await locked.connect();
    try {
      await assert.rejects(c.run(`SELECT * FROM read_csv('${path.join(dir, 'in.csv')}')`), /Permission/);
      await c.run('CREATE TEMP TABLE t AS SELECT 1 AS x');
      assert.deepEqual((await c.runAndReadAll('SELECT x FROM t')).getRows(), [[1]]);
    } finally {
      c.closeSync();
      locked.closeSync();
    }
  });
});

async function setting(options: Parameters<typeof openDuckDB>[0], name: string): Promise<string> {
  const instance = await openDuckDB(options);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      'SELECT CAST(value AS VARCHAR) FROM duckdb_settings() WHERE name = $1',
      [name],
    );
    return String(reader.getRows()[0]?.[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('openDuckDB', () => {
  it("keeps DuckDB's file data cache unless told not to, so the pipeline's RSS stays off its memory limit", async () => {
    assert.equal(await setting({}, 'enable_external_file_cache'), 'true');
    assert.equal(await setting({ cacheFileData: false }, 'enable_external_file_cache'), 'false');
  });

  it('applies the memory limit and thread count it is given', async () => {
    assert.equal(await setting({ memoryLimit: '256MB' }, 'memory_limit'), '244.1 MiB');
    assert.equal(await setting({ threads: 1 }, 'threads'), '1');
  });
});
